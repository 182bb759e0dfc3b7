"""Summaries for views too large to draw event by event: counts over time, events per map cell.

The shapes the engine answers in (``dashboard.query`` makes them) and the figure functions draw, with
the rules that size them: bins for a time span, cells for a map's width.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.data.vocabulary import type_label

#: Above this many events in the visible range, the timeline shows counts instead of events.
TIMELINE_EVENT_LIMIT = 1000
#: Above this many located events, the map groups them into cells.
MAP_EVENT_LIMIT = 1000
#: Lanes of a counts timeline grouped by actor: the busiest ones, then "Other actors".
TOP_ACTORS = 10
OTHER_ACTORS = "Other actors"
DAY = 86_400


@dataclass(frozen=True)
class TimelineCounts:
    """Events per time bin and lane: ``counts[lane, bin]``; bins start at ``starts`` and last one ``unit``."""

    unit: str
    starts: pd.DatetimeIndex
    ends: pd.DatetimeIndex
    lanes: tuple[str, ...]
    lane_types: tuple[str | None, ...]
    counts: np.ndarray


def bin_unit(span_days: float) -> str:
    """Day, week, month or year bins, so a range shows tens to a few hundred bars."""
    if span_days <= 120:
        return "day"
    if span_days <= 3 * 365:
        return "week"
    if span_days <= 40 * 365:
        return "month"
    return "year"


@dataclass(frozen=True)
class MapCells:
    """Located events grouped into square cells of ``size`` degrees; ``types`` words each cell's mix of
    types ("Battles 120, Protests 30 and 2 more"); ``outside``: located events beyond the view."""

    size: float
    latitude: np.ndarray
    longitude: np.ndarray
    count: np.ndarray
    main_type: tuple[str, ...]
    fatalities: np.ndarray
    located: int
    types: tuple[str, ...] = ()
    outside: int = 0


#: About how many cells span the visible map, across its longer side.
CELLS_ACROSS = 45


def cell_size(span: float) -> float:
    """A round cell size (1, 2, 2.5 or 5 times a power of ten degrees) putting about ``CELLS_ACROSS``
    cells across ``span`` degrees — always between 30 and 60."""
    target = max(span, 1e-4) / CELLS_ACROSS
    power = 10 ** math.floor(math.log10(target))
    sizes = [step * power for step in (1, 2, 2.5, 5, 10)]
    return min(sizes, key=lambda size: abs(math.log(span / size / CELLS_ACROSS)))


def type_words(by_type: np.ndarray, names: tuple[str, ...], shown: int = 3) -> tuple[str, ...]:
    words = []
    for row in by_type:
        present = np.flatnonzero(row)
        order = present[np.argsort(-row[present], kind="stable")]
        text = ", ".join(f"{type_label(names[i])} {int(row[i]):,}" for i in order[:shown])
        words.append(text + (f" and {len(order) - shown} more" if len(order) > shown else ""))
    return tuple(words)


def overview_size(spread: float) -> float:
    """The cell size of a view's overview — its events over ``spread`` degrees, about 60 across: 2.5 or 5
    times a power of ten, which divide every ``cell_size`` at least as large, so the visible map's cells can
    be added up from the overview's whenever they are no smaller."""
    target = max(spread, 0.5) / 60
    power = 10 ** math.floor(math.log10(target))
    return min((step * power for step in (0.5, 2.5, 5, 25)), key=lambda size: abs(math.log(target / size)))


#: Cells are laid on a grid of whole millionths of a degree (11 cm): every engine, and the overview's
#: re-binning, put an event in the same cell, whatever the rounding of floating-point division.
FIXED = 1_000_000


def grid_step(size: float) -> int:
    """A cell size in whole millionths of a degree."""
    return max(1, round(size * FIXED))


def grid_index(degrees: float, size: float) -> int:
    """The cell (along one axis) holding ``degrees`` on the grid of ``size``."""
    return round(degrees * FIXED) // grid_step(size)
