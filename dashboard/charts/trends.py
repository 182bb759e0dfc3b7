"""The charts of what changed (#25): the map of areas coloured by their band and the areas' weeks against their
baselines. They are charts of the registry like the dashboard's own (``page="trends"``): the trends page draws
them, and every door — embed, PNG/SVG/HTML export, the command line, a story step's ``show:`` — gets them by name.
Both read the view's weeks from one engine query (``trends.view_weeks``)."""

from __future__ import annotations

from datetime import timedelta

import plotly.graph_objects as go

from dashboard.charts.base import Canvas, Chart
from dashboard.figures.style import MUTED, base_layout
from dashboard.figures.trends_map import trends_map_figure
from dashboard.figures.trends_timeline import trends_timeline_figure
from dashboard.language import N_, _, formats
from dashboard.query.dataset import Dataset
from dashboard.query.trends import Weeks, view_weeks
from dashboard.query.view import View

#: What the areas are, for each ``by``.
BY_WORDS = {"admin1": N_("area (admin1, else country)"), "country": N_("country"), "actor": N_("actor"),
            "type": N_("event type")}
#: How many areas the timeline draws when the view names none: those that changed most.
DEFAULT_AREAS = 3
#: How many areas the map places at most: those that changed most.
MOST_MAPPED = 1000


def chosen_areas(view: View, table) -> list[str]:
    """The areas whose weeks are drawn: the view's ``areas``, else the first ``DEFAULT_AREAS`` of ``table`` (the
    trend table, the areas that changed most first)."""
    return list(view.state.value("areas") or ()) or list(table["area"][:DEFAULT_AREAS])


def week_words(as_of) -> str:
    """The current week of a trend in words, and what it is measured against."""
    if as_of is None:
        return _("No events in this view.")
    # Translators: the current week of a trend, "The week of 8 May 2023 – 14 May 2023 against …"
    return _("The week of {start} – {end}, against the 4 and the 52 weeks before it.").format(**_days(as_of))


def _days(as_of) -> dict[str, str]:
    """The first and the last day of the week ending on ``as_of``, in words."""
    return {"start": formats.day(as_of - timedelta(days=6)), "end": formats.day(as_of)}


def week_note(weeks: Weeks, view: View) -> tuple[str, ...]:
    """What a chart of trends says of itself, in two short lines (a phone's width): its week, and what it is
    measured against and counted by (a standalone copy's title names the view's filters, not these)."""
    if weeks.as_of is None:
        return (_("No events in this view."),)
    # Translators: the first line of a trend chart's note, "The week of 8 May 2023 – 14 May 2023"
    return (_("The week of {start} – {end}").format(**_days(weeks.as_of)),
            # Translators: the second line of a trend chart's note, "against …, counted by country"
            _("against the 4 and the 52 weeks before it, counted by {by}").format(
                by=_(BY_WORDS[view.state.value("by")])))


def trends_map_for_view(dataset: Dataset, view: View, canvas: Canvas) -> go.Figure:
    """The areas of ``view``'s trends at the centre of their events, coloured by their band against the 4 weeks
    before."""
    return trends_map_of(view, view_weeks(dataset, view), canvas)


def trends_map_of(view: View, weeks: Weeks, canvas: Canvas) -> go.Figure:
    """``trends_map_for_view`` from the view's weeks (a page drawing both charts asks for them once)."""
    if not len(weeks.centres):
        return _nothing(_("No located events in these weeks: nothing to place on a map."))
    table, note = weeks.table, week_note(weeks, view)
    if len(table) > MOST_MAPPED:  # its size stays bounded at any data size
        note += (_("the {shown} areas that changed most, of {total}").format(
            shown=formats.number(MOST_MAPPED), total=formats.number(len(table))),)
        table = table.head(MOST_MAPPED)
    return trends_map_figure(table, weeks.centres, style=canvas.map_style, note=note)


def trends_timeline_for_view(dataset: Dataset, view: View, canvas: Canvas) -> go.Figure:
    """The chosen areas' weeks (``chosen_areas``) against their baselines."""
    return trends_timeline_of(view, view_weeks(dataset, view), canvas)


def trends_timeline_of(view: View, weeks: Weeks, canvas: Canvas) -> go.Figure:
    """``trends_timeline_for_view`` from the view's weeks."""
    if weeks.as_of is None:
        return _nothing(_("No events in this view."))
    return trends_timeline_figure(weeks.counts, chosen_areas(view, weeks.table), weeks.as_of,
                                  note=week_note(weeks, view))


def _nothing(words: str) -> go.Figure:
    figure = go.Figure(layout=base_layout(height=240))
    figure.add_annotation(text=words, showarrow=False, xref="paper", yref="paper", x=0.5, y=0.5,
                          font=dict(color=MUTED))
    return figure.update_xaxes(visible=False).update_yaxes(visible=False)


TRENDS_MAP = Chart(name="trends-map", title=N_("Map of what changed"), figure=trends_map_for_view, page="trends",
                   in_stories=False, size=(1200, 800), embed_height=560, embed_width=800)
TRENDS_TIMELINE = Chart(name="trends-timeline", title=N_("Weeks against their baseline"),
                        figure=trends_timeline_for_view, page="trends", in_stories=False, size=(1200, 700),
                        embed_height=660, embed_width=800)
