"""The curation workbench in the browser (#27): paste a short article, get candidates beside it, accept two, edit
a field, download the CSV — which ``validate`` accepts; each candidate's sentence is marked in the article."""

from __future__ import annotations

import csv
import time
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from dashboard import ids
from dashboard.cli import main

from .conftest import run_axe

pytestmark = pytest.mark.browser

ARTICLE = ("The leaders met for talks in Brussels on Saturday evening. On Thursday, an Azerbaijani soldier was killed "
           "and four Armenian soldiers wounded in clashes on the border. Washington called on the two leaders on "
           "Thursday to move their troops away from the border.")


def propose(duo) -> None:
    """Paste the short article on /curate (open), say when and by whom it was published, and propose."""
    duo.find_element("#curate-text").send_keys(ARTICLE)
    duo.driver.execute_script("document.querySelector('[name=published]').value = '2023-05-14'")
    duo.find_element("[name=outlet]").send_keys("Test outlet")
    duo.find_element("#curate-propose").click()
    duo.wait_for_contains_text("#curate-review-title", "candidates", timeout=15)


def downloaded(folder: Path, name: str, timeout: float = 15) -> Path:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = folder / name
        if found.is_file() and found.stat().st_size and not list(folder.glob("*.crdownload")):
            return found
        time.sleep(0.1)
    raise AssertionError(f"nothing downloaded to {folder}: {list(folder.iterdir())}")


def test_paste_accept_two_edit_one_and_download_a_csv_that_validates(dashboard, capsys):
    link = dashboard.driver.execute_script(f"return document.getElementById('{ids.CURATE_LINK}').href")
    assert link == f"{dashboard.server_url}/curate"  # the Story menu leads here
    dashboard.driver.get(link)
    propose(dashboard)
    cards = dashboard.driver.find_elements(By.CSS_SELECTOR, ".curate-card")
    assert len(cards) >= 3
    marks = dashboard.driver.find_elements(By.CSS_SELECTOR, ".curate-article mark")
    assert [m.text for m in marks] == [
        "The leaders met for talks in Brussels on Saturday evening.",
        "On Thursday, an Azerbaijani soldier was killed and four Armenian soldiers wounded in clashes on the border.",
        "Washington called on the two leaders on Thursday to move their troops away from the border."]
    first = dashboard.find_element("#card-talks-brussels-2023-05-13")
    assert first.find_element(By.NAME, "date_start").get_attribute("value") == "2023-05-13"
    dashboard.find_element("#accept-0").click()
    dashboard.find_element("#accept-1").click()
    title = first.find_element(By.NAME, "title")
    title.clear()
    title.send_keys("EU-hosted talks in Brussels")
    dashboard.wait_for_text_to_equal("#curate-status", f"2 of {len(cards)} accepted", timeout=10)
    deadline = time.monotonic() + 10  # the checks run on the server, then the download opens
    while not dashboard.find_element("#curate-download").is_enabled():
        assert time.monotonic() < deadline, "the download stayed disabled"
        time.sleep(0.1)
    dashboard.find_element("#curate-download").click()
    path = downloaded(Path(dashboard.download_path), "candidates.csv")
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert [r["event_id"] for r in rows] == ["talks-brussels-2023-05-13", "clash-2023-05-11"]
    assert rows[0]["title"] == "EU-hosted talks in Brussels"  # the edit
    assert (rows[1]["fatalities"], rows[1]["injuries"]) == ("1", "4")
    assert rows[1]["source_excerpt"] in ARTICLE and rows[1]["source"] == "Test outlet, 14 May 2023"
    capsys.readouterr()
    assert main(["validate", str(path)]) == 0
    assert "OK: 2 events" in capsys.readouterr().out
    violations = run_axe(dashboard)
    assert [(v["id"], [n["html"][:120] for n in v["nodes"]]) for v in violations] == []
    assert dashboard.get_logs() == []


