"""The article's events beside an ACLED export (most of it in Armenia, some of it worldwide) and UCDP's worldwide
sample: the page opens where and when a reader of the article expects, with every mark at its place."""

from __future__ import annotations

import re
import time

import pytest
from selenium.webdriver.common.action_chains import ActionChains

from dashboard import ids
from dashboard.web.app import create_app
from dashboard.data import BUNDLED_EVENTS
from dashboard.query.dataset import load_dataset
from dashboard.settings import Settings
from dashboard.query.view import resolve_view
from tests.conftest import FIXTURES

from .conftest import open_view, run_axe, wait_idle

pytestmark = pytest.mark.browser
MIXED = [BUNDLED_EVENTS, FIXTURES / "acled" / "hdx_armenia_worldwide.csv"]
COLOCATED = "actor=Azerbaijan&from=2020-09-20&to=2020-11-15&group=source"


@pytest.fixture(scope="module")
def mixed(ucdp_sample):
    return load_dataset([*MIXED, ucdp_sample])


@pytest.fixture
def page(dash_duo, mixed, serve):
    dash_duo.driver.set_window_size(1440, 1000)
    serve("mixed", lambda: create_app(Settings(), dataset=mixed))
    dash_duo.wait_for_contains_text(f"#{ids.EVENT_COUNT}", "events")
    wait_idle(dash_duo)
    return dash_duo


def _figure(duo, graph: str, part: str):
    return duo.driver.execute_script(f"return document.querySelector('#{graph} .js-plotly-plot').{part}")


def _map_ready(duo, timeout: float = 15):
    duo.wait_for_element(f"#{ids.MAP} .js-plotly-plot .main-svg", timeout=timeout)
    wait_idle(duo)


def test_the_first_view_opens_on_the_articles_region_and_period(page, mixed):
    _map_ready(page)
    west, east = _figure(page, ids.MAP, "layout.geo.lonaxis.range")
    south, north = _figure(page, ids.MAP, "layout.geo.lataxis.range")
    assert west < 44.0 and east > 46.5 and south < 39.5 and north > 41.0, (west, east, south, north)  # the Caucasus
    assert east - west < 25, "not the world, not Africa: the South Caucasus"
    points = _figure(page, ids.MAP, "_fullData.filter(t => t.visible === true && t.type === 'scattergeo' && t.lat)"
                                    ".flatMap(t => Array.from(t.lat)).filter(y => y !== null)")
    assert sum(1 for y in points if y is not None and 37 <= y <= 43.5) >= 20
    start, end = (str(x)[:10] for x in _figure(page, ids.TIMELINE, "layout.xaxis.range"))
    assert start <= "2023-05-14" <= end  # the article's weeks, its publication among them
    presets = [b.text for b in page.find_elements(f"#{ids.RANGE_PRESETS} ~ * button, button[id*='range-preset']")]
    assert any(p.startswith("The article") for p in presets) and any(p.startswith("Busiest") for p in presets)
    assert page.find_element(f"#{ids.DATASET_CAPTION}").text.startswith("UCDP GED; ACLED; Euronews with AFP")
    assert run_axe(page) == []


def test_the_articles_events_use_the_shapes_the_marks_key_names(page, mixed):
    open_view(page, "from=1988-01-01")  # the whole history: counted, the article drawn over
    page.wait_for_element(f"#{ids.TIMELINE} .js-plotly-plot .main-svg", timeout=15)
    traces = _figure(page, ids.TIMELINE, "data.map(t => ({name: t.name, ids: t.customdata ? t.customdata.map(c => "
                                         "c[0]) : null, symbol: t.marker ? t.marker.symbol : null}))")
    band = next(t for t in traces if t["name"] and "drawn one by one" in t["name"] and t["ids"])
    symbols = dict(zip(band["ids"], band["symbol"], strict=True))
    assert symbols["moldova-epc-meeting-2023-06-01"] == "diamond"            # scheduled
    assert symbols["brussels-trilateral-2023-05-14"] == "circle"             # a day
    assert symbols["armenia-complains-peacekeepers"] == "circle-open"        # a window, known loosely
    assert symbols["karabakh-secession"] == "circle"                         # a day, from its sources
    assert symbols["first-karabakh-war"] == "line-ns"                        # a span: drawn as its bar
    bars = [t["name"] for t in traces if t["name"] and t["name"].endswith(" spans")]
    assert bars, "spans are bars in the band"


