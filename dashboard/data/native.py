"""Read and write the project's own events CSV, checking every field on the way in.

The CSV is the format of the curated dataset in ``data/`` and of the
dashboard's data export. Lists are ``;``-separated in one cell, dates are
``YYYY-MM-DD``, an empty cell is a missing value.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from dashboard.data.import_format import ImportFormat
from dashboard.data.problems import DatasetError, Problem, not_utf8, wrong_field_count
from dashboard.data.schema import COLUMN_NAMES, COLUMNS, COLUMNS_BY_NAME, LIST_SEPARATOR, Column
from dashboard.data.vocabulary import EVENT_TYPES
from dashboard.language import N_, _, formats

if TYPE_CHECKING:  # pandas is imported where it is used: a command that needs none starts faster
    import pandas as pd

DATE_FORMAT = "%Y-%m-%d"


@dataclass(frozen=True)
class RawTable:
    """A CSV file's cells as text, with the line each record starts on."""

    path: str
    header: list[str]
    cells: pd.DataFrame
    lines: np.ndarray


def read_events_csv(path: str | Path) -> tuple[pd.DataFrame, np.ndarray]:
    """Read one events CSV into the contract's columns.

    Returns the events and, for each row, the line of the file it starts on.
    Raises ``DatasetError`` listing every problem (``file:line:column``) if
    any field is invalid: the file is accepted whole or not at all.
    """
    raw, problems = _read_raw(Path(path))
    if raw is not None:
        problems += _check_header(raw)
        problems += _check_cells(raw)
    if problems:
        raise DatasetError(sorted(problems))
    return _typed(raw), raw.lines


def detect(header: list[str]) -> bool:
    """Whether a header is the project's CSV: its identifying columns, or only the contract's columns (a test
    loose enough that the registry tries it last)."""
    return {"event_id", "title", "date_start"} <= set(header) or set(header) <= set(COLUMN_NAMES)


NATIVE = ImportFormat("native", N_("the project's CSV"), detect, read=read_events_csv, event_types=EVENT_TYPES)


def write_events_csv(events: pd.DataFrame, target: str | Path | io.TextIOBase, *, header: bool = True) -> None:
    """Write events in the format ``read_events_csv`` reads back unchanged (``header=False``: rows only,
    to append a chunk)."""
    text = events_csv_text(arrow_events(events), header=header)
    if isinstance(target, (str, Path)):
        Path(target).write_text(text, encoding="utf-8", newline="")
    else:
        target.write(text)


def arrow_events(events: pd.DataFrame) -> pa.Table:
    """``load_events``' frame (or some of its columns) as an Arrow table with the contract's types."""
    import pandas as pd
    fields, arrays = [], []
    for column in COLUMNS:
        if column.name not in events:
            continue
        values = events[column.name]
        kind = ARROW_TYPES[column.kind]
        if column.kind == "list":
            data = [list(v) if isinstance(v, (list, tuple, np.ndarray)) else None for v in values]
        elif column.kind == "date":
            data = pd.to_datetime(values).astype("datetime64[s]")
        elif column.kind in ("int", "float"):
            data = pd.to_numeric(values, errors="coerce").astype("float64" if column.kind == "float" else "Int64")
        else:
            data = values.astype(object).where(values.notna(), None)
        fields.append(pa.field(column.name, kind))
        arrays.append(pa.array(data, type=kind, from_pandas=True))
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields))


def events_csv_text(events: pa.Table, *, header: bool = True) -> str:
    """Events (an Arrow table of contract columns; missing ones are empty) as the project's CSV: every column
    formatted at once by Arrow, the records written by the csv module (CRLF ends records (RFC 4180), so any
    cell holding a carriage return or a line feed is quoted)."""
    cells = [_text_cells(events.column(c.name), c) if c.name in events.column_names else [""] * events.num_rows
             for c in COLUMNS]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if header:
        writer.writerow(COLUMN_NAMES)
    writer.writerows(zip(*cells))
    return out.getvalue()


