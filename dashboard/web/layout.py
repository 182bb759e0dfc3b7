"""Layout: functions that compose the page from named pieces. No callbacks here."""

from __future__ import annotations

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard import ids
from dashboard.query.around import AROUND_DAYS, RADII
from dashboard.data.translations import DATA_LANGUAGE
from dashboard.charts import dashboard_charts, CardParts
from dashboard.query.dataset import Dataset
from dashboard.output.urls import Urls
from dashboard.query import params
from dashboard.web.filter_panel import chart_controls, filters_panel
from dashboard.figures.around import around_figure
from dashboard.figures.style import text_colour_on, type_colour, type_label
from dashboard.language import LANGUAGES, N_, _, available, formats, language, ngettext
from dashboard.query.view_state import ViewState
from dashboard.language.charts import chart_config
from dashboard.language.wording import casualties_text, event_window_text, place_text, when_text

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
        header(dataset, urls, search),
        dbc.Container([
            dbc.Alert(id=ids.NOTICES, color="warning", is_open=False, dismissable=True, className="small py-2 mt-3"),
            dbc.Row([
                dbc.Col(html.Aside([
                    dbc.Button(_("Show filters"), id=ids.FILTERS_TOGGLE, color="dark", outline=True, size="sm",
                               className="d-md-none w-100 mb-2"),
                    dbc.Collapse(filters_panel(dataset), id=ids.FILTERS_COLLAPSE, is_open=False),
                ], **{"aria-label": _("Filters")}), lg=3, md=4, className="mt-3"),
                dbc.Col(html.Main([
                    dbc.Row([*chart_cards(dataset, figures, agenda), dbc.Col(details_card(), xl=5, className="mt-3")]),
                    table_card(urls),
                ]), lg=9, md=8, className="mt-3"),
            ]),
            html.Footer(footer_text(dataset), className="text-muted small my-4"),
        ], fluid=True, className="px-3 px-lg-4"),
    ])


def chart_cards(dataset: Dataset, figures: dict, agenda=None) -> list:
    """Every dashboard chart's card in a column of its width, in ``dashboard_charts()``' order (each with its first
    figure and the controls placed on it)."""
    return [dbc.Col([
        dcc.Store(id=ids.chart_width(name), data={"width": chart.page_width, "step": chart.width_step}),
        dcc.Store(id=ids.chart_zoom(name)),
        chart.card(dataset, CardParts(figures.get(name), tuple(chart_controls(name, dataset)), agenda)),
    ], xl=chart.columns, className="mt-3" if i else "") for i, (name, chart) in enumerate(dashboard_charts().items())]


def header(dataset: Dataset, urls: Urls, search: str = "") -> html.Header:
    return html.Header(dbc.Navbar(dbc.Container([
        html.Div([
            html.H1(_("Conflict timeline"), className="h4 text-white mb-0"),
            html.Div(caption_text(dataset), id=ids.DATASET_CAPTION, className="small text-white-50 dataset-caption"),
        ], className="me-3 header-title", style={"minWidth": 0}),
        share_controls(urls, compare={"ACLED", "UCDP GED"} <= set(dataset.origins)),
        language_menu(urls, search),
    ], fluid=True, className="px-3 px-lg-4 flex-wrap flex-md-nowrap"), color="dark", dark=True))


def language_menu(urls: Urls, search: str = "") -> html.Nav:
    """The languages the dashboard is written in, each named in itself, each link this view in it."""
    state = ViewState.from_query(search)[0]
    return html.Nav(dbc.DropdownMenu([
        html.A(name, id=ids.language_link(code), href=language_path(urls, state, code), lang=code, hrefLang=code,
               className="dropdown-item" + (" active" if code == language() else ""))
        for code, name in available().items()
    ], label=LANGUAGES.get(language(), language()), size="sm", color="light", align_end=True,
        class_name="d-print-none language-menu", toggle_class_name="text-nowrap"),
        className="ms-2", **{"aria-label": _("Language")})


def language_path(urls: Urls, state: ViewState, lang: str) -> str:
    """This view's address in ``lang``."""
    return urls.page(state.with_value("lang", lang))


FORMAT_WORDS = {"png": N_("PNG image"), "svg": N_("SVG image"), "pdf": N_("PDF, vector"),
                "html": N_("interactive HTML")}


def downloads() -> tuple[tuple[str, str], ...]:
    """(file name, words) of each download the Share menu offers: the events, the one-page report, then every
    chart's formats."""
    return (("events.csv", _("Data (CSV)")), ("events.json", _("Data (JSON)")),
            ("report.pdf", _("Report of this view (PDF, one page)"))) + tuple(
        (f"{chart.name}.{fmt}", _("{chart} ({format})").format(chart=_(chart.title), format=_(FORMAT_WORDS[fmt])))
        for chart in dashboard_charts().values() for fmt in chart.formats)


