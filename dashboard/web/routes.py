"""HTTP routes beside the Dash page: exports, embeds and the app's own static files.

Every chart route draws the chart registry's figure for the URL — the page's
own, aggregated for large views — so no request's work grows with the data.
Image renders and full downloads take a slot of the worker's ``HeavyWork``;
without a free one the answer is 503 with ``Retry-After``.
"""

from __future__ import annotations

import gzip
import json
import math
import socket
from datetime import date
from urllib.parse import parse_qsl, urlencode

from flask import Flask, Response, request, send_file, send_from_directory

from dashboard.web.figure_cache import FigureCache
from dashboard.charts import CHARTS, Canvas
from dashboard.query import budget
from dashboard.query.dataset import Dataset
from dashboard.output.embeds import embed_page
from dashboard.output.exports import (SIZE_PARAMETERS, ExportError, check_format, export, image_size, report_paper,
                                      video_options, worth_keeping)
from dashboard.output.images import ImageRenderer
from dashboard.output.limits import RETRY_AFTER_S, Busy, HeavyWork
from dashboard.output.play import play_answer
from dashboard.output.plotly_bundle import BUNDLE
from dashboard.web.security import plain_response
from dashboard.output.urls import Urls
from dashboard.query.view import resolve_view
from dashboard.language import _
from dashboard.query.params import either
from dashboard.paths import STATIC

STATIC_FILES = ("embed.js", "embed.css", "story.js", "story.css", "map-groups.js", "playback.js", "curate.js",
                "curate.css")
YEAR = 31_536_000
#: What the player's request adds to the view's query: the map's cell size and the days it plays.
PLAY_PARAMETERS = ("cell", "span")


def register(server: Flask, dataset: Dataset, renderer: ImageRenderer, figures: FigureCache, urls: Urls, *,
             heavy: HeavyWork, map_style: str = "light", max_pixels: int = 25_000_000,
             video_seconds: float = 30.0) -> None:
    """Add the export and embed routes under ``urls``' prefix to ``server``. A video may take ``video_seconds``
    (its own time budget in place of the request's)."""

    @server.route(urls.route("export/<name>.<fmt>"))
    def export_file(name: str, fmt: str):
        view_query, size_values = _split_query()
        try:
            check_format(name, fmt)
            size = image_size(name, size_values, max_pixels=max_pixels) if name in CHARTS else None
            video = video_options(size_values) if name == "playback" else None
            paper = report_paper(size_values)
        except ExportError as error:
            return export_error_response(error)
        view = resolve_view(dataset, view_query)
        today = date.today()

        def build():
            return export(dataset, view, name, fmt, size=size, renderer=renderer, made=today, map_style=map_style,
                          heavy=heavy, video=video, paper=paper)

        try:
            if name == "playback":
                with budget.within(video_seconds):
                    made = build()
            elif worth_keeping(name, fmt, view):
                made = figures.get_or_build("export", f"{name}.{fmt}?{view.state.to_query()}&{size.key if size else ''}&{paper.css}"
                                                      f"&{today}", build)
            else:
                made = build()
        except ExportError as error:
            return export_error_response(error)
        except Busy as busy:
            return busy_response(busy)
        if made.streamed:
            response = streamed_response(made.content, made.mimetype)
        else:
            response = Response(made.content, content_type=made.mimetype)
        response.headers["Content-Disposition"] = f'inline; filename="{made.filename}"'
        return response

    @server.route(urls.route("embed/<chart>"))
    def embed(chart: str):
        record = CHARTS.get(chart)
        if record is None:
            return plain_response(_("Unknown chart: embed {charts}.").format(
                charts=either([f"“{c}”" for c in CHARTS])), 404)
        view_query, size_values = _split_query()
        try:
            width = image_size(chart, {"width": size_values.get("width")}).width if size_values.get("width") \
                else record.embed_width
        except ExportError as error:
            return export_error_response(error)
        view = resolve_view(dataset, view_query)
        canvas = Canvas.at(width, default=record.embed_width, map_style=map_style)
        page = figures.get_or_build("embed", f"{chart}?{view.state.to_query()}|{canvas.key}", lambda: embed_page(
            record.figure(dataset, view, canvas), view, dataset, urls, title=record.title, width=canvas.width))
        return Response(page, content_type="text/html; charset=utf-8")

    @server.route(urls.route("playback/frames.json"))
    def play_frames():
        # what the page's player plays, asked once per Play (``output.play``); ``cell`` is the map's cell size
        pairs = parse_qsl(request.query_string.decode("utf-8", "replace"), keep_blank_values=True)
        view = resolve_view(dataset, urlencode([(k, v) for k, v in pairs if k not in PLAY_PARAMETERS]))
        cell, span = _number(dict(pairs).get("cell")), _span(dict(pairs).get("span"))
        body = figures.get_or_build("play", f"{view.state.to_query()}|{cell}|{span}", lambda: json.dumps(
            play_answer(dataset, view, cell, span), separators=(",", ":")))
        return _quickly_compressed(body.encode("utf-8"), "application/json")

    @server.route(urls.route("files/<name>"))
    def static_file(name: str):
        if name not in STATIC_FILES:
            return plain_response(_("Not found."), 404)
        return send_from_directory(STATIC, name, max_age=3600)

    @server.route(urls.route("vendor/plotly.min.js"))
    def plotly_js():
        return send_file(BUNDLE, mimetype="text/javascript", max_age=YEAR)

    component_plotly = urls.route("_dash-component-suites/plotly/package_data/plotly.min")

    @server.before_request
    def partial_plotly_for_the_page():
        # Dash loads plotly.js for its graphs from plotly.py's package (the full 4.8 MB build); the page
        # gets the app's partial bundle of the same version instead. The URL is fingerprinted: cache it long.
        if request.path.startswith(component_plotly):
            return send_file(BUNDLE, mimetype="text/javascript", max_age=YEAR)
        return None


