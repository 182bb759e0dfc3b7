#!/usr/bin/env python3
"""Scale benchmark: the dashboard on 10k, 100k and 1M synthetic ACLED events.

    .venv/bin/python benchmarks/scale.py                 # 10k, 100k, 1M
    .venv/bin/python benchmarks/scale.py --sizes 10000   # one size

For each size it writes the data (``tests/support/synthetic.py``, cached under
``--data-dir``), starts ``python -m dashboard serve --data FILE`` on loopback
and measures:

- startup: seconds until /health answers — cold (parsing the CSV) and warm
  (the Parquet copy made by the first start);
- resident memory (VmRSS) of the server process after start and after the
  callbacks below;
- the server time of the page's filter callbacks (every callback that redraws
  the page from the URL: count and details, timeline, map, actor list) for a
  set of filters, as p50/p95 over all of them with the figure cache off, and
  the largest response;
- the naive approach — every filtered event drawn as its own mark and sent to
  the browser — built in-process for one filter, as size and time ratios.

Prints JSON; quote the medians with the machine (``nproc``, CPU model).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.support.server import free_port, rss_mb, stop, wait_for_answer  # noqa: E402
from tests.support.synthetic import synthetic_file  # noqa: E402
from tests.support.traffic import callback_payload, output_names, url_callbacks  # noqa: E402

FILTERS = ("?type=Battles", "?actor=Militia+100", "?from=2020-01-01&to=2020-12-31",
           "?type=Protests&actor=Azerbaijan&from=2015-01-01", "?actor=Azerbaijan", "?q=village",
           "?type=Riots&group=actor", "?country=x&type=Violence+against+civilians", "")
NAIVE_FILTER = "?type=Battles"
#: Where the benchmarks keep the synthetic files and stores they make, for the next run to reuse.
DATA_DIR = Path(tempfile.gettempdir()) / "dashboard-bench"


def start(data: Path, cache: Path) -> tuple[subprocess.Popen, str, float]:
    """``python -m dashboard serve --data DATA`` on a free loopback port with the import cache in ``cache`` and
    the figure cache off: its process, its address and the seconds until /health answered."""
    port = free_port()
    env = {**os.environ, "DASHBOARD_IMPORT_CACHE": str(cache), "DASHBOARD_CACHE": "none"}
    began = time.monotonic()
    log = Path(tempfile.gettempdir()) / "dashboard-bench-server.log"
    with log.open("ab") as out:
        process = subprocess.Popen([sys.executable, "-m", "dashboard", "serve", "--data", str(data), "--port",
                                    str(port)], cwd=REPO, env=env, stdout=out, stderr=out, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    wait_for_answer(process, f"{base}/health", 300, "the dashboard", log)
    return process, base, time.monotonic() - began


def time_callbacks(base: str, filters: tuple[str, ...] = FILTERS) -> dict:
    """Every URL-driven callback of the page for each of ``filters``, timed."""
    dependencies = url_callbacks(json.load(urllib.request.urlopen(f"{base}/_dash-dependencies", timeout=60)))
    return _timed_callbacks(base, [(f"{query} {d['output'][:60]}", callback_payload(d, query))
                                   for query in filters for d in dependencies])


#: Map zooms (Plotly's geo scale and centre) the map is re-binned for, on every view of FILTERS.
MAP_ZOOMS = ({"scale": 2, "lon": 46.0, "lat": 40.3}, {"scale": 8, "lon": 45.0, "lat": 40.2},
             {"scale": 32, "lon": 44.8, "lat": 40.2})


def time_map_zooms(base: str) -> dict:
    """The map's render callback with the reader zoomed in: cells re-made for the visible map."""
    dependencies = url_callbacks(json.load(urllib.request.urlopen(f"{base}/_dash-dependencies", timeout=60)))
    render = next(d for d in dependencies if "map.figure" in output_names(d["output"]))
    asked = []
    for query in FILTERS:
        for zoom in MAP_ZOOMS:
            payload = callback_payload(render, query)
            for item in payload["inputs"]:
                if item["id"] == {"chart": "map", "type": "chart-zoom"}:
                    item["value"] = zoom
            asked.append((f"{query} map at {zoom}", payload))
    return _timed_callbacks(base, asked)