def caption_text(dataset: Dataset) -> str:
    """Which dataset the page shows, its size, and any rows that could not be imported."""
    events = ngettext("{count} event", "{count} events", dataset.total).format(count=formats.number(dataset.total))
    text = f"{dataset.caption} · {events}"
    if dataset.skipped:
        text += " · " + ngettext(
            "{count} row could not be imported (python -m dashboard validate lists it)",
            "{count} rows could not be imported (python -m dashboard validate lists them)",
            len(dataset.skipped)).format(count=formats.number(len(dataset.skipped)))
    return text


#: With ACLED and UCDP both loaded: the comparison page and its pairs.
COMPARISON = (("compare", N_("Compare ACLED and UCDP…")), ("pairs.csv", N_("ACLED–UCDP pairs (CSV)")))


#: Pages of the Download menu beside the files: what changed (trends, #25).
PAGES_OF_A_VIEW = (("trends", N_("What changed (trends)…")),)


#: The Download menu's links to pages (not files): opened, never downloaded.
PAGE_NAMES = frozenset(name for name, _words in PAGES_OF_A_VIEW + COMPARISON if "." not in name)


def link_path(urls: Urls, name: str, state=None) -> str:
    """Where a link of the Download menu leads for a view: an export, or a page of its own (the comparison, the
    trends)."""
    if name in PAGE_NAMES:
        return urls.path(name, query=state.to_query() if state else "")
    return urls.export(name, state)


def share_controls(urls: Urls, *, compare: bool = False) -> html.Div:
    items = downloads() + tuple((name, _(words)) for name, words in PAGES_OF_A_VIEW) + (
        tuple((name, _(words)) for name, words in COMPARISON) if compare else ())
    return html.Div([
        dbc.DropdownMenu([
            html.A(label, id=ids.download_link(name), href=link_path(urls, name),
                   **({} if name in PAGE_NAMES else {"download": name}), className="dropdown-item")
            for name, label in items
        ], label=_("Download"), size="sm", color="light", align_end=True, class_name="d-print-none"),
        dbc.Button(_("Embed"), id=ids.EMBED_OPEN, size="sm", color="light", className="text-nowrap d-print-none"),
        embed_dialog(),
        story_controls(urls),
        dbc.Label(_("Link to this view"), html_for=ids.SHARE_LINK, className="visually-hidden"),
        dbc.Input(id=ids.SHARE_LINK, readonly=True, size="sm", className="d-none d-md-block share-link"),
        dcc.Store(id=ids.PUBLIC_URL, data=urls.public or None),
        dcc.Clipboard(id=ids.COPY_LINK, title=_("Copy the link to this view"),
                      children=[html.Span("⧉", className="me-1", **{"aria-hidden": "true"}), _("Copy link")],
                      copied_children=[html.Span("✓", className="me-1", **{"aria-hidden": "true"}), _("Copied")],
                      className="btn btn-sm btn-light d-flex align-items-center text-nowrap copy-link"),
    ], className="d-flex flex-wrap align-items-center gap-2 ms-auto mt-2 mt-md-0")


def story_controls(urls: Urls) -> html.Div:
    """The Story menu: add this view to the draft, open the draft, all stories. ``assets/story-draft.js``
    keeps the draft in the browser (local storage) and opens its editor; nothing reaches the server until
    the author asks for a preview (rendered, never stored)."""
    data = {"data-preview": urls.path("story", "preview"), "data-params": ",".join(p.key for p in params.PARAMS)}
    return html.Div([
        dbc.DropdownMenu([
            html.Button(_("Add this view to a story"), id=ids.STORY_ADD, type="button", className="dropdown-item",
                        **{"data-story-action": "add"}, **data),
            html.Button(_("Story draft"), id=ids.STORY_DRAFT, type="button", className="dropdown-item",
                        **{"data-story-action": "open"}, **data),
            dbc.DropdownMenuItem(divider=True),
            html.A(_("All stories"), id=ids.STORIES_LINK, href=urls.path("stories"), className="dropdown-item"),
            html.A(_("From an article to events…"), id=ids.CURATE_LINK, href=urls.path("curate"),
                   className="dropdown-item"),
        ], id=ids.STORY_MENU, label=_("Story"), size="sm", color="light", align_end=True),
        html.Span(id=ids.STORY_STATUS, role="status", className="story-status small text-white-50",
                  **{"data-story-status": ""}),
    ], className="d-flex align-items-center gap-2 d-print-none")


