"""Importing into a store in chunks: memory stays flat however large the ACLED or UCDP export.

Each file is read a block of rows at a time (Arrow's streaming CSV reader), each block converted by its
format's importer — the same rules, the same problems with file, line and reason — and written as a
Parquet file in a folder beside the store (appending to a DuckDB table compresses each block on the one
converting thread; a Parquet file is written four times faster and read back by all of DuckDB's threads).
DuckDB then sorts the events by date (out of core when it must), numbers them and lists their actor
mentions: the engine's tables (``dashboard.query.tables``).

Rules that span blocks are applied in the store: an id seen on an earlier line of the same file is left
out (as the importers leave it out within one block), an id in two files refuses the import. A file
Arrow cannot read row by row (ragged rows) is read whole by the importers' own reader instead.
"""

from __future__ import annotations

import gc
import glob
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from dashboard.data.formats import FORMATS, IMPORTERS, detect_format, import_file
from dashboard.data.problems import DatasetError, Problem
from dashboard.data.reading import Table, UnreadableFile, is_hxl_row, read_header
from dashboard.data.schema import COLUMN_NAMES, COLUMNS
from dashboard.data.store import STORE_FORMAT, create_meta, sql_path
from dashboard.dataset import bundled_registry
from dashboard.query.tables import engine_rows

#: Bytes of CSV read per block (Arrow's block size): about 40,000 ACLED rows.
BLOCK_BYTES = 16 << 20
#: What DuckDB may hold in memory while it checks the blocks' ids; beyond, it works from temporary files.
IMPORT_MEMORY = "400MB"
#: The most it may hold while it numbers and sorts them (100 bytes an event, from 400 MB up).
FINISH_MEMORY_MB = 1500
#: The staging table's columns and their types: the contract's, the engine's own, the file and line.
STAGING = tuple((c.name, {"date": "TIMESTAMP", "float": "DOUBLE", "int": "BIGINT", "list": "VARCHAR[]"}.get(
    c.kind, "VARCHAR")) for c in COLUMNS) + (("origin", "VARCHAR"), ("first_name", "VARCHAR"),
                                              ("people_text", "VARCHAR"), ("_file", "INTEGER"), ("_line", "BIGINT"))
#: The same columns as the blocks' Parquet files hold them.
STAGING_SCHEMA = pa.schema([(name, {"TIMESTAMP": pa.timestamp("us"), "DOUBLE": pa.float64(), "BIGINT": pa.int64(),
                                    "INTEGER": pa.int32(), "VARCHAR[]": pa.list_(pa.string())}.get(kind, pa.string()))
                            for name, kind in STAGING])
#: How each format names its id column, and what the importer puts before the raw id.
ID_COLUMNS = {"acled": ("event_id_cnty", ""), "ucdp": ("id", "ucdp-")}


def import_into_store(paths: Iterable[str | Path], into: Path, *, fmt: str | None = None,
                      strict: bool = False, registry=None) -> tuple[int, list[Problem], dict[str, str]]:
    """Write the events of ``paths`` to the store ``into`` (replaced whole, only once complete).

    Names are counted as ``registry`` (default: the bundled one) counts them. Returns the number of events, the rows left out and each file's format. Raises ``DatasetError``
    (nothing written) for an unreadable file, an invalid native file, an id in two files, or — with
    ``strict`` — any row left out.
    """
    into = Path(into)
    partial = into.with_name(into.name + ".partial")
    partial.unlink(missing_ok=True)
    for left in into.parent.glob(glob.escape(into.name) + ".blocks-*"):  # an import killed before its end
        shutil.rmtree(left, ignore_errors=True)
    paths = [Path(p) for p in paths]
    skipped: list[Problem] = []
    formats: dict[str, str] = {}
    collecting = gc.isenabled()
    try:
        with tempfile.TemporaryDirectory(prefix=into.name + ".blocks-", dir=into.parent) as folder, \
                duckdb.connect(str(partial), config={"memory_limit": IMPORT_MEMORY,
                                                     "preserve_insertion_order": False}) as con:
            staged = 0
            gc.disable()  # a block is a few million small objects, none in a cycle: collecting is wasted time
            for number, path in enumerate(paths):
                fmt_of = _format_of(path, fmt)
                formats[str(path)] = fmt_of
                for events, lines, problems in _blocks(path, fmt_of):
                    skipped += problems
                    if strict and problems:
                        raise DatasetError(sorted(problems))
                    staged += _stage(Path(folder) / f"{staged:06d}.parquet", events, lines, number)
            if collecting:
                gc.enable()
            if not staged:
                raise DatasetError([Problem(str(p), 1, 1, "no events could be imported") for p in formats])
            files = ", ".join(sql_path(Path(folder) / f"{n:06d}.parquet") for n in range(staged))
            con.execute(f"CREATE VIEW staged AS SELECT * FROM read_parquet([{files}])")
            con.execute("CREATE VIEW staging AS SELECT * FROM staged")
            skipped += _repeated_within_files(con, [(str(p), formats[str(p)]) for p in paths])
            if strict and skipped:
                raise DatasetError(sorted(skipped))
            _refuse_ids_across_files(con, [str(p) for p in paths])
            total = _finish(con, sorted(skipped), formats, registry or bundled_registry())
        os.replace(partial, into)
    finally:
        if collecting:
            gc.enable()
        partial.unlink(missing_ok=True)
    return total, sorted(skipped), formats


