"""The timeline chart: which timeline a view gets, and its card on the page.

Up to ``EVENT_LIMIT`` events in the frame are drawn one by one (labelled when
few); beyond that the frame's events are counted per day, week, month or
year, and zooming in brings them back. The frame is the view's ``from``/``to``,
else a zoom made on the page, else the stretch where the events are dense
enough to read (``framing``); the range slider always spans the whole history.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
import plotly.graph_objects as go
from dash import dcc, html

from dashboard.data.translations import in_language
from dashboard.query import aggregate

from dashboard import ids
from dashboard.charts.base import Canvas, CardParts, Chart, graph_style
from dashboard.charts.player import player_bar
from dashboard.query.framing import zoom_range
from dashboard.query.dataset import Dataset
from dashboard.figures.counts import add_overlay, timeline_counts_figure
from dashboard.figures.timeline import timeline_figure
from dashboard.query.facets import range_presets
from dashboard.query.framing import chosen_frame
from dashboard.query import playback
from dashboard.query.params import FIRST_DATE
from dashboard.figures.time_axis import add_frame_band
from dashboard.query.view import View
from dashboard.language import N_, _, formats
from dashboard.language.charts import chart_config

#: Up to this many events in the frame, the timeline draws each one; beyond, it counts them.
EVENT_LIMIT = aggregate.TIMELINE_EVENT_LIMIT
#: Over counts, a source with up to this many events in the frame is drawn event by event on top.
OVERLAY_LIMIT = 200
#: The width (CSS px) the page lays the timeline out for until the browser measures it (a desktop's).
PAGE_WIDTH = 1000
#: The chart's name as people read it (a marked English text: whatever shows it translates it).
TITLE = N_("Timeline")
GRAPH_CONFIG = {"displaylogo": False, "responsive": True,
                "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"],
                "toImageButtonOptions": {"format": "png", "scale": 2}}


def timeline_for_view(dataset: Dataset, view: View, canvas: Canvas) -> go.Figure:
    """The timeline of ``view`` drawn on ``canvas`` — the one every door shows."""
    state, engine = view.state, dataset.engine
    summary = view.summary
    at = state.value("at")
    # a frame of playback is shown in the time around it: the view's own frame without it, the window shaded
    context = View(state.with_value("at", None), (), dataset) if at else view
    history = _extent((context.summary.first, context.summary.last)) if context.count else None
    frame = canvas.time_range or _around_window(state, chosen_frame(state.date_from, state.date_to, history)
                                                or _article_frame(dataset, context), history)
    visible = view.filter.within(frame)
    shown = view.count if engine.all_in_range(summary, frame) else engine.count(visible)
    if view.count <= EVENT_LIMIT or shown <= EVENT_LIMIT:
        events = view.events if view.count <= EVENT_LIMIT else in_language(engine.rows(visible))
        figure = timeline_figure(events, group=state.group, selected=state.event, published=dataset.published,
                                 x_range=frame, width=canvas.width, history=history, slider=not canvas.on_paper)
    else:
        small = small_sources(dataset, visible)
        counted = visible.without_sources(small) if small else visible
        counts = engine.timeline_counts(counted, state.group, frame,
                                        starts=None if small else (summary.first, summary.last_start))
        figure = timeline_counts_figure(counts, shown=engine.count(counted) if small else shown,
                                        published=dataset.published,
                                        x_range=frame, history=history, width=canvas.width,
                                        slider=not canvas.on_paper)
        for origin in small:
            add_overlay(figure, in_language(engine.rows(visible.from_source(origin))), name=origin,
                        selected=state.event)
    if at:
        first, last = playback.frame(at, state.value("window"), state.value("mode"), FIRST_DATE)
        add_frame_band(figure, max(first, (history[0] if history else pd.Timestamp(first)).date()), last,
                       playback.frame_words(at, state.value("window"), state.value("mode")))
    return figure.update_layout(uirevision=f"timeline?{state.to_query()}")


def _around_window(state, frame, history):
    """``frame``, or — when it does not hold the frame of playback the view is paused on — the window with
    room either side (twice its length, within the history), so the shaded window is in sight."""
    at = state.value("at")
    if not at:
        return frame
    first, last = playback.frame(at, state.value("window"), state.value("mode"), FIRST_DATE)
    start, end = pd.Timestamp(first), pd.Timestamp(last) + pd.Timedelta(days=1)
    if history is not None:
        start = max(start, history[0])
    if frame is not None and pd.Timestamp(frame[0]) <= start and end <= pd.Timestamp(frame[1]):
        return frame
    pad = max(end - start, pd.Timedelta(days=7)) * 2
    low, high = start - pad, end + pad
    if history is not None:
        low, high = max(low, history[0]), min(high, max(history[1], end))
    return low, high


def _article_frame(dataset: Dataset, view: View):
    """The article's own stretch of time, when curated events are served beside imports and the view holds
    some: where a reader who came from the article expects the timeline to open."""
    if dataset.article_frame is None:
        return None
    present = dataset.engine.origin_counts(view.filter)
    return dataset.article_frame if any(present.get(o) for o in dataset.curated_origins) else None


def small_sources(dataset: Dataset, visible) -> list[str]:
    """The datasets with at most ``OVERLAY_LIMIT`` events in the frame — drawn one by one over the counts of
    the others; none when there is one dataset, or when every one is small."""
    if len(dataset.origins) < 2:
        return []
    present = dataset.engine.origin_counts(visible)
    small = [o for o in dataset.origins if 0 < present.get(o, 0) <= OVERLAY_LIMIT]
    return [] if len(small) == sum(1 for n in present.values() if n) else small


def _extent(span: tuple[pd.Timestamp, pd.Timestamp] | None) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """First day to the end of the last day of the events, padded a little: the range slider's span."""
    if span is None:
        return None
    first, last = span[0], span[1] + pd.Timedelta(days=1)
    pad = max(pd.Timedelta(days=2), (last - first) * 0.02)
    return first - pad, last + pad


