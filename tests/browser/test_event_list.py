"""The page as a person sees it, in headless Chromium."""

from __future__ import annotations

import pytest

from dashboard import ids
from dashboard.app import create_app
from dashboard.settings import Settings

pytestmark = pytest.mark.browser


def test_page_lists_every_bundled_event(dash_duo, bundled_events):
    dash_duo.start_server(create_app(Settings()))
    dash_duo.wait_for_text_to_equal(f"#{ids.EVENT_COUNT}", "19 of 19 events")
    rows = dash_duo.find_elements(f"#{ids.EVENT_LIST} tbody tr")
    assert len(rows) == len(bundled_events) == 19
    assert "Pashinian and Aliyev meet in Brussels" in dash_duo.find_element(f"#{ids.EVENT_LIST}").text
    assert "Euronews with AFP" in dash_duo.find_element(f"#{ids.DATASET_CAPTION}").text
    assert dash_duo.driver.title == "Conflict timeline"
    assert dash_duo.get_logs() == []


def test_page_serves_another_dataset(dash_duo, fixture_path):
    dash_duo.start_server(create_app(Settings(data_paths=(fixture_path("valid.csv"),))))
    dash_duo.wait_for_text_to_equal(f"#{ids.EVENT_COUNT}", "3 of 3 events")
    assert "Border clash" in dash_duo.find_element(f"#{ids.EVENT_LIST}").text
