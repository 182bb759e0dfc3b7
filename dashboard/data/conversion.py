"""Converting an export's cells to the data contract inside DuckDB, listing every row it leaves out.

An importer (ACLED, UCDP) declares its conversion once, as SQL over the file's cells by header name: the
value of each contract column, and the checks a row must pass, in order, each with the column it points at
and the reason in words. A row failing several checks is reported once, for the first. DuckDB then converts
a whole file in one statement on all its threads — a million rows in seconds — and the same conversion
serves ``validate``, ``load_events`` and the block-free import into a store.

Cells are text; a missing column reads as empty. ``Cells`` writes the SQL that reads them. A reason is a whole
sentence in the reader's language (``Check.of``), translated once for a file, never for each row.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass, field

from dashboard.data.schema import COLUMNS
from dashboard.language import _

#: What Python's ``str.strip()`` takes off the ends of a cell (the ASCII white space).
WHITESPACE = "' ' || chr(9) || chr(10) || chr(11) || chr(12) || chr(13)"
#: SQL type of each kind of contract column (text otherwise).
SQL_TYPES = {"date": "TIMESTAMP", "float": "DOUBLE", "int": "BIGINT", "list": "VARCHAR[]"}


def sql_type(kind: str) -> str:
    return SQL_TYPES.get(kind, "VARCHAR")


def literal(text: str) -> str:
    """A constant of the importer's own as an SQL string (never a cell's value: those are columns)."""
    return "'" + text.replace("'", "''") + "'"


def sentence(text: str, **values: str) -> str:
    """SQL for ``text``, a sentence with named placeholders, each placeholder the SQL given for it:
    ``sentence('{column}: not a count "{value}"', column=literal("best"), value="best")`` reads, for a row
    whose ``best`` is -1, ``best: not a count "-1"``."""
    parts = []
    for before, name, _spec, _conversion in string.Formatter().parse(text):
        parts += [literal(before)] if before else []
        parts += [values[name]] if name is not None else []
    return " || ".join(parts) or "''"


def mapped(value: str, mapping: Mapping[str, str], default: str = "NULL") -> str:
    """SQL for ``mapping[value]`` (``default`` SQL when the value is not a key)."""
    cases = " ".join(f"WHEN {literal(k)} THEN {literal(v)}" for k, v in mapping.items())
    return f"(CASE {value} {cases} ELSE {default} END)"


def joined(first: str, second: str) -> str:
    """SQL for ``(first || ': ' || second).rstrip(': ')`` — "Battles: Berd", or "Battles" with no place — without
    trimming every row (trimming a set of characters costs more than the rest of the title): only a text whose
    ends call for it is trimmed."""
    text = f"{first} || ': ' || {second}"
    return (f"(CASE WHEN {second} <> '' AND right({second}, 1) NOT IN (':', ' ') THEN {text} "
            f"ELSE rtrim({text}, ': ') END)")


def one_of(value: str, choices) -> str:
    return f"({value} IN ({', '.join(literal(c) for c in choices)}))"


class Cells:
    """SQL reading a file's cells by header name: the cells relation names them ``c0``, ``c1``… in the
    header's order (a name written twice is read from its first place)."""

    def __init__(self, header: list[str]):
        self.header = [h.strip() for h in header]
        self.positions: dict[str, int] = {}
        for position, name in enumerate(self.header):
            self.positions.setdefault(name, position)

    def __contains__(self, name: str) -> bool:
        return name in self.positions

    def raw(self, name: str) -> str:
        """The cell as written ('' when empty or when the file lacks the column)."""
        if name not in self.positions:
            return "''"
        return f'coalesce("c{self.positions[name]}", \'\')'

    def text(self, name: str) -> str:
        """The cell with white space trimmed off both ends."""
        return "''" if name not in self.positions else stripped(self.raw(name))

    def column_number(self, name: str) -> int:
        """The 1-based place of a column in the header (1 when the file lacks it)."""
        return self.positions.get(name, 0) + 1

    def names_in(self, *names: str) -> str:
        """The names in these cells (``names_of`` their ``names_written``), as one expression — for a format's
        column. (ACLED's and UCDP's rules make the text a helper of its own first: it is read several times.)"""
        return names_of(self.names_written(*names))

    def names_written(self, *names: str) -> str:
        """The non-empty cells of these columns joined by ``;`` (each may itself hold ``;``-separated names): the
        text ``names_of`` splits."""
        cells = [f'nullif("c{self.positions[n]}", \'\')' for n in names if n in self.positions]
        return f"concat_ws(';', {', '.join(cells)})" if cells else "''"


