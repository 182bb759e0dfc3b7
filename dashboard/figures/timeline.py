"""The timeline: events on one date axis, in lanes by event type or by actor.

Spans are bars; one-day events are markers; an imprecise date is a faint band
over its whole window with a hollow marker, never a falsely exact point;
scheduled events are diamonds; the source's publication date is a dashed line.
When few events are in the frame, each one carries a short label beside its
mark, placed so that no label covers another label or a mark; where labels
cannot fit (a narrow chart), numbers stand in for them and a key lists them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.data.origins import origin_of
from dashboard.data.vocabulary import EVENT_TYPES
from dashboard.figures.legend import legend_height
from dashboard.figures.labels import LABEL_SIZE, Mark, Packing, Place, event_label, pack, text_width
from dashboard.figures.style import (
    INK,
    MUTED,
    SELECTED_OUTLINE,
    base_layout,
    plotly_text,
    text_colour_on,
    type_colour,
    type_label,
    with_alpha,
)
from dashboard.figures.time_axis import NOTE_MARGIN, SLIDER_SHARE, date_axis, edge_notes, publication_line
from dashboard.query.framing import events_frame, mark_kinds, middles
from dashboard.language import N_, _
from dashboard.language.wording import still_going, when_text

DAY_MS = 86_400_000
#: The lane of events that name no actor (a marked English text: the lane shows it translated).
NO_ACTOR = N_("(no actor named)")
#: At most this many events in the frame get labels; beyond, marks only.
LABEL_LIMIT = 40
#: Width (CSS px) a timeline is laid out for when none is given.
DEFAULT_WIDTH = 1000
ROW_PX = {True: 24, False: 15}     # a row's height with and without labels
LANE_GAP = 0.7                     # space between lanes, in rows
POINT_RADIUS = 7
RING_EXTRA = 7
MARGIN = dict(l=10, r=20, t=NOTE_MARGIN, b=10)
AXIS_PX = 42            # the date ticks (two lines) under the plot


@dataclass(frozen=True)
class _Geometry:
    """Where the frame's dates fall in pixels."""

    frame: tuple[pd.Timestamp, pd.Timestamp]
    plot_width: float

    def px(self, when) -> np.ndarray:
        start, end = self.frame
        seconds = (pd.to_datetime(when) - start).dt.total_seconds().to_numpy() if isinstance(when, pd.Series) \
            else np.array([(pd.Timestamp(when) - start).total_seconds()])
        return seconds / (end - start).total_seconds() * self.plot_width

    def time(self, px: float) -> pd.Timestamp:
        start, end = self.frame
        return start + (end - start) * (px / self.plot_width)


def timeline_figure(events: pd.DataFrame, *, group: str = "type", selected: str | None = None,
                    published: date | None = None, x_range=None, width: int = DEFAULT_WIDTH,
                    history=None, slider: bool = True) -> go.Figure:
    """A timeline of ``events`` (the contract's columns; an optional ``label`` column names marks).

    ``group`` is "type" or "actor" (an event with several actors appears in
    each of their lanes). ``selected`` is an event id to ring. ``published``
    draws the source's publication date. ``x_range`` is the frame (visible
    dates); None frames the events as ``framing.frame_for`` does. ``width`` is
    the width in CSS pixels the figure will be drawn at, which decides where
    labels fit. ``history`` is the range slider's extent (default: the events');
    ``slider=False`` leaves the slider out (for paper).
    Each drawn mark carries its event id as ``customdata[0]``.
    """
    rows = _lanes(events, group)
    kinds = mark_kinds(rows)
    frame = _frame(rows, x_range)
    lanes = list(dict.fromkeys(rows["lane"]))
    geometry = _Geometry(frame, _plot_width(width, lanes)) if frame else None
    inside = _in_frame(rows, frame)
    labelled = geometry is not None and 0 < rows.loc[inside, "event_id"].nunique() <= LABEL_LIMIT
    texts = _label_texts(rows, inside) if labelled else None
    packing = _pack(rows, kinds, lanes, geometry, texts, selected)
    numbered = texts is not None and not packing.complete
    if numbered:
        texts = _numbers(rows, inside)
        packing = _pack(rows, kinds, lanes, geometry, texts, selected)
    lane_top, top = _lane_tops(packing.rows)
    rows = rows.assign(y=[lane_top[lanes.index(lane)] + place.row for lane, place in
                          zip(rows["lane"], packing.places, strict=True)])
    figure = go.Figure()
    for event_type, of_type in rows.groupby("event_type", sort=False, observed=True):
        _add_type(figure, of_type, kinds[of_type.index], event_type)
    _add_key(figure)
    if selected is not None:
        _add_selection(figure, rows[rows["event_id"] == selected])
    notes: list[dict] = []
    shapes: list[dict] = []
    if geometry is not None:
        if texts is not None:
            notes += _labels(rows, kinds, texts, packing, geometry)
        _add_continuations(figure, rows, kinds, geometry)
        earlier = rows.loc[rows["date_end"] + pd.Timedelta(days=1) <= frame[0], "event_id"].nunique()
        later = rows.loc[rows["date_start"] >= frame[1], "event_id"].nunique()
        notes += edge_notes(earlier, later)
    if numbered:
        _add_number_key(figure, rows, texts)
    if published is not None:
        line, note = publication_line(published, frame, geometry.plot_width if geometry else width)
        shapes.append(line)
        notes += [note] if note else []
    row_px = ROW_PX[texts is not None]
    figure.update_layout(**_layout(lanes, lane_top, packing.rows, top, frame, history if slider else False, row_px,
                                   legend_height(figure, width - MARGIN["l"] - MARGIN["r"]),
                                   geometry.plot_width if geometry else width),
                         annotations=notes, shapes=shapes)
    return figure


