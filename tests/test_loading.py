"""A start that must import its files first answers at once, saying how far the import has gone."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

from werkzeug.test import Client

from dashboard.data.progress import read_report, write_report
from dashboard.web.loading import PendingImport, WhileImporting, pending_import, start_import
from dashboard.settings import Settings
from tests.conftest import FIXTURES


def _app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"the dashboard"]


def test_the_page_says_how_far_the_import_has_gone_then_the_dashboard_answers(tmp_path):
    pending = PendingImport((Path("acled-2023.csv"),), tmp_path / "store.duckdb", None, False)
    built = []
    client = Client(WhileImporting(pending, lambda: built.append(1) or _app))
    first = client.get("/")
    assert first.status_code == 503 and first.headers["Retry-After"] == "3"
    assert "Importing acled-2023.csv" in first.text and 'http-equiv="refresh"' in first.text
    write_report(pending.report, {"label": "acled-2023.csv", "step": "reading", "fraction": 0.45, "rows": 450_000,
                                  "total": 1_000_000, "rows_per_s": 150_000, "seconds_left": 4})
    page = client.get("/?type=Battles")
    assert "45% — about 450,000 of 1,000,000 rows, about 4 s left" in page.text
    health = client.get("/health")
    assert health.status_code == 503 and health.json["status"] == "importing" and health.json["fraction"] == 0.45
    pending.store.write_bytes(b"")  # the import put the store in place
    assert client.get("/").text == "the dashboard" and client.get("/health").text == "the dashboard"
    assert built == [1]  # built once


def test_a_file_that_cannot_be_imported_is_told_with_its_problems(tmp_path):
    pending = PendingImport((Path("bad.csv"),), tmp_path / "store.duckdb", None, True)
    write_report(pending.report, {"label": "bad.csv", "problems": ['bad.csv:3:2: event_date: unparseable date "<x>"'],
                                  "more": 7})
    page = Client(WhileImporting(pending, lambda: _app)).get("/")
    assert page.status_code == 503 and "bad.csv could not be imported" in page.text
    assert "&lt;x&gt;" in page.text and "<x>" not in page.text and "… and 7 more" in page.text
    assert "refresh" not in page.text


def test_only_exports_missing_from_the_import_cache_are_imported_first(tmp_path):
    acled = FIXTURES / "acled" / "current.csv"
    settings = Settings.from_env({"DASHBOARD_DATA": str(acled), "DASHBOARD_IMPORT_CACHE": str(tmp_path)})
    pending = pending_import(settings)
    assert pending is not None and pending.store.parent == tmp_path and not pending.store.exists()
    pending.store.write_bytes(b"")
    assert pending_import(settings) is None  # in the cache: opened at once
    curated = Settings.from_env({"DASHBOARD_DATA": str(FIXTURES / "valid.csv"), "DASHBOARD_IMPORT_CACHE": str(tmp_path)})
    assert pending_import(curated) is None  # the project's own CSV is read (and checked) at start
    assert pending_import(Settings.from_env({})) is None


def _wait_for(condition, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "not in time"
        time.sleep(0.1)


def test_the_import_runs_in_a_process_of_its_own_not_in_the_server(tmp_path):
    """gunicorn forks its workers while the import runs: a DuckDB thread of the import in the master would
    hand its held locks to the workers, which then hung on their first query (seen on a loaded machine)."""
    acled = FIXTURES / "acled" / "current.csv"
    settings = Settings.from_env({"DASHBOARD_DATA": str(acled), "DASHBOARD_IMPORT_CACHE": str(tmp_path)})
    pending = pending_import(settings)
    threads_before = {t.name for t in threading.enumerate()}
    process = start_import(pending)
    assert process.pid != os.getpid()
    assert {t.name for t in threading.enumerate()} - threads_before <= {"import-watch"}
    assert process.wait(60) == 0 and pending.store.is_file()
    assert pending_import(settings) is None


def test_an_import_that_is_killed_is_told_on_the_page(tmp_path):
    acled = FIXTURES / "acled" / "current.csv"
    settings = Settings.from_env({"DASHBOARD_DATA": str(acled), "DASHBOARD_IMPORT_CACHE": str(tmp_path)})
    pending = pending_import(settings)
    process = start_import(pending)
    process.send_signal(signal.SIGKILL)
    _wait_for(lambda: (read_report(pending.report) or {}).get("problems"))
    page = Client(WhileImporting(pending, lambda: _app)).get("/")
    assert page.status_code == 503 and "could not be imported" in page.text
    assert "the import stopped (exit status -9)" in page.text


def test_a_file_that_cannot_be_imported_is_told_by_the_import_process(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text((FIXTURES / "acled" / "current.csv").read_text().replace("\n", "\nnot,a,row\n", 1))
    settings = Settings.from_env({"DASHBOARD_DATA": str(bad), "DASHBOARD_IMPORT_CACHE": str(tmp_path),
                                  "DASHBOARD_STRICT": "1"})
    pending = pending_import(settings)
    assert start_import(pending).wait(60) == 1 and not pending.store.exists()
    problems = read_report(pending.report)["problems"]
    assert problems and all("bad.csv" in p for p in problems), problems