def _format_of(path: Path, fmt: str | None) -> str:
    try:
        header = read_header(path)
    except UnreadableFile as error:
        raise DatasetError([error.problem]) from None
    found = fmt or detect_format(header)
    if found is None or found not in FORMATS:
        import_file(path, fmt)  # raises the importers' own words for it
    return found


def _blocks(path: Path, fmt: str) -> Iterator[tuple[pd.DataFrame, np.ndarray, list[Problem]]]:
    """The file's events a block at a time, with their lines and the rows of the block left out."""
    if fmt == "native":
        whole = import_file(path, fmt)
        yield whole.events, np.asarray(whole.lines), whole.skipped
        return
    importer = IMPORTERS[fmt]
    header = read_header(path)
    if not importer.detect(header):
        import_file(path, fmt)  # raises "not an ACLED export…"
    try:
        _reader(path, header).read_next_batch()  # the first block shows whether Arrow can read the file
    except StopIteration:
        return
    except (pa.ArrowInvalid, UnicodeDecodeError):
        whole = import_file(path, fmt)
        yield whole.events, np.asarray(whole.lines), whole.skipped
        return
    try:
        for table in _tables(path, header):
            events, check = importer.convert(table)
            yield events, table.lines[~check.bad], table.problems + check.problems
    except pa.ArrowInvalid as error:  # a ragged row after the first block
        raise DatasetError([Problem(str(path), 1, 1, f"malformed CSV: {error}; import it with "
                                                        "`validate` to find the row")]) from None


def _reader(path: Path, header: list[str]):
    names = [h.strip() for h in header]
    return pacsv.open_csv(
        path, read_options=pacsv.ReadOptions(block_size=BLOCK_BYTES, skip_rows=1, column_names=names, use_threads=False,
                                             encoding="utf-8"),
        parse_options=pacsv.ParseOptions(newlines_in_values=True),
        convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in names}, strings_can_be_null=False,
                                             quoted_strings_can_be_null=False))


def _tables(path: Path, header: list[str]) -> Iterator[Table]:
    """Blocks of cells as ``Table``s with the line each row starts on (a value may hold line breaks)."""
    line = 2
    for index, batch in enumerate(_reader(path, header)):
        broken = [c for c in batch.schema.names if pc.any(pc.match_substring(batch.column(c), "\n")).as_py()]
        cells = batch.to_pandas()
        if index == 0 and len(cells) and is_hxl_row(cells.iloc[0].tolist()):
            cells = cells.iloc[1:].reset_index(drop=True)  # the HXL hashtag row: labels, not data
            line += 1
        if cells.empty:
            continue
        extra = np.zeros(len(cells), dtype=np.int64)
        for column in broken:
            extra += cells[column].str.count("\n").to_numpy(dtype=np.int64)
        lines = line + np.arange(len(cells), dtype=np.int64) + np.concatenate([[0], np.cumsum(extra)[:-1]])
        line = int(lines[-1] + 1 + extra[-1])
        yield Table(str(path), header, cells, lines, [])


def _stage(file: Path, events: pd.DataFrame, lines: np.ndarray, file_number: int) -> int:
    """Write a block's events (if any) to a Parquet ``file``; 1 if written."""
    if events.empty:
        return 0
    block = engine_rows(events)
    block["_file"] = file_number
    block["_line"] = np.asarray(lines, dtype=np.int64)
    pq.write_table(pa.Table.from_pandas(block, schema=STAGING_SCHEMA, preserve_index=False), file)
    return 1


