"""The engine's tables — ``events``, ``mentions``, ``names`` — made from events, and rows read back from them.

``events`` holds the data contract's columns in date order, plus ``pos`` (the event's place in that order),
``origin`` (the dataset), ``first_name``, ``first_actor`` and ``people_text``; ``mentions`` one row per actor
an event counts (``pos``, ``actor``, and the ``name`` it is written as), stored by actor; ``names`` every
name written, with the ``actor`` it counts as.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pyarrow as pa

from dashboard.data.origins import origin_of
from dashboard.data.registry import Registry
from dashboard.data.schema import COLUMN_NAMES, DATE_COLUMNS, LIST_COLUMNS

TABLES = ("events", "mentions", "names")
#: Columns of the contract holding whole numbers (missing allowed).
COUNT_COLUMNS = ("fatalities", "fatalities_low", "fatalities_high", "injuries")


def engine_tables(events: pd.DataFrame, registry: Registry | None = None
                  ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The engine's ``events``, ``mentions`` and ``names`` tables for ``events`` (``load_events``' columns),
    names counted as ``registry`` counts them."""
    ordered = events.sort_values(["date_start", "event_id"], kind="stable").reset_index(drop=True)
    table = engine_rows(ordered)
    written = sorted({n for names in ordered["actors"] for n in names})
    counted_as = {n: registry.counted_as(n) if registry else n for n in written}
    table["pos"] = np.arange(len(table), dtype=np.int64)
    table["first_actor"] = [counted_as[names[0]] if len(names) else None for names in ordered["actors"]]
    lengths = ordered["actors"].map(len).to_numpy()
    flat = [n for names in ordered["actors"] for n in names]
    mentions = pd.DataFrame({"pos": np.repeat(table["pos"].to_numpy(), lengths), "name": flat,
                             "actor": [counted_as[n] for n in flat]},
                            columns=["pos", "name", "actor"]).astype({"pos": "int64", "name": "str", "actor": "str"})
    names = pd.DataFrame({"name": list(counted_as), "actor": list(counted_as.values())},
                         columns=["name", "actor"]).astype("str")
    mentions = mentions.drop_duplicates(["pos", "actor"]).sort_values(["actor", "pos"], kind="stable")
    return table, mentions.reset_index(drop=True), names


def engine_rows(events: pd.DataFrame) -> pd.DataFrame:
    """``events`` (``load_events``' columns) with the types every engine reads — text, plain TIMESTAMP —
    and the columns the engine adds that need no registry: ``origin``, ``first_name``, ``people_text``."""
    rows = events[list(COLUMN_NAMES)].reset_index(drop=True)
    for column in rows.columns:
        if isinstance(rows[column].dtype, pd.CategoricalDtype):
            rows[column] = rows[column].astype("str")
    for column in DATE_COLUMNS:
        rows[column] = rows[column].astype("datetime64[us]")
    rows["origin"] = origin_of(rows["source"].astype("category")).astype("str").to_numpy()  # a few sources
    rows["first_name"] = [names[0] if len(names) else None for names in rows["actors"]]
    rows["people_text"] = rows["people"].map(" ".join).str.lower()
    return rows


def create_tables(con, tables) -> None:
    """Copy the engine's tables (frames in ``TABLES`` order) into the DuckDB connection ``con``, lists as
    lists of text even when every one is empty."""
    for name, frame in zip(TABLES, tables, strict=True):
        columns = {c: pa.array(frame[c], type=pa.list_(pa.string()) if c in LIST_COLUMNS else None, from_pandas=True)
                   for c in frame.columns}
        con.register("incoming", pa.table(columns))
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM incoming")
        con.unregister("incoming")


def restore_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows from an engine with ``load_events``' types (lists as lists, text as strings, dates as datetimes)."""
    for column in (c for c in LIST_COLUMNS if c in frame):
        frame[column] = [list(v) if v is not None and not (isinstance(v, float) and math.isnan(v)) else []
                         for v in frame[column]]
    for column in frame.columns:
        if column in DATE_COLUMNS:
            frame[column] = pd.to_datetime(frame[column]).astype("datetime64[s]")
        elif column in COUNT_COLUMNS:
            frame[column] = frame[column].astype("Int64")
        elif frame[column].dtype == object and column not in LIST_COLUMNS:
            frame[column] = frame[column].astype("str")
    return frame.reset_index(drop=True)
