"""What one URL shows: the view state read against the dataset, and the events it keeps.

``resolve_view`` is what the page, the embeds, the exports and the CLI all call
with a query string, so they always agree. A view holds a query, not rows: the
engine counts, bins and pages it; only small views are ever fetched whole.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from dashboard.data.translations import in_language
from dashboard.query.dataset import Dataset
from dashboard.query import Filter, Summary
from dashboard.query.view_state import ViewState
from dashboard.language import formats, ngettext


@dataclass(frozen=True)
class View:
    """A resolved view: the usable state, notices about what was ignored, and its events as a query."""

    state: ViewState
    notices: tuple[str, ...]
    dataset: Dataset

    @property
    def total(self) -> int:
        return self.dataset.total

    @cached_property
    def filter(self) -> Filter:
        """What the view keeps, as the engine is asked it."""
        return self.state.filter

    @cached_property
    def summary(self) -> Summary:
        """How many events the view keeps, their span and spread (one query, remembered per filter)."""
        return self.dataset.engine.summary(self.filter)

    @property
    def count(self) -> int:
        return self.summary.count

    @cached_property
    def events(self) -> pd.DataFrame:
        """The kept events, in date order (fetched on first use: large views are counted, not fetched)."""
        return in_language(self.dataset.engine.rows(self.filter))

    @property
    def count_text(self) -> str:
        """The visible count, worded exactly "N of M events"."""
        return ngettext("{shown} of {total} event", "{shown} of {total} events", self.total).format(
            shown=formats.number(self.count), total=formats.number(self.total))

    @cached_property
    def selected(self):
        """The selected event's row (a namedtuple), if it is among the kept events; else None."""
        if self.state.event is None:
            return None
        found = in_language(self.dataset.engine.rows(self.filter.with_event(self.state.event), limit=1))
        return next(found.itertuples()) if len(found) else None


def resolve_view(dataset: Dataset, query: str | None) -> View:
    """Parse ``query``, drop what the dataset does not have; the events are the engine's to find."""
    state, notices = ViewState.from_query(query)
    state, more = state.restricted_to(actors=dataset.actor_spellings, types=dataset.event_types,
                                      has_event=lambda event_id: dataset.position(event_id) is not None,
                                      sources=dataset.origins)
    return View(state=state, notices=tuple(notices + more), dataset=dataset)
