"""The map of a view too large to draw event by event: located events grouped into cells."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.basemap import STYLES, Basemap, add_outlines, bounds_of, load_basemap, map_layout
from dashboard.figures.style import plotly_text, type_colour, type_label


def map_cells_figure(cells, *, total: int, extent: str = "region", basemap: Basemap | None = None,
                     style: str = "light") -> go.Figure:
    """A map of events grouped into cells (``aggregate.MapCells``): one marker per cell, sized by count,
    coloured by the cell's most common event type, with a note saying so. Cells take no clicks."""
    basemap = basemap or load_basemap()
    frame = pd.DataFrame({"latitude": cells.latitude, "longitude": cells.longitude, "count": cells.count})
    bounds = bounds_of(frame, extent)
    land, border, water = STYLES[style]
    figure = go.Figure()
    add_outlines(figure, basemap, bounds, land, border)
    for event_type in dict.fromkeys(cells.main_type):
        mask = np.array([t == event_type for t in cells.main_type])
        label = plotly_text(type_label(event_type))
        figure.add_trace(go.Scattergeo(
            lon=cells.longitude[mask], lat=cells.latitude[mask], mode="markers", name=label,
            marker=dict(color=type_colour(event_type), size=6 + 4 * np.log10(cells.count[mask]),
                        opacity=0.75, line=dict(color="white", width=0.8)),
            customdata=np.stack([cells.count[mask], cells.fatalities[mask]], axis=1),
            hovertemplate=(f"<b>%{{customdata[0]:,}} events</b> in this {cells.size:g}° cell<br>"
                           f"most often {label}<br>"
                           "%{customdata[1]:,.0f} killed, as stated<extra></extra>"),
        ))
    note = (f"{cells.located:,} located events in {len(cells.count):,} cells of {cells.size:g}°"
            + (f"; {total - cells.located:,} without a location" if total > cells.located else ""))
    figure.update_layout(**map_layout(bounds, [note], water))
    return figure
