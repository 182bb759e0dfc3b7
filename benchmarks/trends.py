#!/usr/bin/env python3
"""What changed (#25) at scale: the server time and size of the trends table and page on synthetic ACLED data.

    .venv/bin/python benchmarks/trends.py                      # 3,000,000 events
    .venv/bin/python benchmarks/trends.py --sizes 100000

For each size it starts ``python -m dashboard serve --data FILE`` on loopback (figure cache off), then asks
``/export/trends.json``, ``/trends`` (the table, the map and the areas' weeks) and the two charts' embeds for a
set of views, each ``--runs`` times, by area (the synthetic data
names no admin1, so its areas are its countries: the same query) and by actor, and prints p50/p95/max
milliseconds and the largest response as JSON. Quote them with the machine (``nproc``, CPU model).
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.scale import DATA_DIR, start  # noqa: E402
from tests.support.server import stop  # noqa: E402
from tests.support.synthetic import synthetic_file  # noqa: E402

VIEWS = ("by=admin1&as_of=2020-10-09", "by=admin1", "by=country&type=Battles", "by=actor&as_of=2020-10-09",
         "by=type&as_of=2022-09-20", "by=admin1&actor=Azerbaijan&from=2015-01-01")


def timed(base: str, path: str, runs: int) -> tuple[list[float], int]:
    times, size = [], 0
    for _ in range(runs):
        began = time.perf_counter()
        with urllib.request.urlopen(f"{base}{path}", timeout=300) as response:
            size = max(size, len(response.read()))
        times.append((time.perf_counter() - began) * 1000)
    return times, size


def measure(size: int, runs: int) -> dict:
    process, base, startup = start(synthetic_file(size, DATA_DIR), Path(tempfile.gettempdir()) / "dashboard-bench-cache")
    try:
        for query in VIEWS:  # each question's first answer compiles it: not what a reader waits for afterwards
            timed(base, f"/export/trends.json?{query}", 1)
        results = {}
        for door in ("/export/trends.json?", "/trends?", "/embed/trends-map?", "/embed/trends-timeline?"):
            times, largest = [], 0
            for query in VIEWS:
                took, biggest = timed(base, door + query, runs)
                times += took
                largest = max(largest, biggest)
            times.sort()
            results[door.strip("?")] = {"requests": len(times), "p50_ms": round(statistics.median(times), 1),
                                        "p95_ms": round(times[int(0.95 * (len(times) - 1))], 1),
                                        "max_ms": round(times[-1], 1), "largest_kb": round(largest / 1024, 1)}
        return {"events": size, "startup_s": round(startup, 1), **results}
    finally:
        stop(process)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[3_000_000])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    machine = {"cpus": __import__("os").cpu_count(), "cpu": platform.processor() or platform.machine(),
               "python": platform.python_version()}
    print(json.dumps({"machine": machine, "sizes": [measure(n, args.runs) for n in args.sizes]}, indent=2))


if __name__ == "__main__":
    main()
