"""The map: located events over country boundaries drawn from the project's own files.

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
from dashboard.figures.style import INK, MUTED, SELECTED_OUTLINE, base_layout, plotly_text, type_colour, type_label
from dashboard.wording import casualties_text, place_text, when_text

BOUNDARIES = DATA_DIR / "boundaries"
#: Map looks: land fill, border colour, water/background.
STYLES = {"light": ("#f3f1ec", "#b9b4aa", "#ffffff"), "contrast": ("#ffffff", "#495057", "#eef3f7")}
EXTENTS = ("region", "all")


@dataclass(frozen=True)
class Outlines:
    """Country outlines as one lon/lat path (rings separated by None), with label points."""

    lon: tuple
    lat: tuple
    labels: tuple[tuple[str, float, float], ...]

    def covers(self, bounds: tuple[float, float, float, float]) -> bool:
        """Whether these outlines extend over the whole of ``bounds`` (west, south, east, north)."""
        lons = [x for x in self.lon if x is not None]
        lats = [y for y in self.lat if y is not None]
        west, south, east, north = bounds
        return bool(lons) and min(lons) <= west and max(lons) >= east and min(lats) <= south and max(lats) >= north


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
    for feature in json.loads(path.read_text())["features"]:
        for polygon in feature["geometry"]["coordinates"]:
            for ring in polygon:
                lon += [x for x, _ in ring] + [None]
                lat += [y for _, y in ring] + [None]
        x, y = feature["properties"]["label"]
        labels.append((feature["properties"]["name"], x, y))
    return Outlines(tuple(lon), tuple(lat), tuple(labels))


def map_figure(events: pd.DataFrame, *, selected: str | None = None, extent: str = "region",
               basemap: Basemap | None = None, style: str = "light") -> go.Figure:
    """A map of the located ``events``, coloured by type and sized by stated casualties.

    ``extent`` "region" fits the main cluster of events; "all" fits every
    located event. ``style`` is "light" or "contrast". Each marker carries
    its event id as ``customdata[0]``.
    """
    basemap = basemap or load_basemap()
    located = events.dropna(subset=["latitude", "longitude"])
    bounds = _bounds(located, extent)
    figure = go.Figure()
    land, border, water = STYLES[style]
    _add_outlines(figure, basemap, bounds, land, border)
    for event_type, of_type in located.groupby("event_type", sort=False, observed=True):
        figure.add_trace(_markers(of_type, event_type))
    _add_region_labels(figure, located, bounds)
    if selected is not None:
        _add_selection(figure, located[located["event_id"] == selected])
    missing = len(events) - len(located)
    notes = [f"{missing} event{'s' if missing != 1 else ''} without a location not shown"] if missing else []
    figure.update_layout(**_layout(bounds, notes, water))
    return figure


def map_cells_figure(cells, *, total: int, extent: str = "region", basemap: Basemap | None = None,
                     style: str = "light") -> go.Figure:
    """A map of events grouped into cells (``aggregate.MapCells``): one marker per cell, sized by count,
    coloured by the cell's most common event type, with a note saying so. Cells take no clicks."""
    basemap = basemap or load_basemap()
    frame = pd.DataFrame({"latitude": cells.latitude, "longitude": cells.longitude, "count": cells.count})
    bounds = _bounds(frame, extent)
    land, border, water = STYLES[style]
    figure = go.Figure()
    _add_outlines(figure, basemap, bounds, land, border)
    for event_type in dict.fromkeys(cells.main_type):
        mask = np.array([t == event_type for t in cells.main_type])
        figure.add_trace(go.Scattergeo(
            lon=cells.longitude[mask], lat=cells.latitude[mask], mode="markers", name=type_label(event_type),
            marker=dict(color=type_colour(event_type), size=6 + 4 * np.log10(cells.count[mask]),
                        opacity=0.75, line=dict(color="white", width=0.8)),
            customdata=np.stack([cells.count[mask], cells.fatalities[mask]], axis=1),
            hovertemplate=(f"<b>%{{customdata[0]:,}} events</b> in this {cells.size:g}° cell<br>"
                           f"most often {plotly_text(type_label(event_type))}<br>"
                           "%{customdata[1]:,.0f} killed, as stated<extra></extra>"),
        ))
    note = (f"{cells.located:,} located events in {len(cells.count):,} cells of {cells.size:g}°"
            + (f"; {total - cells.located:,} without a location" if total > cells.located else ""))
    figure.update_layout(**_layout(bounds, [note], water))
    return figure


def _markers(rows: pd.DataFrame, event_type: str) -> go.Scattergeo:
    casualties = rows["fatalities"].fillna(0).astype(float) + rows["injuries"].fillna(0).astype(float)
    known = rows["fatalities"].notna() | rows["injuries"].notna()
    size = np.where(known, np.clip(11 + 5 * np.sqrt(casualties), 11, 40), 11)
    hover = [[e.event_id, plotly_text(str(e.title)), plotly_text(when_text(e)), plotly_text(place_text(e)),
              plotly_text(casualties_text(e) or "casualties not stated")] for e in rows.itertuples()]
    return go.Scattergeo(
        lon=rows["longitude"], lat=rows["latitude"], mode="markers", name=type_label(event_type),
        legendgroup=event_type, customdata=hover,
        hovertemplate="<b>%{customdata[1]}</b><br>%{customdata[2]}<br>%{customdata[3]}<br>%{customdata[4]}<extra></extra>",
        marker=dict(color=type_colour(event_type), size=size, opacity=0.9, line=dict(color="white", width=1.2)),
    )


