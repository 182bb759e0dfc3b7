"""What one URL shows: the view state read against the dataset, and the events it keeps.

``resolve_view`` is what the page, the embeds, the exports and the CLI all call
with a query string, so they always agree.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.dataset import Dataset
from dashboard.filters import filter_events
from dashboard.view_state import ViewState


@dataclass(frozen=True)
class View:
    """A resolved view: the usable state, notices about what was ignored, the kept events."""

    state: ViewState
    notices: tuple[str, ...]
    events: pd.DataFrame
    total: int

    @property
    def count_text(self) -> str:
        """The visible count, worded exactly "N of M events"."""
        return f"{len(self.events):,} of {self.total:,} events"

    @property
    def selected(self):
        """The selected event's row (a namedtuple), or None."""
        if self.state.event is None:
            return None
        rows = self.events[self.events["event_id"] == self.state.event]
        return next(rows.itertuples(), None)


def resolve_view(dataset: Dataset, query: str | None) -> View:
    """Parse ``query``, drop what the dataset does not have, filter the events."""
    state, notices = ViewState.from_query(query)
    state, more = state.restricted_to(actors=dataset.actor_spellings, types=dataset.event_types,
                                      event_ids=dataset.events["event_id"])
    return View(state=state, notices=tuple(notices + more), events=filter_events(dataset, state),
                total=len(dataset.events))
