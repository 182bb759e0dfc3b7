"""The first view as a new visitor gets it: what is transferred, and what waits until it is needed."""

from __future__ import annotations

import time

import pytest

from dashboard import ids

pytestmark = pytest.mark.browser

#: The first visit's budget, compressed, counted from the browser's resource timing.
FIRST_VISIT_BYTES = 1024 * 1024


def test_a_first_visit_transfers_under_a_mebibyte_and_draws_the_timeline_from_the_page(dashboard):
    driver = dashboard.driver
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.clearBrowserCache", {})
    driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
    try:
        driver.get(dashboard.server_url)
        dashboard.wait_for_element(f"#{ids.TIMELINE} .scatterlayer .point", timeout=20)
        dashboard.wait_for_element(f"#{ids.MAP} .scattergeo path.point", timeout=20)
        time.sleep(1.0)
        entries = driver.execute_script(
            "return performance.getEntriesByType('resource').map(r => [r.name, r.transferSize, r.initiatorType])")
        page = driver.execute_script("return performance.getEntriesByType('navigation')[0].transferSize")
    finally:
        driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": False})
    total = page + sum(size for _, size, _ in entries)
    names = [name for name, _, _ in entries]
    assert 0 < total <= FIRST_VISIT_BYTES, f"{total:,} bytes: {sorted(entries, key=lambda e: -e[1])[:6]}"
    assert not [n for n in names if "dash_ag_grid" in n], "the table's code waits until the table is shown"
    assert [n for n in names if "plotly.min" in n], "plotly.js comes from the app"
    timeline_calls = driver.execute_script(
        "return performance.getEntriesByType('resource').filter(r => r.name.includes('_dash-update-component'))"
        ".length")
    assert timeline_calls <= 8  # the page's small callbacks (count, lists, links, map); the timeline came with it
    assert dashboard.get_logs() == []
