"""What the engine is asked to keep: a plain, hashable filter value — no URL, no ibis.

A ``Filter`` is what every question of a view shares: the view's own filters, and the narrowings a chart
adds (a time frame, one source, one event). Equal filters are equal keys, so the engine remembers
answers per filter and compiles each filter's *shape* (which predicates it has) once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime

import pandas as pd


@dataclass(frozen=True)
class Filter:
    """Events to keep; an empty filter keeps every event.

    ``actors`` are counted actors' names (an event counts when any of its names counts as one of them);
    ``start``/``end`` keep events whose window overlaps them (ending at or after ``start``, beginning at or
    before ``end``); ``text`` is search text, lower case, each word once; ``near`` is (latitude, longitude,
    km); ``event_id`` keeps one event; ``not_sources`` leaves datasets out.
    """

    actors: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    start: datetime | None = None
    end: datetime | None = None
    text: str = ""
    near: tuple[float, float, float] | None = None
    event_id: str | None = None
    not_sources: tuple[str, ...] = ()

    @classmethod
    def of(cls, *, actors=(), types=(), sources=(), start=None, end=None, text: str = "", near=None) -> Filter:
        """A filter from a view's values: dates as days or timestamps, text as typed (words folded)."""
        return cls(actors=tuple(actors), types=tuple(types), sources=tuple(sources), start=_moment(start),
                   end=_moment(end), text=search_text(text), near=near)

    @property
    def keeps_everything(self) -> bool:
        return self == EVERYTHING

    def within(self, frame) -> Filter:
        """Also only the events overlapping ``frame`` (two moments; None: no narrowing)."""
        if frame is None:
            return self
        first, last = (_moment(x) for x in frame)
        return replace(self, start=first if self.start is None else max(self.start, first),
                       end=last if self.end is None else min(self.end, last))

    def from_source(self, origin: str) -> Filter:
        """Also only the events of one dataset."""
        if self.sources and origin not in self.sources:
            return NOTHING
        return replace(self, sources=(origin,))

    def without_sources(self, origins) -> Filter:
        """Also leaving out these datasets."""
        return replace(self, not_sources=tuple(sorted(set(self.not_sources) | set(origins))))

    def with_event(self, event_id: str) -> Filter:
        """Also only the event ``event_id``."""
        return replace(self, event_id=event_id)

    def without(self, field: str) -> Filter:
        """This filter but for one of its fields (a facet counts under every filter but its own)."""
        return replace(self, **{field: ()})


def search_text(text: str) -> str:
    """Search text as the engine matches it: lower case, spaces folded, each word once."""
    return " ".join(dict.fromkeys(re.sub(r"\s+", " ", (text or "").strip().lower()).split(" "))).strip()


def _moment(value) -> datetime | None:
    if value is None:
        return None
    return pd.Timestamp(value).to_pydatetime()


EVERYTHING = Filter()
#: No dataset has this name: the filter that keeps nothing.
NOTHING = Filter(sources=("\x00none",))