def _timed_callbacks(base: str, asked: list[tuple[str, dict]]) -> dict:
    """Each (name, payload) of ``asked`` posted to the page's callback endpoint in turn, read whole: how many,
    p50/p95/max milliseconds and the largest response. An error answer stops the run, named."""
    timings, sizes = [], []
    for name, payload in asked:
        request = urllib.request.Request(f"{base}/_dash-update-component", data=json.dumps(payload).encode(),
                                         headers={"Content-Type": "application/json"})
        began = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                sizes.append(len(response.read()))
        except urllib.error.HTTPError as error:
            raise RuntimeError(f"{name}: {error.code} {error.read()[:300]!r}") from None
        timings.append((time.perf_counter() - began) * 1000)
    timings.sort()
    return {"callbacks": len(timings), "p50_ms": round(statistics.median(timings), 1),
            "p95_ms": round(timings[int(0.95 * (len(timings) - 1))], 1), "max_ms": round(timings[-1], 1),
            "largest_response_kb": round(max(sizes) / 1024, 1)}


def naive(data: Path) -> dict:
    """NAIVE_FILTER's events sent to the browser one by one: a timeline and a map marker per event,
    each carrying its id and title, as a page without aggregation or paging would send them."""
    import plotly.graph_objects as go

    from dashboard.query.dataset import load_dataset
    from dashboard.query.view import resolve_view

    dataset = load_dataset([data], cache_dir=None)
    view = resolve_view(dataset, NAIVE_FILTER)
    began = time.perf_counter()
    events = view.events
    custom = list(zip(events["event_id"].tolist(), events["title"].astype("str").tolist(), strict=True))
    timeline = go.Figure(go.Scattergl(x=events["date_start"], y=events["event_type"].astype("str"), mode="markers",
                                      customdata=custom))
    world = go.Figure(go.Scattergeo(lat=events["latitude"], lon=events["longitude"], mode="markers",
                                    customdata=custom))
    size = len(timeline.to_json()) + len(world.to_json())
    return {"events": view.count, "ms": round((time.perf_counter() - began) * 1000), "kb": round(size / 1024)}


def ours(base: str) -> dict:
    dependencies = url_callbacks(json.load(urllib.request.urlopen(f"{base}/_dash-dependencies", timeout=60)))
    began, size = time.perf_counter(), 0
    for dependency in dependencies:
        if {"timeline.figure", "map.figure"} & set(output_names(dependency["output"])):
            body = json.dumps(callback_payload(dependency, NAIVE_FILTER)).encode()
            request = urllib.request.Request(f"{base}/_dash-update-component", data=body,
                                             headers={"Content-Type": "application/json"})
            size += len(urllib.request.urlopen(request, timeout=120).read())
    return {"ms": round((time.perf_counter() - began) * 1000), "kb": round(size / 1024)}


def measure(n: int, data_dir: Path, with_naive: bool) -> dict:
    data = synthetic_file(n, data_dir)
    cache = Path(tempfile.mkdtemp(prefix="dashboard-import-cache-"))
    process = None
    try:
        result = {"events": n, "file_mb": round(data.stat().st_size / 1e6)}
        process, base, cold = start(data, cache)
        result["startup_cold_s"] = round(cold, 1)
        result["rss_after_start_mb"] = round(rss_mb(process.pid))
        result["filter_callbacks"] = time_callbacks(base)
        result["map_zoom_callbacks"] = time_map_zooms(base)
        result["rss_after_callbacks_mb"] = round(rss_mb(process.pid))
        mine = ours(base)
        stop(process)
        process, base, warm = start(data, cache)
        result["startup_warm_s"] = round(warm, 1)
        stop(process)
        process = None
        if with_naive:
            theirs = naive(data)
            result["naive_vs_ours"] = {"filter": NAIVE_FILTER, "naive": theirs, "ours": mine,
                                       "size_ratio": round(theirs["kb"] / max(mine["kb"], 1), 1),
                                       "time_ratio": round(theirs["ms"] / max(mine["ms"], 1), 1)}
        return result
    finally:
        if process is not None:
            stop(process)
        shutil.rmtree(cache, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--data-dir", type=Path, default=DATA_DIR)
    parser.add_argument("--no-naive", action="store_true", help="skip the naive comparison")
    args = parser.parse_args()
    results = [measure(n, args.data_dir, not args.no_naive) for n in args.sizes]
    print(json.dumps({"machine": machine(), "results": results}, indent=2))


def machine() -> dict:
    """What a result was measured on, recorded beside it."""
    return {"cpus": os.cpu_count(), "cpu": _cpu(), "python": platform.python_version()}


def write_results(path: Path, result: dict) -> None:
    """Print a benchmark's result as JSON and keep it in ``path``."""
    text = json.dumps(result, indent=2)
    path.write_text(text + "\n")
    print(text)


def _cpu() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor()


if __name__ == "__main__":
    main()
