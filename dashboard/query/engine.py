"""The query engine: every view question — which events a filter keeps, the facet counts, the timeline's
counts, the map's cells, a table page, an export's chunks — asked as one ibis expression.

ibis compiles the same expression for DuckDB (embedded: a store file every worker opens read-only, the
operating system caching it once) and for distributed engines (Spark, ClickHouse, Trino, …): the engine
is chosen by where the tables live, the questions stay the same.

Questions take a ``Filter`` (plain values). Each question is built once per shape of filter — which
predicates it has — with the values as slots (``dashboard.query.prepared``), compiled once and run with
the values bound; its small answers (a summary, facet counts) are remembered per filter.

Which actor a name counts as comes from the registry when the tables are made; if the registry has
changed since, the engine counts names afresh (slower; importing again makes it fast).

Answers have the shapes the figure functions take: ``TimelineCounts``, ``MapCells``, DataFrames of rows.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence

import duckdb
import ibis
import ibis.expr.types as ir
import numpy as np
import pandas as pd
import pyarrow as pa

from dashboard.query.aggregate import MapCells, TimelineCounts
from dashboard.data.registry import Registry
from dashboard.data.schema import COLUMN_NAMES
from dashboard.query import binding, budget, counting, rows
from dashboard.query.answers import QueryTimeout, Summary, Vocabulary
from dashboard.query.connections import Backend, DuckDB
from dashboard.query.filter import EVERYTHING, Filter
from dashboard.query.prepared import slot
from dashboard.query.remembered import Remembered
from dashboard.query.rules import ACTORS, SOURCES, TYPES, Scope
from dashboard.data.tables import contract_frame

LOG = logging.getLogger(__name__)


class Engine:
    """View questions over a connection holding ``events``, ``mentions`` and ``names``."""

    def __init__(self, connection, *, registry: Registry | None = None, timeout: float = 0.0):
        self.connection = connection if isinstance(connection, (DuckDB, Backend)) else Backend(connection)
        self.name = self.connection.name
        self.registry = registry
        self.timeout = timeout
        #: Questions built and compiled, by question and filter shape.
        self._prepared = Remembered(1024)
        #: Small answers of a view, by question and filter: summaries, facet counts, bindings.
        self._answers = Remembered(1024)
        #: Map overviews (a few thousand cells each), by filter.
        self._overviews = Remembered(32)
        stored = self.frame(self.ask(("names",), EVERYTHING, lambda t: self.table("names")))
        stored = dict(zip(stored["name"].astype(str), stored["actor"].astype(str), strict=True))
        self._counted_as = {n: registry.counted_as(n) if registry else n for n in stored}
        #: None while the tables count names as the registry does; else the registry's mapping, as a table.
        self.counted_names = None
        if self._counted_as != stored:
            LOG.warning("the actor registry has changed since the events were imported: names are counted afresh "
                        "on every query (import the files again to make it fast)")
            self.counted_names = self.connection.frame_table("counted_names", pd.DataFrame(
                {"name": list(self._counted_as), "actor": list(self._counted_as.values())},
                columns=["name", "actor"]).astype(object))
        self.vocabulary = self._vocabulary()

    # -- opening ---------------------------------------------------------------------------------------

    @classmethod
    def in_memory(cls, events: pd.DataFrame, registry: Registry | None = None, *, memory_limit: str = "",
                  threads: int = 0, **kwargs) -> Engine:
        """An embedded DuckDB holding ``events`` (``load_events``' columns), for data read from files."""
        return cls(DuckDB(frame=events, memory_limit=memory_limit, threads=threads, registry=registry),
                   registry=registry, **kwargs)

    @classmethod
    def open_store(cls, path: str, registry: Registry | None = None, *, memory_limit: str = "", threads: int = 0,
                   **kwargs) -> Engine:
        """A store file, opened read-only."""
        return cls(DuckDB(path=path, memory_limit=memory_limit, threads=threads), registry=registry, **kwargs)

    @classmethod
    def connect(cls, url: str, registry: Registry | None = None, **kwargs) -> Engine:
        """The tables of another engine: a Spark Connect URL (``sc://host:15002``) or any ibis connection URL
        (``clickhouse://…``, ``trino://…``, ``duckdb:///path``)."""
        if url.startswith("sc://"):
            from pyspark.sql import SparkSession

            session = SparkSession.builder.remote(url).getOrCreate()
            session.conf.set("spark.sql.session.timeZone", "UTC")
            return cls(ibis.pyspark.connect(session), registry=registry, **kwargs)
        return cls(ibis.connect(url, **({"read_only": True} if url.startswith("duckdb://") else {})),
                   registry=registry, **kwargs)

    def forget(self) -> None:
        """Drop the answers remembered per filter (the compiled questions stay): each is asked again."""
        self._answers.clear()
        self._overviews.clear()

    def release(self) -> None:
        """Close this process's connection (it reopens on next use): done before gunicorn forks."""
        self.connection.close()

    def describe(self) -> str:
        """The engine in words: "duckdb 2.0.1 (store events.duckdb)"."""
        return self.connection.describe()

    def fingerprint(self) -> str:
        """A short mark of the events an engine holds, to key shared caches: embedded DuckDB's hash of them
        (``tables.fingerprint``), else their number and span."""
        found = self.connection.fingerprint()
        if found is not None:
            return found
        v = self.vocabulary
        return f"{self.name}-{v.total:x}-{v.first:%Y%m%d}-{v.last:%Y%m%d}" if v.total else f"{self.name}-0"

    # -- asking ----------------------------------------------------------------------------------------

    def table(self, name: str) -> ir.Table:
        """One of the engine's tables, to build questions on."""
        return self.connection.table(name)

    @property
    def events(self) -> ir.Table:
        return self.table("events")

    @property
    def mentions(self) -> ir.Table:
        """One row per (event, counted actor): ``pos``, ``actor``."""
        mentions = self.table("mentions")
        if self.counted_names is None:
            return mentions.select("pos", "actor")
        return mentions.select("pos", "name").join(self.counted_names, "name").select("pos", "actor").distinct()

    def ask(self, question: tuple, flt: Filter, build: Callable[[ir.Table], ir.Expr],
            values: Mapping[str, object] | None = None, *, left_out: bool = False) -> pa.Table:
        """The answer to ``question`` over what ``flt`` keeps (or, with ``left_out``, leaves out):
        ``build(events)`` makes its expression — once per question and shape of filter — and ``values`` fill
        the question's own slots. The one way any question runs."""
        binding = self._binding(flt)
        rows = self._left_out if left_out else self._kept
        prepared = self._prepared.get((question, binding.shape, left_out),
                                      lambda: self.connection.prepare(build(rows(binding.shape))))
        return self._run(prepared, {**binding.values, **(values or {})})

    def _run(self, prepared, values: Mapping[str, object]) -> pa.Table:
        """Run a prepared question; past ``timeout`` seconds, or past the request's budget, it is cancelled
        (``QueryTimeout``)."""
        seconds = budget.limit(self.timeout)
        if seconds is not None and seconds <= 0:
            raise QueryTimeout("the request ran past its time budget")
        interrupt = self.connection.interrupter() if seconds is not None else None
        timer = threading.Timer(seconds, interrupt) if interrupt is not None else None
        if timer is not None:
            timer.start()
        try:
            answer = self.connection.run(prepared, values)
            return answer if answer.schema == prepared.schema else answer.cast(prepared.schema)
        except duckdb.InterruptException:
            raise QueryTimeout(f"the query ran past {seconds:.3g} s") from None
        finally:
            if timer is not None:
                timer.cancel()

    def _execute(self, expr: ir.Expr) -> pd.DataFrame:
        """Run a one-off expression (not remembered) and return its answer as a frame."""
        return self.frame(self._run(self.connection.prepare(expr), {}))

    @staticmethod
    def frame(answer: pa.Table) -> pd.DataFrame:
        return answer.to_pandas()

    # -- filters (dashboard.query.binding) ---------------------------------------------------------------

    def _binding(self, flt: Filter) -> binding.Binding:
        return self._answers.get(("binding", flt), lambda: binding.bind(
            flt, self._terms(flt.text), self.vocabulary.actors if flt.text else ()))

    def _scope(self) -> Scope:
        return Scope(self.events, self._positions_of)

    def _kept(self, shape: tuple) -> ir.Table:
        return binding.kept(self._scope(), shape)

    def _left_out(self, shape: tuple) -> ir.Table:
        return binding.left_out(self._scope(), shape)

    def _terms(self, text: str) -> list[frozenset[str]]:
        """The search text as terms, each with every spelling that means the same (``Registry.search_terms``)."""
        if self.registry is None:
            return [frozenset([word]) for word in text.split()]
        return list(dict.fromkeys(self.registry.search_terms(text)))

    def _positions_of(self, actors: ir.ArrayValue) -> ir.Column:
        m = self.mentions
        return m.filter(actors.contains(m.actor)).pos

    # -- the vocabulary --------------------------------------------------------------------------------

    def _vocabulary(self) -> Vocabulary:
        everything = EVERYTHING
        total = int(self.frame(self.ask(("total",), everything, lambda t: t.agg(n=t.count())))["n"].iloc[0])
        types = self._counted(everything, "event_type")
        origins = self._counted(everything, "origin")
        actors = self._actor_counts(everything)
        span = self.frame(self.ask(("span",), everything,
                                    lambda t: t.agg(first=t.date_start.min(), last=t.date_end.max()))).iloc[0]
        first, last = (span["first"], span["last"]) if total else (None, None)
        return Vocabulary(total=total, event_types=_ranked(types), origins=_ranked(origins), actors=_ranked(actors),
                          counted_as=dict(self._counted_as), actor_events=dict(actors),
                          first=None if first is None or pd.isna(first) else pd.Timestamp(first),
                          last=None if last is None or pd.isna(last) else pd.Timestamp(last))

    def distinct(self, column: str, limit: int) -> list:
        """Up to ``limit`` distinct non-null values of an events column."""
        found = self.frame(self.ask(("distinct", column, limit), EVERYTHING, lambda t: t.filter(
            t[column].notnull()).select(column).distinct().limit(limit)))
        return list(found[column])

    def distinct_count(self, column: str) -> int:
        found = self.ask(("distinct count", column), EVERYTHING, lambda t: t.agg(n=t[column].nunique()))
        return int(found.column("n")[0].as_py())

    # -- counts ----------------------------------------------------------------------------------------

    def summary(self, flt: Filter) -> Summary:
        """What ``flt`` keeps (remembered per filter: every callback of a view asks): its count, span and
        spread, so the timeline and the map start from one query."""
        return self._answers.get(("summary", flt), lambda: self._summary(flt))

    def count(self, flt: Filter) -> int:
        """How many events ``flt`` keeps."""
        return self.summary(flt).count

    def _summary(self, flt: Filter) -> Summary:
        def build(kept: ir.Table) -> ir.Table:
            located = kept.latitude.notnull() & kept.longitude.notnull()
            return kept.agg(
                n=kept.count(), first=kept.date_start.min(), first_end=kept.date_end.min(),
                last_start=kept.date_start.max(), last=kept.date_end.max(), located=located.sum(),
                lon=kept.longitude.max(where=located) - kept.longitude.min(where=located),
                lat=kept.latitude.max(where=located) - kept.latitude.min(where=located))

        found = self.ask(("summary",), flt, build).to_pylist()[0]

        def day(value) -> pd.Timestamp | None:
            return None if value is None else pd.Timestamp(value)

        return Summary(int(found["n"]), day(found["first"]), day(found["first_end"]), day(found["last_start"]),
                       day(found["last"]), int(found["located"] or 0), float(found["lon"] or 0.0),
                       float(found["lat"] or 0.0))

    def facet_counts(self, flt: Filter, facet: str) -> dict[str, int]:
        """Counts per value of ``facet`` ("type", "actor" or "source") under every filter but its own."""
        return self._answers.get(("facet", facet, flt), lambda: self._facet_counts(flt, facet))

    def _facet_counts(self, flt: Filter, facet: str) -> dict[str, int]:
        others = flt.without({"type": TYPES, "actor": ACTORS, "source": SOURCES}[facet])
        v = self.vocabulary
        if facet == "actor":
            order = v.actors
            if not others.keeps_everything and self.count(others) <= v.total // 2:
                found = self._actor_counts(others)
            else:  # most events kept: count the actors of those left out, from the totals (a small join side)
                fewer = {} if others.keeps_everything else self._actor_counts(others, left_out=True)
                found = {name: n - fewer.get(name, 0) for name, n in v.actor_events.items()}
        elif facet == "source" and len(v.origins) == 1:  # one dataset: its count is the view's
            order, found = v.origins, {v.origins[0]: self.count(others)}
        else:
            order = v.event_types if facet == "type" else v.origins
            found = self._counted(others, "event_type" if facet == "type" else "origin")
        return {name: found[name] for name in order if found.get(name)}

    def origin_counts(self, flt: Filter) -> dict[str, int]:
        """How many events of each dataset ``flt`` keeps (remembered per filter)."""
        return self._answers.get(("origins", flt), lambda: self._counted(flt, "origin"))

    def _counted(self, flt: Filter, column: str) -> dict[str, int]:
        """How many of the events ``flt`` keeps hold each value of ``column``."""
        found = self.ask(("counted", column), flt, lambda kept: kept.group_by(column).agg(n=kept.count()))
        return dict(zip(found.column(column).to_pylist(), found.column("n").to_pylist(), strict=True))

    def _actor_counts(self, flt: Filter, *, left_out: bool = False) -> dict[str, int]:
        """How many of the events ``flt`` keeps (or leaves out) count each actor."""
        everything = flt.keeps_everything and not left_out

        def build(kept: ir.Table) -> ir.Table:
            mentions = self.mentions if everything else self.mentions.semi_join(kept.select("pos"), "pos")
            return mentions.group_by("actor").agg(n=mentions.count())

        found = self.ask(("actors",), flt, build, left_out=left_out)
        return dict(zip(found.column("actor").to_pylist(), found.column("n").to_pylist(), strict=True))

    def all_in_range(self, summary: Summary, x_range) -> bool:
        """Whether every event ``summary`` describes overlaps ``x_range`` (narrowing to it keeps them all)."""
        return x_range is None or not summary.count or (pd.Timestamp(x_range[0]) <= summary.first_end
                                                        and pd.Timestamp(x_range[1]) >= summary.last_start)

    def short_event_days(self, days: int) -> pd.Series:
        """Starts per day (number of days since 1970) of the events lasting under ``days`` days."""
        def build(t: ir.Table) -> ir.Table:
            start = t.date_start.epoch_seconds()
            short = t.filter(t.date_end.epoch_seconds() - start < days * 86_400).mutate(
                day=(start // 86_400).cast("int64"))
            return short.group_by("day").agg(n=short.count())

        found = self.frame(self.ask(("short days", days), EVERYTHING, build)).sort_values("day")
        return pd.Series(found["n"].to_numpy(dtype=np.int64), index=found["day"].to_numpy(dtype=np.int64))

    def weekly(self, flt: Filter) -> pd.DataFrame:
        """What ``flt`` keeps counted per week (Monday it begins on) and dataset: columns week, origin, count."""
        def build(kept: ir.Table) -> ir.Table:
            day = (kept.date_start.epoch_seconds() // 86_400).cast("int64")
            weeks = kept.mutate(monday=day - (day + 3) % 7)  # 1 January 1970 was a Thursday
            return weeks.group_by(["monday", "origin"]).agg(count=weeks.count())

        found = self.frame(self.ask(("weekly",), flt, build)).sort_values(["monday", "origin"]).reset_index(drop=True)
        week = pd.to_datetime(found["monday"].to_numpy(dtype=np.int64), unit="D")
        return pd.DataFrame({"week": week, "origin": found["origin"].astype(str), "count": found["count"].astype(int)})

    # -- the timeline and the map (dashboard.query.counting) ---------------------------------------------

    def timeline_counts(self, flt: Filter, group: str, x_range, *, starts: tuple | None = None) -> TimelineCounts:
        """What ``flt`` keeps counted per bin of its start date and per lane (``counting.timeline_counts``)."""
        return counting.timeline_counts(self, flt, group, x_range, starts=starts)

    def map_cells(self, flt: Filter, within=None, *, summary: Summary | None = None) -> MapCells:
        """The located events ``flt`` keeps in square cells (``counting.map_cells``)."""
        return counting.map_cells(self, flt, within, summary=summary or self.summary(flt))

    def overview(self, flt: Filter) -> MapCells:
        """The map cells of all that ``flt`` keeps, sized to their spread: where the events are, which the
        map's extent is made from (remembered per filter, with the counts the first map is added up from)."""
        return self._overview(flt).cells

    def _overview(self, flt: Filter) -> counting.Overview:
        return self._overviews.get(flt, lambda: counting.overview(self, flt))

    def cells_in(self, flt: Filter, within: tuple[float, float, float, float]) -> MapCells:
        """``map_cells`` of what ``flt`` keeps, sized to ``within``: added up from the view's overview when
        its cells nest in these (no query — the first map of a view), else asked."""
        return counting.cells_in(self, flt, within, self._overview(flt))

    def play_counts(self, flt: Filter, first_day: int, bin_days: int, bins: int, size: float) -> counting.PlayCounts:
        """What ``flt`` keeps counted per map cell and bin of days, for playback (``counting.play_counts``)."""
        return counting.play_counts(self, flt, first_day, bin_days, bins, size)

    # -- rows ------------------------------------------------------------------------------------------

    def rows(self, flt: Filter, limit: int | None = None, columns: Sequence[str] | None = None) -> pd.DataFrame:
        """The events ``flt`` keeps in date order, as ``load_events`` returns them (or only ``columns``, which
        may name the engine's own: ``pos``, ``origin``)."""
        columns = tuple(columns or COLUMN_NAMES)

        def build(kept: ir.Table) -> ir.Table:
            ordered = kept.order_by("pos")
            return (ordered.limit(slot("limit", "int64")) if limit is not None else ordered).select(*columns)

        found = self.ask(("rows", limit is not None, columns), flt, build,
                          {"limit": int(limit)} if limit is not None else None)
        return contract_frame(found)

    def page(self, flt: Filter, key: str | None, descending: bool, start: int, end: int) -> pd.DataFrame:
        """Rows ``start``..``end`` of what ``flt`` keeps, ordered by ``key`` (``rows.page``)."""
        return rows.page(self, flt, key, descending, start, end)

    def chunks_arrow(self, flt: Filter, size: int, columns: Sequence[str] = COLUMN_NAMES) -> Iterator[pa.Table]:
        """The events ``flt`` keeps in date order, ``size`` at a time, as Arrow tables (``rows.chunks_arrow``)."""
        return rows.chunks_arrow(self, flt, size, columns)

    def chunks(self, flt: Filter, size: int) -> Iterator[pd.DataFrame]:
        """``chunks_arrow`` as frames with ``load_events``' types."""
        for chunk in self.chunks_arrow(flt, size):
            yield contract_frame(chunk)

    def events_with_ids(self, event_ids: Sequence[str]) -> pd.DataFrame:
        """The events whose ids are among ``event_ids``, with their ``pos``: one question however many."""
        found = self.ask(("events with ids",), EVERYTHING, lambda kept: kept.filter(
            slot("ids", "array<string>").contains(kept.event_id)).select(*COLUMN_NAMES, "pos"),
            {"ids": list(dict.fromkeys(event_ids))})
        return contract_frame(found)

    def event(self, event_id: str) -> pd.DataFrame:
        """The event with ``event_id`` (zero or one row), with its ``pos``."""
        found = self.ask(("event",), EVERYTHING.with_event(event_id),
                          lambda kept: kept.limit(1).select(*COLUMN_NAMES, "pos"))
        return contract_frame(found)


def _ranked(counts: Mapping[str, int]) -> tuple[str, ...]:
    """Names by count, most first; ties by name."""
    pairs = [(str(k), int(n)) for k, n in counts.items() if isinstance(k, str)]
    return tuple(k for k, _ in sorted(pairs, key=lambda p: (-p[1], p[0])))
