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
function alone, the engine warm).

Writes ``benchmarks/results-small-requests.json``; quote it with the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.load_test import free_port, start_gunicorn, stop, workers_of  # noqa: E402
from benchmarks.scale import machine, write_results  # noqa: E402
from benchmarks.traffic import callback_payload, url_callbacks  # noqa: E402

RESULTS = REPO / "benchmarks" / "results-small-requests.json"
VIEW = "?type=talks"
#: Rounds over every URL; each URL's median round is reported (and its errors summed over all rounds).
ROUNDS = 5
#: The page's callbacks measured, by the first output they write.
CALLBACKS = {"count and details": "event-count.children", "timeline": "timeline.figure"}

LUA = """
wrk.method = %s
wrk.body = %s
wrk.headers["Content-Type"] = "application/json"
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRK {"requests": %%d, "non_2xx": %%d, "socket_errors": %%d, "timeouts": %%d, '
    .. '"duration_s": %%.2f, "p50_ms": %%.2f, "p99_ms": %%.2f}\\n', summary.requests, e.status,
    e.connect + e.read + e.write, e.timeout, summary.duration / 1e6, latency:percentile(50) / 1e3,
    latency:percentile(99) / 1e3))
end
"""


def wrk(base: str, path: str, *, connections: int, seconds: int, body: str | None = None) -> dict:
    """One wrk run against one URL (a POST when ``body`` is given)."""
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "one.lua"
        quote = lambda text: "[==[" + text + "]==]"  # noqa: E731
        script.write_text(LUA % (quote("POST" if body else "GET"), quote(body) if body else "nil"))
        out = subprocess.run(["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--timeout", "10s",
                              "-s", str(script), base + path], capture_output=True, text=True, check=True).stdout
    found = json.loads(next(line for line in out.splitlines() if line.startswith("WRK "))[4:])
    found["requests_per_s"] = round(found["requests"] / found["duration_s"], 1)
    found["errors"] = found["non_2xx"] + found["socket_errors"] + found["timeouts"]
    return found


def workers_cpu_s(master: int) -> float:
    """CPU seconds (user and system) the server's workers have used so far."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in workers_of(master):
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / ticks


def callback_bodies(base: str) -> dict[str, str]:
    """The page's POST bodies for ``CALLBACKS`` at ``VIEW``."""
    dependencies = url_callbacks(json.load(urllib.request.urlopen(f"{base}/_dash-dependencies", timeout=30)))
    bodies = {}
    for name, output in CALLBACKS.items():
        dependency = next(d for d in dependencies if d["output"].strip(".").startswith(output))
        bodies[name] = json.dumps(callback_payload(dependency, VIEW))
    return bodies


def served(connections: int, seconds: int, rounds: int = ROUNDS) -> dict:
    """Requests/s of each URL and its ratio to /health's, one server, one run."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_gunicorn(port, 2)
    try:
        targets = {"health": ("/health", None), "csv export, 5 rows": (f"/export/events.csv{VIEW}", None),
                   "json export, 5 rows": (f"/export/events.json{VIEW}", None),
                   "timeline embed": (f"/embed/timeline{VIEW}", None), "map embed": (f"/embed/map{VIEW}", None)}
        targets |= {f"callback: {name}": ("/_dash-update-component", body)
                    for name, body in callback_bodies(base).items()}
        for path, body in targets.values():  # each worker warm for each URL: the run measures steady state
            for _ in range(4):
                request = urllib.request.Request(base + path, data=body.encode() if body else None,
                                                 headers={"Content-Type": "application/json"})
                urllib.request.urlopen(request, timeout=30).read()
        def measured(path: str, body: str | None) -> dict:
            before = workers_cpu_s(server.pid)
            found = wrk(base, path, connections=connections, seconds=seconds, body=body)
            found["worker_cpu_ms_per_request"] = round((workers_cpu_s(server.pid) - before) * 1000
                                                       / max(found["requests"], 1), 3)
            return found

        rounds = [{name: measured(path, body) for name, (path, body) in targets.items()} for _ in range(rounds)]
    finally:
        stop(server)
    runs = {}
    for name in targets:  # the median round of each URL: which worker takes the connections varies run to run
        found = sorted((r[name] for r in rounds), key=lambda r: r["requests_per_s"])[len(rounds) // 2]
        runs[name] = {**found, "errors": sum(r[name]["errors"] for r in rounds),
                      "requests_per_s_each_round": [r[name]["requests_per_s"] for r in rounds],
                      "worker_cpu_ms_per_request": statistics.median(r[name]["worker_cpu_ms_per_request"]
                                                                     for r in rounds)}
    health = runs["health"]
    for found in runs.values():
        found["ratio_to_health"] = round(found["requests_per_s"] / health["requests_per_s"], 3)
        found["cpu_ratio_to_health"] = round(health["worker_cpu_ms_per_request"]
                                             / found["worker_cpu_ms_per_request"], 3)
    return runs


def in_process(repeat: int = 200) -> dict:
    """p50 and p95 (ms) of one 5-row export, the export function alone, in this process."""
    from dashboard.query.dataset import load_dataset
    from dashboard.output.exports import export
    from dashboard.query.view import resolve_view

    dataset = load_dataset()
    result = {}
    for fmt in ("csv", "json"):
        def once() -> bytes:
            made = export(dataset, resolve_view(dataset, VIEW[1:]), "events", fmt)
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
    result = {"machine": machine(), "view": VIEW, "connections": args.connections, "seconds": args.seconds,
              "served": served(args.connections, args.seconds), "in_process_5_rows": in_process()}
    write_results(RESULTS, result)


if __name__ == "__main__":
    main()
