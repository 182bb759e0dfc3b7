"""Reading CSV records with Python, keeping the line each starts on.

DuckDB reads exports (``dashboard.data.importing``); Python reads a file's header, its first records (a
second header row of HXL hashtags, ``#event+code, …``, as in Humanitarian Data Exchange exports, is
recognised and skipped), and the whole of a file DuckDB's strict reader refuses, naming each record it
cannot use by its line.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

from dashboard.data.problems import Problem, not_utf8, wrong_field_count
from dashboard.language import _


class UnreadableFile(Exception):
    """The file cannot be read as CSV at all; carries the one problem."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


def read_header(path: Path) -> list[str]:
    """The first row of a CSV file. Raises ``UnreadableFile``."""
    records = read_records(path, 1)
    return [h.strip() for h in records[0]] if records else []


def read_records(path: Path, count: int) -> list[list[str]]:
    """The first ``count`` records of a CSV file (fewer when it has fewer). Raises ``UnreadableFile``."""
    name = str(path)
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            return [row for _number, row in zip(range(count), reader, strict=False)]
    except FileNotFoundError:
        raise UnreadableFile(Problem(name, 1, 1, _("file not found"))) from None
    except IsADirectoryError:
        raise UnreadableFile(Problem(name, 1, 1, _("is a directory, not a CSV file"))) from None
    except UnicodeDecodeError:
        raise UnreadableFile(not_utf8(path)) from None
    except csv.Error as error:
        raise UnreadableFile(Problem(name, 1, 1, _("malformed CSV: {error}").format(error=error))) from None


HXL_TAG = re.compile(r"^#[a-z][a-z0-9_]*(\s*\+\s*[a-z][a-z0-9_]*)*$", re.IGNORECASE)


def is_hxl_row(cells: list[str]) -> bool:
    """Whether a row is HXL hashtags (Humanitarian Data Exchange): every non-empty cell a tag such as
    ``#event+code``, however many cells are empty — HDX exports may leave the first ones blank."""
    filled = [str(c).strip() for c in cells if str(c).strip()]
    return bool(filled) and all(HXL_TAG.match(c) for c in filled)


#: Records a chunk of ``records`` holds.
CHUNK_RECORDS = 100_000


def records(path: Path, width: int, *, skip: int = 0) -> Iterator[tuple[list[list[str]], list[int], list[Problem]]]:
    """The records of ``path`` after its header (and ``skip`` more), a chunk at a time: their cells (a short
    record padded with empty cells), the line each starts on, and the records with more than ``width``
    fields, left out as problems. Blank lines are skipped. Raises ``UnreadableFile`` at the line where the
    file stops being UTF-8 text or CSV."""
    name = str(path)
    rows: list[list[str]] = []
    lines: list[int] = []
    problems: list[Problem] = []
    start = 1
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            for row in reader:
                if row and start > 1 and skip:
                    skip -= 1
                elif row and start > 1:
                    if len(row) > width:
                        problems.append(wrong_field_count(name, start, width, len(row)))
                    else:
                        rows.append(row + [""] * (width - len(row)))
                        lines.append(start)
                start = reader.line_num + 1
                if len(rows) >= CHUNK_RECORDS:
                    yield rows, lines, problems
                    rows, lines, problems = [], [], []
    except UnicodeDecodeError:
        raise UnreadableFile(not_utf8(path)) from None
    except csv.Error as error:
        raise UnreadableFile(Problem(name, start, 1, _("malformed CSV: {error}").format(error=error))) from None
    yield rows, lines, problems