#: Arrow's type for each kind of column.
ARROW_TYPES = {"list": pa.list_(pa.string()), "date": pa.timestamp("s"), "int": pa.int64(), "float": pa.float64(),
               "text": pa.string(), "url": pa.string(), "choice": pa.string()}


def _text_cells(values: pa.ChunkedArray, column: Column) -> list[str]:
    if column.kind == "list":
        text = pc.binary_join(values, f"{LIST_SEPARATOR} ")
    elif column.kind == "date":
        text = pc.strftime(values, DATE_FORMAT)
    elif column.kind == "float":
        text = pc.cast(values, pa.string())
        # Arrow writes a whole number without its point ("45"); Python's repr (how this file was first
        # written, and what it reads back the same) keeps it: "45.0"
        text = pc.if_else(pc.match_substring_regex(text, r"^-?\d+$"), pc.binary_join_element_wise(text, ".0", ""),
                          text)
    else:
        text = values if values.type == pa.string() else pc.cast(values, pa.string())
    if text.null_count:
        text = pc.fill_null(text, "")
    return (_inert(text) if column.kind in TEXT_KINDS else text).to_pylist()


#: Column kinds holding free text, which a spreadsheet could take for a formula.
TEXT_KINDS = frozenset({"text", "url", "list"})
#: A cell a spreadsheet would run as a formula (=, +, -, @, or a tab or carriage return first), after any
#: apostrophes this writer put in front of it before.
_FORMULA = r"^'*[=+\-@\t\r]"


def _inert(text: pa.ChunkedArray) -> pa.ChunkedArray:
    """Text cells a spreadsheet would run as formulas, led by an apostrophe (which spreadsheets hide and
    ``_restored`` removes): the export of ``=HYPERLINK(…)`` opens as text, not as a link that runs."""
    formulas = pc.match_substring_regex(text, _FORMULA)
    if not pc.any(formulas).as_py():
        return text
    return pc.if_else(formulas, pc.binary_join_element_wise("'", text, ""), text)


def inert_cells(row: dict[str, str]) -> dict[str, str]:
    """One row's cells (the contract's fields, as text) as ``write_events_csv`` writes them: a text cell a
    spreadsheet would run as a formula led by an apostrophe, which reading the file removes (``_inert``)."""
    return {name: f"'{value}" if value and name in COLUMNS_BY_NAME and COLUMNS_BY_NAME[name].kind in TEXT_KINDS
            and re.match(_FORMULA, value) else value for name, value in row.items()}


def _restored(text: pd.Series) -> pd.Series:
    """Undo ``_inert``: one apostrophe off a cell that it led into a formula-like start."""
    return text.str.replace(r"^'(?='*[=+\-@\t\r])", "", regex=True)


def _read_raw(path: Path) -> tuple[RawTable | None, list[Problem]]:
    import pandas as pd
    name = str(path)
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            records = list(_records(handle))
    except FileNotFoundError:
        return None, [Problem(name, 1, 1, _("file not found"))]
    except IsADirectoryError:
        return None, [Problem(name, 1, 1, _("is a directory, not a CSV file"))]
    except UnicodeDecodeError:
        return None, [not_utf8(path)]
    except csv.Error as error:
        return None, [Problem(name, 1, 1, _("malformed CSV: {error}").format(error=error))]
    if not records:
        return None, [Problem(name, 1, 1, _("empty file: expected a header line"))]
    header, body = [h.strip() for h in records[0][1]], records[1:]
    problems, rows, lines = [], [], []
    for line, row in body:
        if len(row) != len(header):
            problems.append(wrong_field_count(name, line, len(header), len(row)))
            continue
        rows.append(row)
        lines.append(line)
    cells = pd.DataFrame(rows, columns=range(len(header)), dtype=object)
    return RawTable(name, header, cells, np.asarray(lines, dtype=np.int64)), problems


