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
    oldest week on the left, on one time axis; the legend names each line once; ``note`` (lines: the week, what
    is counted) above. As wide as where it is drawn (an export's size, a page's box). Built as plain data, then
    checked once (a figure of subplots built trace by trace costs ten times as long)."""
    areas = [a for a in areas if a in counts.index][:MOST_AREAS]
    rows = max(len(areas), 1)
    weeks = np.arange(WEEKS - 1, -1, -1)  # oldest first
    ends = [as_of - timedelta(days=7 * int(k)) for k in weeks]
    middles = [pd.Timestamp(end) - pd.Timedelta(hours=60) for end in ends]  # the middle of its 7 days
    spans = [_("{start} – {end}").format(start=formats.day(end - timedelta(days=6)), end=formats.day(end))
             for end in ends]
    gap = min(0.12, 0.5 / rows)
    height = (1 - gap * (rows - 1)) / rows
    data, layout = [], dict(base_layout(
        height=130 + ROW_HEIGHT * rows, bargap=0.15, hovermode="closest",
        margin=dict(l=10, r=10, t=72, b=100),  # the legend under the weeks: room for it on three lines
        legend=dict(orientation="h", x=0, y=0, yanchor="bottom", yref="container", font=dict(size=12)),
    ))
    annotations = []
    for row, area in enumerate(areas or [None], 1):
        top = 1 - (row - 1) * (height + gap)
        axis = "" if row == 1 else str(row)
        layout[f"xaxis{axis}"] = dict(type="date", showgrid=False, ticks="outside", tickformat="%-d %b %Y",
                                      anchor=f"y{axis}", showticklabels=row == rows,
                                      **({} if row == 1 else {"matches": "x"}))
        layout[f"yaxis{axis}"] = dict(domain=[max(top - height, 0), top], anchor=f"x{axis}", rangemode="tozero",
                                      gridcolor=GRID, zeroline=True, zerolinecolor=GRID,
                                      **({"title": dict(text=_("events per week"))} if row == (rows + 1) // 2 else {}))
        if area is None:
            continue
        annotations.append(dict(text=plotly_text(area), showarrow=False, xref="paper", yref="paper", x=0, y=top,
                                xanchor="left", yanchor="bottom", font=dict(size=13)))
        values = counts.loc[area].reindex(range(WEEKS), fill_value=0.0).to_numpy(dtype=float)
        data += _area_traces(values, weeks, middles, spans, axes=(f"x{axis}", f"y{axis}"), legend=row == 1)
    if note:
        annotations.append(dict(text="<br>".join(plotly_text(line) for line in note), showarrow=False, xref="paper",
                                yref="paper", x=0, y=1, xanchor="left", yanchor="bottom", yshift=24, align="left",
                                font=dict(size=12, color=MUTED)))
    if not areas:
        annotations.append(dict(text=_("No area to draw: the view has no events in these weeks."), showarrow=False,
                                xref="paper", yref="paper", x=0.5, y=0.5, font=dict(color=MUTED)))
    return go.Figure(data=data, layout={**layout, "annotations": annotations})


def _area_traces(values: np.ndarray, weeks: np.ndarray, middles: list, spans: list[str], *, axes: tuple[str, str],
                 legend: bool) -> list[dict]:
    """One area's row: the weeks as bars (the current one in its band's colour), the 52-week baseline band,
    and the rolling 4-week mean, on the row's ``axes``."""
    by_age = values  # index k: k weeks before the current one
    current, before_52 = by_age[0], by_age[1:53]
    mean_52, sd_52 = float(before_52.mean()), float(before_52.std())
    mean_4 = float(by_age[1:5].mean())
    shown = by_age[weeks]
    colours = [BAR_COLOUR] * (len(weeks) - 1) + [BAND_COLOURS[band(current, mean_4)]]
    number = [formats.number(round(v, 2)) for v in shown]
    on = dict(xaxis=axes[0], yaxis=axes[1])
    traces = [dict(
        type="bar", x=middles, y=shown, width=WEEK_MS * 0.85, marker=dict(color=colours, line=dict(width=0)),
        name=_("events in the week"), legendgroup="weeks", showlegend=legend, customdata=list(zip(spans, number)),
        hovertemplate="%{customdata[0]}: %{customdata[1]}<extra></extra>", **on)]
    # the 52 weeks before the current one: their mean ± 1 SD, drawn over the weeks it is the mean of
    first, last = len(weeks) - 53, len(weeks) - 2
    band_x = [middles[first] - pd.Timedelta(days=3.5), middles[last] + pd.Timedelta(days=3.5)]
    low, high = max(mean_52 - sd_52, 0.0), mean_52 + sd_52
    words = _("52-week mean ± 1 SD: {mean} ({low}–{high})").format(
        mean=formats.number(round(mean_52, 2)), low=formats.number(round(low, 2)), high=formats.number(round(high, 2)))
    traces += [
        dict(type="scatter", x=band_x, y=[low, low], mode="lines", line=dict(width=0), hoverinfo="skip",
             showlegend=False, legendgroup="baseline", **on),
        dict(type="scatter", x=band_x, y=[high, high], mode="lines", line=dict(width=0), fill="tonexty",
             fillcolor=with_alpha(BASELINE_COLOUR, 0.16), name=_("52-week mean ± 1 SD"), legendgroup="baseline",
             showlegend=legend, hoverinfo="skip", **on),
        dict(type="scatter", x=band_x, y=[mean_52, mean_52], mode="lines",
             line=dict(color=BASELINE_COLOUR, width=1.5, dash="dash"), name=_("52-week mean"), legendgroup="baseline",
             showlegend=False, hovertemplate=plotly_text(words) + "<extra></extra>", **on)]
    # the mean of the 4 weeks before each week, where 4 weeks before it are counted
    rolling = [float(by_age[k + 1:k + 5].mean()) if k + 4 < WEEKS else None for k in weeks]
    traces.append(dict(
        type="scatter", x=middles, y=rolling, mode="lines", line=dict(color=MEAN_4W_COLOUR, width=2),
        connectgaps=False, name=_("mean of the 4 weeks before"), legendgroup="mean4", showlegend=legend,
        customdata=[[s, "—" if r is None else formats.number(round(r, 2))] for s, r in zip(spans, rolling,
                                                                                           strict=True)],
        hovertemplate=plotly_text(_("mean of the 4 weeks before")) + " %{customdata[0]}: %{customdata[1]}"
        "<extra></extra>", **on))
    return traces
