"""HTTP routes beside the Dash page: exports, embeds, vendored files and framing rules."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

import plotly
from flask import Flask, Response, request, send_from_directory

from dashboard.dataset import Dataset
from dashboard.embed import embed_figure, embed_page
from dashboard.exports import SIZE_PARAMETERS, ExportError, chart_figure, export
from dashboard.images import ImageRenderer
from dashboard.view import resolve_view

STATIC = Path(__file__).resolve().parent / "static"
PLOTLY_JS = Path(plotly.__file__).resolve().parent / "package_data"
YEAR = 31_536_000
EMBEDDABLE = ("/embed/",)


def register(server: Flask, dataset: Dataset, renderer: ImageRenderer) -> None:
    """Add the export and embed routes and the framing headers to ``server``."""

    @server.route("/export/<name>.<fmt>")
    def export_file(name: str, fmt: str):
        view_query, size_values = _split_query()
        try:
            made = export(dataset, resolve_view(dataset, view_query), name, fmt, size=size_values, renderer=renderer,
                          made=date.today())
        except ExportError as error:
            return _plain(str(error), error.status)
        response = Response(made.content, mimetype=made.mimetype)
        response.headers["Content-Disposition"] = f'inline; filename="{made.filename}"'
        return response

    @server.route("/embed/<chart>")
    def embed(chart: str):
        if chart not in ("timeline", "map"):
            return _plain("Unknown chart: embed “timeline” or “map”.", 404)
        view = resolve_view(dataset, _split_query()[0])
        page = embed_page(embed_figure(chart_figure(chart, view, dataset)), view, dataset, chart=chart)
        return Response(page, mimetype="text/html")

    @server.route("/embed/<name>.<ext>")
    def embed_static(name: str, ext: str):
        if f"{name}.{ext}" not in ("embed.js", "embed.css"):
            return _plain("Not found.", 404)
        return send_from_directory(STATIC, f"{name}.{ext}", max_age=3600)

    @server.route("/vendor/plotly.min.js")
    def plotly_js():
        return send_from_directory(PLOTLY_JS, "plotly.min.js", max_age=YEAR)

    @server.after_request
    def framing(response: Response) -> Response:
        if request.path.startswith(EMBEDDABLE):
            response.headers["Content-Security-Policy"] = "frame-ancestors *"
        else:
            response.headers["Content-Security-Policy"] = "frame-ancestors 'self'"
            response.headers["X-Frame-Options"] = "SAMEORIGIN"
        return response


def _split_query() -> tuple[str, dict[str, str]]:
    """The view's query string, and the image size parameters apart from it."""
    pairs = parse_qsl(request.query_string.decode("utf-8", "replace"), keep_blank_values=True)
    sizes = {k: v for k, v in pairs if k in SIZE_PARAMETERS}
    return urlencode([(k, v) for k, v in pairs if k not in SIZE_PARAMETERS]), sizes


def _plain(message: str, status: int) -> Response:
    return Response(message + "\n", status=status, mimetype="text/plain")
