"""Layout: functions that compose the page from named pieces. No callbacks here."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard import ids
from dashboard.query.around import AROUND_DAYS, RADII
from dashboard.charts import CHARTS
from dashboard.query.dataset import Dataset
from dashboard.output.urls import Urls
from dashboard.query.view_state import PARAMS
from dashboard.figures.around import around_figure
from dashboard.figures.style import text_colour_on, type_colour, type_label
from dashboard.language.wording import casualties_text, count_words, event_window_text, place_text, when_text

def page(dataset: Dataset, urls: Urls, figures: dict | None = None, search: str = "", agenda=None) -> html.Div:
    """The whole dashboard for a dataset; the URL's query fills in the view. ``figures`` (by chart name)
    and the phone's ``agenda`` come with the page, drawn for ``search`` (the page's ``?query``), so the
    browser shows them at once."""
    figures = figures or {}
    return html.Div([
        dcc.Location(id=ids.URL, refresh=False),
        dcc.Store(id=ids.VIEW_QUERY, data=search),
        dcc.Store(id=ids.TABLE_RELOAD),
        dcc.Store(id=ids.EMBED_PATHS),
        dcc.Store(id=ids.PRESET_APPLIED),
        header(dataset, urls),
        dbc.Container([
            dbc.Alert(id=ids.NOTICES, color="warning", is_open=False, dismissable=True, className="small py-2 mt-3"),
            dbc.Row([
                dbc.Col(html.Aside([
                    dbc.Button("Show filters", id=ids.FILTERS_TOGGLE, color="dark", outline=True, size="sm",
                               className="d-md-none w-100 mb-2"),
                    dbc.Collapse(filters_panel(dataset), id=ids.FILTERS_COLLAPSE, is_open=False),
                ], **{"aria-label": "Filters"}), lg=3, md=4, className="mt-3"),
                dbc.Col(html.Main([
                    CHARTS["timeline"].card(dataset, figures.get("timeline"), agenda),
                    dbc.Row([
                        dbc.Col(CHARTS["map"].card(dataset, figures.get("map")), xl=7, className="mt-3"),
                        dbc.Col(details_card(), xl=5, className="mt-3"),
                    ]),
                    table_card(urls),
                ]), lg=9, md=8, className="mt-3"),
            ]),
            html.Footer(footer_text(dataset), className="text-muted small my-4"),
        ], fluid=True, className="px-3 px-lg-4"),
    ])


def header(dataset: Dataset, urls: Urls) -> html.Header:
    return html.Header(dbc.Navbar(dbc.Container([
        html.Div([
            html.H1("Conflict timeline", className="h4 text-white mb-0"),
            html.Div(caption_text(dataset), id=ids.DATASET_CAPTION, className="small text-white-50 dataset-caption"),
        ], className="me-3 header-title", style={"minWidth": 0}),
        share_controls(urls, compare={"ACLED", "UCDP GED"} <= set(dataset.origins)),
    ], fluid=True, className="px-3 px-lg-4 flex-wrap flex-md-nowrap"), color="dark", dark=True))


FORMAT_WORDS = {"png": "PNG image", "svg": "SVG image", "html": "interactive HTML"}
DOWNLOADS = (("events.csv", "Data (CSV)"), ("events.json", "Data (JSON)")) + tuple(
    (f"{chart.name}.{fmt}", f"{chart.title} ({FORMAT_WORDS[fmt]})") for chart in CHARTS.values() for fmt in chart.formats)


def caption_text(dataset: Dataset) -> str:
    """Which dataset the page shows, its size, and any rows that could not be imported."""
    text = f"{dataset.caption} · {count_words(dataset.total, 'event')}"
    if dataset.skipped:
        text += f" · {len(dataset.skipped):,} rows could not be imported (python -m dashboard validate lists them)"
    return text


#: With ACLED and UCDP both loaded: the comparison page and its pairs.
COMPARISON = (("compare", "Compare ACLED and UCDP…"), ("pairs.csv", "ACLED–UCDP pairs (CSV)"))


def link_path(urls: Urls, name: str, state=None) -> str:
    """Where a link of the Download menu leads for a view: an export, or the comparison page."""
    if name == "compare":
        return urls.path("compare", query=state.to_query() if state else "")
    return urls.export(name, state)


def share_controls(urls: Urls, *, compare: bool = False) -> html.Div:
    items = DOWNLOADS + (COMPARISON if compare else ())
    return html.Div([
        dbc.DropdownMenu([
            html.A(label, id=ids.download_link(name), href=link_path(urls, name),
                   **({} if name == "compare" else {"download": name}), className="dropdown-item")
            for name, label in items
        ], label="Download", size="sm", color="light", align_end=True, class_name="d-print-none"),
        dbc.Button("Embed", id=ids.EMBED_OPEN, size="sm", color="light", className="text-nowrap d-print-none"),
        embed_dialog(),
        story_controls(urls),
        dbc.Label("Link to this view", html_for=ids.SHARE_LINK, className="visually-hidden"),
        dbc.Input(id=ids.SHARE_LINK, readonly=True, size="sm", className="d-none d-md-block share-link"),
        dcc.Store(id=ids.PUBLIC_URL, data=urls.public or None),
        dcc.Clipboard(id=ids.COPY_LINK, title="Copy the link to this view",
                      children=[html.Span("⧉", className="me-1", **{"aria-hidden": "true"}), "Copy link"],
                      copied_children=[html.Span("✓", className="me-1", **{"aria-hidden": "true"}), "Copied"],
                      className="btn btn-sm btn-light d-flex align-items-center text-nowrap copy-link"),
    ], className="d-flex align-items-center gap-2 ms-auto mt-2 mt-md-0")


def story_controls(urls: Urls) -> html.Div:
    """The Story menu: add this view to the draft, open the draft, all stories. ``assets/story-draft.js``
    keeps the draft in the browser (local storage) and opens its editor; nothing reaches the server until
    the author asks for a preview (rendered, never stored)."""
    data = {"data-preview": urls.path("story", "preview"), "data-params": ",".join(p.key for p in PARAMS)}
    return html.Div([
        dbc.DropdownMenu([
            html.Button("Add this view to a story", id=ids.STORY_ADD, type="button", className="dropdown-item",
                        **{"data-story-action": "add"}, **data),
            html.Button("Story draft", id=ids.STORY_DRAFT, type="button", className="dropdown-item",
                        **{"data-story-action": "open"}, **data),
            dbc.DropdownMenuItem(divider=True),
            html.A("All stories", id=ids.STORIES_LINK, href=urls.path("stories"), className="dropdown-item"),
        ], id=ids.STORY_MENU, label="Story", size="sm", color="light", align_end=True),
        html.Span(id=ids.STORY_STATUS, role="status", className="story-status small text-white-50",
                  **{"data-story-status": ""}),
    ], className="d-flex align-items-center gap-2 d-print-none")


def embed_dialog() -> dbc.Modal:
    """The ready-to-paste iframe snippets for the current view."""
    def snippet(chart) -> html.Div:
        box = ids.embed_code(chart.name)
        return html.Div([
            html.Div([dbc.Label(chart.title, html_for=box, className="me-auto mb-0"),
                      dcc.Clipboard(target_id=box, title=f"Copy the {chart.title.lower()} snippet",
                                    children="Copy", copied_children="Copied",
                                    className="btn btn-sm btn-outline-secondary")],
                     className="d-flex align-items-center mb-1"),
            dcc.Textarea(id=box, readOnly=True, rows=3, className="form-control font-monospace small"),
        ], className="mb-3")

    return dbc.Modal([
        dbc.ModalHeader(dbc.ModalTitle("Embed this view")),
        dbc.ModalBody([
            html.P("Paste one of these into a web page. The chart follows the filters you have set now, and "
                   "links back to this view.", className="small text-muted"),
            html.P("These snippets point at this machine: they work only here. Set DASHBOARD_PUBLIC_URL to the "
                   "dashboard's public address and they will point there.", id=ids.EMBED_ONLY_HERE,
                   className="alert alert-warning small py-2", role="note", hidden=True),
            *[snippet(chart) for chart in CHARTS.values()],
        ]),
    ], id=ids.EMBED_DIALOG, is_open=False, size="lg")


def filters_panel(dataset: Dataset) -> dbc.Card:
    first, last = dataset.first, dataset.last
    return dbc.Card(dbc.CardBody([
        html.Div([
            html.H2("Filters", className="h6 text-uppercase text-muted mb-0"),
            dbc.Button("Done", id=ids.FILTERS_CLOSE, size="sm", color="primary", className="d-md-none"),
        ], className="d-flex justify-content-between align-items-center mb-2"),
        html.Div([
            dbc.Label("Search", html_for=ids.SEARCH),
            dbc.Input(id=ids.SEARCH, type="search", debounce=True, placeholder="Words, names, places…",
                      autocomplete="off"),
        ], className="mb-3"),
        html.Fieldset([
            html.Legend("Sources", className="form-label fs-6"),
            dbc.Checklist(id=ids.SOURCES, options=source_options(list(dataset.origins), {}), value=[],
                          label_class_name="w-100"),
        ], className="mb-3", hidden=len(dataset.origins) < 2),
        html.Fieldset([
            html.Legend("Event types", className="form-label fs-6"),
            dbc.Checklist(id=ids.TYPES, options=type_options(list(dataset.event_types), {}), value=[],
                          class_name="type-checklist", label_class_name="w-100"),
        ], className="mb-3"),
        html.Fieldset([
            html.Legend("Actors", className="form-label fs-6"),
            dbc.Label("Find an actor", html_for=ids.ACTOR_SEARCH, className="visually-hidden"),
            dbc.Input(id=ids.ACTOR_SEARCH, type="search", size="sm", placeholder="Find an actor…",
                      autocomplete="off", className="mb-2"),
            html.Div(dbc.Checklist(id=ids.ACTORS, options=actor_options(list(dataset.actors[:40]), {}, (), dataset.members), value=[],
                                   label_class_name="w-100"),
                     className="actor-list", tabIndex=0, role="group", **{"aria-label": "Actors"}),
            html.Small(id=ids.ACTOR_NOTE, className="text-muted"),
        ], className="mb-3"),
        html.Fieldset([
            html.Legend("Dates", className="form-label fs-6"),
            dbc.Row([
                dbc.Col([dbc.Label("From", html_for=ids.DATE_FROM, className="small mb-0"),
                         dbc.Input(id=ids.DATE_FROM, type="date", size="sm", min=first.date().isoformat(),
                                   max=last.date().isoformat(), debounce=True)]),
                dbc.Col([dbc.Label("To", html_for=ids.DATE_TO, className="small mb-0"),
                         dbc.Input(id=ids.DATE_TO, type="date", size="sm", min=first.date().isoformat(),
                                   max=last.date().isoformat(), debounce=True)]),
            ], className="g-2"),
            dbc.FormText("Keeps events that overlap these dates."),
        ], className="mb-3"),
        html.Fieldset([
            html.Legend("Timeline lanes", className="form-label fs-6"),
            dbc.RadioItems(id=ids.GROUP, options=[{"label": "By event type", "value": "type"},
                                                  {"label": "By actor", "value": "actor"}]
                           + ([{"label": "By source", "value": "source"}] if len(dataset.origins) > 1 else []),
                           value="type", inline=True),
        ], className="mb-3"),
        dbc.Button("Reset all filters", id=ids.RESET, color="secondary", outline=True, size="sm", className="w-100"),
    ]), className="shadow-sm")


def details_card() -> dbc.Card:
    """The selected event's card; with several sources and an event selected, the radius its "around this
    event" counts within."""
    radius = html.Div(html.Div([  # hidden on the outer box: Bootstrap's d-flex would override the attribute
        html.Small("Other sources around it, within", className="text-muted me-2"),
        dbc.RadioItems(id=ids.AROUND_KM, options=[{"label": f"{km} km", "value": km} for km in sorted(RADII)],
                       value=RADII[0], inline=True, input_class_name="me-1", class_name="small"),
    ], className="d-flex flex-wrap align-items-center px-3 pt-2"), id=ids.AROUND_CONTROLS, hidden=True)
    return dbc.Card([
        dbc.CardHeader(html.Div([
            html.H2("Event details", className="h6 mb-0 me-auto"),
            dbc.Button("Clear selection", id=ids.CLEAR_SELECTION, size="sm", color="dark", outline=True,
                       style={"display": "none"}),
        ], className="d-flex align-items-center")),
        radius,
        dbc.CardBody(html.Div(id=ids.DETAILS, children=details_body(None), className="details-body", tabIndex=0,
                              role="region", **{"aria-label": "Event details", "aria-live": "polite"})),
    ], className="shadow-sm h-100")


