"""What the page plays (#24): one answer per view, fetched once when Play is pressed, from which the browser
draws every frame without asking again (``assets/playback.js``).

Up to ``PLAY_EVENT_LIMIT`` events, the answer lists each event's days and how the timeline draws it, so each
mark animates: a one-day event flares on its day and fades over the window, a span stays lit from its start
to its end, an imprecise date is faint across its whole window, a scheduled event shows as scheduled until
its day. Beyond, the events are counted per map cell (the map's own cells) and bin of days in one engine
query (``counting.play_counts``), at most ``MOST_ROWS`` counts whatever the data's size. The words the player
writes while playing (the count, the frame, the speeds) come with it, in the page's language.
"""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pandas as pd
from babel import Locale

from dashboard.charts.map import EVENT_LIMIT as MAP_EVENT_LIMIT, cells_bounds
from dashboard.charts.timeline import small_sources
from dashboard.language import formats, language, ngettext
from dashboard.query import aggregate, playback
from dashboard.query.dataset import Dataset
from dashboard.query.framing import mark_kinds
from dashboard.query.view import View

#: Up to this many events in the view, each one animates; beyond, the frames are counts.
PLAY_EVENT_LIMIT = 1000
#: The most bins of days a count answer has, and the most (cell, bin, n) rows it carries: the answer's bound.
MOST_BINS = 240
MOST_ROWS = 120_000
#: The smallest and largest map cell (degrees) a request may ask the counts in.
CELL_RANGE = (1e-4, 90.0)
#: Integers a plural category is looked up with: every category of the five languages turns up below it.
_PLURAL_SAMPLES = range(0, 200)


def play_answer(dataset: Dataset, view: View, cell: float | None = None, span: tuple[date, date] | None = None) -> dict:
    """The answer for ``view`` (played without its own ``at``, from which a play starts). ``cell`` is the size
    (degrees) of the map's cells on the page; None or out of ``CELL_RANGE``: the map's first cells. ``span`` is
    the days the page plays (the timeline's frame); None: the view's whole time. Counts are binned over it."""
    state = view.state
    context = View(state.with_value("at", None), (), dataset)
    window, mode, at = state.value("window"), state.value("mode"), state.value("at")
    answer = {"lang": language(), "window": {"count": window.count, "unit": window.unit}, "mode": mode,
              "at": _day(at) if at else None, "total": context.count, "words": _words(window, mode)}
    if not context.count:
        return {**answer, "kind": "empty", "speeds": _speeds(playback.DEFAULT_WINDOW)}
    summary = context.summary
    first, last = _day(summary.first), _day(summary.last)
    speed = state.value("speed") or playback.auto_speed(last - first + 1)
    answer.update(first=first, last=last, published=_day(dataset.published) if dataset.published else None,
                  speeds=_speeds(speed))
    if context.count <= PLAY_EVENT_LIMIT:
        return {**answer, "kind": "events", "events": _events(dataset, context.filter)}
    played = (_day(span[0]), _day(span[1])) if span else None
    answer.update(kind="counts", counts=_counts(dataset, context, first, last, cell, played))
    drawn = _drawn_one_by_one(dataset, context, span, played and (played[0] > first or played[1] < last))
    if drawn is not None:
        answer["events"] = _events(dataset, drawn)
    return answer


def _drawn_one_by_one(dataset: Dataset, view: View, span, narrower: bool):
    """What the timeline draws event by event over counts, to animate as events: a frame of few events, or the
    small sources (an article's) drawn over the counts of the others; None if nothing is."""
    if not span:
        return None
    shown = view.filter.within((pd.Timestamp(span[0]), pd.Timestamp(span[1]) + pd.Timedelta(days=1))) \
        if narrower else view.filter
    if (dataset.engine.count(shown) if narrower else view.count) <= PLAY_EVENT_LIMIT:
        return shown
    small = small_sources(dataset, shown)
    return shown.without_sources([o for o in dataset.origins if o not in small]) if small else None


def _events(dataset: Dataset, kept) -> dict:
    rows = dataset.engine.rows(kept, limit=PLAY_EVENT_LIMIT, columns=(
        "event_id", "date_start", "date_end", "date_precision", "status", "event_type"))
    return {"id": rows["event_id"].astype(str).tolist(), "start": _days(rows["date_start"]),
            "end": _days(rows["date_end"]), "kind": mark_kinds(rows).tolist(),
            "precise": (rows["date_precision"] == "day").tolist(),
            "scheduled": (rows["status"] == "scheduled").tolist()}


