"""Accepted candidates appended to a data file (the workbench's editor mode): inside the configured data folder
only, checked whole as ``validate`` checks it before anything is written, the earlier rows kept byte for byte, a
backup beside it, the new file put in place atomically (written beside, synced, renamed), one writer at a time."""

from __future__ import annotations

import csv
import fcntl
import io
import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from dashboard.data import DatasetError, import_events
from dashboard.data.native import inert_cells
from dashboard.data.problems import format_problems
from dashboard.language import _


class SaveError(ValueError):
    """Rows that cannot be saved to the file, and why (nothing was written)."""


@dataclass(frozen=True)
class Saved:
    """What a save did: the file, its backup, and how many rows it added."""

    path: Path
    backup: Path
    added: int


def append_rows(target: Path, rows: list[dict], *, folder: Path, now: datetime) -> Saved:
    """Append ``rows`` (the contract's fields) to the project's CSV ``target`` inside ``folder``."""
    target, folder = Path(target).resolve(), Path(folder).resolve()
    if not target.is_relative_to(folder) or not target.is_file():
        raise SaveError(_("{path} is not a data file in {folder}: nothing was written.").format(
            path=target.name, folder=folder))
    if not rows:
        raise SaveError(_("No row to save."))
    with (folder / f".{target.name}.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        old = target.read_bytes()
        combined = old + _separator(old) + _rows_bytes(old, rows)
        handle, name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".csv", dir=folder)
        written = Path(name)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(combined)
                out.flush()
                os.fsync(out.fileno())
            try:
                import_events(written, fmt="native")
            except DatasetError as error:
                raise SaveError(_("The file with these rows would not pass the checks; nothing was written:\n"
                                  "{problems}").format(problems=format_problems(error.problems))) from None
            backup = folder / f"{target.name}.{now:%Y%m%dT%H%M%S}.bak"
            if backup.exists():  # a second save within the second keeps the first one's backup too
                backup = folder / f"{target.name}.{now:%Y%m%dT%H%M%S%f}.bak"
            shutil.copy2(target, backup)
            os.replace(written, target)
            directory = os.open(folder, os.O_RDONLY)
            try:
                os.fsync(directory)
            finally:
                os.close(directory)
        finally:
            written.unlink(missing_ok=True)
    return Saved(target, backup, len(rows))


def _separator(old: bytes) -> bytes:
    """What goes between the file and the new rows: nothing after a final newline, else the file's newline."""
    return b"" if not old or old.endswith(b"\n") else _newline(old)


def _newline(old: bytes) -> bytes:
    return b"\r\n" if b"\r\n" in old.split(b"\n", 1)[0] + b"\n" else b"\n"


def _rows_bytes(old: bytes, rows: list[dict]) -> bytes:
    """``rows`` as CSV in the file's own columns and newlines; a filled field the file has no column for is
    refused (it would be lost)."""
    header = next(csv.reader(io.StringIO(old.decode("utf-8-sig").split("\n", 1)[0])))
    missing = sorted({k for row in rows for k, v in row.items() if v not in ("", None) and k not in header})
    if missing:
        raise SaveError(_("The file has no column for {columns}: nothing was written.").format(
            columns=", ".join(missing)))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator=_newline(old).decode(), extrasaction="ignore")
    for row in rows:
        writer.writerow(inert_cells({k: "" if row.get(k) is None else str(row.get(k)) for k in header}))
    return out.getvalue().encode("utf-8")
