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

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from dashboard.data.native import write_events_csv
from dashboard.data.problems import DatasetError, Problem
from dashboard.language import _
from dashboard.paths import DATA_DIR

if TYPE_CHECKING:  # pandas is imported where it is used: a command that needs none starts faster
    import pandas as pd

BUNDLED_EVENTS = DATA_DIR / "events.csv"

__all__ = ["BUNDLED_EVENTS", "DATA_DIR", "DatasetError", "Imported", "Problem", "import_events", "load_events",
           "write_events"]
LOG = logging.getLogger(__name__)


@dataclass(frozen=True)
class Imported:
    """Loaded events, the rows left out of imports (with file, line and reason), and each file's format."""

    events: pd.DataFrame
    skipped: list[Problem]
    formats: dict[str, str]


def import_events(paths: str | Path | Iterable[str | Path] | None = None, *, fmt: str | None = None,
                  strict: bool = False) -> Imported:
    """Load events from ``paths`` (one path, several, or the bundled dataset when None), in ``fmt`` or as
    detected.

    The project's own CSV is checked whole; ACLED and UCDP exports load every
    valid row and list the others in ``skipped`` (``strict`` refuses them
    instead). Raises ``DatasetError`` with every problem found, including ids repeated
    across files.
    """
    import pandas as pd
    from dashboard.data.importing import import_file

    if paths is None:
        paths = [BUNDLED_EVENTS]
    elif isinstance(paths, (str, Path)):
        paths = [Path(paths)]
    else:
        paths = [Path(p) for p in paths]
    if not paths:
        raise ValueError("load_events() needs at least one path")
    files, problems = [], []
    for path in paths:
        try:
            files.append(import_file(path, fmt, strict=strict))
        except DatasetError as error:
            problems += error.problems
    problems += _ids_repeated_across([(f.path, f.events, f.lines) for f in files])
    if problems:
        raise DatasetError(problems)
    events = pd.concat([f.events for f in files], ignore_index=True) if len(files) > 1 else files[0].events
    return Imported(events, [p for f in files for p in f.skipped], {str(f.path): f.format for f in files})


def load_events(paths: str | Path | Iterable[str | Path] | None = None, *, fmt: str | None = None,
                strict: bool = False) -> pd.DataFrame:
    """The events of ``paths`` (the bundled dataset when None); see ``import_events``.

    Never returns a partially read native file; rows of ACLED or UCDP exports
    that cannot be imported are left out and logged (``import_events`` lists them).
    """
    imported = import_events(paths, fmt=fmt, strict=strict)
    if imported.skipped:
        LOG.warning("%d rows could not be imported, e.g. %s", len(imported.skipped), imported.skipped[0])
    return imported.events


def write_events(events: pd.DataFrame, target, *, header: bool = True) -> None:
    """Write events as the project's CSV (what ``load_events`` reads back unchanged)."""
    write_events_csv(events, target, header=header)


def _ids_repeated_across(files: list[tuple[Path, pd.DataFrame, np.ndarray]]) -> list[Problem]:
    first: dict[str, str] = {}
    problems = []
    for path, frame, lines in files:
        for value, line in zip(frame["event_id"], lines, strict=False):
            if value in first:
                problems.append(Problem(str(path), int(line), 1, _('{column}: duplicate id "{value}" (also in {place})')
                                        .format(column="event_id", value=value, place=first[value])))
            else:
                first[value] = f"{path}:{line}"
    return problems