def names_of(written: str) -> str:
    """SQL for the names in ``written`` (``Cells.names_written``, a helper's name: it is read several times), in
    the order written (a name may come twice: see ``distinct_in_order``), trimmed of spaces, empty ones left out.
    Most texts need neither (no space or empty name beside a ``;``), and are only split. (A name with a tab or a
    line break at an end keeps it: trimming those in every name of a million rows took a second.)"""
    tidy = f"list_filter(list_transform(string_split({written}, ';'), lambda n: trim(n)), lambda n: n <> '')"
    return (f"(CASE WHEN {written} = '' THEN []::VARCHAR[] "
            f"WHEN contains({written}, '; ') OR contains({written}, ' ;') OR contains({written}, ';;') "
            f"OR {written}[1] IN (' ', ';') OR {written}[-1] IN (' ', ';') THEN {tidy} "
            f"ELSE string_split({written}, ';') END)")


def stripped(text_sql: str) -> str:
    """SQL for Python's ``text.strip()`` of ASCII white space (only a text with a control character or a space at
    either end is trimmed: most are not, and testing the ends is cheaper than trimming)."""
    return (f"(CASE WHEN ascii(left({text_sql}, 1)) <= 32 OR ascii(right({text_sql}, 1)) <= 32 "
            f"THEN trim({text_sql}, {WHITESPACE}) ELSE {text_sql} END)")


def distinct_in_order(list_sql: str) -> str:
    """SQL for the list's items, each once, in the order of their first place (``list_sql`` names a column:
    it is read several times)."""
    first_two = f"CASE WHEN {list_sql}[1] <> {list_sql}[2] THEN {list_sql} ELSE [{list_sql}[1]] END"
    return (f"CASE WHEN len({list_sql}) < 2 THEN {list_sql} WHEN len({list_sql}) = 2 THEN {first_two} "
            f"WHEN list_unique({list_sql}) = len({list_sql}) THEN {list_sql} "
            f"ELSE list_filter({list_sql}, lambda n, i: list_position({list_sql}, n) = i) END")


def day(text_sql: str, *others: str) -> str:
    """SQL for a date written YYYY-MM-DD, else in one of the ``others`` formats (strptime's); NULL when none
    fits. (The cast reads ISO dates several times faster than strptime; it would also read a time after the
    date, which the length excludes.)"""
    iso = f"CASE WHEN length({text_sql}) <= 10 AND substr({text_sql}, 5, 1) = '-' THEN try_cast({text_sql} AS DATE) END"
    if not others:
        return f"CAST({iso} AS TIMESTAMP)"
    formats = "[" + ", ".join(literal(f) for f in others) + "]"
    return f"coalesce(CAST({iso} AS TIMESTAMP), try_strptime({text_sql}, {formats}))"


def number(text_sql: str) -> str:
    """A cell's text as a number (NULL when empty or not a number; NaN counts as not a number)."""
    return f"(CASE WHEN isnan(try_cast({text_sql} AS DOUBLE)) THEN NULL ELSE try_cast({text_sql} AS DOUBLE) END)"


@dataclass(frozen=True)
class Check:
    """A row is left out when ``bad`` (SQL) holds, with ``message`` (SQL text) at the column ``column``."""

    column: str
    bad: str
    message: str

    @classmethod
    def of(cls, column: str, bad: str, reason: str, **values: str) -> Check:
        """The check whose message is ``reason``, a sentence already in the reader's language (``_(…)``):
        ``{column}`` stands for the column's name, each other placeholder for the SQL given for it
        (``Check.of("best", "best < 0", _('{column}: not a count "{value}"'), value="best")``)."""
        return cls(column, bad, sentence(reason, column=literal(column), **values))


