#!/usr/bin/env python3
"""Load test: gunicorn as the Procfile runs it, 2 workers on loopback, driven by wrk.

    .venv/bin/python benchmarks/load_test.py                         # 50 clients for 60 s
    .venv/bin/python benchmarks/load_test.py --users 10 --seconds 10
    .venv/bin/python benchmarks/load_test.py --kill-worker-after 30  # SIGKILL a worker mid-run

The clients replay what readers do, in proportion: open a view (page, layout,
callback list), redraw views through the page's own callbacks, download data,
export charts (SVG, PNG, HTML) and load embeds — built from the app's callback
list by ``benchmarks/traffic.py``. wrk (Debian package ``wrk``) keeps every
client busy with no think time, so the figures are a worst case.

Prints a JSON summary: requests, errors (non-2xx answers and socket errors),
shed (exports turned away with 503 and Retry-After because the worker's
heavy-work slots were taken — the designed answer to more renders than a
worker should run at once, not an error),
requests/s, p50/p95/p99 latency (ms), and, with --kill-worker-after, whether
gunicorn replaced the worker. Talks to 127.0.0.1 only; stops by itself.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.traffic import QUERIES, callback_payload, url_callbacks  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def procfile_command() -> str:
    """The web command of the Procfile, bound to loopback instead of every interface."""
    line = next(line for line in (REPO / "Procfile").read_text().splitlines() if line.startswith("web:"))
    return line.split(":", 1)[1].strip().replace("0.0.0.0:", "127.0.0.1:")


def start_gunicorn(port: int, workers: int = 2, extra_env: dict | None = None, wait_s: float = 60) -> subprocess.Popen:
    """Start the Procfile's command on ``port`` and wait (up to ``wait_s``) for /health."""
    env = {**os.environ, "PORT": str(port), "WEB_CONCURRENCY": str(workers), **(extra_env or {}),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    # The log goes to a file: a pipe nobody reads would fill up and block the workers' logging.
    log = tempfile.NamedTemporaryFile(prefix="gunicorn-", suffix=".log", delete=False)  # noqa: SIM115
    process = subprocess.Popen(["bash", "-c", f"exec {procfile_command()}"], cwd=REPO, env=env,
                               stdout=log, stderr=log, start_new_session=True)
    prefix = (extra_env or {}).get("DASHBOARD_PATH_PREFIX", "/")
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited: " + Path(log.name).read_text(errors="replace")[-3000:])
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}{prefix}health", timeout=2)
            return process
        except OSError:
            time.sleep(0.3)
    stop(process)
    raise RuntimeError(f"gunicorn did not answer /health within {wait_s:g} s")


def stalled_readers(base: str, paths: list[str], wanted: int) -> list[socket.socket]:
    """``wanted`` downloads begun (200) whose reader takes 4 KB and stops reading (a small receive window), from
    ``paths`` asked in turn (a worker whose heavy slots are all held answers 503: the next path is tried).
    The caller closes them."""
    host, port = base.removeprefix("http://").split(":")
    stalled = []
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
    return stalled


def stop(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(20)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def held_mb(*pids: int) -> float:
    """The memory ``pids`` hold together, in MB: their proportional set sizes, so that pages a forked worker
    still shares with gunicorn's master (the dataset loaded before the fork) count once, not once per
    process — a worker that merely reads them copies nothing, one that keeps what it made grows."""
    total = 0
    for pid in pids:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                total += int(line.split()[1])
    return total / 1024


def workers_of(master: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


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


LUA = """
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


def lua_script(mix: list[tuple[str, str, str]]) -> str:
    def quote(text: str) -> str:
        return "[==[" + text + "]==]"

    return LUA % ",".join("{%s,%s,%s}" % (quote(m), quote(p), quote(b)) for m, p, b in mix)


def run(users: int, seconds: int, kill_worker_after: float | None = None, workers: int = 2) -> dict:
    """Run one load test and return its summary."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_gunicorn(port, workers)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            script = Path(tmp) / "mix.lua"
            mix = request_mix(base)
            script.write_text(lua_script(mix))
            wrk = subprocess.Popen(["wrk", "-t", "2", "-c", str(users), "-d", f"{seconds}s", "--timeout", "30s",
                                    "-s", str(script), base], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   text=True)
            replaced = None
            if kill_worker_after is not None:
                time.sleep(kill_worker_after)
                before = workers_of(server.pid)
                os.kill(before[0], signal.SIGKILL)
                time.sleep(5)
                after = workers_of(server.pid)
                replaced = {"killed": before[0], "workers_before": len(before), "workers_after": len(after),
                            "replaced": len(after) == len(before) and before[0] not in after}
            out, err = wrk.communicate(timeout=seconds + 120)
            line = next((line for line in out.splitlines() if line.startswith("WRK ")), None)
            if line is None:
                raise RuntimeError(f"wrk printed no summary: {out[-2000:]} {err[-2000:]}")
            summary = json.loads(line[4:])
            summary["requests_per_s"] = round(summary["requests"] / summary["duration_s"], 1)
            summary["errors"] = summary["status_errors"] + summary["socket_errors"]
            summary.update({"clients": users, "seconds": seconds, "workers": workers, "distinct_requests": len(mix)})
            if replaced is not None:
                summary["worker_kill"] = replaced
            return summary
    finally:
        stop(server)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50, help="concurrent clients (connections)")
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--kill-worker-after", type=float, help="seconds into the run to SIGKILL one worker")
    args = parser.parse_args()
    print(json.dumps(run(args.users, args.seconds, args.kill_worker_after, args.workers), indent=2))


if __name__ == "__main__":
    main()
