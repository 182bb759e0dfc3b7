"""Around this event: what the other sources record near it in space and time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pandas as pd

from dashboard.query.dataset import Dataset
from dashboard.query.view_state import ViewState

#: Days either side of the event.
AROUND_DAYS = 30
#: Radii the details offer, in km; the first is the default.
RADII = (50, 10, 100)


@dataclass(frozen=True)
class Around:
    """The other sources' events within ``state`` (a view: dates, ``near`` and sources), counted per week."""

    state: ViewState
    weeks: pd.DataFrame  # columns: week (first day), origin, count
    totals: dict[str, int]


def around(dataset: Dataset, event, km: float) -> Around | None:
    """The other sources' events within ``km`` of ``event`` and ``AROUND_DAYS`` days either side of it; None
    when only one source is loaded or the event has no coordinates."""
    if len(dataset.origins) < 2 or pd.isna(event.latitude) or pd.isna(event.longitude):
        return None
    own = dataset.origin_of(event)
    others = tuple(o for o in dataset.origins if o != own)
    state = ViewState(sources=others, date_from=(event.date_start - timedelta(days=AROUND_DAYS)).date(),
                      date_to=(event.date_end + timedelta(days=AROUND_DAYS)).date(),
                      near=(round(float(event.latitude), 4), round(float(event.longitude), 4), float(km)))
    counted = dataset.engine.weekly(state.filter)
    totals = {o: int(n) for o, n in counted.groupby("origin")["count"].sum().items()}
    return Around(state=state, weeks=counted, totals={o: totals.get(o, 0) for o in others})
