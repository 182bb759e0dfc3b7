"""Summaries for views too large to draw event by event: counts over time, events per map cell.

Pure functions of a dataset and a view's row indices.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.data.vocabulary import type_label
from dashboard.dataset import Dataset

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


def in_range(dataset: Dataset, indices: np.ndarray, x_range: tuple[pd.Timestamp, pd.Timestamp] | None) -> np.ndarray:
    """The indices whose window overlaps ``x_range`` (all of them when None)."""
    if x_range is None:
        return indices
    start, end = (int(pd.Timestamp(x).value // 1_000_000_000) for x in x_range)
    keep = (dataset.end_ns[indices] >= start) & (dataset.start_ns[indices] <= end)
    return indices[keep]


def bin_unit(span_days: float) -> str:
    """Day, week, month or year bins, so a range shows tens to a few hundred bars."""
    if span_days <= 120:
        return "day"
    if span_days <= 3 * 365:
        return "week"
    if span_days <= 40 * 365:
        return "month"
    return "year"


def timeline_counts(dataset: Dataset, indices: np.ndarray, group: str,
                    x_range: tuple[pd.Timestamp, pd.Timestamp] | None) -> TimelineCounts:
    """Count the events of ``indices`` per bin (by start date) and per lane (event type, or top actors)."""
    seconds = dataset.start_ns[indices]
    if x_range is None:
        first, last = (pd.Timestamp(int(s), unit="s") for s in (seconds.min(), seconds.max())) if len(seconds) else (
            pd.Timestamp("2000-01-01"),) * 2
    else:
        first, last = pd.Timestamp(x_range[0]), pd.Timestamp(x_range[1])
    unit = bin_unit((last - first).days)
    days = seconds.astype("datetime64[s]").astype("datetime64[D]")
    if unit == "day":
        origin = np.datetime64(first.date(), "D")
        bins = (days - origin).astype(np.int64)
        count = max(int((np.datetime64(last.date(), "D") - origin).astype(int)) + 1, 1)
        starts = pd.date_range(str(origin), periods=count, freq="D")
        ends = starts
    elif unit == "week":
        origin = np.datetime64((first - pd.Timedelta(days=first.weekday())).date(), "D")
        bins = ((days - origin).astype(np.int64)) // 7
        count = max(int((np.datetime64(last.date(), "D") - origin).astype(int)) // 7 + 1, 1)
        starts = pd.date_range(str(origin), periods=count, freq="7D")
        ends = starts + pd.Timedelta(days=6)
    else:
        step = 1 if unit == "month" else 12
        months = days.astype("datetime64[M]").astype(np.int64)
        origin = (first.year - 1970) * 12 + first.month - 1
        origin -= origin % step
        bins = (months - origin) // step
        count = max(((last.year - 1970) * 12 + last.month - 1 - origin) // step + 1, 1)
        starts = pd.DatetimeIndex([pd.Timestamp(1970 + (origin + i * step) // 12, (origin + i * step) % 12 + 1, 1)
                                   for i in range(count)])
        ends = pd.DatetimeIndex([s + pd.DateOffset(months=step) - pd.Timedelta(days=1) for s in starts])
    lane_codes, lanes, lane_types = _lanes(dataset, indices, group)
    inside = (bins >= 0) & (bins < count)
    flat = np.bincount(lane_codes[inside] * count + bins[inside], minlength=len(lanes) * count)
    return TimelineCounts(unit, starts, ends, lanes, lane_types, flat.reshape(len(lanes), count))


def small_sources(dataset: Dataset, indices: np.ndarray, limit: int
                  ) -> tuple[list[tuple[str, np.ndarray]], np.ndarray]:
    """Split events by dataset: the sources with at most ``limit`` of them (each with its events) — drawn
    one by one over the counts — and the events of the others, to be counted. With a single source, or
    when every source is small, nothing is split off."""
    if len(dataset.origins) < 2 or not len(indices):
        return [], indices
    codes = dataset.origin_codes[indices]
    present = np.bincount(codes, minlength=len(dataset.origins))
    small = [i for i in np.flatnonzero(present) if present[i] <= limit]
    if len(small) == np.count_nonzero(present):
        return [], indices
    split = [(dataset.origins[i], indices[codes == i]) for i in small]
    return split, indices[~np.isin(codes, small)]


def _lanes(dataset: Dataset, indices: np.ndarray, group: str) -> tuple[np.ndarray, tuple[str, ...], tuple]:
    if group == "source":
        return dataset.origin_codes[indices].astype(np.int64), dataset.origins, (None,) * len(dataset.origins)
    if group != "actor":
        return dataset.type_codes[indices].astype(np.int64), dataset.event_types, dataset.event_types
    first_actor = np.full(len(dataset.events), -1, dtype=np.int64)
    first_actor[dataset.mention_event[::-1]] = dataset.mention_actor[::-1]  # each event's first-named actor
    codes = first_actor[indices]
    present = np.bincount(codes[codes >= 0], minlength=len(dataset.actors))
    top = np.argsort(-present, kind="stable")[:TOP_ACTORS]
    top = top[present[top] > 0]
    lane_of = np.full(len(dataset.actors) + 1, len(top), dtype=np.int64)
    lane_of[top] = np.arange(len(top))
    lanes = tuple(dataset.actors[i] for i in top) + (OTHER_ACTORS,)
    return lane_of[codes], lanes, (None,) * len(lanes)


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


def map_cells(dataset: Dataset, indices: np.ndarray,
              within: tuple[float, float, float, float] | None = None) -> MapCells:
    """Group the located events of ``indices`` into cells: sized to the visible map ``within`` (west, south,
    east, north) — 30 to 60 across — and only the events inside it; or, without a view, sized to the
    events' own spread (about 60 across)."""
    events = dataset.events
    lat = events["latitude"].to_numpy(dtype=float)[indices]
    lon = events["longitude"].to_numpy(dtype=float)[indices]
    ok = ~(np.isnan(lat) | np.isnan(lon))
    lat, lon, rows = lat[ok], lon[ok], indices[ok]
    located, outside = len(rows), 0
    if within is None:
        spread = max(float(np.ptp(lon)) if len(lon) else 1.0, float(np.ptp(lat)) if len(lat) else 1.0, 0.5)
        size = nice_size(spread / 60)
    else:
        west, south, east, north = within
        inside = (lon >= west) & (lon <= east) & (lat >= south) & (lat <= north)
        outside = int((~inside).sum())
        lat, lon, rows = lat[inside], lon[inside], rows[inside]
        size = cell_size(max(east - west, north - south))
    gx = np.floor(lon / size).astype(np.int64)
    gy = np.floor(lat / size).astype(np.int64)
    key = (gx - gx.min() if len(gx) else gx) * 1_000_003 + (gy - gy.min() if len(gy) else gy)
    cells, inverse, count = np.unique(key, return_inverse=True, return_counts=True)
    mean_lat = np.bincount(inverse, weights=lat) / count if len(count) else np.zeros(0)
    mean_lon = np.bincount(inverse, weights=lon) / count if len(count) else np.zeros(0)
    types = dataset.type_codes[rows]
    by_type = np.zeros((len(cells), len(dataset.event_types)), dtype=np.int64)
    np.add.at(by_type, (inverse, types), 1)
    deaths = events["fatalities"].to_numpy(dtype=float, na_value=0.0)[rows]
    killed = np.bincount(inverse, weights=deaths, minlength=len(cells))
    return MapCells(size, mean_lat, mean_lon, count, tuple(dataset.event_types[i] for i in by_type.argmax(axis=1)),
                    killed, located - outside, type_words(by_type, dataset.event_types), outside)


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


def nice_size(value: float) -> float:
    """Round a cell size to 1, 2 or 5 times a power of ten."""
    power = 10 ** math.floor(math.log10(value)) if value > 0 else 0.01
    for step in (1, 2, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power
