"""Data in: the events table every view, export and the CLI work from.

``load_events()`` is the one way in. It returns a new DataFrame, one row per
event, with the columns of ``dashboard.data.schema.COLUMNS`` in that order:

- ``date_start``/``date_end``: ``datetime64[s]`` at day resolution, end >= start;
- ``actors``/``people``: Python lists of str (empty list when none);
- ``latitude``/``longitude``: float64, NaN when unknown;
- ``fatalities``/``injuries``: nullable ``Int64``;
- text columns: pandas strings, ``<NA>`` when empty.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.data.native import read_events_csv, write_events_csv
from dashboard.data.problems import DatasetError, Problem

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
BUNDLED_EVENTS = DATA_DIR / "events.csv"

__all__ = ["BUNDLED_EVENTS", "DATA_DIR", "DatasetError", "Problem", "load_events", "write_events"]


def load_events(paths: Iterable[str | Path] | None = None) -> pd.DataFrame:
    """Load events from ``paths`` (the bundled dataset when None) into one table.

    Every file is checked whole before anything is returned. Raises
    ``DatasetError`` with every problem found (``file:line:column: message``),
    including ids repeated across files; never returns a partial dataset.
    """
    paths = [BUNDLED_EVENTS] if paths is None else [Path(p) for p in paths]
    if not paths:
        raise ValueError("load_events() needs at least one path")
    files, problems = [], []
    for path in paths:
        try:
            files.append((path, *read_events_csv(path)))
        except DatasetError as error:
            problems += error.problems
    problems += _ids_repeated_across(files)
    if problems:
        raise DatasetError(problems)
    return pd.concat([frame for _, frame, _ in files], ignore_index=True)


def write_events(events: pd.DataFrame, target) -> None:
    """Write events as the project's CSV (what ``load_events`` reads back unchanged)."""
    write_events_csv(events, target)


def _ids_repeated_across(files: list[tuple[Path, pd.DataFrame, np.ndarray]]) -> list[Problem]:
    first: dict[str, str] = {}
    problems = []
    for path, frame, lines in files:
        for value, line in zip(frame["event_id"], lines, strict=False):
            if value in first:
                problems.append(Problem(str(path), int(line), 1, f'event_id: duplicate id "{value}" (also in {first[value]})'))
            else:
                first[value] = f"{path}:{line}"
    return problems
