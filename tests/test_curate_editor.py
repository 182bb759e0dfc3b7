"""The workbench's editor mode (#27): accepted rows appended to the data file served — only with the editor's
token and the page's CSRF token, only inside the data file's folder, checked whole first, the earlier rows byte
for byte, a backup beside it — and gunicorn's workers restarting on the new file, which the dashboard then serves."""

from __future__ import annotations

import json
import shutil
import time
import urllib.request
from datetime import datetime
from http.cookiejar import CookieJar
from pathlib import Path

import pytest

from dashboard.curation.saving import SaveError, append_rows
from dashboard.data import BUNDLED_EVENTS, load_events, write_events
from dashboard.query.dataset import load_dataset
from dashboard.settings import Settings
from dashboard.web.app import create_app
from dashboard.web.curating import editor_of

from .support.server import free_port, start_gunicorn, stop

TOKEN = "editor-secret"
NEW = [{"event_id": "talks-brussels-2023-05-13-candidate", "title": "Talks in Brussels", "event_type": "talks",
        "status": "occurred", "date_start": "2023-05-13", "date_end": "2023-05-13", "date_precision": "day",
        "date_text": "on Saturday evening", "source": "Test outlet, 14 May 2023", "source_date": "2023-05-14",
        "source_excerpt": "The leaders met for talks in Brussels on Saturday evening."},
       {"event_id": "clash-2023-05-11-candidate", "title": "Clash on the border", "event_type": "clash",
        "status": "occurred", "date_start": "2023-05-11", "date_end": "2023-05-11", "date_precision": "day",
        "date_text": "On Thursday", "fatalities": "1", "injuries": "4", "source": "Test outlet, 14 May 2023"}]
NOW = datetime(2026, 12, 7, 10, 0, 0)


