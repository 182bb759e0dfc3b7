"""The reference the query engine is checked against (``tests/test_engine.py``): the array implementation
the dashboard served from before the engine. Plain NumPy over one DataFrame — slow to start, simple to
read, independent of any SQL.

Where the engine computes, the reference computes its own way, so that a mistake in the engine cannot be
copied here and pass: the timeline's bins are found date by date with the calendar (``period_start``: a
date's day, the Monday of its week, the first of its month or of its year), not from month numbers counted
since 1970; distances are the angle between two points' unit vectors, one point at a time, not the
engine's haversine. What both share is the specification — ``dashboard.query.aggregate``'s rules for which
unit a span is binned in and how large a map cell is, and the shapes the answers come in.
"""

from __future__ import annotations

import calendar
import math
import re
from dataclasses import replace
from datetime import date, timedelta
from types import SimpleNamespace

import numpy as np
import pandas as pd

from dashboard.query.aggregate import (FIXED, OTHER_ACTORS, TOP_ACTORS, MapCells, TimelineCounts, bin_unit, cell_size,
                                 grid_index, grid_step, overview_size, type_words)
from dashboard.data.origins import origin_of

SEARCHED_COLUMNS = ("title", "summary", "location", "geo_basis")


def _ranked(values: pd.Series) -> tuple[str, ...]:
    counts = values.value_counts()
    return tuple(sorted((str(v) for v in counts.index), key=lambda v: (-counts[v], v)))


def arrays(events: pd.DataFrame, registry) -> SimpleNamespace:
    """The arrays the old filters worked on."""
    events = events.sort_values(["date_start", "event_id"], kind="stable").reset_index(drop=True)
    event_types = _ranked(events["event_type"].astype("str"))
    type_position = {t: i for i, t in enumerate(event_types)}
    type_codes = events["event_type"].map(type_position).to_numpy(dtype=np.int16)
    origin = origin_of(events["source"])
    origins = _ranked(origin)
    origin_codes = origin.map({o: i for i, o in enumerate(origins)}).to_numpy(dtype=np.int16)
    del origin
    lengths = events["actors"].map(len).to_numpy()
    mention_event = np.repeat(np.arange(len(events), dtype=np.int32), lengths)
    written = [name for names in events["actors"] for name in names]
    counted_as = {name: registry.counted_as(name) for name in set(written)}
    flat = pd.Series([counted_as[name] for name in written], dtype=object)
    # an event counts once per actor, though it may name it twice or by two of its members' names
    kept = ~pd.DataFrame({"event": mention_event, "actor": flat}).duplicated().to_numpy()
    mention_event, flat = mention_event[kept], flat[kept]
    actors = _ranked(flat)  # by events, most first
    actor_index = {a: i for i, a in enumerate(actors)}
    mention_actor = flat.map(actor_index).to_numpy(dtype=np.int32) if len(flat) else np.zeros(0, dtype=np.int32)
    has_people = bool(events["people"].map(len).any())
    return SimpleNamespace(
        events=events, registry=registry, event_types=event_types, type_codes=type_codes, actors=actors,
        actor_index=actor_index, origins=origins, origin_codes=origin_codes, mention_event=mention_event,
        mention_actor=mention_actor,
        start_ns=events["date_start"].to_numpy().astype("datetime64[s]").astype(np.int64),
        end_ns=events["date_end"].to_numpy().astype("datetime64[s]").astype(np.int64),
        people_text=events["people"].map(" ".join).str.lower() if has_people else None,
    )


def filter_mask(dataset, state) -> np.ndarray:
    mask = np.ones(len(dataset.events), dtype=bool)
    if state.actors:
        mask &= events_of_actors(dataset, state.actors)
    if state.types:
        codes = [i for i, t in enumerate(dataset.event_types) if t in set(state.types)]
        mask &= np.isin(dataset.type_codes, codes)
    if state.sources:
        codes = [i for i, o in enumerate(dataset.origins) if o in set(state.sources)]
        mask &= np.isin(dataset.origin_codes, codes)
    if state.date_from:
        mask &= dataset.end_ns >= _seconds(state.date_from)
    if state.date_to:
        mask &= dataset.start_ns <= _seconds(state.date_to)
    if state.value("at"):
        first, last = frame_days(state.value("at"), state.value("window"), state.value("mode"))
        mask &= (dataset.end_ns >= _seconds(first)) & (dataset.start_ns <= _seconds(last))
    if state.q.strip():
        mask &= search_mask(dataset, state.q)
    if state.near:
        mask &= near_mask(dataset, *state.near)
    if state.value("area"):
        events = dataset.events
        mask &= (area_of(events) == state.value("area")).to_numpy()
    return mask


