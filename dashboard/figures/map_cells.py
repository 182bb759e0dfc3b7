"""The map of a view too large to draw event by event: located events grouped into cells."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.basemap import MAP_HEIGHT, STYLES, Basemap, add_outlines, bounds_of, load_basemap, map_layout
from dashboard.figures.map import DEFAULT_WIDTH
from dashboard.figures.names import Sheet, add_names
from dashboard.figures.style import plotly_text, type_colour, type_label
from dashboard.language.wording import count_words, plural_endings


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
    for event_type in dict.fromkeys(cells.main_type):
        mask = np.array([t == event_type for t in cells.main_type])
        label = plotly_text(type_label(event_type))
        figure.add_trace(go.Scattergeo(
            lon=cells.longitude[mask], lat=cells.latitude[mask], mode="markers", name=label,
            marker=dict(color=type_colour(event_type), size=6 + 4 * np.log10(cells.count[mask]),
                        opacity=0.75, line=dict(color="white", width=0.8)),
            customdata=np.stack([cells.count[mask], cells.fatalities[mask], plural_endings(cells.count[mask])], axis=1),
            text=[plotly_text(words) for words, keep in zip(cells.types, mask, strict=True) if keep]
            if cells.types else None,
            hovertemplate=(f"<b>%{{customdata[0]:,}} event%{{customdata[2]}}</b> in this {cells.size:g}° cell<br>"
                           + ("%{text}<br>" if cells.types else f"most often {label}<br>")
                           + "%{customdata[1]:,.0f} killed, as stated<extra></extra>"),
        ))
    unlocated = total - cells.located - cells.outside
    note = (f"{count_words(cells.located, 'located event')} in view, in {count_words(len(cells.count), 'cell')} of "
            f"{cells.size:g}°"
            + (f"; {cells.outside:,} beyond the view" if cells.outside else "")
            + (f"; {unlocated:,} without a location" if unlocated > 0 else ""))
    add_names(figure, names, Sheet(bounds, DEFAULT_WIDTH, MAP_HEIGHT), under=outlines)
    figure.update_layout(**map_layout(bounds, [note], water))
    return figure
