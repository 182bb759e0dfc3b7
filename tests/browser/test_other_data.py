"""The page adapts to whatever dataset it serves."""

from __future__ import annotations

import pytest

from dashboard import ids
from dashboard.app import create_app
from dashboard.settings import Settings

pytestmark = pytest.mark.browser


def test_page_serves_another_dataset(dash_duo, fixture_path):
    dash_duo.start_server(create_app(Settings(data_paths=(fixture_path("valid.csv"),))))
    dash_duo.wait_for_text_to_equal(f"#{ids.EVENT_COUNT}", "3 of 3 events")
    assert "Test source" in dash_duo.find_element(f"#{ids.DATASET_CAPTION}").text
    assert dash_duo.driver.title == "Conflict timeline"
    assert dash_duo.get_logs() == []