def timeline_card(dataset: Dataset, parts: CardParts) -> dbc.Card:
    """The timeline's card: its count, the quick ranges, the graph (with its first figure, if any) and,
    on phones instead of the graph, the agenda (``parts.agenda``)."""
    figure, agenda = parts.figure, parts.agenda
    presets = range_presets(dataset)
    return dbc.Card([
        dbc.CardHeader(html.Div([
            html.H2(_(TITLE), className="h6 mb-0 me-3"),
            html.Output(id=ids.EVENT_COUNT, className="fw-semibold me-auto player-counted", **{"aria-live": "polite"}),
            *parts.controls,
            html.Div([html.Span(_("Show:"), className="small text-muted me-1")] + [
                dbc.Button(p.label, id=ids.range_preset(i), size="sm", color="light", className="border",
                           title=_("{start} – {end}").format(start=formats.day(p.start), end=formats.day(p.end)))
                for i, p in enumerate(presets)
            ], className="d-none d-md-flex flex-wrap align-items-center gap-1", role="group",
                **{"aria-label": _("Timeline range")}),
        ], className="d-flex flex-wrap align-items-center gap-2")),
        dbc.CardBody([
            player_bar(dataset.first.date(), dataset.last.date()),
            dcc.Store(id=ids.RANGE_PRESETS, data=[[p.start.isoformat(), (p.end + pd.Timedelta(days=1)).isoformat()]
                                                  for p in presets]),
            html.Div(dcc.Loading(dcc.Graph(id=ids.TIMELINE, config=chart_config(GRAPH_CONFIG), className="timeline-graph",
                                           style=graph_style(figure), **({"figure": figure} if figure else {})),
                                 type="default"), className="d-none d-md-block"),
            html.Div(agenda, id=ids.AGENDA, className="agenda d-md-none"),
        ], className="p-1"),
    ], className="shadow-sm")


TIMELINE = Chart(
    name="timeline", title=TITLE, graph_id=ids.TIMELINE, figure=timeline_for_view, card=timeline_card,
    zoom=zoom_range, size=(1400, 800), embed_height=640, page_width=PAGE_WIDTH,
)
