"""Names on a map — countries, regions — set where no event's mark covers them.

A name moves, never an event: each name is tried at its own place, then a line
above or below, then beside, further each time, and keeps the first spot no
visible mark touches (or the one touching fewest). Positions are worked out on
the Mercator map as drawn, in pixels, so "covers" means what a reader sees.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from dashboard.figures.labels import text_width

#: Room (px) kept between a name and a mark.
MARGIN_PX = 2
#: Where a name is tried, in its own heights (dy) and half widths (dx), nearest first.
_TRIES = ((0, 0), (0, -1), (0, 1), (0, -2), (0, 2), (-1, 0), (1, 0), (-1, -1), (1, -1), (-1, 1), (1, 1),
          (0, -3), (0, 3), (-2, 0), (2, 0))


@dataclass(frozen=True)
class Name:
    """A name to write at (``lon``, ``lat``) in ``size`` px type; ``text`` is plain (``shown`` is what Plotly
    draws, e.g. the same in italics)."""

    text: str
    lon: float
    lat: float
    colour: str
    size: float = 12
    shown: str | None = None


class Sheet:
    """The drawn map of ``bounds`` (west, south, east, north) ``width_px`` wide and ``height_px`` high: Mercator,
    fitted as Plotly fits a geo subplot (the whole extent shown, one scale for both directions)."""

    def __init__(self, bounds, width_px: float, height_px: float):
        west, south, east, north = bounds
        self.west, self.top = west, _mercator(north)
        span_x, span_y = math.radians(east - west), self.top - _mercator(south)
        self.scale = min(width_px / max(span_x, 1e-9), height_px / max(span_y, 1e-9))
        self.width, self.height = span_x * self.scale, span_y * self.scale

    @property
    def degrees_per_px(self) -> float:
        """Degrees of longitude one pixel spans (of latitude, times the cosine of the latitude)."""
        return math.degrees(1 / self.scale)

    def pixels(self, lon, lat) -> tuple[np.ndarray, np.ndarray]:
        lon, lat = np.asarray(lon, dtype=float), np.clip(np.asarray(lat, dtype=float), -85.0, 85.0)
        x = np.radians(lon - self.west) * self.scale
        y = (self.top - np.log(np.tan(np.pi / 4 + np.radians(lat) / 2))) * self.scale
        return x, y

    def degrees(self, x: float, y: float) -> tuple[float, float]:
        lon = self.west + math.degrees(x / self.scale)
        lat = math.degrees(2 * math.atan(math.exp(self.top - y / self.scale)) - math.pi / 2)
        return lon, lat


def visible_marks(figure: go.Figure) -> np.ndarray:
    """(lon, lat, radius px) of every marker drawn in ``figure``'s default view (hidden traces left out)."""
    rows = []
    for trace in figure.data:
        if trace.visible is False or not trace.mode or "markers" not in trace.mode or trace.lon is None:
            continue
        lon, lat = np.asarray(trace.lon, dtype=float), np.asarray(trace.lat, dtype=float)
        size = trace.marker.size if trace.marker.size is not None else 6
        radius = np.broadcast_to(np.asarray(size, dtype=float) / 2, lon.shape)
        rows.append(np.column_stack([lon, lat, radius]))
    return np.concatenate(rows) if rows else np.empty((0, 3))


def place_names(names: list[Name], marks: np.ndarray, sheet: Sheet) -> list[tuple[float, float]]:
    """Where to write each of ``names`` (lon, lat): its own place if no mark of ``marks`` (lon, lat, radius px)
    covers it, else the nearest free spot tried. Names already placed count as taken too."""
    mark_x, mark_y = sheet.pixels(marks[:, 0], marks[:, 1]) if len(marks) else (np.empty(0), np.empty(0))
    radii = marks[:, 2] + MARGIN_PX if len(marks) else np.empty(0)
    taken: list[tuple[float, float, float, float]] = []
    placed = []
    for name in names:
        x0, y0 = (float(v) for v in sheet.pixels(name.lon, name.lat))
        half_w, half_h = text_width(name.text, name.size) / 2, name.size * 0.65
        best, best_hits = (x0, y0), None
        for dx, dy in _TRIES:
            x, y = x0 + dx * (half_w + MARGIN_PX), y0 + dy * 2 * half_h
            if not (half_w <= x <= sheet.width - half_w and half_h <= y <= sheet.height - half_h):
                continue
            near_x = np.clip(mark_x, x - half_w, x + half_w)
            near_y = np.clip(mark_y, y - half_h, y + half_h)
            hits = int(np.count_nonzero(np.hypot(mark_x - near_x, mark_y - near_y) < radii))
            hits += sum(1 for (l, t, r, b) in taken if l < x + half_w and x - half_w < r and t < y + half_h
                        and y - half_h < b)
            if best_hits is None or hits < best_hits:
                best, best_hits = (x, y), hits
            if hits == 0:
                break
        taken.append((best[0] - half_w, best[1] - half_h, best[0] + half_w, best[1] + half_h))
        placed.append(sheet.degrees(*best))
    return placed


def add_names(figure: go.Figure, names: list[Name], sheet: Sheet, *, under: int | None = None) -> None:
    """Write ``names`` on ``figure`` where its visible marks leave room, as one text trace ("names"); with
    ``under``, the trace is drawn beneath the traces from that index on (the marks)."""
    if not names:
        return
    spots = place_names(names, visible_marks(figure), sheet)
    figure.add_trace(go.Scattergeo(
        lon=[lon for lon, _ in spots], lat=[lat for _, lat in spots], text=[n.shown or n.text for n in names],
        mode="text", textfont=dict(size=[n.size for n in names], color=[n.colour for n in names]),
        textposition="middle center", hoverinfo="skip", showlegend=False, name="names"))
    if under is not None:
        figure.data = figure.data[:under] + figure.data[-1:] + figure.data[under:-1]


def _mercator(latitude: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(max(min(latitude, 85.0), -85.0)) / 2))
