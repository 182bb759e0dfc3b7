"""Exports of a view: events as CSV or JSON, charts as PNG, SVG or self-contained HTML.

One function, ``export``, serves the HTTP endpoints and the command line, so
``/export/timeline.png?type=talks`` and ``python -m dashboard export timeline
--format png --type talks`` give the same file. Charts come from the chart
registry (the page's own figures); events stream in chunks, so a million of
them take no more memory than a thousand.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from dashboard.charts import CHARTS, Canvas, Chart
from dashboard.query import QueryTimeout
from dashboard.query.dataset import Dataset
from dashboard.output.images import ImageRenderer, ImagesUnavailable
from dashboard.output.limits import HeavyWork
from dashboard.output.paper import PAPERS, Paper, PaperError, paper_of, report_pdf
from dashboard.output.video import FPS, FRAMES, MOST_FRAMES, VIDEO_FORMATS, VideoError, encode, frame_images
from dashboard.output.video import MIMETYPES as VIDEO_MIMETYPES
from dashboard.output.report import events_csv_chunks, events_json_chunks, standalone_figure, standalone_html
from dashboard.output.trends import trends_file
from dashboard.query.view import View
from dashboard.language import _, formats
from dashboard.language.wording import either


def export_formats() -> dict[str, tuple[str, ...]]:
    """What can be exported, and in which formats: each chart of ``CHARTS`` (read when asked), and the events."""
    return {**{c.name: c.formats for c in CHARTS.values()}, "events": ("csv", "json"), "playback": VIDEO_FORMATS,
            "trends": ("csv", "json"), "report": ("pdf",)}


MIMETYPES = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf", "html": "text/html",
             "csv": "text/csv", "json": "application/json", **VIDEO_MIMETYPES}
TEXT_FORMATS = frozenset({"svg", "html", "csv", "json"})
LIMITS = {"width": (300, 4000), "height": (200, 4000), "scale": (0.5, 4.0)}
#: A video's frames and their speed (frames per second) within these bounds (``video_options``).
VIDEO_LIMITS = {"frames": (2, MOST_FRAMES), "fps": (1, 30)}
#: The parameters of an export's file rather than of its view (the report's paper: ``paper.PAPERS``).
SIZE_PARAMETERS = tuple(LIMITS) + tuple(VIDEO_LIMITS) + ("paper",)
#: Room a standalone chart adds above the figure for its title, filters, source and date.
TITLE_HEIGHT = 120
DEFAULT_MAX_PIXELS = 25_000_000
#: A download of more events than this counts as heavy work (a few thousand stream in milliseconds).
HEAVY_ROWS = 10_000
#: A download of at most this many events is made whole and may be kept in the figure cache (under 1 MB).
SMALL_ROWS = 1_000


class ExportError(ValueError):
    """A request that cannot be served; ``status`` is the HTTP status to answer with."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class ImageSize:
    """A parsed size: width and (when given) height in CSS pixels, and the scale of the image's pixels."""

    width: int
    height: int | None
    scale: float

    @property
    def key(self) -> str:
        """The size as a cache key: equal sizes however they were written ("3950", "3950.0", "+3950")."""
        return f"{self.width}x{self.height or ''}@{self.scale:g}"


@dataclass(frozen=True)
class Export:
    """A file to hand over: its bytes (or chunks of bytes, streamed), type and a suggested name."""

    content: bytes | Iterator[bytes]
    mimetype: str
    filename: str

    @property
    def streamed(self) -> bool:
        return not isinstance(self.content, bytes)


def image_size(chart: str, values: Mapping[str, str | None], *, max_pixels: int = DEFAULT_MAX_PIXELS) -> ImageSize:
    """Width, height and scale from request values, within ``LIMITS`` and ``max_pixels`` output pixels
    (width × height × scale², the chart's natural height standing in for a missing one).

    Raises ``ExportError`` (400) with a message naming the value.
    """
    natural = CHARTS[chart].size if chart in CHARTS else (1200, 800)
    parsed: dict[str, float | None] = {"width": natural[0], "height": None, "scale": 1.0, **_bounded(values, LIMITS)}
    size = ImageSize(int(parsed["width"]), parsed["height"], float(parsed["scale"]))
    pixels = size.width * (size.height or natural[1]) * size.scale ** 2
    if pixels > max_pixels:
        raise ExportError(_("the image would have {pixels} pixels; at most {most} (width × height × scale²) can be "
                            "made.").format(pixels=formats.number(round(pixels)), most=formats.number(max_pixels)))
    return size


def video_options(values: Mapping[str, str | None]) -> tuple[int, int]:
    """A video's frames and frames per second from request values, within ``VIDEO_LIMITS`` (``ExportError``)."""
    parsed = _bounded(values, VIDEO_LIMITS)
    return int(parsed.get("frames", FRAMES)), int(parsed.get("fps", FPS))


def report_paper(values: Mapping[str, str | None]) -> Paper:
    """The report's paper from request values ("a4", the default, or "letter"; ``ExportError`` naming another)."""
    try:
        return paper_of(values.get("paper"))
    except PaperError as error:
        raise ExportError(str(error)) from None


def _bounded(values: Mapping[str, str | None], limits: Mapping[str, tuple[float, float]]) -> dict[str, float]:
    """The numbers ``values`` gives for ``limits``' names, each within its bounds; ``ExportError`` naming one that
    is not a number or out of bounds."""
    parsed: dict[str, float] = {}
    for name, (low, high) in limits.items():
        raw = values.get(name)
        if raw is None or str(raw).strip() == "":
            continue
        try:
            number = float(raw)
        except ValueError:
            raise ExportError(_("{name} must be a number, not “{value}”.").format(name=name, value=str(raw)[:40])) \
                from None
        if not low <= number <= high or number != number:
            # the bounds as a URL writes them (4000, not 4,000): they are what to type there
            raise ExportError(_("{name} must be between {low} and {high}; got {value}.").format(
                name=name, low=f"{low:g}", high=f"{high:g}", value=str(raw)[:40]))
        parsed[name] = round(number, 2) if name == "scale" else int(number)
    return parsed


