"""A Parquet copy of each imported file, so the next start skips parsing it again.

The copy is keyed by the file's path, size and modification time, the format,
``strict`` and the data contract's columns: change any and the file is read
afresh. A copy that cannot be written or read is simply not used.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.data.problems import Problem
from dashboard.data.schema import COLUMN_NAMES, LIST_COLUMNS

LOG = logging.getLogger(__name__)
VERSION = "1"


def cache_key(path: Path, fmt: str, strict: bool) -> str:
    stat = path.stat()
    text = json.dumps([VERSION, str(path.resolve()), stat.st_size, stat.st_mtime_ns, fmt, strict, COLUMN_NAMES])
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def load(directory: Path, key: str) -> tuple[pd.DataFrame, np.ndarray, list[Problem]] | None:
    """The cached events, lines and skipped rows for ``key``, or None."""
    table, notes = directory / f"{key}.parquet", directory / f"{key}.json"
    if not (table.is_file() and notes.is_file()):
        return None
    try:
        frame = pd.read_parquet(table)
        skipped = [Problem(*p) for p in json.loads(notes.read_text())]
    except Exception as error:  # a damaged copy is ignored, and rebuilt on this start
        LOG.warning("ignoring the cached copy %s: %s", table, error)
        return None
    lines = frame.pop("_line").to_numpy()
    return restored(frame), lines, skipped


def restored(frame: pd.DataFrame) -> pd.DataFrame:
    """Events read back from a columnar copy, with ``load_events``' types: lists as Python lists, text as
    pandas strings, the contract's columns in order."""
    for column in LIST_COLUMNS:
        frame[column] = [list(v) for v in frame[column]]
    for column in frame.columns:
        if frame[column].dtype == object and column not in LIST_COLUMNS:
            frame[column] = frame[column].astype("str")
    return frame[list(COLUMN_NAMES)]


def store(directory: Path, key: str, events: pd.DataFrame, lines: np.ndarray, skipped: list[Problem]) -> None:
    """Write the copy; any failure is logged and forgotten."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        partial = directory / f"{key}.parquet.partial"
        events.assign(_line=lines).to_parquet(partial, index=False)
        (directory / f"{key}.json").write_text(json.dumps([[p.path, p.line, p.column, p.message] for p in skipped]))
        partial.replace(directory / f"{key}.parquet")
    except Exception as error:
        LOG.warning("could not cache %s: %s", key, error)
