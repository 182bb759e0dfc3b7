"""Pages of the events table, sorted on the server so a million rows never travel to the browser."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.view import View

#: Grid column → the events column its order follows.
SORT_KEYS = {"date": "date_start", "when": "date_start", "title": "title", "type": "event_type",
             "actors": "actors", "place": "location", "casualties": "fatalities"}
PAGE_LIMIT = 500


def sorted_indices(view: View, sort_model: list | None) -> np.ndarray:
    """The view's rows in the order the grid asks for (by date when it asks for none)."""
    indices = view.indices
    if not sort_model or not isinstance(sort_model, list) or not isinstance(sort_model[0], dict):
        return indices
    key = SORT_KEYS.get(sort_model[0].get("colId"))
    if key is None:
        return indices
    values = view.dataset.events[key].iloc[indices]
    if key == "actors":
        values = values.map(lambda names: names[0] if names else "")
    elif isinstance(values.dtype, pd.CategoricalDtype):
        values = values.astype("str")
    order = np.argsort(values.fillna(-1 if key == "fatalities" else "").to_numpy(), kind="stable")
    if sort_model[0].get("sort") == "desc":
        order = order[::-1]
    return indices[order]


def page(view: View, order: np.ndarray, start, end) -> pd.DataFrame:
    """Rows ``start``..``end`` of ``order`` (at most ``PAGE_LIMIT`` of them)."""
    try:
        start = max(int(start), 0)
        end = min(max(int(end), start), start + PAGE_LIMIT)
    except (TypeError, ValueError):
        start, end = 0, 100
    return view.dataset.events.iloc[order[start:end]]
