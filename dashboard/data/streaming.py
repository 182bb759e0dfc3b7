"""Importing into a store: DuckDB reads and converts each file on all its threads, and memory stays flat
however large the ACLED or UCDP export.

Each export (ACLED, UCDP: a format with conversion rules) is read by DuckDB's CSV reader and converted by its
format's rules (``dashboard.data.importing``); a format read whole — the project's own CSV, curated and small —
is read and checked by its own reader. The rows left out are listed with file, line and reason (one pass
reading a few columns), an id in two files refuses the import, and the engine's tables are made from every file's importable rows at once
(``dashboard.data.tables``): sorted by date (out of core when it must), numbered, their actor mentions
listed. A file DuckDB's reader refuses (ragged rows) is read by Python's reader instead, whose problems
name each bad record's line.
"""

from __future__ import annotations

import glob
import json
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path

import duckdb

from dashboard.data.conversion import Later
from dashboard.data.formats import checked_format
from dashboard.data.import_format import ImportFormat
from dashboard.data.importing import Reading, open_export
from dashboard.data.problems import DatasetError, Problem
from dashboard.data.progress import ImportProgress, estimated_rows
from dashboard.data.schema import COLUMN_NAMES
from dashboard.data.store import STORE_FORMAT, create_meta
from dashboard.data.tables import create_events, finish_tables, fingerprint, register_events
from dashboard.data.registry import bundled_registry
from dashboard.language import N_, _, formats, ngettext

LOG = logging.getLogger("dashboard.import")
#: What DuckDB may hold in memory while it imports (about the files' size, within these bounds, MB); beyond,
#: it works from temporary files beside the store.
IMPORT_MEMORY_MB = (700, 1120)


def import_into_store(paths: Iterable[str | Path], into: Path, *, fmt: str | None = None,
                      strict: bool = False, registry=None, report: Path | None = None
                      ) -> tuple[int, list[Problem], dict[str, str]]:
    """Write the events of ``paths`` to the store ``into`` (replaced whole, only once complete).

    Names are counted as ``registry`` (default: the bundled one) counts them. Returns the number of events,
    the rows left out and each file's format. Raises ``DatasetError`` (nothing written) for an unreadable
    file, an invalid native file, an id in two files, or — with ``strict`` — any row left out. Progress
    goes to standard error (a bar on a terminal, lines otherwise) and, given ``report``, to that JSON file.
    """
    into = Path(into)
    partial = into.with_name(into.name + ".partial")
    partial.unlink(missing_ok=True)
    for left in into.parent.glob(glob.escape(into.name) + ".blocks-*"):  # an import killed before its end
        shutil.rmtree(left, ignore_errors=True)
    paths = [Path(p) for p in paths]
    skipped: list[Problem] = []
    file_formats: dict[str, str] = {}
    label = paths[0].name if len(paths) == 1 else \
        ngettext("{n} file", "{n} files", len(paths)).format(n=formats.number(len(paths)))
    began = time.monotonic()
    try:
        with tempfile.TemporaryDirectory(prefix=into.name + ".blocks-", dir=into.parent) as folder, \
                duckdb.connect(str(partial), config={"memory_limit": _memory(paths), "temp_directory": folder}) as con, \
                ImportProgress(estimated_rows(paths), label, report=report) as progress:
            con.execute("SET enable_progress_bar = true")  # what query_progress reads; DuckDB's own bar not drawn
            con.execute("SET enable_progress_bar_print = false")
            files = []
            for number, path in enumerate(paths):
                header, found = checked_format(path, fmt)
                file_formats[str(path)] = found.name
                files.append((number, path, found, header))
            at_once = _at_once(con, files, strict, progress)
            if at_once is None:  # a file that needs another look: file by file, each read as it must be
                con.execute("DROP TABLE IF EXISTS events")
                tables = []
                with progress.watching(con, N_("reading again"), (0.0, 0.6)):
                    for file in files:  # each file's good rows in a table of its own: reading a file
                        # another way (line by line, in order) and sorting them all are two steps, each
                        # within the memory bound (together, 1M ACLED rows beside a UCDP file exceeded it)
                        tables.append(f"good_{file[0]}")
                        con.execute(f"CREATE TEMP TABLE {tables[-1]} AS {_good_rows(con, *file, skipped)}")
                        if strict and skipped:
                            raise DatasetError(sorted(skipped))
                rows = " UNION ALL ".join(f"SELECT * FROM {table}" for table in tables)
                _refuse_ids_across_files(con, files, rows)
                with progress.watching(con, N_("sorting"), (0.6, 0.8)):
                    create_events(con, rows)
                for table in tables:
                    con.execute(f"DROP TABLE {table}")
            else:
                skipped += at_once
            with progress.watching(con, N_("counting actors"), (0.8, 1.0)):
                total = _finish(con, sorted(skipped), file_formats, registry or bundled_registry())
            if not total:
                raise DatasetError([Problem(str(p), 1, 1, _("no events could be imported")) for p in file_formats])
        os.replace(partial, into)
        LOG.info("imported %s events from %s into %s in %.1f s", f"{total:,}", label, into,
                 time.monotonic() - began)
    finally:
        partial.unlink(missing_ok=True)
    return total, sorted(skipped), file_formats


