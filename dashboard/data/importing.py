"""What the ACLED and UCDP importers share: row problems with their lines, and the contract's frame."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from dashboard.data.problems import Problem
from dashboard.data.reading import Table
from dashboard.data.schema import COLUMNS

DATE = "%Y-%m-%d"


@dataclass
class RowCheck:
    """Collects rows that cannot be imported, each with its line, column and reason."""

    table: Table
    bad: np.ndarray = field(init=False)
    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self):
        self.bad = np.zeros(len(self.table.cells), dtype=bool)

    def column_number(self, name: str) -> int:
        return self.table.header.index(name) + 1 if name in self.table.header else 1

    def reject(self, mask, column: str, reason) -> None:
        """Mark rows in ``mask`` as not importable; ``reason(row)`` says why."""
        mask = np.asarray(mask, dtype=bool) & ~self.bad
        number = self.column_number(column)
        for row in np.flatnonzero(mask):
            self.problems.append(Problem(self.table.path, int(self.table.lines[row]), number, reason(row)))
        self.bad |= mask


def text(cells: pd.DataFrame, name: str) -> pd.Series:
    """A column's stripped text, or empty strings when the file lacks it."""
    if name in cells:
        return cells[name].str.strip()
    return pd.Series("", index=cells.index, dtype="str")


def dates(values: pd.Series, *formats: str) -> pd.Series:
    """Parse dates trying each format in turn; NaT where none fits."""
    parsed = pd.to_datetime(values, format=formats[0], errors="coerce")
    for fmt in formats[1:]:
        missing = parsed.isna() & (values != "")
        if missing.any():
            parsed[missing] = pd.to_datetime(values[missing], format=fmt, errors="coerce")
    return parsed


def numbers(values: pd.Series) -> pd.Series:
    """Numbers from text; NaN where empty or not a number."""
    return pd.to_numeric(values.where(values != ""), errors="coerce")


def actor_lists(*columns: pd.Series) -> list[list[str]]:
    """Per row, the distinct names in the given columns (each may hold ``;``-separated names).

    Rows naming the same actors share one list, and equal names one string object: a million rows name
    a few hundred actors in a few thousand combinations.
    """
    shared: dict[str, str] = {}
    rows: dict[tuple[str, ...], list[str]] = {}

    def names_in(cells: tuple[str, ...]) -> list[str]:
        row: list[str] = []
        for cell in cells:
            for name in cell.split(";") if cell else ():
                name = shared.setdefault(name.strip(), name.strip())
                if name and name not in row:
                    row.append(name)
        if len(rows) < 100_000:
            rows[cells] = row
        return row

    return [rows.get(cells) or names_in(cells) for cells in zip(*(c.tolist() for c in columns), strict=True)]


def contract_frame(columns: dict[str, object], keep: np.ndarray) -> pd.DataFrame:
    """The data contract's columns, in order, for the rows in ``keep``; missing columns empty."""
    rows = int(keep.sum())
    frame = {}
    for column in COLUMNS:
        value = columns.get(column.name)
        if value is None:
            series = pd.Series([pd.NA] * rows, dtype=_dtype(column.kind)) if column.kind != "list" else \
                pd.Series([[] for _ in range(rows)], dtype=object)
        elif isinstance(value, list):
            series = pd.Series(value if keep.all() else [v for v, k in zip(value, keep, strict=True) if k],
                               dtype=object)
        else:
            series = pd.Series(value)[keep].reset_index(drop=True)
            series = _typed(series, column.kind)
        frame[column.name] = series.reset_index(drop=True)
    return pd.DataFrame(frame)


def _dtype(kind: str) -> str:
    return {"date": "datetime64[s]", "float": "float64", "int": "Int64"}.get(kind, "str")


def _typed(series: pd.Series, kind: str) -> pd.Series:
    if kind == "date":
        return series.astype("datetime64[s]")
    if kind == "float":
        return series.astype("float64")
    if kind == "int":
        return series.astype("Float64").round().astype("Int64")
    return series.replace("", pd.NA).astype("str")
