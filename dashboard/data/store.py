"""A prepared event store: the imported events in one DuckDB file, made ahead of deployment.

``python -m dashboard import FILE… --into events.duckdb`` reads the files once (bad rows listed, as
``validate`` lists them) and writes the store; ``serve --store events.duckdb`` (or
``DASHBOARD_STORE``) starts from it without reading CSV. The server opens it read-only and never
writes it. A store is written to a temporary file and renamed, so a crash never leaves half a store.
A file that is not a store, a damaged one, or one from another store format is refused with a message
naming the file and the fix: make it again with ``import``.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from dashboard.data.conversion import literal
from dashboard.data.problems import Problem
from dashboard.data.schema import COLUMN_NAMES
from dashboard.data.tables import TABLES, fingerprint, hold_events
from dashboard.language import _, formats, ngettext

if TYPE_CHECKING:  # pandas is imported where it is used: a command that needs none starts faster
    import pandas as pd

#: Changes when what a store holds changes; a store of another format must be made again.
STORE_FORMAT = 3  # 3: the events table holds admin1 (#25)


class StoreError(Exception):
    """A store that cannot be used; the message names the file and the fix."""


@dataclass(frozen=True)
class Stored:
    """What a store says of itself; its events stay in it, for the engine to query."""

    skipped: list[Problem]
    sources: list[dict]
    fingerprint: str
    events: int


def write_store(path: Path, events: pd.DataFrame, *, skipped: list[Problem], sources: list[dict],
                registry=None) -> Path:
    """Write ``events`` (``load_events``' columns), the rows left out and the files they came from
    (``{"path", "format"}``) to the DuckDB file ``path``, replacing it whole; names counted as ``registry``
    (default: the bundled one) counts them. Large imports stream instead (``streaming.import_into_store``)."""
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    from dashboard.data.registry import bundled_registry

    with duckdb.connect(str(partial)) as con:
        hold_events(con, events, registry or bundled_registry())
        create_meta(con, skipped, {
            "format": str(STORE_FORMAT), "made": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "events": str(len(events)), "sources": json.dumps(sources), "fingerprint": fingerprint(con)})
    os.replace(partial, path)
    return path


def create_meta(con, skipped: list[Problem], meta: dict[str, str]) -> None:
    """The store's own tables: the rows left out, and what it says of itself (``meta``)."""
    con.execute("CREATE TABLE skipped (path VARCHAR, line INTEGER, col INTEGER, message VARCHAR)")
    if skipped:
        con.executemany("INSERT INTO skipped VALUES (?, ?, ?, ?)",
                        [(p.path, p.line, p.column, p.message) for p in skipped])
    con.execute("CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
    con.executemany("INSERT INTO meta VALUES (?, ?)", list(meta.items()))


def write_parquet(store: Path, folder: Path) -> list[Path]:
    """The store's engine tables as ``folder/{events,mentions,names}.parquet``, for another engine to load."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    with duckdb.connect(str(store), read_only=True) as con:
        for table in TABLES:
            target = folder / f"{table}.parquet"
            con.execute(f"COPY (SELECT * FROM {table}) TO {literal(str(target))} (FORMAT parquet)")
            written.append(target)
    return written


#: The columns the engine asks of a store's tables (a store that lacks one would start, then fail every search).
STORE_COLUMNS = {"events": (*COLUMN_NAMES, "pos", "origin", "first_name", "first_actor", "people_text"),
                 "mentions": ("pos", "name", "actor"), "names": ("name", "actor")}


def open_store(path: Path) -> Stored:
    """What the store at ``path`` says of itself, after checking it can be served. Raises ``StoreError``."""
    path = Path(path)
    again = _("make it again: python -m dashboard import FILE… --into {path}").format(path=path)
    if path.is_dir():
        raise StoreError(_("{path}: a folder, not a store: give the store's file, e.g. {example}").format(
            path=path, example=path / "events.duckdb"))
    if not path.is_file():
        raise StoreError(_("{path}: no such store; {again}").format(path=path, again=again))
    unusable = _("{path}: not a usable store ({reason}); {again}")
    try:
        with duckdb.connect(str(path), read_only=True) as con:
            meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
            if meta.get("format") != str(STORE_FORMAT):  # a store format is a version's mark, not a count
                raise StoreError(_("{path}: made by another version of the dashboard (store format {found}, this "
                                   "one reads {expected}); {again}").format(
                    path=path, found=meta.get("format", "?"), expected=STORE_FORMAT, again=again))
            counted = con.execute("SELECT count(*) FROM events").fetchone()[0]
            con.execute("SELECT count(*) FROM mentions").fetchone()
            for table, wanted in STORE_COLUMNS.items():
                held = {row[0] for row in con.execute(f"SELECT column_name FROM (DESCRIBE {table})").fetchall()}
                if missing := [c for c in wanted if c not in held]:
                    raise StoreError(unusable.format(path=path, again=again, reason=_(
                        "its {table} table lacks {columns}").format(table=table, columns=", ".join(missing[:5]))))
            skipped = [Problem(*row) for row in con.execute("SELECT * FROM skipped").fetchall()]
    except StoreError:
        raise
    except (duckdb.Error, OSError, ValueError, KeyError) as error:
        reason = str(error).splitlines()[0][:200]
        raise StoreError(unusable.format(path=path, reason=reason, again=again)) from None
    if str(counted) != meta.get("events"):
        holds = ngettext("it holds {counted} event of {expected}", "it holds {counted} events of {expected}",
                         counted).format(counted=formats.number(counted), expected=meta.get("events"))
        raise StoreError(unusable.format(path=path, reason=holds, again=again))
    return Stored(skipped=skipped, sources=json.loads(meta.get("sources", "[]")), fingerprint=meta.get("fingerprint", ""),
                  events=int(counted))
