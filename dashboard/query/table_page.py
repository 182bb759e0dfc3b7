"""Pages of the events table, sorted by the engine so a million rows never travel to the browser."""

from __future__ import annotations

import pandas as pd

from dashboard.data.translations import in_language
from dashboard.query.view import View

#: Grid column → the events column its order follows.
SORT_KEYS = {"date": "date_start", "when": "date_start", "title": "title", "type": "event_type",
             "actors": "actors", "place": "location", "casualties": "fatalities"}
PAGE_LIMIT = 500


def sort_order(sort_model: list | None) -> tuple[str | None, bool]:
    """The events column the grid's sort model asks for (None: date order) and whether it is descending."""
    if not sort_model or not isinstance(sort_model, list) or not isinstance(sort_model[0], dict):
        return None, False
    key = SORT_KEYS.get(sort_model[0].get("colId"))
    return key, key is not None and sort_model[0].get("sort") == "desc"


def page(view: View, sort_model: list | None, start, end) -> pd.DataFrame:
    """Rows ``start``..``end`` (at most ``PAGE_LIMIT`` of them) of the view in the grid's order; ties keep
    date order (reversed when descending)."""
    try:
        start = max(int(start), 0)
        end = min(max(int(end), start), start + PAGE_LIMIT)
    except (TypeError, ValueError):
        start, end = 0, 100
    key, descending = sort_order(sort_model)
    return in_language(view.dataset.engine.page(view.filter, key, descending, start, end))
