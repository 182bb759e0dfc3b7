#!/usr/bin/env python3
"""Import speed against DuckDB's own CSV reader, in one run, on the same file.

    .venv/bin/python benchmarks/import_speed.py                       # 1,000,000 and 3,000,000 events
    .venv/bin/python benchmarks/import_speed.py --sizes 3000000

For each size (synthetic ACLED files, ``tests/support/synthetic.py``, cached under ``--data-dir``):

- DuckDB alone: a fresh process reads the file with ``read_csv`` (types detected) into a table of a new
  database file, sorted by date — the engine's own speed, the yardstick;
- ``python -m dashboard import FILE --into STORE``: seconds and peak RSS (``wait4``), and the ratio of its
  seconds to DuckDB's (medians of ``--runs``, the two run in turn);
- ``serve --data FILE``: gunicorn from the Procfile with ``DASHBOARD_DATA`` and an empty import cache —
  seconds from start until the page and its layout (with the first figures) have been answered.

Writes ``benchmarks/results-import-speed.json``; quote it with the machine.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.scale import DATA_DIR, machine, write_results  # noqa: E402
from tests.support.server import free_port, start_gunicorn, stop  # noqa: E402

RESULTS = REPO / "benchmarks" / "results-import-speed.json"
DUCKDB_ALONE = """
import sys, duckdb
with duckdb.connect(sys.argv[2]) as con:
    con.execute("CREATE TABLE events AS SELECT * FROM read_csv(?) ORDER BY event_date", [sys.argv[1]])
"""


def timed(command: list[str], env: dict | None = None) -> dict:
    """Run ``command``; its seconds and peak RSS."""
    began = time.monotonic()
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               env={**os.environ, **(env or {})})
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.monotonic() - began
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{command[:3]} failed: {process.stderr.read().decode()[-2000:]}")
    return {"seconds": round(seconds, 2), "peak_rss_mb": round(usage.ru_maxrss / 1024)}


def first_page(data: Path, cache: Path) -> dict:
    """gunicorn from the Procfile serving ``data`` with an empty import cache: seconds to the first page."""
    port = free_port()
    began = time.monotonic()
    server = start_gunicorn(port, workers=2, extra_env={"DASHBOARD_DATA": str(data), "DASHBOARD_IMPORT_CACHE":
                                                        str(cache), "DASHBOARD_CACHE": "none"}, wait_s=600)
    try:
        base = f"http://127.0.0.1:{port}"
        answered = time.monotonic()
        urllib.request.urlopen(f"{base}/", timeout=120).read()
        layout = urllib.request.Request(f"{base}/_dash-layout", headers={"Referer": f"{base}/"})
        urllib.request.urlopen(layout, timeout=120).read()
        done = time.monotonic()
    finally:
        stop(server)
    return {"start_to_first_page_s": round(done - began, 2), "first_page_s": round(done - answered, 2)}


def median_run(runs: list[dict]) -> dict:
    """The run of median seconds, with every run's seconds beside it."""
    middle = sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2]
    return {**middle, "runs_s": [r["seconds"] for r in runs]}


def measure(n: int, data_dir: Path, runs: int) -> dict:
    # written by a process of its own: generated here, the frame's gigabytes would stay resident in this process,
    # and every child forked after it would start with them counted in its peak RSS
    code = "import sys; from pathlib import Path; from tests.support.synthetic import synthetic_file; " \
           "print(synthetic_file(int(sys.argv[1]), Path(sys.argv[2])))"
    data = Path(subprocess.run([sys.executable, "-c", code, str(n), str(data_dir)], cwd=REPO, check=True,
                               capture_output=True, text=True).stdout.strip())
    alone, ours = [], []
    with tempfile.TemporaryDirectory(dir=data_dir) as folder:
        for _ in range(runs):  # the two in turn, so that a busy moment of the machine weighs on both alike
            for store in Path(folder).glob("*.duckdb"):
                store.unlink()
            alone.append(timed([sys.executable, "-c", DUCKDB_ALONE, str(data), str(Path(folder) / "alone.duckdb")]))
            ours.append(timed([sys.executable, "-m", "dashboard", "import", str(data), "--into",
                               str(Path(folder) / "s.duckdb")]))
        served = first_page(data, Path(folder) / "cache")
    alone, ours = median_run(alone), median_run(ours)
    return {"events": n, "csv_mb": round(data.stat().st_size / 2**20), "runs": runs, "duckdb_read_csv_sorted": alone,
            "import": ours, "import_to_duckdb_ratio": round(ours["seconds"] / alone["seconds"], 2), "serve_data": served}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 3_000_000])
    parser.add_argument("--data-dir", type=Path, default=DATA_DIR)
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument("--runs", type=int, default=3, help="runs of each, in turn (the medians are compared)")
    args = parser.parse_args()
    write_results(args.output, {"machine": machine(), "results": [measure(n, args.data_dir, args.runs)
                                                                  for n in args.sizes]})


if __name__ == "__main__":
    main()
