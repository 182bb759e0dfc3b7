"""Playing the view through time in the page (#24): Play sweeps a window over the timeline's frame and fades the
marks, Pause keeps the frame in the URL, the keyboard and reduced motion work, and the marks are honest in time."""

from __future__ import annotations

import time
from datetime import date, timedelta

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from dashboard import ids
from dashboard.query.view import resolve_view

from .conftest import count_text, current_query, graph_event_ids, open_view, run_axe, wait_idle

pytestmark = pytest.mark.browser

PLAYER = "window.conflictPlayback.page()"


def player_ready(duo) -> None:
    duo.wait_for_element(f"#{ids.TIMELINE} .main-svg", timeout=15)
    deadline = time.monotonic() + 10
    while not duo.driver.execute_script(f"return !!{PLAYER}") and time.monotonic() < deadline:
        time.sleep(0.1)


def stats(duo) -> dict:
    return duo.driver.execute_script(f"return {PLAYER}.stats()")


def seek(duo, day: str) -> None:
    duo.driver.execute_async_script(f"const done = arguments[0]; {PLAYER}.seek('{day}').then(done, done);")


def shown(duo, event_id: str, chart: str = "timeline") -> float | None:
    return duo.driver.execute_script(f"return {PLAYER}.shown(arguments[0], arguments[1])", event_id, chart)


def wait_for_query(duo, predicate, timeout: float = 10) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        query = current_query(duo)
        if predicate(query):
            return query
        time.sleep(0.1)
    raise AssertionError(f"the URL stayed {current_query(duo)!r}")


def paused_day(query: str) -> date:
    return date.fromisoformat(dict(p.split("=", 1) for p in query.lstrip("?").split("&"))["at"])


def test_play_moves_the_window_and_pause_keeps_the_frame_in_the_url(dashboard, dataset):
    open_view(dashboard, "type=talks")
    player_ready(dashboard)
    play = dashboard.find_element(f"#{ids.PLAY}")
    assert play.text.strip().endswith("Play") and play.get_attribute("aria-pressed") == "false"
    play.click()
    dashboard.wait_for_text_to_equal(f"#{ids.PLAY} .player-label", "Pause")
    time.sleep(1.5)
    playing = stats(dashboard)
    assert playing["playing"] and playing["kind"] == "events" and playing["frames"] > 20
    # the count says what is shown (the player's own, beside the page's, which the server writes when paused)
    assert dashboard.find_element(".player-count").text.endswith("events in this frame")
    assert not dashboard.find_element(f"#{ids.EVENT_COUNT}").is_displayed()
    band = dashboard.driver.execute_script(
        f"const b = document.querySelector('#{ids.TIMELINE} .player-band'); return b && !b.hidden && b.textContent")
    assert band and band.startswith("1 month to ")
    first = playing["at"]
    time.sleep(0.5)
    assert stats(dashboard)["at"] > first  # the window moves
    play.click()
    query = wait_for_query(dashboard, lambda q: "at=" in q)
    wait_idle(dashboard)
    day = paused_day(query)
    assert date.fromisoformat(first) <= day <= date(2023, 6, 5)
    view = resolve_view(dataset, query.lstrip("?"))
    dashboard.wait_for_text_to_equal(f"#{ids.EVENT_COUNT}", view.count_text)
    deadline = time.monotonic() + 3  # the player's own count gives way to the server's
    while dashboard.driver.execute_script("return document.querySelector('.player-count')") is not None:
        assert time.monotonic() < deadline, "the player's count stayed"
        time.sleep(0.05)
    assert count_text(dashboard) == view.count_text
    # the server draws the paused frame: its band on the timeline, only the window's events on the map
    shapes = dashboard.driver.execute_script(
        f"return document.querySelector('#{ids.TIMELINE} .js-plotly-plot').layout.shapes.map(s => s.name)")
    assert "frame" in shapes
    located = set(view.events.dropna(subset=["latitude", "longitude"])["event_id"])
    assert graph_event_ids(dashboard, ids.MAP, located) == located
    violations = run_axe(dashboard)
    assert [(v["id"], [n["html"][:120] for n in v["nodes"]]) for v in violations] == []
    assert dashboard.get_logs() == []


def test_marks_are_honest_in_time(dashboard):
    open_view(dashboard, "")
    player_ready(dashboard)
    # an imprecise date (a year, as worded) is faint across its whole window — never a flash on one day
    for day in ("2023-04-25", "2023-05-06", "2023-05-14"):
        seek(dashboard, day)
        assert shown(dashboard, "armenia-complains-peacekeepers") == pytest.approx(0.4), day
    # a span stays lit from its start to its end
    for day in ("2023-04-25", "2023-05-10", "2023-05-14"):
        seek(dashboard, day)
        assert shown(dashboard, "nagorno-karabakh-blockade") == pytest.approx(1.0), day
    # a one-day event flares on its day and fades over the window (a month), and is not there before it
    seek(dashboard, "2023-05-10")
    assert shown(dashboard, "border-clash-2023-05-11") == 0
    seek(dashboard, "2023-05-11")
    assert shown(dashboard, "border-clash-2023-05-11") == pytest.approx(1.0)
    seek(dashboard, "2023-05-25")
    trail = shown(dashboard, "border-clash-2023-05-11")
    assert 0.3 < trail < 0.9
    # a scheduled event shows as scheduled once the source has announced it, until its day
    seek(dashboard, "2023-05-01")
    assert shown(dashboard, "moldova-epc-meeting-2023-06-01") == 0
    assert shown(dashboard, "moldova-epc-meeting-2023-06-01", "map") == 0  # the map shows the window's events
    seek(dashboard, "2023-05-20")
    assert shown(dashboard, "moldova-epc-meeting-2023-06-01") == pytest.approx(0.45)
    assert shown(dashboard, "moldova-epc-meeting-2023-06-01", "map") == pytest.approx(0.45 * 0.95, abs=0.01)
    assert dashboard.get_logs() == []


