"""Serving while the files given are imported: a page that says how far the import has gone.

A start with ACLED or UCDP files that the import cache does not hold yet imports them in a process of its own
(started by gunicorn's master before it forks, or by the development server), writing its progress beside
the store, while every request gets a short page — "Importing acled.csv: 45 %, about
20 s left" — with 503 and ``Retry-After``, which reloads itself. Once the store is there, each process
builds the dashboard from it (seconds) and answers as usual. A file that cannot be imported is told on the
same page and in the log, and nothing is served from it.

The import is a separate process, never a thread of the server: gunicorn forks its workers while the import
runs, and a fork copies the locks DuckDB's threads hold at that moment into workers that then wait on them
forever (a worker hung on its first query). Its memory also goes back to the system when it ends.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from dashboard.data import DatasetError
from dashboard.data.formats import detect_format, format_named
from dashboard.data.problems import format_problems
from dashboard.data.progress import read_report, write_report
from dashboard.data.reading import UnreadableFile, read_header
from dashboard.data.registry import bundled_registry
from dashboard.output.html import render
from dashboard.query.dataset import cached_store_path
from dashboard.settings import Settings
from dashboard.language import _, formats

#: Seconds a reader's browser waits before asking again.
RETRY_S = 3


@dataclass(frozen=True)
class PendingImport:
    """Files to import into the cache before the dashboard can be built from its store."""

    paths: tuple[Path, ...]
    store: Path
    fmt: str | None
    strict: bool

    @property
    def report(self) -> Path:
        """The JSON file the import keeps its progress in."""
        return self.store.with_name(self.store.name + ".progress.json")

    @property
    def label(self) -> str:
        return self.paths[0].name if len(self.paths) == 1 else f"{len(self.paths)} files"


def pending_import(settings: Settings) -> PendingImport | None:
    """The import a start must make before it can serve: ACLED or UCDP files given with ``--data`` whose store
    is not in the import cache yet. None when there is nothing to import (or only curated files, read at once)."""
    if settings.store or settings.engine or not settings.data_paths or not settings.import_cache:
        return None
    paths = tuple(Path(p) for p in settings.data_paths)
    try:
        formats = [settings.data_format or detect_format(read_header(p)) for p in paths]
    except UnreadableFile:
        return None  # the start reports it, as it always has
    # only files read whole (the project's CSV): read at once, no import to wait for
    if all(f is None or getattr(format_named(f), "read", None) is not None for f in formats):
        return None
    store = cached_store_path(list(paths), fmt=settings.data_format or None, strict=settings.strict,
                              folder=Path(settings.import_cache))
    if store is None or store.is_file():
        return None
    return PendingImport(paths, store, settings.data_format or None, settings.strict)


def start_import(pending: PendingImport) -> subprocess.Popen:
    """Import ``pending`` in a process of its own (``python -m dashboard.web.loading``), which ends when it is done
    or when this process does; its problems, if any, go to its report and the log (inherited stderr)."""
    job = json.dumps({"paths": [str(p) for p in pending.paths], "store": str(pending.store), "fmt": pending.fmt,
                      "strict": pending.strict})
    here = str(Path(__file__).resolve().parents[2])  # the package's folder, wherever the server was started
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [here, os.environ.get("PYTHONPATH")]))}
    process = subprocess.Popen([sys.executable, "-m", "dashboard.web.loading", job, str(os.getpid())], env=env)
    watcher = threading.Thread(target=_told_if_lost, args=(pending, process), name="import-watch", daemon=True)
    watcher.start()
    return process


def _told_if_lost(pending: PendingImport, process: subprocess.Popen) -> None:
    """An import process that ended without its store nor its problems (killed, out of memory) is told on
    the page rather than leaving it at "importing" for ever."""
    code = process.wait()
    report = read_report(pending.report) or {}
    if code != 0 and not pending.store.is_file() and not report.get("problems"):
        message = f"the import stopped (exit status {code}): see the server's log"
        print(f"cannot import {pending.label}: {message}", file=sys.stderr, flush=True)
        write_report(pending.report, {"label": pending.label, "problems": [message]})


def run_import(pending: PendingImport) -> int:
    """Import ``pending`` here (the import process's work); 0 when its store is in place."""
    from dashboard.data.streaming import import_into_store

    try:
        pending.store.parent.mkdir(parents=True, exist_ok=True)
        import_into_store(pending.paths, pending.store, fmt=pending.fmt, strict=pending.strict,
                          registry=bundled_registry(), report=pending.report)
        return 0
    except DatasetError as error:
        print(format_problems(error.problems), file=sys.stderr, flush=True)
        write_report(pending.report, {"label": pending.label, "problems": [str(p) for p in error.problems[:50]],
                                      "more": max(len(error.problems) - 50, 0)})
    except OSError as error:
        print(f"cannot import into {pending.store}: {error}", file=sys.stderr, flush=True)
        write_report(pending.report, {"label": pending.label, "problems": [f"cannot write the store: {error}"]})
    return 1


def _end_with(parent: int) -> None:
    """End this process when the server that started it is gone (its parent changes)."""
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


class WhileImporting:
    """A WSGI app: the dashboard once ``pending``'s store is there (``build()`` makes it, once per process),
    until then a page saying how far the import has gone."""

    def __init__(self, pending: PendingImport, build: Callable[[], Callable]):
        self.pending, self._build = pending, build
        self._app: Callable | None = None
        self._lock = threading.Lock()

    def __call__(self, environ, start_response):
        app = self._app or self._built()
        if app is not None:
            return app(environ, start_response)
        report = read_report(self.pending.report) or {"label": self.pending.label}
        if environ.get("PATH_INFO", "").rstrip("/").endswith("/health"):
            body = json.dumps({"status": "importing", **report}).encode()
            kind = "application/json"
        else:
            body, kind = importing_page(report).encode(), "text/html; charset=utf-8"
        start_response("503 Service Unavailable", [("Content-Type", kind), ("Retry-After", str(RETRY_S)),
                                                   ("Cache-Control", "no-store"), ("Content-Length", str(len(body)))])
        return [body]

    def _built(self) -> Callable | None:
        if not self.pending.store.is_file():
            return None
        with self._lock:
            if self._app is None:
                self._app = self._build()
        return self._app


def importing_page(report: dict) -> str:
    """The page a reader sees while the data is imported (or could not be)."""
    fraction = float(report.get("fraction") or 0)
    left = report.get("seconds_left")
    if report.get("total"):
        status = _("{percent}% — about {rows} of {total} rows").format(
            percent=formats.number(round(100 * fraction)), rows=formats.number(int(report.get("rows") or 0)),
            total=formats.number(int(report.get("total") or 0)))
    else:
        status = _("starting")
    if left is not None and fraction < 1:
        status = _("{status}, about {seconds} s left").format(status=status, seconds=formats.number(int(left)))
    problems = list(report.get("problems") or ())
    return render("importing.html", label=str(report.get("label") or _("the data")), problems=problems,
                  more=report.get("more"), status=status, fraction=fraction, refresh=None if problems else RETRY_S)


if __name__ == "__main__":  # the import process started by start_import
    job, parent = json.loads(sys.argv[1]), int(sys.argv[2])
    threading.Thread(target=_end_with, args=(parent,), name="end-with-server", daemon=True).start()
    sys.exit(run_import(PendingImport(tuple(Path(p) for p in job["paths"]), Path(job["store"]), job["fmt"],
                                      job["strict"])))