def _frame(rows: pd.DataFrame, x_range):
    if x_range is not None:
        return pd.Timestamp(x_range[0]), pd.Timestamp(x_range[1])
    return events_frame(rows)


def _lanes(events: pd.DataFrame, group: str) -> pd.DataFrame:
    rows = events.copy()
    if group == "actor":
        no_actor = _(NO_ACTOR)
        rows["lane"] = rows["actors"].map(lambda names: names or [no_actor])
        rows = rows.explode("lane")
        order = rows["lane"].value_counts()
        rows["lane_order"] = rows["lane"].map(lambda lane: (-order[lane], lane))
    elif group == "source":
        rows["lane"] = (rows["origin"] if "origin" in rows else origin_of(rows["source"])).astype("str")
        order = rows["lane"].value_counts()
        rows["lane_order"] = rows["lane"].map(lambda lane: (-order[lane], lane))
    else:
        known = [t.name for t in EVENT_TYPES]
        rows["lane"] = rows["event_type"].astype("str").map(type_label)
        rows["lane_order"] = rows["event_type"].astype("str").map(
            lambda t: (known.index(t) if t in known else len(known), t))
    return rows.sort_values(["lane_order", "date_start", "event_id"]).reset_index(drop=True)


def _plot_width(width: int, lanes: list[str]) -> float:
    """The plot area's width: the figure's, less margins and the lane names on the left."""
    names = max((text_width(str(lane), 13) for lane in lanes), default=0)
    return max(width - MARGIN["l"] - MARGIN["r"] - names - 12, 100)


def _in_frame(rows: pd.DataFrame, frame) -> pd.Series:
    if frame is None:
        return pd.Series(False, index=rows.index)
    return (rows["date_end"] + pd.Timedelta(days=1) > frame[0]) & (rows["date_start"] < frame[1])


def _label_texts(rows: pd.DataFrame, inside: pd.Series) -> pd.Series:
    """Each row's label (``event_label``); empty outside the frame."""
    return pd.Series([event_label(e) for e in rows.itertuples()], index=rows.index, dtype="string").where(inside, "")


def _numbers(rows: pd.DataFrame, inside: pd.Series) -> pd.Series:
    """Numbers for the events in the frame. They count in date order over all the events when there are few
    (so they match the map's), else over those in the frame; an event in several lanes keeps one number."""
    counted = rows if rows["event_id"].nunique() <= LABEL_LIMIT else rows.loc[inside]
    order = counted.sort_values(["date_start", "event_id"])["event_id"].drop_duplicates()
    number = {event_id: str(n) for n, event_id in enumerate(order, start=1)}
    return rows["event_id"].map(number).fillna("").where(inside, "")


