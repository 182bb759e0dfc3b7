"""Exports of a view: events as CSV or JSON, charts as PNG, SVG or self-contained HTML.

One function, ``export``, serves the HTTP endpoints and the command line, so
``/export/timeline.png?type=talks`` and ``python -m dashboard export timeline
--format png --type talks`` give the same file.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import plotly.graph_objects as go

from dashboard.dataset import Dataset
from dashboard.figures import map_figure, timeline_figure
from dashboard.images import ImageRenderer
from dashboard.report import events_csv, events_json, standalone_figure
from dashboard.view import View

FORMATS: dict[str, tuple[str, ...]] = {"timeline": ("png", "svg", "html"), "map": ("png", "svg", "html"),
                                       "events": ("csv", "json")}
MIMETYPES = {"png": "image/png", "svg": "image/svg+xml", "html": "text/html; charset=utf-8",
             "csv": "text/csv; charset=utf-8", "json": "application/json"}
DEFAULT_SIZE = {"timeline": (1400, 800), "map": (1100, 800)}
LIMITS = {"width": (300, 4000), "height": (200, 4000), "scale": (0.5, 4.0)}
SIZE_PARAMETERS = tuple(LIMITS)
CHART_TITLES = {"timeline": "Timeline", "map": "Map"}


class ExportError(ValueError):
    """A request that cannot be served; ``status`` is the HTTP status to answer with."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class ImageSize:
    width: int
    height: int
    scale: float


@dataclass(frozen=True)
class Export:
    """A file to hand over: its bytes, type and a suggested name."""

    content: bytes
    mimetype: str
    filename: str


def image_size(chart: str, values: Mapping[str, str | None], natural: tuple[int, int] | None = None) -> ImageSize:
    """Width, height and scale from request values, within ``LIMITS``. Raises ``ExportError`` (400).

    ``natural`` is the chart's own size, used where the request gives none.
    """
    width, height = natural or DEFAULT_SIZE.get(chart, (1200, 800))
    parsed = {"width": width, "height": height, "scale": 1.0}
    for name, (low, high) in LIMITS.items():
        raw = values.get(name)
        if raw is None or str(raw).strip() == "":
            continue
        try:
            number = float(raw)
        except ValueError:
            raise ExportError(f"{name} must be a number, not “{str(raw)[:40]}”.") from None
        if not low <= number <= high or number != number:
            raise ExportError(f"{name} must be between {low:g} and {high:g}; got {str(raw)[:40]}.")
        parsed[name] = number if name == "scale" else int(number)
    return ImageSize(**parsed)


def natural_size(chart: str, figure: go.Figure) -> tuple[int, int]:
    """A size that fits the chart's content: the timeline's own height; the map's projected shape."""
    width = DEFAULT_SIZE[chart][0]
    if chart == "timeline":
        return width, int(min(LIMITS["height"][1], (figure.layout.height or 600) + 60))
    lon, lat = figure.layout.geo.lonaxis.range, figure.layout.geo.lataxis.range
    return width, int(min(1400, max(450, width * mercator_aspect(lon, lat) + 230)))


def mercator_aspect(lon: tuple[float, float], lat: tuple[float, float]) -> float:
    """Height over width of a lon/lat box in the Mercator projection."""
    def y(latitude: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(latitude) / 2))

    return (y(lat[1]) - y(lat[0])) / max(math.radians(lon[1] - lon[0]), 1e-6)


def check_format(chart: str, fmt: str) -> None:
    """Raise ``ExportError`` (404-style 400) unless ``chart`` exports as ``fmt``."""
    if chart not in FORMATS:
        raise ExportError(f"unknown export “{chart}”: choose timeline, map or events.", status=404)
    if fmt not in FORMATS[chart]:
        choices = FORMATS[chart]
        wording = ", ".join(choices[:-1]) + " or " + choices[-1]
        raise ExportError(f"the {chart} can be exported as {wording}, not “{fmt}”.", status=404)


def chart_figure(chart: str, view: View, dataset: Dataset, *, map_style: str = "light") -> go.Figure:
    """The page's figure for a chart and view."""
    if chart == "timeline":
        return timeline_figure(view.events, group=view.state.group, selected=view.state.event,
                               published=dataset.published)
    return map_figure(view.events, selected=view.state.event, extent="all" if len(view.events) else "region",
                      style=map_style)


def export(dataset: Dataset, view: View, chart: str, fmt: str, *, size: Mapping[str, str | None] | None = None,
           renderer: ImageRenderer | None = None, made: date | None = None, map_style: str = "light") -> Export:
    """Build the export of ``chart`` ("timeline", "map" or "events") in ``fmt`` for ``view``.

    ``size`` may give ``width``, ``height`` and ``scale`` (as text or numbers);
    what it leaves out fits the chart. Raises ``ExportError``: 400 for a size
    out of bounds, 404 for an unknown chart or format, 503 when images are
    asked for and no browser can render them.
    """
    check_format(chart, fmt)
    made = made or date.today()
    name = f"{chart}.{fmt}"
    if chart == "events":
        content = events_csv(view.events) if fmt == "csv" else events_json(view.events, view, dataset, made=made)
        return Export(content, MIMETYPES[fmt], name)
    figure = standalone_figure(chart_figure(chart, view, dataset, map_style=map_style), view, dataset,
                               chart=CHART_TITLES[chart], made=made)
    size = image_size(chart, size or {}, natural_size(chart, figure))
    if fmt == "html":
        html = figure.to_html(full_html=True, include_plotlyjs=True, default_width="100%",
                              default_height=f"{size.height}px", config={"displaylogo": False, "responsive": True},
                              validate=False)
        html = html.replace("<head>", f"<head><title>{CHART_TITLES[chart]} — conflict timeline</title>", 1)
        return Export(html.encode("utf-8"), MIMETYPES[fmt], name)
    from dashboard.images import ImagesUnavailable

    try:
        content = (renderer or ImageRenderer()).render(figure, fmt, width=size.width, height=size.height,
                                                       scale=size.scale)
    except ImagesUnavailable as error:
        raise ExportError(str(error), status=503) from None
    return Export(content, MIMETYPES[fmt], name)
