"""The map of what changed (#25): each area at the centre of its events, coloured by its band against the 4 weeks
before (a diverging orange–purple scale readable in colour-blind vision), sized by its current week, with the
bands named in the legend."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.basemap import MAP_HEIGHT, STYLES, add_outlines, bounds_of, load_basemap, map_layout
from dashboard.figures.map import DEFAULT_WIDTH
from dashboard.figures.names import Sheet, add_names
from dashboard.figures.style import MUTED, plotly_text
from dashboard.language import _, formats
from dashboard.query.trends import LARGE_DECREASE, LARGE_INCREASE, LIMITED_CHANGE, MODERATE_INCREASE

#: Each band's colour (PuOr: orange for increase, purple for decrease, grey between), in the bands' order.
BAND_COLOURS = {LARGE_INCREASE: "#b35806", MODERATE_INCREASE: "#f1a340", LIMITED_CHANGE: "#bdbdbd",
                LARGE_DECREASE: "#542788"}


def trends_map_figure(table: pd.DataFrame, centres: pd.DataFrame, *, style: str = "light",
                      note: tuple[str, ...] = ()) -> go.Figure:
    """The areas of ``table`` (``trends.trend_table``) placed at ``centres`` (area, latitude, longitude), one
    trace per band in ``BAND_COLOURS``' order; an area without located events is left off the map. ``note``
    (lines: the week and what is counted) is written in the map's corner."""
    placed = table.merge(centres, on="area", how="inner")
    basemap = load_basemap()
    frame = placed.rename(columns={"current_week": "count"}).assign(count=lambda f: f["count"].clip(lower=0.1))
    bounds = bounds_of(frame[["latitude", "longitude", "count"]], "all")
    land, border, water = STYLES[style]
    figure = go.Figure()
    names = add_outlines(figure, basemap, bounds, land, border)
    outlines = len(figure.data)
    for band, colour in BAND_COLOURS.items():
        rows = placed[placed["band_4w"] == band]
        if rows.empty:
            continue
        change = [("—" if pd.isna(c) else f"{'+' if c > 0 else ''}{formats.number(round(c))} %")
                  for c in rows["change_4w_pct"]]
        figure.add_trace(go.Scattergeo(
            lon=rows["longitude"], lat=rows["latitude"], mode="markers", name=plotly_text(_(band)),
            marker=dict(color=colour, size=8 + 6 * np.sqrt(rows["current_week"].clip(lower=0)), opacity=0.9,
                        line=dict(color="#333333", width=0.8)),
            customdata=[[plotly_text(str(a)), formats.number(round(n, 2)), w] for a, n, w in
                        zip(rows["area"], rows["current_week"], change, strict=True)],
            hovertemplate="<b>%{customdata[0]}</b><br>" + _("This week") + ": %{customdata[1]} (%{customdata[2]})"
                          + "<extra>" + plotly_text(_(band)) + "</extra>"))
    add_names(figure, names, Sheet(bounds, DEFAULT_WIDTH, MAP_HEIGHT), under=outlines)
    figure.update_layout(**map_layout(bounds, [], water))
    if note:
        figure.add_annotation(text="<br>".join(plotly_text(line) for line in note), showarrow=False, xref="paper",
                              yref="paper", x=0, y=1, xanchor="left", yanchor="top", align="left",
                              font=dict(size=11, color=MUTED), bgcolor="rgba(255,255,255,0.85)")
    return figure
