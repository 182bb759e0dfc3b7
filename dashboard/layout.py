"""Layout: functions that turn the events table into page components."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from dashboard import ids
from dashboard.data.vocabulary import EVENT_TYPES

TYPE_COLOURS = {t.name: t.colour for t in EVENT_TYPES}


def page(events: pd.DataFrame) -> html.Div:
    """The whole page for a dataset."""
    return html.Div([
        header(events),
        dbc.Container([
            html.P(f"{len(events)} of {len(events)} events", id=ids.EVENT_COUNT, className="lead mt-3"),
            event_list(events),
        ], fluid="lg"),
    ])


def header(events: pd.DataFrame) -> dbc.Navbar:
    sources = events["source"].dropna().unique()
    caption = sources[0] if len(sources) == 1 else f"{len(sources)} sources"
    return dbc.Navbar(dbc.Container([
        html.H1("Conflict timeline", className="h4 text-white mb-0"),
        html.Small(caption, id=ids.DATASET_CAPTION, className="text-white-50"),
    ], fluid="lg", className="flex-column align-items-start"), color="dark", dark=True)


def event_list(events: pd.DataFrame) -> dbc.Table:
    """A table of events, oldest first: when (as worded), what, type, actors."""
    rows = [html.Tr([
        html.Td([html.Div(_window(e)), html.Small(e.date_text or "", className="text-muted")]),
        html.Td([html.Div(e.title, className="fw-semibold"), html.Small(e.location or "", className="text-muted")]),
        html.Td(html.Span(e.event_type, className="badge", style={"backgroundColor": TYPE_COLOURS.get(e.event_type, "#666")})),
        html.Td(", ".join(e.actors)),
    ], id=f"event-row-{e.event_id}") for e in events.sort_values("date_start").itertuples()]
    head = html.Thead(html.Tr([html.Th("When"), html.Th("Event"), html.Th("Type"), html.Th("Actors")]))
    return dbc.Table([head, html.Tbody(rows)], id=ids.EVENT_LIST, hover=True, responsive=True, size="sm")


def _window(event) -> str:
    start, end = event.date_start.strftime("%Y-%m-%d"), event.date_end.strftime("%Y-%m-%d")
    return start if start == end else f"{start} – {end}"
