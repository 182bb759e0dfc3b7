"""Questions compiled once per shape, their values bound at each run.

Compiling an ibis expression to SQL costs tens of milliseconds — more than DuckDB takes to answer a small
view. So the engine writes every value a question depends on (the filter's types, dates, words, a page's
offset…) as a ``slot``: a named placeholder in the expression. An expression made of slots is the same for
every view of one shape (which predicates it has), so it is built and compiled once; each run binds the
values. DuckDB receives them as query parameters (``$name``), never pasted into the SQL text; other ibis
backends get the slots replaced by literals in the expression, which ibis then compiles as it always does.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import ibis.expr.datashape as ds
import ibis.expr.datatypes as dt
import ibis.expr.operations as ops
import ibis.expr.types as ir
import pyarrow as pa
import sqlglot as sg
import sqlglot.expressions as sge
from ibis.backends.sql.compilers.base import STAR
from ibis.backends.sql.compilers.duckdb import DuckDBCompiler


class Slot(ops.Scalar):
    """A named value of a question, bound when it runs."""

    name: str
    dtype: dt.DataType
    shape = ds.scalar


def slot(name: str, dtype: str) -> ir.Scalar:
    """The placeholder ``name`` of type ``dtype`` ("string", "array<string>", "timestamp", "int64", …)."""
    return Slot(name, dt.dtype(dtype)).to_expr()


class _DuckDBWithSlots(DuckDBCompiler):
    """ibis's DuckDB compiler, writing each slot as a named parameter."""

    def visit_Slot(self, op, *, name, dtype):
        return sge.Placeholder(this=name)

    def visit_Limit(self, op, *, parent, n, offset):
        # ibis reads a limit or offset that is not a number as a column of the parent; a slot is a value
        if not isinstance(n, sge.Placeholder) and not isinstance(offset, sge.Placeholder):
            return super().visit_Limit(op, parent=parent, n=n, offset=offset)
        pushed = isinstance(parent, sge.Subquery) and parent.this.args.get("limit") is None
        result = parent.this.copy() if pushed else sg.select(STAR, copy=False).from_(parent, copy=False)
        if n is not None:
            result = result.limit(n, copy=False)
        if not isinstance(offset, int) or offset:
            result = result.offset(offset, copy=False)
        return result.subquery(parent.alias, copy=False) if pushed else result


@dataclass(frozen=True)
class Prepared:
    """A question ready to run: its expression, its SQL when compiled for DuckDB, the slots it binds, and
    the Arrow schema of its answer (the same on every backend)."""

    expr: ir.Table
    sql: str | None
    slots: tuple[Slot, ...]
    schema: pa.Schema

    def values(self, given: Mapping[str, object]) -> dict[str, object]:
        """The values of this question's slots, from all the values of a run. Raises ``KeyError``."""
        return {s.name: given[s.name] for s in self.slots}

    def with_literals(self, given: Mapping[str, object]) -> ir.Table:
        """The expression with each slot replaced by its value (for backends without parameters); a limit or an
        offset becomes a plain number, as ibis compiles those."""
        if not self.slots:
            return self.expr

        def bound(node, changed):
            if isinstance(node, Slot):
                return ops.Literal(given[node.name], node.dtype)
            if changed is None:
                return node
            if isinstance(node, ops.Limit):
                changed = {k: v.value if isinstance(v, ops.Literal) else v for k, v in changed.items()}
            return node.__class__(**changed)

        return self.expr.op().replace(bound).to_expr()


def prepare(expr: ir.Expr, *, duckdb: bool) -> Prepared:
    """``expr`` ready to run many times: compiled to SQL once when it runs on DuckDB."""
    table = expr.as_table()
    slots = tuple(sorted(set(table.op().find(Slot)), key=lambda s: s.name))
    sql = _DuckDBWithSlots().to_sqlglot(table).sql(dialect="duckdb") if duckdb else None
    return Prepared(table, sql, slots, table.schema().to_pyarrow())
