"""Importing a file in its format (``import_file``); an export (ACLED, UCDP): its cells read, converted by its
format's rules, every row accounted for.

A format read whole (the project's CSV) is read by its own reader. An export's format has conversion rules:
DuckDB reads the file (its parallel CSV reader, strict: every record must have the header's number of
fields) and converts it by the format's rules (``dashboard.data.conversion``): a file becomes an SQL
relation of converted rows, each with the reason it is left out when it is. Nothing is staged: the rows
left out are listed by one cheap pass (the checks read few columns), and the engine's tables are made
from the relation in the next. A file DuckDB's reader refuses — ragged rows, text that is not UTF-8,
blank lines between records — is read by Python instead (``reading.records``, which names each bad
record's line) into a table of cells, converted by the same rules.

Lines: a record starts one line after the one before it ends; a value holding line breaks moves every later
record down, which is counted from the values themselves and checked against the file's own count of line
breaks.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import mmap
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import numpy as np
import pyarrow as pa

from dashboard.data.conversion import Cells, Conversion, literal
from dashboard.data.formats import checked_format
from dashboard.data.problems import DatasetError, Problem
from dashboard.data.reading import UnreadableFile, is_hxl_row, read_records, records
from dashboard.data.schema import COLUMN_NAMES
from dashboard.data.tables import contract_frame

if TYPE_CHECKING:  # pandas is imported where it is used: a command that needs none starts faster
    import pandas as pd



#: The line each converted row starts on: its own, moved down by the line breaks in the values before it.
LINE = "_line + coalesce(sum(_nl) OVER (ORDER BY _row ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)"


@dataclass(frozen=True)
class Converted:
    """One export's importable events (``load_events``' columns), the line each starts on, and the rows left
    out, with their reasons."""

    events: pd.DataFrame
    lines: np.ndarray
    problems: list[Problem]


@dataclass(frozen=True)
class Export:
    """One export as DuckDB sees it: ``rows``, SQL of its converted rows (the contract's columns, ``_row``,
    ``_line`` — the line each starts on —, ``_problem`` and ``_column``), and the rows left out."""

    rows: str
    problems: list[Problem]


@dataclass(frozen=True)
class ImportedFile:
    """One file's events, the line each starts on, the rows left out (with reasons) and its format's name."""

    path: Path
    format: str
    events: pd.DataFrame
    lines: object
    skipped: list[Problem]


def import_file(path: Path, fmt: str | None = None, *, strict: bool = False) -> ImportedFile:
    """Read one file in the format named ``fmt`` (detected when None).

    Raises ``DatasetError``: for a file read whole with any problem, for an unreadable file or unknown format,
    and, with ``strict``, for an export with any row left out.
    """
    path = Path(path)
    header, found = checked_format(path, fmt)
    if found.read is not None:
        events, lines = found.read(path)
        return ImportedFile(path, found.name, events, lines, [])
    converted = convert_export(path, found, header)
    skipped = sorted(converted.problems)
    if strict and skipped:
        raise DatasetError(skipped)
    return ImportedFile(path, found.name, converted.events, converted.lines, skipped)


def convert_export(path: Path, importer, header: list[str]) -> Converted:
    """Read and convert one export in an in-memory DuckDB by ``importer``'s rules (its ``conversion``: an
    ``ImportFormat``'s, or its module's). Raises ``DatasetError`` for an unreadable file."""
    with duckdb.connect() as con:
        export = open_export(con, path, importer, header, name="export_0", numbered=True)
        return _fetched(con, export)


def convert_cells(cells: pd.DataFrame, importer, *, path: str = "cells") -> Converted:
    """Convert a frame of an export's cells (text, columns named as the export's header; row ``i`` read from
    line ``i + 2``) by ``importer``'s rules — for exports that are already in memory."""
    import pandas as pd
    with duckdb.connect() as con:
        conversion = importer.conversion(Cells([str(c) for c in cells.columns]))
        width = len(conversion.cells.header)
        frame = pd.DataFrame({f"c{i}": cells.iloc[:, i].astype(str) for i in range(width)})
        con.register("given_cells", frame.assign(_row=np.arange(1, len(frame) + 1), _line=np.arange(2, len(frame) + 2),
                                                 _nl=0))
        rows = f"SELECT * EXCLUDE (_nl, _id, _repeated) FROM ({conversion.select('given_cells')})"
        return _fetched(con, Export(rows, _left_out(con, rows, path)))


