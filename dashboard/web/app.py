"""The Dash application factory."""

from __future__ import annotations

import logging
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

import dash_ag_grid
import flask_bootstrap
from dash import Dash, set_props
from flask import g, has_request_context, request, send_from_directory

from dashboard.web import callbacks, comparing, curating, languages, layout, routes, security, trending

from dashboard import ids
from dashboard.web.agenda import agenda
from dashboard.web.figure_cache import FigureCache
from dashboard.query.dataset import Dataset, load_dataset
from dashboard.query import QueryTimeout, budget
from dashboard.output.images import ImageRenderer
from dashboard.output.limits import RETRY_AFTER_S, HeavyWork
from dashboard.settings import Settings
from dashboard.web import story_routes
from dashboard.stories.library import BUNDLED_STORIES, load_stories
from dashboard.output.urls import Urls
from dashboard.query.view import resolve_view
from dashboard.language import N_, _
from dashboard.paths import ASSETS_DIR

BOOTSTRAP_CSS_DIR = Path(flask_bootstrap.__file__).parent / "static" / "bootstrap5" / "css"
YEAR = 31_536_000
LOG = logging.getLogger(__name__)


#: What a person sees when a query is cancelled for running past DASHBOARD_QUERY_TIMEOUT.
TIMED_OUT = N_("This view took too long to compute and was stopped. Narrow it (fewer dates, types or actors) "
               "and try again.")

def create_app(settings: Settings | None = None, dataset: Dataset | None = None) -> Dash:
    """Build the dashboard for ``settings`` (from the environment when None).

    Loads the dataset once (unless given); raises ``DatasetError`` if it is
    invalid, so an invalid dataset never reaches a user half-loaded.
    """
    settings = Settings.from_env() if settings is None else settings
    dataset = dataset or load_dataset(settings.data_paths or None, fmt=settings.data_format or None,
                                      strict=settings.strict,
                                      cache_dir=Path(settings.import_cache) if settings.import_cache else None,
                                      store=settings.store or None, engine=settings.engine or None,
                                      memory_limit=settings.engine_memory, threads=settings.engine_threads,
                                      timeout=settings.query_timeout)
    for problem in dataset.skipped[:20]:
        LOG.warning("row not imported: %s", problem)
    if len(dataset.skipped) > 20:
        LOG.warning("… and %d more rows not imported (python -m dashboard validate lists them all)",
                    len(dataset.skipped) - 20)
    prefix = settings.path_prefix
    urls = Urls(prefix, settings.public_url)
    _defer_table_code()
    app = Dash(
        __name__,
        title=_("Conflict timeline"),
        update_title=None,
        url_base_pathname=prefix,
        assets_folder=str(ASSETS_DIR),
        external_stylesheets=[urls.bootstrap_css()],
        external_scripts=[urls.static("map-groups.js"), urls.static("playback.js")],
        serve_locally=True,
        compress=True,
        enable_mcp=False,
        # The events table's grid is put in the page when it is first shown, after the callbacks that
        # serve it are registered: Dash's documented switch for components that arrive later.
        suppress_callback_exceptions=True,
        on_error=_callback_error,
        meta_tags=[{"name": "description", "content": _("Explore a conflict as events in time and space.")}],
    )
    app.server.config["SEND_FILE_MAX_AGE_DEFAULT"] = YEAR  # assets are fingerprinted (?m=…) by Dash
    figures = FigureCache(app.server, settings, dataset.fingerprint)
    _serve_bootstrap(app, urls)
    heavy = HeavyWork(settings.heavy_requests)
    routes.register(app.server, dataset, ImageRenderer(settings.browser_path), figures, urls,
                    heavy=heavy, map_style=settings.map_style,
                    max_pixels=settings.max_image_pixels, video_seconds=settings.video_timeout)
    stories = load_stories(Path(settings.stories_dir) if settings.stories_dir else BUNDLED_STORIES, dataset)
    for slug, problems in stories.refused.items():
        LOG.warning("story “%s” left out: %s", slug, "; ".join(str(p) for p in problems[:5]))
    comparing.register(app.server, dataset, urls, heavy=heavy)
    trending.register(app.server, dataset, urls, map_style=settings.map_style)
    curating.register(app.server, dataset, urls, heavy=heavy, editor=curating.editor_of(settings))
    story_routes.register(app.server, dataset, stories, figures, urls, heavy=heavy, map_style=settings.map_style)
    _serve_health(app, urls, dataset)
    app.server.register_error_handler(QueryTimeout, _timed_out)
    _budget_each_request(app.server, settings.request_timeout)
    languages.install(app.server)
    app.interpolate_index = languages.localised_index(app.interpolate_index)
    app.layout = partial(_layout_for_request, dataset, urls, figures, settings.map_style)
    callbacks.register(app, dataset, figures, urls, map_style=settings.map_style)
    security.install(app.server, prefix=prefix, script_hashes=app.csp_hashes(),
                     callback_map=app.callback_map, max_request_bytes=settings.max_request_bytes,
                     debug=settings.debug, trusted_proxies=settings.trusted_proxies)
    # Dash finishes setting up (registering the files it serves) on a process's first request, and its
    # guard lets a second thread through before that is done: the browser's burst of script requests
    # to a fresh gunicorn worker could get 404s. Set up now, before gunicorn forks its workers.
    app.server.test_client().get(urls.path("_dash-dependencies"))
    # gunicorn forks its workers from this process: each opens its own database on first use.
    dataset.engine.release()
    return app