def _counts(dataset: Dataset, view: View, first: int, last: int, cell: float | None,
            span: tuple[int, int] | None) -> dict:
    """Bin 0 holds what starts or ends before ``origin``, the last bin what does after ``last`` of the played
    span; between, bins of ``bin_days`` from ``origin`` — a window before the span's first day, so that every
    frame's window starts inside the bins."""
    if cell is None or not CELL_RANGE[0] <= cell <= CELL_RANGE[1]:
        cell = _map_cell(dataset, view)
    low, high = (max(first, span[0]), min(last, span[1])) if span else (first, last)
    if high < low:
        low, high = first, last
    origin = max(first, low - math.ceil(view.state.value("window").days) - 1)
    days = high - origin + 1
    bin_days = math.ceil(days / min(MOST_BINS, days))
    inner = math.ceil(days / bin_days)
    counts = dataset.engine.play_counts(view.filter, origin, bin_days, inner + 2, cell)
    starts, ends = counts.starts, counts.ends
    while len(starts) + len(ends) > MOST_ROWS and inner > 1:  # coarser bins keep the answer bounded
        starts, ends, inner, bin_days = _merged(starts, inner), _merged(ends, inner), (inner + 1) // 2, bin_days * 2
    return {"first": origin, "bin_days": bin_days, "bins": inner + 2, "cell": cell, "span": [low, high],
            "lon": counts.longitude.tolist(), "lat": counts.latitude.tolist(),
            "starts": _runs(starts), "ends": _runs(ends)}


def _runs(rows: np.ndarray) -> dict:
    """(cell, bin, n) rows sorted by cell and bin, compactly: each cell once with how many rows it has, the
    bins as steps from the one before within a cell (the first from 0), and the counts."""
    if not len(rows):
        return {"cells": [], "runs": [], "steps": [], "n": []}
    cell, bins = rows[:, 0], rows[:, 1]
    first = np.flatnonzero(np.r_[True, cell[1:] != cell[:-1]])
    steps = np.diff(bins, prepend=0)
    steps[first] = bins[first]
    return {"cells": cell[first].tolist(), "runs": np.diff(np.r_[first, len(rows)]).tolist(),
            "steps": steps.tolist(), "n": rows[:, 2].tolist()}


def _merged(rows: np.ndarray, inner: int) -> np.ndarray:
    """(cell, bin, n) rows in bins twice as wide; the bins before and after the span stay first and last."""
    frame = pd.DataFrame(rows, columns=["cell", "bin", "n"])
    after = frame["bin"] > inner
    frame["bin"] = np.where(frame["bin"] == 0, 0, np.where(after, (inner + 1) // 2 + 1, (frame["bin"] - 1) // 2 + 1))
    return frame.groupby(["cell", "bin"], sort=True, as_index=False)["n"].sum().to_numpy(dtype=np.int64)


def _map_cell(dataset: Dataset, view: View) -> float:
    """The cell size of the view's first map of cells (its counts are this map's own)."""
    if view.count <= MAP_EVENT_LIMIT:
        return aggregate.cell_size(1.0)
    west, south, east, north = cells_bounds(dataset, view)
    return aggregate.cell_size(max(east - west, north - south))


def _words(window: playback.Window, mode: str) -> dict:
    """What the player writes while playing, in the page's language: the frame ("{day}" is filled in the
    browser) and the count, by plural category as the browser's ``Intl.PluralRules`` names them."""
    stand_in = date(2000, 1, 1)
    plural = Locale.parse(language()).plural_form
    counts: dict[str, str] = {}
    for n in _PLURAL_SAMPLES:
        # Translators: while playing, what the timeline and the map show: "12 of 300 events in this frame"
        counts.setdefault(plural(n), ngettext("{shown} of {total} event in this frame",
                                              "{shown} of {total} events in this frame", n))
    return {"frame": playback.frame_words(stand_in, window, mode).replace(formats.day(stand_in), "{day}"),
            "count": counts, "months": [formats.month_short(date(2000, m, 1)) for m in range(1, 13)]}


def _speeds(chosen: playback.Window) -> dict:
    """The speed the player starts at and the presets, each with its words and its days per second."""
    presets = dict.fromkeys((*playback.SPEED_PRESETS, chosen))
    return {"chosen": str(chosen), "presets": [{"value": str(s), "label": playback.speed_words(s), "days": s.days}
                                               for s in sorted(presets, key=lambda s: s.days)]}


def _day(when) -> int:
    """Days since 1 January 1970."""
    return (pd.Timestamp(when).normalize() - pd.Timestamp(0)) // pd.Timedelta(days=1)


def _days(column: pd.Series) -> list[int]:
    return ((pd.to_datetime(column).dt.normalize() - pd.Timestamp(0)) // pd.Timedelta(days=1)).astype(int).tolist()
