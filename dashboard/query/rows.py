"""The engine's questions that return events themselves: a table page in any order, an export's chunks.

Each is one question of the engine (``Engine.ask``), its offsets and cursors as slots, so every page and every
chunk of a view runs the same compiled query.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import ibis
import ibis.expr.types as ir
import pandas as pd
import pyarrow as pa

from dashboard.data.schema import COLUMN_NAMES
from dashboard.data.tables import contract_frame
from dashboard.query.filter import Filter
from dashboard.query.prepared import slot


def page(engine, flt: Filter, key: str | None, descending: bool, start: int, end: int) -> pd.DataFrame:
    """Rows ``start``..``end`` of what ``flt`` keeps, ordered by ``key`` (an events column; date order when
    None)."""
    def build(kept: ir.Table) -> ir.Table:
        if key is None:
            order = [kept.pos]
        else:
            value = kept.first_name.fill_null("") if key == "actors" else kept[key]
            if key == "fatalities":
                value = value.fill_null(-1)
            elif key != "actors":
                value = value.cast("string").fill_null("")
            order = [value.desc(), kept.pos.desc()] if descending else [value, kept.pos]
        if engine.name == "pyspark":  # no OFFSET there: number the rows instead
            numbered = kept.mutate(_n=ibis.row_number().over(order_by=order))
            first = slot("first", "int64")
            chosen = numbered.filter(numbered._n >= first, numbered._n < first + slot("rows", "int64"))
            return chosen.order_by("_n").select(*COLUMN_NAMES)
        return kept.order_by(order).limit(slot("rows", "int64"), offset=slot("first", "int64")).select(*COLUMN_NAMES)

    found = engine.ask(("page", key, descending), flt, build, {"first": int(start), "rows": max(end - start, 0)})
    return contract_frame(found)


def chunks_arrow(engine, flt: Filter, size: int, columns: Sequence[str] = COLUMN_NAMES) -> Iterator[pa.Table]:
    """The events ``flt`` keeps in date order, ``size`` at a time, as Arrow tables of ``columns`` (each chunk one
    query after the last one's position: memory stays flat)."""
    columns = tuple(columns)

    def build(kept: ir.Table) -> ir.Table:
        return kept.filter(kept.pos > slot("after", "int64")).order_by("pos").limit(size).select(*columns, "pos")

    after = -1
    while True:
        chunk = engine.ask(("chunk", size, columns), flt, build, {"after": after})
        if not chunk.num_rows:
            return
        after = chunk.column("pos")[-1].as_py()
        yield chunk.drop_columns(["pos"])
        if chunk.num_rows < size:
            return
