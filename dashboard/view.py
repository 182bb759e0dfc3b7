"""What one URL shows: the view state read against the dataset, and the events it keeps.

``resolve_view`` is what the page, the embeds, the exports and the CLI all call
with a query string, so they always agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from dashboard.dataset import Dataset
from dashboard.filters import filter_mask
from dashboard.view_state import ViewState


@dataclass(frozen=True)
class View:
    """A resolved view: the usable state, notices about what was ignored, the rows it keeps."""

    state: ViewState
    notices: tuple[str, ...]
    dataset: Dataset
    indices: np.ndarray

    @property
    def total(self) -> int:
        return len(self.dataset.events)

    @property
    def count(self) -> int:
        return len(self.indices)

    @cached_property
    def events(self) -> pd.DataFrame:
        """The kept events, in date order (built on first use: large views may never need it)."""
        return self.dataset.events.iloc[self.indices]

    @property
    def count_text(self) -> str:
        """The visible count, worded exactly "N of M events"."""
        return f"{self.count:,} of {self.total:,} events"

    @property
    def selected(self):
        """The selected event's row (a namedtuple), if it is among the kept events; else None."""
        position = self.dataset.position(self.state.event)
        if position is None or not _contains(self.indices, position):
            return None
        return next(self.dataset.events.iloc[[position]].itertuples())


def resolve_view(dataset: Dataset, query: str | None) -> View:
    """Parse ``query``, drop what the dataset does not have, filter the events."""
    state, notices = ViewState.from_query(query)
    state, more = state.restricted_to(actors=dataset.actor_spellings, types=dataset.event_types,
                                      event_ids=known_ids(dataset), sources=dataset.origins)
    return View(state=state, notices=tuple(notices + more), dataset=dataset,
                indices=np.flatnonzero(filter_mask(dataset, state)))


def known_ids(dataset: Dataset) -> _KnownIds:
    """The dataset's event ids, for ``in``."""
    return _KnownIds(dataset)


class _KnownIds:
    """``in`` over the dataset's event ids without building a set of a million strings."""

    def __init__(self, dataset: Dataset):
        self._positions = dataset.positions

    def __contains__(self, event_id) -> bool:
        return event_id in self._positions

    def __iter__(self):
        return iter(self._positions)


def _contains(sorted_indices: np.ndarray, position: int) -> bool:
    found = np.searchsorted(sorted_indices, position)
    return bool(found < len(sorted_indices) and sorted_indices[found] == position)
