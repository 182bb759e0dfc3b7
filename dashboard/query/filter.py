"""What the engine is asked to keep: a plain, hashable filter value — no URL, no ibis.

A ``Filter`` is what every question of a view shares: the view's own conditions, and the narrowings a chart
adds (a time frame, one source, one event). Each condition is a ``Rule`` (``dashboard.query.rules``) and its
value; the engine applies any rule the same way, so a new URL parameter brings its rule and nothing here
changes. Equal filters are equal keys: the engine remembers answers per filter and compiles each filter's
*shape* (which rules it holds) once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from dashboard.language.translation import fold_case
from dashboard.query.rules import END, EVENT, NOT_SOURCES, SEARCH, SOURCES, START, Rule


@dataclass(frozen=True)
class Filter:
    """Events to keep; an empty filter keeps every event.

    ``conditions`` are (rule, value) pairs, one per rule, in the order of the rules' names; ``text`` is the
    search text as the engine matches it (lower case, each word once).
    """

    conditions: tuple[tuple[Rule, object], ...] = ()
    text: str = ""

    def where(self, rule: Rule, value) -> Filter:
        """Also only what ``rule`` keeps for ``value`` (which replaces the rule's earlier value; an empty value,
        None or ``()``, drops the rule)."""
        if rule is SEARCH:
            return replace(self, text=search_text(value or ""))
        kept = {r.name: (r, v) for r, v in self.conditions if r.name != rule.name}
        if value is not None and value != () and value != "":
            kept[rule.name] = (rule, rule.value(value))
        return replace(self, conditions=tuple(kept[name] for name in sorted(kept)))

    def value(self, rule: Rule):
        """The value this filter holds for ``rule`` (None when it has none)."""
        return next((v for r, v in self.conditions if r.name == rule.name), None)

    @property
    def keeps_everything(self) -> bool:
        return self == EVERYTHING

    def within(self, frame) -> Filter:
        """Also only the events overlapping ``frame`` (two moments; None: no narrowing)."""
        if frame is None:
            return self
        first, last = (START.value(x) for x in frame)
        start, end = self.value(START), self.value(END)
        return self.where(START, first if start is None else max(start, first)).where(
            END, last if end is None else min(end, last))

    def from_source(self, origin: str) -> Filter:
        """Also only the events of one dataset."""
        sources = self.value(SOURCES)
        if sources and origin not in sources:
            return NOTHING
        return self.where(SOURCES, (origin,))

    def without_sources(self, origins) -> Filter:
        """Also leaving out these datasets."""
        return self.where(NOT_SOURCES, tuple(self.value(NOT_SOURCES) or ()) + tuple(origins))

    def with_event(self, event_id: str) -> Filter:
        """Also only the event ``event_id``."""
        return self.where(EVENT, event_id)

    def without(self, rule: Rule) -> Filter:
        """This filter but for one rule (a facet counts under every filter but its own)."""
        return self.where(rule, None)


def search_text(text: str) -> str:
    """Search text as the engine matches it: lower case as the reader's language folds it (Azerbaijani's
    I → ı), spaces folded, each word once."""
    return " ".join(dict.fromkeys(re.sub(r"\s+", " ", fold_case((text or "").strip())).split(" "))).strip()


EVERYTHING = Filter()
#: No dataset has this name: the filter that keeps nothing.
NOTHING = Filter().where(SOURCES, ("\x00none",))
