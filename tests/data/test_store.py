"""The prepared event store: import once, serve from it, refuse a store that cannot be used."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from dashboard.data import BUNDLED_EVENTS, import_events, load_events
from dashboard.data.store import STORE_FORMAT, StoreError, open_store, write_store
from dashboard.query.dataset import load_dataset

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dashboard", *args], capture_output=True, text=True, timeout=120)


def test_a_store_gives_back_exactly_the_events_and_the_rows_left_out(tmp_path):
    imported = import_events([BUNDLED_EVENTS, FIXTURES / "acled" / "bad_rows.csv"])
    path = write_store(tmp_path / "s.duckdb", imported.events, skipped=imported.skipped,
                       sources=[{"path": p, "format": f} for p, f in imported.formats.items()])
    stored = open_store(path)
    assert stored.skipped == imported.skipped and len(stored.skipped) == 5
    served = load_dataset(store=path).events
    want = imported.events.sort_values(["date_start", "event_id"], kind="stable").reset_index(drop=True)
    pd.testing.assert_frame_equal(served, want, check_dtype=False, check_categorical=False)


def test_import_writes_a_store_that_serve_starts_from_and_never_writes(tmp_path):
    store = tmp_path / "events.duckdb"
    result = run("import", str(BUNDLED_EVENTS), str(FIXTURES / "acled" / "current.csv"), "--into", str(store))
    assert result.returncode == 0, result.stderr
    assert f"wrote {store}: 23 events" in result.stderr
    before = store.stat().st_mtime_ns
    from dashboard.web.app import create_app
    from dashboard.settings import Settings

    client = create_app(Settings(store=str(store), import_cache="")).server.test_client()
    assert client.get("/export/events.csv").get_data(as_text=True).count("\n") >= 24
    layout = client.get("/_dash-layout").get_data(as_text=True)
    assert "Euronews with AFP, 14 May 2023; ACLED \\u00b7 23 events" in layout  # each dataset named by its source
    assert store.stat().st_mtime_ns == before


@pytest.mark.parametrize("damage, message", [
    ("missing", "no such store"),
    ("text", "not a usable store"),
    ("older", "made by another version of the dashboard (store format 0"),
    ("truncated", "not a usable store"),
    ("no events", "not a usable store"),
    ("no people_text", "not a usable store (its events table lacks people_text)"),
    ("a folder", "a folder, not a store: give the store's file"),
])
def test_a_store_that_cannot_be_used_is_refused_with_the_file_and_the_fix(tmp_path, damage, message):
    path = tmp_path / "events.duckdb"
    if damage == "text":
        path.write_text("not a database")
    elif damage == "older":
        write_store(path, load_events(), skipped=[], sources=[])
        with duckdb.connect(str(path)) as con:
            con.execute("UPDATE meta SET value = '0' WHERE key = 'format'")
    elif damage == "truncated":
        write_store(path, load_events(), skipped=[], sources=[])
        data = path.read_bytes()
        path.write_bytes(data[:len(data) // 3])
    elif damage == "no people_text":  # it would start, then fail every search (#28)
        write_store(path, load_events(), skipped=[], sources=[])
        with duckdb.connect(str(path)) as con:
            con.execute("ALTER TABLE events DROP COLUMN people_text")
    elif damage == "a folder":
        path.mkdir()
    elif damage == "no events":
        write_store(path, load_events(), skipped=[], sources=[])
        with duckdb.connect(str(path)) as con:
            con.execute("DROP TABLE mentions")
    with pytest.raises(StoreError) as raised:
        open_store(path)
    assert str(raised.value).startswith(f"{path}: ") and message in str(raised.value)
    if damage != "a folder":  # (a folder's fix is naming the file in it, not making it again)
        assert str(raised.value).endswith(f"make it again: python -m dashboard import FILE… --into {path}")
    result = run("serve", "--store", str(path), "--port", "1")
    assert result.returncode == 1 and message in result.stderr and "Traceback" not in result.stderr


def test_the_store_format_is_a_number_the_reader_checks():
    assert isinstance(STORE_FORMAT, int) and STORE_FORMAT >= 1


def test_import_of_an_invalid_native_file_writes_nothing(tmp_path):
    store = tmp_path / "events.duckdb"
    result = run("import", str(FIXTURES / "invalid" / "missing_date.csv"), "--into", str(store))
    assert result.returncode == 1 and "was not written" in result.stderr and not store.exists()


def test_import_writes_parquet_tables_another_engine_serves_the_same(tmp_path):
    """``--parquet`` writes the engine's tables for a distributed engine; loaded into one (an in-memory
    DuckDB through ibis here, as Spark or ClickHouse would load them) they answer as the store does."""
    import ibis

    from dashboard.query.dataset import Dataset
    from dashboard.query import TABLES, Engine
    from dashboard.query.view import resolve_view

    store, folder = tmp_path / "events.duckdb", tmp_path / "tables"
    result = run("import", str(BUNDLED_EVENTS), str(FIXTURES / "acled" / "current.csv"), "--into", str(store),
                 "--parquet", str(folder))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["events.parquet", "mentions.parquet", "names.parquet"]
    backend = ibis.duckdb.connect()
    for table in TABLES:
        backend.create_table(table, backend.read_parquet(folder / f"{table}.parquet"))
    served = load_dataset(store=store)
    other = Dataset.on(Engine(backend, registry=served.registry), served.registry, caption=None, fingerprint="x")
    assert other.total == served.total == 23 and other.actors == served.actors
    for query in ("type=talks", "actor=Azerbaijan", "q=lachin", "source=ACLED"):
        assert resolve_view(other, query).count == resolve_view(served, query).count