def test_space_plays_and_pauses_and_the_arrows_step_a_window(dashboard):
    open_view(dashboard, "type=talks&at=2023-05-12&window=2w")
    player_ready(dashboard)
    dashboard.driver.execute_script(f"document.getElementById('{ids.PLAYER}').focus()")
    ActionChains(dashboard.driver).send_keys(Keys.ARROW_RIGHT).perform()
    wait_for_query(dashboard, lambda q: "at=2023-05-26" in q)
    ActionChains(dashboard.driver).send_keys(Keys.ARROW_LEFT).perform()
    wait_for_query(dashboard, lambda q: "at=2023-05-12" in q)
    wait_idle(dashboard)
    dashboard.driver.execute_script(f"document.getElementById('{ids.PLAYER}').focus()")
    ActionChains(dashboard.driver).send_keys(Keys.SPACE).perform()
    dashboard.wait_for_text_to_equal(f"#{ids.PLAY} .player-label", "Pause")
    assert stats(dashboard)["at"] >= "2023-05-12"  # it plays from where the view was paused
    wait_for_query(dashboard, lambda q: "at=" not in q)  # every event comes back, to fade in and out
    deadline = time.monotonic() + 10  # let it play into the next day (a busy machine draws fewer frames)
    while stats(dashboard)["at"] < "2023-05-13":
        assert time.monotonic() < deadline, "the player did not move"
        time.sleep(0.1)
    ActionChains(dashboard.driver).send_keys(Keys.SPACE).perform()
    query = wait_for_query(dashboard, lambda q: "at=" in q)
    assert paused_day(query) > date(2023, 5, 12)
    assert dashboard.get_logs() == []


def test_with_reduced_motion_play_steps_a_window_at_a_time(dashboard):
    dashboard.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {
        "features": [{"name": "prefers-reduced-motion", "value": "reduce"}]})
    try:
        open_view(dashboard, "type=talks&window=1w&at=2023-05-01")
        player_ready(dashboard)
        dashboard.find_element(f"#{ids.PLAY}").click()
        time.sleep(2.0)
        playing = stats(dashboard)
        assert playing["playing"]
        days = (date.fromisoformat(playing["at"]) - date(2023, 5, 1)).days
        assert days in (7, 14) and playing["frames"] <= 3  # whole windows, no animation between them
        dashboard.find_element(f"#{ids.PLAY}").click()
        wait_for_query(dashboard, lambda q: "at=" in q)
    finally:
        dashboard.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})


def test_a_paused_frame_reloads_to_the_same_frame(dashboard, dataset):
    open_view(dashboard, "type=talks&at=2023-05-14&window=1w")
    player_ready(dashboard)
    view = resolve_view(dataset, "type=talks&at=2023-05-14&window=1w")
    assert count_text(dashboard) == view.count_text
    dashboard.wait_for_contains_text(f"#{ids.TIMELINE}", "1 week to 14 May 2023")
    scrub = dashboard.find_element(f"#{ids.SCRUB}")
    deadline = time.monotonic() + 5
    while scrub.get_attribute("aria-valuetext") != "14 May 2023" and time.monotonic() < deadline:
        time.sleep(0.1)
    epoch = (date(2023, 5, 14) - date(1970, 1, 1)).days
    assert scrub.get_attribute("value") == str(epoch) and scrub.get_attribute("aria-valuetext") == "14 May 2023"
    dashboard.driver.refresh()
    dashboard.wait_for_contains_text(f"#{ids.TIMELINE}", "1 week to 14 May 2023")
    assert current_query(dashboard) == "?type=talks&at=2023-05-14&window=1w"
    assert count_text(dashboard) == view.count_text
    assert (date(2023, 5, 14) + timedelta(days=0)).isoformat() in current_query(dashboard)


def test_dragging_the_scrubber_draws_that_day_and_keeps_it(dashboard):
    open_view(dashboard, "type=talks&window=1w")
    player_ready(dashboard)
    day = (date(2023, 5, 13) - date(1970, 1, 1)).days
    dashboard.driver.execute_script(
        "const s = document.getElementById(arguments[0]);"
        "Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(s, String(arguments[1]));"
        "s.dispatchEvent(new Event('input', {bubbles: true}));", ids.SCRUB, day)
    deadline = time.monotonic() + 5
    while stats(dashboard)["at"] != "2023-05-13" and time.monotonic() < deadline:
        time.sleep(0.1)
    assert stats(dashboard)["at"] == "2023-05-13" and not stats(dashboard)["playing"]
    assert shown(dashboard, "brussels-michel-pashinian-2023-05-13") == pytest.approx(1.0)  # its day
    assert shown(dashboard, "washington-talks-2023-05") == 0  # ended more than a week before
    dashboard.driver.execute_script(
        "document.getElementById(arguments[0]).dispatchEvent(new Event('change', {bubbles: true}))", ids.SCRUB)
    wait_for_query(dashboard, lambda q: "at=2023-05-13" in q)
    assert dashboard.get_logs() == []
