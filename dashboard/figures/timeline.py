"""The timeline: events on one date axis, in lanes by event type or by actor.

Spans are bars; one-day events are markers; an imprecise date is a faint band
over its whole window with a hollow marker, never a falsely exact point;
scheduled events are diamonds; the source's publication date is a dashed line.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.data.vocabulary import EVENT_TYPES, SPAN_TYPES
from dashboard.figures.style import (
    MUTED,
    SELECTED_OUTLINE,
    base_layout,
    plotly_text,
    type_colour,
    type_label,
    with_alpha,
)
from dashboard.wording import when_text

LANE_STEP = 0.32
DAY_MS = 86_400_000
NO_ACTOR = "(no actor named)"


def timeline_figure(events: pd.DataFrame, *, group: str = "type", selected: str | None = None,
                    published: date | None = None, x_range: tuple[date, date] | None = None) -> go.Figure:
    """A timeline of ``events`` (the contract's columns).

    ``group`` is "type" or "actor" (an event with several actors appears in
    each of their lanes). ``selected`` is an event id to ring. ``published``
    draws the source's publication date. ``x_range`` sets the visible dates.
    Each drawn point carries its event id as ``customdata[0]``.
    """
    rows = _lanes(events, group)
    lanes, positions = _positions(rows)
    rows = rows.assign(y=positions)
    figure = go.Figure()
    for event_type, of_type in rows.groupby("event_type", sort=False, observed=True):
        _add_type(figure, of_type, event_type)
    _add_key(figure)
    if selected is not None:
        _add_selection(figure, rows[rows["event_id"] == selected])
    if published is not None:
        _add_publication(figure, published)
    figure.update_layout(**_layout(rows, lanes, x_range))
    return figure


def _lanes(events: pd.DataFrame, group: str) -> pd.DataFrame:
    rows = events.copy()
    if group == "actor":
        rows["lane"] = rows["actors"].map(lambda names: names or [NO_ACTOR])
        rows = rows.explode("lane")
        order = rows["lane"].value_counts()
        rows["lane_order"] = rows["lane"].map(lambda lane: (-order[lane], lane))
    else:
        known = [t.name for t in EVENT_TYPES]
        rows["lane"] = rows["event_type"].map(type_label)
        rows["lane_order"] = rows["event_type"].map(lambda t: (known.index(t) if t in known else len(known), t))
    return rows.sort_values(["lane_order", "date_start", "event_id"]).reset_index(drop=True)


def _positions(rows: pd.DataFrame) -> tuple[list[tuple[str, float]], np.ndarray]:
    """Stack overlapping events within a lane; return (lane label, centre) pairs and each row's y."""
    if rows.empty:
        return [], np.array([])
    total_days = max((rows["date_end"].max() - rows["date_start"].min()).days, 1)
    gap = pd.Timedelta(days=max(1, total_days // 60))
    y = np.zeros(len(rows))
    lanes, top = [], 0.0
    for lane, members in rows.groupby("lane", sort=False, observed=True):
        ends: list[pd.Timestamp] = []
        for index, row in members.iterrows():
            level = next((i for i, end in enumerate(ends) if row.date_start > end + gap), len(ends))
            finish = row.date_end
            if level == len(ends):
                ends.append(finish)
            else:
                ends[level] = finish
            y[index] = top + level * LANE_STEP
        height = (len(ends) - 1) * LANE_STEP
        lanes.append((str(lane), top + height / 2))
        top += height + 1
    return lanes, y


def _kind(rows: pd.DataFrame) -> pd.Series:
    multi_day = rows["date_end"] > rows["date_start"]
    span = multi_day & ((rows["date_precision"] == "day") | rows["event_type"].isin(SPAN_TYPES))
    return pd.Series(np.where(span, "span", np.where(multi_day, "window", "point")), index=rows.index)


def _hover(rows: pd.DataFrame) -> list[list[str]]:
    return [[e.event_id, plotly_text(str(e.title)), plotly_text(when_text(e)), plotly_text(", ".join(e.actors) or "—"),
             "scheduled" if e.status == "scheduled" else ""] for e in rows.itertuples()]


HOVER = "<b>%{customdata[1]}</b><br>%{customdata[2]}<br>%{customdata[3]}<extra>%{customdata[4]}</extra>"


def _add_type(figure: go.Figure, rows: pd.DataFrame, event_type: str) -> None:
    colour, label = type_colour(event_type), type_label(event_type)
    kind = _kind(rows)
    imprecise = rows["date_precision"] != "day"
    figure.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=label, legendgroup=event_type,
                                marker=dict(color=colour, size=12, symbol="square"), hoverinfo="skip"))

    def legend() -> dict:
        return dict(name=label, legendgroup=event_type, showlegend=False)

    for precise in (True, False):
        bars = rows[(kind == "span") & (imprecise != precise)]
        if not bars.empty:
            figure.add_trace(go.Bar(
                **legend(), orientation="h", y=bars["y"], base=bars["date_start"],
                x=_duration_ms(bars), width=0.24, customdata=_hover(bars), hovertemplate=HOVER,
                marker=dict(color=colour if precise else with_alpha(colour, 0.45), line=dict(width=0),
                            pattern=dict(shape="" if precise else "/", fgcolor=colour, size=6)),
            ))
    windows = rows[kind == "window"]
    if not windows.empty:
        figure.add_trace(go.Bar(
            name=label, legendgroup=event_type, showlegend=False, orientation="h", y=windows["y"],
            base=windows["date_start"], x=_duration_ms(windows), width=0.24, hoverinfo="skip",
            marker=dict(color=with_alpha(colour, 0.18), line=dict(color=with_alpha(colour, 0.5), width=1)),
        ))
    points = rows[kind != "span"]
    if not points.empty:
        middle = points["date_start"] + (points["date_end"] - points["date_start"]) / 2
        hollow = (points["date_precision"] != "day") | (points["date_end"] > points["date_start"])
        shape = np.where(points["status"] == "scheduled", "diamond", "circle")
        symbol = np.where(hollow, np.char.add(shape.astype(str), "-open"), shape)
        figure.add_trace(go.Scatter(
            **legend(), x=middle, y=points["y"], mode="markers", customdata=_hover(points), hovertemplate=HOVER,
            marker=dict(color=colour, size=13, symbol=symbol, line=dict(color="white" if not hollow.all() else colour,
                                                                        width=np.where(hollow, 2.5, 1).tolist())),
        ))


def _duration_ms(rows: pd.DataFrame) -> np.ndarray:
    """Bar lengths in milliseconds, each window inclusive of its last day."""
    return ((rows["date_end"] - rows["date_start"]).dt.days.to_numpy() + 1) * DAY_MS


def _add_key(figure: go.Figure) -> None:
    """Legend entries for the marks' meaning (shape and fill), apart from the colours."""
    for name, symbol in (("Exact day", "circle"), ("Imprecise date (window)", "circle-open"),
                         ("Scheduled", "diamond")):
        figure.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=name, legendgroup="key",
                                    legendgrouptitle_text="Marks" if name == "Exact day" else None,
                                    marker=dict(color=MUTED, size=11, symbol=symbol, line=dict(width=2, color=MUTED)),
                                    hoverinfo="skip"))