def _callback_error(error: Exception):
    """A callback whose query ran too long: the notice says so, the rest of the page stays as it was."""
    if not isinstance(error, QueryTimeout):
        raise error
    LOG.warning("query cancelled: %s", error)
    set_props(ids.NOTICES, {"children": [layout.notice_item(_(TIMED_OUT))], "is_open": True, "color": "danger"})


def _budget_each_request(server, seconds: float) -> None:
    """One time budget per request, for all its queries and work, closed once its answer is made (a
    streamed download's body then runs as fast as its reader takes it)."""

    @server.before_request
    def open_budget():
        g.budget = budget.start(seconds)

    def close_budget() -> None:
        token = g.pop("budget", None)
        if token is not None:
            budget.end(token)

    @server.after_request
    def once_answered(response):
        close_budget()
        return response

    server.teardown_request(lambda _error: close_budget())  # after an error, when no answer was made


def _timed_out(error: QueryTimeout):
    """A route whose query ran too long: 503, the reason in words, and when to try again."""
    LOG.warning("query cancelled: %s %s", request.path, error)
    return _(TIMED_OUT) + "\n", 503, {"Content-Type": "text/plain; charset=utf-8", "Retry-After": str(RETRY_AFTER_S)}


def _serve_health(app: Dash, urls: Urls, dataset: Dataset) -> None:
    """``/health``: that the server answers, with the kind of its engine and the size of its data (asks the
    engine nothing, so it stays quick under load). Versions and file names, which tell an attacker what to
    try, go to the log once instead."""
    engine = {"name": dataset.engine.name}
    LOG.info("serving %s events with %s", f"{dataset.total:,}", dataset.engine.describe())

    @app.server.route(urls.route("health"))
    def health():
        return {"status": "ok", "engine": engine, "events": dataset.total, "fingerprint": dataset.fingerprint,
                "rows_not_imported": len(dataset.skipped)}


def _layout_for_request(dataset: Dataset, urls: Urls, figures: FigureCache, map_style: str):
    """The page's layout with the first figures for the view being opened, so no callback stands between
    the page and its charts. Dash asks for the layout in a request of its own, whose Referer is the page
    (same origin); without one (no request, a proxy that drops it) the default view's figures come, and
    the first callbacks replace them."""
    query = _page_query(urls)
    view = resolve_view(dataset, query)
    drawn = callbacks.first_figures(dataset, view, figures, map_style)
    return layout.page(dataset, urls, drawn, f"?{query}" if query else "", agenda(dataset, view))


def _page_query(urls: Urls) -> str:
    if not has_request_context() or not request.referrer:
        return ""
    page = urlsplit(request.referrer)
    if page.netloc != request.host or page.path != urls.page():
        return ""
    return page.query


def _defer_table_code() -> None:
    """Leave AG Grid's main script out of the page: the table loads it when it comes into view
    (``assets/dashboard.js``). Dash still serves the file; it only stops listing it in the page."""
    for resource in dash_ag_grid._js_dist:
        if resource.get("relative_package_path") == "dash_ag_grid.min.js":
            resource["dynamic"] = True


def _serve_bootstrap(app: Dash, urls: Urls) -> None:
    """Serve Bootstrap's CSS from the installed Bootstrap-Flask wheel: no CDN."""

    @app.server.route(urls.route("vendor/bootstrap/<path:filename>"))
    def bootstrap_css(filename: str):
        return send_from_directory(BOOTSTRAP_CSS_DIR, filename, max_age=YEAR)
