"""HTTP routes beside the Dash page: exports, embeds and vendored files."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

import plotly
from flask import Flask, Response, request, send_from_directory

from dashboard.cache import FigureCache
from dashboard.dataset import Dataset
from dashboard.embed import embed_figure, embed_page
from dashboard.exports import SIZE_PARAMETERS, ExportError, chart_figure, export
from dashboard.images import ImageRenderer
from dashboard.view import resolve_view

STATIC = Path(__file__).resolve().parent / "static"
PLOTLY_JS = Path(plotly.__file__).resolve().parent / "package_data"
YEAR = 31_536_000


def register(server: Flask, dataset: Dataset, renderer: ImageRenderer, figures: FigureCache, *,
             prefix: str = "/", map_style: str = "light") -> None:
    """Add the export and embed routes under ``prefix`` to ``server``."""

    @server.route(f"{prefix}export/<name>.<fmt>")
    def export_file(name: str, fmt: str):
        view_query, size_values = _split_query()
        view = resolve_view(dataset, view_query)
        today = date.today()
        key = f"{name}.{fmt}?{view.state.to_query()}&{sorted(size_values.items())}&{today}"
        try:
            made = figures.get_or_build("export", key, lambda: export(
                dataset, view, name, fmt, size=size_values, renderer=renderer, made=today, map_style=map_style))
        except ExportError as error:
            return _plain(str(error), error.status)
        response = Response(made.content, mimetype=made.mimetype)
        response.headers["Content-Disposition"] = f'inline; filename="{made.filename}"'
        return response

    @server.route(f"{prefix}embed/<chart>")
    def embed(chart: str):
        if chart not in ("timeline", "map"):
            return _plain("Unknown chart: embed “timeline” or “map”.", 404)
        view = resolve_view(dataset, _split_query()[0])
        page = figures.get_or_build("embed", f"{chart}?{view.state.to_query()}", lambda: embed_page(
            embed_figure(chart_figure(chart, view, dataset, map_style=map_style)), view, dataset, chart=chart))
        return Response(page, mimetype="text/html")

    @server.route(f"{prefix}embed/<name>.<ext>")
    def embed_static(name: str, ext: str):
        if f"{name}.{ext}" not in ("embed.js", "embed.css"):
            return _plain("Not found.", 404)
        return send_from_directory(STATIC, f"{name}.{ext}", max_age=3600)

    @server.route(f"{prefix}vendor/plotly.min.js")
    def plotly_js():
        return send_from_directory(PLOTLY_JS, "plotly.min.js", max_age=YEAR)


def _split_query() -> tuple[str, dict[str, str]]:
    """The view's query string, and the image size parameters apart from it."""
    pairs = parse_qsl(request.query_string.decode("utf-8", "replace"), keep_blank_values=True)
    sizes = {k: v for k, v in pairs if k in SIZE_PARAMETERS}
    return urlencode([(k, v) for k, v in pairs if k not in SIZE_PARAMETERS]), sizes


def _plain(message: str, status: int) -> Response:
    return Response(message + "\n", status=status, mimetype="text/plain")
