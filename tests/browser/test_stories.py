"""Stories as a reader and an author use them: steps, keys, addresses, frames, phones, offline, drafts."""

from __future__ import annotations

import time
import urllib.parse
from pathlib import Path

import pandas as pd
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from dashboard import cli

from dashboard import ids
from dashboard.web.app import create_app
from dashboard.settings import Settings
from dashboard.stories.exporting import write_story
from dashboard.stories.files import parse_story, read_story
from dashboard.stories.library import BUNDLED_STORIES
from dashboard.query.view_state import ViewState

from .conftest import open_view, run_axe

pytestmark = pytest.mark.browser

SLUG = "brussels-may-2023"
STORY = read_story(BUNDLED_STORIES / f"{SLUG}.md")


@pytest.fixture
def stories(dash_duo, dataset, serve):
    dash_duo.driver.set_window_size(1400, 1000)
    return serve("bundled", lambda: create_app(Settings(), dataset=dataset))


def open_story(duo, path: str, step: int) -> None:
    duo.driver.get(f"{duo.server_url}{path}")
    wait_drawn(duo, step)


def wait_drawn(duo, step: int, timeout: float = 15) -> None:
    """Wait until the page says step ``step``'s figures are drawn."""
    deadline = time.monotonic() + timeout
    while duo.driver.execute_script("return document.body.getAttribute('data-drawn')") != str(step):
        assert time.monotonic() < deadline, f"step {step} was not drawn"
        time.sleep(0.1)


def press(duo, key) -> None:
    duo.driver.find_element(By.TAG_NAME, "body").send_keys(key)


def shown_step(duo) -> int:
    return int(duo.driver.execute_script("return document.querySelector('.story-card:not([hidden])').dataset.step"))


def timeline_range(duo) -> tuple[pd.Timestamp, pd.Timestamp]:
    values = duo.driver.execute_script("return document.getElementById('story-timeline')._fullLayout.xaxis.range")
    return pd.Timestamp(values[0]), pd.Timestamp(values[1])


def selected_ids(duo) -> list[str]:
    return duo.driver.execute_script(
        "const t = document.getElementById('story-timeline').data.find(t => t.name === 'Selected');"
        "return t ? t.customdata.map(c => c[0]) : [];")


def test_keys_buttons_and_the_address_move_between_steps(stories):
    open_story(stories, f"/story/{SLUG}", 1)
    press(stories, Keys.ARROW_RIGHT)
    wait_drawn(stories, 2)
    assert stories.driver.current_url.endswith(f"/story/{SLUG}/2") and shown_step(stories) == 2
    press(stories, Keys.ARROW_LEFT)
    wait_drawn(stories, 1)
    assert stories.driver.current_url.endswith(f"/story/{SLUG}/1")
    press(stories, Keys.END)
    wait_drawn(stories, 8)
    assert stories.find_element("#story-next").get_attribute("disabled") == "true"
    press(stories, Keys.HOME)
    wait_drawn(stories, 1)
    stories.find_element("#story-next").click()
    wait_drawn(stories, 2)
    stories.driver.back()
    wait_drawn(stories, 1)
    open_story(stories, f"/story/{SLUG}/5", 5)
    stories.driver.refresh()
    wait_drawn(stories, 5)
    assert shown_step(stories) == 5
    assert stories.find_element(".story-bar").get_attribute("aria-valuenow") == "5"
    assert stories.find_element("#story-text").get_attribute("aria-live") == "polite"


def test_each_step_frames_its_dates_and_rings_its_event(stories):
    open_story(stories, f"/story/{SLUG}", 1)
    for number, step in enumerate(STORY.steps, 1):
        if number > 1:
            press(stories, Keys.ARROW_RIGHT)
            wait_drawn(stories, number)
        state = step.state
        assert timeline_range(stories) == (pd.Timestamp(state.date_from),
                                           pd.Timestamp(state.date_to) + pd.Timedelta(days=1)), step.headline
        if state.event:
            assert selected_ids(stories) == [state.event], step.headline
        link = stories.find_element(f"#step-{number} .story-links > a")
        assert link.get_attribute("href").endswith("/?" + state.to_query())


def test_a_step_seen_again_keeps_its_own_frame(stories):
    open_story(stories, f"/story/{SLUG}", 1)
    for key, step in ((Keys.ARROW_RIGHT, 2), (Keys.ARROW_RIGHT, 3), (Keys.ARROW_LEFT, 2), (Keys.ARROW_LEFT, 1),
                      (Keys.ARROW_RIGHT, 2)):
        press(stories, key)
        wait_drawn(stories, step)
        time.sleep(0.7)  # past any glide: the frame must be the step's own, not the last one animated
        state = STORY.steps[step - 1].state
        assert timeline_range(stories) == (pd.Timestamp(state.date_from),
                                           pd.Timestamp(state.date_to) + pd.Timedelta(days=1)), step
    for _ in range(6):  # keys pressed faster than a glide lasts: the last step wins, in its own frame
        press(stories, Keys.ARROW_RIGHT)
    wait_drawn(stories, 8)
    time.sleep(0.7)
    state = STORY.steps[7].state
    assert timeline_range(stories) == (pd.Timestamp(state.date_from), pd.Timestamp(state.date_to)
                                       + pd.Timedelta(days=1))


