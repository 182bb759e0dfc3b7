#!/usr/bin/env python3
"""Report routes at a million events: every chart route and a full download, timed and weighed.

    .venv/bin/python benchmarks/report_routes.py                  # 1,000,000 events
    .venv/bin/python benchmarks/report_routes.py --events 100000

Writes the synthetic ACLED file (``tests/support/synthetic.py``, cached under
``--data-dir``), starts ``python -m dashboard serve --data FILE`` on loopback
with the figure cache off, and measures, for the unfiltered view and for
``?type=Riots`` (about 170,000 events at a million):

- every chart route — ``/embed/{timeline,map}``,
  ``/export/{timeline,map}.{png,svg,html}`` at their default sizes, and the one-page
  report ``/export/report.pdf`` — as the
  median of ``--repeats`` requests: server time (request to last byte, on
  loopback), body size, and the bytes sent to a client that accepts gzip;
- full downloads — ``/export/events.csv`` and ``.json`` of every event —:
  time to the first byte, total time, size, and the server's resident memory
  before, at its peak during, and after the download (sampled every 20 ms).

Prints JSON (and writes it to ``--out``); quote the medians with the machine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.scale import DATA_DIR, machine, start, write_results  # noqa: E402
from tests.support.server import rss_mb, stop  # noqa: E402
from tests.support.synthetic import synthetic_file  # noqa: E402

CHART_ROUTES = ("/embed/timeline", "/embed/map", "/export/timeline.png", "/export/timeline.svg",
                "/export/timeline.html", "/export/map.png", "/export/map.svg", "/export/map.html",
                "/export/report.pdf")
VIEWS = ("", "?type=Riots")
DOWNLOADS = ("/export/events.csv", "/export/events.json")


def fetch(url: str, compressed: bool = False) -> tuple[float, float, int]:
    """(seconds to the first byte, seconds to the last, bytes received) of one GET, read in chunks;
    ``compressed`` asks for gzip as a browser does (the bytes are then those on the wire)."""
    began = time.perf_counter()
    size = 0
    first = None
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if compressed else {})
    with urllib.request.urlopen(request, timeout=600) as response:
        while True:
            chunk = response.read(1 << 16)
            if first is None:
                first = time.perf_counter() - began
            if not chunk:
                break
            size += len(chunk)
    return first or 0.0, time.perf_counter() - began, size


def chart_routes(base: str, repeats: int) -> list[dict]:
    rows = []
    for view in VIEWS:
        for route in CHART_ROUTES:
            fetch(base + route + view)  # the first image starts the renderer's browser: not a fair sample
            runs = [fetch(base + route + view) for _ in range(repeats)]
            wire = fetch(base + route + view, compressed=True)[2]
            rows.append({"route": route + view, "server_s": round(statistics.median(r[1] for r in runs), 3),
                         "kb": round(statistics.median(r[2] for r in runs) / 1024, 1),
                         "transferred_kb": round(wire / 1024, 1)})
    return rows


def download(base: str, route: str, pid: int) -> dict:
    peak = [rss_mb(pid)]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], rss_mb(pid))
            time.sleep(0.02)

    before = rss_mb(pid)
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    first, total, size = fetch(base + route)
    done.set()
    sampler.join()
    return {"route": route, "first_byte_s": round(first, 3), "total_s": round(total, 1), "mb": round(size / 1e6, 1),
            "rss_before_mb": round(before), "rss_peak_mb": round(peak[0]), "rss_after_mb": round(rss_mb(pid)),
            "rss_growth_mb": round(peak[0] - before)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--data-dir", type=Path, default=DATA_DIR)
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results-report-routes.json")
    args = parser.parse_args()
    data = synthetic_file(args.events, args.data_dir)
    cache = Path(tempfile.mkdtemp(prefix="dashboard-import-cache-"))
    process, base, _ = start(data, cache)
    try:
        result = {"machine": machine(),
                  "events": args.events, "repeats": args.repeats,
                  "chart_routes": chart_routes(base, args.repeats),
                  "downloads": [download(base, route, process.pid) for route in DOWNLOADS]}
    finally:
        stop(process)
    write_results(args.out, result)


if __name__ == "__main__":
    main()
