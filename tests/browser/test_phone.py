"""The dashboard on a phone (390 px): the timeline as an agenda to read and tap, filters sliding over."""

from __future__ import annotations

import pytest

from dashboard import ids

from .conftest import current_query, open_view, run_axe, wait_idle

pytestmark = pytest.mark.browser


@pytest.fixture
def phone(dashboard):
    dashboard.driver.set_window_size(390, 844)
    return dashboard


def agenda_ids(duo) -> list[str]:
    return duo.driver.execute_script(
        f"return Array.from(document.querySelectorAll('#{ids.AGENDA} .agenda-item'))"
        ".map(b => JSON.parse(b.id).event)")


def test_the_agenda_lists_all_nineteen_events_in_date_order(phone, dataset):
    open_view(phone, "")
    assert phone.find_element(f"#{ids.AGENDA}").is_displayed()
    assert not phone.find_element(f"#{ids.TIMELINE}").is_displayed()
    listed = agenda_ids(phone)
    assert sorted(listed) == sorted(dataset.events["event_id"]) and len(listed) == 19
    starts = dataset.events.set_index("event_id").loc[listed, "date_start"].tolist()
    assert starts == sorted(starts)
    text = phone.find_element(f"#{ids.AGENDA}").text
    assert "Brussels trilateral" in text and "Feb 1988 – May 1994" in text and "scheduled" in text
    assert phone.driver.execute_script("return document.documentElement.scrollWidth") <= 390


def test_tapping_an_event_opens_its_details_and_the_url_follows(phone):
    open_view(phone, "")
    button = phone.driver.execute_script(
        f"return Array.from(document.querySelectorAll('#{ids.AGENDA} .agenda-item'))"
        ".find(b => JSON.parse(b.id).event === 'border-clash-2023-05-12')")
    phone.driver.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click()", button)
    phone.wait_for_contains_text(f"#{ids.DETAILS}", "Yerevan reports an Armenian soldier killed")
    wait_idle(phone)
    assert current_query(phone) == "?event=border-clash-2023-05-12"
    selected = phone.driver.find_elements("css selector", f"#{ids.AGENDA} .agenda-row.selected")
    assert len(selected) == 1 and "Armenian soldier killed" in selected[0].text
    assert phone.get_logs() == []


def test_filters_slide_over_and_the_agenda_follows_them(phone):
    open_view(phone, "")
    phone.find_element(f"#{ids.FILTERS_TOGGLE}").click()
    phone.wait_for_text_to_equal(f"#{ids.FILTERS_TOGGLE}", "Hide filters")
    talks = phone.driver.find_element("css selector", f"#{ids.TYPES} input[value='talks']")
    phone.driver.execute_script("arguments[0].click()", talks)
    phone.wait_for_text_to_equal(f"#{ids.EVENT_COUNT}", "5 of 19 events")
    phone.find_element(f"#{ids.FILTERS_CLOSE}").click()
    phone.wait_for_text_to_equal(f"#{ids.FILTERS_TOGGLE}", "Show filters")
    wait_idle(phone)
    assert len(agenda_ids(phone)) == 5 and current_query(phone) == "?type=talks"
    assert phone.driver.execute_script("return document.documentElement.scrollWidth") <= 390


def test_a_link_opened_on_a_phone_shows_its_view(phone):
    open_view(phone, "actor=Russia&event=russian-peacekeepers-deployed")
    assert len(agenda_ids(phone)) == 4
    assert "Russian peacekeepers" in phone.find_element(f"#{ids.AGENDA} .agenda-row.selected").text


def test_no_serious_accessibility_violations_on_a_phone(phone):
    open_view(phone, "event=border-clash-2023-05-11")
    violations = run_axe(phone)
    assert [(v["id"], [n["html"][:120] for n in v["nodes"]]) for v in violations] == []
