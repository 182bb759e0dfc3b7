"""Clients that load the server: wrk replaying a reader's mix, wrk on one URL at a time, readers that stop
reading. Shared by the production tests (short runs, zero errors asked) and the benchmarks (long runs,
numbers kept)."""

from __future__ import annotations

import json
import os
import signal
import socket
import statistics
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.support.server import procfile_server, workers_of
from tests.support.traffic import QUERIES, callback_payload, url_callbacks

#: The view of the small requests: five events of the bundled data.
SMALL_VIEW = "?type=talks"
#: The page's callbacks measured as small requests, by the first output they write.
SMALL_CALLBACKS = {"count and details": "event-count.children", "timeline": "timeline.figure"}

MIX_LUA = """
local requests = {%s}
local counter = 0
local threads = {}
shed = 0
setup = function(thread)
  table.insert(threads, thread)
end
request = function()
  counter = counter + 1
  local r = requests[(counter %% #requests) + 1]
  local headers = {["Accept-Encoding"] = "gzip"}
  if r[1] == "POST" then headers["Content-Type"] = "application/json" end
  local body = nil
  if r[3] ~= "" then body = r[3] end
  return wrk.format(r[1], r[2], headers, body)
end
response = function(status, headers, body)
  if status == 503 and headers["Retry-After"] then shed = shed + 1 end
end
done = function(summary, latency, requests)
  local e = summary.errors
  local turned_away = 0
  for _, thread in ipairs(threads) do turned_away = turned_away + thread:get("shed") end
  io.write(string.format('WRK {"requests": %%d, "status_errors": %%d, "shed": %%d, "socket_errors": %%d, '
    .. '"duration_s": %%.2f, "p50_ms": %%.1f, "p95_ms": %%.1f, "p99_ms": %%.1f, "max_ms": %%.1f}\\n',
    summary.requests, e.status - turned_away, turned_away, e.connect + e.read + e.write + e.timeout,
    summary.duration / 1e6, latency:percentile(50) / 1e3, latency:percentile(95) / 1e3,
    latency:percentile(99) / 1e3, latency.max / 1e3))
end
"""
ONE_URL_LUA = """
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


def _lua_string(text: str) -> str:
    return "[==[" + text + "]==]"


@contextmanager
def _wrk(url: str, script: str, *, connections: int, seconds: int, timeout_s: int) -> Iterator[subprocess.Popen]:
    """wrk (2 threads) running ``script`` against ``url``; read its summary with ``_summary`` once it is done (it
    is killed if the block is left before)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "script.lua"
        path.write_text(script)
        wrk = subprocess.Popen(["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--timeout",
                                f"{timeout_s}s", "-s", str(path), url], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
        try:
            yield wrk
        finally:
            if wrk.poll() is None:
                wrk.kill()
                wrk.communicate()


def _summary(wrk: subprocess.Popen, seconds: int) -> dict:
    """The JSON the script's ``done`` printed after ``WRK ``, with requests/s added."""
    out, err = wrk.communicate(timeout=seconds + 120)
    line = next((line for line in out.splitlines() if line.startswith("WRK ")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no summary: {out[-2000:]} {err[-2000:]}")
    found = json.loads(line[4:])
    found["requests_per_s"] = round(found["requests"] / found["duration_s"], 1)
    return found


def request_mix(base: str) -> list[tuple[str, str, str]]:
    """(method, path, body) of one round of reader traffic, weighted by repetition."""
    dependencies = url_callbacks(json.load(urllib.request.urlopen(f"{base}/_dash-dependencies", timeout=30)))
    mix: list[tuple[str, str, str]] = []
    for query in QUERIES:
        mix += [("GET", f"/{query}", ""), ("GET", "/_dash-layout", ""), ("GET", "/_dash-dependencies", "")]
        mix += [("POST", "/_dash-update-component", json.dumps(callback_payload(d, query)))
                for d in dependencies] * 3
        mix += [("GET", f"/export/events.csv{query}", ""), ("GET", f"/export/events.json{query}", ""),
                ("GET", f"/embed/map{query}", ""), ("GET", f"/embed/timeline{query}", "")]
    mix += [("GET", f"/export/timeline.svg{q}", "") for q in QUERIES[:3]]
    mix += [("GET", f"/export/map.png{q}", "") for q in QUERIES[:2]]
    mix += [("GET", "/export/timeline.html?type=talks", "")]
    return mix


def run(users: int, seconds: int, kill_worker_after: float | None = None, workers: int = 2) -> dict:
    """One load run: gunicorn from the Procfile with ``workers`` workers, ``users`` wrk clients replaying
    ``request_mix`` for ``seconds`` with no think time (and one worker SIGKILLed ``kill_worker_after`` seconds
    in). Returns wrk's summary: requests, errors (non-2xx answers and socket errors), shed (503 with
    Retry-After), requests/s, latency percentiles in ms, and whether gunicorn replaced the killed worker."""
    with procfile_server(workers) as (base, server):
        mix = request_mix(base)
        script = MIX_LUA % ",".join("{%s,%s,%s}" % tuple(map(_lua_string, request)) for request in mix)
        with _wrk(base, script, connections=users, seconds=seconds, timeout_s=30) as wrk:
            replaced = None
            if kill_worker_after is not None:
                time.sleep(kill_worker_after)
                before = workers_of(server.pid)
                os.kill(before[0], signal.SIGKILL)
                time.sleep(5)
                after = workers_of(server.pid)
                replaced = {"killed": before[0], "workers_before": len(before), "workers_after": len(after),
                            "replaced": len(after) == len(before) and before[0] not in after}
            summary = _summary(wrk, seconds)
    summary["errors"] = summary["status_errors"] + summary["socket_errors"]
    summary.update({"clients": users, "seconds": seconds, "workers": workers, "distinct_requests": len(mix)})
    if replaced is not None:
        summary["worker_kill"] = replaced
    return summary


def one_url(base: str, path: str, *, connections: int, seconds: int, body: str | None = None) -> dict:
    """One wrk run against one URL (a POST when ``body`` is given): requests, errors, requests/s, p50/p99."""
    script = ONE_URL_LUA % (_lua_string("POST" if body else "GET"), _lua_string(body) if body else "nil")
    with _wrk(base + path, script, connections=connections, seconds=seconds, timeout_s=10) as wrk:
        found = _summary(wrk, seconds)
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


def small_callback_bodies(base: str) -> dict[str, str]:
    """The page's POST bodies for ``SMALL_CALLBACKS`` at ``SMALL_VIEW``."""
    dependencies = url_callbacks(json.load(urllib.request.urlopen(f"{base}/_dash-dependencies", timeout=30)))
    bodies = {}
    for name, output in SMALL_CALLBACKS.items():
        dependency = next(d for d in dependencies if d["output"].strip(".").startswith(output))
        bodies[name] = json.dumps(callback_payload(dependency, SMALL_VIEW))
    return bodies


def small_requests(connections: int, seconds: int, rounds: int) -> dict:
    """Each small request of ``SMALL_VIEW`` (/health, 5-row exports, embeds, two of the page's callbacks) driven
    alone by wrk for ``seconds`` with ``connections``, ``rounds`` times, on one gunicorn from the Procfile: each
    URL's median round (requests/s, errors summed over the rounds, workers' CPU per request) and its ratios
    to /health's."""
    with procfile_server(workers=2) as (base, server):
        targets = {"health": ("/health", None), "csv export, 5 rows": (f"/export/events.csv{SMALL_VIEW}", None),
                   "json export, 5 rows": (f"/export/events.json{SMALL_VIEW}", None),
                   "timeline embed": (f"/embed/timeline{SMALL_VIEW}", None),
                   "map embed": (f"/embed/map{SMALL_VIEW}", None)}
        targets |= {f"callback: {name}": ("/_dash-update-component", body)
                    for name, body in small_callback_bodies(base).items()}
        for path, body in targets.values():  # each worker warm for each URL: the run measures steady state
            for _ in range(4):
                request = urllib.request.Request(base + path, data=body.encode() if body else None,
                                                 headers={"Content-Type": "application/json"})
                urllib.request.urlopen(request, timeout=30).read()

        def measured(path: str, body: str | None) -> dict:
            before = workers_cpu_s(server.pid)
            found = one_url(base, path, connections=connections, seconds=seconds, body=body)
            found["worker_cpu_ms_per_request"] = round((workers_cpu_s(server.pid) - before) * 1000
                                                       / max(found["requests"], 1), 3)
            return found

        runs = [{name: measured(path, body) for name, (path, body) in targets.items()} for _ in range(rounds)]
    medians = {}
    for name in targets:  # the median round of each URL: which worker takes the connections varies run to run
        found = sorted((r[name] for r in runs), key=lambda r: r["requests_per_s"])[len(runs) // 2]
        medians[name] = {**found, "errors": sum(r[name]["errors"] for r in runs),
                         "requests_per_s_each_round": [r[name]["requests_per_s"] for r in runs],
                         "worker_cpu_ms_per_request": statistics.median(r[name]["worker_cpu_ms_per_request"]
                                                                        for r in runs)}
    health = medians["health"]
    for found in medians.values():
        found["ratio_to_health"] = round(found["requests_per_s"] / health["requests_per_s"], 3)
        found["cpu_ratio_to_health"] = round(health["worker_cpu_ms_per_request"]
                                             / found["worker_cpu_ms_per_request"], 3)
    return medians


@contextmanager
def stalled_readers(base: str, paths: list[str], wanted: int) -> Iterator[list[socket.socket]]:
    """Up to ``wanted`` downloads begun (200) whose reader takes 4 KB and stops reading (a small receive
    window), from ``paths`` asked in turn (a worker whose heavy slots are all held answers 503: the next path
    is tried). Their connections close on leaving the block."""
    host, port = base.removeprefix("http://").split(":")
    stalled: list[socket.socket] = []
    try:
        for path in paths:
            if len(stalled) == wanted:
                break
            sock = socket.socket()
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # before connecting: a small window
            sock.settimeout(60)
            sock.connect((host, int(port)))
            sock.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
            if sock.recv(4096).startswith(b"HTTP/1.1 200"):
                stalled.append(sock)
            else:
                sock.close()
        yield stalled
    finally:
        for sock in stalled:
            sock.close()


def status_of(url: str, timeout: float = 60) -> tuple[int, float]:
    """The status of a GET and the seconds to it (the body is not read)."""
    began = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, time.monotonic() - began
    except urllib.error.HTTPError as error:
        return error.code, time.monotonic() - began


def fresh_download_while_stalled(base: str, stalled_month: str, fresh_from: str, *, readers: int = 4,
                                 within_s: float = 10) -> tuple[int, int, float]:
    """#28's stalled readers: ``readers`` full CSV downloads (views from days of ``stalled_month``, "1994-01")
    begun and left unread (``stalled_readers``), then the CSV of the view from ``fresh_from`` ("1994-02-01")
    asked until it answers 200 or ``within_s`` have passed. Returns how many readers stalled, the fresh
    download's last status and the seconds it took."""
    paths = [f"/export/events.csv?from={stalled_month}-{d % 28 + 1:02d}" for d in range(40)]
    with stalled_readers(base, paths, readers) as stalled:
        status, seconds = until_200(f"{base}/export/events.csv?from={fresh_from}", within_s)
        return len(stalled), status, seconds


def until_200(url: str, within_s: float) -> tuple[int, float]:
    """Ask ``url`` every half second until it answers 200 or ``within_s`` have passed: its last status, and
    the seconds since the first ask."""
    began = time.monotonic()
    while True:
        status, _ = status_of(url)
        if status == 200 or time.monotonic() - began >= within_s:
            return status, time.monotonic() - began
        time.sleep(0.5)