def _pack(rows, kinds, lanes, geometry, texts, selected=None) -> Packing:
    if geometry is None:
        return Packing(tuple(Place(0, "", 0.0, 0.0) for _row in range(len(rows))), tuple(1 for _lane in lanes), True)
    start = geometry.px(rows["date_start"])
    end = geometry.px(rows["date_end"] + pd.Timedelta(days=1))
    middle = (start + end) / 2
    point = (kinds == "point").to_numpy()
    x0 = np.where(point, middle - POINT_RADIUS, np.minimum(start, middle - POINT_RADIUS))
    x1 = np.where(point, middle + POINT_RADIUS, np.maximum(end, middle + POINT_RADIUS))
    x1 = np.where(kinds.to_numpy() == "span", np.maximum(end, start + 3), x1)
    ring = (rows["event_id"] == selected).to_numpy() & point  # the selection ring is wider than the mark
    x0, x1 = np.where(ring, x0 - RING_EXTRA, x0), np.where(ring, x1 + RING_EXTRA, x1)
    lane_number = {lane: i for i, lane in enumerate(lanes)}
    widths = texts.map(lambda t: text_width(t, LABEL_SIZE) if t else 0.0) if texts is not None else None
    marks = [Mark(lane_number[lane], float(a), float(b), float(widths.iloc[i]) if widths is not None else 0.0,
                  bar=kinds.iloc[i] != "point")
             for i, (lane, a, b) in enumerate(zip(rows["lane"], x0, x1, strict=True))]
    return pack(marks, len(lanes), geometry.plot_width)


def _lane_tops(rows_per_lane: tuple[int, ...]) -> tuple[list[float], float]:
    tops, top = [], 0.0
    for rows in rows_per_lane:
        tops.append(top)
        top += rows + LANE_GAP
    return tops, top - LANE_GAP


def _hover(rows: pd.DataFrame) -> list[list[str]]:
    scheduled = plotly_text(_("scheduled"))
    return [[e.event_id, plotly_text(str(e.title)), plotly_text(when_text(e)), plotly_text(", ".join(e.actors) or "—"),
             scheduled if e.status == "scheduled" else ""] for e in rows.itertuples()]


HOVER = "<b>%{customdata[1]}</b><br>%{customdata[2]}<br>%{customdata[3]}<extra>%{customdata[4]}</extra>"
BAR_WIDTH = 0.5


def _add_type(figure: go.Figure, rows: pd.DataFrame, kind: pd.Series, event_type: str) -> None:
    colour, label = type_colour(event_type), plotly_text(type_label(event_type))
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
                x=_duration_ms(bars), width=BAR_WIDTH, customdata=_hover(bars), hovertemplate=HOVER,
                marker=dict(color=colour if precise else with_alpha(colour, 0.45), line=dict(width=0),
                            pattern=dict(shape="" if precise else "/", fgcolor=colour, size=6)),
            ))
    windows = rows[kind == "window"]
    if not windows.empty:
        figure.add_trace(go.Bar(
            **legend(), orientation="h", y=windows["y"], base=windows["date_start"], x=_duration_ms(windows),
            width=BAR_WIDTH, hoverinfo="skip", customdata=[[event_id] for event_id in windows["event_id"]],
            marker=dict(color=with_alpha(colour, 0.18), line=dict(color=with_alpha(colour, 0.5), width=1)),
        ))
    points = rows[kind != "span"]
    if not points.empty:
        middle = middles(points)
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
    for n, (name, symbol) in enumerate(((_("Exact day"), "circle"), (_("Imprecise date (window)"), "circle-open"),
                                        (_("Scheduled"), "diamond"))):
        figure.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=name, legendgroup="key",
                                    legendgrouptitle_text=_("Marks") if n == 0 else None,
                                    marker=dict(color=MUTED, size=11, symbol=symbol, line=dict(width=2, color=MUTED)),
                                    hoverinfo="skip"))


def _labels(rows: pd.DataFrame, kinds: pd.Series, texts: pd.Series, packing: Packing,
            geometry: _Geometry) -> list[dict]:
    """Each label as an annotation at its mark's row, where the packing put it."""
    notes = []
    for i, place in enumerate(packing.places):
        if not place.side or not texts.iloc[i]:
            continue
        colour = type_colour(str(rows["event_type"].iloc[i]))
        on_bar = place.side == "inside" and kinds.iloc[i] == "span" and rows["date_precision"].iloc[i] == "day"
        # Anchored on the side facing the mark, so a label drawn wider than estimated grows away from it.
        left_of_mark = place.side == "left"
        notes.append(dict(
            x=geometry.time(place.right if left_of_mark else place.left), y=rows["y"].iloc[i], xref="x", yref="y",
            xanchor="right" if left_of_mark else "left", yanchor="middle",
            text=plotly_text(texts.iloc[i]), showarrow=False, name=f"label:{rows['event_id'].iloc[i]}",
            font=dict(size=LABEL_SIZE, color=text_colour_on(colour) if on_bar else INK),
            bgcolor="rgba(0,0,0,0)" if on_bar else "rgba(255,255,255,0.8)", borderpad=0,
        ))
    return notes


