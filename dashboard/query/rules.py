"""What a filter's conditions mean to the engine: one ``Rule`` per kind of condition.

A rule is Datasette's ``TemplatedFilter`` made of ibis: its name (its place in a filter's shape), the types
of the values it binds (``slots``) and ``keep``, the predicate over the events built from those slots. The
engine loops over a filter's conditions and asks each rule for its predicate; it names none of them. A new
URL parameter brings its own rule (``dashboard.query.params``) and the engine applies it unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import ibis
import ibis.expr.types as ir
import pandas as pd

from dashboard.query.distance import great_circle_km


@dataclass(frozen=True)
class Scope:
    """What a rule's predicate may look at: the events table and the positions of events counting actors."""

    events: ir.Table
    positions_of: Callable[[ir.ArrayValue], ir.Column]


def _one(value) -> tuple:
    return (value,)


def _listed(value) -> tuple:
    return (list(value),)


def _same(value):
    return value


@dataclass(frozen=True)
class Rule:
    """One kind of condition: ``keep(scope, *slots)`` is its predicate, ``slots`` the types of the values it
    binds ("array<string>", "timestamp", "float64", …), ``bind(value)`` those values (a tuple, one per slot)
    and ``value(raw)`` the value as filters hold it (so equal conditions are equal keys)."""

    name: str
    slots: tuple[str, ...]
    keep: Callable[..., ir.BooleanValue] | None
    bind: Callable[[object], tuple] = _one
    value: Callable[[object], object] = _same

    def slot_names(self) -> tuple[str, ...]:
        """The names its values are bound by: the rule's name and the slot's number."""
        return tuple(f"{self.name}_{i}" for i in range(len(self.slots)))


def moment(value) -> datetime | None:
    """A day or a timestamp as the moment a filter holds."""
    return None if value is None else pd.Timestamp(value).to_pydatetime()


def _within_km(scope: Scope, lat, lon, km) -> ir.BooleanValue:
    t = scope.events
    return (great_circle_km(lat, lon, t.latitude, t.longitude, math=IBIS_MATH) <= km).fill_null(False)


class IBIS_MATH:  # noqa: N801 - a namespace of functions, named as the numpy one it stands beside
    """The functions ``great_circle_km`` needs, over ibis expressions."""

    radians = staticmethod(lambda x: x.radians())
    sin = staticmethod(lambda x: x.sin())
    cos = staticmethod(lambda x: x.cos())
    arcsin = staticmethod(lambda x: x.asin())
    sqrt = staticmethod(lambda x: x.sqrt())
    clip = staticmethod(lambda x, low, high: ibis.greatest(ibis.least(x, high), low))


ACTORS = Rule("actors", ("array<string>",), lambda s, names: s.events.pos.isin(s.positions_of(names)), _listed,
              tuple)
TYPES = Rule("types", ("array<string>",), lambda s, types: types.contains(s.events.event_type), _listed, tuple)
SOURCES = Rule("sources", ("array<string>",), lambda s, origins: origins.contains(s.events.origin), _listed, tuple)
NOT_SOURCES = Rule("not_sources", ("array<string>",), lambda s, origins: ~origins.contains(s.events.origin),
                   _listed, lambda v: tuple(sorted(set(v))))
#: Events ending at or after the moment.
START = Rule("start", ("timestamp",), lambda s, first: s.events.date_end >= first, value=moment)
#: Events beginning at or before the moment.
END = Rule("end", ("timestamp",), lambda s, last: s.events.date_start <= last, value=moment)
#: Located events within a radius: (latitude, longitude, km).
#: Events overlapping a frame of playback: its first and last moments (``dashboard.query.playback``).
FRAME = Rule("frame", ("timestamp", "timestamp"),
             lambda s, first, last: (s.events.date_end >= first) & (s.events.date_start <= last),
             tuple, lambda v: tuple(moment(x) for x in v))
NEAR = Rule("near", ("float64", "float64", "float64"), _within_km, lambda v: tuple(float(x) for x in v), tuple)
EVENT = Rule("event", ("string",), lambda s, event_id: s.events.event_id == event_id)
#: Events of a status: "occurred" (what trends count: a meeting still planned did not happen), or "scheduled".
STATUS = Rule("status", ("string",), lambda s, status: s.events.status == status)


def area_of(events: ir.Table) -> ir.StringValue:
    """An event's area (#25), what ``area=`` keeps and trends count by: its first-order division (ACLED's
    ``admin1``, UCDP's ``adm_1``); else, for an event its source places only in a region (``geo_precision``
    "region": the curated events' "Nagorno-Karabakh"), that region; else its country."""
    region = ibis.ifelse(events.geo_precision == "region", events.location, ibis.null("string"))
    return events.admin1.fill_null(region).fill_null(events.country)


#: Events in an area (``area_of``).
AREA = Rule("area", ("string",), lambda s, area: area_of(s.events) == area)
#: The engine's own search: words in the texts and every spelling of a name (its shape follows the words).
SEARCH = Rule("text", (), None)
