"""Callbacks: thin wiring between the page and the layers below, all registered here.

The URL's query string is the single source of truth. ``sync_url`` writes the
controls into it (or, when the URL changes, the URL into the controls); the
render callbacks draw everything from it.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
from dash import ALL, Dash, Input, Output, State, ctx, no_update

from dashboard import aggregate, ids, layout, table
from dashboard.cache import FigureCache
from dashboard.controls import clicked_event, clicked_row_event, controls_from_state, state_from_controls, visible_range
from dashboard.dataset import Dataset
from dashboard.figures import map_figure, timeline_figure
from dashboard.figures.map import map_cells_figure
from dashboard.figures.timeline import timeline_counts_figure
from dashboard.filters import actor_choices, facet_counts, range_presets
from dashboard.view import resolve_view
from dashboard.view_state import ViewState

CONTROLS = [Output(ids.SEARCH, "value"), Output(ids.TYPES, "value"), Output(ids.ACTORS, "value"),
            Output(ids.DATE_FROM, "value"), Output(ids.DATE_TO, "value"), Output(ids.GROUP, "value")]
SELECTION_SOURCES = {ids.TIMELINE, ids.MAP, ids.TABLE}


def register(app: Dash, dataset: Dataset, figures: FigureCache, *, map_style: str = "light") -> None:
    """Attach every callback to ``app``, closing over the immutable ``dataset`` and the figure cache."""
    presets = range_presets(dataset.events)

    @app.callback(
        Output(ids.URL, "search"), *CONTROLS,
        Input(ids.URL, "search"), Input(ids.SEARCH, "value"), Input(ids.TYPES, "value"), Input(ids.ACTORS, "value"),
        Input(ids.DATE_FROM, "value"), Input(ids.DATE_TO, "value"), Input(ids.GROUP, "value"),
        Input(ids.RESET, "n_clicks"), Input(ids.CLEAR_SELECTION, "n_clicks"),
        Input(ids.TIMELINE, "clickData"), Input(ids.MAP, "clickData"), Input(ids.TABLE, "cellClicked"),
    )
    def sync_url(search, q, types, actors, start, end, group, _reset, _clear, timeline_click, map_click, cell):
        trigger = ctx.triggered_id
        current = resolve_view(dataset, search).state
        if trigger in (None, ids.URL):
            return (no_update, *controls_from_state(current))
        if trigger == ids.RESET:
            return ("", *controls_from_state(ViewState()))
        state = state_from_controls(current, q=q, types=types, actors=actors, start=start, end=end, group=group)
        if trigger in SELECTION_SOURCES:
            picked = {ids.TIMELINE: clicked_event(timeline_click), ids.MAP: clicked_event(map_click),
                      ids.TABLE: clicked_row_event(cell)}[trigger]
            state = replace(state, event=picked or current.event)
        elif trigger == ids.CLEAR_SELECTION:
            state = replace(state, event=None)
        query = state.to_query()
        new_search = f"?{query}" if query else ""
        return (no_update if new_search == (search or "") else new_search, *[no_update] * len(CONTROLS))

    @app.callback(
        Output(ids.EVENT_COUNT, "children"), Output(ids.DETAILS, "children"),
        Output(ids.CLEAR_SELECTION, "style"), Output(ids.NOTICES, "children"), Output(ids.NOTICES, "is_open"),
        Output(ids.TYPES, "options"),
        Input(ids.URL, "search"),
    )
    def render(search):
        view = resolve_view(dataset, search)
        selected = view.selected
        return (
            view.count_text,
            layout.details_body(selected),
            {"display": "inline-block"} if selected is not None else {"display": "none"},
            [layout.notice_item(n) for n in view.notices],
            bool(view.notices),
            layout.type_options(list(dataset.event_types), facet_counts(dataset, view.state, "type")),
        )

    @app.callback(
        Output(ids.TIMELINE, "figure"), Output(ids.TIMELINE_RANGE, "data"),
        Input(ids.URL, "search"), Input(ids.TIMELINE, "relayoutData"), Input(ids.range_preset(ALL), "n_clicks"),
        State(ids.TIMELINE_RANGE, "data"),
    )
    def render_timeline(search, relayout, _presets, shown_range):
        trigger = ctx.triggered_id
        x_range = shown_range
        if isinstance(trigger, dict) and trigger.get("type") == ids.RANGE_PRESET:
            preset = presets[trigger["index"]]
            x_range = [preset.start.isoformat(), preset.end.isoformat()]
        elif trigger == ids.TIMELINE:
            # A relayout that is not about the dates (e.g. the first autosize) still answers with the
            # figure: Dash keeps only the latest answer, and an empty one would blank the timeline.
            zoomed = visible_range(relayout)
            if zoomed is not False:
                x_range = list(zoomed) if zoomed else None
        view = resolve_view(dataset, search)
        key = f"{view.state.to_query()}|{x_range}"
        return figures.get_or_build("timeline", key, lambda: timeline_for(dataset, view, x_range)), x_range

    @app.callback(Output(ids.MAP, "figure"), Input(ids.URL, "search"), Input(ids.MAP_EXTENT, "value"))
    def render_map(search, extent):
        view = resolve_view(dataset, search)
        extent = extent if extent in ("region", "all") else "region"
        return figures.get_or_build("map", f"{extent}?{view.state.to_query()}",
                                    lambda: map_for(dataset, view, extent, map_style))

    @app.callback(Output(ids.TABLE, "getRowsResponse"), Input(ids.TABLE, "getRowsRequest"),
                  State(ids.URL, "search"), prevent_initial_call=True)
    def table_rows(request, search):
        if not isinstance(request, dict):
            return no_update
        view = resolve_view(dataset, search)
        sort_model = request.get("sortModel")
        order = figures.get_or_build("table-order", f"{view.state.to_query()}|{sort_model}",
                                     lambda: table.sorted_indices(view, sort_model))
        rows = table.page(view, order, request.get("startRow", 0), request.get("endRow", 100))
        return {"rowData": layout.table_rows(rows, selected=view.state.event), "rowCount": view.count}

    app.clientside_callback(
        """function(search) {
            if (window.dash_ag_grid && window.dash_ag_grid.getApiAsync) {
                window.dash_ag_grid.getApiAsync('event-table').then(function(api) { api.purgeInfiniteCache(); });
            }
            return search || '';
        }""",
        Output(ids.TABLE_RELOAD, "data"), Input(ids.URL, "search"), prevent_initial_call=True,
    )

    @app.callback(Output(ids.ACTORS, "options"), Output(ids.ACTOR_NOTE, "children"),
                  Input(ids.URL, "search"), Input(ids.ACTOR_SEARCH, "value"))
    def list_actors(search, find):
        view = resolve_view(dataset, search)
        counts = facet_counts(dataset, view.state, "actor")
        names, matching = actor_choices(dataset, counts, find if isinstance(find, str) else None, view.state.actors)
        return layout.actor_options(names, counts, view.state.actors), layout.actor_note(len(names), matching, find)

    @app.callback(Output(ids.download_link(ALL), "href"), Input(ids.URL, "search"),
                  State(ids.download_link(ALL), "id"))
    def download_links(search, link_ids):
        query = resolve_view(dataset, search).state.to_query()
        return [f"export/{link['name']}" + (f"?{query}" if query else "") for link in link_ids]

    app.clientside_callback(
        """function(n, search) {
            const url = (chart) => new URL('embed/' + chart + (search || ''), window.location.href).href;
            const frame = (chart, height) => '<iframe src="' + url(chart) + '" width="100%" height="' + height +
                '" style="border:0" title="' + (chart === 'map' ? 'Map' : 'Timeline') +
                ' of conflict events" loading="lazy"></iframe>';
            return [true, frame('timeline', 480), frame('map', 460)];
        }""",
        Output(ids.EMBED_DIALOG, "is_open"), Output(ids.embed_code("timeline"), "value"),
        Output(ids.embed_code("map"), "value"),
        Input(ids.EMBED_OPEN, "n_clicks"), State(ids.URL, "search"), prevent_initial_call=True,
    )
    app.clientside_callback(
        "function(n, open) { return [!open, open ? 'Show filters' : 'Hide filters']; }",
        Output(ids.FILTERS_COLLAPSE, "is_open"), Output(ids.FILTERS_TOGGLE, "children"),
        Input(ids.FILTERS_TOGGLE, "n_clicks"), State(ids.FILTERS_COLLAPSE, "is_open"), prevent_initial_call=True,
    )
    app.clientside_callback(
        "function(n) { return window.location.href; }",
        Output(ids.COPY_LINK, "content"), Input(ids.COPY_LINK, "n_clicks"), prevent_initial_call=True,
    )
    app.clientside_callback(
        "function(search) { return window.location.origin + window.location.pathname + (search || ''); }",
        Output(ids.SHARE_LINK, "value"), Input(ids.URL, "search"),
    )


def timeline_for(dataset: Dataset, view, x_range) -> dict:
    """The timeline of a view: each event, or counts when the visible range holds too many to draw."""
    window = (pd.Timestamp(x_range[0]), pd.Timestamp(x_range[1])) if x_range else None
    visible = aggregate.in_range(dataset, view.indices, window)
    if len(visible) <= aggregate.TIMELINE_EVENT_LIMIT:
        events = dataset.events.iloc[visible] if window else view.events
        figure = timeline_figure(events, group=view.state.group, selected=view.state.event,
                                 published=dataset.published, x_range=window)
    else:
        counts = aggregate.timeline_counts(dataset, visible, view.state.group, window)
        figure = timeline_counts_figure(counts, shown=len(visible), published=dataset.published, x_range=window)
    return figure.update_layout(uirevision="timeline").to_dict()


def map_for(dataset: Dataset, view, extent: str, style: str) -> dict:
    """The map of a view: each event, or events grouped into cells when there are too many."""
    if view.count > aggregate.MAP_EVENT_LIMIT:
        figure = map_cells_figure(aggregate.map_cells(dataset, view.indices), total=view.count, extent=extent,
                                  style=style)
    else:
        figure = map_figure(view.events, selected=view.state.event, extent=extent, style=style)
    return figure.update_layout(uirevision=f"map-{extent}").to_dict()
