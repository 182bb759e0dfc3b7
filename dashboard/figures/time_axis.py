"""What every timeline shares: the date axis with its frame and range slider, the publication line,
and the notes at the frame's edges. Notes sit in the top margin, never over the data."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.labels import text_width
from dashboard.figures.style import INK, MUTED, plotly_text
from dashboard.language import _, formats, ngettext

#: Top margin that holds the edge notes and the publication note above the plot.
NOTE_MARGIN = 34
NOTE_SIZE = 11
#: The shade of a frame of playback behind the marks.
FRAME_FILL = "rgba(255, 193, 7, 0.16)"


#: The range slider's thickness, as a share of the plot's height.
SLIDER_SHARE = 0.09
#: Frames up to this many days long, on paper, get a tick a day.
DAY_TICKS = 14
#: Room a day's tick label ("15 May") needs.
DAY_TICK_PX = 60


def date_axis(frame, history=None, *, slider: bool = True, plot_width: float = 900) -> dict:
    """An x axis showing ``frame``, with a range slider over ``history`` (the whole extent of the data)
    unless ``slider`` is False (on paper, where nobody can drag it). ``plot_width`` (px) spaces the ticks
    of short frames on paper."""
    if not slider:
        return dict(type="date", range=[pd.Timestamp(x) for x in frame] if frame else None, autorange=frame is None,
                    showgrid=True, gridcolor="#eef0f2", rangeslider=dict(visible=False), **_day_ticks(frame, plot_width))
    slider = dict(visible=True, thickness=SLIDER_SHARE, bgcolor="#f8f9fa")
    if history is not None:
        slider["range"] = [pd.Timestamp(x) for x in history]
        slider["autorange"] = False
    return dict(type="date", range=[pd.Timestamp(x) for x in frame] if frame else None, autorange=frame is None,
                showgrid=True, gridcolor="#eef0f2", rangeslider=slider)


def _day_ticks(frame, plot_width: float) -> dict:
    """Ticks on whole days for a frame of up to ``DAY_TICKS`` days — every day, or every few where the plot
    is narrow (Plotly would tick every 12 hours, and no event is dated to the hour); else nothing to add."""
    if frame is None:
        return {}
    first, last = (pd.Timestamp(x) for x in frame)
    days = (last - first) / pd.Timedelta(days=1)
    if days > DAY_TICKS:
        return {}
    every = max(1, math.ceil(days * DAY_TICK_PX / max(plot_width, 1)))
    return dict(tick0=first.normalize(), dtick=86_400_000 * every, tickformat="%-d %b\n%Y")


def publication_line(published: date, frame, plot_width: float) -> tuple[dict, dict | None]:
    """A dashed line at the source's publication date (a layout shape) and its note in the top margin, on
    whichever side of the line has room; no note when the date lies outside the frame."""
    x = pd.Timestamp(published)
    line = dict(type="line", xref="x", yref="paper", x0=x, x1=x, y0=0, y1=1, layer="below",
                line=dict(color=MUTED, width=1.5, dash="dash"))
    if frame is None:
        share = 0.5
    else:
        share = (x - frame[0]) / (frame[1] - frame[0])
        if not 0 <= share <= 1:
            return line, None
    room = {"left": share * plot_width, "right": (1 - share) * plot_width}
    day = formats.day(published)
    for text in (_("Source published {day}").format(day=day), _("Published {day}").format(day=day)):
        for side in ("left", "right"):
            if room[side] >= text_width(text, NOTE_SIZE) + 8:
                return line, dict(x=x, y=1, xref="x", yref="paper", yanchor="bottom", text=text, showarrow=False,
                                  xanchor="right" if side == "left" else "left", xshift=-3 if side == "left" else 3,
                                  font=dict(size=NOTE_SIZE, color=MUTED), name="published")
    return line, None


def edge_notes(earlier: int, later: int) -> list[dict]:
    """"◀ 7 earlier events" and "3 later events ▶" for the top corners, when the frame leaves some out."""
    before = ngettext("{n} earlier event", "{n} earlier events", earlier).format(n=formats.number(earlier))
    after = ngettext("{n} later event", "{n} later events", later).format(n=formats.number(later))
    return [dict(x=x, y=1, xref="paper", yref="paper", yanchor="bottom", xanchor=anchor, text=text, showarrow=False,
                 font=dict(size=NOTE_SIZE, color=MUTED), yshift=14, name="edge")
            for count, text, x, anchor in ((earlier, f"◀ {before}", 0, "left"), (later, f"{after} ▶", 1, "right"))
            if count]


def add_frame_band(figure: go.Figure, first: date, last: date, words: str) -> go.Figure:
    """Shade a frame of playback (``first`` to ``last``, both days whole) behind the marks, named by ``words``
    ("2 weeks to 10 Oct 2020") at its top."""
    figure.add_vrect(x0=pd.Timestamp(first), x1=pd.Timestamp(last) + pd.Timedelta(days=1), layer="below",
                     fillcolor=FRAME_FILL, line_width=0, name="frame")
    figure.add_annotation(x=pd.Timestamp(last) + pd.Timedelta(days=1), xref="x", y=0, yref="paper", yanchor="bottom",
                          xanchor="right", text=plotly_text(words), showarrow=False, name="frame",
                          font=dict(size=NOTE_SIZE, color=INK), bgcolor="rgba(255,255,255,0.8)")
    return figure
