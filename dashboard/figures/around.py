"""A small chart of what other sources record around one event, week by week."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.style import FALLBACK_COLOURS, MUTED, base_layout, plotly_text
from dashboard.language import _


def around_figure(weeks: pd.DataFrame, origins: tuple[str, ...], event_day: pd.Timestamp,
                  days: int = 30) -> go.Figure:
    """Stacked weekly bars, one colour per source, and a rule on the event's day, ``days`` either side."""
    figure = go.Figure()
    for index, origin in enumerate(origins):
        rows = weeks[weeks["origin"] == origin]
        # Translators: a source's events in one week; plotly.js writes the count and the day
        hover = _("{source}: {count} in the week of {day}").format(source=plotly_text(origin), count="%{y}",
                                                                   day="%{x|%-d %b}")
        figure.add_trace(go.Bar(x=rows["week"] + pd.Timedelta(days=3.5), y=rows["count"], name=plotly_text(origin),
                                marker_color=FALLBACK_COLOURS[index % len(FALLBACK_COLOURS)],
                                hovertemplate=hover + "<extra></extra>"))
    figure.add_shape(type="line", x0=event_day, x1=event_day, y0=0, y1=1, yref="paper",
                     line=dict(color="#000000", width=1.5, dash="dot"))
    figure.update_layout(**base_layout(
        height=130, barmode="stack", bargap=0.15, showlegend=True, margin=dict(l=30, r=5, t=5, b=25),
        legend=dict(orientation="h", y=1.15, x=0, font=dict(size=11)),
        xaxis=dict(type="date", tickformat="%-d %b", tickfont=dict(size=10, color=MUTED), dtick=14 * 86_400_000,
                   range=[event_day - pd.Timedelta(days=days + 4), event_day + pd.Timedelta(days=days + 4)]),
        yaxis=dict(rangemode="tozero", tickfont=dict(size=10, color=MUTED), gridcolor="#eef0f2", dtick=None),
    ))
    return figure
