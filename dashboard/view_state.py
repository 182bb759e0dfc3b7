"""One view state for the page, the URL, the exports and the command line.

``ViewState`` holds the filters, the selected event and the lane grouping.
``from_query`` reads a query string leniently: anything it cannot use is
dropped with a notice for the user, never an exception. ``to_query`` writes
the canonical query string (defaults omitted), so equal states give equal URLs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from urllib.parse import parse_qsl, urlencode

GROUPS = ("type", "actor")
MAX_TEXT = 200
MAX_VALUES = 100
PARAMETERS = ("actor", "type", "from", "to", "q", "event", "group")


@dataclass(frozen=True)
class ViewState:
    """What the user is looking at. Immutable; build a new one to change it."""

    actors: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    q: str = ""
    event: str | None = None
    group: str = "type"

    @classmethod
    def from_query(cls, query: str | Mapping[str, str | Iterable[str]] | None) -> tuple[ViewState, list[str]]:
        """Parse ``?actor=…&type=…&from=…&to=…&q=…&event=…&group=…``.

        Returns the state and a list of notices, one per parameter or value
        that was ignored (unknown name, malformed value, repeated single value).
        Never raises.
        """
        pairs = _pairs(query)
        notices: list[str] = []
        values: dict[str, list[str]] = {}
        for name, value in pairs:
            if name not in PARAMETERS:
                notices.append(f"Ignored unknown parameter “{_short(name)}”.")
                continue
            values.setdefault(name, []).append(value.strip())
        single = {}
        for name in ("from", "to", "q", "event", "group"):
            given = [v for v in values.get(name, []) if v]
            if len(given) > 1:
                notices.append(f"Used the first of {len(given)} values of “{name}”.")
            single[name] = given[0] if given else ""
        date_from = _date(single["from"], "from", notices)
        date_to = _date(single["to"], "to", notices)
        if date_from and date_to and date_to < date_from:
            notices.append("Ignored “to”: it is before “from”.")
            date_to = None
        group = single["group"] or "type"
        if group not in GROUPS:
            notices.append(f"Ignored group “{_short(group)}”: expected “type” or “actor”.")
            group = "type"
        q = single["q"]
        if len(q) > MAX_TEXT:
            notices.append(f"Shortened the search text to {MAX_TEXT} characters.")
            q = q[:MAX_TEXT]
        state = cls(
            actors=_distinct(values.get("actor", []), "actor", notices),
            types=_distinct(values.get("type", []), "type", notices),
            date_from=date_from, date_to=date_to, q=q,
            event=single["event"][:MAX_TEXT] or None, group=group,
        )
        return state, notices

    def to_query(self) -> str:
        """The canonical query string, without the leading ``?`` (empty for the default view)."""
        pairs = [("actor", a) for a in self.actors] + [("type", t) for t in self.types]
        if self.date_from:
            pairs.append(("from", self.date_from.isoformat()))
        if self.date_to:
            pairs.append(("to", self.date_to.isoformat()))
        if self.q:
            pairs.append(("q", self.q))
        if self.event:
            pairs.append(("event", self.event))
        if self.group != "type":
            pairs.append(("group", self.group))
        return urlencode(pairs)

    def restricted_to(self, *, actors: Mapping[str, str], types: Iterable[str], event_ids
                      ) -> tuple[ViewState, list[str]]:
        """Drop values the dataset does not have, with a notice for each.

        ``actors`` maps every accepted spelling (lower case) to the canonical
        name, so ``actor=Baku`` selects Azerbaijan.
        """
        notices = []
        kept_actors = []
        for actor in self.actors:
            canonical = actors.get(actor.lower())
            if canonical is None:
                notices.append(f"Ignored unknown actor “{_short(actor)}”.")
            elif canonical not in kept_actors:
                kept_actors.append(canonical)
        known_types = set(types)
        kept_types = [t for t in self.types if t in known_types]
        notices += [f"Ignored unknown event type “{_short(t)}”." for t in self.types if t not in known_types]
        event = self.event
        if event is not None and event not in (event_ids if hasattr(event_ids, "__contains__") else set(event_ids)):
            notices.append(f"Ignored unknown event “{_short(event)}”.")
            event = None
        return replace(self, actors=tuple(kept_actors), types=tuple(kept_types), event=event), notices

    @property
    def is_filtered(self) -> bool:
        """Whether any filter (not selection or grouping) narrows the events."""
        return bool(self.actors or self.types or self.date_from or self.date_to or self.q)


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


def _date(text: str, name: str, notices: list[str]) -> date | None:
    if not text:
        return None
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        notices.append(f"Ignored “{name}={_short(text)}”: expected a date as YYYY-MM-DD.")
        return None


def _distinct(values: list[str], name: str, notices: list[str]) -> tuple[str, ...]:
    kept: list[str] = []
    for value in values:
        if value and value not in kept and len(value) <= MAX_TEXT:
            kept.append(value)
    if len(kept) > MAX_VALUES:
        notices.append(f"Used the first {MAX_VALUES} values of “{name}”.")
        kept = kept[:MAX_VALUES]
    return tuple(kept)


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
