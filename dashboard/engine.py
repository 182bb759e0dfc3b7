"""The query engine: every view question — which events a filter keeps, the facet counts, the timeline's
counts, the map's cells, a table page, an export's chunks — asked as one ibis expression.

ibis compiles the same expression for DuckDB (embedded: a store file every worker opens read-only, the
operating system caching it once) and for distributed engines (Spark, ClickHouse, Trino, …): the engine
is chosen by where the tables live, the questions stay the same.

The engine reads three tables: ``events`` (the data contract's columns in date order, plus ``pos`` — the
event's place in that order —, ``origin``, ``first_name``, ``first_actor`` and ``people_text``),
``mentions`` (one row per actor an event counts: ``pos``, ``actor``, and the ``name`` it is written as)
and ``names`` (every name written, with the ``actor`` it counts as). Which actor a name counts as comes
from the registry when the tables are made; if the registry has changed since, the engine counts names
afresh (slower; importing again makes it fast).

Answers have the shapes the figure functions take: ``TimelineCounts``, ``MapCells``, DataFrames of rows.
"""

from __future__ import annotations

import logging
import math
import os
import threading
from collections import OrderedDict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

import duckdb
import ibis
import ibis.expr.types as ir
import numpy as np
import pandas as pd

from dashboard.aggregate import (FIXED, OTHER_ACTORS, TOP_ACTORS, MapCells, TimelineCounts, bin_unit, cell_size,
                                 grid_index, grid_step, overview_size, type_words)
from dashboard.data.registry import Registry
from dashboard.data.schema import COLUMN_NAMES, DATE_COLUMNS, LIST_COLUMNS
from dashboard.view_state import ViewState

TABLES = ("events", "mentions", "names")
SEARCHED_COLUMNS = ("title", "summary", "location")
LOG = logging.getLogger(__name__)
EARTH_KM = 6371.0


class QueryTimeout(Exception):
    """A query ran past the engine's time limit and was cancelled."""


@dataclass(frozen=True)
class Vocabulary:
    """What the filters offer, read from the engine once: types, origins and actors, most events first."""

    total: int
    event_types: tuple[str, ...]
    origins: tuple[str, ...]
    actors: tuple[str, ...]
    #: How many events each actor counts in.
    actor_events: Mapping[str, int]
    #: Each name as written in the events → the actor it counts as.
    counted_as: Mapping[str, str]
    first: pd.Timestamp | None
    last: pd.Timestamp | None


@dataclass(frozen=True)
class Summary:
    """What a filter keeps, in one query: how many, their span, and where the located ones lie."""

    count: int
    #: The first start, the first end, the last start and the last end (None when nothing is kept).
    first: pd.Timestamp | None
    first_end: pd.Timestamp | None
    last_start: pd.Timestamp | None
    last: pd.Timestamp | None
    #: How many have coordinates, and how far apart they spread (degrees of longitude, of latitude).
    located: int
    lon_spread: float
    lat_spread: float


class DuckDB:
    """Embedded DuckDB: a store file opened read-only, or events held in memory. Each process opens its own
    database on first use (never across a fork) and each thread queries through its own cursor."""

    name = "duckdb"

    def __init__(self, path: str | None = None, frame: pd.DataFrame | None = None, *, memory_limit: str = "",
                 threads: int = 0, registry: Registry | None = None):
        self.path, self.frame, self.registry = path, frame, registry
        self.config = {k: v for k, v in (("memory_limit", memory_limit), ("threads", threads)) if v}
        self._local = threading.local()
        self._root: tuple[int, object] | None = None
        self._lock = threading.Lock()

    def _database(self):
        with self._lock:
            if self._root is None or self._root[0] != os.getpid():
                if self.path is not None:
                    root = duckdb.connect(self.path, read_only=True, config=self.config)
                else:
                    root = duckdb.connect(config=self.config)
                    create_tables(root, engine_tables(self.frame, self.registry))
                self._root = (os.getpid(), root)
            return self._root[1]

    def backend(self):
        """This thread's ibis backend."""
        mine = getattr(self._local, "backend", None)
        if mine is None or mine[0] != os.getpid():
            cursor = self._database().cursor()
            mine = (os.getpid(), ibis.duckdb.from_connection(cursor), cursor)
            self._local.backend = mine
            self._local.tables = {}
        return mine[1]

    def table(self, name: str) -> ir.Table:
        """One of this thread's tables (looked up once: a lookup asks the catalog)."""
        backend = self.backend()
        found = self._local.tables.get(name)
        if found is None:
            found = self._local.tables[name] = backend.table(name)
        return found

    def interrupter(self):
        """A function that cancels the query this thread is about to run (called from another thread)."""
        self.backend()
        return self._local.backend[2].interrupt

    def close(self) -> None:
        """Let go of this process's database (before forking workers)."""
        with self._lock:
            if self._root is not None and self._root[0] == os.getpid():
                self._root[1].close()
            self._root = None
        self._local = threading.local()

    def describe(self) -> str:
        return f"duckdb {duckdb.__version__}" + (f" (store {os.path.basename(self.path)})" if self.path else " (in memory)")


