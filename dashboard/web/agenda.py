"""The timeline as a phone reads it: a vertical agenda, dates down the side, read and tapped with a thumb.

Each event is one row in date order: its date (no more precise than its source), a marker (a dot for a
day, a hollow dot for an imprecise date, a diamond for a scheduled event, a bar head for a span), its
short label and type. Spans run on as coloured rails beside the rows they last through, and imprecise
windows as pale bands, so a war or a blockade reads as lasting. A view too large to list is counted per
period, as on the desktop. Plain HTML: nothing to download but the words.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from dash import html

from dashboard import ids
from dashboard.data.vocabulary import SPAN_TYPES, type_label
from dashboard.query.dataset import Dataset
from dashboard.figures.labels import event_label
from dashboard.figures.style import type_colour
from dashboard.query.view import View
from dashboard.language.wording import event_window_text, precision_note
from dashboard.language import N_, Nn_, _, formats, ngettext

#: Up to this many events the agenda lists them; beyond, it counts them per period.
LIST_LIMIT = 1000
#: A counted agenda shows this many periods, the most recent first (ten years of months), so that what a
#: phone is sent stays small whatever the data's span.
COUNTED_PERIODS = 120


#: A large view's words, by the unit it is counted in.
COUNTED = {"day": N_("{count}, counted per day: filter to list them one by one."),
           "week": N_("{count}, counted per week: filter to list them one by one."),
           "month": N_("{count}, counted per month: filter to list them one by one."),
           "year": N_("{count}, counted per year: filter to list them one by one.")}
PER = {"day": N_("Events per day"), "week": N_("Events per week"), "month": N_("Events per month"),
       "year": N_("Events per year")}
EARLIER = {
    "day": Nn_("{count} earlier day with events: set the dates to see it.",
               "{count} earlier days with events: set the dates to see them."),
    "week": Nn_("{count} earlier week with events: set the dates to see it.",
                "{count} earlier weeks with events: set the dates to see them."),
    "month": Nn_("{count} earlier month with events: set the dates to see it.",
                 "{count} earlier months with events: set the dates to see them."),
    "year": Nn_("{count} earlier year with events: set the dates to see it.",
                "{count} earlier years with events: set the dates to see them."),
}


def agenda(dataset: Dataset, view: View) -> html.Div:
    """The agenda of ``view``: its events one per row, or counts per period for a large view."""
    if view.count == 0:
        return html.Div(html.P(_("No event matches these filters."), className="text-muted small p-3 mb-0"))
    if view.count > LIST_LIMIT:
        return _counted(dataset, view)
    events = view.events.sort_values(["date_start", "event_id"]).reset_index(drop=True)
    rails = _rails(events)
    return html.Div([
        html.P(_("{count}, in date order. Tap one to read it and its source.").format(count=view.count_text),
               className="small text-muted px-2 pt-2 mb-1"),
        html.Ol([_row(event, rails[i], view.state.event) for i, event in enumerate(events.itertuples())],
                className="agenda-list", **{"aria-label": _("Events in date order")}),
    ])


def _kind(event) -> str:
    multi_day = event.date_end > event.date_start
    if multi_day and (event.date_precision == "day" or event.event_type in SPAN_TYPES):
        return "span"
    if multi_day or event.date_precision != "day":
        return "window"
    return "point"


def _rails(events: pd.DataFrame) -> list[list[tuple[str, str, str]]]:
    """For each row, the rails beside it, one per column: (state, colour, kind) with state "start",
    "through", "end" or "" (empty column). A span or window occupies a column from its own row down to
    the last row that starts before it ends."""
    starts = events["date_start"].to_numpy()
    columns: list[int] = []  # the last row each column is taken to
    rows: list[list[tuple[str, str, str]]] = [[] for _ in range(len(events))]
    for i, event in enumerate(events.itertuples()):
        kind = _kind(event)
        if kind == "point":
            continue
        last = i + int(np.searchsorted(starts[i + 1:], np.datetime64(event.date_end), side="right"))
        column = next((c for c, taken in enumerate(columns) if taken < i), len(columns))
        if column == len(columns):
            columns.append(last)
        else:
            columns[column] = last
        colour = type_colour(str(event.event_type))
        for row in range(i, last + 1):
            state = "start" if row == i else "end" if row == last else "through"
            if i == last:
                state = "alone"
            rows[row] += [("", "", "")] * (column + 1 - len(rows[row]))
            rows[row][column] = (state, colour, kind)
    width = len(columns)
    return [cells + [("", "", "")] * (width - len(cells)) for cells in rows]


def _row(event, rails: list[tuple[str, str, str]], selected: str | None) -> html.Li:
    kind = _kind(event)
    colour = type_colour(str(event.event_type))
    scheduled = event.status == "scheduled"
    marker = "mark-diamond" if scheduled else {"span": "mark-bar", "window": "mark-open", "point": "mark-dot"}[kind]
    if kind == "point" and event.date_precision != "day":
        marker = "mark-open"
    label = event_label(event)
    note = precision_note(event.date_precision)
    when = event_window_text(event)
    details = [type_label(str(event.event_type))] + ([_("scheduled")] if scheduled else []) + ([note] if note else [])
    is_selected = event.event_id == selected
    return html.Li([
        html.Div([html.Span(className=f"rail rail-{state} rail-{kind}", style={"--c": colour} if state else None)
                  for state, colour, kind in rails], className="agenda-rails", **{"aria-hidden": "true"}),
        html.Button([
            html.Span(when, className="agenda-date" + (" imprecise" if note else "")),
            html.Span(className=f"agenda-mark {marker}", style={"--c": colour}, **{"aria-hidden": "true"}),
            html.Span([html.Span(label, className="agenda-label"),
                       html.Span(" · ".join(details), className="agenda-type")], className="agenda-text"),
        ], id=ids.agenda_item(event.event_id), className="agenda-item", n_clicks=0,
            **{"aria-pressed": "true" if is_selected else "false", "title": str(event.title)}),
    ], className="agenda-row" + (" selected" if is_selected else ""))


def _counted(dataset: Dataset, view: View) -> html.Div:
    """A large view as the desktop counts it: events per period, stacked by type, most recent first."""
    counts = dataset.engine.timeline_counts(view.filter, view.state.group, None,
                                            starts=(view.summary.first, view.summary.last_start))
    totals = counts.counts.sum(axis=0)
    most = max(int(totals.max()), 1)
    rows = []
    periods = np.flatnonzero(totals)[::-1]
    for b in periods[:COUNTED_PERIODS]:
        start, end = counts.starts[b], counts.ends[b]
        when = formats.year(start) if counts.unit == "year" else formats.month(start) if counts.unit == "month" \
            else formats.day(start) + (f" – {formats.day_month(end)}" if end != start else "")
        parts = [html.Span(className="agenda-count-part",
                           style={"width": f"{100 * counts.counts[lane, b] / most:.2f}%",
                                  "backgroundColor": type_colour(kind) if kind else "#6c757d"},
                           title=f"{type_label(kind) if kind else name}: {formats.number(counts.counts[lane, b])}")
                 for lane, (name, kind) in enumerate(zip(counts.lanes, counts.lane_types, strict=True))
                 if counts.counts[lane, b]]
        rows.append(html.Li([html.Span(when, className="agenda-date"),
                             html.Span(parts, className="agenda-count-bar", **{"aria-hidden": "true"}),
                             html.Span(formats.number(int(totals[b])), className="agenda-count")], className="agenda-row"))
    earlier = len(periods) - len(rows)
    return html.Div([
        html.P(_(COUNTED[counts.unit]).format(count=view.count_text), className="small text-muted px-2 pt-2 mb-1"),
        html.Ol(rows, className="agenda-list agenda-counted", **{"aria-label": _(PER[counts.unit])}),
        html.P(ngettext(*EARLIER[counts.unit], earlier).format(count=formats.number(earlier)),
               className="small text-muted px-2 mb-1") if earlier else None,
    ])
