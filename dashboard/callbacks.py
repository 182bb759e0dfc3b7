"""Callbacks: thin wiring between the page and the layers below, all registered here.

The URL's query string is the single source of truth. ``sync_url`` writes the
controls into it (or, when the URL changes, the URL into the controls);
``render`` and ``render_map`` draw everything from it.
"""

from __future__ import annotations

from dataclasses import replace

from dash import ALL, Dash, Input, Output, Patch, State, ctx, no_update

from dashboard import ids, layout
from dashboard.cache import FigureCache
from dashboard.controls import clicked_event, clicked_row_event, controls_from_state, state_from_controls
from dashboard.dataset import Dataset
from dashboard.figures import map_figure, timeline_figure
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
        Output(ids.TIMELINE, "figure"), Output(ids.TABLE, "rowData"), Output(ids.TABLE, "selectedRows"),
        Output(ids.EVENT_COUNT, "children"), Output(ids.DETAILS, "children"), Output(ids.CLEAR_SELECTION, "style"),
        Output(ids.NOTICES, "children"), Output(ids.NOTICES, "is_open"),
        Output(ids.TYPES, "options"),
        Input(ids.URL, "search"),
    )
    def render(search):
        view = resolve_view(dataset, search)
        timeline = figures.get_or_build("timeline", view.state.to_query(), lambda: timeline_figure(
            view.events, group=view.state.group, selected=view.state.event, published=dataset.published,
        ).update_layout(uirevision="timeline").to_dict())
        selected = view.selected
        return (
            timeline,
            layout.table_rows(view.events),
            {"ids": [view.state.event]} if selected is not None else [],
            view.count_text,
            layout.details_body(selected),
            {"display": "inline-block"} if selected is not None else {"display": "none"},
            [layout.notice_item(n) for n in view.notices],
            bool(view.notices),
            layout.type_options(dataset.event_types, facet_counts(dataset, view.state, "type")),
        )

    @app.callback(Output(ids.ACTORS, "options"), Output(ids.ACTOR_NOTE, "children"),
                  Input(ids.URL, "search"), Input(ids.ACTOR_SEARCH, "value"))
    def list_actors(search, find):
        view = resolve_view(dataset, search)
        counts = facet_counts(dataset, view.state, "actor")
        names, matching = actor_choices(dataset, counts, find, view.state.actors)
        return layout.actor_options(names, counts, view.state.actors), layout.actor_note(len(names), matching, find)

    @app.callback(Output(ids.MAP, "figure"), Input(ids.URL, "search"), Input(ids.MAP_EXTENT, "value"))
    def render_map(search, extent):
        view = resolve_view(dataset, search)
        extent = extent if extent in ("region", "all") else "region"
        return figures.get_or_build("map", f"{extent}?{view.state.to_query()}", lambda: map_figure(
            view.events, selected=view.state.event, extent=extent, style=map_style,
        ).update_layout(uirevision=f"map-{extent}").to_dict())

    @app.callback(Output(ids.TIMELINE, "figure", allow_duplicate=True),
                  Input(ids.range_preset(ALL), "n_clicks"), prevent_initial_call=True)
    def zoom_to_preset(_clicks):
        if not isinstance(ctx.triggered_id, dict) or not any(_clicks):
            return no_update
        preset = presets[ctx.triggered_id["index"]]
        patch = Patch()
        patch["layout"]["xaxis"]["range"] = [preset.start.isoformat(), preset.end.isoformat()]
        return patch

    app.clientside_callback(
        "function(n, open) { return [!open, open ? 'Show filters' : 'Hide filters']; }",
        Output(ids.FILTERS_COLLAPSE, "is_open"), Output(ids.FILTERS_TOGGLE, "children"),
        Input(ids.FILTERS_TOGGLE, "n_clicks"), State(ids.FILTERS_COLLAPSE, "is_open"), prevent_initial_call=True,
    )
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
        "function(n) { return window.location.href; }",
        Output(ids.COPY_LINK, "content"), Input(ids.COPY_LINK, "n_clicks"), prevent_initial_call=True,
    )
    app.clientside_callback(
        "function(search) { return window.location.origin + window.location.pathname + (search || ''); }",
        Output(ids.SHARE_LINK, "value"), Input(ids.URL, "search"),
    )
