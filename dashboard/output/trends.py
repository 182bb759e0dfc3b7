"""What changed (#25) as a file: one row per area — ``area, current_week, mean_4w, mean_52w, change_4w_pct,
change_52w_pct, band_4w, band_52w, surge, threat`` — as CSV, or as JSON with the week it ends on and what it is
counted by. The bands are written in the data's words (English), as every export keeps them."""

from __future__ import annotations

import json

import pandas as pd

from dashboard.query.trends import TABLE_COLUMNS, view_trends


def trends_file(dataset, view, fmt: str) -> bytes:
    """The trend table of ``view`` as ``fmt`` ("csv" or "json")."""
    as_of, table = view_trends(dataset, view)
    rows = [{column: _value(row[column]) for column in TABLE_COLUMNS} for _, row in table.iterrows()]
    if fmt == "json":
        return json.dumps({"as_of": as_of.isoformat() if as_of else None, "by": view.state.value("by"),
                           "weeks": "the 7 days ending on as_of, and the weeks before it", "areas": rows},
                          ensure_ascii=False, indent=1).encode("utf-8")
    return pd.DataFrame(rows, columns=list(TABLE_COLUMNS)).to_csv(index=False, lineterminator="\n").encode("utf-8")


def _value(value):
    """Counts and percentages to two decimals (a fraction of an event is a share of a longer window); flags as
    booleans; a change against a mean of 0 is empty."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if pd.isna(value):
        return None
    return round(float(value), 2)