@dataclass(frozen=True)
class Reading:
    """How DuckDB reads and converts one export: its rules, and the lines before its records (the header,
    and a row of HXL tags under it)."""

    path: Path
    conversion: Conversion
    before: int

    @classmethod
    def of(cls, path: Path, importer, header: list[str]) -> Reading:
        return cls(Path(path), importer.conversion(Cells(header)), 1 + _hxl_rows(Path(path)))

    def rows(self, *, numbered: bool = False, breaks: bool = True, sorting: bool = False) -> str:
        """SQL of the converted rows (``Conversion.select``'s columns). ``numbered``: in the file's order,
        each with its ``_row`` and ``_line``; else read on every thread, and no id may repeat (the check that
        needs the order is not asked). ``breaks``: the line breaks inside each row's values (``_nl``).
        ``sorting``: the rules' later columns left for after a sort (``Conversion.select``)."""
        cells = _read_by_duckdb(self.path, len(self.conversion.cells.header), self.before, numbered=numbered,
                                breaks=breaks)
        converted = self.conversion.select(f"({cells})", ordered=numbered, nul=_scanned(self.path)[1], sorting=sorting)
        return f"({converted})"

    def accounts_for(self, records: int, inside: int) -> bool:
        """Whether ``records`` with ``inside`` line breaks in their values are all the file's lines (DuckDB
        skips blank lines, which Python's reader counts)."""
        lines = self.before + records + inside
        return _scanned(self.path)[0] in (lines, lines - 1)

    def left_out(self, con) -> list[Problem]:
        """The rows left out, with their lines (a pass over the file in its order)."""
        return _left_out_of(con, self.rows(numbered=True), self.path)


def open_export(con, path: Path, importer, header: list[str], *, name: str, numbered: bool = False) -> Export:
    """One export as a relation of ``con`` (its cells read by DuckDB where it can, else by Python into the
    temporary table ``name``), with the rows it leaves out. ``numbered``: each row knows its line (the
    rows then keep the file's order, which reading on every thread does not); else only the rows left out
    do. Raises ``DatasetError`` for a file that cannot be read at all."""
    reading = Reading.of(path, importer, header)
    try:
        records, inside, left_out, repeated = con.execute(f"""
            SELECT count(*), coalesce(sum(_nl), 0), count(_problem),
                   count(_id) FILTER (WHERE _id <> '') > count(DISTINCT _id) FILTER (WHERE _id <> '')
            FROM {reading.rows()}""").fetchall()[0]  # on every thread: most files leave nothing out
        if reading.accounts_for(records, inside):
            ordered = repeated or numbered
            problems = reading.left_out(con) if left_out or repeated else []
            line = LINE if numbered and inside else "_line"
            rows = reading.rows(numbered=ordered, breaks=numbered and bool(inside))
            return Export(f"SELECT * EXCLUDE (_nl, _id, _repeated, _line), {line} AS _line FROM {rows}", problems)
    except duckdb.Error:
        pass  # read by Python below
    return python_export(con, reading, name)


def python_export(con, reading: Reading, name: str) -> Export:
    """One export read by Python into the temporary table ``name``, with the rows it leaves out. Raises
    ``DatasetError`` for a file that cannot be read at all."""
    try:
        skipped = _read_by_python(con, reading.path, len(reading.conversion.cells.header), name)
    except UnreadableFile as error:
        raise DatasetError([error.problem]) from None
    rows = f"SELECT * EXCLUDE (_nl, _id, _repeated) FROM ({reading.conversion.select(name)})"
    return Export(rows, skipped + _left_out(con, rows, str(reading.path)))


def _left_out_of(con, rows: str, path: Path) -> list[Problem]:
    """The rows left out with their lines, each moved down by the line breaks inside the values before it."""
    moved, left_out = con.execute(f"""
        SELECT list((_row, _nl)) FILTER (WHERE _nl > 0),
               list((_row, _line, _column, _problem)) FILTER (WHERE _problem IS NOT NULL) FROM {rows}""").fetchall()[0]
    breaks = sorted(moved or [])
    rows_with_breaks = [r for r, _ in breaks]
    below = list(itertools.accumulate(n for _, n in breaks))
    problems = []
    for row, line, column, message in sorted(left_out or []):
        earlier = bisect.bisect_left(rows_with_breaks, row)
        problems.append(Problem(str(path), int(line + (below[earlier - 1] if earlier else 0)), int(column), message))
    return problems


def _left_out(con, rows: str, path: str) -> list[Problem]:
    found = con.execute(f"SELECT _line, _column, _problem FROM ({rows}) WHERE _problem IS NOT NULL ORDER BY _row"
                        ).fetchall()
    return [Problem(path, int(line), int(column), message) for line, column, message in found]