def worth_keeping(chart: str, fmt: str, view: View) -> bool:
    """Whether the export is cheap to keep in the figure cache: an image, or the download of a small view
    (never a stream or a file carrying plotly.js)."""
    return fmt in ("png", "svg", "pdf") or (chart == "events" and view.count <= SMALL_ROWS)


def check_format(chart: str, fmt: str) -> None:
    """Raise ``ExportError`` (404) unless ``chart`` exports as ``fmt``."""
    offered = export_formats()
    if chart not in offered:
        raise ExportError(_("unknown export “{name}”: choose {names}.").format(
            name=chart, names=", ".join(offered)), status=404)
    if fmt not in offered[chart]:
        raise ExportError(_("the {name} can be exported as {formats}, not “{format}”.").format(
            name=chart, formats=either(offered[chart]), format=fmt), status=404)


def export(dataset: Dataset, view: View, chart: str, fmt: str, *, size: ImageSize | None = None,
           renderer: ImageRenderer | None = None, made: date | None = None, map_style: str = "light",
           heavy: HeavyWork | None = None, video: tuple[int, int] | None = None, paper: Paper = PAPERS["a4"]) -> Export:
    """Build the export of ``chart`` (a chart's name or "events") in ``fmt`` for ``view``.

    ``size`` is the image's (``image_size``); what it leaves out fits the chart. ``video`` is a playback's
    frames and frames per second (``video_options``); ``paper`` the report's sheet (``report_paper``).
    ``heavy`` limits concurrent image renders and full downloads (``limits.Busy``
    when none is free). Raises ``ExportError``: 404 for an
    unknown chart or format, 503 when images are asked for and no browser can
    render them.
    """
    check_format(chart, fmt)
    heavy = heavy or HeavyWork(slots=1_000)
    made = made or date.today()
    name = f"{chart}.{fmt}"
    if chart == "events":
        chunks = _encoded(events_csv_chunks(dataset, view) if fmt == "csv"
                          else events_json_chunks(dataset, view, made=made))
        if view.count <= SMALL_ROWS:
            return Export(b"".join(chunks), _mimetype(fmt), name)
        return Export(heavy.streamed(chunks) if view.count > HEAVY_ROWS else chunks, _mimetype(fmt), name)
    if chart == "trends":
        return Export(trends_file(dataset, view, fmt), _mimetype(fmt), name)
    if chart == "playback":
        with heavy.slot():
            try:
                frames, fps = video or (FRAMES, FPS)
                video = encode(frame_images(dataset, view, renderer or ImageRenderer(), made=made, frames=frames,
                                            fps=fps), fmt, fps)
            except ImagesUnavailable as error:
                raise ExportError(str(error), status=503) from None
            except VideoError as error:
                raise ExportError(str(error), status=422) from None
            except QueryTimeout:
                raise ExportError(_("This video took too long to make and was stopped: ask for fewer frames "
                                    "(frames=…), a shorter view or a faster speed, and try again."), status=503) from None
        return Export(video, _mimetype(fmt), name)
    if chart == "report":
        with heavy.slot():
            try:
                content = report_pdf(dataset, view, renderer or ImageRenderer(), paper=paper, made=made,
                                     map_style=map_style)
            except ImagesUnavailable as error:
                raise ExportError(str(error), status=503) from None
        return Export(content, _mimetype(fmt), name)
    record = CHARTS[chart]
    size = size or image_size(chart, {})
    figure = chart_figure(record, dataset, view, Canvas(width=size.width, map_style=map_style, on_paper=True),
                          made=made)
    height = size.height or min(record.natural_height(figure) + TITLE_HEIGHT, LIMITS["height"][1])
    if fmt == "html":
        with heavy.slot():
            html = standalone_html(figure, title=view.state.value("title") or _("{chart} — conflict timeline").format(
                chart=_(record.title)), height=height)
        return Export(html.encode("utf-8"), _mimetype(fmt), name)
    with heavy.slot():
        try:
            content = (renderer or ImageRenderer()).render(figure, fmt, width=size.width, height=height,
                                                           scale=size.scale)
        except ImagesUnavailable as error:
            raise ExportError(str(error), status=503) from None
    return Export(content, _mimetype(fmt), name)


def chart_figure(chart: Chart, dataset: Dataset, view: View, canvas: Canvas, *, made: date):
    """The page's figure of ``chart`` for ``view`` on ``canvas``, standing alone (title, filters, source, date)."""
    return standalone_figure(chart.figure(dataset, view, canvas), view, dataset, chart=_(chart.title), made=made)


def _mimetype(fmt: str) -> str:
    return MIMETYPES[fmt] + ("; charset=utf-8" if fmt in TEXT_FORMATS else "")


def _encoded(chunks: Iterable[str]) -> Iterator[bytes]:
    for chunk in chunks:
        yield chunk.encode("utf-8")


def write_to(content, output: Path) -> bool:
    """Write bytes or streamed chunks to ``output`` ("-": standard output); True for a file."""
    chunks = [content] if isinstance(content, bytes) else content
    try:
        if str(output) == "-":
            for chunk in chunks:
                sys.stdout.buffer.write(chunk)
            sys.stdout.buffer.flush()
            return False
        with output.open("wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
        return True
    finally:
        getattr(chunks, "close", lambda: None)()
