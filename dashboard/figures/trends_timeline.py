"""The timeline of what changed (#25): for each chosen area, its events week by week over the weeks a trend
reads, against its baselines — the rolling mean of the 4 weeks before each week (a line) and the mean of the 52
weeks before the current one ± 1 standard deviation (a band) — with the current week coloured by its band.

Weeks are the trend's own (``trends.trend_weeks``): week 0 the 7 days to ``as_of``; a bar spans its 7 days. A
count may be a fraction: an event whose date is a window adds its share to each week it overlaps."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.figures.style import GRID, MUTED, base_layout, plotly_text, with_alpha
from dashboard.figures.trends_map import BAND_COLOURS
from dashboard.language import _, formats
from dashboard.query.trends import WEEKS, band

#: How many areas one figure draws at most (one row each).
MOST_AREAS = 6
ROW_HEIGHT = 190
BAR_COLOUR = "#8c96a0"
MEAN_4W_COLOUR = "#1f4e79"
BASELINE_COLOUR = "#6a51a3"
WEEK_MS = 7 * 86_400_000


def trends_timeline_figure(counts: pd.DataFrame, areas: list[str], as_of: date, *,
                           note: tuple[str, ...] = ()) -> go.Figure:
    """One row per area of ``areas`` (at most ``MOST_AREAS``, those found in ``counts``: areas × weeks 0..WEEKS-1),
    oldest week on the left; the legend names each line once; ``note`` (lines: the week, what is counted) above. As
    wide as where it is drawn (an export's size, a page's box)."""
    areas = [a for a in areas if a in counts.index][:MOST_AREAS]
    rows = max(len(areas), 1)
    figure = make_subplots(rows=rows, cols=1, shared_xaxes=True, vertical_spacing=min(0.12, 0.5 / rows),
                           subplot_titles=[plotly_text(a) for a in areas] or [""])
    weeks = np.arange(WEEKS - 1, -1, -1)  # oldest first
    ends = [as_of - timedelta(days=7 * int(k)) for k in weeks]
    middles = [pd.Timestamp(end) - pd.Timedelta(hours=60) for end in ends]  # the middle of its 7 days
    spans = [_("{start} – {end}").format(start=formats.day(end - timedelta(days=6)), end=formats.day(end))
             for end in ends]
    for row, area in enumerate(areas, 1):
        values = counts.loc[area].reindex(range(WEEKS), fill_value=0.0).to_numpy(dtype=float)
        _add_area(figure, row, values, weeks, middles, spans, legend=row == 1)
    figure.update_layout(**base_layout(
        height=130 + ROW_HEIGHT * rows, bargap=0.15, hovermode="closest",
        margin=dict(l=10, r=10, t=72, b=100),  # the legend under the weeks: room for it on three lines
        legend=dict(orientation="h", x=0, y=0, yanchor="bottom", yref="container", font=dict(size=12)),
    ))
    figure.update_xaxes(type="date", showgrid=False, ticks="outside", tickformat="%-d %b %Y")
    figure.update_yaxes(rangemode="tozero", gridcolor=GRID, zeroline=True, zerolinecolor=GRID)
    figure.update_yaxes(title_text=_("events per week"), row=(rows + 1) // 2, col=1)
    figure.update_annotations(font=dict(size=13), xanchor="left", x=0)
    if note:
        figure.add_annotation(text="<br>".join(plotly_text(line) for line in note), showarrow=False, xref="paper",
                              yref="paper", x=0, y=1, xanchor="left", yanchor="bottom", yshift=24, align="left",
                              font=dict(size=12, color=MUTED))
    if not areas:
        figure.add_annotation(text=_("No area to draw: the view has no events in these weeks."), showarrow=False,
                              xref="paper", yref="paper", x=0.5, y=0.5, font=dict(color=MUTED))
    return figure


def _add_area(figure: go.Figure, row: int, values: np.ndarray, weeks: np.ndarray, middles: list, spans: list[str],
              *, legend: bool) -> None:
    """One area's row: the weeks as bars (the current one in its band's colour), the 52-week baseline band,
    and the rolling 4-week mean."""
    by_age = values  # index k: k weeks before the current one
    current, before_52 = by_age[0], by_age[1:53]
    mean_52, sd_52 = float(before_52.mean()), float(before_52.std())
    mean_4 = float(by_age[1:5].mean())
    shown = by_age[weeks]
    colours = [BAR_COLOUR] * (len(weeks) - 1) + [BAND_COLOURS[band(current, mean_4)]]
    number = [formats.number(round(v, 2)) for v in shown]
    figure.add_trace(go.Bar(
        x=middles, y=shown, width=WEEK_MS * 0.85, marker=dict(color=colours, line=dict(width=0)),
        name=_("events in the week"), legendgroup="weeks", showlegend=legend, customdata=list(zip(spans, number)),
        hovertemplate="%{customdata[0]}: %{customdata[1]}<extra></extra>"), row=row, col=1)
    # the 52 weeks before the current one: their mean ± 1 SD, drawn over the weeks it is the mean of
    first, last = len(weeks) - 53, len(weeks) - 2
    band_x = [middles[first] - pd.Timedelta(days=3.5), middles[last] + pd.Timedelta(days=3.5)]
    low, high = max(mean_52 - sd_52, 0.0), mean_52 + sd_52
    words = _("52-week mean ± 1 SD: {mean} ({low}–{high})").format(
        mean=formats.number(round(mean_52, 2)), low=formats.number(round(low, 2)), high=formats.number(round(high, 2)))
    figure.add_trace(go.Scatter(x=band_x, y=[low, low], mode="lines", line=dict(width=0), hoverinfo="skip",
                                showlegend=False, legendgroup="baseline"), row=row, col=1)
    figure.add_trace(go.Scatter(
        x=band_x, y=[high, high], mode="lines", line=dict(width=0), fill="tonexty",
        fillcolor=with_alpha(BASELINE_COLOUR, 0.16), name=_("52-week mean ± 1 SD"), legendgroup="baseline",
        showlegend=legend, hoverinfo="skip"), row=row, col=1)
    figure.add_trace(go.Scatter(
        x=band_x, y=[mean_52, mean_52], mode="lines", line=dict(color=BASELINE_COLOUR, width=1.5, dash="dash"),
        name=_("52-week mean"), legendgroup="baseline", showlegend=False, hovertemplate=plotly_text(words)
        + "<extra></extra>"), row=row, col=1)
    # the mean of the 4 weeks before each week, where 4 weeks before it are counted
    rolling = [float(by_age[k + 1:k + 5].mean()) if k + 4 < WEEKS else None for k in weeks]
    figure.add_trace(go.Scatter(
        x=middles, y=rolling, mode="lines", line=dict(color=MEAN_4W_COLOUR, width=2), connectgaps=False,
        name=_("mean of the 4 weeks before"), legendgroup="mean4", showlegend=legend,
        customdata=[[s, "—" if r is None else formats.number(round(r, 2))] for s, r in zip(spans, rolling,
                                                                                           strict=True)],
        hovertemplate=plotly_text(_("mean of the 4 weeks before")) + " %{customdata[0]}: %{customdata[1]}"
        "<extra></extra>"), row=row, col=1)
