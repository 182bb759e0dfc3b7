"""One view state for the page, the URL, the exports and the command line.

``ViewState`` holds the filters, the selected event, the lane grouping and the
map extent. Each URL parameter is declared once in ``PARAMS`` — its key, the
state field it fills, how it is parsed and written, how it reads in a caption,
its command-line help — and everything else loops over that list:
``from_query`` (lenient: anything unusable is dropped with a notice, never an
exception), ``to_query`` (canonical: defaults omitted, so equal states give
equal URLs and cache keys), ``describe_filters`` and the CLI's options.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, fields, replace
from datetime import date
from urllib.parse import parse_qsl, urlencode

from dashboard.data.vocabulary import type_label
from dashboard.query.filter import Filter

GROUPS = ("type", "actor", "source")
EXTENTS = ("region", "all")
MAX_TEXT = 200
MAX_VALUES = 100
#: Dates every layer can represent (pandas' nanosecond timestamps end in 1677 and 2262).
FIRST_DATE, LAST_DATE = date(1678, 1, 1), date(2261, 12, 31)


@dataclass(frozen=True)
class ViewState:
    """What the user is looking at. Immutable; build a new one to change it."""

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

    @classmethod
    def from_query(cls, query: str | Mapping[str, str | Iterable[str]] | None) -> tuple[ViewState, list[str]]:
        """Parse a query string (or a mapping of name → value(s)) into a state.

        Returns the state and a list of notices, one per parameter or value
        that was ignored (unknown name, malformed value, repeated single value).
        Never raises.
        """
        notices: list[str] = []
        given: dict[str, list[str]] = {}
        for name, value in _pairs(query):
            if name not in PARAMS_BY_KEY:
                notices.append(f"Ignored unknown parameter “{short(name)}”.")
                continue
            given.setdefault(name, []).append(value.strip())
        values = {}
        for param in PARAMS:
            raw = given.get(param.key, [])
            value = param.read_many(raw, notices) if param.multiple else param.read_one(raw, notices)
            if value is not None:
                values[param.field] = value
        state = cls(**values)
        if state.date_from and state.date_to and state.date_to < state.date_from:
            notices.append("Ignored “to”: it is before “from”.")
            state = replace(state, date_to=None)
        return state, notices

    def to_query(self) -> str:
        """The canonical query string, without the leading ``?`` (empty for the default view)."""
        return urlencode(self.query_pairs())

    def query_pairs(self) -> list[tuple[str, str]]:
        """(key, value) pairs of the canonical query, in declaration order."""
        pairs = []
        for param in PARAMS:
            value = getattr(self, param.field)
            if param.multiple:
                pairs += [(param.key, param.write(v)) for v in value]
            elif value != param.default:
                pairs.append((param.key, param.write(value)))
        return pairs

    def restricted_to(self, *, actors: Mapping[str, str], types: Iterable[str], event_ids,
                      sources: Iterable[str] = ()) -> tuple[ViewState, list[str]]:
        """Drop values the dataset does not have, with a notice for each.

        ``actors`` maps every accepted spelling (lower case) to the canonical
        name, so ``actor=Baku`` selects Azerbaijan.
        """
        notices = []
        kept_actors = []
        for actor in self.actors:
            canonical = actors.get(actor.lower())
            if canonical is None:
                notices.append(f"Ignored unknown actor “{short(actor)}”.")
            elif canonical not in kept_actors:
                kept_actors.append(canonical)
        known_types = set(types)
        kept_types = [t for t in self.types if t in known_types]
        notices += [f"Ignored unknown event type “{short(t)}”." for t in self.types if t not in known_types]
        known_sources = {s.casefold(): s for s in sources}
        kept_sources = tuple(dict.fromkeys(known_sources[s.casefold()] for s in self.sources
                                           if s.casefold() in known_sources))
        notices += [f"Ignored unknown source “{short(s)}”." for s in self.sources if s.casefold() not in known_sources]
        event = self.event
        if event is not None and event not in event_ids:
            notices.append(f"Ignored unknown event “{short(event)}”.")
            event = None
        return replace(self, actors=tuple(kept_actors), types=tuple(kept_types), sources=kept_sources,
                       event=event), notices

    @property
    def is_filtered(self) -> bool:
        """Whether any filter (not selection, grouping or extent) narrows the events."""
        return bool(self.actors or self.types or self.sources or self.date_from or self.date_to or self.q
                    or self.near)

    @property
    def filter(self) -> Filter:
        """What decides which events the view keeps (not selection, lanes or extent), as the engine takes it."""
        return Filter.of(actors=self.actors, types=self.types, sources=self.sources, start=self.date_from,
                         end=self.date_to, text=self.q, near=self.near)


@dataclass(frozen=True)
class Param:
    """One URL parameter of the view, declared once.

    ``parse(text, notices)`` returns the value, or None (after adding a notice)
    when the text cannot be used. ``words(state)`` is the parameter's phrase
    in a caption ("Event type: Talks"), or None when it says nothing.
    """

    key: str
    field: str
    help: str
    parse: Callable[[str, list[str]], object]
    write: Callable[[object], str] = str
    multiple: bool = False
    metavar: str | None = None
    choices: tuple[str, ...] | None = None
    words: Callable[[ViewState], str | None] | None = None

    @property
    def default(self):
        return next(f.default for f in fields(ViewState) if f.name == self.field)

    def read_one(self, raw: list[str], notices: list[str]):
        given = [v for v in raw if v]
        if len(given) > 1:
            notices.append(f"Used the first of {len(given)} values of “{self.key}”.")
        return self.parse(given[0], notices) if given else None

    def read_many(self, raw: list[str], notices: list[str]) -> tuple[str, ...]:
        kept: list[str] = []
        for value in raw:
            if value and value not in kept and len(value) <= MAX_TEXT:
                kept.append(value)
        if len(kept) > MAX_VALUES:
            notices.append(f"Used the first {MAX_VALUES} values of “{self.key}”.")
            kept = kept[:MAX_VALUES]
        return tuple(kept)


def _text(value: str, notices: list[str]) -> str:
    return value


#: The most words a search looks for (each is another look at every searched column).
MAX_SEARCH_WORDS = 8


def _search(value: str, notices: list[str]) -> str:
    """The search text, each word once (a word said twice finds the same events: "a a" is "a") and at most
    ``MAX_SEARCH_WORDS`` of them, so that the cost of a search follows what it asks, not how it is typed."""
    if len(value) > MAX_TEXT:
        notices.append(f"Shortened the search text to {MAX_TEXT} characters.")
        value = value[:MAX_TEXT]
    seen: dict[str, str] = {}
    for word in value.split():
        seen.setdefault(word.casefold(), word)
    words = list(seen.values())
    if len(words) > MAX_SEARCH_WORDS:
        notices.append(f"Searched for the first {MAX_SEARCH_WORDS} different words of {len(words)}.")
        words = words[:MAX_SEARCH_WORDS]
    folded = " ".join(words)
    return value if folded == " ".join(value.split()) and len(words) == len(value.split()) else folded


#: The largest radius ``near`` accepts, in km.
MAX_RADIUS = 2000.0


def _near(value: str, notices: list[str]) -> tuple[float, float, float] | None:
    """"40.21,45.93,50": latitude, longitude and a radius in km."""
    try:
        lat, lon, km = (float(part) for part in value.split(","))
        if not (-90 <= lat <= 90 and -180 <= lon <= 180 and 0 < km <= MAX_RADIUS):
            raise ValueError(value)
    except ValueError:
        notices.append(f"Ignored “near={short(value)}”: expected latitude,longitude,km (a radius up to "
                       f"{MAX_RADIUS:g} km).")
        return None
    return round(lat, 4), round(lon, 4), round(km, 1)


def _near_text(near: tuple[float, float, float]) -> str:
    return ",".join(f"{x:g}" for x in near)


def _event_id(value: str, notices: list[str]) -> str:
    return value[:MAX_TEXT]


def _date_of(key: str):
    def parse(text: str, notices: list[str]) -> date | None:
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                raise ValueError(text)
            day = date.fromisoformat(text)
        except ValueError:
            notices.append(f"Ignored “{key}={short(text)}”: expected a date as YYYY-MM-DD.")
            return None
        if not FIRST_DATE <= day <= LAST_DATE:
            notices.append(f"Ignored “{key}={text}”: dates run from {FIRST_DATE.year} to {LAST_DATE.year}.")
            return None
        return day

    return parse


def _choice_of(key: str, choices: tuple[str, ...]):
    def parse(text: str, notices: list[str]) -> str | None:
        if text in choices:
            return text
        quoted = [f"“{c}”" for c in choices]
        wording = ", ".join(quoted[:-1]) + " or " + quoted[-1] if len(quoted) > 1 else quoted[0]
        notices.append(f"Ignored {key} “{short(text)}”: expected {wording}.")
        return None

    return parse


def _plural(noun: str, values: tuple[str, ...]) -> str:
    return f"{noun}{'s' if len(values) > 1 else ''}: "


def _dates_words(state: ViewState) -> str | None:
    start, end = state.date_from, state.date_to
    if start and end:
        return f"{start:%-d %b %Y} – {end:%-d %b %Y}"
    if start:
        return f"from {start:%-d %b %Y}"
    return None


PARAMS: tuple[Param, ...] = (
    Param("actor", "actors", "keep events involving this actor, or a name it is known by (repeatable)", _text,
          multiple=True, metavar="NAME",
          words=lambda s: _plural("Actor", s.actors) + ", ".join(s.actors) if s.actors else None),
    Param("type", "types", "keep events of this type (repeatable)", _text, multiple=True, metavar="TYPE",
          words=lambda s: _plural("Event type", s.types) + ", ".join(map(type_label, s.types)) if s.types else None),
    Param("source", "sources", "keep events from this dataset: an outlet of curated data, ACLED or UCDP GED "
          "(repeatable)", _text, multiple=True, metavar="SOURCE",
          words=lambda s: _plural("Source", s.sources) + ", ".join(s.sources) if s.sources else None),
    Param("from", "date_from", "keep events overlapping this day or later; the timeline starts here",
          _date_of("from"), write=date.isoformat, metavar="YYYY-MM-DD", words=_dates_words),
    Param("to", "date_to", "keep events overlapping this day or earlier; the timeline ends here",
          _date_of("to"), write=date.isoformat, metavar="YYYY-MM-DD",
          words=lambda s: f"until {s.date_to:%-d %b %Y}" if s.date_to and not s.date_from else None),
    Param("q", "q", "keep events matching this text (names' other spellings included)", _search, metavar="TEXT",
          words=lambda s: f"search “{s.q}”" if s.q else None),
    Param("near", "near", "keep located events within a radius: latitude,longitude,km", _near, write=_near_text,
          metavar="LAT,LON,KM",
          words=lambda s: f"within {s.near[2]:g} km of {s.near[0]:g}, {s.near[1]:g}" if s.near else None),
    Param("event", "event", "select (highlight) this event id", _event_id, metavar="ID"),
    Param("group", "group", "timeline lanes: by event type, by actor or by source", _choice_of("group", GROUPS),
          choices=GROUPS),
    Param("extent", "extent", "map extent: the main region of the events, or all of them",
          _choice_of("extent", EXTENTS), choices=EXTENTS),
)
PARAMS_BY_KEY: dict[str, Param] = {p.key: p for p in PARAMS}


def describe_filters(state: ViewState) -> str:
    """The filters in words: "Event type: Talks; Actor: Russia; from 1 Jan 2020", or "All events"."""
    parts = [words for param in PARAMS if param.words and (words := param.words(state))]
    return "; ".join(parts) if parts else "All events"


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


def short(text: str, limit: int = 40) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis, for notices and messages."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
