"""One view state for the page, the URL, the exports and the command line.

``ViewState`` holds the filters, the selected event, the lane grouping and the map extent. Its parameters are
declared in ``dashboard.query.params``, and everything here loops over them: ``from_query`` (lenient: anything
unusable is dropped with a notice, never an exception), ``to_query`` (canonical: defaults omitted, so equal
states give equal URLs and cache keys), ``filter`` (what the engine keeps) and ``describe_filters``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, fields, replace
from datetime import date
from urllib.parse import parse_qsl, urlencode

from dashboard.language import _
from dashboard.query import params
from dashboard.query.filter import EVERYTHING, Filter
from dashboard.query.params import (EXTENTS, FIRST_DATE, GROUPS, LAST_DATE, MAX_TEXT, MAX_VALUES, Param,
                                    short)

__all__ = ["EXTENTS", "FIRST_DATE", "GROUPS", "LAST_DATE", "MAX_TEXT", "ViewState", "describe_filters", "short"]


@dataclass(frozen=True)
class ViewState:
    """What the user is looking at. Immutable; build a new one to change it.

    Each declared parameter has its attribute (``actors``, ``date_from``…); one declared without a field of
    its own keeps its value in ``more`` as (key, value) pairs — ``value(key)`` reads any of them.
    """

    actors: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    q: str = ""
    near: tuple[float, float, float] | None = None
    event: str | None = None
    group: str = "type"
    extent: str = "region"
    more: tuple[tuple[str, object], ...] = ()

    @classmethod
    def from_query(cls, query: str | Mapping[str, str | Iterable[str]] | None) -> tuple[ViewState, list[str]]:
        """Parse a query string (or a mapping of name → value(s)) into a state.

        Returns the state and a list of notices, one per parameter or value
        that was ignored (unknown name, malformed value, repeated single value).
        Never raises.
        """
        notices: list[str] = []
        given: dict[str, list[str]] = {}
        known = {p.key for p in params.PARAMS}
        for name, value in _pairs(query):
            if name not in known:
                notices.append(_("Ignored unknown parameter “{name}”.").format(name=short(name)))
                continue
            given.setdefault(name, []).append(value.strip())
        state = cls()
        for param in params.PARAMS:
            raw = given.get(param.key, [])
            value = param.read_many(raw, notices) if param.multiple else param.read_one(raw, notices)
            if value is not None:
                state = state.with_value(param, value)
        if state.date_from and state.date_to and state.date_to < state.date_from:
            notices.append(_("Read “from” and “to” the other way round: “to” was before “from”."))
            state = replace(state, date_from=state.date_to, date_to=state.date_from)
        return state, notices

    def value(self, param: Param | str):
        """The value of a declared parameter (its default when the view does not set it)."""
        param = params.declared(param) if isinstance(param, str) else param
        if param.field in _FIELDS:
            return getattr(self, param.field)
        return dict(self.more).get(param.key, param.default)

    def with_value(self, param: Param | str, value) -> ViewState:
        """This state with one parameter's value changed."""
        param = params.declared(param) if isinstance(param, str) else param
        if param.field in _FIELDS:
            return replace(self, **{param.field: value})
        kept = {k: v for k, v in self.more if k != param.key}
        if value != param.default:
            kept[param.key] = value
        return replace(self, more=tuple(sorted(kept.items())))

    def to_query(self) -> str:
        """The canonical query string, without the leading ``?`` (empty for the default view)."""
        return urlencode(self.query_pairs())

    def query_pairs(self) -> list[tuple[str, str]]:
        """(key, value) pairs of the canonical query, in declaration order."""
        return [(param.key, text) for param in params.PARAMS for text in param.texts(self.value(param))]

    def restricted_to(self, *, actors: Mapping[str, str], types: Iterable[str], has_event: Callable[[str], bool],
                      sources: Iterable[str] = ()) -> tuple[ViewState, list[str]]:
        """Drop values the dataset does not have, with a notice for each.

        ``actors`` maps every accepted spelling (lower case) to the canonical
        name, so ``actor=Baku`` selects Azerbaijan; ``has_event(id)`` says whether
        the selected event exists (asked only when one is selected).
        """
        notices = []
        kept_actors = []
        for actor in self.actors:
            canonical = actors.get(actor.lower())
            if canonical is None:
                notices.append(_("Ignored unknown actor “{name}”.").format(name=short(actor)))
            elif canonical not in kept_actors:
                kept_actors.append(canonical)
        known_types = set(types)
        kept_types = [t for t in self.types if t in known_types]
        notices += [_("Ignored unknown event type “{name}”.").format(name=short(t)) for t in self.types
                    if t not in known_types]
        known_sources = {s.casefold(): s for s in sources}
        kept_sources = tuple(dict.fromkeys(known_sources[s.casefold()] for s in self.sources
                                           if s.casefold() in known_sources))
        notices += [_("Ignored unknown source “{name}”.").format(name=short(s)) for s in self.sources
                    if s.casefold() not in known_sources]
        event = self.event
        if event is not None and not has_event(event):
            notices.append(_("Ignored unknown event “{name}”.").format(name=short(event)))
            event = None
        return replace(self, actors=tuple(kept_actors), types=tuple(kept_types), sources=kept_sources,
                       event=event), notices

    @property
    def is_filtered(self) -> bool:
        """Whether any filter (not selection, grouping or extent) narrows the events."""
        return any(p.filters and self.value(p) != p.default for p in params.PARAMS)

    @property
    def filter(self) -> Filter:
        """What decides which events the view keeps (not selection, lanes or extent), as the engine takes it:
        each filtering parameter's rule with its value."""
        flt = EVERYTHING
        for param in params.PARAMS:
            value = self.value(param)
            if param.filters and value != param.default:
                flt = flt.where(param.rule, param.rule_value(value, self) if param.rule_value else value)
        return flt


_FIELDS = frozenset(f.name for f in fields(ViewState)) - {"more"}


def describe_filters(state: ViewState) -> str:
    """The filters in words: "Event type: Talks; Actor: Russia; from 1 Jan 2020", or "All events"."""
    parts = [words for param in params.PARAMS if param.words and (value := state.value(param)) != param.default
             and (words := param.words(value, state))]
    return "; ".join(parts) if parts else _("All events")


def _pairs(query) -> list[tuple[str, str]]:
    if query is None:
        return []
    if isinstance(query, str):
        return parse_qsl(query.lstrip("?"), keep_blank_values=True)[:MAX_VALUES * 4]
    if not isinstance(query, Mapping):
        return []
    pairs = []
    for name, value in query.items():
        items = [value] if isinstance(value, str) else list(value)
        pairs += [(str(name), str(v)) for v in items]
    return pairs
