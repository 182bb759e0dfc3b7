"""The dashboard served as in production, for the tests and the benchmarks: gunicorn from the Procfile on a
free loopback port, its workers, their memory and its log."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    """A TCP port free on loopback now (the caller binds it soon after)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def procfile_command() -> str:
    """The web command of the Procfile, bound to loopback instead of every interface."""
    line = next(line for line in (REPO / "Procfile").read_text().splitlines() if line.startswith("web:"))
    return line.split(":", 1)[1].strip().replace("0.0.0.0:", "127.0.0.1:")


def start_gunicorn(port: int, workers: int = 2, extra_env: dict | None = None, wait_s: float = 60) -> subprocess.Popen:
    """Start the Procfile's command on ``port`` and wait (up to ``wait_s``) for /health.

    Raises RuntimeError with the end of gunicorn's log if it exits or does not answer in time (it is then
    stopped). Its output goes to a file, read by ``gunicorn_log``."""
    env = {**os.environ, "PORT": str(port), "WEB_CONCURRENCY": str(workers), **(extra_env or {}),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    # The log goes to a file: a pipe nobody reads would fill up and block the workers' logging.
    log = tempfile.NamedTemporaryFile(prefix="gunicorn-", suffix=".log", delete=False)  # noqa: SIM115
    process = subprocess.Popen(["bash", "-c", f"exec {procfile_command()}"], cwd=REPO, env=env,
                               stdout=log, stderr=log, start_new_session=True)
    prefix = (extra_env or {}).get("DASHBOARD_PATH_PREFIX", "/")
    wait_for_answer(process, f"http://127.0.0.1:{port}{prefix}health", wait_s, "gunicorn", Path(log.name))
    return process


def wait_for_answer(process: subprocess.Popen, url: str, wait_s: float, name: str, log: Path | None = None) -> None:
    """Return once ``url`` answers without an error status; ``process`` (called ``name``) is what serves it.

    Raises RuntimeError if the process exits first (with the end of ``log``) or if ``wait_s`` pass (the
    process is then stopped)."""
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            said = log.read_text(errors="replace")[-3000:] if log else ""
            raise RuntimeError(f"{name} exited: {said}")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.2)
    stop(process)
    raise RuntimeError(f"{name} did not answer {url} within {wait_s:g} s")


def stop(process: subprocess.Popen) -> None:
    """End ``process`` and its session (a server and its workers): SIGTERM, then SIGKILL after 20 s."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(20)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def workers_of(master: int) -> list[int]:
    """The process ids of gunicorn's workers (the children of its master)."""
    out = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def accepted_by(pids: list[int], port: int) -> dict[int, int]:
    """Which of the processes ``pids`` accepted each open connection to ``port``: the client's port → the pid
    (from /proc: the sockets each process holds, and the kernel's table of TCP connections)."""
    owners = {}
    for pid in pids:
        with suppress(OSError):
            for fd in os.listdir(f"/proc/{pid}/fd"):
                with suppress(OSError):
                    target = os.readlink(f"/proc/{pid}/fd/{fd}")
                    if target.startswith("socket:["):
                        owners[target[len("socket:["):-1]] = pid
    found = {}
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            local, remote, inode = fields[1], fields[2], fields[9]
            if int(local.rsplit(":", 1)[1], 16) == port and inode in owners:
                found[int(remote.rsplit(":", 1)[1], 16)] = owners[inode]
    return found


def wait_for_workers(process: subprocess.Popen, count: int, wait_s: float = 30) -> list[int]:
    """The workers of ``process`` once there are ``count`` of them (or however many after ``wait_s``): gunicorn
    answers /health from its first worker, perhaps before it has forked the others."""
    deadline = time.monotonic() + wait_s
    while len(workers_of(process.pid)) < count and time.monotonic() < deadline:
        time.sleep(0.2)
    return workers_of(process.pid)


@contextmanager
def procfile_server(workers: int = 2, extra_env: dict | None = None,
                    wait_s: float = 60) -> Iterator[tuple[str, subprocess.Popen]]:
    """gunicorn from the Procfile on a free loopback port, answering /health with its ``workers`` forked:
    (its address, its process). Stopped on leaving the block."""
    port = free_port()
    process = start_gunicorn(port, workers, extra_env, wait_s)
    try:
        wait_for_workers(process, workers)
        yield f"http://127.0.0.1:{port}", process
    finally:
        stop(process)


def gunicorn_log(process: subprocess.Popen) -> str:
    """What gunicorn (started by ``start_gunicorn``) has logged so far."""
    return Path(os.readlink(f"/proc/{process.pid}/fd/1")).read_text(errors="replace")


def _proc_mb(path: str, field: str) -> float:
    """A ``field: N kB`` line of a /proc file, in MB (NaN when the file has none)."""
    for line in Path(path).read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def rss_mb(pid: int) -> float:
    """The resident memory of one process (VmRSS), in MB."""
    return _proc_mb(f"/proc/{pid}/status", "VmRSS")


def pss_mb(pid: int) -> float:
    """The proportional set size of one process (its share of the pages it shares with others), in MB."""
    return _proc_mb(f"/proc/{pid}/smaps_rollup", "Pss")


def held_mb(*pids: int) -> float:
    """The memory ``pids`` hold together, in MB: their proportional set sizes, so that pages a forked worker
    still shares with gunicorn's master (the dataset loaded before the fork) count once, not once per
    process — a worker that merely reads them copies nothing, one that keeps what it made grows."""
    return sum(pss_mb(pid) for pid in pids)
