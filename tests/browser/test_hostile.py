"""Event text with markup shows as text in every view; the app works under a path prefix."""

from __future__ import annotations

import pytest

from dashboard import ids
from dashboard.web.app import create_app
from dashboard.settings import Settings

from .conftest import open_view, table_event_ids, wait_idle
from .test_dashboard import click

pytestmark = pytest.mark.browser


def test_markup_in_event_text_stays_inert(dash_duo, fixture_path):
    dash_duo.driver.set_window_size(1400, 1000)
    dash_duo.start_server(create_app(Settings(data_paths=(fixture_path("hostile.csv"),))))
    dash_duo.wait_for_text_to_equal(f"#{ids.EVENT_COUNT}", "2 of 2 events")
    open_view(dash_duo, "event=xss-1")
    details = dash_duo.find_element(f"#{ids.DETAILS}").text
    assert "<script>window.__pwned = 1</script>Talks" in details
    assert '<img src=x onerror="window.__pwned=2">A summary.' in details
    assert table_event_ids(dash_duo, {"xss-1", "xss-2"}) == {"xss-1", "xss-2"}
    click(dash_duo, f"#{ids.TABLE} .ag-row[row-id='xss-2'] .ag-cell")
    dash_duo.wait_for_contains_text(f"#{ids.DETAILS}", "Clash </script><script>alert(2)</script>")
    wait_idle(dash_duo)
    assert dash_duo.driver.execute_script("return window.__pwned === undefined")
    assert dash_duo.find_elements("img[src='x']") == []
    assert dash_duo.driver.execute_script("return document.querySelectorAll('svg script, body > script:not([src])')"
                                          ".length") == len(dash_duo.find_elements("body > script:not([src])"))


def test_dashboard_under_a_path_prefix(dash_duo):
    dash_duo.driver.set_window_size(1400, 1000)
    app = create_app(Settings(path_prefix="/conflict/"))
    dash_duo.server(app)  # not start_server: that waits for a page at "/", which the prefix moves
    base = dash_duo.server.url.rstrip("/")
    dash_duo.driver.get(f"{base}/conflict/?type=talks")
    dash_duo.wait_for_text_to_equal(f"#{ids.EVENT_COUNT}", "5 of 19 events")
    wait_idle(dash_duo)
    link = dash_duo.find_element(f"[id='{{\"name\":\"events.csv\",\"type\":\"{ids.DOWNLOAD_LINK}\"}}']")
    assert link.get_attribute("href") == f"{base}/conflict/export/events.csv?type=talks"
    assert dash_duo.get_logs() == []
