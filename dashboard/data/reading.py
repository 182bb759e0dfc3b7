"""Reading large delimited exports fast, keeping the file line of every row.

Used by the ACLED and UCDP importers, which must open files of a million rows.
pandas' C parser reads the cells as text; rows it cannot split are reported as
problems (with their line) rather than stopping the read. A second header row
of HXL hashtags (``#event+code, …``), as in Humanitarian Data Exchange
exports, is recognised and skipped.
"""

from __future__ import annotations

import csv
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.data.problems import Problem

BAD_LINE = re.compile(r"Skipping line (\d+): expected (\d+) fields, saw (\d+)")


@dataclass(frozen=True)
class Table:
    """A file's cells as text, the line each row starts on, and rows that could not be read."""

    path: str
    header: list[str]
    cells: pd.DataFrame
    lines: np.ndarray
    problems: list[Problem] = field(default_factory=list)


class UnreadableFile(Exception):
    """The file cannot be read as CSV at all; carries the one problem."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


def read_header(path: Path) -> list[str]:
    """The first row of a CSV file. Raises ``UnreadableFile``."""
    name = str(path)
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            return [h.strip() for h in next(csv.reader(handle), [])]
    except FileNotFoundError:
        raise UnreadableFile(Problem(name, 1, 1, "file not found")) from None
    except IsADirectoryError:
        raise UnreadableFile(Problem(name, 1, 1, "is a directory, not a CSV file")) from None
    except UnicodeDecodeError as error:
        raise UnreadableFile(Problem(name, 1, 1, f"not UTF-8 text ({error.reason} at byte {error.start})")) from None
    except csv.Error as error:
        raise UnreadableFile(Problem(name, 1, 1, f"malformed CSV: {error}")) from None


HXL_TAG = re.compile(r"^#[a-z][a-z0-9_]*(\s*\+\s*[a-z][a-z0-9_]*)*$", re.IGNORECASE)


def is_hxl_row(cells: list[str]) -> bool:
    """Whether a row is HXL hashtags (Humanitarian Data Exchange): every non-empty cell a tag such as
    ``#event+code``, however many cells are empty — HDX exports may leave the first ones blank."""
    filled = [str(c).strip() for c in cells if str(c).strip()]
    return bool(filled) and all(HXL_TAG.match(c) for c in filled)


def read_table(path: Path) -> Table:
    """Read every cell of ``path`` as text. Raises ``UnreadableFile`` for a file that is not CSV text."""
    name = str(path)
    header = read_header(path)
    if not header:
        raise UnreadableFile(Problem(name, 1, 1, "empty file: expected a header line"))
    bad: dict[int, str] = {}
    try:
        # pyarrow's multi-threaded reader is several times faster; it refuses files with ragged rows or
        # line breaks inside quotes, which the C parser below then reads row by row.
        cells = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig", engine="pyarrow")
    except Exception:
        cells, bad = _read_with_c_parser(path, name)
    cells.columns = [str(c).strip() for c in cells.columns]
    first_line = 2
    if len(cells) and is_hxl_row(cells.iloc[0].tolist()):
        cells = cells.iloc[1:].reset_index(drop=True)  # the HXL hashtag row: labels, not data
        first_line = 3
    lines = _row_lines(path, cells, first_line, set(bad))
    problems = [Problem(name, line, 1, message) for line, message in sorted(bad.items())]
    return Table(name, header, cells, lines, problems)


def _read_with_c_parser(path: Path, name: str) -> tuple[pd.DataFrame, dict[int, str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            cells = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8-sig",
                                on_bad_lines="warn", engine="c", skip_blank_lines=True)
        except UnicodeDecodeError as error:
            raise UnreadableFile(Problem(name, 1, 1, f"not UTF-8 text ({error.reason})")) from None
        except (pd.errors.ParserError, ValueError) as error:
            raise UnreadableFile(Problem(name, 1, 1, f"malformed CSV: {str(error).strip()}")) from None
    bad = {}
    for warning in caught:
        for line, expected, saw in BAD_LINE.findall(str(warning.message)):
            bad[int(line)] = f"expected {expected} fields, found {saw}"
    return cells, bad


def _row_lines(path: Path, cells: pd.DataFrame, first_line: int, bad: set[int]) -> np.ndarray:
    """The line each row starts on, allowing for quoted line breaks and skipped bad lines."""
    with path.open("rb") as handle:
        total_newlines = sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 24), b""))
    rows = len(cells)
    plain = first_line - 1 + rows + len(bad)
    if not bad and total_newlines in (plain, plain - 1):
        return np.arange(first_line, first_line + rows, dtype=np.int64)
    extra = np.zeros(rows, dtype=np.int64)
    for column in cells.columns:
        extra += cells[column].str.count("\n").to_numpy(dtype=np.int64)
    lines = np.empty(rows, dtype=np.int64)
    line = first_line
    for i in range(rows):
        while line in bad:
            line += 1
        lines[i] = line
        line += 1 + int(extra[i])
    return lines
