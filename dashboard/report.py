"""Charts and data that stand alone in a report: titles, filters in words, source, date made.

Pure functions shared by the export endpoints, the embed pages and the CLI.
"""

from __future__ import annotations

import io
import json
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from dashboard.data import write_events
from dashboard.data.schema import COLUMNS
from dashboard.dataset import Dataset
from dashboard.figures.style import MUTED, plotly_text, type_label
from dashboard.view import View
from dashboard.view_state import ViewState

PRINT_FONT = 14


def describe_filters(state: ViewState) -> str:
    """The filters in words: "Event types: Talks; Actors: Russia; from 1 Jan 2020", or "All events"."""
    parts = []
    if state.types:
        parts.append(f"Event type{'s' if len(state.types) > 1 else ''}: " + ", ".join(map(type_label, state.types)))
    if state.actors:
        parts.append(f"Actor{'s' if len(state.actors) > 1 else ''}: " + ", ".join(state.actors))
    if state.date_from and state.date_to:
        parts.append(f"{state.date_from:%-d %b %Y} – {state.date_to:%-d %b %Y}")
    elif state.date_from:
        parts.append(f"from {state.date_from:%-d %b %Y}")
    elif state.date_to:
        parts.append(f"until {state.date_to:%-d %b %Y}")
    if state.q:
        parts.append(f"search “{state.q}”")
    return "; ".join(parts) if parts else "All events"


def caption(view: View, dataset: Dataset) -> str:
    """One line under an embedded chart: count, filters, source."""
    return f"{view.count_text} · {describe_filters(view.state)} · Source: {dataset.source_label}"


def standalone_figure(figure: go.Figure, view: View, dataset: Dataset, *, chart: str, made: date) -> go.Figure:
    """A copy of ``figure`` with a title, the filters in words, the source and the date made, in print sizes."""
    out = go.Figure(figure)
    title = f"{chart}: {view.count_text}"
    subtitle = (f"{plotly_text(describe_filters(view.state))}<br>Source: {plotly_text(dataset.caption)}"
                f"<br>Made {made:%-d %B %Y} with the conflict timeline dashboard")
    top = out.layout.margin.t or 10
    if out.layout.xaxis.rangeslider.visible:
        out.update_xaxes(rangeslider_visible=False)
    out.update_layout(
        title=dict(text=f"<b>{plotly_text(title)}</b>", subtitle=dict(text=subtitle, font=dict(size=12, color=MUTED)),
                   x=0.01, xanchor="left", y=0.98, yanchor="top", yref="container", font=dict(size=20)),
        margin=dict(t=top + 115),
        font=dict(size=PRINT_FONT),
        uirevision=None,
    )
    return out


def events_csv(events: pd.DataFrame) -> bytes:
    """The events as the project's CSV (what ``validate`` and ``load_events`` read back)."""
    buffer = io.StringIO()
    write_events(events, buffer)
    return buffer.getvalue().encode("utf-8")


def events_json(events: pd.DataFrame, view: View, dataset: Dataset, *, made: date) -> bytes:
    """The events as JSON: metadata, then one object per event with every schema column.

    Dates are ``YYYY-MM-DD`` strings, ``actors``/``people`` arrays of strings,
    missing values ``null``.
    """
    records = []
    for row in events.itertuples(index=False):
        record = {}
        for column in COLUMNS:
            value = getattr(row, column.name)
            if column.kind == "list":
                record[column.name] = list(value)
            elif column.kind == "date":
                record[column.name] = None if pd.isna(value) else value.strftime("%Y-%m-%d")
            elif pd.isna(value) if not isinstance(value, list) else False:
                record[column.name] = None
            elif column.kind == "int":
                record[column.name] = int(value)
            elif column.kind == "float":
                record[column.name] = float(value)
            else:
                record[column.name] = str(value)
        records.append(record)
    document = {
        "filters": describe_filters(view.state),
        "query": view.state.to_query(),
        "source": dataset.caption,
        "generated": made.isoformat(),
        "count": len(records),
        "total": view.total,
        "events": records,
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")
