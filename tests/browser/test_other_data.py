"""The page adapts to whatever dataset it serves."""

from __future__ import annotations

import pytest

from dashboard import ids
from dashboard.web.app import create_app
from dashboard.settings import Settings

pytestmark = pytest.mark.browser


def test_page_serves_another_dataset(dash_duo, fixture_path):
    dash_duo.start_server(create_app(Settings(data_paths=(fixture_path("valid.csv"),))))
    dash_duo.wait_for_text_to_equal(f"#{ids.EVENT_COUNT}", "3 of 3 events")
    assert "Test source" in dash_duo.find_element(f"#{ids.DATASET_CAPTION}").text
    assert dash_duo.driver.title == "Conflict timeline"
    assert dash_duo.get_logs() == []


def test_sources_side_by_side_filter_lanes_and_around(dash_duo, fixture_path):
    from .conftest import current_query, wait_idle

    files = (fixture_path("../../data/events.csv"), fixture_path("compare/acled.csv"), fixture_path("compare/ucdp.csv"))
    dash_duo.driver.set_window_size(1400, 1000)
    dash_duo.start_server(create_app(Settings(data_paths=files, import_cache="")))
    dash_duo.wait_for_text_to_equal(f"#{ids.EVENT_COUNT}", "29 of 29 events")
    wait_idle(dash_duo)
    dash_duo.find_element(f"#{ids.SOURCES} input[value='ACLED']").click()
    dash_duo.wait_for_text_to_equal(f"#{ids.EVENT_COUNT}", "5 of 29 events")
    assert "source=ACLED" in current_query(dash_duo)
    dash_duo.driver.get(f"{dash_duo.server_url}/?event=ucdp-7001&group=source")
    dash_duo.wait_for_contains_text(f"#{ids.DETAILS}", "Around this event", timeout=15)
    assert "Within 50 km and 30 days either side: Euronews 0, ACLED 3." in dash_duo.find_element(
        f"#{ids.DETAILS}").text
    assert "Government of Azerbaijan (counted as Azerbaijan)" in dash_duo.find_element(f"#{ids.DETAILS}").text
    lanes = dash_duo.driver.execute_script(
        f"return document.querySelector('#{ids.TIMELINE} .js-plotly-plot').layout.yaxis.ticktext")
    assert set(lanes) == {"Euronews", "ACLED", "UCDP GED"}
    assert dash_duo.get_logs() == []
