#!/usr/bin/env python3
"""Spark in local mode against embedded DuckDB at a million events: the same answers, and how long each
question of a page takes on each.

    .venv/bin/python benchmarks/spark.py --events 1000000

Imports the synthetic file into a store (``tests/support/synthetic.py``; reused if present), writes its
tables as Parquet (``import --parquet``), starts Spark (``local[*]``, Java from Debian's packages) with
those files as its tables, and for every view of ``scale.FILTERS`` asks both engines the questions a
page asks — the count, the three facet counts, the timeline's counts, the map's cells, the first table
page — checking that the answers are equal and timing each (medians over ``--repeat`` runs; Spark's first
query, which starts its JVM work, is reported apart). Writes ``benchmarks/results-spark.json``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.scale import DATA_DIR, FILTERS, machine, write_results  # noqa: E402
from tests.support.synthetic import synthetic_file  # noqa: E402

RESULTS = REPO / "benchmarks" / "results-spark.json"


def questions(engine, state) -> dict:
    """The answers a page needs for ``state``, each as a function of no arguments (asked afresh: the engine
    remembers small answers per filter, which would hide the engines' own times)."""
    flt = state.filter

    def afresh(ask):
        def asked():
            engine.forget()
            return ask()
        return asked

    return {name: afresh(ask) for name, ask in {
        "count": lambda: engine.count(flt),
        "facet type": lambda: engine.facet_counts(flt, "type"),
        "facet actor": lambda: engine.facet_counts(flt, "actor"),
        "facet source": lambda: engine.facet_counts(flt, "source"),
        "timeline counts": lambda: engine.timeline_counts(flt, "type", None),
        "map cells": lambda: engine.map_cells(flt),
        "table page": lambda: list(engine.page(flt, "title", False, 0, 100)["event_id"]),
    }.items()}


def same(a, b) -> bool:
    if hasattr(a, "counts"):
        return a.lanes == b.lanes and np.array_equal(a.counts, b.counts) and a.starts.equals(b.starts)
    if hasattr(a, "main_type"):
        return (np.array_equal(a.count, b.count) and a.main_type == b.main_type and a.types == b.types
                and np.allclose(a.latitude, b.latitude) and np.allclose(a.fatalities, b.fatalities))
    return a == b


def timed(function, repeat: int) -> tuple[object, float]:
    answer, times = None, []
    for _ in range(repeat):
        began = time.perf_counter()
        answer = function()
        times.append((time.perf_counter() - began) * 1000)
    return answer, statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--data-dir", type=Path, default=DATA_DIR)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()

    import ibis
    from pyspark.sql import SparkSession

    from dashboard.data.store import write_parquet
    from dashboard.data.streaming import import_into_store
    from dashboard.query.dataset import load_dataset
    from dashboard.query import TABLES, Engine
    from dashboard.query.view import resolve_view

    store = args.data_dir / f"store-{args.events}.duckdb"
    if not store.is_file():
        import_into_store([synthetic_file(args.events, args.data_dir)], store)
    folder = Path(tempfile.mkdtemp(prefix="spark-tables-"))
    write_parquet(store, folder)  # before the engine opens the file (one configuration per file and process)
    dataset = load_dataset(store=store, threads=2)
    began = time.perf_counter()
    session = (SparkSession.builder.master("local[*]").appName("dashboard-benchmark")
               .config("spark.sql.warehouse.dir", str(folder / "warehouse"))
               .config("spark.sql.session.timeZone", "UTC").config("spark.ui.enabled", "false")
               .config("spark.driver.memory", "2g").getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    for table in TABLES:
        session.read.parquet(str(folder / f"{table}.parquet")).createOrReplaceTempView(table)
    spark = Engine(ibis.pyspark.connect(session), registry=dataset.registry)
    first_answer_s = time.perf_counter() - began

    rows, unequal = [], []
    for query in FILTERS:
        state = resolve_view(dataset, query).state
        ours, theirs = questions(dataset.engine, state), questions(spark, state)
        for name in ours:
            a, duck_ms = timed(ours[name], args.repeat)
            b, spark_ms = timed(theirs[name], args.repeat)
            if not same(a, b):
                unequal.append(f"{query} {name}")
            rows.append({"view": query, "question": name, "duckdb_ms": round(duck_ms, 1),
                         "spark_ms": round(spark_ms, 1)})
    session.stop()

    def summary(key: str) -> dict:
        values = sorted(r[key] for r in rows)
        return {"p50_ms": round(statistics.median(values), 1), "p95_ms": values[int(0.95 * (len(values) - 1))],
                "max_ms": values[-1]}

    write_results(args.output, {"machine": machine(), "events": args.events, "questions": len(rows),
                                "all_equal": not unequal, "unequal": unequal,
                                "spark_start_to_first_answer_s": round(first_answer_s, 1),
                                "duckdb": summary("duckdb_ms"), "spark": summary("spark_ms"), "rows": rows})


if __name__ == "__main__":
    main()