def table_card(urls: Urls) -> dbc.Card:
    """The events table's card. The grid's code (600 KB) is not part of the first view: the browser loads
    it when the card scrolls into view, and the server then puts the grid (``event_grid``) in its slot."""
    loader = {"script": urls.path("_dash-component-suites", "dash_ag_grid", "dash_ag_grid.min.js"), "grid": ids.TABLE,
              "shown": ids.TABLE_SHOWN}
    return dbc.Card([
        dbc.CardHeader(html.H2("Events", className="h6 mb-0")),
        dbc.CardBody([
            dcc.Store(id=ids.TABLE_LOADER, data=loader),
            dcc.Store(id=ids.TABLE_SHOWN),
            dcc.Store(id=ids.TABLE_CLICK),
            html.Div(html.P("The table of events loads here.", className="text-muted small p-3 mb-0"),
                     id=ids.TABLE_SLOT, className="table-slot"),
        ], className="p-0"),
    ], className="shadow-sm mt-3")


def event_grid() -> dag.AgGrid:
    """The events table: rows paged and sorted on the server, as text (never HTML)."""
    columns = [
        {"field": "date", "headerName": "Date", "sort": "asc", "width": 120, "minWidth": 110},
        {"field": "when", "headerName": "When (as worded)", "flex": 1, "minWidth": 160},
        {"field": "title", "headerName": "Event", "flex": 2, "minWidth": 220},
        {"field": "type", "headerName": "Type", "width": 130},
        {"field": "actors", "headerName": "Actors", "flex": 1, "minWidth": 160},
        {"field": "place", "headerName": "Place", "flex": 1, "minWidth": 140},
        {"field": "casualties", "headerName": "Casualties", "width": 150},
    ]
    for column in columns:  # a cell cut short shows its whole text on hover
        column["tooltipField"] = column["field"]
    return dag.AgGrid(
        id=ids.TABLE, columnDefs=columns, rowModelType="infinite", getRowId="params.data.event_id",
        rowClassRules={"selected-event": "params.data && params.data.selected"},
        defaultColDef={"sortable": True, "resizable": True},
        dashGridOptions={"rowSelection": {"mode": "singleRow", "checkboxes": False, "enableClickSelection": True},
                         "animateRows": False, "rowBuffer": 30, "cacheBlockSize": 100, "maxBlocksInCache": 20,
                         "infiniteInitialRowCount": 1, "rowHeight": 44, "tooltipShowDelay": 300},
        className="ag-theme-quartz", style={"width": "100%", "height": "460px"},
    )