def frame_days(at, window, mode: str):
    """A frame of playback's first and last days, from its words: "2w" before ``at`` (both days counted), or
    everything up to ``at``."""
    if mode == "cumulative":
        return date(1678, 1, 1), at
    count, unit = int(str(window)[:-1]), str(window)[-1]
    if unit in "dw":
        return at - timedelta(days=count * (7 if unit == "w" else 1) - 1), at
    months = count * (12 if unit == "y" else 1)
    year, month = divmod(at.year * 12 + at.month - 1 - months, 12)
    day = min(at.day, calendar.monthrange(year, month + 1)[1])
    return date(year, month + 1, day) + timedelta(days=1), at


#: The Earth's mean radius, the sphere the dashboard measures distances on.
EARTH_RADIUS_KM = 6371.0


def near_mask(dataset, lat: float, lon: float, km: float) -> np.ndarray:
    """Located events within ``km`` (along the Earth's surface) of a point; coordinates in degrees."""
    here = (lat, lon)
    places = zip(dataset.events["latitude"].to_numpy(dtype=float), dataset.events["longitude"].to_numpy(dtype=float))
    return np.array([not (math.isnan(a) or math.isnan(b)) and distance_km(here, (a, b)) <= km for a, b in places],
                    dtype=bool)


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle km between two (latitude, longitude) points in degrees: the angle between the points' unit
    vectors from the Earth's centre (the arctangent of their cross product's length over their dot product,
    exact at every distance) times the Earth's radius."""
    (x1, y1, z1), (x2, y2, z2) = _unit_vector(*a), _unit_vector(*b)
    cross = math.hypot(y1 * z2 - z1 * y2, z1 * x2 - x1 * z2, x1 * y2 - y1 * x2)
    return EARTH_RADIUS_KM * math.atan2(cross, x1 * x2 + y1 * y2 + z1 * z2)


def _unit_vector(lat: float, lon: float) -> tuple[float, float, float]:
    """The point at (``lat``, ``lon``) degrees on the unit sphere: x towards (0, 0), y towards (0, 90), z north."""
    phi, lam = math.radians(lat), math.radians(lon)
    return math.cos(phi) * math.cos(lam), math.cos(phi) * math.sin(lam), math.sin(phi)


def events_of_actors(dataset, actors) -> np.ndarray:
    """Mask of the events that involve any of ``actors``."""
    codes = [dataset.actor_index[a] for a in actors if a in dataset.actor_index]
    hit = np.zeros(len(dataset.events), dtype=bool)
    hit[dataset.mention_event[np.isin(dataset.mention_actor, codes)]] = True
    return hit


def search_mask(dataset, query: str) -> np.ndarray:
    """Events matching free text. Plain substring matching, any case: no pattern syntax."""
    mask = np.ones(len(dataset.events), dtype=bool)
    for alternatives in search_terms(dataset, query):
        hit = np.zeros(len(dataset.events), dtype=bool)
        for spelling in alternatives:
            for column in SEARCHED_COLUMNS:
                values = dataset.events[column]
                hit |= values.str.contains(spelling, case=False, regex=False).fillna(False).to_numpy(dtype=bool)
            if dataset.people_text is not None:
                hit |= dataset.people_text.str.contains(spelling, regex=False).to_numpy(dtype=bool)
            matching = [a for a in dataset.actors if spelling in a.lower()]
            if matching:
                hit |= events_of_actors(dataset, matching)
        mask &= hit
    return mask


def search_terms(dataset, query: str) -> list[frozenset[str]]:
    """The query as terms, each with every spelling that means the same.

    A query that is a known name or alias as a whole ("Latchine corridor") is
    one term; otherwise each word is a term.
    """
    phrase = re.sub(r"\s+", " ", query.strip().lower())
    if not phrase:
        return []
    if phrase in dataset.registry.spellings:
        return [dataset.registry.spellings_of(phrase)]
    return [dataset.registry.spellings_of(word) for word in phrase.split(" ")]


def facet_counts(dataset, state, facet: str) -> dict[str, int]:
    """Counts per value of ``facet`` ("type", "actor" or "source") under every filter but that facet's own."""
    own = {"type": "types", "actor": "actors", "source": "sources"}[facet]
    mask = filter_mask(dataset, replace(state, **{own: ()}))
    if facet == "type":
        counts = np.bincount(dataset.type_codes[mask], minlength=len(dataset.event_types))
        names = dataset.event_types
    elif facet == "source":
        counts = np.bincount(dataset.origin_codes[mask], minlength=len(dataset.origins))
        names = dataset.origins
    else:
        counts = np.bincount(dataset.mention_actor[mask[dataset.mention_event]], minlength=len(dataset.actors))
        names = dataset.actors
    return {names[i]: int(c) for i in np.flatnonzero(counts) for c in (counts[i],)}


