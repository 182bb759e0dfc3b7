"""What a chart is: the record the registry holds, and the canvas a figure is drawn for."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from dashboard.query.dataset import Dataset
from dashboard.query.view import View

#: Widths (CSS px) a figure can be laid out for; requests are rounded into this range.
MIN_WIDTH, MAX_WIDTH = 300, 4000
WIDTH_STEP = 40


@dataclass(frozen=True)
class Canvas:
    """Where a figure will be drawn: its width in CSS pixels, a zoomed time range (None: the view's own
    frame), the map's look, and whether it goes on paper (an exported file: no range slider to drag).
    Two equal canvases give equal figures, so it is part of every cache key."""

    width: int = 1000
    time_range: tuple[pd.Timestamp, pd.Timestamp] | None = None
    map_style: str = "light"
    map_zoom: tuple[float, float, float] | None = None
    on_paper: bool = False

    @classmethod
    def at(cls, width: float | None, *, default: int, step: int = WIDTH_STEP, **others) -> Canvas:
        """A canvas ``width`` wide, rounded to ``step`` within bounds (``default`` when None)."""
        if width is None or not width == width:
            return cls(width=default, **others)
        stepped = int(round(float(width) / step) * step)
        return cls(width=min(max(stepped, MIN_WIDTH), MAX_WIDTH), **others)

    @property
    def key(self) -> str:
        zoom = "" if self.time_range is None else "|".join(pd.Timestamp(x).isoformat() for x in self.time_range)
        where = "" if self.map_zoom is None else ",".join(map(str, self.map_zoom))
        return f"{self.width}|{zoom}|{self.map_style}|{where}|{'paper' if self.on_paper else 'screen'}"


@dataclass(frozen=True)
class CardParts:
    """What the page hands every chart's card: its first ``figure`` (None: its callback draws it), the
    ``controls`` placed on it (drawn by the web layer from the parameters' declarations, e.g. the map's
    extent switch) and the phone's ``agenda`` (a card without one ignores it)."""

    figure: dict | None = None
    controls: tuple = ()
    agenda: object = None


def no_zoom(stored) -> None:
    """The zoom of a chart that keeps none: always its view's own frame."""
    return None


@dataclass(frozen=True)
class Chart:
    """One chart of the dashboard.

    ``figure(dataset, view, canvas)`` decides everything about what is drawn
    (events one by one or counted, the frame, labels) and is the only way any
    door gets the chart. ``card(dataset, parts)`` is its card on the page (``CardParts``), ``columns`` how
    many of the page's twelve columns it spans on a wide screen (charts fill rows in ``CHARTS``' order,
    the event's details beside the last); ``in_stories`` whether a story step draws it;
    ``title`` its name as people read it, a marked English text (``N_``) that whatever shows it translates
    (``_(chart.title)``); ``graph_id`` the id of its graph there (a chart of another ``page`` has no card). ``formats`` are its export
    formats; ``size`` its natural export size (the height grows to fit the
    figure); ``embed_height`` the iframe height the Embed dialog suggests;
    ``embed_width`` and ``page_width`` the widths an embed and the page are
    laid out for until the browser tells the real one; ``width_step`` how
    finely the width matters to the figure (a page redraws when it changes
    by a step); ``with_page`` whether its first figure comes with the page
    (else its callback draws it just after, leaving the browser free to draw
    the charts that do first).
    ``zoom(stored)`` reads the zoom the page stored for the chart (written in
    the browser from Plotly's relayout events): a time range, or None for "the
    view's own frame".
    """

    name: str
    title: str
    figure: Callable[[Dataset, View, Canvas], go.Figure]
    graph_id: str = ""
    card: Callable[[Dataset, CardParts], object] | None = None
    zoom: Callable[[dict | None], object] = no_zoom
    formats: tuple[str, ...] = ("png", "svg", "pdf", "html")
    size: tuple[int, int] = (1200, 800)
    embed_height: int = 480
    embed_width: int = 800
    page_width: int = 1000
    width_step: int = WIDTH_STEP
    with_page: bool = True
    #: The canvas field the chart's zoom fills ("time_range" for the timeline, "map_zoom" for the map).
    zoom_field: str = "time_range"
    columns: int = 12
    in_stories: bool = True
    #: The page that shows it: "dashboard" (a card there, in its menus) or "trends" (the page of what changed).
    page: str = "dashboard"

    def natural_height(self, figure: go.Figure) -> int:
        """The height a standalone copy of ``figure`` needs: the figure's own, or the chart's size."""
        return int(figure.layout.height or self.size[1])


def graph_style(figure: dict | None) -> dict:
    """The page's style for a chart's graph holding ``figure``: the figure's own height, in pixels.

    dcc.Graph hands Plotly a responsive layout without the height, so the graph must hold it: a restyle in
    the browser (a map's shared place spread on a click, a quick range) then keeps the chart's size
    instead of collapsing it to its empty container.
    """
    height = ((figure or {}).get("layout") or {}).get("height")
    return {"width": "100%", **({"height": f"{int(height)}px"} if height else {})}

