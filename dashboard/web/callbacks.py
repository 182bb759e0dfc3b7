"""Callbacks: thin wiring between the page and the layers below, all registered here.

The URL's query string is the single source of truth. ``sync_url`` writes the
controls into it (or, when the URL changes, the URL into the controls); the
render callbacks draw everything from it. Each chart of ``dashboard_charts()`` gets the
same render callback, so the page asks the chart registry for its figures
exactly as the embeds, the exports and the command line do.
"""

from __future__ import annotations

from dataclasses import replace

from dash import ALL, ClientsideFunction, Dash, Input, Output, State, ctx, no_update

from dashboard import ids

from dashboard.web import layout

from dashboard.query import table_page as table
from dashboard.web.figure_cache import FigureCache
from dashboard.web.agenda import agenda
from dashboard.charts import dashboard_charts, Canvas, Chart
from dashboard.charts.base import graph_style
from dashboard.web.controls import (clicked_event, clicked_row_event, controlled, controls_from_state,
                                    state_from_controls)
from dashboard.web.filter_panel import OPTIONS, actor_note, actor_options
from dashboard.query.dataset import Dataset
from dashboard.query.around import RADII, around
from dashboard.query.facets import actor_choices, facet_counts
from dashboard.output.urls import Urls
from dashboard.query.view import resolve_view
from dashboard.query.view_state import ViewState
from dashboard.language import _

SELECTION_SOURCES = {ids.TIMELINE, ids.MAP, ids.TABLE_CLICK}