def _repeated_within_files(con, files: list[tuple[str, str]]) -> list[Problem]:
    """Rows whose id an earlier line of the same file already has (blocks were checked one by one): left
    out, as within a block."""
    repeated = con.execute("""SELECT count(*) FROM (SELECT _file, event_id FROM staging
                                                   GROUP BY _file, event_id HAVING count(*) > 1)""").fetchone()[0]
    if not repeated:  # the usual case, found with one grouping
        return []
    found = con.execute("""
        SELECT _file, _line, event_id FROM (
            SELECT _file, _line, event_id, min(_line) OVER (PARTITION BY _file, event_id) AS first_line
            FROM staging) WHERE _line > first_line ORDER BY _file, _line""").fetchall()
    if not found:
        return []
    con.execute("""CREATE TABLE repeated AS SELECT _file, _line FROM (
        SELECT _file, _line, min(_line) OVER (PARTITION BY _file, event_id) AS first_line FROM staged)
        WHERE _line > first_line""")
    con.execute("CREATE OR REPLACE VIEW staging AS SELECT * FROM staged ANTI JOIN repeated USING (_file, _line)")
    problems = []
    for file_number, line, event_id in found:
        path, fmt = files[file_number]
        column, prefix = ID_COLUMNS.get(fmt, ("event_id", ""))
        column_number = _column_number(path, column)
        raw = event_id[len(prefix):] if prefix and event_id.startswith(prefix) else event_id
        problems.append(Problem(path, int(line), column_number, f'{column}: duplicate id "{raw}"'))
    return problems


def _column_number(path: str, column: str) -> int:
    header = [h.strip().lstrip("\ufeff") for h in read_header(Path(path))]
    return header.index(column) + 1 if column in header else 1


def _refuse_ids_across_files(con, paths: list[str]) -> None:
    """An id in two files refuses the import (as ``import_events`` does), naming where it came first."""
    if len(paths) < 2:
        return
    found = con.execute("""
        WITH firsts AS (SELECT event_id, arg_min(_file, _file * 10000000000 + _line) AS file,
                               arg_min(_line, _file * 10000000000 + _line) AS line
                        FROM staging GROUP BY event_id HAVING count(DISTINCT _file) > 1)
        SELECT s._file, s._line, s.event_id, firsts.file, firsts.line FROM staging s JOIN firsts USING (event_id)
        WHERE s._file > firsts.file ORDER BY s._file, s._line LIMIT 1000""").fetchall()
    if found:
        raise DatasetError([Problem(paths[a], int(line), 1, f'event_id: duplicate id "{event_id}" '
                                                            f'(also in {paths[b]}:{first})')
                            for a, line, event_id, b, first in found])


def _finish(con, skipped: list[Problem], formats: dict[str, str], registry) -> int:
    """The engine's tables from the staging table, and what the store says of itself."""
    staged = con.execute("SELECT count(*) FROM staging").fetchone()[0]
    # the blocks are gone: numbering and sorting may use more (the join of 10M numbers needs ~0.5 GB)
    con.execute(f"SET memory_limit = '{min(max(400, staged // 10_000), FINISH_MEMORY_MB)}MB'")
    written = [row[0] for row in con.execute(
        "SELECT DISTINCT name FROM (SELECT unnest(actors) AS name FROM staging) ORDER BY name").fetchall()]
    names = pd.DataFrame({"name": written, "actor": [registry.counted_as(n) for n in written]},
                         columns=["name", "actor"]).astype("str")
    con.register("counted", names)
    con.execute("CREATE TABLE names AS SELECT * FROM counted")
    con.unregister("counted")
    # Sort the events by date (a sort DuckDB spills to disk), then number them in that order as they are
    # written (a window over no order streams; the insertion order is kept for this one statement).
    columns = ", ".join(f's."{c}"' for c in (*COLUMN_NAMES, "origin", "first_name", "people_text"))
    con.execute("SET preserve_insertion_order = true")
    con.execute(f"""CREATE TABLE events AS
        SELECT *, (row_number() OVER () - 1)::BIGINT AS pos FROM (
            SELECT {columns}, n.actor AS first_actor
            FROM staging s LEFT JOIN names n ON s.first_name = n.name ORDER BY s.date_start, s.event_id)""")
    con.execute("SET preserve_insertion_order = false")
    con.execute("DROP VIEW staging")
    con.execute("DROP VIEW staged")
    con.execute("DROP TABLE IF EXISTS repeated")
    con.execute("""CREATE TABLE mentions AS
        SELECT pos, arg_min(m.name, m.nth) AS name, n.actor FROM (
            SELECT pos, unnest(actors) AS name, generate_subscripts(actors, 1) AS nth FROM events) m
        JOIN names n USING (name) GROUP BY pos, n.actor ORDER BY n.actor, pos""")  # by actor: a filter reads only its own
    total = con.execute("SELECT count(*) FROM events").fetchone()[0]
    fingerprint = _fingerprint(con, total)
    create_meta(con, skipped, {"format": str(STORE_FORMAT),
                               "made": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                               "events": str(total), "fingerprint": fingerprint,
                               "sources": json.dumps([{"path": p, "format": f} for p, f in formats.items()])})
    con.execute("CHECKPOINT")
    return int(total)


def _fingerprint(con, total: int) -> str:
    digest = con.execute("""SELECT bit_xor(hash(event_id, title, date_start, date_end, latitude, longitude))
                            FROM events""").fetchone()[0] or 0
    return f"{total:x}-{int(digest) & (2**64 - 1):016x}"