def _add_selection(figure: go.Figure, rows: pd.DataFrame) -> None:
    """Ring the selected event; the ring takes no hover or click, so the marks under it stay clickable."""
    if rows.empty:
        return
    middle = rows["date_start"] + (rows["date_end"] - rows["date_start"]) / 2
    figure.add_trace(go.Scatter(
        x=middle, y=rows["y"], mode="markers", name="Selected", showlegend=False,
        customdata=[[event_id] for event_id in rows["event_id"]], hoverinfo="skip",
        marker=dict(size=26, symbol="circle-open", color=SELECTED_OUTLINE, line=dict(width=3, color=SELECTED_OUTLINE)),
    ))


def _add_publication(figure: go.Figure, published: date) -> None:
    figure.add_vline(x=pd.Timestamp(published).value / 1e6, line=dict(color=MUTED, width=1.5, dash="dash"),
                     annotation=dict(text=f"Source published {published:%-d %b %Y}", font=dict(size=11, color=MUTED),
                                     xanchor="right", yanchor="bottom", bgcolor="rgba(255,255,255,0.8)"),
                     annotation_position="bottom left")


def _layout(rows: pd.DataFrame, lanes: list[tuple[str, float]], x_range) -> dict:
    top = max((y for _, y in lanes), default=0) + 1
    if x_range is None and not rows.empty:
        first, last = rows["date_start"].min(), rows["date_end"].max()
        pad = max(pd.Timedelta(days=3), (last - first) * 0.02)
        x_range = (first - pad, last + pad)
    return base_layout(
        height=int(max(320, 150 + top * 44)),
        margin=dict(l=10, r=20, t=30, b=10),
        barmode="overlay", hovermode="closest", clickmode="event", dragmode="zoom",
        legend=dict(orientation="h", yanchor="top", y=-0.32, x=0, font=dict(size=12), groupclick="toggleitem"),
        xaxis=dict(type="date", range=[pd.Timestamp(x) for x in x_range] if x_range else None, showgrid=True,
                   gridcolor="#eef0f2", rangeslider=dict(visible=True, thickness=0.09, bgcolor="#f8f9fa")),
        yaxis=dict(tickvals=[y for _, y in lanes], ticktext=[label for label, _ in lanes], autorange="reversed",
                   range=[top - 0.4, -0.6], fixedrange=True, showgrid=False, zeroline=False, automargin=True),
    )