def _add_continuations(figure: go.Figure, rows: pd.DataFrame, kinds: pd.Series, geometry: _Geometry) -> None:
    """Arrowheads where a span or window runs on beyond the frame's edge, or was still going at publication."""
    long = rows[kinds != "point"]
    start, end = geometry.frame
    for side, beyond, at, symbol in (("before", long["date_start"] < start, start, "triangle-left"),
                                     ("after", long["date_end"] + pd.Timedelta(days=1) > end, end, "triangle-right")):
        cut = long[beyond & (long["date_end"] + pd.Timedelta(days=1) > start) & (long["date_start"] < end)]
        if cut.empty:
            continue
        nudge = (end - start) * (6 / geometry.plot_width)
        figure.add_trace(go.Scatter(
            x=[at + nudge if side == "before" else at - nudge] * len(cut), y=cut["y"], mode="markers",
            marker=dict(symbol=symbol, size=9, color=[type_colour(str(t)) for t in cut["event_type"]],
                        line=dict(color="white", width=1)),
            name=f"continues {side}", showlegend=False, hoverinfo="skip"))
    # a span still under way when the source was published ends in an open arrow: it did not end that day
    going = long[still_going(long) & (long["date_end"] + pd.Timedelta(days=1) <= end) & (long["date_end"] >= start)]
    if not going.empty:
        tip = going["date_end"] + pd.Timedelta(days=1) + (end - start) * (5 / geometry.plot_width)
        figure.add_trace(go.Scatter(
            x=tip, y=going["y"], mode="markers", name="still going", showlegend=False, hoverinfo="skip",
            marker=dict(symbol="triangle-right-open", size=11, color=[type_colour(str(t)) for t in going["event_type"]],
                        line=dict(width=2))))


def _add_number_key(figure: go.Figure, rows: pd.DataFrame, numbers: pd.Series) -> None:
    """The key to numbered marks, as legend entries "3 · Washington talks" in the type's colour."""
    keyed = rows.assign(number=numbers)[numbers != ""].drop_duplicates("event_id")
    keyed = keyed.sort_values("number", key=lambda s: s.astype(int))
    title = _("Events")
    for e in keyed.itertuples():
        text = event_label(e)
        figure.add_trace(go.Scatter(
            x=[None], y=[None], mode="markers", name=f"{e.number} · {plotly_text(text)}", legendgroup="numbers",
            legendgrouptitle_text=title if e.number == "1" else None, hoverinfo="skip",
            marker=dict(color=type_colour(str(e.event_type)), size=9, symbol="circle")))


def _add_selection(figure: go.Figure, rows: pd.DataFrame) -> None:
    """Ring the selected event; the ring takes no hover or click, so the marks under it stay clickable."""
    if rows.empty:
        return
    middle = middles(rows)
    figure.add_trace(go.Scatter(
        x=middle, y=rows["y"], mode="markers", name="Selected", showlegend=False,
        customdata=[[event_id] for event_id in rows["event_id"]], hoverinfo="skip",
        marker=dict(size=26, symbol="circle-open", color=SELECTED_OUTLINE, line=dict(width=3, color=SELECTED_OUTLINE)),
    ))


def _layout(lanes, lane_top, rows_per_lane, top, frame, history, row_px: int, legend_px: int,
            plot_width: float) -> dict:
    # ``history`` False: no range slider at all.
    """The plot's height follows its rows; below it go the date ticks, the range slider and the legend.

    Plotly's range slider claims the ticks, itself and then ``margin.b`` below the plot, so ``margin.b`` is
    just the legend's room: nothing then squeezes the plot out of the height its labels were placed for.
    """
    centres = [t + (rows - 1) / 2 for t, rows in zip(lane_top, rows_per_lane, strict=True)]
    plot_height = max(120, (top + 1) * row_px)
    slider = AXIS_PX + (int(plot_height * SLIDER_SHARE) + 14 if history is not False else 0)
    return base_layout(
        height=int(MARGIN["t"] + plot_height + slider + legend_px + 10),
        margin=dict(MARGIN, b=legend_px + 10),
        barmode="overlay", hovermode="closest", clickmode="event", dragmode="zoom",
        legend=dict(orientation="h", yanchor="top", y=-(slider + 6) / plot_height, x=0, font=dict(size=12),
                    groupclick="toggleitem"),
        xaxis=date_axis(frame, history or None, slider=history is not False, plot_width=plot_width),
        yaxis=dict(tickvals=centres, ticktext=[plotly_text(str(lane)) for lane in lanes], autorange=False,
                   range=[top + 0.5, -0.5], fixedrange=True, showgrid=False, zeroline=False, automargin=True),
    )