def _fetched(con, export: Export) -> Converted:
    columns = ", ".join(f'"{c}"' for c in COLUMN_NAMES)
    found = con.sql(f"SELECT {columns}, _line FROM ({export.rows}) WHERE _problem IS NULL ORDER BY _row"
                    ).to_arrow_table()
    return Converted(contract_frame(found.drop_columns(["_line"])), found.column("_line").to_numpy(), export.problems)


def _read_by_duckdb(path: Path, width: int, before: int, *, numbered: bool = True, breaks: bool = True) -> str:
    """SQL reading every cell of ``path`` as text (``c0``…) after its first ``before`` lines (the header, and a
    row of HXL tags), each record numbered (``_row``, from 1), with the line it would start on if no earlier
    value held a line break (``_line``) and the line breaks its own values hold (``_nl``). Not ``numbered``:
    no order (NULLs), and DuckDB reads on every thread. Without ``breaks``: no line breaks counted (0)."""
    names = [f"c{i}" for i in range(width)]
    columns = "{" + ", ".join(f"'{n}': 'VARCHAR'" for n in names) + "}"
    read = (f"read_csv({literal(str(path))}, header = false, skip = {before}, auto_detect = false, "
            f"columns = {columns}, delim = ',', quote = '\"', escape = '\"', strict_mode = true, null_padding = false)")
    holding = " OR ".join(f"contains({n}, chr(10))" for n in names)
    counted = " + ".join(f"coalesce(length({n}) - length(replace({n}, chr(10), '')), 0)" for n in names)
    inside = f"CASE WHEN {holding} THEN {counted} ELSE 0 END AS _nl" if breaks else "0 AS _nl"
    if not numbered:
        return f"SELECT *, NULL::BIGINT AS _row, NULL::BIGINT AS _line, {inside} FROM {read}"
    return (f"SELECT *, {before} + _row AS _line, {inside} FROM ("
            f"SELECT *, row_number() OVER () AS _row FROM {read})")


def _read_by_python(con, path: Path, width: int, name: str) -> list[Problem]:
    """Read a file with Python's csv module into the temporary table ``name`` of cells, a chunk of records at
    a time. Returns the records left out for their number of fields."""
    names = [f"c{i}" for i in range(width)]
    con.execute(f"CREATE OR REPLACE TEMP TABLE {name} ({', '.join(f'{n} VARCHAR' for n in names)}, "
                "_row BIGINT, _line BIGINT, _nl BIGINT)")
    problems, done = [], 0
    for rows, lines, left_out in records(path, width, skip=_hxl_rows(path)):
        problems += left_out
        if rows:
            chunk = pa.table({**{n: pa.array([r[i] for r in rows], pa.string()) for i, n in enumerate(names)},
                              "_row": pa.array(range(done + 1, done + len(rows) + 1), pa.int64()),
                              "_line": pa.array(lines, pa.int64()), "_nl": pa.array([0] * len(rows), pa.int64())})
            con.register("cells_chunk", chunk)
            con.execute(f"INSERT INTO {name} SELECT * FROM cells_chunk")
            con.unregister("cells_chunk")
            done += len(rows)
    return problems


def _hxl_rows(path: Path) -> int:
    """1 when the record after the header is a row of HXL hashtags (Humanitarian Data Exchange), else 0."""
    try:
        first = read_records(path, 2)
    except UnreadableFile:
        return 0
    return int(len(first) > 1 and is_hxl_row(first[1]))


def _scanned(path: Path) -> tuple[int, bool]:
    """How many line breaks (LF) the file holds, and whether it holds a NUL byte: one look at its bytes
    (remembered while the file is unchanged)."""
    stat = path.stat()
    return _scan(str(path), stat.st_size, stat.st_mtime_ns)


#: Bytes of a file mapped at once by ``_scan`` (a multiple of any page size).
SCAN_WINDOW = 1 << 24


@functools.lru_cache(maxsize=64)
def _scan(path: str, size: int, modified: int) -> tuple[int, bool]:
    if not size:
        return 0, False
    newlines, nul = 0, False
    # the file's pages as they are (mapped, not copied), counted by numpy: twice as fast as reading and counting.
    # A window at a time: a page mapped counts in the process's memory until it is unmapped (mapped whole, a
    # file of ten million events, 3.9 GB, took the import's peak from 1.4 to 4 GB).
    with open(path, "rb") as handle:
        for offset in range(0, size, SCAN_WINDOW):
            with mmap.mmap(handle.fileno(), min(SCAN_WINDOW, size - offset), access=mmap.ACCESS_READ,
                           offset=offset) as pages:
                nul = nul or pages.find(b"\x00") >= 0
                view = np.frombuffer(pages, np.uint8)
                try:
                    newlines += int(np.count_nonzero(view == 10))
                finally:
                    del view  # the map closes only once nothing points into it
    return newlines, nul