def timeline_counts_figure(counts, *, shown: int, published: date | None = None,
                           x_range: tuple | None = None) -> go.Figure:
    """A timeline of counts (``aggregate.TimelineCounts``): stacked bars per bin, one colour per lane.

    Used when a view holds too many events to draw one by one; ``shown`` is how
    many events the bars count. Zooming in far enough brings the events back.
    """
    from dashboard.figures.style import FALLBACK_COLOURS

    figure = go.Figure()
    width_ms = ((counts.ends - counts.starts).days.to_numpy() + 1) * DAY_MS * 0.92
    for lane, (name, kind) in enumerate(zip(counts.lanes, counts.lane_types, strict=True)):
        values = counts.counts[lane]
        if not values.any():
            continue
        colour = type_colour(kind) if kind else FALLBACK_COLOURS[lane % len(FALLBACK_COLOURS)]
        label = type_label(kind) if kind else name
        figure.add_trace(go.Bar(
            x=counts.starts + (counts.ends - counts.starts) / 2, y=values, width=width_ms, name=plotly_text(label),
            marker=dict(color=colour, line=dict(width=0)), offsetgroup="counts",
            customdata=[[f"{s:%-d %b %Y}" + (f" – {e:%-d %b %Y}" if e != s else "")]
                        for s, e in zip(counts.starts, counts.ends, strict=True)],
            hovertemplate=f"<b>{plotly_text(label)}</b><br>%{{customdata[0]}}<br>%{{y:,}} events<extra></extra>",
        ))
    if published is not None:
        _add_publication(figure, published)
    if x_range is None:
        x_range = (counts.starts[0], counts.ends[-1] + pd.Timedelta(days=1)) if len(counts.starts) else None
    figure.update_layout(**base_layout(
        height=440, margin=dict(l=10, r=20, t=40, b=10), barmode="stack", bargap=0.05, hovermode="closest",
        dragmode="zoom",
        legend=dict(orientation="h", yanchor="top", y=-0.3, x=0, font=dict(size=12)),
        xaxis=dict(type="date", range=[pd.Timestamp(x) for x in x_range] if x_range else None,
                   rangeslider=dict(visible=True, thickness=0.09, bgcolor="#f8f9fa")),
        yaxis=dict(title=dict(text=f"events per {counts.unit}"), fixedrange=True, rangemode="tozero",
                   gridcolor="#eef0f2"),
        annotations=[dict(text=f"{shown:,} events counted per {counts.unit}: zoom in or filter to "
                               "see them one by one", xref="paper", yref="paper", x=0, y=1.02, xanchor="left",
                          yanchor="bottom", showarrow=False, font=dict(size=12, color=MUTED))],
    ))
    return figure