def footer_text(dataset: Dataset) -> list:
    return [f"Data: {dataset.caption}. ",
            "Map outlines: Natural Earth (public domain) via world-atlas. ",
            "Dates are never shown more precisely than their source allows."]


# ---- pieces filled in by callbacks -------------------------------------------------------------

def type_options(event_types: list[str], counts: dict[str, int] | None) -> list[dict]:
    """Checklist options: a colour swatch, the type's name and how many events the other filters keep."""
    return _type_options(tuple(event_types), tuple((counts or {}).items()))


@lru_cache(maxsize=512)
def _type_options(event_types: tuple[str, ...], counted: tuple[tuple[str, int], ...]) -> list[dict]:
    # the same counts give the same options: views that differ only in selection, lanes or extent, and
    # every reader of one view, share them (the components are never changed once made)
    counts = dict(counted)
    options = []
    for event_type in event_types:
        colour = type_colour(event_type)
        options.append({"value": event_type, "label": html.Span([
            html.Span(className="swatch", style={"backgroundColor": colour}),
            html.Span(type_label(event_type).replace("/", "/\u200b")),  # "Explosions/Remote violence" may break
            html.Span(f"{counts.get(event_type, 0):,}" if counts else "", className="count ms-auto"),
        ], className="d-flex align-items-center gap-2 w-100")})
    return options


