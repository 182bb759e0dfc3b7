"""Reports as a reader meets them: exported HTML opened from disk offline, embeds framed on another site."""

from __future__ import annotations

import http.server
import threading
import time
import urllib.request
from functools import partial

import pytest

from dashboard import ids

from .conftest import current_query, open_view, run_axe, wait_idle

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("chart, drawn", [("timeline", ".scatterlayer .point"), ("map", ".scattergeo path.js-line")])
def test_exported_html_renders_from_disk_with_the_network_blocked(dashboard, tmp_path, chart, drawn):
    html = urllib.request.urlopen(f"{dashboard.server_url}/export/{chart}.html?type=talks").read()
    path = tmp_path / f"{chart}.html"
    path.write_bytes(html)
    driver = dashboard.driver
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions",
                           {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    try:
        driver.get(path.as_uri())
        dashboard.wait_for_element(f".js-plotly-plot {drawn}", timeout=15)
        title = driver.execute_script("return document.querySelector('.gtitle').textContent")
        assert title == f"{chart.capitalize()}: 5 of 19 events"
        resources = driver.execute_script("return performance.getEntriesByType('resource').map(r => r.name)")
        assert [r for r in resources if not r.startswith("file:")] == []
    finally:
        driver.execute_cdp_cmd("Network.emulateNetworkConditions",
                               {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})


@pytest.fixture
def other_site(tmp_path, dashboard):
    """A page on another origin (another loopback port) that frames the embed map and the dashboard."""
    (tmp_path / "index.html").write_text(
        f'<!DOCTYPE html><html><body>'
        f'<iframe id="embed" src="{dashboard.server_url}/embed/map?actor=Russia" width="800" height="500"></iframe>'
        f'<iframe id="page" src="{dashboard.server_url}/" width="800" height="500"></iframe></body></html>')
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/index.html"
    server.shutdown()


def test_embed_map_shows_in_a_frame_on_another_origin_and_the_dashboard_does_not(dashboard, other_site):
    driver = dashboard.driver
    driver.get(other_site)
    driver.switch_to.frame(driver.find_element("css selector", "#embed"))
    dashboard.wait_for_element(".js-plotly-plot .scattergeo path.point", timeout=15)
    assert "4 of 19 events · Actor: Russia" in driver.find_element("css selector", "figcaption").text
    driver.switch_to.default_content()
    driver.switch_to.frame(driver.find_element("css selector", "#page"))
    assert driver.find_elements("css selector", "#react-entry-point") == []
    driver.switch_to.default_content()


def test_download_links_and_embed_snippets_follow_the_view(dashboard):
    open_view(dashboard, "type=talks")
    link = dashboard.find_element(f"[id='{{\"name\":\"timeline.png\",\"type\":\"{ids.DOWNLOAD_LINK}\"}}']")
    assert link.get_attribute("href") == f"{dashboard.server_url.rstrip('/')}/export/timeline.png?type=talks"
    dashboard.find_element(f"#{ids.EMBED_OPEN}").click()
    dashboard.wait_for_element(f"#{ids.embed_code('map')}")
    wait_idle(dashboard)
    snippet = dashboard.find_element(f"#{ids.embed_code('map')}").get_attribute("value")
    assert snippet.startswith(f'<iframe src="{dashboard.server_url.rstrip("/")}/embed/map?type=talks"')
    assert dashboard.get_logs() == []


def test_your_words_go_with_the_downloads_and_the_embeds(dashboard):
    """The filter panel's "Your words" fields (#26): a title typed there goes into the address, every download
    link and every embed snippet; a PDF of the timeline is offered beside PNG and SVG; axe clean."""
    open_view(dashboard, "type=talks")
    title = dashboard.find_element(f"#{ids.control('title')}")
    assert title.get_attribute("placeholder") == "The chart's name and count"
    title.send_keys("Talks before <Brussels>\n")
    dashboard.wait_for_text_to_equal(f"#{ids.EVENT_COUNT}", "5 of 19 events")
    deadline = time.monotonic() + 10
    while "title=" not in current_query(dashboard):
        assert time.monotonic() < deadline, "the title did not reach the address"
        time.sleep(0.1)
    assert current_query(dashboard) == "?type=talks&title=Talks+before+%3CBrussels%3E"
    wait_idle(dashboard)
    pdf = dashboard.find_element(f"[id='{{\"name\":\"timeline.pdf\",\"type\":\"{ids.DOWNLOAD_LINK}\"}}']")
    assert pdf.get_attribute("href").endswith("/export/timeline.pdf?type=talks&title=Talks+before+%3CBrussels%3E")
    embed = dashboard.find_element(f"#{ids.EMBED_OPEN}")
    dashboard.driver.execute_script("window.scrollTo(0, 0)")  # typing at the panel's foot scrolled the page
    dashboard.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", embed)
    time.sleep(0.3)
    embed.click()
    dashboard.wait_for_element(f"#{ids.embed_code('timeline')}")
    wait_idle(dashboard)
    snippet = dashboard.find_element(f"#{ids.embed_code('timeline')}").get_attribute("value")
    assert "/embed/timeline?type=talks&title=Talks+before+%3CBrussels%3E" in snippet
    violations = run_axe(dashboard)
    assert [(v["id"], [n["html"][:120] for n in v["nodes"]]) for v in violations] == []
    assert dashboard.get_logs() == []
