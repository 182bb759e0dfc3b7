#!/usr/bin/env python3
"""The query engine at 1, 3 and 10 million events: import, restart, memory per worker, callback times.

    .venv/bin/python benchmarks/engine.py --sizes 1000000 3000000

For each size (synthetic ACLED data, ``tests/support/synthetic.py``, cached under ``--data-dir``):

- first import: ``python -m dashboard import FILE --into STORE`` — seconds and the peak RSS of that
  process (``wait4``'s ``ru_maxrss``);
- restart to first page: gunicorn from the Procfile serving the store (``DASHBOARD_STORE``, 2 workers,
  figure cache off) — seconds from the start until ``/`` answers 200 with its figures;
- the page's URL-driven callbacks over ``scale.FILTERS`` (p50/p95, largest response) and the map
  re-binned at three zooms, as ``benchmarks/scale.py`` measures them, after each worker has drawn one
  other view (its first loads the basemap);
- RSS and PSS of each worker after that mixed run (``/proc/PID/status``, ``smaps_rollup``), and with ``--workers4``
  the total PSS of four workers after the same run.

Writes ``benchmarks/results-engine.json``; quote it with the machine.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.import_speed import timed  # noqa: E402
from benchmarks.scale import DATA_DIR, machine, time_callbacks, time_map_zooms, write_results  # noqa: E402
from tests.support.server import free_port, pss_mb, rss_mb, start_gunicorn, stop, workers_of  # noqa: E402
from tests.support.synthetic import synthetic_file  # noqa: E402

RESULTS = REPO / "benchmarks" / "results-engine.json"
#: A view outside ``scale.FILTERS`` that each worker draws once before the timed run.
WARM_UP = ("?type=Riots&from=2010-01-01",)


def import_store(data: Path, store: Path) -> dict:
    """Run ``import`` and report its seconds, peak RSS and the store's size."""
    store.unlink(missing_ok=True)
    made = timed([sys.executable, "-m", "dashboard", "import", str(data), "--into", str(store)])
    return {**made, "store_mb": round(store.stat().st_size / 2**20)}


def memory(pid: int) -> dict:
    """RSS and PSS of one process, MB."""
    return {"rss": round(rss_mb(pid)), "pss": round(pss_mb(pid))}


def serve(store: Path, workers: int) -> tuple[subprocess.Popen, str, float]:
    port = free_port()
    began = time.monotonic()
    process = start_gunicorn(port, workers=workers, extra_env={"DASHBOARD_STORE": str(store),
                                                               "DASHBOARD_CACHE": "none"})
    base = f"http://127.0.0.1:{port}"
    with urllib.request.urlopen(f"{base}/", timeout=60) as response:
        assert response.status == 200
        response.read()
    return process, base, time.monotonic() - began


def measure(n: int, data_dir: Path, workers4: bool) -> dict:
    data = synthetic_file(n, data_dir)
    store = data_dir / f"store-{n}.duckdb"
    result = {"events": n, "import": import_store(data, store)}
    process, base, first_page = serve(store, workers=2)
    try:
        result["restart_to_first_page_s"] = round(first_page, 2)
        for _ in range(2):  # each worker's first view loads the basemap and warms the file cache: not timed
            time_callbacks(base, WARM_UP)
        result["callbacks"] = time_callbacks(base)
        result["map_zooms"] = time_map_zooms(base)
        result["workers"] = [memory(pid) for pid in workers_of(process.pid)]
    finally:
        stop(process)
    if workers4:
        process, base, _ = serve(store, workers=4)
        try:
            time_callbacks(base)
            each = [memory(pid) for pid in workers_of(process.pid)]
            result["four_workers"] = {"each": each, "total_pss_mb": sum(m["pss"] for m in each)}
        finally:
            stop(process)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 3_000_000, 10_000_000])
    parser.add_argument("--data-dir", type=Path, default=DATA_DIR)
    parser.add_argument("--workers4", action="store_true", help="also measure four workers' total PSS")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()
    write_results(args.output, {"machine": machine(),
                                "results": [measure(n, args.data_dir, args.workers4) for n in args.sizes]})


if __name__ == "__main__":
    main()