def _add_outlines(figure: go.Figure, basemap: Basemap, bounds, land: str, border: str) -> None:
    west, south, east, north = bounds
    regional = basemap.detail.covers(bounds)
    for outlines in (basemap.world, basemap.detail) if regional else (basemap.world,):
        figure.add_trace(go.Scattergeo(lon=outlines.lon, lat=outlines.lat, mode="lines", fill="toself",
                                       fillcolor=land, line=dict(color=border, width=0.8),
                                       hoverinfo="skip", showlegend=False, name="borders"))
    source = basemap.detail if regional else basemap.world
    labels = [(n, x, y) for n, x, y in source.labels if west < x < east and south < y < north]
    if east - west >= 90:
        labels = []
    figure.add_trace(go.Scattergeo(
        lon=[x for _, x, _ in labels], lat=[y for _, _, y in labels], text=[n.upper() for n, _, _ in labels],
        mode="text", textfont=dict(size=12, color=MUTED), hoverinfo="skip", showlegend=False, name="countries"))


def _add_region_labels(figure: go.Figure, located: pd.DataFrame, bounds) -> None:
    """Name the regions events are placed in (e.g. Nagorno-Karabakh), which have no outline of their own."""
    west, south, east, north = bounds
    at_region = located[located["geo_precision"] == "region"]
    if max(east - west, north - south) >= 30 or at_region.empty:
        return
    placed: list[tuple[str, float, float]] = []
    for name in at_region["location"].astype("str").value_counts().index:
        row = at_region[at_region["location"] == name].iloc[0]
        if all(math.hypot(row.longitude - x, row.latitude - y) > 0.8 for _, x, y in placed):
            placed.append((name, row.longitude, row.latitude))
    figure.add_trace(go.Scattergeo(
        lon=[x for _, x, _ in placed], lat=[y - (north - south) * 0.03 for _, _, y in placed],
        text=[f"<i>{plotly_text(name)}</i>" for name, _, _ in placed], mode="text",
        textfont=dict(size=12, color=INK), textposition="bottom center", hoverinfo="skip", showlegend=False,
        name="regions"))


def _add_selection(figure: go.Figure, rows: pd.DataFrame) -> None:
    if rows.empty:
        return
    figure.add_trace(go.Scattergeo(lon=rows["longitude"], lat=rows["latitude"], mode="markers", showlegend=False,
                                   name="Selected", hoverinfo="skip",
                                   marker=dict(size=30, symbol="circle-open", color=SELECTED_OUTLINE,
                                               line=dict(width=3, color=SELECTED_OUTLINE))))


def _bounds(located: pd.DataFrame, extent: str) -> tuple[float, float, float, float]:
    """(west, south, east, north) around the events: all of them, or the main cluster."""
    if located.empty:
        return (-170.0, -58.0, 190.0, 78.0)
    lon, lat = located["longitude"].to_numpy(float), located["latitude"].to_numpy(float)
    if extent == "region":
        near = _main_cluster(lon, lat)
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


def _mercator_y(latitude: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(latitude) / 2))


def _latitude(y: float) -> float:
    return math.degrees(2 * math.atan(math.exp(y)) - math.pi / 2)


def _main_cluster(lon: np.ndarray, lat: np.ndarray, radius: float = 8.0, sample: int = 2000) -> np.ndarray:
    """Mask of the points within ``radius`` degrees of the point with the most such neighbours."""
    step = max(1, len(lon) // sample)
    s_lon, s_lat = lon[::step], lat[::step]
    scale = np.cos(np.radians(s_lat))[:, None]
    neighbours = (np.hypot((s_lon[:, None] - s_lon[None, :]) * scale, s_lat[:, None] - s_lat[None, :]) <= radius).sum(1)
    centre = int(np.argmax(neighbours))
    c_lon, c_lat = s_lon[centre], s_lat[centre]
    return np.hypot((lon - c_lon) * math.cos(math.radians(c_lat)), lat - c_lat) <= radius


def _layout(bounds, notes: list[str], water: str) -> dict:
    west, south, east, north = bounds
    return base_layout(
        height=460,
        margin=dict(l=0, r=0, t=0, b=0),
        showlegend=True,
        legend=dict(orientation="h", yanchor="bottom", y=0.0, x=0.0, bgcolor="rgba(255,255,255,0.85)",
                    font=dict(size=12)),
        geo=dict(projection=dict(type="mercator"), showland=False, showcountries=False, showcoastlines=False,
                 showocean=False, showlakes=False, showrivers=False, showframe=False, bgcolor=water,
                 lonaxis=dict(range=[west, east]), lataxis=dict(range=[south, north]), resolution=50),
        annotations=[dict(text=plotly_text(n), showarrow=False, xref="paper", yref="paper", x=0, y=1, xanchor="left",
                          yanchor="top", font=dict(size=11, color=MUTED), bgcolor="rgba(255,255,255,0.85)")
                     for n in notes],
        hovermode="closest", clickmode="event", dragmode="pan",
    )
