"""The map of a view too large to draw event by event: located events grouped into cells."""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.basemap import MAP_HEIGHT, STYLES, Basemap, add_outlines, bounds_of, load_basemap, map_layout
from dashboard.figures.map import DEFAULT_WIDTH
from dashboard.figures.names import Sheet, add_names
from dashboard.figures.style import plotly_text, type_colour, type_label
from dashboard.language import _, formats, ngettext
from dashboard.language.wording import events_count


def map_cells_figure(cells, *, total: int, extent: str = "region", basemap: Basemap | None = None,
                     style: str = "light", bounds: tuple[float, float, float, float] | None = None) -> go.Figure:
    """A map of events grouped into cells (``aggregate.MapCells``): one marker per cell, sized by count,
    coloured by the cell's most common event type, its hover counting each type, with a note giving the
    cell size. ``bounds`` is the map's extent (default: around the cells). Cells take no clicks."""
    basemap = basemap or load_basemap()
    if bounds is None:
        frame = pd.DataFrame({"latitude": cells.latitude, "longitude": cells.longitude, "count": cells.count})
        bounds = bounds_of(frame, extent)
    land, border, water = STYLES[style]
    figure = go.Figure()
    names = add_outlines(figure, basemap, bounds, land, border)
    outlines = len(figure.data)
    size = _degrees(cells.size)
    counted, killed = cache(events_count), cache(_killed)  # each written once per value, however many cells
    # Translators: the hover of a map cell; plotly.js puts "12 events" in {events}
    in_cell = _("{events} in this {size}° cell").format(events="<b>%{customdata[1]}</b>", size=size)
    for event_type in dict.fromkeys(cells.main_type):
        mask = np.array([t == event_type for t in cells.main_type])
        label = plotly_text(type_label(event_type))
        figure.add_trace(go.Scattergeo(
            lon=cells.longitude[mask], lat=cells.latitude[mask], mode="markers", name=label, meta={"cell": cells.size},
            marker=dict(color=type_colour(event_type), size=6 + 4 * np.log10(cells.count[mask]),
                        opacity=0.75, line=dict(color="white", width=0.8)),
            # the count as a number first (what reads the figure gets the cell's data), then its words for the hover
            customdata=[[int(n), counted(int(n)), killed(int(round(f)))] for n, f in
                        zip(cells.count[mask], np.nan_to_num(cells.fatalities[mask]), strict=True)],
            text=[plotly_text(words) for words, keep in zip(cells.types, mask, strict=True) if keep]
            if cells.types else None,
            hovertemplate=(f"{in_cell}<br>"
                           + ("%{text}<br>" if cells.types else _("most often {type}").format(type=label) + "<br>")
                           + "%{customdata[2]}<extra></extra>"),
        ))
    unlocated = total - cells.located - cells.outside
    located = ngettext("{n} located event", "{n} located events", cells.located).format(
        n=formats.number(cells.located))
    grid = ngettext("{n} cell", "{n} cells", len(cells.count)).format(n=formats.number(len(cells.count)))
    # Translators: "1,239 located events in view, in 310 cells of 0.5°"
    parts = [_("{events} in view, in {cells} of {size}°").format(events=located, cells=grid, size=size)]
    if cells.outside:
        parts.append(ngettext("{n} beyond the view", "{n} beyond the view", cells.outside).format(
            n=formats.number(cells.outside)))
    if unlocated > 0:
        parts.append(ngettext("{n} without a location", "{n} without a location", unlocated).format(
            n=formats.number(unlocated)))
    note = "; ".join(parts)
    add_names(figure, names, Sheet(bounds, DEFAULT_WIDTH, MAP_HEIGHT), under=outlines)
    figure.update_layout(**map_layout(bounds, [note], water))
    return figure


def _killed(n: int) -> str:
    return ngettext("{n} killed, as stated", "{n} killed, as stated", n).format(n=formats.number(n))


def _degrees(size: float) -> str:
    """A cell's side in degrees, through the formatter when its three decimals hold it (0.25, 2.5); a smaller
    cell (0.0025°, deep in a zoom) as Python writes it, which the formatter would round away."""
    return formats.number(size) if round(size, 3) == size else f"{size:g}"