@pytest.fixture
def data_file(tmp_path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return Path(shutil.copy(BUNDLED_EVENTS, folder / "events.csv"))


def test_rows_are_appended_after_the_earlier_ones_byte_for_byte_with_a_backup(data_file):
    before = data_file.read_bytes()
    saved = append_rows(data_file, NEW, folder=data_file.parent, now=NOW)
    after = data_file.read_bytes()
    assert after[:len(before)] == before and len(after) > len(before)
    assert saved.added == 2 and saved.backup.read_bytes() == before
    assert saved.backup.name == "events.csv.20261207T100000.bak"
    events = load_events(data_file)
    assert len(events) == 21 and list(events["event_id"])[-2:] == [r["event_id"] for r in NEW]


def test_a_save_that_would_break_the_file_writes_nothing(data_file, tmp_path):
    before = data_file.read_bytes()
    repeated = [{**NEW[0], "event_id": "brussels-trilateral-2023-05-14"}]  # an id the file has
    with pytest.raises(SaveError, match="would not pass the checks"):
        append_rows(data_file, repeated, folder=data_file.parent, now=NOW)
    with pytest.raises(SaveError, match="has no column for admin1"):
        append_rows(data_file, [{**NEW[0], "admin1": "Brussels-Capital"}], folder=data_file.parent, now=NOW)
    outside = tmp_path / "elsewhere.csv"
    shutil.copy(data_file, outside)
    with pytest.raises(SaveError, match="is not a data file in"):
        append_rows(outside, NEW, folder=data_file.parent, now=NOW)
    assert data_file.read_bytes() == before
    assert sorted(p.name for p in data_file.parent.iterdir() if not p.name.startswith(".")) == ["events.csv"]


def test_a_file_with_crlf_lines_keeps_them(data_file):
    text = data_file.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    data_file.write_bytes(text)
    append_rows(data_file, NEW[:1], folder=data_file.parent, now=NOW)
    assert data_file.read_bytes().startswith(text) and data_file.read_bytes().endswith(b"\r\n")
    assert b"\n" not in data_file.read_bytes().replace(b"\r\n", b"")


def test_saving_needs_editor_mode_the_editors_token_and_the_pages_token(data_file):
    settings = Settings(data_paths=(data_file,), editor_token=TOKEN, import_cache="")
    assert editor_of(settings).target == data_file and editor_of(Settings(data_paths=(data_file,))) is None
    client = create_app(settings, dataset=load_dataset([data_file])).server.test_client()
    assert "Editor mode" in client.get("/curate").get_data(as_text=True)
    csrf = client.get_cookie("curate_csrf", path="/curate").value
    page = client.post("/curate", data={"published": "2023-05-14", "outlet": "X", "csrf": csrf,
                                        "text": "Talks were held in Brussels on Thursday."}).get_data(as_text=True)
    assert 'id="curate-save"' in page and "Save the accepted ones to events.csv" in page
    before = data_file.read_bytes()
    body = {"rows": NEW}
    assert client.post("/curate/save", json=body, headers={"X-CSRF-Token": csrf}).status_code == 403
    assert client.post("/curate/save", json=body, headers={"X-CSRF-Token": csrf,
                                                            "X-Editor-Token": "guess"}).status_code == 403
    assert client.post("/curate/save", json=body, headers={"X-Editor-Token": TOKEN}).status_code == 403
    bad = client.post("/curate/save", json={"rows": [{**NEW[0], "date_start": "2023-13-01"}]},
                      headers={"X-CSRF-Token": csrf, "X-Editor-Token": TOKEN})
    assert bad.status_code == 422 and "unparseable date" in bad.get_data(as_text=True)
    assert data_file.read_bytes() == before
    done = client.post("/curate/save", json=body, headers={"X-CSRF-Token": csrf, "X-Editor-Token": TOKEN})
    assert done.status_code == 200 and done.get_json()["saved"] == 2
    assert data_file.read_bytes().startswith(before) and len(load_events(data_file)) == 21
    plain = create_app(Settings(data_paths=(data_file,)), dataset=load_dataset([data_file])).server.test_client()
    assert plain.post("/curate/save", json=body).status_code == 404  # no editor mode: no such route
    assert "Editor mode" not in plain.get("/curate").get_data(as_text=True)


def test_an_id_served_from_another_file_is_refused_and_nothing_is_written(data_file, tmp_path):
    """The data file saved to is served beside another: a new row whose id the other file holds would make the
    data unloadable at the reload (an id in two files), so the save is refused and names the id."""
    other = tmp_path / "other.csv"
    write_events(load_events(BUNDLED_EVENTS).head(1).assign(event_id="talks-elsewhere-1"), other)
    settings = Settings(data_paths=(data_file, other), editor_token=TOKEN, import_cache="")
    client = create_app(settings, dataset=load_dataset([data_file, other])).server.test_client()
    client.get("/curate")
    csrf = client.get_cookie("curate_csrf", path="/curate").value
    before = data_file.read_bytes()
    answer = client.post("/curate/save", json={"rows": [{**NEW[0], "event_id": "talks-elsewhere-1"}]},
                         headers={"X-CSRF-Token": csrf, "X-Editor-Token": TOKEN})
    assert answer.status_code == 422 and "talks-elsewhere-1" in answer.get_data(as_text=True)
    assert data_file.read_bytes() == before and not list(data_file.parent.glob("*.bak"))


@pytest.mark.production
def test_saved_rows_appear_on_the_dashboard_after_gunicorn_reloads(data_file):
    before = data_file.read_bytes()
    port = free_port()
    server = start_gunicorn(port, workers=2, extra_env={"DASHBOARD_DATA": str(data_file), "DASHBOARD_EDITOR_TOKEN":
                                                        TOKEN, "DASHBOARD_IMPORT_CACHE": ""})
    base = f"http://127.0.0.1:{port}"
    try:
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        opener.open(f"{base}/curate", timeout=30).read()
        csrf = _cookie(opener)
        request = urllib.request.Request(f"{base}/curate/save", data=json.dumps({"rows": NEW}).encode(), method="POST",
                                         headers={"Content-Type": "application/json", "X-CSRF-Token": csrf,
                                                  "X-Editor-Token": TOKEN})
        answer = json.loads(opener.open(request, timeout=30).read())
        assert answer["saved"] == 2 and answer["reloading"] is True
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/health", timeout=5) as health:
                    if json.loads(health.read())["events"] == 21:
                        break
            except OSError:
                pass
            assert time.monotonic() < deadline, "the workers did not reload the file"
            time.sleep(0.3)
        with urllib.request.urlopen(f"{base}/export/events.csv?type=talks&from=2023-05-13&to=2023-05-13",
                                    timeout=30) as export:
            assert "talks-brussels-2023-05-13-candidate" in export.read().decode()
        assert data_file.read_bytes().startswith(before)
    finally:
        stop(server)


def _cookie(opener) -> str:
    jar = next(h.cookiejar for h in opener.handlers if hasattr(h, "cookiejar"))
    return next(c.value for c in jar if c.name == "curate_csrf")


def test_a_cell_a_spreadsheet_would_run_is_saved_inert_and_reads_back_as_written(data_file):
    """A sentence starting "=HYPERLINK(" or "- Forces…" is written led by an apostrophe, as the dashboard's own
    CSV export writes it, in the download, the live checks and the saved file; reading the file gives the words."""
    from dashboard.curation.files import candidates_csv, check_rows
    from dashboard.curation.propose import Candidate

    risky = {**NEW[0], "source_excerpt": '=HYPERLINK("http://example.org","x")', "summary": "- Forces shelled Berd"}
    download = candidates_csv([Candidate(risky, 1.0)])
    assert "'=HYPERLINK(" in download and ",'- Forces shelled Berd," in download
    assert check_rows([risky]) == []
    append_rows(data_file, [risky], folder=data_file.parent, now=NOW)
    assert b"'=HYPERLINK(" in data_file.read_bytes()
    saved = load_events(data_file).set_index("event_id").loc[risky["event_id"]]
    assert (saved["source_excerpt"], saved["summary"]) == (risky["source_excerpt"], risky["summary"])
    append_rows(data_file, [{**NEW[1]}], folder=data_file.parent, now=NOW)  # a second save in the same second
    assert len(list(data_file.parent.glob("events.csv.*.bak"))) == 2
