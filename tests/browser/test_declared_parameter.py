"""A parameter declared in a test alone is a control a person uses (#22): typing in it filters every view
and writes the URL; opening that URL fills it in again."""

from __future__ import annotations

from selenium.webdriver.common.keys import Keys

from dashboard import ids
from dashboard.query import params
from dashboard.settings import Settings
from dashboard.web.app import create_app
from tests.browser.conftest import count_text, current_query, graph_event_ids, open_view, wait_idle
from tests.test_declarations import MIN_FATALITIES, _deadly


def test_a_declared_parameter_filters_the_page_from_its_control(dash_duo, dataset, monkeypatch):
    monkeypatch.setattr(params, "PARAMS", (*params.PARAMS, MIN_FATALITIES))
    dash_duo.driver.set_window_size(1400, 1000)
    dash_duo.start_server(create_app(Settings(), dataset=dataset))
    dash_duo.wait_for_contains_text(f"#{ids.EVENT_COUNT}", "events")
    box = dash_duo.find_element(f"#{ids.control('min_fatalities')}")
    box.send_keys("1", Keys.ENTER)
    deadly = _deadly(dataset, 1)
    dash_duo.wait_for_text_to_equal(f"#{ids.EVENT_COUNT}", f"{len(deadly)} of {dataset.total} events")
    wait_idle(dash_duo)
    assert current_query(dash_duo) == "?min_fatalities=1"
    assert graph_event_ids(dash_duo, ids.TIMELINE, deadly) == deadly
    open_view(dash_duo, "type=talks")
    assert dash_duo.find_element(f"#{ids.control('min_fatalities')}").get_attribute("value") == ""
    open_view(dash_duo, "min_fatalities=1")
    assert dash_duo.find_element(f"#{ids.control('min_fatalities')}").get_attribute("value") == "1"
    assert count_text(dash_duo) == f"{len(deadly)} of {dataset.total} events"