def _records(handle: io.TextIOBase) -> Iterator[tuple[int, list[str]]]:
    """Yield (line the record starts on, fields), skipping blank lines."""
    reader = csv.reader(handle)
    start = 1
    for row in reader:
        if row and any(field.strip() for field in row):
            yield start, row
        start = reader.line_num + 1


def _check_header(raw: RawTable) -> list[Problem]:
    """Unknown and missing columns (a column named twice is refused before, for every format:
    ``formats.checked_format``)."""
    problems = []
    seen: set[str] = set()
    for position, name in enumerate(raw.header, start=1):
        if name not in COLUMNS_BY_NAME:
            problems.append(Problem(raw.path, 1, position, _('unknown column "{column}"').format(column=name)))
        seen.add(name)
    for column in COLUMNS:
        if column.in_header and column.name not in seen:
            problems.append(Problem(raw.path, 1, 1, _('missing column "{column}"').format(column=column.name)))
    return problems


def _positions(raw: RawTable) -> dict[str, int]:
    """Header position (0-based) of each known column, first occurrence only."""
    positions: dict[str, int] = {}
    for position, name in enumerate(raw.header):
        if name in COLUMNS_BY_NAME:
            positions.setdefault(name, position)
    return positions


class _Reporter:
    """Turns a row mask into problems at the right line and column."""

    def __init__(self, raw: RawTable, positions: dict[str, int]):
        self.raw, self.positions, self.problems = raw, positions, []

    def line(self, row: int) -> int:
        return int(self.raw.lines[row])

    def __call__(self, name: str, mask, reason: str, **values) -> None:
        """A problem at each row where ``mask`` holds: ``reason`` (a sentence in the reader's language, translated
        once) with ``{column}`` the column's name and each other placeholder a text, a column's cells (the
        row's cell) or a function of the row."""
        import pandas as pd
        column = self.positions[name] + 1
        for row in np.flatnonzero(np.asarray(mask, dtype=bool)):
            found = {key: value if isinstance(value, str) else value.iat[row] if isinstance(value, pd.Series)
                     else value(row) for key, value in values.items()}
            self.problems.append(Problem(self.raw.path, self.line(row), column, reason.format(column=name, **found)))


def _check_cells(raw: RawTable) -> list[Problem]:
    positions = _positions(raw)
    report = _Reporter(raw, positions)
    text = {name: _cell_text(raw.cells[pos], COLUMNS_BY_NAME[name]) for name, pos in positions.items()}
    for name, values in text.items():
        _check_column(COLUMNS_BY_NAME[name], values, report)
    _check_across_columns(text, report)
    return report.problems


def _check_column(column: Column, values: pd.Series, report: _Reporter) -> None:
    name = column.name
    report(name, values.str.contains("\x00", regex=False), _("{column}: a NUL byte in the value"))
    blank = values == ""
    if column.required:
        report(name, blank, _("{column}: missing date") if column.kind == "date" else _("{column}: missing value"))
    present = ~blank
    if column.kind == "choice":
        unknown = present & ~values.isin(column.choices)
        report(name, unknown, _('{column}: unknown {label} "{value}" (expected one of: {expected})'), value=values,
               label=_(column.term), expected=", ".join(sorted(column.choices)))
    elif column.kind == "date":
        bad = present & _parse_dates(values).isna()
        report(name, bad, _('{column}: unparseable date "{value}" (expected YYYY-MM-DD)'), value=values)
    elif column.kind in ("float", "int"):
        _check_number(column, values, present, report)
    elif column.kind == "url":
        bad = present & ~values.str.match(r"https?://[^\s]+$")
        report(name, bad, _('{column}: not a web address "{value}" (expected http:// or https://)'),
               value=lambda row: values.iat[row][:60])
    elif column.kind == "list":
        items = values.str.split(LIST_SEPARATOR)
        empty_item = present & items.map(lambda parts: any(not p.strip() for p in parts))
        report(name, empty_item, _('{column}: malformed list "{value}" (empty item)'), value=values)
        repeated = present & ~empty_item & items.map(lambda parts: len({p.strip() for p in parts}) != len(parts))
        report(name, repeated, _('{column}: malformed list "{value}" (repeated item)'), value=values)