class Backend:
    """Any other ibis backend (Spark, ClickHouse, Trino, …), shared by every thread."""

    def __init__(self, backend):
        self._backend = backend
        self.name = backend.name
        self._tables: dict[str, ir.Table] = {}

    def backend(self):
        return self._backend

    def table(self, name: str) -> ir.Table:
        found = self._tables.get(name)
        if found is None:
            found = self._tables[name] = self._backend.table(name)
        return found

    def interrupter(self):
        return None

    def close(self) -> None:
        pass

    def describe(self) -> str:
        return f"{self.name} {getattr(self._backend, 'version', '')}".strip()


class Engine:
    """View queries over a connection holding ``events`` and ``mentions``."""

    def __init__(self, connection, *, registry: Registry | None = None, timeout: float = 0.0):
        self.connection = connection if isinstance(connection, (DuckDB, Backend)) else Backend(connection)
        self.name = self.connection.name
        self.registry = registry
        self.timeout = timeout
        #: Answers every callback of a view asks for, per filter: its summary, its map's overview.
        self._summaries, self._overviews = _Remembered(256), _Remembered(32)
        stored = self._execute(self.backend_table("names"))
        stored = dict(zip(stored["name"].astype(str), stored["actor"].astype(str), strict=True))
        self._counted_as = {n: registry.counted_as(n) if registry else n for n in stored}
        #: None while the tables count names as the registry does; else the registry's mapping, as a table.
        self._remapped = None
        if self._counted_as != stored:
            LOG.warning("the actor registry has changed since the events were imported: names are counted afresh "
                        "on every query (import the files again to make it fast)")
            self._remapped = ibis.memtable(pd.DataFrame({"name": list(self._counted_as),
                                                         "actor": list(self._counted_as.values())},
                                                        columns=["name", "actor"]).astype(str))
        self.vocabulary = self._vocabulary()

    def release(self) -> None:
        """Close this process's connection (it reopens on next use): done before gunicorn forks."""
        self.connection.close()

    def describe(self) -> str:
        """The engine in words, for /health: "duckdb 2.0.1 (file events.duckdb)"."""
        return self.connection.describe()

    @property
    def events(self) -> ir.Table:
        return self.connection.table("events")

    def backend_table(self, name: str) -> ir.Table:
        return self.connection.table(name)

    @property
    def mentions(self) -> ir.Table:
        """One row per (event, counted actor): ``pos``, ``actor``."""
        mentions = self.connection.table("mentions")
        if self._remapped is None:
            return mentions.select("pos", "actor")
        return mentions.select("pos", "name").join(self._remapped, "name").select("pos", "actor").distinct()

    # -- opening ---------------------------------------------------------------------------------------

    @classmethod
    def in_memory(cls, events: pd.DataFrame, registry: Registry | None = None, *, memory_limit: str = "",
                  threads: int = 0, **kwargs) -> Engine:
        """An embedded DuckDB holding ``events`` (``load_events``' columns), for data read from files."""
        return cls(DuckDB(frame=events, memory_limit=memory_limit, threads=threads, registry=registry),
                   registry=registry, **kwargs)

    @classmethod
    def connect(cls, url: str, registry: Registry | None = None, **kwargs) -> Engine:
        """The ``events`` and ``mentions`` tables of another engine: a Spark Connect URL (``sc://host:15002``)
        or any ibis connection URL (``clickhouse://…``, ``trino://…``, ``duckdb:///path``)."""
        if url.startswith("sc://"):
            from pyspark.sql import SparkSession

            session = SparkSession.builder.remote(url).getOrCreate()
            session.conf.set("spark.sql.session.timeZone", "UTC")
            return cls(ibis.pyspark.connect(session), registry=registry, **kwargs)
        return cls(ibis.connect(url, **({"read_only": True} if url.startswith("duckdb://") else {})),
                   registry=registry, **kwargs)

    def fingerprint(self) -> str:
        """A short mark of the events an engine holds (their number and span), to key shared caches."""
        v = self.vocabulary
        return f"{self.name}-{v.total:x}-{v.first:%Y%m%d}-{v.last:%Y%m%d}" if v.total else f"{self.name}-0"

    @classmethod
    def open_store(cls, path: str, registry: Registry | None = None, *, memory_limit: str = "", threads: int = 0,
                   **kwargs) -> Engine:
        """A store file, opened read-only."""
        return cls(DuckDB(path=path, memory_limit=memory_limit, threads=threads), registry=registry, **kwargs)

    # -- running ---------------------------------------------------------------------------------------

    def _execute(self, expr: ir.Expr):
        """Run ``expr``; past ``timeout`` seconds the query is cancelled (``QueryTimeout``)."""
        interrupt = self.connection.interrupter() if self.timeout else None
        if interrupt is None:
            return expr.execute()
        timer = threading.Timer(self.timeout, interrupt)
        timer.start()
        try:
            return expr.execute()
        except duckdb.InterruptException:
            raise QueryTimeout(f"the query ran past {self.timeout:g} s") from None
        finally:
            timer.cancel()

    def _scalar(self, expr) -> object:
        value = self._execute(expr)
        return value.item() if hasattr(value, "item") else value

    # -- the vocabulary --------------------------------------------------------------------------------

    def _vocabulary(self) -> Vocabulary:
        t = self.events
        total = int(self._scalar(t.count()))
        types = self._execute(t.group_by("event_type").agg(n=t.count()))
        origins = self._execute(t.group_by("origin").agg(n=t.count()))
        actors = self._execute(self._actor_mentions(t).group_by("actor").agg(n=ibis._.count()))
        span = self._execute(t.agg(first=t.date_start.min(), last=t.date_end.max()))
        first, last = (span.iloc[0][c] for c in ("first", "last")) if total else (None, None)
        return Vocabulary(total=total, event_types=_ranked(types, "event_type"), origins=_ranked(origins, "origin"),
                          actors=_ranked(actors, "actor"), counted_as=dict(self._counted_as),
                          actor_events={str(a): int(n) for a, n in zip(actors["actor"], actors["n"], strict=True)},
                          first=None if first is None or pd.isna(first) else pd.Timestamp(first),
                          last=None if last is None or pd.isna(last) else pd.Timestamp(last))

    def distinct(self, column: str, limit: int) -> list:
        """Up to ``limit`` distinct non-null values of an events column."""
        t = self.events
        found = self._execute(t.filter(t[column].notnull()).select(column).distinct().limit(limit))
        return list(found[column])

    def distinct_count(self, column: str) -> int:
        t = self.events
        return int(self._scalar(t[column].nunique()))

    def short_event_days(self, days: int) -> pd.Series:
        """Starts per day (number of days since 1970) of the events lasting under ``days`` days."""
        t = self.events
        start = t.date_start.epoch_seconds()
        short = t.filter(t.date_end.epoch_seconds() - start < days * 86_400).mutate(day=(start // 86_400).cast("int64"))
        found = self._execute(short.group_by("day").agg(n=short.count())).sort_values("day")
        return pd.Series(found["n"].to_numpy(dtype=np.int64), index=found["day"].to_numpy(dtype=np.int64))

    def weekly(self, kept: ir.Table) -> pd.DataFrame:
        """``kept`` counted per week (Monday it begins on) and dataset: columns week, origin, count."""
        day = (kept.date_start.epoch_seconds() // 86_400).cast("int64")
        weeks = kept.mutate(monday=day - (day + 3) % 7)  # 1 January 1970 was a Thursday
        found = self._execute(weeks.group_by(["monday", "origin"]).agg(count=weeks.count()))
        found = found.sort_values(["monday", "origin"]).reset_index(drop=True)
        week = pd.to_datetime(found["monday"].to_numpy(dtype=np.int64), unit="D")
        return pd.DataFrame({"week": week, "origin": found["origin"].astype(str),
                             "count": found["count"].astype(int)})

    # -- filters ---------------------------------------------------------------------------------------

    def kept(self, state: ViewState) -> ir.Table:
        """The events ``state``'s filters keep (an expression; nothing runs)."""
        predicates = self._predicates(state)
        return self.events.filter(*predicates) if predicates else self.events

    def left_out(self, state: ViewState) -> ir.Table:
        """The events ``state``'s filters leave out (none without filters)."""
        predicates = self._predicates(state)
        t = self.events
        return t.filter(~ibis.and_(*predicates).fill_null(False)) if predicates else t.limit(0)

    def _predicates(self, state: ViewState) -> list[ir.BooleanValue]:
        t = self.events
        predicates = []
        if state.actors:
            predicates.append(t.pos.isin(self._positions_of(state.actors)))
        if state.types:
            predicates.append(t.event_type.isin(list(state.types)))
        if state.sources:
            predicates.append(t.origin.isin(list(state.sources)))
        if state.date_from:
            predicates.append(t.date_end >= _timestamp(state.date_from))
        if state.date_to:
            predicates.append(t.date_start <= _timestamp(state.date_to))
        if state.near:
            predicates.append(self._within_km(t, *state.near))
        for alternatives in self._terms(state.q):
            predicates.append(ibis.or_(*[self._mentions_text(t, spelling) for spelling in alternatives]))
        return predicates

    def _terms(self, query: str) -> list[frozenset[str]]:
        """The query as terms, each with every spelling that means the same (``Registry.search_terms``)."""
        if self.registry is None:
            return [frozenset([word]) for word in query.lower().split()]
        return self.registry.search_terms(query)

    def _mentions_text(self, t: ir.Table, spelling: str) -> ir.BooleanValue:
        hits = [t[c].lower().contains(spelling).fill_null(False) for c in SEARCHED_COLUMNS]
        hits.append(t.people_text.contains(spelling).fill_null(False))
        actors = [a for a in self.vocabulary.actors if spelling in a.lower()]
        if actors:
            hits.append(t.pos.isin(self._positions_of(actors)))
        return ibis.or_(*hits)

    def _positions_of(self, actors: Sequence[str]) -> ir.Column:
        m = self.mentions
        return m.filter(m.actor.isin(list(actors))).pos

    @staticmethod
    def _within_km(t: ir.Table, lat: float, lon: float, km: float) -> ir.BooleanValue:
        lat0, lon0 = math.radians(lat), math.radians(lon)
        lats, lons = t.latitude.radians(), t.longitude.radians()
        h = ((lats - lat0) / 2).sin() ** 2 + math.cos(lat0) * lats.cos() * ((lons - lon0) / 2).sin() ** 2
        h = ibis.greatest(ibis.least(h, 1.0), 0.0)
        return (2 * EARTH_KM * h.sqrt().asin() <= km).fill_null(False)

    # -- counts ----------------------------------------------------------------------------------------

    def count(self, state: ViewState) -> int:
        """How many events ``state`` keeps."""
        return self.summary(state).count

    def summary(self, state: ViewState) -> Summary:
        """What ``state`` keeps (remembered per filter: every callback of a view asks): its count, span and
        spread, so the timeline and the map start from one query."""
        return self._summaries.get(state.filter_key, lambda: self._summary(self.kept(state)))

    def overview(self, state: ViewState) -> MapCells:
        """The map cells of all that ``state`` keeps, sized to their spread: where the events are, which the
        map's extent is made from (remembered per filter, with the counts the first map is added up from)."""
        return self._overview(state).cells

    def _overview(self, state: ViewState) -> _Overview:
        def ask() -> _Overview:
            size, counts = self._cell_counts(self.kept(state), None, self.summary(state))
            return _Overview(_cells(counts, size, 0, self.vocabulary.event_types), counts)

        return self._overviews.get(state.filter_key, ask)

    def _summary(self, kept: ir.Table) -> Summary:
        located = kept.latitude.notnull() & kept.longitude.notnull()
        found = self._execute(kept.agg(
            n=kept.count(), first=kept.date_start.min(), first_end=kept.date_end.min(),
            last_start=kept.date_start.max(), last=kept.date_end.max(),
            located=located.sum(), lon=kept.longitude.max(where=located) - kept.longitude.min(where=located),
            lat=kept.latitude.max(where=located) - kept.latitude.min(where=located))).iloc[0]

        def day(value) -> pd.Timestamp | None:
            return None if value is None or pd.isna(value) else pd.Timestamp(value)

        def spread(value) -> float:
            return 0.0 if value is None or pd.isna(value) else float(value)

        return Summary(int(found["n"]), day(found["first"]), day(found["first_end"]), day(found["last_start"]),
                       day(found["last"]),
                       int(0 if pd.isna(found["located"]) else found["located"]), spread(found["lon"]),
                       spread(found["lat"]))

    def facet_counts(self, state: ViewState, facet: str) -> dict[str, int]:
        """Counts per value of ``facet`` ("type", "actor" or "source") under every filter but its own."""
        own = {"type": "types", "actor": "actors", "source": "sources"}[facet]
        others = replace(state, **{own: ()})
        kept = self.kept(others)
        if facet == "actor":
            order = self.vocabulary.actors
            if kept is not self.events and self.summary(others).count <= self.vocabulary.total // 2:
                found = self._counted(self._actor_mentions(kept), "actor")
            else:  # most events kept: count the actors of those left out, from the totals (a small join side)
                fewer = {} if kept is self.events else self._counted(self._actor_mentions(self.left_out(others)),
                                                                     "actor")
                found = {name: n - fewer.get(name, 0) for name, n in self.vocabulary.actor_events.items()}
        elif facet == "source" and len(self.vocabulary.origins) == 1:  # one dataset: its count is the view's
            order, found = self.vocabulary.origins, {self.vocabulary.origins[0]: self.summary(others).count}
        else:
            column = "event_type" if facet == "type" else "origin"
            order = self.vocabulary.event_types if facet == "type" else self.vocabulary.origins
            found = self._counted(kept, column)
        return {name: found[name] for name in order if found.get(name)}

    def _counted(self, rows: ir.Table, column: str) -> dict[str, int]:
        """How many of ``rows`` hold each value of ``column``."""
        found = self._execute(rows.group_by(column).agg(n=ibis._.count()))
        return dict(zip(found[column].astype(str), found["n"].astype(int), strict=True))

    def _actor_mentions(self, kept: ir.Table) -> ir.Table:
        """One row per (event, counted actor) among ``kept``."""
        return self.mentions.semi_join(kept.select("pos"), "pos") if kept is not self.events else self.mentions

    @staticmethod
    def in_range(kept: ir.Table, x_range) -> ir.Table:
        """Those of ``kept`` whose window overlaps ``x_range`` (all when None)."""
        if x_range is None:
            return kept
        start, end = (pd.Timestamp(x) for x in x_range)
        return kept.filter(kept.date_end >= start.to_pydatetime(), kept.date_start <= end.to_pydatetime())

    @staticmethod
    def all_in_range(summary: Summary, x_range) -> bool:
        """Whether every event ``summary`` describes overlaps ``x_range`` (``in_range`` would keep them all)."""
        return x_range is None or not summary.count or (pd.Timestamp(x_range[0]) <= summary.first_end
                                                        and pd.Timestamp(x_range[1]) >= summary.last_start)

    def size(self, kept: ir.Table) -> int:
        return int(self._scalar(kept.count()))

    def origin_counts(self, kept: ir.Table) -> dict[str, int]:
        return self._counted(kept, "origin")

    def timeline_counts(self, kept: ir.Table, group: str, x_range, *, starts: tuple | None = None) -> TimelineCounts:
        """``kept`` counted per bin of its start date (the unit from the range's span) and per lane. Without a
        range, the bins span the first to the last start (``starts``, when known, saves asking)."""
        if x_range is None:
            if starts is None:
                span = self._execute(kept.agg(first=kept.date_start.min(), last=kept.date_start.max())).iloc[0]
                starts = (span["first"], span["last"])
            first, last = (pd.Timestamp(day) if day is not None and not pd.isna(day) else pd.Timestamp("2000-01-01")
                           for day in starts)
        else:
            first, last = pd.Timestamp(x_range[0]), pd.Timestamp(x_range[1])
        unit = bin_unit((last - first).days)
        laned, lanes_of = self._lanes(kept, group)
        start = laned.date_start
        if unit in ("day", "week"):
            origin = first.normalize() - pd.Timedelta(days=first.weekday() if unit == "week" else 0)
            width = 1 if unit == "day" else 7
            day = (start.epoch_seconds() // 86_400).cast("int64")
            bins = (day - int(origin.value // 86_400_000_000_000)) // width
            count = max(((last.normalize() - origin).days) // width + 1, 1)
            starts = pd.date_range(origin, periods=count, freq=f"{width}D")
            ends = starts + pd.Timedelta(days=width - 1)
        else:
            step = 1 if unit == "month" else 12
            origin = (first.year - 1970) * 12 + first.month - 1
            origin -= origin % step
            bins = ((start.year() - 1970) * 12 + start.month() - 1 - origin) // step
            count = max(((last.year - 1970) * 12 + last.month - 1 - origin) // step + 1, 1)
            starts = pd.DatetimeIndex([pd.Timestamp(1970 + (origin + i * step) // 12, (origin + i * step) % 12 + 1, 1)
                                       for i in range(count)])
            ends = pd.DatetimeIndex([s + pd.DateOffset(months=step) - pd.Timedelta(days=1) for s in starts])
        binned = laned.mutate(bin=bins.cast("int64"))
        found = self._execute(binned.group_by(["lane", "bin"]).agg(n=binned.count()))  # one query, all bins
        lanes, lane_types, lane_of = lanes_of(found)
        found = found[(found["bin"] >= 0) & (found["bin"] < count)]
        counts = np.zeros((len(lanes), count), dtype=np.int64)
        rows = found["lane"].map(lambda lane: lane_of(lane)).to_numpy(dtype=np.int64)
        np.add.at(counts, (rows, found["bin"].to_numpy(dtype=np.int64)), found["n"].to_numpy(dtype=np.int64))
        return TimelineCounts(unit, pd.DatetimeIndex(starts), pd.DatetimeIndex(ends), lanes, lane_types, counts)

    def _lanes(self, kept: ir.Table, group: str):
        """``kept`` with a ``lane`` column (type, source, or the first-named actor's), and what gives — from
        the counts per lane and bin — the lanes in order, their types and the lane number of a value."""
        v = self.vocabulary
        if group == "source":
            index = {o: i for i, o in enumerate(v.origins)}
            return kept.mutate(lane=kept.origin), lambda found: (v.origins, (None,) * len(v.origins), index.__getitem__)
        if group != "actor":
            index = {t: i for i, t in enumerate(v.event_types)}
            return kept.mutate(lane=kept.event_type), lambda found: (v.event_types, v.event_types, index.__getitem__)
        if self._remapped is None:
            laned = kept.mutate(lane=kept.first_actor.fill_null(""))
        else:
            names = self._remapped
            joined = kept.left_join(names, kept.first_name == names.name)
            laned = joined.mutate(lane=joined.actor.fill_null(""))
        rank = {a: i for i, a in enumerate(v.actors)}

        def busiest(found: pd.DataFrame):
            present = found.groupby("lane")["n"].sum()
            present = [(a, int(n)) for a, n in present.items() if isinstance(a, str) and a in rank and n > 0]
            top = [a for a, _ in sorted(present, key=lambda p: (-p[1], rank[p[0]]))[:TOP_ACTORS]]
            index = {a: i for i, a in enumerate(top)}
            lanes = tuple(top) + (OTHER_ACTORS,)
            return lanes, (None,) * len(lanes), lambda lane: index.get(lane, len(top))

        return laned, busiest

    def map_cells(self, kept: ir.Table, within: tuple[float, float, float, float] | None = None, *,
                  summary: Summary | None = None) -> MapCells:
        """The located events of ``kept`` in square cells: sized to the map ``within`` (west, south, east,
        north) and only the cells touching it — the others counted as beyond the view, from ``summary`` (asked
        when not given); or, without it, all of them, sized to their spread."""
        summary = summary or self._summary(kept)
        size, counts = self._cell_counts(kept, within, summary)
        return _cells(counts, size, summary.located - int(counts["n"].sum()), self.vocabulary.event_types)

    def cells_in(self, state: ViewState, within: tuple[float, float, float, float]) -> MapCells:
        """``map_cells`` of what ``state`` keeps, sized to ``within``: added up from the view's overview when
        its cells nest in these (no query — the first map of a view), else asked."""
        size = cell_size(max(within[2] - within[0], within[3] - within[1]))
        overview = self._overview(state)
        ratio, rest = divmod(grid_step(size), grid_step(overview.cells.size))
        if rest or not ratio:
            return self.map_cells(self.kept(state), within, summary=self.summary(state))
        counts = overview.counts.assign(gx=overview.counts["gx"] // ratio, gy=overview.counts["gy"] // ratio)
        (west, east), (south, north) = _cell_range(size, within)
        inside = counts["gx"].between(west, east) & counts["gy"].between(south, north)
        return _cells(counts[inside].reset_index(drop=True), size, int(counts.loc[~inside, "n"].sum()),
                      self.vocabulary.event_types)

    def _cell_counts(self, kept: ir.Table, within, summary: Summary) -> tuple[float, pd.DataFrame]:
        """The cell size, and the located events of ``kept`` counted per cell and type (only the cells touching
        ``within``, when given): gx, gy, event_type, n, lat, lon, killed."""
        located = kept.filter(kept.latitude.notnull(), kept.longitude.notnull())
        if within is None:
            size = overview_size(max(summary.lon_spread, summary.lat_spread) if summary.located else 1.0)
        else:
            size = cell_size(max(within[2] - within[0], within[3] - within[1]))
        step = grid_step(size)
        lon, lat = _fixed(located.longitude), _fixed(located.latitude)
        if within is not None:  # cell x holds the millionths from x·step up to (x+1)·step: the view's cells, at once
            (west, east), (south, north) = _cell_range(size, within)
            located = located.filter(lon >= west * step, lon < (east + 1) * step,
                                     lat >= south * step, lat < (north + 1) * step)
            lon, lat = _fixed(located.longitude), _fixed(located.latitude)
        cells = located.select(gx=(lon / step).floor().cast("int64"), gy=(lat / step).floor().cast("int64"),
                               event_type=located.event_type, lat=lat, lon=lon, killed=located.fatalities)
        return size, self._execute(cells.group_by(["gx", "gy", "event_type"]).agg(
            n=cells.count(), lat=cells.lat.sum(), lon=cells.lon.sum(), killed=cells.killed.sum()))

    # -- rows ------------------------------------------------------------------------------------------

    def rows(self, kept: ir.Table, limit: int | None = None, columns: Sequence[str] | None = None) -> pd.DataFrame:
        """The events of ``kept`` in date order, as ``load_events`` returns them (or only ``columns``, which
        may name the engine's own: ``pos``, ``origin``)."""
        ordered = kept.order_by("pos")
        return self._frame(ordered.limit(limit) if limit is not None else ordered, columns=columns)

    def page(self, kept: ir.Table, key: str | None, descending: bool, start: int, end: int) -> pd.DataFrame:
        """Rows ``start``..``end`` of ``kept`` ordered by ``key`` (an events column; date order when None)."""
        if key is None:
            order = [kept.pos]
        else:
            value = kept.first_name.fill_null("") if key == "actors" else kept[key]
            if key == "fatalities":
                value = value.fill_null(-1)
            elif key != "actors":
                value = value.cast("string").fill_null("")
            order = [value.desc(), kept.pos.desc()] if descending else [value, kept.pos]
        if self.name == "pyspark":  # no OFFSET there: number the rows instead
            numbered = kept.mutate(_n=ibis.row_number().over(order_by=order))
            return self._frame(numbered.filter(numbered._n >= start, numbered._n < end).order_by("_n"))
        return self._frame(kept.order_by(order).limit(max(end - start, 0), offset=start))

    def chunks(self, kept: ir.Table, size: int) -> Iterator[pd.DataFrame]:
        """The events of ``kept`` in date order, ``size`` at a time (each chunk one query: memory stays flat)."""
        after = -1
        while True:
            chunk = self._frame(kept.filter(kept.pos > after).order_by("pos").limit(size), keep_pos=True)
            if chunk.empty:
                return
            after = int(chunk["pos"].iloc[-1])
            yield chunk.drop(columns="pos")
            if len(chunk) < size:
                return

    def event(self, event_id: str) -> pd.DataFrame:
        """The event with ``event_id`` (zero or one row), with its ``pos``."""
        t = self.events
        return self._frame(t.filter(t.event_id == event_id).limit(1), keep_pos=True)

    def _frame(self, expr: ir.Table, keep_pos: bool = False, columns: Sequence[str] | None = None) -> pd.DataFrame:
        columns = list(columns or COLUMN_NAMES) + (["pos"] if keep_pos else [])
        frame = self._execute(expr.select(*columns))
        return restore_rows(frame)


class _Remembered:
    """Answers kept by key, at most ``limit`` of them (the oldest go first); safe across threads."""

    def __init__(self, limit: int):
        self._limit, self._lock, self._known = limit, threading.Lock(), OrderedDict()

    def get(self, key, compute):
        with self._lock:
            if key in self._known:
                self._known.move_to_end(key)
                return self._known[key]
        value = compute()  # outside the lock: two threads may both compute a new key, and agree
        with self._lock:
            self._known[key] = value
            while len(self._known) > self._limit:
                self._known.popitem(last=False)
        return value


def restore_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows from an engine with ``load_events``' types (lists as lists, text as strings, dates as datetimes)."""
    for column in (c for c in LIST_COLUMNS if c in frame):
        frame[column] = [list(v) if v is not None and not (isinstance(v, float) and math.isnan(v)) else []
                         for v in frame[column]]
    for column in frame.columns:
        if column in DATE_COLUMNS:
            frame[column] = pd.to_datetime(frame[column]).astype("datetime64[s]")
        elif frame[column].dtype == object and column not in LIST_COLUMNS:
            frame[column] = frame[column].astype("str")
    for column in ("fatalities", "fatalities_low", "fatalities_high", "injuries"):
        if column in frame:
            frame[column] = frame[column].astype("Int64")
    return frame.reset_index(drop=True)


def engine_tables(events: pd.DataFrame, registry: Registry | None = None
                  ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The engine's ``events``, ``mentions`` and ``names`` tables for ``events`` (``load_events``' columns),
    names counted as ``registry`` counts them."""
    ordered = events.sort_values(["date_start", "event_id"], kind="stable").reset_index(drop=True)
    table = engine_rows(ordered)
    written = sorted({n for names in ordered["actors"] for n in names})
    counted_as = {n: registry.counted_as(n) if registry else n for n in written}
    table["pos"] = np.arange(len(table), dtype=np.int64)
    table["first_actor"] = [counted_as[names[0]] if len(names) else None for names in ordered["actors"]]
    lengths = ordered["actors"].map(len).to_numpy()
    flat = [n for names in ordered["actors"] for n in names]
    mentions = pd.DataFrame({"pos": np.repeat(table["pos"].to_numpy(), lengths), "name": flat,
                             "actor": [counted_as[n] for n in flat]},
                            columns=["pos", "name", "actor"]).astype({"pos": "int64", "name": "str", "actor": "str"})
    names = pd.DataFrame({"name": list(counted_as), "actor": list(counted_as.values())},
                         columns=["name", "actor"]).astype("str")
    mentions = mentions.drop_duplicates(["pos", "actor"]).sort_values(["actor", "pos"], kind="stable")
    return table, mentions.reset_index(drop=True), names


def engine_rows(events: pd.DataFrame) -> pd.DataFrame:
    """``events`` (``load_events``' columns) with the types every engine reads — text, plain TIMESTAMP —
    and the columns the engine adds that need no registry: ``origin``, ``first_name``, ``people_text``."""
    from dashboard.data.origins import origin_of

    rows = events[list(COLUMN_NAMES)].reset_index(drop=True)
    for column in rows.columns:
        if isinstance(rows[column].dtype, pd.CategoricalDtype):
            rows[column] = rows[column].astype("str")
    for column in DATE_COLUMNS:
        rows[column] = rows[column].astype("datetime64[us]")
    rows["origin"] = origin_of(rows["source"].astype("category")).astype("str").to_numpy()  # a few sources
    rows["first_name"] = [names[0] if len(names) else None for names in rows["actors"]]
    rows["people_text"] = rows["people"].map(" ".join).str.lower()
    return rows


def create_tables(con, tables) -> None:
    """Copy the engine's tables (frames in ``TABLES`` order) into the DuckDB connection ``con``."""
    for name, frame in zip(TABLES, tables, strict=True):
        con.register("incoming", frame)
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM incoming")
        con.unregister("incoming")


def _ranked(found: pd.DataFrame, column: str) -> tuple[str, ...]:
    """Names by count, most first; ties by name."""
    pairs = [(str(k), int(n)) for k, n in zip(found[column], found["n"], strict=True) if isinstance(k, str)]
    return tuple(k for k, _ in sorted(pairs, key=lambda p: (-p[1], p[0])))


def _fixed(degrees: ir.FloatingColumn) -> ir.IntegerColumn:
    """Degrees as whole millionths (``aggregate.FIXED``): summed, they are the same in any order, so a cell's
    centre is the same whichever thread adds which events — every door draws the same map."""
    return (degrees * FIXED).round().cast("int64")


@dataclass(frozen=True)
class _Overview:
    """A view's overview cells, and the counts per cell and type they were made from (to add up coarser)."""

    cells: MapCells
    counts: pd.DataFrame


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


def _timestamp(day: date) -> datetime:
    return datetime(day.year, day.month, day.day)