def source_options(origins: list[str], counts: dict[str, int] | None) -> list[dict]:
    """Checklist options: each dataset the events come from, with how many the other filters keep."""
    return _source_options(tuple(origins), tuple((counts or {}).items()))


@lru_cache(maxsize=512)
def _source_options(origins: tuple[str, ...], counted: tuple[tuple[str, int], ...]) -> list[dict]:
    counts = dict(counted)
    return [{"value": origin, "label": html.Span([
        html.Span(origin),
        html.Span(f"{counts.get(origin, 0):,}" if counts else "", className="count ms-auto"),
    ], className="d-flex align-items-center gap-2 w-100")} for origin in origins]


def actor_options(actors: list[str], counts: dict[str, int] | None, chosen: tuple[str, ...],
                  members: Mapping[str, tuple[str, ...]] | None = None, find: str | None = None) -> list[dict]:
    """Checklist options "Armenia  12": chosen actors first, then by count; under an actor that counts
    other sources' actors (its members), their names as the sources write them — two and a count, or all
    of them once the actor is chosen or ``find`` matches one of them."""
    counts, members = counts or {}, members or {}
    words = (find or "").strip().lower()
    order = sorted(actors, key=lambda a: (a not in chosen, -counts.get(a, 0), a))

    def expanded(actor: str) -> bool:
        return actor in chosen or bool(words) and any(words in m.lower() for m in members.get(actor, ()))

    return [{"value": a, "label": html.Span([
        html.Span([html.Span(a), _members_line(members.get(a, ()), shown=len(members.get(a, ())) if expanded(a)
                                               else 2)], className="actor-name"),
        html.Span(f"{counts[a]:,}" if a in counts else "", className="count ms-auto")],
        className="d-flex gap-2 w-100")} for a in order]


