#!/usr/bin/env python3
"""Small requests against ``/health`` on the same server, in one run: the cost a reader pays per request.

    .venv/bin/python benchmarks/small_requests.py                 # bundled data, 20 connections, 8 s each
    .venv/bin/python benchmarks/small_requests.py --seconds 15 --connections 50

Starts gunicorn exactly as the Procfile does (2 workers, loopback, bundled 19 events, figure cache as
configured by default) and drives each URL alone with ``wrk -t2 -cN``: ``/health`` (the yardstick: what
the server costs with no work at all), a 5-row CSV and JSON export, the timeline and map embeds of the
same view, and two of the page's own callbacks for it (the count/details/facets callback and the
timeline's). Each URL's requests/s divided by ``/health``'s in the same run is the ratio the issue's
targets are stated in; beside it, the workers' CPU time per request (from ``/proc``), whose ratio to
``/health``'s does not depend on how the kernel shares the two cores between wrk and the workers. Then, in this process, the p50 of one 5-row CSV and JSON export (the export
function alone, the engine warm). The served part is ``tests.support.load.small_requests``, which the
production tests also run, for a second a URL.

Writes ``benchmarks/results-small-requests.json``; quote it with the machine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.scale import machine, write_results  # noqa: E402
from tests.support.load import SMALL_VIEW, small_requests  # noqa: E402

RESULTS = REPO / "benchmarks" / "results-small-requests.json"
#: Rounds over every URL; each URL's median round is reported (and its errors summed over all rounds).
ROUNDS = 5


def in_process(repeat: int = 200) -> dict:
    """p50 and p95 (ms) of one 5-row export, the export function alone, in this process."""
    from dashboard.query.dataset import load_dataset
    from dashboard.output.exports import export
    from dashboard.query.view import resolve_view

    dataset = load_dataset()
    result = {}
    for fmt in ("csv", "json"):
        def once() -> bytes:
            made = export(dataset, resolve_view(dataset, SMALL_VIEW[1:]), "events", fmt)
            return made.content if isinstance(made.content, bytes) else b"".join(made.content)

        once()
        times = []
        for _ in range(repeat):
            began = time.perf_counter()
            once()
            times.append((time.perf_counter() - began) * 1000)
        times.sort()
        result[fmt] = {"p50_ms": round(statistics.median(times), 2), "p95_ms": round(times[int(repeat * 0.95)], 2)}
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=8)
    args = parser.parse_args()
    result = {"machine": machine(), "view": SMALL_VIEW, "connections": args.connections, "seconds": args.seconds,
              "served": small_requests(args.connections, args.seconds, ROUNDS), "in_process_5_rows": in_process()}
    write_results(RESULTS, result)


if __name__ == "__main__":
    main()