def register(app: Dash, dataset: Dataset, figures: FigureCache, urls: Urls, *, map_style: str = "light") -> None:
    """Attach every callback to ``app``, closing over the immutable ``dataset`` and the figure cache."""

    controls = controlled()
    keys = [p.key for p in controls]
    checklists = [p for p in controls if p.control.kind == "checklist"]

    @app.callback(
        Output(ids.URL, "search"), *[Output(ids.control(key), "value") for key in keys],
        Input(ids.URL, "search"), Input(ids.RESET, "n_clicks"), Input(ids.CLEAR_SELECTION, "n_clicks"),
        Input(ids.TIMELINE, "clickData"), Input(ids.MAP, "clickData"), Input(ids.TABLE_CLICK, "data"),
        Input(ids.agenda_item(ALL), "n_clicks"), *[Input(ids.control(key), "value") for key in keys],
    )
    def sync_url(search, _reset, _clear, timeline_click, map_click, cell, _agenda, *values):
        untouched = [no_update] * len(keys)
        trigger = ctx.triggered_id
        current = resolve_view(dataset, search).state
        if isinstance(trigger, dict) and trigger.get("type") == ids.AGENDA_ITEM:
            if not ctx.triggered[0].get("value"):  # the agenda was redrawn, nobody tapped
                return (no_update, *untouched)
            query = replace(current, event=str(trigger.get("event")) or current.event).to_query()
            return (f"?{query}" if query else "", *untouched)
        if trigger in (None, ids.URL):
            return (no_update, *_in_order(controls_from_state(current), keys))
        if trigger == ids.RESET:  # every filter and the selection go; the language stays
            fresh = ViewState().with_value("lang", current.value("lang"))
            return (f"?{fresh.to_query()}" if fresh.to_query() else "", *_in_order(controls_from_state(fresh), keys))
        state = state_from_controls(current, dict(zip(keys, values, strict=True)))
        if trigger in SELECTION_SOURCES:
            picked = {ids.TIMELINE: clicked_event(timeline_click), ids.MAP: clicked_event(map_click),
                      ids.TABLE_CLICK: clicked_row_event(cell)}[trigger]
            state = replace(state, event=picked or current.event)
        elif trigger == ids.CLEAR_SELECTION:
            state = replace(state, event=None)
        query = state.to_query()
        new_search = f"?{query}" if query else ""
        return (no_update if new_search == (search or "") else new_search, *untouched)

    @app.callback(
        Output(ids.EVENT_COUNT, "children"), Output(ids.DETAILS, "children"),
        Output(ids.CLEAR_SELECTION, "style"), Output(ids.NOTICES, "children"), Output(ids.NOTICES, "is_open"),
        Output(ids.AROUND_CONTROLS, "hidden"), *[Output(ids.control(p.key), "options") for p in checklists],
        Input(ids.URL, "search"), Input(ids.AROUND_KM, "value"),
    )
    def render(search, km):
        view = resolve_view(dataset, search)
        selected = view.selected
        nearby = around(dataset, selected, km if km in RADII else RADII[0]) if selected is not None else None
        return (
            view.count_text,
            layout.details_body(selected, dataset.registry.counted_as, layout.around_block(nearby, urls),
                                place_names=dataset.registry.place_names),
            {"display": "inline-block"} if selected is not None else {"display": "none"},
            [layout.notice_item(n) for n in view.notices],
            bool(view.notices),
            nearby is None,
            *[OPTIONS[p.control.options](dataset, facet_counts(dataset, view.state, p.key)) for p in checklists],
        )

    for chart in dashboard_charts().values():
        _register_chart(app, chart, dataset, figures, map_style)

    @app.callback(Output(ids.AGENDA, "children"), Input(ids.VIEW_QUERY, "data"), prevent_initial_call=True)
    def render_agenda(search):
        return agenda(dataset, resolve_view(dataset, search))

    @app.callback(Output(ids.TABLE_SLOT, "children"), Input(ids.TABLE_SHOWN, "data"), prevent_initial_call=True)
    def show_table(shown):
        return layout.event_grid() if shown else no_update

    @app.callback(Output(ids.TABLE, "getRowsResponse"), Input(ids.TABLE, "getRowsRequest"),
                  State(ids.URL, "search"), prevent_initial_call=True)
    def table_rows(request, search):
        if not isinstance(request, dict):
            return no_update
        view = resolve_view(dataset, search)
        sort_model = request.get("sortModel")
        rows = table.page(view, sort_model, request.get("startRow", 0), request.get("endRow", 100))
        return {"rowData": layout.table_rows(rows, selected=view.state.event), "rowCount": view.count}

    @app.callback(Output(ids.ACTORS, "options"), Output(ids.ACTOR_NOTE, "children"),
                  Input(ids.URL, "search"), Input(ids.ACTOR_SEARCH, "value"))
    def list_actors(search, find):
        view = resolve_view(dataset, search)
        counts = facet_counts(dataset, view.state, "actor")
        names, matching = actor_choices(dataset, counts, find if isinstance(find, str) else None, view.state.actors)
        return actor_options(names, counts, view.state.actors, dataset.members,
                             find if isinstance(find, str) else None), actor_note(len(names), matching, find)

    @app.callback(Output(ids.download_link(ALL), "href"), Output(ids.EMBED_PATHS, "data"),
                  Output(ids.language_link(ALL), "href"), Input(ids.URL, "search"),
                  State(ids.download_link(ALL), "id"), State(ids.language_link(ALL), "id"))
    def share_links(search, link_ids, language_ids):
        state = resolve_view(dataset, search).state
        embeds = [{"path": urls.embed(c.name, state), "height": c.embed_height, "title": _(c.title),
                   "url": urls.absolute(urls.embed(c.name, state)) if urls.public else None}
                  for c in dashboard_charts().values()]
        return ([layout.link_path(urls, link["name"], state) for link in link_ids], embeds,
                [layout.language_path(urls, state, link["lang"]) for link in language_ids])

    _register_clientside(app)


def _register_chart(app: Dash, chart: Chart, dataset: Dataset, figures: FigureCache, map_style: str) -> None:
    """The render callback of one chart: the registry's figure for the URL, the reader's zoom and the width.

    The zoom and the width are written in the browser (``assets/dashboard.js``) before this runs, so every
    request carries both: a redraw for a new width never forgets a zoom made meanwhile. The page arrives
    with its first figures (``first_figures``), so this runs only when the view, the zoom or the width
    changes from what they were drawn for.
    """

    @app.callback(
        Output(chart.graph_id, "figure"), Output(chart.graph_id, "style"),
        Input(ids.VIEW_QUERY, "data"), Input(ids.chart_zoom(chart.name), "data"), Input(ids.chart_width(chart.name), "data"),
        prevent_initial_call=chart.with_page,
    )
    def render_chart(search, zoom, width):
        view = resolve_view(dataset, search)
        measured = width.get("width") if isinstance(width, dict) else None
        canvas = Canvas.at(measured if isinstance(measured, (int, float)) else None, default=chart.page_width,
                           step=chart.width_step, map_style=map_style, **{chart.zoom_field: chart.zoom(zoom)})
        figure = page_figure(chart, dataset, view, canvas, figures)
        return figure, graph_style(figure)


def _in_order(values: dict, keys: list[str]) -> list:
    return [values[key] for key in keys]


