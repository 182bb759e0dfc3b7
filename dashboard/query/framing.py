"""Which stretch of time a timeline shows first: its frame.

``from``/``to`` frame the timeline when given. Otherwise the frame is the
widest stretch in which the events can still be told apart: if the whole
history reads (its dated moments lie far enough apart at the chart's width),
the whole history; else the longest run of moments that does, as long as it
holds at least half of them. Long spans (wars, deployments) do not count as
moments — they stay readable at any zoom, cut at the frame's edge. Pure
functions of dates; no Dash, no figures.
"""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pandas as pd

from dashboard.data.vocabulary import SPAN_TYPES
from dashboard.query.view_state import FIRST_DATE, LAST_DATE

#: Width in CSS pixels the frame is judged at (the narrowest desktop timeline).
JUDGED_WIDTH = 900
#: Neighbouring moments closer than this (at the judged width) are crowded.
READABLE_GAP_PX = 12
#: Above this many moments the whole history is shown (counting or zooming takes over).
MOST_MOMENTS = 120
DAY = pd.Timedelta(days=1)

Frame = tuple[pd.Timestamp, pd.Timestamp]


def frame_for(starts: pd.Series, ends: pd.Series, moments: pd.Series) -> Frame | None:
    """The visible range for events with windows ``starts``..``ends`` (None when there are none).

    ``moments`` are the dates of the events that are points in time (not long
    spans), e.g. each window's middle.
    """
    if len(starts) == 0:
        return None
    whole = _padded(starts.min(), ends.max() + DAY)
    dense = densest_readable(np.sort(moments.to_numpy(dtype="datetime64[s]").astype(np.int64)))
    if dense is None:
        return whole
    start, end = (pd.Timestamp(int(s), unit="s") for s in dense)
    return _padded(start, end + DAY)


def mark_kinds(rows: pd.DataFrame) -> pd.Series:
    """Each event as the timeline draws it: "span" (a war, a blockade, or a stretch known to the day), "window"
    (several days, loosely known) or "point" (one day)."""
    multi_day = rows["date_end"] > rows["date_start"]
    span = multi_day & ((rows["date_precision"] == "day") | rows["event_type"].isin(SPAN_TYPES))
    return pd.Series(np.where(span, "span", np.where(multi_day, "window", "point")), index=rows.index)


def middles(rows: pd.DataFrame) -> pd.Series:
    """The middle of each window, its last day included: a one-day event sits at noon, in its day's bar."""
    return rows["date_start"] + (rows["date_end"] + pd.Timedelta(days=1) - rows["date_start"]) / 2


def events_frame(rows: pd.DataFrame) -> Frame | None:
    """The frame ``frame_for`` gives events (rows with dates, precision and type): spans are not moments."""
    if rows.empty:
        return None
    moments = rows.loc[mark_kinds(rows) != "span"].drop_duplicates("event_id")
    return frame_for(rows["date_start"], rows["date_end"], middles(moments))


def chosen_frame(date_from: date | None, date_to: date | None, extent: Frame | None) -> Frame | None:
    """The frame ``from``/``to`` ask for: from the first day to the end of the last; a missing end is the
    data's ``extent``. None when neither is given (or nothing is known to frame)."""
    if not (date_from or date_to):
        return None
    first = pd.Timestamp(date_from) if date_from else (extent[0] if extent else None)
    last = pd.Timestamp(date_to) + DAY if date_to else (extent[1] if extent else None)
    if first is None or last is None or last <= first:
        return None
    return first, last


def densest_readable(moments_s: np.ndarray) -> tuple[int, int] | None:
    """The (first, last) moment, in seconds, of the widest readable run; None when all of them read.

    ``moments_s`` are sorted seconds. A run reads when the median gap between
    its neighbouring moments is at least ``READABLE_GAP_PX`` at ``JUDGED_WIDTH``.
    """
    n = len(moments_s)
    if n < 3 or n > MOST_MOMENTS or _reads(moments_s):
        return None
    need = max(3, math.ceil(n / 2))
    best: tuple[int, int] | None = None
    for size in range(n - 1, need - 1, -1):
        for i in range(0, n - size + 1):
            run = moments_s[i:i + size]
            if _reads(run):
                best = (int(run[0]), int(run[-1]))
                break
        if best:
            return best
    return None


def _reads(moments_s: np.ndarray) -> bool:
    length = max(float(moments_s[-1] - moments_s[0]), 86_400.0) * 1.1  # with the frame's padding
    gaps = np.diff(moments_s)
    return bool(np.median(gaps) / length * JUDGED_WIDTH >= READABLE_GAP_PX)


def _padded(start: pd.Timestamp, end: pd.Timestamp) -> Frame:
    pad = max(pd.Timedelta(days=2), (end - start) * 0.04)
    return start - pad, end + pad


def visible_range(relayout: dict | None) -> tuple[str, str] | None | bool:
    """The x range a timeline zoom set: (start, end) as ISO text; None for "show everything";
    False when the event did not touch the x axis (keep what was shown)."""
    if not isinstance(relayout, dict):
        return False
    if relayout.get("xaxis.autorange"):
        return None
    pair = relayout.get("xaxis.range")
    if not (isinstance(pair, list) and len(pair) == 2):
        pair = [relayout.get("xaxis.range[0]"), relayout.get("xaxis.range[1]")]
    try:
        start, end = (_clamped(str(x)[:26]) for x in pair)
    except (ValueError, TypeError):
        return False
    if pd.isna(start) or pd.isna(end) or end <= start:
        return False
    return start.isoformat(), end.isoformat()


def zoom_range(stored) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """A zoom the page stored (``[start, end]`` as the browser wrote it) as a time range, clamped to the
    dates every layer can represent; None for no zoom or anything malformed."""
    found = visible_range({"xaxis.range": stored}) if isinstance(stored, list) else None
    return (pd.Timestamp(found[0]), pd.Timestamp(found[1])) if found else None


def _clamped(text: str) -> pd.Timestamp:
    """A relayout date, held within the dates every layer can represent."""
    year = int(text.strip()[:4]) if text.strip()[:4].isdigit() else None
    if year is not None and year < FIRST_DATE.year:
        return pd.Timestamp(FIRST_DATE)
    if year is not None and year > LAST_DATE.year:
        return pd.Timestamp(LAST_DATE)
    return pd.Timestamp(text)