def test_no_serious_accessibility_violations_on_the_story_and_its_embed(stories):
    open_story(stories, f"/story/{SLUG}/3", 3)
    assert run_axe(stories) == []
    open_story(stories, f"/embed/story/{SLUG}", 1)
    assert run_axe(stories) == []


def test_on_a_phone_nothing_scrolls_sideways_and_the_text_hides_no_mark(stories):
    stories.driver.set_window_size(390, 844)
    open_story(stories, f"/story/{SLUG}", 1)
    for number in range(1, len(STORY.steps) + 1):
        if number > 1:
            press(stories, Keys.ARROW_RIGHT)
            wait_drawn(stories, number)
        stories.driver.execute_script("window.scrollTo(0, 0)")
        assert stories.driver.execute_script("return document.documentElement.scrollWidth") <= 390
        overlaps = stories.driver.execute_script("""
            const covers = [document.querySelector('.story-card:not([hidden])'), document.querySelector('.story-nav')]
              .map(e => e.getBoundingClientRect());
            const marks = Array.from(document.querySelectorAll('#story-timeline .scatterlayer .point'))
              .map(p => p.getBoundingClientRect()).filter(r => r.width > 0);
            const hit = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
            return [marks.length, marks.filter(m => covers.some(c => hit(m, c))).length];""")
        assert overlaps[0] > 0 and overlaps[1] == 0, f"step {number}: {overlaps}"


def test_the_offline_file_steps_through_every_step_with_the_network_off(dash_duo, dataset, tmp_path):
    out = tmp_path / f"{SLUG}.html"
    write_story(STORY, dataset, "html", out, renderer=None)
    driver = dash_duo.driver
    driver.set_window_size(1200, 900)
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", {"offline": True, "latency": 0,
                                                                "downloadThroughput": 0, "uploadThroughput": 0})
    try:
        driver.get(out.as_uri())
        wait_drawn(dash_duo, 1)
        for number in range(2, len(STORY.steps) + 1):
            press(dash_duo, Keys.ARROW_RIGHT)
            wait_drawn(dash_duo, number)
            assert driver.execute_script("return window.location.hash") == f"#{number}"
            assert driver.execute_script(
                "return document.querySelectorAll('#story-timeline .scatterlayer .point').length") > 0
        assert driver.execute_script("return navigator.onLine") is False
    finally:
        driver.execute_cdp_cmd("Network.emulateNetworkConditions", {"offline": False, "latency": 0,
                                                                    "downloadThroughput": -1, "uploadThroughput": -1})


VIEWS = ["type=war&from=1987-01-01&to=2021-01-01", "type=talks&event=brussels-trilateral-2023-05-14&utm_source=x",
         "type=clash&from=2023-05-08&to=2023-05-14"]


def test_an_author_builds_a_three_step_story_downloads_it_and_it_validates(dashboard, tmp_path):
    driver = dashboard.driver
    driver.execute_script("window.localStorage.clear()")
    for view in VIEWS:
        open_view(dashboard, view)
        dashboard.find_element(f"#{ids.STORY_MENU}").click()
        dashboard.find_element(f"#{ids.STORY_ADD}").click()
    assert dashboard.find_element(f"#{ids.STORY_STATUS}").text == "Added as step 3 of your story draft."
    dashboard.find_element(f"#{ids.STORY_MENU}").click()
    dashboard.wait_for_text_to_equal(f"#{ids.STORY_DRAFT}", "Story draft (3)")
    dashboard.find_element(f"#{ids.STORY_DRAFT}").click()
    dashboard.find_element("#story-draft-title").send_keys("Three views")
    dashboard.find_element("#story-draft-byline").send_keys("A test author")
    for number, (headline, text) in enumerate([("Wars", "Two *wars*."), ("Talks", "The talks."),
                                               ("Clashes", "# not a heading, and the clashes.")], 1):
        dashboard.find_element(f"#story-draft-headline-{number}").send_keys(headline)
        dashboard.find_element(f"#story-draft-text-{number}").send_keys(text)
    dashboard.find_element('[aria-label="Move step 3 up"]').click()  # clashes before talks
    href = dashboard.find_element("[data-story-download]").get_attribute("href")
    name = dashboard.find_element("[data-story-download]").get_attribute("download")
    assert name == "three-views.md"
    path = tmp_path / name
    path.write_text(urllib.parse.unquote(href.split(",", 1)[1]), encoding="utf-8")
    assert cli.validate([path]) == 0
    story = parse_story(path.read_text(encoding="utf-8"), slug="three-views")
    canonical = [ViewState.from_query(v)[0].to_query() for v in (VIEWS[0], VIEWS[2], VIEWS[1])]
    assert [s.view for s in story.steps] == canonical
    assert [s.headline for s in story.steps] == ["Wars", "Clashes", "Talks"]
    # The preview renders the same story: three steps, each opening its view in the dashboard.
    before = set(driver.window_handles)
    dashboard.find_element("#story-draft-dialog .btn-outline-primary").click()
    dashboard.wait_for_element("body")
    deadline = time.monotonic() + 10
    while set(driver.window_handles) == before:
        assert time.monotonic() < deadline
        time.sleep(0.1)
    driver.switch_to.window((set(driver.window_handles) - before).pop())
    wait_drawn(dashboard, 1)
    links = driver.execute_script(
        "return Array.from(document.querySelectorAll('.story-card .story-links > a')).map(a => a.href)")
    assert [urllib.parse.urlsplit(link).query for link in links] == canonical
    assert Path(path).read_text(encoding="utf-8").count("\\# not a heading") == 1


