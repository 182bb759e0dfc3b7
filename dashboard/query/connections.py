"""Where the engine's tables live and how a prepared question runs there.

``DuckDB`` is the embedded engine: a store file every worker opens read-only, or events held in memory.
Each process opens its own database on first use (never across a fork) and each thread queries through
its own cursor, binding a question's values as parameters. ``Backend`` is any other ibis backend (Spark,
ClickHouse, Trino, …), shared by every thread; its questions run as ibis expressions.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping

import duckdb
import ibis
import ibis.expr.types as ir
import pandas as pd
import pyarrow as pa

from dashboard.data.registry import Registry
from dashboard.query.prepared import Prepared, prepare
from dashboard.data.tables import fingerprint, hold_events


class DuckDB:
    """Embedded DuckDB. Tables are described once per process (their schemas), and the questions over them
    are compiled to SQL once, whichever thread asks."""

    name = "duckdb"
    parameters = True

    def __init__(self, path: str | None = None, frame: pd.DataFrame | None = None, *, memory_limit: str = "",
                 threads: int = 0, registry: Registry | None = None):
        self.path, self.frame, self.registry = path, frame, registry
        self.config = {k: v for k, v in (("memory_limit", memory_limit), ("threads", threads)) if v}
        self._local = threading.local()
        self._root: tuple[int, object] | None = None
        self._lock = threading.Lock()
        self._schemas: dict[str, ibis.Schema] = {}
        #: Frames every cursor sees as views (the registry's names when it changed since the import).
        self._frames: dict[str, pd.DataFrame] = {}

    def _database(self):
        with self._lock:
            if self._root is None or self._root[0] != os.getpid():
                if self.path is not None:
                    root = duckdb.connect(self.path, read_only=True, config=self.config)
                else:
                    root = duckdb.connect(config=self.config)
                    hold_events(root, self.frame, self.registry)
                self._root = (os.getpid(), root)
            return self._root[1]

    def cursor(self):
        """This thread's cursor (one per thread and process)."""
        mine = getattr(self._local, "cursor", None)
        if mine is None or mine[0] != os.getpid():
            cursor = self._database().cursor()
            for name, frame in self._frames.items():
                cursor.register(name, frame)
            mine = self._local.cursor = (os.getpid(), cursor)
        return mine[1]

    def table(self, name: str) -> ir.Table:
        """The table ``name`` to build questions on (not bound to a connection: the SQL names it)."""
        schema = self._schemas.get(name)
        if schema is None:
            schema = self._schemas[name] = ibis.duckdb.from_connection(self.cursor()).table(name).schema()
        return ibis.table(schema, name=name)

    def frame_table(self, name: str, frame: pd.DataFrame) -> ir.Table:
        """``frame`` as a table of every cursor, under ``name``."""
        self._frames[name] = frame
        self._local = threading.local()  # cursors made from now on register it
        self._schemas.pop(name, None)
        return self.table(name)

    def prepare(self, expr: ir.Expr) -> Prepared:
        return prepare(expr, duckdb=True)

    def run(self, prepared: Prepared, values: Mapping[str, object]) -> pa.Table:
        """Run ``prepared`` with ``values`` bound as parameters on this thread's cursor."""
        bound = prepared.values(values)
        return self.cursor().sql(prepared.sql, params=bound or None).to_arrow_table()

    def interrupter(self):
        """A function that cancels the query this thread is about to run (called from another thread)."""
        return self.cursor().interrupt

    def close(self) -> None:
        """Let go of this process's database (before forking workers)."""
        with self._lock:
            if self._root is not None and self._root[0] == os.getpid():
                self._root[1].close()
            self._root = None
        self._local = threading.local()

    def fingerprint(self) -> str:
        """The events' mark (``tables.fingerprint``): the same for a store and the same events held in memory."""
        return fingerprint(self.cursor())

    def describe(self) -> str:
        return f"duckdb {duckdb.__version__}" + (f" (store {os.path.basename(self.path)})" if self.path else " (in memory)")


class Backend:
    """Any other ibis backend (Spark, ClickHouse, Trino, …), shared by every thread."""

    parameters = False

    def __init__(self, backend):
        self._backend = backend
        self.name = backend.name
        self._tables: dict[str, ir.Table] = {}

    def table(self, name: str) -> ir.Table:
        found = self._tables.get(name)
        if found is None:
            found = self._tables[name] = self._backend.table(name)
        return found

    def frame_table(self, name: str, frame: pd.DataFrame) -> ir.Table:
        return ibis.memtable(frame, name=name)

    def prepare(self, expr: ir.Expr) -> Prepared:
        return prepare(expr, duckdb=False)

    def run(self, prepared: Prepared, values: Mapping[str, object]) -> pa.Table:
        return self._backend.to_pyarrow(prepared.with_literals(values))

    def interrupter(self):
        return None

    def fingerprint(self) -> None:
        return None

    def close(self) -> None:
        pass

    def describe(self) -> str:
        return f"{self.name} {getattr(self._backend, 'version', '')}".strip()