def embed_dialog() -> dbc.Modal:
    """The ready-to-paste iframe snippets for the current view."""
    def snippet(chart) -> html.Div:
        box = ids.embed_code(chart.name)
        return html.Div([
            html.Div([dbc.Label(_(chart.title), html_for=box, className="me-auto mb-0"),
                      dcc.Clipboard(target_id=box, title=_("Copy the snippet of the {chart}").format(
                                        chart=_(chart.title).lower()),
                                    children=_("Copy"), copied_children=_("Copied"),
                                    className="btn btn-sm btn-outline-secondary")],
                     className="d-flex align-items-center mb-1"),
            dcc.Textarea(id=box, readOnly=True, rows=3, className="form-control font-monospace small"),
        ], className="mb-3")

    return dbc.Modal([
        dbc.ModalHeader(dbc.ModalTitle(_("Embed this view"), id=ids.EMBED_TITLE)),
        dbc.ModalBody([
            html.P(_("Paste one of these into a web page. The chart follows the filters you have set now, and "
                     "links back to this view."), className="small text-muted"),
            html.P(_("These snippets point at this machine: they work only here. Set DASHBOARD_PUBLIC_URL to the "
                     "dashboard's public address and they will point there."), id=ids.EMBED_ONLY_HERE,
                   className="alert alert-warning small py-2", role="note", hidden=True),
            *[snippet(chart) for chart in dashboard_charts().values()],
        ]),
    ], id=ids.EMBED_DIALOG, is_open=False, size="lg", labelledby=ids.EMBED_TITLE)  # the dialog named by its title


def details_card() -> dbc.Card:
    """The selected event's card; with several sources and an event selected, the radius its "around this
    event" counts within."""
    radius = html.Div(html.Div([  # hidden on the outer box: Bootstrap's d-flex would override the attribute
        html.Small(_("Other sources around it, within"), className="text-muted me-2"),
        dbc.RadioItems(id=ids.AROUND_KM, options=[{"label": _("{km} km").format(km=formats.number(km)), "value": km}
                                                  for km in sorted(RADII)],
                       value=RADII[0], inline=True, input_class_name="me-1", class_name="small"),
    ], className="d-flex flex-wrap align-items-center px-3 pt-2"), id=ids.AROUND_CONTROLS, hidden=True)
    return dbc.Card([
        dbc.CardHeader(html.Div([
            html.H2(_("Event details"), className="h6 mb-0 me-auto"),
            dbc.Button(_("Clear selection"), id=ids.CLEAR_SELECTION, size="sm", color="dark", outline=True,
                       style={"display": "none"}),
        ], className="d-flex align-items-center")),
        radius,
        dbc.CardBody(html.Div(id=ids.DETAILS, children=details_body(None), className="details-body", tabIndex=0,
                              role="region", **{"aria-label": _("Event details"), "aria-live": "polite"})),
    ], className="shadow-sm h-100")


def table_card(urls: Urls) -> dbc.Card:
    """The events table's card. The grid's code (600 KB) is not part of the first view: the browser loads
    it when the card scrolls into view, and the server then puts the grid (``event_grid``) in its slot."""
    loader = {"script": urls.path("_dash-component-suites", "dash_ag_grid", "dash_ag_grid.min.js"), "grid": ids.TABLE,
              "shown": ids.TABLE_SHOWN}
    return dbc.Card([
        dbc.CardHeader(html.H2(_("Events"), className="h6 mb-0")),
        dbc.CardBody([
            dcc.Store(id=ids.TABLE_LOADER, data=loader),
            dcc.Store(id=ids.TABLE_SHOWN),
            dcc.Store(id=ids.TABLE_CLICK),
            html.Div(html.P(_("The table of events loads here."), className="text-muted small p-3 mb-0"),
                     id=ids.TABLE_SLOT, className="table-slot"),
        ], className="p-0"),
    ], className="shadow-sm mt-3")