def _quickly_compressed(body: bytes, content_type: str) -> Response:
    """``body`` gzipped at the fastest level when the reader takes gzip: the player's answer is large (up to a
    megabyte of numbers) and asked when Play is pressed, so compressing it must take milliseconds, not the
    tens that the app's default compression spends on it."""
    response = Response(body, content_type=content_type)
    response.vary.add("Accept-Encoding")
    if "gzip" in request.headers.get("Accept-Encoding", ""):
        response.set_data(gzip.compress(body, compresslevel=1, mtime=0))
        response.headers["Content-Encoding"] = "gzip"
    return response


def _number(text: str | None) -> float | None:
    try:
        value = float(text) if text else None
    except ValueError:
        return None
    return value if value is not None and math.isfinite(value) else None


def _span(text: str | None) -> tuple[date, date] | None:
    """"2020-01-01,2020-12-31" → the two days (the first not after the second); None for anything else."""
    try:
        first, last = (date.fromisoformat(part) for part in (text or "").split(","))
    except ValueError:
        return None
    return (first, last) if first <= last else None


def _split_query() -> tuple[str, dict[str, str]]:
    """The view's query string, and the image size parameters apart from it."""
    pairs = parse_qsl(request.query_string.decode("utf-8", "replace"), keep_blank_values=True)
    sizes = {k: v for k, v in pairs if k in SIZE_PARAMETERS}
    return urlencode([(k, v) for k, v in pairs if k not in SIZE_PARAMETERS]), sizes


#: Seconds a streamed download waits for its reader to take one piece (``PIECE_BYTES``) before it gives up:
#: at least ~13 KB/s keeps a download going; a reader that stopped frees its thread and heavy slot.
SEND_TIMEOUT_S = 5.0
PIECE_BYTES = 64 * 1024
SEND_BUFFER_BYTES = 256 * 1024


def streamed_response(chunks, content_type: str) -> Response:
    """A response sending ``chunks`` (text or bytes; closed when the response is) as they are made: a reader
    that stops reading frees the worker's thread and heavy slot within seconds."""
    _stop_waiting_for_stalled_readers(request.environ)
    response = Response(_pieces(chunks), content_type=content_type)
    close = getattr(chunks, "close", None)
    if close is not None:
        response.call_on_close(close)
    return response


def _stop_waiting_for_stalled_readers(environ) -> None:
    """Give the connection's socket a send timeout (gunicorn hands it to the app; the development server
    does not, and is not for the public)."""
    sock = environ.get("gunicorn.socket")
    if sock is not None:
        sock.settimeout(SEND_TIMEOUT_S)
        # a few pieces in the kernel's buffer, not megabytes: a reader that stopped is noticed within seconds
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, SEND_BUFFER_BYTES)


def _pieces(chunks):
    """``chunks`` (text or bytes) in pieces of at most ``PIECE_BYTES``: each is one send, so the send timeout
    measures a reader's progress rather than the size of a chunk."""
    for chunk in chunks:
        data = chunk.encode("utf-8") if isinstance(chunk, str) else chunk
        for start in range(0, len(data), PIECE_BYTES):
            yield data[start:start + PIECE_BYTES]


def export_error_response(error: ExportError) -> Response:
    """What an export that cannot be made answers: its reason and status; a 503 (no image renderer now, a
    query past its time) says when to try again, like every 503 of the server."""
    response = plain_response(str(error), error.status)
    if error.status == 503:
        response.headers["Retry-After"] = str(RETRY_AFTER_S)
    return response


def busy_response(busy: Busy) -> Response:
    """503 with when to try again: every heavy slot of the worker is taken."""
    response = plain_response(str(busy), 503)
    response.headers["Retry-After"] = str(busy.retry_after)
    return response