def in_range(dataset, indices: np.ndarray, x_range: tuple[pd.Timestamp, pd.Timestamp] | None) -> np.ndarray:
    """The indices whose window overlaps ``x_range`` (all of them when None)."""
    if x_range is None:
        return indices
    start, end = (int(pd.Timestamp(x).value // 1_000_000_000) for x in x_range)
    keep = (dataset.end_ns[indices] >= start) & (dataset.start_ns[indices] <= end)
    return indices[keep]


def timeline_counts(dataset, indices: np.ndarray, group: str,
                    x_range: tuple[pd.Timestamp, pd.Timestamp] | None) -> TimelineCounts:
    """Count the events of ``indices`` per bin (by start date) and per lane (event type, or top actors).

    The bins are the periods (of the unit the span calls for) from the one holding the range's first day to
    the one holding its last, or without a range from the first start to the last; each event is counted in
    the period ``period_start`` puts its start date in, if that is one of them."""
    days = dataset.start_ns[indices].astype("datetime64[s]").astype("datetime64[D]")
    if x_range is not None:
        first, last = (pd.Timestamp(x).date() for x in x_range)
    elif len(days):
        first, last = days.min().astype(object), days.max().astype(object)
    else:
        first = last = date(2000, 1, 1)
    unit = bin_unit((last - first).days)
    starts = [period_start(first, unit)]
    while (following := next_period(starts[-1], unit)) <= last:
        starts.append(following)
    position = {start: n for n, start in enumerate(starts)}
    distinct, day_of_event = np.unique(days, return_inverse=True)  # each date's period found once
    period_of_day = np.array([position.get(period_start(day, unit), -1) for day in distinct.astype(object)],
                             dtype=np.int64)
    bins = period_of_day[day_of_event.reshape(-1)] if len(days) else np.zeros(0, dtype=np.int64)
    lane_codes, lanes, lane_types = _lanes(dataset, indices, group)
    counts = np.zeros((len(lanes), len(starts)), dtype=np.int64)
    counted = bins >= 0
    np.add.at(counts, (lane_codes[counted], bins[counted]), 1)
    return TimelineCounts(unit, pd.DatetimeIndex([pd.Timestamp(s) for s in starts]),
                          pd.DatetimeIndex([pd.Timestamp(next_period(s, unit) - timedelta(days=1)) for s in starts]),
                          lanes, lane_types, counts)


def period_start(day: date, unit: str) -> date:
    """The first day of the period of ``unit`` that ``day`` falls in: the day itself, the Monday of its week,
    the first of its month, or 1 January of its year."""
    if unit == "day":
        return day
    if unit == "week":
        return day - timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    return day.replace(month=1, day=1)


def next_period(start: date, unit: str) -> date:
    """The first day of the period after the one beginning on ``start`` (itself a ``period_start``)."""
    if unit == "day":
        return start + timedelta(days=1)
    if unit == "week":
        return start + timedelta(weeks=1)
    if unit == "month":
        return (start + timedelta(days=31)).replace(day=1)  # from a month's first day, 31 days is always next month
    return start.replace(year=start.year + 1)


def _lanes(dataset, indices: np.ndarray, group: str) -> tuple[np.ndarray, tuple[str, ...], tuple]:
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


def map_cells(dataset, indices: np.ndarray,
              within: tuple[float, float, float, float] | None = None) -> MapCells:
    """Group the located events of ``indices`` into cells on a grid of whole millionths of a degree: sized
    to the visible map ``within`` (west, south, east, north) — 30 to 60 across — and only the cells touching
    it; or, without a view, sized to the events' own spread (about 60 across)."""
    events = dataset.events
    lat = events["latitude"].to_numpy(dtype=float)[indices]
    lon = events["longitude"].to_numpy(dtype=float)[indices]
    ok = ~(np.isnan(lat) | np.isnan(lon))
    lat, lon, rows = lat[ok], lon[ok], indices[ok]
    located, outside = len(rows), 0
    if within is None:
        size = overview_size(max(float(np.ptp(lon)), float(np.ptp(lat))) if len(lon) else 1.0)
    else:
        size = cell_size(max(within[2] - within[0], within[3] - within[1]))
    step = grid_step(size)
    gx = np.floor(np.round(lon * FIXED) / step).astype(np.int64)
    gy = np.floor(np.round(lat * FIXED) / step).astype(np.int64)
    if within is not None:
        west, south, east, north = within
        inside = ((gx >= grid_index(west, size)) & (gx <= grid_index(east, size))
                  & (gy >= grid_index(south, size)) & (gy <= grid_index(north, size)))
        outside = int((~inside).sum())
        lat, lon, rows, gx, gy = lat[inside], lon[inside], rows[inside], gx[inside], gy[inside]
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


def sorted_indices(dataset, indices: np.ndarray, key: str | None, descending: bool) -> np.ndarray:
    """``indices`` in a table column's order (date order when None), as the grid asked for it."""
    if key is None:
        return indices
    values = dataset.events[key].iloc[indices]
    if key == "actors":
        values = values.map(lambda names: names[0] if names else "")
    elif isinstance(values.dtype, pd.CategoricalDtype):
        values = values.astype("str")
    order = np.argsort(values.fillna(-1 if key == "fatalities" else "").to_numpy(), kind="stable")
    if descending:
        order = order[::-1]
    return indices[order]


def _seconds(day) -> int:
    return int(pd.Timestamp(day).value // 1_000_000_000)


def play_frame_counts(starts, ends, cells: int, bins: int, first_day: int, bin_days: int, first: int,
                      last: int) -> np.ndarray:
    """Per cell (the last: without a location), the events overlapping the days ``first``..``last`` (since 1970),
    from playback counts — (cell, bin, n) rows of what starts and what ends in each bin (``counting.PlayCounts``)
    — added up as ``static/playback.js`` does."""
    started, ended = np.zeros((cells + 1, bins), np.int64), np.zeros((cells + 1, bins), np.int64)
    for rows, into in ((starts, started), (ends, ended)):
        for cell, b, n in np.asarray(rows, dtype=np.int64).reshape(-1, 3):
            into[cell if cell >= 0 else cells, b] += n
    started, ended = started.cumsum(axis=1), ended.cumsum(axis=1)

    def bin_of(day: int) -> int:
        return max(0, min(bins - 1, (day - first_day) // bin_days + 1))

    before = bin_of(first) - 1
    return started[:, bin_of(last)] - (ended[:, before] if before >= 0 else 0)


def area_of(events: pd.DataFrame) -> pd.Series:
    """Each event's area: its admin1, else its location where it is placed only in a region, else its country."""
    region = events["location"].astype(object).where(events["geo_precision"].astype(object) == "region")
    admin1 = events["admin1"].astype(object)
    return admin1.where(admin1.notna(), region.where(region.notna(), events["country"].astype(object)))


def weekly_shares(dataset, indices: np.ndarray, by: str, as_of: date, weeks: int):
    """Per (area, week, event) — week 0 the 7 days to ``as_of`` — the event's share of itself in that week: the
    days of its window inside the week over the days of its window, week by week with plain date arithmetic."""
    events = dataset.events
    if by == "actor":
        pairs = [(e, dataset.actors[a]) for e, a in zip(dataset.mention_event, dataset.mention_actor, strict=True)]
    else:
        column = {"admin1": "admin1", "country": "country", "type": "event_type"}[by]
        values = area_of(events) if by == "admin1" else events[column].astype(object)
        pairs = [(i, values.iloc[i]) for i in range(len(events))]
    keep = set(int(i) for i in indices)
    for i, area in pairs:
        if i not in keep or events["status"].iloc[i] != "occurred":  # a trend counts what occurred
            continue
        start, end = events["date_start"].iloc[i].date(), events["date_end"].iloc[i].date()
        length = (end - start).days + 1
        for k in range(weeks):
            week_end = as_of - timedelta(days=7 * k)
            week_start = week_end - timedelta(days=6)
            days = (min(end, week_end) - max(start, week_start)).days + 1
            if days > 0:
                yield ("(no area named)" if area is None or area != area else str(area)), k, i, days / length


def weekly_counts(dataset, indices: np.ndarray, by: str, as_of: date, weeks: int) -> dict[tuple[str, int], float]:
    """Per (area, week), the shares of its events (``weekly_shares``) added up."""
    found: dict[tuple[str, int], float] = {}
    for area, k, _event, share in weekly_shares(dataset, indices, by, as_of, weeks):
        found[(area, k)] = found.get((area, k), 0.0) + share
    return found


def area_centres(dataset, indices: np.ndarray, by: str, as_of: date, weeks: int) -> dict[str, tuple[float, float]]:
    """Per area, the mean (latitude, longitude) of its located events, each weighed by its shares in the weeks."""
    sums: dict[str, list[float]] = {}
    events = dataset.events
    for area, _k, i, share in weekly_shares(dataset, indices, by, as_of, weeks):
        lat, lon = events["latitude"].iloc[i], events["longitude"].iloc[i]
        if lat == lat and lon == lon and lat is not None and lon is not None:
            total = sums.setdefault(area, [0.0, 0.0, 0.0])
            total[0] += share
            total[1] += share * lat
            total[2] += share * lon
    return {area: (la / w, lo / w) for area, (w, la, lo) in sums.items()}
