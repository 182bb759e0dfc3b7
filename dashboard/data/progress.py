"""Progress of a long import: a bar with rows per second and time left on a terminal (rich), lines in the
log when the output is a file.

DuckDB says how far its running query has gone (``query_progress``, asked from another thread); the rows
are estimated from the files' sizes and the length of their first lines, and counted exactly at the end.
A step is named by a marked text (``N_("sorting")``): the progress file keeps that name, the bar and the log
lines say it in the reader's language.
"""

from __future__ import annotations

import contextvars
import json
import os
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

from dashboard.language import N_, _, formats

#: Seconds between two looks at the query, and between two log lines.
POLL_S, LOG_EVERY_S = 0.2, 5.0


def estimated_rows(paths) -> int:
    """About how many records the files hold: their size over the mean length of their first lines."""
    total = 0
    for path in paths:
        size = Path(path).stat().st_size
        with Path(path).open("rb") as handle:
            sample = handle.read(1 << 20)
        total += int(size / max(len(sample) / max(sample.count(b"\n"), 1), 1))
    return max(total, 1)


class ImportProgress:
    """One import's progress over ``rows`` (an estimate), shown on ``stream``."""

    def __init__(self, rows: int, label: str, stream=None, report: Path | None = None):
        self.rows, self.label = rows, label
        self.stream = stream or sys.stderr
        #: A JSON file kept up to date with how far the import has gone (for a server's "importing…" page).
        self.report = report
        self.terminal = hasattr(self.stream, "isatty") and self.stream.isatty()
        self._bar = None
        self._began = time.monotonic()

    def __enter__(self) -> ImportProgress:
        if self.terminal:
            self._bar = Progress(TextColumn(f"[bold]{self.label}[/bold] {{task.description}}"), BarColumn(),
                                 TaskProgressColumn(), TextColumn("{task.fields[counted]}"), TimeRemainingColumn(),
                                 console=Console(file=self.stream), transient=False)
            self._bar.__enter__()
            self._task = self._bar.add_task("", total=self.rows, counted="")
        return self

    def __exit__(self, *exc) -> None:
        if self._bar is not None:
            self._bar.__exit__(*exc)
        elif exc[0] is None:
            self.show(N_("done"), 1.0, log=True)

    @contextmanager
    def watching(self, con, step: str, share: tuple[float, float]):
        """Follow the query ``con`` runs in this block: ``step`` names it (a text marked ``N_``); it takes the part
        ``share`` (from, to; fractions of the whole) of the import."""
        stop = threading.Event()

        def follow() -> None:
            logged = 0.0
            while not stop.wait(POLL_S):
                done = con.query_progress()
                if done < 0:
                    continue
                fraction = share[0] + (share[1] - share[0]) * done / 100
                self.show(step, fraction, log=time.monotonic() - logged >= LOG_EVERY_S)
                if time.monotonic() - logged >= LOG_EVERY_S:
                    logged = time.monotonic()

        # in the language of the import (a thread starts with none of its starter's context)
        watcher = threading.Thread(target=contextvars.copy_context().run, args=(follow,), name="import-progress",
                                   daemon=True)
        watcher.start()
        try:
            yield
        finally:
            stop.set()
            watcher.join()
            self.show(step, share[1], log=False)

    def show(self, step: str, fraction: float, *, log: bool) -> None:
        """The import is ``fraction`` done, in ``step``."""
        rows = int(self.rows * min(fraction, 1.0))
        seconds = time.monotonic() - self._began
        speed = rows / seconds if seconds > 0 else 0.0
        if self.report is not None:
            write_report(self.report, {"label": self.label, "step": step, "fraction": round(fraction, 4),
                                       "rows": rows, "total": self.rows, "rows_per_s": round(speed),
                                       "seconds_left": round((self.rows - rows) / speed) if speed > 0 else None})
        if self._bar is None and not log:
            return
        counts = {"rows": formats.number(rows), "total": formats.number(self.rows),
                  "speed": formats.number(round(speed))}
        if self._bar is not None:
            self._bar.update(self._task, completed=rows, description=_(step),
                             counted=_("{rows}/{total} rows {speed}/s").format(**counts))
        else:  # a file (a server's log): a line now and then
            said = {"label": self.label, "step": _(step), "percent": formats.number(round(100 * fraction)), **counts}
            line = _("importing {label}: {step}, ~{rows} of ~{total} rows ({percent}%), {speed} rows/s").format(**said)
            if speed > 0:
                line = _("importing {label}: {step}, ~{rows} of ~{total} rows ({percent}%), {speed} rows/s, about "
                         "{seconds} s left").format(seconds=formats.number(round((self.rows - rows) / speed)), **said)
            print(line, file=self.stream, flush=True)


def write_report(path: Path, report: dict) -> None:
    """Replace the progress file ``path`` whole (a reader never sees half of it)."""
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(report), encoding="utf-8")
    os.replace(partial, path)


def read_report(path: Path) -> dict | None:
    """What the progress file says, or None when there is none (yet)."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