def _members_line(names: tuple[str, ...], shown: int = 2):
    """"incl. Military Forces of Azerbaijan (2003-), Government of Azerbaijan +3" (all of them on hover)."""
    if not names:
        return None
    more = f" +{len(names) - shown}" if len(names) > shown else ""
    return html.Small("incl. " + ", ".join(names[:shown]) + more, title="Counted here: " + "; ".join(names),
                      className="actor-members d-block text-muted")


def actor_note(shown: int, matching: int, find: str | None) -> str:
    """The line under the actor list: how many are listed, and how to find the rest."""
    if find and not matching:
        return f"No actor matches “{find}”."
    if shown < matching:
        return f"Showing {shown} of {matching:,} actors; type to find others."
    return ""


def table_rows(events: pd.DataFrame, selected: str | None = None) -> list[dict]:
    """Rows for the events table (text only: the grid renders it as text, never as HTML)."""
    return [{
        "event_id": e.event_id,
        "selected": e.event_id == selected,
        "date": e.date_start.strftime("%Y-%m-%d"),
        "when": event_window_text(e),
        "title": e.title,
        "type": type_label(e.event_type),
        "actors": ", ".join(e.actors),
        "place": place_text(e),
        "casualties": casualties_text(e),
    } for e in events.itertuples()]


def around_block(found, urls: Urls) -> list:
    """"Around this event": other sources' events near it, as a small weekly chart with a link to that view."""
    if found is None:
        return []
    km, days = found.state.near[2], AROUND_DAYS
    words = ", ".join(f"{origin} {count:,}" for origin, count in found.totals.items())
    day = pd.Timestamp(found.state.date_from) + pd.Timedelta(days=days)
    return [html.Section([
        html.H4("Around this event", className="h6 mt-3 mb-1"),
        html.P(f"Within {km:g} km and {days} days either side: {words}.", className="small mb-1"),
        dcc.Graph(figure=around_figure(found.weeks, tuple(found.totals), day, days), config={"staticPlot": True},
                  style={"height": "130px"}, className="around-graph"),
        html.A("Open that view", href=urls.page(found.state), className="small"),
    ], className="around-event", **{"aria-label": "Around this event"})]


def details_body(event, counted_as=None, around=None) -> list:
    """The selected event in full, down to the source's words; a hint when nothing is selected.
    ``counted_as(name)`` names the actor a source's actor is counted under (shown when it differs)."""
    if event is None:
        return [html.P("Select an event on the timeline, the map or the table to read its details and source.",
                       className="text-muted mb-0")]
    colour = type_colour(event.event_type)
    badges = [html.Span(type_label(event.event_type), className="badge me-1",
                        style={"backgroundColor": colour, "color": text_colour_on(colour)})]
    if event.status == "scheduled":
        badges.append(html.Span("Scheduled", className="badge text-bg-warning me-1"))
    rows = [
        ("When", [html.Div(when_text(event)), html.Small(_text(event.date_basis), className="text-muted")]),
        ("Actors", ", ".join(_actor_words(name, counted_as) for name in event.actors) or "—"),
        ("People", ", ".join(event.people) or "—"),
        ("Place", [html.Div(place_text(event) or "—"),
                   html.Small(_text(event.geo_basis), className="text-muted") if _text(event.geo_basis) else None]),
        ("Casualties", casualties_text(event) or "Not stated"),
    ]
    source = [html.Div(_text(event.source))]
    if _text(event.source_url):
        source.append(html.A("Open the source", href=event.source_url, target="_blank", rel="noopener noreferrer"))
    return [
        html.H3(event.title, className="h5"),
        html.Div(badges, className="mb-2"),
        html.P(_text(event.summary)),
        html.Dl(sum(([html.Dt(k, className="col-sm-4"), html.Dd(v, className="col-sm-8")] for k, v in rows), []),
                className="row small mb-2"),
        html.Figure([
            html.Blockquote(html.P(_text(event.source_excerpt), className="mb-0"), className="blockquote fs-6"),
            html.Figcaption(source, className="blockquote-footer mt-1 mb-0"),
        ], className="source-quote mb-0"),
    ] + (around or [])


def _actor_words(name: str, counted_as) -> str:
    counted = counted_as(name) if counted_as else name
    return name if counted == name else f"{name} (counted as {counted})"


def notice_item(text: str) -> html.Div:
    """One line of the notice shown when parts of a URL were ignored."""
    return html.Div(text)


def _text(value) -> str:
    return value if isinstance(value, str) else ""
