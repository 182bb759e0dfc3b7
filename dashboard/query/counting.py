"""The engine's counting questions: events per time bin and lane (the timeline), per map cell (the map).

Each is one query of the engine (``Engine.ask``), built once per shape of filter and bin unit or cell size,
with the bins' origin and the map's edges as slots; the answers come back in the shapes the figures draw.
"""

from __future__ import annotations

from dataclasses import dataclass

import ibis
import ibis.expr.types as ir
import numpy as np
import pandas as pd

from dashboard.query.aggregate import (FIXED, OTHER_ACTORS, TOP_ACTORS, MapCells, TimelineCounts, bin_unit, cell_size,
                                 grid_index, grid_step, overview_size, type_words)
from dashboard.query.answers import Summary
from dashboard.query.filter import Filter
from dashboard.query.prepared import slot


def timeline_counts(engine, flt: Filter, group: str, x_range, *, starts: tuple | None = None) -> TimelineCounts:
    """What ``flt`` keeps counted per bin of its start date (the unit from the range's span) and per lane.
    Without a range, the bins span the first to the last start (``starts``, when known, saves asking)."""
    if x_range is None:
        if starts is None:
            summary = engine.summary(flt)
            starts = (summary.first, summary.last_start)
        first, last = (pd.Timestamp(day) if day is not None and not pd.isna(day) else pd.Timestamp("2000-01-01")
                       for day in starts)
    else:
        first, last = pd.Timestamp(x_range[0]), pd.Timestamp(x_range[1])
    unit = bin_unit((last - first).days)
    if unit in ("day", "week"):
        width = 1 if unit == "day" else 7
        origin_day = first.normalize() - pd.Timedelta(days=first.weekday() if unit == "week" else 0)
        origin = int(origin_day.value // 86_400_000_000_000)
        count = max(((last.normalize() - origin_day).days) // width + 1, 1)
        bin_starts = pd.date_range(origin_day, periods=count, freq=f"{width}D")
        ends = bin_starts + pd.Timedelta(days=width - 1)
    else:
        width = 1 if unit == "month" else 12
        origin = (first.year - 1970) * 12 + first.month - 1
        origin -= origin % width
        count = max(((last.year - 1970) * 12 + last.month - 1 - origin) // width + 1, 1)
        bin_starts = pd.DatetimeIndex([pd.Timestamp(1970 + (origin + i * width) // 12, (origin + i * width) % 12 + 1,
                                                    1) for i in range(count)])
        ends = pd.DatetimeIndex([s + pd.DateOffset(months=width) - pd.Timedelta(days=1) for s in bin_starts])

    def build(kept: ir.Table) -> ir.Table:
        laned = _laned(engine, kept, group)
        start, since = laned.date_start, slot("bin_origin", "int64")
        if unit in ("day", "week"):
            bins = ((start.epoch_seconds() // 86_400).cast("int64") - since) // width
        else:
            bins = ((start.year() - 1970) * 12 + start.month() - 1 - since) // width
        binned = laned.mutate(bin=bins.cast("int64"))
        return binned.group_by(["lane", "bin"]).agg(n=binned.count())  # one query, all bins

    found = engine.frame(engine.ask(("timeline", group, unit), flt, build, {"bin_origin": origin}))
    lanes, lane_types, lane_of = _lanes(engine, found, group)
    found = found[(found["bin"] >= 0) & (found["bin"] < count)]
    counts = np.zeros((len(lanes), count), dtype=np.int64)
    rows = found["lane"].map(lane_of).to_numpy(dtype=np.int64)
    np.add.at(counts, (rows, found["bin"].to_numpy(dtype=np.int64)), found["n"].to_numpy(dtype=np.int64))
    return TimelineCounts(unit, pd.DatetimeIndex(bin_starts), pd.DatetimeIndex(ends), lanes, lane_types, counts)


def _laned(engine, kept: ir.Table, group: str) -> ir.Table:
    """``kept`` with a ``lane`` column: its type, its source, or its first-named actor's counted name."""
    if group == "source":
        return kept.mutate(lane=kept.origin)
    if group != "actor":
        return kept.mutate(lane=kept.event_type)
    names = engine.counted_names
    if names is None:
        return kept.mutate(lane=kept.first_actor.fill_null(""))
    joined = kept.left_join(names, kept.first_name == names.name)
    return joined.mutate(lane=joined.actor.fill_null(""))


def _lanes(engine, found: pd.DataFrame, group: str):
    """The lanes in order, their types and the lane number of a value, from the counts per lane and bin."""
    v = engine.vocabulary
    if group == "source":
        index = {o: i for i, o in enumerate(v.origins)}
        return v.origins, (None,) * len(v.origins), index.__getitem__
    if group != "actor":
        index = {t: i for i, t in enumerate(v.event_types)}
        return v.event_types, v.event_types, index.__getitem__
    rank = {a: i for i, a in enumerate(v.actors)}
    present = found.groupby("lane")["n"].sum()
    present = [(a, int(n)) for a, n in present.items() if isinstance(a, str) and a in rank and n > 0]
    top = [a for a, _ in sorted(present, key=lambda p: (-p[1], rank[p[0]]))[:TOP_ACTORS]]
    index = {a: i for i, a in enumerate(top)}
    lanes = tuple(top) + (OTHER_ACTORS,)
    return lanes, (None,) * len(lanes), lambda lane: index.get(lane, len(top))


@dataclass(frozen=True)
class Overview:
    """A view's overview cells, and the counts per cell and type they were made from (to add up coarser)."""

    cells: MapCells
    counts: pd.DataFrame


def map_cells(engine, flt: Filter, within: tuple[float, float, float, float] | None, *,
              summary: Summary) -> MapCells:
    """The located events ``flt`` keeps in square cells: sized to the map ``within`` (west, south, east, north)
    and only the cells touching it — the others counted as beyond the view, from ``summary``; or, without
    it, all of them, sized to their spread."""
    size, counts = _cell_counts(engine, flt, within, summary)
    return _cells(counts, size, summary.located - int(counts["n"].sum()), engine.vocabulary.event_types)


def overview(engine, flt: Filter) -> Overview:
    """The cells of all that ``flt`` keeps, sized to their spread."""
    size, counts = _cell_counts(engine, flt, None, engine.summary(flt))
    return Overview(_cells(counts, size, 0, engine.vocabulary.event_types), counts)


def cells_in(engine, flt: Filter, within: tuple[float, float, float, float], known: Overview) -> MapCells:
    """``map_cells`` sized to ``within``, added up from ``known`` (the view's overview) when its cells nest in
    these (no query), else asked."""
    size = cell_size(max(within[2] - within[0], within[3] - within[1]))
    ratio, rest = divmod(grid_step(size), grid_step(known.cells.size))
    if rest or not ratio:
        return map_cells(engine, flt, within, summary=engine.summary(flt))
    counts = known.counts.assign(gx=known.counts["gx"] // ratio, gy=known.counts["gy"] // ratio)
    (west, east), (south, north) = _cell_range(size, within)
    inside = counts["gx"].between(west, east) & counts["gy"].between(south, north)
    return _cells(counts[inside].reset_index(drop=True), size, int(counts.loc[~inside, "n"].sum()),
                  engine.vocabulary.event_types)


def _cell_counts(engine, flt: Filter, within, summary: Summary) -> tuple[float, pd.DataFrame]:
    """The cell size, and the located events ``flt`` keeps counted per cell and type (only the cells touching
    ``within``, when given): gx, gy, event_type, n, lat, lon, killed."""
    if within is None:
        size = overview_size(max(summary.lon_spread, summary.lat_spread) if summary.located else 1.0)
    else:
        size = cell_size(max(within[2] - within[0], within[3] - within[1]))
    step = grid_step(size)

    def build(kept: ir.Table) -> ir.Table:
        located = kept.filter(kept.latitude.notnull(), kept.longitude.notnull())
        lon, lat = _fixed(located.longitude), _fixed(located.latitude)
        if within is not None:  # cell x holds the millionths from x·step up to (x+1)·step: the view's cells, at once
            located = located.filter(lon >= slot("west", "int64") * step, lon < (slot("east", "int64") + 1) * step,
                                     lat >= slot("south", "int64") * step, lat < (slot("north", "int64") + 1) * step)
            lon, lat = _fixed(located.longitude), _fixed(located.latitude)
        cells = located.select(gx=(lon / step).floor().cast("int64"), gy=(lat / step).floor().cast("int64"),
                               event_type=located.event_type, lat=lat, lon=lon, killed=located.fatalities)
        return cells.group_by(["gx", "gy", "event_type"]).agg(
            n=cells.count(), lat=cells.lat.sum(), lon=cells.lon.sum(), killed=cells.killed.sum())

    values = None
    if within is not None:
        (west, east), (south, north) = _cell_range(size, within)
        values = {"west": west, "east": east, "south": south, "north": north}
    return size, engine.frame(engine.ask(("cells", step, within is not None), flt, build, values))


def _fixed(degrees: ir.FloatingColumn) -> ir.IntegerColumn:
    """Degrees as whole millionths (``aggregate.FIXED``): summed, they are the same in any order, so a cell's
    centre is the same whichever thread adds which events — every door draws the same map."""
    return (degrees * FIXED).round().cast("int64")


def _cell_range(size: float, within: tuple[float, float, float, float]) -> tuple[tuple[int, int], tuple[int, int]]:
    """The cells (first and last index along each axis, on the grid of ``size``) touching the map ``within``:
    a cell partly in view is drawn whole."""
    west, south, east, north = within
    return (grid_index(west, size), grid_index(east, size)), (grid_index(south, size), grid_index(north, size))


def _cells(found: pd.DataFrame, size: float, outside: int, event_types: tuple[str, ...]) -> MapCells:
    if found.empty:
        empty = np.zeros(0)
        return MapCells(size, empty, empty, np.zeros(0, dtype=np.int64), (), empty, 0, (), outside)
    type_index = {t: i for i, t in enumerate(event_types)}
    found = found.assign(t=found["event_type"].map(type_index).astype(int), killed=found["killed"].fillna(0))
    cells = found.groupby(["gx", "gy"], sort=True)
    count = cells["n"].sum().to_numpy(dtype=np.int64)
    by_type = np.zeros((len(count), len(event_types)), dtype=np.int64)
    cell_of = cells.ngroup().to_numpy()
    np.add.at(by_type, (cell_of, found["t"].to_numpy()), found["n"].to_numpy(dtype=np.int64))
    return MapCells(size, cells["lat"].sum().to_numpy() / FIXED / count, cells["lon"].sum().to_numpy() / FIXED / count,
                    count,
                    tuple(event_types[i] for i in by_type.argmax(axis=1)), cells["killed"].sum().to_numpy(dtype=float),
                    int(count.sum()), type_words(by_type, event_types), outside)



@dataclass(frozen=True)
class PlayCounts:
    """The events of a view counted for playback: per map cell (``cells``: centres, the map's own) and bin, how
    many start there (``starts``) and how many end there (``ends``) — rows of (cell, bin, n), cell -1 for the
    events without a location. Bin 0 is every day before ``first_day`` (days since 1970), bin k ≥ 1 the
    ``bin_days`` days from ``first_day + (k-1)·bin_days``, the last bin every day after. The events a frame
    [a, b] overlaps are those started by b's bin less those ended before a's."""

    first_day: int
    bin_days: int
    bins: int
    cell: float
    longitude: np.ndarray
    latitude: np.ndarray
    starts: np.ndarray
    ends: np.ndarray


def play_counts(engine, flt: Filter, first_day: int, bin_days: int, bins: int, size: float) -> PlayCounts:
    """What ``flt`` keeps counted for playback (``PlayCounts``) in one query: cells of ``size`` degrees on the
    map's grid, so the browser finds each of the map's cells among them."""
    step = grid_step(size)

    def build(kept: ir.Table) -> ir.Table:
        lon, lat = _fixed(kept.longitude), _fixed(kept.latitude)  # null without a location: the cell is null
        origin, width = slot("first_day", "int64"), slot("bin_days", "int64")

        def bin_of(day: ir.TimestampColumn) -> ir.IntegerColumn:  # before and after the bins: the first and last
            binned = (((day.epoch_seconds() // 86_400).cast("int64") - origin) // width + 1).cast("int64")
            return ibis.greatest(ibis.least(binned, slot("last_bin", "int64")), 0)

        marked = kept.select(gx=(lon / step).floor().cast("int64"), gy=(lat / step).floor().cast("int64"),
                             lat=lat, lon=lon, s=bin_of(kept.date_start), e=bin_of(kept.date_end))
        # one pass: most events start and end in one bin, so (cell, start, end) has about as many groups as
        # (cell, start); what starts and what ends per bin are added up from it
        return marked.group_by(["gx", "gy", "s", "e"]).agg(n=marked.count(), lat=marked.lat.sum(),
                                                          lon=marked.lon.sum())

    found = engine.frame(engine.ask(("play", step), flt, build, {"first_day": first_day, "bin_days": bin_days,
                                                                 "last_bin": bins - 1}))
    return _play_counts(found, first_day, bin_days, bins, size)


def _play_counts(found: pd.DataFrame, first_day: int, bin_days: int, bins: int, size: float) -> PlayCounts:
    found = found.assign(cell=-1)
    located = (found["gx"].notna() & found["gy"].notna()).to_numpy()
    cells = found[located].astype({"gx": "int64", "gy": "int64"}).groupby(["gx", "gy"], sort=True)
    count = cells["n"].sum()
    number = pd.Series(np.arange(len(count)), index=count.index)
    keys = pd.MultiIndex.from_arrays([found["gx"][located].astype("int64"), found["gy"][located].astype("int64")])
    found.loc[located, "cell"] = number.reindex(keys).to_numpy(dtype=np.int64)

    def rows(column: str) -> np.ndarray:
        summed = found.groupby(["cell", column], sort=True)["n"].sum().reset_index()
        return summed[["cell", column, "n"]].to_numpy(dtype=np.int64)

    n = count.to_numpy(dtype=np.int64)
    return PlayCounts(first_day, bin_days, bins, size, cells["lon"].sum().to_numpy() / FIXED / n,
                      cells["lat"].sum().to_numpy() / FIXED / n, rows("s"), rows("e"))
