"""Which importer reads a file: chosen from its header, or named with ``--format``.

- ``native``: the project's own CSV (what ``/export/events.csv`` writes). It is
  curated data, so any problem refuses the whole file.
- ``acled`` and ``ucdp``: exports of those datasets. By default every valid row
  loads and the others are listed with file, line and reason; ``strict``
  refuses the file if any row cannot be imported. No row is dropped silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from dashboard.data import acled, ucdp
from dashboard.data.importing import convert_export
from dashboard.data.native import read_events_csv
from dashboard.data.problems import DatasetError, Problem
from dashboard.data.reading import UnreadableFile, read_header
from dashboard.data.schema import COLUMN_NAMES

FORMATS = {"native": "the project's CSV", "acled": "ACLED export", "ucdp": "UCDP GED"}
IMPORTERS = {"acled": acled, "ucdp": ucdp}


@dataclass(frozen=True)
class ImportedFile:
    """One file's events, the line each starts on, the rows left out (with reasons) and its format."""

    path: Path
    format: str
    events: pd.DataFrame
    lines: object
    skipped: list[Problem]


def detect_format(header: list[str]) -> str | None:
    """The format whose header this is, or None."""
    if acled.detect(header):
        return "acled"
    if ucdp.detect(header):
        return "ucdp"
    if {"event_id", "title", "date_start"} <= set(header) or set(header) <= set(COLUMN_NAMES):
        return "native"
    return None


def import_file(path: Path, fmt: str | None = None, *, strict: bool = False) -> ImportedFile:
    """Read one file in ``fmt`` (detected when None).

    Raises ``DatasetError``: for a native file with any problem, for an unreadable file or unknown format,
    and, with ``strict``, for an import with any row left out.
    """
    path = Path(path)
    header, fmt = checked_format(path, fmt)
    if fmt == "native":
        events, lines = read_events_csv(path)
        return ImportedFile(path, fmt, events, lines, [])
    converted = convert_export(path, IMPORTERS[fmt], header)
    skipped = sorted(converted.problems)
    if strict and skipped:
        raise DatasetError(skipped)
    return ImportedFile(path, fmt, converted.events, converted.lines, skipped)


def checked_format(path: Path, fmt: str | None) -> tuple[list[str], str]:
    """The file's header and its format (``fmt``, or detected). Raises ``DatasetError`` for an unreadable
    file, an unknown format, or a header that lacks the named format's columns."""
    try:
        header = read_header(path)
    except UnreadableFile as error:
        raise DatasetError([error.problem]) from None
    seen: dict[str, int] = {}
    repeated = []
    for column, name in enumerate(header, 1):
        if name and name in seen:
            repeated.append(Problem(str(path), 1, column, f"the column “{name[:60]}” is in the header twice (columns "
                                                          f"{seen[name]} and {column}): which one holds the values?"))
        seen.setdefault(name, column)
    if repeated:
        raise DatasetError(repeated)
    fmt = fmt or detect_format(header)
    if fmt is None:
        raise DatasetError([Problem(str(path), 1, 1, "unknown format: the header is not the project's CSV, "
                                                      "an ACLED export or UCDP GED (name one with --format)")])
    if fmt not in FORMATS:
        raise DatasetError([Problem(str(path), 1, 1, f'unknown format "{fmt}" (expected native, acled or ucdp)')])
    if fmt != "native" and not IMPORTERS[fmt].detect(header):
        raise DatasetError([Problem(str(path), 1, 1, f"not {FORMATS[fmt]}: its header lacks that format's columns")])
    return header, fmt