def _check_number(column: Column, values: pd.Series, present: pd.Series, report: _Reporter) -> None:
    import pandas as pd
    name = column.name
    numbers = pd.to_numeric(values.where(present), errors="coerce")
    if column.kind == "int":
        not_number = present & (numbers.isna() | (numbers % 1 != 0))
        report(name, not_number, _('{column}: not a whole number "{value}"'), value=values)
    else:
        not_number = present & (numbers.isna() | ~np.isfinite(numbers.fillna(0)))
        report(name, not_number, _('{column}: not a number "{value}"'), value=values)
    low, high = column.bounds
    outside = present & ~not_number & ((numbers < low) | (numbers > high))
    if column.kind == "int":
        report(name, outside, _("{column}: must not be negative, found {value}"), value=values)
    else:
        report(name, outside, _("{column}: coordinate out of range: {value} is not between {low} and {high}"),
               value=values, low=formats.number(low), high=formats.number(high))


def _check_across_columns(text: dict[str, pd.Series], report: _Reporter) -> None:
    if "event_id" in text:
        ids = text["event_id"]
        duplicate = ids.duplicated(keep="first") & (ids != "")
        first_row = {}
        for row, value in enumerate(ids):
            first_row.setdefault(value, row)
        # a line number is where to look, written as editors write it (not a count: no grouping)
        report("event_id", duplicate, _('{column}: duplicate id "{value}" (first used on line {line})'),
               value=ids, line=lambda row: report.line(first_row[ids.iat[row]]))
    if "date_start" in text and "date_end" in text:
        start, end = _parse_dates(text["date_start"]), _parse_dates(text["date_end"])
        before = (end < start).fillna(False)
        report("date_end", before, _("{column}: end {end} is before start {start}"),
               end=text["date_end"], start=text["date_start"])
    if "latitude" in text and "longitude" in text:
        has_lat, has_lon = text["latitude"] != "", text["longitude"] != ""
        report("longitude", has_lat ^ has_lon, _("latitude and longitude must both be given or both be empty"))
        if "geo_precision" in text:
            report("geo_precision", has_lat & has_lon & (text["geo_precision"] == ""),
                   _("{column}: missing value (required when coordinates are given)"))


def _parse_dates(values: pd.Series) -> pd.Series:
    import pandas as pd
    return pd.to_datetime(values, format=DATE_FORMAT, errors="coerce")


def _typed(raw: RawTable) -> pd.DataFrame:
    import pandas as pd
    positions = _positions(raw)
    frame = {}
    for column in COLUMNS:
        if column.name in positions:
            values = _cell_text(raw.cells[positions[column.name]], column)
        else:
            values = pd.Series("", index=raw.cells.index, dtype=object)
        frame[column.name] = _typed_column(column, values)
    events = pd.DataFrame(frame)
    events["date_end"] = events["date_end"].fillna(events["date_start"])
    return events


def _cell_text(cells: pd.Series, column: Column) -> pd.Series:
    """A column's cells as read: spaces around them dropped (not tabs or line breaks, which would turn
    "\\r=1" into a formula), and text cells restored from what ``_inert`` wrote."""
    stripped = cells.str.strip(" ")
    return _restored(stripped) if column.kind in TEXT_KINDS else stripped


def _typed_column(column: Column, values: pd.Series) -> pd.Series:
    import pandas as pd
    if column.kind == "date":
        return _parse_dates(values).astype("datetime64[s]")
    if column.kind == "list":
        return values.map(lambda cell: [p.strip() for p in cell.split(LIST_SEPARATOR)] if cell else [])
    if column.kind == "float":
        return pd.to_numeric(values.replace("", np.nan)).astype("float64")
    if column.kind == "int":
        return pd.to_numeric(values.replace("", np.nan)).astype("Int64")
    return values.replace("", pd.NA).astype("str")
