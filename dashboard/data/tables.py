"""The engine's tables — ``events``, ``mentions``, ``names`` — made in DuckDB from staged events, and rows read
back from them with ``load_events``' types.

Every way events reach the engine — a store made by ``import``, a file served with ``--data``, the bundled
events held in memory — ends in ``build_tables``, which makes the three tables in SQL from a relation of
events with the contract's columns, the same way for all:

- ``events``: the contract's columns in date order, plus ``pos`` (the event's place in that order),
  ``origin`` (the dataset: "ACLED", "UCDP GED" or the curated data's outlet), ``first_name``,
  ``first_actor`` (the first name and the actor it counts as) and ``people_text``;
- ``mentions``: one row per actor an event counts (``pos``, ``actor``, and the ``name`` written), by actor;
- ``names``: every name written, with the ``actor`` it counts as.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa

from dashboard.data.conversion import Later, literal
from dashboard.data.formats import imported_origins
from dashboard.data.registry import Registry
from dashboard.data.schema import COLUMN_NAMES, COLUMNS

if TYPE_CHECKING:  # pandas is imported where it is used: a command that needs none starts faster
    import pandas as pd

TABLES = ("events", "mentions", "names")
#: Arrow type of each kind of contract column.
ARROW_TYPES = {"list": pa.list_(pa.string()), "date": pa.timestamp("us"), "int": pa.int64(), "float": pa.float64(),
               "text": pa.string(), "url": pa.string(), "choice": pa.string()}


def register_events(con, name: str, events: pd.DataFrame, lines=None) -> str:
    """``events`` (``load_events``' columns) as the relation ``name`` of ``con``, with the line each came from
    (``_line``; from 2 when not given). Returns SQL of its rows."""
    arrays = {c.name: _arrow_column(events[c.name], c.kind) for c in COLUMNS}
    lines = np.arange(2, len(events) + 2) if lines is None else np.asarray(lines)
    con.register(name, pa.table({**arrays, "_line": pa.array(lines.astype(np.int64))}))
    return f"SELECT * FROM {name}"


def _arrow_column(values: pd.Series, kind: str) -> pa.Array:
    import pandas as pd
    if kind == "list":
        return pa.array([list(v) if isinstance(v, (list, tuple, np.ndarray)) else [] for v in values],
                        type=ARROW_TYPES["list"])
    if kind == "date":
        return pa.array(pd.to_datetime(values).astype("datetime64[us]"), type=ARROW_TYPES["date"], from_pandas=True)
    if kind in ("int", "float"):
        numbers = pd.to_numeric(values, errors="coerce").astype("float64" if kind == "float" else "Int64")
        return pa.array(numbers, type=ARROW_TYPES[kind], from_pandas=True)
    return pa.array(values.astype(object).where(values.notna(), None), type=pa.string(), from_pandas=True)


def origin_sql(source: str) -> str:
    """SQL for ``origins.origin_of``: the dataset an event comes from, read from its source."""
    imported = " ".join(f"WHEN starts_with({source}, {literal(name)}) THEN {literal(name)}"
                        for name in imported_origins())
    outlet = f"trim(split_part(split_part({source}, ',', 1), ' with ', 1))"
    return f"(CASE {imported} ELSE coalesce(nullif({outlet}, ''), 'Unnamed source') END)"


def build_tables(con, rows: str, registry: Registry | None) -> int:
    """Make ``events``, ``mentions`` and ``names`` in ``con`` from ``rows`` (SQL of events with the contract's
    columns), names counted as ``registry`` counts them. Returns the number of events."""
    create_events(con, rows)
    return finish_tables(con, registry)


def create_events(con, rows: str, *, keep: tuple[str, ...] = (), later: Mapping[int, Later] | None = None) -> None:
    """The ``events`` table of ``rows``, sorted by date, with the engine's columns (``first_actor`` and ``pos``
    left for ``finish_tables``) and the columns of ``rows`` named in ``keep``. ``later``: for a file's rows
    (``keep`` has ``_file``), the columns its rules work out after the sort, from the others and the helpers
    the rows carry instead (``Conversion.select(sorting=True)``)."""
    later = later or {}
    finish = after_sort(later)
    carried = sorted({name for rules in later.values() for name in rules.carried})
    # a column is left out of the sort only when every file's rules work it out after it
    worked_out = {c for c in finish.columns if all(c in rules.columns for rules in later.values())}
    columns = ", ".join(f'r."{c}"' for c in (*COLUMN_NAMES, *keep, *carried) if c not in worked_out)
    # Sorted by date (a sort DuckDB spills to disk) and written in that order: an event's row number is its
    # place in date order, ``pos`` (numbering them in the same statement costs a window over every row). The
    # columns worked out from others are worked out after the sort, not carried through it.
    with _in_order(con):
        con.execute(f"""CREATE TABLE events AS
            SELECT f.*, {origin_sql('f.source')} AS origin, f.actors[1] AS first_name,
                   lower(array_to_string(f.people, ' ')) AS people_text, NULL::VARCHAR AS first_actor, 0::BIGINT AS pos
            FROM (SELECT {finish.finished(keep)} FROM (SELECT {columns} FROM ({rows}) r
                                                       ORDER BY r.date_start, r.event_id) s) f""")


def after_sort(later: Mapping[int, Later]) -> Later:
    """One ``Later`` for the rows of several files (``later``: each file's, by its number, ``_file``): a column
    worked out by each file's own rules, or taken as it came from a file whose rules give it at once."""
    columns = {}
    for name in dict.fromkeys(c for rules in later.values() for c in rules.columns):
        ways: dict[str, list[int]] = {}
        for number, rules in later.items():
            ways.setdefault(rules.columns.get(name, f'"{name}"'), []).append(number)
        if len(ways) == 1:
            columns[name] = next(iter(ways))
        else:
            cases = " ".join(f"WHEN _file IN ({', '.join(map(str, numbers))}) THEN {sql}"
                             for sql, numbers in ways.items())
            columns[name] = f"(CASE {cases} END)"
    return Later(columns)


@contextlib.contextmanager
def _in_order(con):
    """Rows written in the order the statement gives them (whatever the connection's setting was before)."""
    kept = con.execute("SELECT current_setting('preserve_insertion_order')").fetchall()[0][0]
    con.execute("SET preserve_insertion_order = true")
    try:
        yield
    finally:
        con.execute(f"SET preserve_insertion_order = {str(bool(kept)).lower()}")


def finish_tables(con, registry: Registry | None) -> int:
    """Number the ``events`` in their order, count their names as ``registry`` does (``names``, each event's
    ``first_actor``) and list their ``mentions``. Returns the number of events."""
    con.execute("UPDATE events SET pos = rowid")
    written = [row[0] for row in con.execute(
        "SELECT DISTINCT name FROM (SELECT unnest(actors) AS name FROM events) ORDER BY name").fetchall()]
    actors = [registry.counted_as(n) if registry else n for n in written]
    con.execute("CREATE TABLE names AS SELECT unnest(?::VARCHAR[]) AS name, unnest(?::VARCHAR[]) AS actor",
                [written, actors])
    con.execute("UPDATE events SET first_actor = names.actor FROM names WHERE events.first_name = names.name")
    _create_mentions(con, written, actors)
    return int(con.execute("SELECT count(*) FROM events").fetchall()[0][0])


def _create_mentions(con, written: list[str], actors: list[str]) -> None:
    """``mentions``: one row per event and actor it counts, the first name written for it; sorted by actor (a
    filter reads only its own rows). Only numbers are sorted — the actor's and the name's, each its place in
    the sorted lists of actors and of names — and the texts are looked up in those lists once in order: sorting
    the texts with the rows took 2.2 s at 3,000,000 events, mostly moving them to disk and back, against 0.9.
    Only an actor written under several names can come twice in an event: only its rows are grouped."""
    counted = sorted(set(actors))
    number = {actor: n for n, actor in enumerate(counted, start=1)}
    several = {actor for actor, times in Counter(actors).items() if times > 1}
    con.execute("""CREATE TEMP TABLE name_numbers AS SELECT unnest(?::VARCHAR[]) AS name,
                   unnest(range(1, ?)) AS name_no, unnest(?::INTEGER[]) AS actor_no, unnest(?::BOOLEAN[]) AS several""",
                [written, len(written) + 1, [number[a] for a in actors], [a in several for a in actors]])
    with _in_order(con):
        con.execute("""CREATE TABLE mentions AS
            WITH written AS (SELECT m.pos, c.name_no, m.nth, c.actor_no, c.several FROM (
                 SELECT pos, unnest(actors) AS name, generate_subscripts(actors, 1) AS nth FROM events) m
                 JOIN name_numbers c USING (name)),
             sorted AS (SELECT pos, name_no, actor_no FROM (
                 SELECT pos, name_no, actor_no FROM written WHERE NOT several
                 UNION ALL
                 SELECT pos, arg_min(name_no, nth), actor_no FROM written WHERE several GROUP BY pos, actor_no)
                 ORDER BY actor_no, pos)
            SELECT pos, (?::VARCHAR[])[name_no] AS name, (?::VARCHAR[])[actor_no] AS actor FROM sorted""",
                    [written, counted])
    con.execute("DROP TABLE name_numbers")


def contract_frame(table: pa.Table) -> pd.DataFrame:
    """Rows as an Arrow table (contract columns, and any others) as a frame with ``load_events``' types: dates
    ``datetime64[s]``, lists as lists, numbers ``float64`` and ``Int64``, text as strings (missing: NA)."""
    import pandas as pd
    kinds = {c.name: c.kind for c in COLUMNS}
    frame = {}
    for name in table.column_names:
        values, kind = table.column(name), kinds.get(name)
        if kind == "list":
            frame[name] = pd.Series([v if v is not None else [] for v in values.to_pylist()], dtype=object)
        elif kind == "date":
            frame[name] = values.cast(pa.timestamp("s")).to_pandas()
        elif kind == "int":
            frame[name] = values.to_pandas().astype("Int64")
        elif kind == "float":
            frame[name] = values.to_pandas().astype("float64")
        else:
            frame[name] = values.to_pandas().astype("str") if pa.types.is_string(values.type) else values.to_pandas()
    return pd.DataFrame(frame, columns=table.column_names)


def hold_events(con, events: pd.DataFrame, registry: Registry | None) -> int:
    """Make the engine's tables in ``con`` from ``events`` (``load_events``' columns)."""
    total = build_tables(con, register_events(con, "held_events", events), registry)
    con.unregister("held_events")
    return total


def engine_tables(events: pd.DataFrame, registry: Registry | None = None) -> tuple[pa.Table, pa.Table, pa.Table]:
    """The engine's tables for ``events``, as Arrow tables in ``TABLES`` order (to load into another engine)."""
    import duckdb

    with duckdb.connect() as con:
        hold_events(con, events, registry)
        return tuple(con.sql(f"SELECT * FROM {name}").to_arrow_table() for name in TABLES)


def fingerprint(con) -> str:
    """A short mark of the events table in ``con`` (count, and a hash of ids, titles, dates and places), to key
    caches shared between hosts: the same events give the same mark however they were loaded."""
    total, digest = con.execute("""SELECT count(*), bit_xor(hash(event_id, title, date_start, date_end, latitude,
                                   longitude)) FROM events""").fetchall()[0]
    return f"{total:x}-{int(digest or 0) & (2**64 - 1):016x}"