#: What every file's rows bring to the first, optimistic pass, beside the contract's columns.
CHECKED = ("_file", "_problem", "_id")
#: A row's own id in that pass: its 64-bit hash (NULL when the row has none), lighter to sort with the rows than
#: the text. Two ids with one hash only send the files to the exact, ordered pass, as a repeated id does.
HASHED_ID = "(CASE WHEN {id} <> '' THEN hash({id}) END)"


def _memory(paths: list[Path]) -> str:
    """DuckDB's memory limit for importing ``paths``: about their size, within ``IMPORT_MEMORY_MB``."""
    size_mb = sum(p.stat().st_size for p in paths if p.is_file()) >> 20
    return f"{min(max(size_mb, IMPORT_MEMORY_MB[0]), IMPORT_MEMORY_MB[1])}MB"


def _at_once(con, files: list[tuple], strict: bool, progress: ImportProgress) -> list[Problem] | None:
    """The usual case in one pass: every file read on every thread, converted and sorted into ``events`` with
    the rows it leaves out, then checked from the table. Returns the rows left out (their lines found by a
    second, ordered look at their files alone), or None when a file must be read another way: an id repeats
    in it (which of two rows comes first needs the file's order), a value holds a line break (the lines
    are counted file by file), DuckDB cannot read it or it has blank lines (Python reads it), or an id is in
    two files (the refusal names lines)."""
    readings, pieces, later = {}, [], {}
    for number, path, fmt, header in files:
        if fmt.read is not None:
            rows = _read_whole(con, number, path, fmt)
            pieces.append(f"SELECT *, {number} AS _file, NULL AS _problem, {HASHED_ID.format(id='event_id')} AS _id "
                          f"FROM ({rows})")
            later[number] = Later()
        else:
            readings[number] = Reading.of(path, fmt, header)
            later[number] = readings[number].conversion.after_sort
            pieces.append(f"SELECT * REPLACE ({HASHED_ID.format(id='_id')} AS _id), {number} AS _file "
                          f"FROM {readings[number].rows(breaks=False, sorting=True)}")
    try:
        with progress.watching(con, N_("reading"), (0.0, 0.8)):
            create_events(con, " UNION ALL BY NAME ".join(pieces), keep=CHECKED, later=later)
    except duckdb.Error:
        return None
    found = con.execute("""SELECT _file, count(*), count(_problem),
                                  count(_id) > count(DISTINCT _id) FROM events GROUP BY _file""").fetchall()
    across = len(files) > 1 and con.execute("""SELECT count(*) FROM (SELECT event_id FROM events WHERE _problem IS NULL
                                               GROUP BY event_id HAVING count(DISTINCT _file) > 1)""").fetchall()[0][0]
    if across or any(repeated or (number in readings and not readings[number].accounts_for(records, 0))
                     for number, records, _, repeated in found):
        return None  # (a value holding a line break, too: this pass does not count them)
    problems = [p for number, _, left_out, _ in found if left_out for p in readings[number].left_out(con)]
    if strict and problems:
        raise DatasetError(sorted(problems))
    if problems:  # keep the others, in the order they are in
        con.execute("CREATE TABLE kept AS SELECT * FROM events WHERE _problem IS NULL ORDER BY rowid")
        con.execute("DROP TABLE events")
        con.execute("ALTER TABLE kept RENAME TO events")
    for column in CHECKED:
        con.execute(f"ALTER TABLE events DROP COLUMN {column}")
    return problems