def page_figure(chart: Chart, dataset: Dataset, view, canvas: Canvas, figures: FigureCache) -> dict:
    """The figure the page shows for ``chart`` (cached by view and canvas)."""
    return figures.get_or_build(chart.name, f"{view.state.to_query()}|{canvas.key}",
                                lambda: chart.figure(dataset, view, canvas).to_dict())


def first_figures(dataset: Dataset, view, figures: FigureCache, map_style: str) -> dict:
    """The figures a page opened at ``view`` starts with, at each chart's usual page width."""
    return {name: page_figure(chart, dataset, view, Canvas(width=chart.page_width, map_style=map_style), figures)
            for name, chart in dashboard_charts().items() if chart.with_page}


def _register_clientside(app: Dash) -> None:
    """Browser-only behaviour, from ``assets/dashboard.js``."""
    app.clientside_callback(ClientsideFunction("dashboard", "viewQuery"), Output(ids.VIEW_QUERY, "data"),
                            Input(ids.URL, "search"), State(ids.VIEW_QUERY, "data"))
    for chart in dashboard_charts().values():
        app.clientside_callback(
            ClientsideFunction("dashboard", "chartWidth"),
            Output(ids.chart_width(chart.name), "data"),
            Input(chart.graph_id, "relayoutData"), State(chart.graph_id, "id"), State(ids.chart_width(chart.name), "data"),
        )
        app.clientside_callback(
            ClientsideFunction("dashboard", "zoom"), Output(ids.chart_zoom(chart.name), "data"),
            Input(ids.URL, "search"), Input(chart.graph_id, "relayoutData"), State(ids.chart_zoom(chart.name), "data"),
            State(chart.graph_id, "id"),
        )
    app.clientside_callback(
        ClientsideFunction("dashboard", "applyPreset"), Output(ids.PRESET_APPLIED, "data"),
        Input(ids.range_preset(ALL), "n_clicks"), State(ids.RANGE_PRESETS, "data"), State(ids.TIMELINE, "id"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("dashboard", "embedCode"),
        Output(ids.EMBED_DIALOG, "is_open"), Output(ids.EMBED_ONLY_HERE, "hidden"),
        *[Output(ids.embed_code(name), "value") for name in dashboard_charts()],
        Input(ids.EMBED_OPEN, "n_clicks"), State(ids.EMBED_PATHS, "data"), prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("dashboard", "toggleFilters"),
        Output(ids.FILTERS_COLLAPSE, "is_open"), Output(ids.FILTERS_TOGGLE, "children"),
        Input(ids.FILTERS_TOGGLE, "n_clicks"), Input(ids.FILTERS_CLOSE, "n_clicks"), State(ids.FILTERS_COLLAPSE, "is_open"),
        State(ids.FILTERS_TOGGLE, "id"), prevent_initial_call=True,
    )
    app.clientside_callback(ClientsideFunction("dashboard", "showDetails"), Output(ids.DETAILS, "className"),
                            Input(ids.agenda_item(ALL), "n_clicks"), State(ids.DETAILS, "id"),
                            State(ids.DETAILS, "className"), prevent_initial_call=True)
    app.clientside_callback(ClientsideFunction("dashboard", "currentHref"), Output(ids.COPY_LINK, "content"),
                            Input(ids.COPY_LINK, "n_clicks"), State(ids.PUBLIC_URL, "data"), prevent_initial_call=True)
    app.clientside_callback(ClientsideFunction("dashboard", "shareLink"), Output(ids.SHARE_LINK, "value"),
                            Input(ids.URL, "search"), State(ids.PUBLIC_URL, "data"))
    app.clientside_callback(ClientsideFunction("dashboard", "reloadTable"), Output(ids.TABLE_RELOAD, "data"),
                            Input(ids.URL, "search"), State(ids.TABLE_LOADER, "data"), prevent_initial_call=True)
    app.clientside_callback(ClientsideFunction("dashboard", "watchTable"), Output(ids.TABLE_SHOWN, "data"),
                            Input(ids.TABLE_LOADER, "data"), State(ids.TABLE_SLOT, "id"), State(ids.TIMELINE, "id"))
    app.clientside_callback(ClientsideFunction("dashboard", "spreadPlace"), Output(ids.MAP_PLACES, "data"),
                            Input(ids.MAP, "clickData"), State(ids.MAP, "id"), prevent_initial_call=True)
    app.clientside_callback(ClientsideFunction("dashboard", "tableClick"), Output(ids.TABLE_CLICK, "data"),
                            Input(ids.TABLE, "cellClicked"), prevent_initial_call=True)