@dataclass(frozen=True)
class Later:
    """Contract columns an importer works out from the row's other contract columns and a few short helpers
    (``carried``: name, written ``_…``, → SQL over the cells and helpers) — SQL over those names. An import
    works them out after its sort (a title, a label, a basis repeated in words: a third of a row's bytes
    that the sort need not carry); every other reader of the rules gets them at once (``Conversion.select``)."""

    columns: Mapping[str, str] = field(default_factory=dict)
    carried: Mapping[str, str] = field(default_factory=dict)

    def finished(self, keep: tuple[str, ...] = ()) -> str:
        """SQL of the contract's columns in order (the later ones worked out), then the columns in ``keep``,
        over a relation holding the others, the helpers and ``keep``."""
        values = [f"CAST({self.columns[c.name]} AS {sql_type(c.kind)}) AS \"{c.name}\"" if c.name in self.columns
                  else f'"{c.name}"' for c in COLUMNS]
        return ", ".join([*values, *(f'"{k}"' for k in keep)])


@dataclass(frozen=True)
class Conversion:
    """An importer's rules for one file: helper values (``derived``: name → SQL over the cells, may use
    earlier ones; ``id`` is the file's own id of the row, and ``repeated`` whether an earlier row has it),
    the checks in the order they apply, each contract column's SQL (over cells and helpers; absent
    columns are empty), and the columns worked out from those (``later``)."""

    cells: Cells
    derived: Mapping[str, str]
    checks: tuple[Check, ...]
    columns: Mapping[str, str] = field(default_factory=dict)
    later: Later = field(default_factory=Later)

    def select(self, relation: str, *, ordered: bool = True, nul: bool = True, sorting: bool = False) -> str:
        """SQL converting ``relation`` (the cells, with ``_row``, ``_line`` and ``_nl``): the contract's columns,
        then ``_row``, ``_line``, ``_nl``, ``_problem`` (NULL for a row that imports), ``_column``, ``_id``
        and ``_repeated`` (whether the row's id came on an earlier row). Not ``ordered``: the relation's rows have
        no order and, as a pass over them found, no id repeats — the one check that needs the file's order
        (the helper ``repeated``) is not asked, and DuckDB converts on every thread. ``nul``: whether a cell may
        hold a NUL byte (a row with one is left out); False when a look at the file's bytes found none.
        ``sorting``: the columns of ``later`` are left to be worked out after a sort (``Later.finished``), their
        helpers carried instead."""
        layers = [f"SELECT * FROM {relation}"]
        derived = dict(self.derived) | ({} if ordered else {"repeated": "false"})
        for name, sql in derived.items():  # one layer a helper: each may use those before it
            layers.append(f"SELECT *, {sql} AS \"{name}\" FROM ({layers[-1]})")
        # first, a NUL byte in any cell: no text holds one, and stored it would cut values short downstream
        nul_byte, unnamed = _("{column}: a NUL byte in the value"), _("column {number}")
        nul = [(f'contains("c{i}", chr(0))', literal(nul_byte.format(column=name[:60] or unnamed.format(number=i + 1))),
                i + 1) for i, name in enumerate(self.cells.header)] if nul else []
        checks = nul + [(c.bad, c.message, self.cells.column_number(c.column)) for c in self.checks]
        problem = " ".join(f"WHEN coalesce({bad}, false) THEN {message}" for bad, message, _column in checks)
        where = " ".join(f"WHEN coalesce({bad}, false) THEN {column}" for bad, _message, column in checks)
        later = self.after_sort
        values = [f"CAST({self.columns[c.name]} AS {sql_type(c.kind)}) AS \"{c.name}\""
                  if c.kind != "list" else f"{self.columns[c.name]} AS \"{c.name}\""
                  for c in COLUMNS if c.name not in later.columns]
        values += [f'{sql} AS "{name}"' for name, sql in later.carried.items()]
        checked = ("_row", "_line", "_nl", "_problem", "_column", "_id", "_repeated")
        rows = (f"SELECT {', '.join(values)}, _row, _line, _nl, (CASE {problem} END) AS _problem, "
                f"(CASE {where} END) AS _column, id AS _id, coalesce(repeated, false) AS _repeated FROM ({layers[-1]})")
        return rows if sorting else f"SELECT {later.finished(checked)} FROM ({rows})"

    @property
    def after_sort(self) -> Later:
        """What a sort of these rows leaves for after it: ``later``, and the columns the rules leave empty."""
        empty = {c.name: "[]::VARCHAR[]" if c.kind == "list" else "NULL" for c in COLUMNS
                 if c.name not in self.columns and c.name not in self.later.columns}
        return Later({**self.later.columns, **empty}, self.later.carried)