def test_a_field_that_breaks_the_contract_is_named_and_blocks_the_download(dashboard):
    dashboard.driver.get(f"{dashboard.server_url}/curate")
    propose(dashboard)
    dashboard.find_element("#accept-0").click()
    title = dashboard.find_element("#card-talks-brussels-2023-05-13").find_element(By.NAME, "title")
    title.send_keys(Keys.CONTROL, "a")
    title.send_keys(Keys.DELETE)  # a candidate needs a title
    dashboard.wait_for_contains_text("#card-talks-brussels-2023-05-13 .curate-problems", "title: missing value",
                                     timeout=10)
    assert not dashboard.find_element("#curate-download").is_enabled()
    title.send_keys("Talks")
    dashboard.wait_for_text_to_equal("#card-talks-brussels-2023-05-13 .curate-problems", "", timeout=10)
    # reject, split and merge keep the ids unique and the rows checked
    before = len(dashboard.driver.find_elements(By.CSS_SELECTOR, ".curate-card"))
    dashboard.find_element("#card-talks-brussels-2023-05-13 .curate-split").click()
    assert len(dashboard.driver.find_elements(By.CSS_SELECTOR, ".curate-card")) == before + 1
    assert dashboard.find_element("#card-talks-brussels-2023-05-13-2")
    dashboard.find_element("#card-talks-brussels-2023-05-13-2 .curate-merge").click()
    assert len(dashboard.driver.find_elements(By.CSS_SELECTOR, ".curate-card")) == before
    dashboard.find_element("#card-talks-brussels-2023-05-13 .curate-reject").click()
    assert "rejected" in dashboard.find_element("#card-talks-brussels-2023-05-13").get_attribute("class")
    assert dashboard.get_logs() == []


def test_in_editor_mode_the_accepted_rows_are_saved_to_the_data_file(dash_duo, tmp_path):
    """With the editor's token the page appends the accepted rows to the data file served, the earlier rows byte
    for byte; a dashboard started on the file serves them (gunicorn's reload: tests/test_curate_editor.py)."""
    import shutil

    from dashboard.data import BUNDLED_EVENTS
    from dashboard.query.dataset import load_dataset
    from dashboard.query.view import resolve_view
    from dashboard.settings import Settings
    from dashboard.web.app import create_app

    folder = tmp_path / "data"
    folder.mkdir()
    data_file = Path(shutil.copy(BUNDLED_EVENTS, folder / "events.csv"))
    before = data_file.read_bytes()
    settings = Settings(data_paths=(data_file,), editor_token="editor-secret", import_cache="")
    dash_duo.driver.set_window_size(1400, 1000)
    dash_duo.start_server(create_app(settings, dataset=load_dataset([data_file])))
    dash_duo.driver.get(f"{dash_duo.server_url}/curate")
    propose(dash_duo)
    dash_duo.find_element("#accept-0").click()
    dash_duo.find_element("#accept-1").click()
    dash_duo.find_element("#curate-editor-token").send_keys("editor-secret")
    deadline = time.monotonic() + 10
    while not dash_duo.find_element("#curate-save").is_enabled():
        assert time.monotonic() < deadline, "saving stayed disabled"
        time.sleep(0.1)
    dash_duo.find_element("#curate-save").click()
    dash_duo.wait_for_contains_text("#curate-status", "Saved 2 to events.csv", timeout=15)
    after = data_file.read_bytes()
    assert after[:len(before)] == before and len(after) > len(before)  # the earlier rows byte for byte
    assert len(list(folder.glob("events.csv.*.bak"))) == 1
    assert not dash_duo.driver.find_elements(By.ID, "card-talks-brussels-2023-05-13")  # saved: out of the review
    reloaded = load_dataset([data_file])
    view = resolve_view(reloaded, "type=talks&from=2023-05-13&to=2023-05-13")
    assert reloaded.total == 21 and "talks-brussels-2023-05-13" in set(view.events["event_id"])
    assert dash_duo.get_logs() == []
