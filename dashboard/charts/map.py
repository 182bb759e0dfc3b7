"""The map chart: which map a view gets, and its card on the page.

Up to ``EVENT_LIMIT`` events are drawn one by one (numbered with a key when
few); beyond that located events are grouped into cells.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
import plotly.graph_objects as go
from dash import dcc, html

from dashboard.query import aggregate

from dashboard import ids
from dashboard.charts.base import Canvas, CardParts, Chart, graph_style
from dashboard.charts.timeline import GRAPH_CONFIG
from dashboard.data.origins import imported_origins
from dashboard.query.dataset import CURATED_LIMIT, Dataset
from dashboard.figures.map import map_figure
from dashboard.figures.basemap import bounds_of, zoomed
from dashboard.figures.map_cells import map_cells_figure
from dashboard.query.view import View
from dashboard.language import N_, _
from dashboard.language.charts import chart_config

EVENT_LIMIT = aggregate.MAP_EVENT_LIMIT
#: The width (CSS px) the page lays the map out for until the browser measures it (a desktop's).
PAGE_WIDTH = 600
#: The map's layout changes little with its width (the key's place, the fan-out): redraw in coarse steps.
WIDTH_STEP = 200
#: The chart's name as people read it (a marked English text: whatever shows it translates it).
TITLE = N_("Map")


def map_for_view(dataset: Dataset, view: View, canvas: Canvas) -> go.Figure:
    """The map of ``view`` drawn on ``canvas`` — the one every door shows."""
    state, engine = view.state, dataset.engine
    if view.count > EVENT_LIMIT:
        bounds = cells_bounds(dataset, view)
        visible = zoomed(bounds, canvas.map_zoom) if canvas.map_zoom else bounds
        figure = map_cells_figure(engine.cells_in(view.filter, visible), total=view.count,
                                  bounds=bounds, style=canvas.map_style)
        if canvas.map_zoom:  # the cells were made for this zoom: the figure shows it, whatever the browser kept
            scale, lon, lat = canvas.map_zoom
            figure.update_layout(geo=dict(projection=dict(scale=scale), center=dict(lon=lon, lat=lat)))
    else:
        figure = map_figure(view.events, selected=state.event, extent=state.extent, style=canvas.map_style,
                            width=canvas.width, anchor=_article_events(dataset, view))
    return figure.update_layout(uirevision=f"map?{state.to_query()}")


def cells_bounds(dataset: Dataset, view: View) -> tuple[float, float, float, float]:
    """The extent of a map of cells (west, south, east, north): around the view's overview, or its article's
    events."""
    overview = dataset.engine.overview(view.filter)  # coarse: where the events are, for the extent
    return bounds_of(pd.DataFrame({"latitude": overview.latitude, "longitude": overview.longitude,
                                   "count": overview.count}), view.state.extent, anchor=_article_events(dataset, view))


def _article_events(dataset: Dataset, view: View) -> pd.DataFrame | None:
    """Where the view's curated events lie, when they are served beside imports: the map's main region is
    theirs, not that of the densest cluster of a worldwide export."""
    if dataset.article_frame is None:
        return None
    return dataset.engine.rows(view.filter.without_sources(imported_origins()), limit=CURATED_LIMIT,
                               columns=("latitude", "longitude"))


def map_zoom(stored) -> tuple[float, float, float] | None:
    """A zoom the page stored for the map ({"scale", "lon", "lat"} from Plotly's relayout events) as
    (scale, centre longitude, centre latitude); None for the map's own extent or anything malformed."""
    if not isinstance(stored, dict):
        return None
    try:
        scale, lon, lat = (float(stored[k]) for k in ("scale", "lon", "lat"))
    except (KeyError, TypeError, ValueError):
        return None
    if not (1.0 < scale <= 1e4 and -180 <= lon <= 180 and -85 <= lat <= 85):
        return None
    return round(scale, 3), round(lon, 3), round(lat, 3)


def map_card(dataset: Dataset, parts: CardParts) -> dbc.Card:
    """The map's card: its controls (the extent switch) and the graph (with its first figure, if any)."""
    figure = parts.figure
    return dbc.Card([
        dbc.CardHeader(html.Div([
            html.H2(_(TITLE), className="h6 mb-0 me-auto"),
            *parts.controls,
        ], className="d-flex flex-wrap align-items-center gap-2")),
        dbc.CardBody([
            dcc.Store(id=ids.MAP_PLACES),
            dcc.Loading(dcc.Graph(id=ids.MAP, config=chart_config(GRAPH_CONFIG), style=graph_style(figure),
                                  **({"figure": figure} if figure else {}))),
        ], className="p-1"),
    ], className="shadow-sm h-100")


MAP = Chart(
    name="map", title=TITLE, graph_id=ids.MAP, figure=map_for_view, card=map_card, zoom=map_zoom, zoom_field="map_zoom",
    size=(1200, 800), embed_height=560, page_width=PAGE_WIDTH, width_step=WIDTH_STEP, columns=7,
    with_page=False,
)
