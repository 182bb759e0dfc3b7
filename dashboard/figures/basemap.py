"""The map's ground: country outlines from the project's own files, the extent around events, the layout.

Drawn with Plotly's SVG geo projection over Natural Earth outlines served by
the app (no tile server, no CDN, no font server), so it works offline and
exports to SVG and PNG as it looks on screen.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.data import DATA_DIR
from dashboard.figures.names import Name
from dashboard.figures.style import MUTED, base_layout, plotly_text
from dashboard.language import formats

BOUNDARIES = DATA_DIR / "boundaries"
#: Map looks: land fill, border colour, water/background.
STYLES = {"light": ("#f3f1ec", "#b9b4aa", "#ffffff"), "contrast": ("#ffffff", "#495057", "#eef3f7")}
EXTENTS = ("region", "all")
#: Height in pixels of the map itself (a key below it adds to the figure).
MAP_HEIGHT = 460


@dataclass(frozen=True)
class Outlines:
    """Country outlines as one lon/lat path (read-only float32 arrays, rings separated by NaN), with label
    points. Arrays travel to the browser as compact typed arrays and need no conversion per figure."""

    lon: np.ndarray
    lat: np.ndarray
    labels: tuple[tuple[str, float, float], ...]
    #: Each ring's slice of the path (start, stop) and its box (west, south, east, north), one row per ring.
    rings: np.ndarray

    def around(self, bounds: tuple[float, float, float, float], margin: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
        """The path of just the rings that reach into ``bounds`` grown by ``margin`` times its size on every
        side: a map of the Caucasus need not carry Australia (but can still be panned a little)."""
        west, south, east, north = bounds
        grow_x, grow_y = (east - west) * margin, (north - south) * margin
        box = self.rings[:, 2:]
        near = ((box[:, 0] <= east + grow_x) & (box[:, 2] >= west - grow_x)
                & (box[:, 1] <= north + grow_y) & (box[:, 3] >= south - grow_y))
        if near.all():
            return self.lon, self.lat
        pieces = [np.arange(int(start), int(stop)) for start, stop in self.rings[near, :2]]
        keep = np.concatenate(pieces) if pieces else np.array([], dtype=int)
        return self.lon[keep], self.lat[keep]

    def covers(self, bounds: tuple[float, float, float, float]) -> bool:
        """Whether these outlines extend over the whole of ``bounds`` (west, south, east, north)."""
        west, south, east, north = bounds
        if not np.isfinite(self.lon).any():
            return False
        return bool(np.nanmin(self.lon) <= west and np.nanmax(self.lon) >= east
                    and np.nanmin(self.lat) <= south and np.nanmax(self.lat) >= north)


@dataclass(frozen=True)
class Basemap:
    """World outlines, and more detailed ones where the project has them."""

    world: Outlines
    detail: Outlines


@lru_cache(maxsize=4)
def load_basemap(directory: Path = BOUNDARIES) -> Basemap:
    """Read the GeoJSON files made by ``scripts/build_boundaries.py`` (cached: they never change)."""
    return Basemap(world=_outlines(directory / "world-110m.geojson"), detail=_outlines(directory / "caucasus-10m.geojson"))


def _outlines(path: Path) -> Outlines:
    lon: list = []
    lat: list = []
    labels = []
    rings = []
    for feature in json.loads(path.read_text())["features"]:
        for polygon in feature["geometry"]["coordinates"]:
            for ring in polygon:
                xs, ys = [x for x, _ in ring], [y for _, y in ring]
                rings.append((len(lon), len(lon) + len(ring) + 1, min(xs), min(ys), max(xs), max(ys)))
                lon += xs + [np.nan]
                lat += ys + [np.nan]
        x, y = feature["properties"]["label"]
        labels.append((feature["properties"]["name"], x, y))
    arrays = [np.array(values, dtype=np.float32) for values in (lon, lat)] + [np.array(rings, dtype=np.float64)]
    for array in arrays:
        array.flags.writeable = False
    return Outlines(arrays[0], arrays[1], tuple(labels), arrays[2])


def add_outlines(figure: go.Figure, basemap: Basemap, bounds, land: str, border: str) -> list[Name]:
    """Draw the country outlines around ``bounds``; return the countries' names to write (``names.add_names``,
    once the marks are drawn, so that no mark covers a name)."""
    west, south, east, north = bounds
    regional = basemap.detail.covers(bounds)
    for outlines in (basemap.world, basemap.detail) if regional else (basemap.world,):
        lon, lat = outlines.around(bounds)
        figure.add_trace(go.Scattergeo(lon=lon, lat=lat, mode="lines", fill="toself",
                                       fillcolor=land, line=dict(color=border, width=0.8),
                                       hoverinfo="skip", showlegend=False, name="borders"))
    if east - west >= 90:
        return []
    source = basemap.detail if regional else basemap.world
    return [Name(formats.upper(formats.country(n)), x, y, MUTED) for n, x, y in source.labels
            if west < x < east and south < y < north]


def bounds_of(located: pd.DataFrame, extent: str, *, anchor: pd.DataFrame | None = None
              ) -> tuple[float, float, float, float]:
    """(west, south, east, north) around the events: all of them, or the main cluster — of ``anchor`` when
    it has located events (the article's own, served beside imports: the region the reader came for), else
    of all, each point weighted by its ``count`` when it has one (a map cell stands for its events)."""
    if located.empty:
        return (-170.0, -58.0, 190.0, 78.0)
    if extent == "region" and anchor is not None and anchor[["latitude", "longitude"]].notna().all(axis=1).any():
        located = anchor.dropna(subset=["latitude", "longitude"])
    lon, lat = located["longitude"].to_numpy(float), located["latitude"].to_numpy(float)
    if extent == "region":
        weights = located["count"].to_numpy(float) if "count" in located else np.ones(len(lon))
        near = _main_cluster(lon, lat, weights)
        lon, lat = lon[near], lat[near]
    west, east, south, north = lon.min(), lon.max(), lat.min(), lat.max()
    pad_x = max(2.0, (east - west) * 0.15)
    pad_y = max(1.5, (north - south) * 0.15)
    west, east, south, north = west - pad_x, east + pad_x, max(south - pad_y, -80.0), min(north + pad_y, 84.0)
    # Keep a landscape shape: widen a tall box, heighten a very flat one (in projected units).
    height = _mercator_y(north) - _mercator_y(south)
    width = math.radians(east - west)
    if width < 1.4 * height:
        grow = math.degrees(1.4 * height - width) / 2
        west, east = west - grow, east + grow
    elif width > 3 * height:
        middle = (_mercator_y(north) + _mercator_y(south)) / 2
        half = width / 6
        south, north = max(_latitude(middle - half), -80.0), min(_latitude(middle + half), 84.0)
    return (max(west, -180.0), south, min(east, 180.0), north)


def zoomed(bounds: tuple[float, float, float, float], zoom: tuple[float, float, float]
           ) -> tuple[float, float, float, float]:
    """What a Mercator map of ``bounds`` shows when zoomed by ``(scale, centre longitude, centre latitude)``,
    as Plotly's geo relayout reports it: the extent's width and projected height divided by the scale."""
    west, south, east, north = bounds
    scale, lon, lat = zoom
    half_x = (east - west) / scale / 2
    half_y = (_mercator_y(north) - _mercator_y(south)) / scale / 2
    middle = _mercator_y(max(min(lat, 84.0), -80.0))
    return (max(lon - half_x, -180.0), max(_latitude(middle - half_y), -85.0), min(lon + half_x, 180.0),
            min(_latitude(middle + half_y), 85.0))


def _mercator_y(latitude: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(latitude) / 2))


def _latitude(y: float) -> float:
    return math.degrees(2 * math.atan(math.exp(y)) - math.pi / 2)


def _main_cluster(lon: np.ndarray, lat: np.ndarray, weights: np.ndarray, radius: float = 8.0,
                  sample: int = 2000) -> np.ndarray:
    """Mask of the points within ``radius`` degrees of the point with the most events (``weights``) that near:
    a thousand scattered cells of one event each do not outweigh a cell of five thousand."""
    step = max(1, len(lon) // sample)
    s_lon, s_lat, s_weights = lon[::step], lat[::step], weights[::step]
    scale = np.cos(np.radians(s_lat))[:, None]
    close = np.hypot((s_lon[:, None] - s_lon[None, :]) * scale, s_lat[:, None] - s_lat[None, :]) <= radius
    neighbours = (close * s_weights[None, :]).sum(1)
    centre = int(np.argmax(neighbours))
    c_lon, c_lat = s_lon[centre], s_lat[centre]
    return np.hypot((lon - c_lon) * math.cos(math.radians(c_lat)), lat - c_lat) <= radius


def map_layout(bounds, notes: list[str], water: str, *, key: str = "inside", key_height: int = 0,
               columns: int = 2) -> dict:
    """Layout of a map of ``bounds``, ``MAP_HEIGHT`` pixels high. ``key`` places the legend: "inside" (over
    the map's foot), "right" (a column beside the map) or "below" (``key_height`` pixels, in ``columns``)."""
    west, south, east, north = bounds
    legend = {
        "inside": dict(orientation="h", yanchor="bottom", y=0.0, x=0.0, bgcolor="rgba(255,255,255,0.85)"),
        "right": dict(orientation="v", yanchor="top", y=1.0, x=0.64, xanchor="left", tracegroupgap=10),
        "below": dict(orientation="h", yanchor="top", y=-0.01, x=0.0, entrywidth=1 / columns, entrywidthmode="fraction",
                      traceorder="normal", maxheight=max(key_height, 100)),  # else at most half the figure
    }[key]
    below = key_height if key == "below" else 0
    return base_layout(
        height=max(MAP_HEIGHT, key_height) if key == "right" else MAP_HEIGHT + below,
        margin=dict(l=0, r=0, t=0, b=below),
        showlegend=True,
        legend=dict(font=dict(size=12), itemsizing="constant", **legend),
        geo=dict(projection=dict(type="mercator"), showland=False, showcountries=False, showcoastlines=False,
                 showocean=False, showlakes=False, showrivers=False, showframe=False, bgcolor=water,
                 lonaxis=dict(range=[west, east]), lataxis=dict(range=[south, north]), resolution=50,
                 domain=dict(x=[0, 0.62] if key == "right" else [0, 1], y=[0, 1])),
        annotations=[dict(text=plotly_text(n), showarrow=False, xref="paper", yref="paper", x=0, y=1, xanchor="left",
                          yanchor="top", font=dict(size=11, color=MUTED), bgcolor="rgba(255,255,255,0.85)")
                     for n in notes],
        hovermode="closest", clickmode="event", dragmode="pan",
    )
