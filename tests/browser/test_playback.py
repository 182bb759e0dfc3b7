"""A paused frame of playback in the page (#24, first part): its controls fill from the URL, and changing them
changes the view and the URL."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.keys import Keys

from dashboard import ids

from .conftest import count_text, current_query, open_view, run_axe, wait_idle

pytestmark = pytest.mark.browser


def test_a_paused_frame_opens_from_its_url_and_its_window_can_be_changed(dashboard):
    open_view(dashboard, "at=2020-10-10&window=2w")
    assert count_text(dashboard) == "1 of 19 events"
    assert dashboard.find_element(f"#{ids.control('at')}").get_attribute("value") == "2020-10-10"
    window = dashboard.find_element(f"#{ids.control('window')}")
    assert window.get_attribute("value") == "2w"
    dashboard.wait_for_contains_text(f"#{ids.TIMELINE}", "2 weeks to 10 Oct 2020")
    window.clear()
    window.send_keys("40y", Keys.ENTER)
    dashboard.wait_for_text_to_equal(f"#{ids.EVENT_COUNT}", "3 of 19 events")  # both wars and the secession
    wait_idle(dashboard)
    assert current_query(dashboard) == "?at=2020-10-10&window=40y"
    dashboard.driver.execute_script(
        f"document.querySelector('#{ids.control('mode')} input[value=cumulative]').click()")
    dashboard.wait_for_contains_text(f"#{ids.TIMELINE}", "everything up to 10 Oct 2020")
    wait_idle(dashboard)
    assert current_query(dashboard) == "?at=2020-10-10&window=40y&mode=cumulative"
    violations = run_axe(dashboard)
    assert [(v["id"], [n["html"][:120] for n in v["nodes"]]) for v in violations] == []
    assert dashboard.get_logs() == []
