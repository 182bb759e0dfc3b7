"""Importing into a store a block at a time gives exactly what importing whole gives: the same events, the
same rows left out with the same file, line and reason — whatever the block size."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from dashboard.data import BUNDLED_EVENTS, DatasetError, import_events
from dashboard.data import streaming
from dashboard.data.store import open_store
from dashboard.dataset import load_dataset
from tests.conftest import FIXTURES, UCDP_SAMPLE

FILE_SETS = {
    "curated": [BUNDLED_EVENTS],
    "acled": [FIXTURES / "acled" / "current.csv"],
    "acled bad rows": [FIXTURES / "acled" / "bad_rows.csv"],
    "acled hxl": [FIXTURES / "acled" / "hdx_hxl_blank_first.csv"],
    "acled older hxl": [FIXTURES / "acled" / "older_hxl.csv"],
    "acled optional": [FIXTURES / "acled" / "missing_optional.csv"],
    "ucdp bad rows": [FIXTURES / "ucdp" / "bad_rows.csv"],
    "ucdp dates": [FIXTURES / "ucdp" / "ged_both_date_forms.csv"],
    "mixed": [BUNDLED_EVENTS, FIXTURES / "compare" / "acled.csv", FIXTURES / "compare" / "ucdp.csv"],
}


@pytest.fixture(params=[256, streaming.BLOCK_BYTES], ids=["tiny blocks", "default blocks"])
def block_bytes(request, monkeypatch):
    monkeypatch.setattr(streaming, "BLOCK_BYTES", request.param)
    return request.param


def same_as_whole(paths, into, **options):
    whole = import_events(paths, **options)
    total, skipped, formats = streaming.import_into_store(paths, into, **options)
    assert total == len(whole.events) and skipped == sorted(whole.skipped)
    assert formats == whole.formats
    want = whole.events.sort_values(["date_start", "event_id"], kind="stable").reset_index(drop=True)
    pd.testing.assert_frame_equal(load_dataset(store=into).events, want, check_dtype=False,
                                  check_categorical=False)
    assert open_store(into).skipped == sorted(whole.skipped)
    return total, skipped


@pytest.mark.parametrize("name", FILE_SETS)
def test_block_by_block_is_the_same_as_whole(tmp_path, block_bytes, name):
    same_as_whole(FILE_SETS[name], tmp_path / "events.duckdb")


def test_the_shared_ucdp_sample(tmp_path, block_bytes, ucdp_sample):
    total, _ = same_as_whole([UCDP_SAMPLE], tmp_path / "events.duckdb")
    assert total > 100


def test_ids_repeated_in_later_blocks_are_left_out_with_their_lines(tmp_path, block_bytes):
    source = (FIXTURES / "acled" / "current.csv").read_text(encoding="utf-8")
    header, *rows = list(csv.reader(io.StringIO(source)))
    doubled = tmp_path / "doubled.csv"
    with doubled.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows + rows)  # every id again, many blocks later with tiny blocks
    _, skipped = same_as_whole([doubled], tmp_path / "events.duckdb")
    assert len(skipped) == len(rows) and all("duplicate id" in p.message for p in skipped)
    assert min(p.line for p in skipped) > len(rows) + 1  # all in the second copy (lines as whole import gives)


def test_strict_refuses_and_writes_nothing(tmp_path, block_bytes):
    into = tmp_path / "events.duckdb"
    with pytest.raises(DatasetError) as raised:
        streaming.import_into_store([FIXTURES / "acled" / "bad_rows.csv"], into, strict=True)
    assert raised.value.problems == sorted(import_events([FIXTURES / "acled" / "bad_rows.csv"]).skipped)
    assert not into.exists() and not into.with_name(into.name + ".partial").exists()


def test_an_id_in_two_files_refuses_the_import(tmp_path, block_bytes):
    into = tmp_path / "events.duckdb"
    again = tmp_path / "again.csv"
    again.write_bytes((FIXTURES / "acled" / "current.csv").read_bytes())
    paths = [FIXTURES / "acled" / "current.csv", again]
    with pytest.raises(DatasetError) as whole:
        import_events(paths)
    with pytest.raises(DatasetError) as raised:
        streaming.import_into_store(paths, into)
    assert raised.value.problems == whole.value.problems and not into.exists()


def test_an_old_store_is_kept_when_an_import_fails(tmp_path):
    into = tmp_path / "events.duckdb"
    streaming.import_into_store([BUNDLED_EVENTS], into)
    before = into.read_bytes()
    with pytest.raises(DatasetError):
        streaming.import_into_store([FIXTURES / "invalid" / "missing_date.csv"], into)
    assert into.read_bytes() == before


def test_served_files_are_imported_once_into_a_store_reused_until_a_file_changes(tmp_path):
    source = tmp_path / "acled.csv"
    source.write_bytes((FIXTURES / "acled" / "bad_rows.csv").read_bytes())
    cache = tmp_path / "cache"
    first = load_dataset([source], cache_dir=cache)
    stores = sorted(cache.glob("store-*.duckdb"))
    assert len(stores) == 1 and first.engine.name == "duckdb" and "store" in first.engine.describe()
    assert first.total == len(import_events([source]).events) and len(first.skipped) == 5
    made = stores[0].stat().st_mtime_ns
    again = load_dataset([source], cache_dir=cache)  # the next start: no import
    assert sorted(cache.glob("store-*.duckdb")) == stores and stores[0].stat().st_mtime_ns == made
    assert again.total == first.total and again.skipped == first.skipped
    with source.open("a", encoding="utf-8") as handle:  # a changed file is imported again
        handle.write(source.read_text(encoding="utf-8").splitlines()[1].replace("OK1", "NEW1") + "\n")
    changed = load_dataset([source], cache_dir=cache)
    assert changed.total == first.total + 1 and len(list(cache.glob("store-*.duckdb"))) == 2


def test_a_file_with_problems_is_reported_whole_not_half_cached(tmp_path):
    cache = tmp_path / "cache"
    with pytest.raises(DatasetError) as raised:
        load_dataset([FIXTURES / "invalid" / "missing_date.csv", tmp_path / "missing.csv"], cache_dir=cache)
    assert len({p.path for p in raised.value.problems}) == 2  # every file's problems, as without a cache
    assert not list(cache.glob("store-*.duckdb"))


def test_blocks_left_by_a_killed_import_are_cleared_and_none_remain(tmp_path):
    into = tmp_path / "events.duckdb"
    left = tmp_path / "events.duckdb.blocks-abc123"
    left.mkdir()
    (left / "000000.parquet").write_bytes(b"not parquet")
    streaming.import_into_store([FIXTURES / "acled" / "bad_rows.csv"], into)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.duckdb"]