def _good_rows(con, number: int, path: Path, fmt: ImportFormat, header: list[str], skipped: list[Problem], *,
               numbered: bool = False) -> str:
    """SQL of the importable rows of one file (contract columns, ``_file``, and ``_line``: when ``numbered``,
    the line each starts on); adds the rows it leaves out to ``skipped``."""
    columns = ", ".join(f'"{c}"' for c in COLUMN_NAMES)
    if fmt.read is not None:
        return f"SELECT {columns}, {number} AS _file, _line FROM ({_read_whole(con, number, path, fmt)})"
    export = open_export(con, path, fmt, header, name=f"file_{number}", numbered=numbered)
    skipped += export.problems
    return f"SELECT {columns}, {number} AS _file, _line FROM ({export.rows}) WHERE _problem IS NULL"


def _read_whole(con, number: int, path: Path, fmt: ImportFormat) -> str:
    """SQL of the events of a file its format reads whole (the project's CSV), registered in ``con`` as
    ``file_{number}``. Raises ``DatasetError`` for any problem in it."""
    events, lines = fmt.read(path)
    return register_events(con, f"file_{number}", events, lines)


def _ids_across_files(con, rows: str) -> bool:
    """Whether an id is in two files."""
    return bool(con.execute(f"SELECT count(*) FROM (SELECT event_id FROM ({rows}) GROUP BY event_id "
                            "HAVING count(DISTINCT _file) > 1)").fetchall()[0][0])


def _refuse_ids_across_files(con, files: list[tuple], rows: str) -> None:
    """An id in two files refuses the import (as ``import_events`` does), naming where it came first: the
    files are read again in order, so that each row has its line."""
    if len(files) < 2 or not _ids_across_files(con, rows):
        return
    rows = " UNION ALL ".join(_good_rows(con, *file, [], numbered=True) for file in files)
    paths = [str(path) for _, path, _, _ in files]
    found = con.execute(f"""
        WITH staging AS (SELECT event_id, _file, _line FROM ({rows})),
             firsts AS (SELECT event_id, arg_min(_file, _file * 10000000000 + _line) AS file,
                               arg_min(_line, _file * 10000000000 + _line) AS line
                        FROM staging GROUP BY event_id HAVING count(DISTINCT _file) > 1)
        SELECT s._file, s._line, s.event_id, firsts.file, firsts.line FROM staging s JOIN firsts USING (event_id)
        WHERE s._file > firsts.file ORDER BY s._file, s._line LIMIT 1000""").fetchall()
    if found:
        reason = _('{column}: duplicate id "{value}" (also in {place})')
        raise DatasetError([Problem(paths[a], int(line), 1, reason.format(column="event_id", value=event_id,
                                                                          place=f"{paths[b]}:{first}"))
                            for a, line, event_id, b, first in found])


def _finish(con, skipped: list[Problem], file_formats: dict[str, str], registry) -> int:
    """The engine's tables from the sorted events, and what the store says of itself."""
    total = finish_tables(con, registry)
    create_meta(con, skipped, {"format": str(STORE_FORMAT),
                               "made": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                               "events": str(total), "fingerprint": fingerprint(con),
                               "sources": json.dumps([{"path": p, "format": f} for p, f in file_formats.items()])})
    con.execute("CHECKPOINT")
    return int(total)