def event_grid() -> dag.AgGrid:
    """The events table: rows paged and sorted on the server, as text (never HTML)."""
    columns = [
        {"field": "date", "headerName": _("Date"), "sort": "asc", "width": 120, "minWidth": 110},
        {"field": "when", "headerName": _("When (as worded)"), "flex": 1, "minWidth": 160},
        {"field": "title", "headerName": _("Event"), "flex": 2, "minWidth": 220},
        {"field": "type", "headerName": _("Type"), "width": 130},
        {"field": "actors", "headerName": _("Actors"), "flex": 1, "minWidth": 160},
        {"field": "place", "headerName": _("Place"), "flex": 1, "minWidth": 140},
        {"field": "casualties", "headerName": _("Casualties"), "width": 150},
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
    return [_("Data: {source}.").format(source=dataset.caption) + " ",
            _("Map outlines: Natural Earth (public domain) via world-atlas.") + " ",
            _("Dates are never shown more precisely than their source allows.")]


# ---- pieces filled in by callbacks -------------------------------------------------------------

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
    words = ", ".join(f"{origin} {formats.number(count)}" for origin, count in found.totals.items())
    day = pd.Timestamp(found.state.date_from) + pd.Timedelta(days=days)
    return [html.Section([
        html.H4(_("Around this event"), className="h6 mt-3 mb-1"),
        html.P(_("Within {km} km and {days} days either side: {counts}.").format(
            km=formats.number(km), days=formats.number(days), counts=words), className="small mb-1"),
        dcc.Graph(figure=around_figure(found.weeks, tuple(found.totals), day, days),
                  config=chart_config({"staticPlot": True}),
                  style={"height": "130px"}, className="around-graph"),
        html.A(_("Open that view"), href=urls.page(found.state), className="small"),
    ], className="around-event", **{"aria-label": _("Around this event")})]


def details_body(event, counted_as=None, around=None, place_names=None) -> list:
    """The selected event in full, down to the source's words; a hint when nothing is selected.
    ``counted_as(name)`` names the actor a source's actor is counted under (shown when it differs);
    ``place_names(location)`` the place's other names (the page shows the name the source used, these beside)."""
    if event is None:
        return [html.P(_("Select an event on the timeline, the map or the table to read its details and source."),
                       className="text-muted mb-0")]
    colour = type_colour(event.event_type)
    badges = [html.Span(type_label(event.event_type), className="badge me-1",
                        style={"backgroundColor": colour, "color": text_colour_on(colour)})]
    if event.status == "scheduled":
        badges.append(html.Span(_("Scheduled"), className="badge text-bg-warning me-1"))
    rows = [
        (_("When"), [html.Div(when_text(event)), html.Small(_text(event.date_basis), className="text-muted")]),
        (_("Actors"), ", ".join(_actor_words(name, counted_as) for name in event.actors) or "—"),
        (_("People"), ", ".join(event.people) or "—"),
        (_("Place"), [html.Div(place_text(event) or "—"),
                      html.Small(_text(event.geo_basis), className="text-muted") if _text(event.geo_basis) else None,
                      _other_names(place_names(_text(event.location)) if place_names else ())]),
        (_("Casualties"), casualties_text(event) or _("Not stated")),
    ]
    source = [html.Div(_text(event.source))]
    if _text(event.source_url):
        source.append(html.A(_("Open the source"), href=event.source_url, target="_blank", rel="noopener noreferrer"))
    own = _in_data_language(event)  # the event's words, in the language of the data unless translated
    if getattr(event, "translated", False):
        badges.append(html.Span(_("Translated from English"), className="badge text-bg-light border me-1",
                                title=_("The title and summary are translated; the source's words are below.")))
    return [
        html.H3(event.title, className="h5", **own),
        html.Div(badges, className="mb-2"),
        html.P(_text(event.summary), **own),
        html.Dl(sum(([html.Dt(k, className="col-sm-4"), html.Dd(v, className="col-sm-8")] for k, v in rows), []),
                className="row small mb-2"),
        html.Figure([
            # the source's own words, never translated, in the language they were written in
            html.Blockquote(html.P(_text(event.source_excerpt), className="mb-0"), className="blockquote fs-6",
                            lang=DATA_LANGUAGE),
            html.Figcaption(source, className="blockquote-footer mt-1 mb-0"),
        ], className="source-quote mb-0"),
    ] + (around or [])


def _other_names(names) -> html.Div | None:
    """A place's other names, each as written in its own language and script."""
    if not names:
        return None
    # Translators: a place's names in other languages and by other sides, "Also called: Laçın, Berdzor, Лачин"
    return html.Div([_("Also called:"), " ", *[part for i, name in enumerate(names) for part in
                                              ([", "] if i else []) + [html.Span(name, className="place-name")]]],
                    className="small text-muted place-names")


def _in_data_language(event) -> dict:
    """``lang`` for an event's own words on a page in another language (read out as what they are)."""
    return {} if getattr(event, "translated", False) or language() == DATA_LANGUAGE else {"lang": DATA_LANGUAGE}


def _actor_words(name: str, counted_as) -> str:
    counted = counted_as(name) if counted_as else name
    return name if counted == name else _("{name} (counted as {actor})").format(name=name, actor=counted)


def notice_item(text: str) -> html.Div:
    """One line of the notice shown when parts of a URL were ignored."""
    return html.Div(text)


def _text(value) -> str:
    return value if isinstance(value, str) else ""