DRAWN_FROM_PLACE = """
const coords = arguments[0], gd = document.querySelector('#%s .js-plotly-plot');
const project = gd._fullLayout.geo._subplot.projection, far = [];
let near = 0;
gd._fullData.forEach(t => {
  if (t.visible !== true || t.type !== 'scattergeo' || !t.mode.includes('markers') || !t.customdata) return;
  const points = t.name.startsWith('group:')
    ? gd.data.filter(s => s.name === 'spread:' + t.name.slice(6))
        .flatMap(s => Array.from(s.customdata, c => [t.lon[0], t.lat[0], c[0]]))
    : Array.from(t.customdata, (c, i) => [t.lon[i], t.lat[i], c[0]]);
  points.forEach(([lon, lat, id]) => {
    const a = project([lon, lat]), b = project(coords[id]), d = Math.hypot(a[0] - b[0], a[1] - b[1]);
    if (d <= 3) near += 1; else far.push([id, d]);
  });
});
return [near, far];
"""


def test_events_at_one_place_are_one_mark_there_and_a_click_spreads_them(page, mixed):
    open_view(page, COLOCATED)
    _map_ready(page)
    located = resolve_view(mixed, COLOCATED).events.dropna(subset=["latitude", "longitude"])
    coords = {e: [lon, lat] for e, lon, lat in located[["event_id", "longitude", "latitude"]].itertuples(index=False)}
    near, far = page.driver.execute_script(DRAWN_FROM_PLACE % ids.MAP, coords)
    assert far == [] and near == len(coords), "every mark drawn within 3 px of its events' place, by Plotly's projection"
    groups = _figure(page, ids.MAP, "data.map((t, i) => [t.name, i, t.visible, t.text ? t.text[0] : null])"
                                    ".filter(t => t[0] && t[0].startsWith('group:'))")
    largest = max(groups, key=lambda g: int(g[3]))
    assert int(largest[3]) >= 30  # the shellings of Sotk: one mark with their count
    spread = f"data.filter(t => t.name === 'spread:{largest[0][6:]}').map(t => t.visible)"
    assert all(v is False for v in _figure(page, ids.MAP, spread))
    count = page.driver.execute_script(
        f"return Array.from(document.querySelectorAll('#{ids.MAP} .trace.scattergeo text'))"
        f".find(t => t.textContent === '{largest[3]}')")
    height = f"return document.getElementById('{ids.MAP}').getBoundingClientRect().height"
    drawn = page.driver.execute_script(height)
    ActionChains(page.driver).move_to_element(count).click().perform()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and not all(v is True for v in _figure(page, ids.MAP, spread)):
        time.sleep(0.2)
    assert all(v is True for v in _figure(page, ids.MAP, spread)), "a click on the count spreads the events"
    time.sleep(0.5)
    assert page.driver.execute_script(height) == drawn > 300, "the map keeps its size when it spreads a place"
    assert "actor=Azerbaijan" in page.driver.current_url  # and selects nothing


def test_the_embed_dialog_says_its_snippets_work_only_on_this_machine(page):
    page.find_element(f"#{ids.EMBED_OPEN}").click()
    page.wait_for_element(f"#{ids.EMBED_ONLY_HERE}", timeout=5)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and not page.find_element(f"#{ids.EMBED_ONLY_HERE}").is_displayed():
        time.sleep(0.2)
    assert "work only here" in page.find_element(f"#{ids.EMBED_ONLY_HERE}").text
    assert re.search(r'src="http://(127\.0\.0\.1|localhost):', page.find_element(f"#{ids.embed_code('map')}").get_attribute("value"))


def test_around_this_event_is_offered_only_with_an_event_selected(page):
    assert not page.find_element(f"#{ids.AROUND_KM}").is_displayed()
    open_view(page, "event=brussels-trilateral-2023-05-14")
    page.wait_for_contains_text(f"#{ids.DETAILS}", "Around this event", timeout=10)
    assert page.find_element(f"#{ids.AROUND_KM}").is_displayed()