def test_a_step_with_a_play_line_plays_its_view_through_time(stories):
    """Step 6 says "play: 1d": once drawn, its view plays (a window of 3 days sweeping at a day a second); the
    steps without one show no player."""
    playing = "const b = document.querySelector('.story-player'); return b.conflictPlayer && b.conflictPlayer.stats()"
    open_story(stories, f"/story/{SLUG}/6", 6)
    deadline = time.monotonic() + 10
    while not (stories.driver.execute_script(playing) or {}).get("frames", 0) > 10:
        assert time.monotonic() < deadline, "step 6 did not play"
        time.sleep(0.2)
    started = stories.driver.execute_script(playing)
    assert started["playing"] and started["kind"] == "events"
    assert stories.find_element(".story-player").is_displayed()
    band = stories.driver.execute_script("const b = document.querySelector('.story-timeline-box .player-band');"
                                         "return b && !b.hidden && b.textContent")
    assert band and band.startswith("3 days to ")
    time.sleep(1.2)
    assert stories.driver.execute_script(playing)["at"] > started["at"]
    press(stories, Keys.ARROW_LEFT)  # the story's own keys still move between steps
    wait_drawn(stories, 5)
    assert not stories.find_element(".story-player").is_displayed()
    assert not stories.driver.execute_script(playing)["playing"]
    violations = run_axe(stories)
    assert [(v["id"], [n["html"][:120] for n in v["nodes"]]) for v in violations] == []
    assert stories.get_logs() == []


def test_a_step_with_a_show_line_draws_what_changed(dash_duo, dataset):
    """Step 2 of the test story says "show: trends-map, trends-timeline": its boxes are the map of bands and the
    chosen areas' weeks, in the places of the timeline and the map (hidden there), with the count under the
    first; going back shows the timeline and the map again. On a phone nothing scrolls sideways; axe clean."""
    trends = Path(__file__).resolve().parents[1] / "fixtures" / "stories-trends"
    dash_duo.driver.set_window_size(1400, 1000)
    dash_duo.start_server(create_app(Settings(stories_dir=str(trends)), dataset=dataset))
    open_story(dash_duo, "/story/what-changed/1", 1)

    def visible() -> list[str]:
        return dash_duo.driver.execute_script(
            "return Array.from(document.querySelectorAll('.story-chart-box')).filter(b => !b.hidden)"
            ".map(b => b.querySelector('[data-chart]').dataset.chart)")

    assert visible() == ["timeline", "map"]
    press(dash_duo, Keys.ARROW_RIGHT)
    wait_drawn(dash_duo, 2)
    assert visible() == ["trends-map", "trends-timeline"]
    titles = [t.text for t in dash_duo.driver.find_elements(
        By.CSS_SELECTOR, "#story-trends-timeline .annotation-text") if not t.text.startswith("The week")]
    assert titles == ["Armenia", "Belgium"]
    assert len(dash_duo.driver.find_elements(By.CSS_SELECTOR, "#story-trends-map .scattergeo path.point")) == 3
    first = dash_duo.driver.find_element(By.CSS_SELECTOR, ".story-trends-map-box")
    assert first.find_element(By.ID, "story-count").text.startswith("7 of 19 events")
    boxes = {name: dash_duo.driver.find_element(By.CSS_SELECTOR, f".story-{name}-box").rect
             for name in ("trends-map", "trends-timeline")}
    assert boxes["trends-map"]["y"] < boxes["trends-timeline"]["y"]  # one above the other, beside the text
    assert boxes["trends-map"]["x"] > 400
    violations = run_axe(dash_duo)
    assert [(v["id"], [n["html"][:120] for n in v["nodes"]]) for v in violations] == []
    dash_duo.driver.set_window_size(390, 900)
    time.sleep(0.5)
    assert dash_duo.driver.execute_script("return document.documentElement.scrollWidth") <= 390
    press(dash_duo, Keys.ARROW_LEFT)
    wait_drawn(dash_duo, 1)
    assert visible() == ["timeline", "map"]
    assert dash_duo.get_logs() == []
