"""What changed (#25) in the browser: the trends page for a filter, its table sorted by a click, an area opening
the dashboard filtered to it; reached from the dashboard's Download menu; axe-core clean."""

from __future__ import annotations

import pytest
from dash.testing.wait import until

from dashboard import ids
from dashboard.query.view import resolve_view

from .conftest import count_text, current_query, open_view, run_axe

pytestmark = pytest.mark.browser


def test_the_trends_page_opens_an_area_in_the_dashboard(dashboard, dataset):
    open_view(dashboard, "type=clash&type=talks")
    dashboard.driver.find_element("xpath", "//button[normalize-space()='Download']").click()
    link = dashboard.driver.find_element("partial link text", "What changed")
    assert link.get_attribute("href").endswith("/trends?type=clash&type=talks")
    dashboard.driver.get(f"{dashboard.server_url}/trends?type=clash&type=talks&by=country&as_of=2023-05-14")
    dashboard.wait_for_element("#trends-table")
    areas = [a.text for a in dashboard.driver.find_elements("css selector", "#trends-table .trend-area")]
    assert areas == ["Belgium", "Armenia", "United States"]  # the largest change against 4 weeks first
    assert "The week of 8 May 2023 – 14 May 2023" in dashboard.driver.find_element("tag name", "main").text
    # sorting by this week, from the most
    heading = dashboard.driver.find_elements("css selector", "#trends-table thead th a")[1]
    heading.click()
    dashboard.wait_for_element("#trends-table th[aria-sort]")
    assert [a.text for a in dashboard.driver.find_elements("css selector", "#trends-table .trend-area")][0] == "Belgium"
    violations = run_axe(dashboard)
    assert [(v["id"], [n["html"][:120] for n in v["nodes"]]) for v in violations] == []
    dashboard.driver.find_element("link text", "Armenia").click()
    dashboard.wait_for_contains_text(f"#{ids.EVENT_COUNT}", "events")
    assert current_query(dashboard) == "?type=clash&type=talks&area=Armenia"
    view = resolve_view(dataset, "type=clash&type=talks&area=Armenia")
    dashboard.wait_for_text_to_equal(f"#{ids.EVENT_COUNT}", view.count_text)
    assert view.count == 2 and count_text(dashboard) == view.count_text
    assert dashboard.get_logs() == []


def test_the_checked_areas_weeks_are_drawn_against_their_baselines(dashboard):
    """The timeline of the three areas that changed most by default; checking one area and drawing gives its
    weeks alone, kept in the URL (and in the chart's embed and downloads); the map places every area."""
    dashboard.driver.get(f"{dashboard.server_url}/trends?type=clash&type=talks&by=country&as_of=2023-05-14")
    dashboard.wait_for_element("#trends-timeline-chart .main-svg")

    def titles():
        return [t.text for t in dashboard.driver.find_elements(
            "css selector", "#trends-timeline-chart .annotation-text") if not t.text.startswith("The week")]

    assert titles() == ["Belgium", "Armenia", "United States"]
    for box in dashboard.driver.find_elements("css selector", "#trends-table input[name=areas]"):
        if box.get_attribute("value") != "Armenia" and box.is_selected():
            box.click()
    dashboard.driver.find_element("xpath", "//button[normalize-space()=\"Draw the checked areas' weeks\"]").click()
    # the form loads the page anew: wait for the new address, then its chart (the old page's chart is there at once)
    until(lambda: "areas=Armenia" in dashboard.driver.current_url, timeout=15)
    dashboard.wait_for_element("#trends-timeline-chart .main-svg")
    until(lambda: titles() == ["Armenia"], timeout=15)
    legend = [t.text for t in dashboard.driver.find_elements("css selector", "#trends-timeline-chart .legendtext")]
    assert legend == ["events in the week", "52-week mean ± 1 SD", "mean of the 4 weeks before"]
    embed = dashboard.driver.find_elements("link text", "Embed")[1].get_attribute("href")
    assert "/embed/trends-timeline?" in embed and "areas=Armenia" in embed
    points = dashboard.driver.find_elements("css selector", "#trends-map-chart .scattergeo path.point")
    assert len(points) == 3  # Belgium, Armenia and the United States, at their events
    violations = run_axe(dashboard)
    assert [(v["id"], [n["html"][:120] for n in v["nodes"]]) for v in violations] == []
    assert dashboard.get_logs() == []
