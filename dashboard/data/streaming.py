"""Importing into a store: DuckDB reads and converts each file on all its threads, and memory stays flat
however large the ACLED or UCDP export.

Each ACLED or UCDP file is read by DuckDB's CSV reader and converted by its format's rules
(``dashboard.data.importing``); the project's own CSV is read and checked whole by Python (it is curated and
small). The rows left out are listed with file, line and reason (one pass reading a few columns), an id in
two files refuses the import, and the engine's tables are made from every file's importable rows at once
(``dashboard.data.tables``): sorted by date (out of core when it must), numbered, their actor mentions
listed. A file DuckDB's reader refuses (ragged rows) is read by Python's reader instead, whose problems
name each bad record's line.
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import tempfile
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path

import duckdb

from dashboard.data.formats import IMPORTERS, checked_format
from dashboard.data.importing import open_export
from dashboard.data.native import read_events_csv
from dashboard.data.problems import DatasetError, Problem
from dashboard.data.reading import read_header
from dashboard.data.schema import COLUMN_NAMES
from dashboard.data.store import STORE_FORMAT, create_meta
from dashboard.data.tables import build_tables, fingerprint, register_events
from dashboard.dataset import bundled_registry

#: What DuckDB may hold in memory while it imports; beyond, it works from temporary files beside the store.
IMPORT_MEMORY = "1GB"


def import_into_store(paths: Iterable[str | Path], into: Path, *, fmt: str | None = None,
                      strict: bool = False, registry=None) -> tuple[int, list[Problem], dict[str, str]]:
    """Write the events of ``paths`` to the store ``into`` (replaced whole, only once complete).

    Names are counted as ``registry`` (default: the bundled one) counts them. Returns the number of events,
    the rows left out and each file's format. Raises ``DatasetError`` (nothing written) for an unreadable
    file, an invalid native file, an id in two files, or — with ``strict`` — any row left out.
    """
    into = Path(into)
    partial = into.with_name(into.name + ".partial")
    partial.unlink(missing_ok=True)
    for left in into.parent.glob(glob.escape(into.name) + ".blocks-*"):  # an import killed before its end
        shutil.rmtree(left, ignore_errors=True)
    paths = [Path(p) for p in paths]
    skipped: list[Problem] = []
    formats: dict[str, str] = {}
    try:
        with tempfile.TemporaryDirectory(prefix=into.name + ".blocks-", dir=into.parent) as folder, \
                duckdb.connect(str(partial), config={"memory_limit": IMPORT_MEMORY, "temp_directory": folder}) as con:
            pieces = []
            for number, path in enumerate(paths):
                header, fmt_of = checked_format(path, fmt)
                formats[str(path)] = fmt_of
                pieces.append(_good_rows(con, number, path, fmt_of, header, skipped))
                if strict and skipped:
                    raise DatasetError(sorted(skipped))
            rows = " UNION ALL ".join(pieces)
            if len(paths) > 1 and _ids_across_files(con, rows):  # rare: find their lines to name them
                pieces = [_good_rows(con, n, p, formats[str(p)], read_header(p), [], numbered=True)
                          for n, p in enumerate(paths)]
                _refuse_ids_across_files(con, " UNION ALL ".join(pieces), [str(p) for p in paths])
            total = _finish(con, rows, sorted(skipped), formats, registry or bundled_registry())
            if not total:
                raise DatasetError([Problem(str(p), 1, 1, "no events could be imported") for p in formats])
        os.replace(partial, into)
    finally:
        partial.unlink(missing_ok=True)
    return total, sorted(skipped), formats


def _good_rows(con, number: int, path: Path, fmt: str, header: list[str], skipped: list[Problem], *,
               numbered: bool = False) -> str:
    """SQL of the importable rows of one file (contract columns, ``_file``, and ``_line``: when ``numbered``,
    the line each starts on); adds the rows it leaves out to ``skipped``."""
    columns = ", ".join(f'"{c}"' for c in COLUMN_NAMES)
    if fmt == "native":
        events, lines = read_events_csv(path)
        return f"SELECT {columns}, {number} AS _file, _line FROM ({register_events(con, f'file_{number}', events, lines)})"
    export = open_export(con, path, IMPORTERS[fmt], header, name=f"file_{number}", numbered=numbered)
    skipped += export.problems
    return f"SELECT {columns}, {number} AS _file, _line FROM ({export.rows}) WHERE _problem IS NULL"


def _ids_across_files(con, rows: str) -> bool:
    """Whether an id is in two files."""
    return bool(con.execute(f"SELECT count(*) FROM (SELECT event_id FROM ({rows}) GROUP BY event_id "
                            "HAVING count(DISTINCT _file) > 1)").fetchall()[0][0])


def _refuse_ids_across_files(con, rows: str, paths: list[str]) -> None:
    """An id in two files refuses the import (as ``import_events`` does), naming where it came first."""
    found = con.execute(f"""
        WITH staging AS (SELECT event_id, _file, _line FROM ({rows})),
             firsts AS (SELECT event_id, arg_min(_file, _file * 10000000000 + _line) AS file,
                               arg_min(_line, _file * 10000000000 + _line) AS line
                        FROM staging GROUP BY event_id HAVING count(DISTINCT _file) > 1)
        SELECT s._file, s._line, s.event_id, firsts.file, firsts.line FROM staging s JOIN firsts USING (event_id)
        WHERE s._file > firsts.file ORDER BY s._file, s._line LIMIT 1000""").fetchall()
    if found:
        raise DatasetError([Problem(paths[a], int(line), 1, f'event_id: duplicate id "{event_id}" '
                                                            f'(also in {paths[b]}:{first})')
                            for a, line, event_id, b, first in found])


def _finish(con, rows: str, skipped: list[Problem], formats: dict[str, str], registry) -> int:
    """The engine's tables from the importable rows, and what the store says of itself."""
    total = build_tables(con, rows, registry)
    create_meta(con, skipped, {"format": str(STORE_FORMAT),
                               "made": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                               "events": str(total), "fingerprint": fingerprint(con),
                               "sources": json.dumps([{"path": p, "format": f} for p, f in formats.items()])})
    con.execute("CHECKPOINT")
    return int(total)
