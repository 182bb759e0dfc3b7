"""The dashboard in each of its languages (#23), at a desktop's and a phone's width, as a reader of that language
sees it: the filters, the count, the timeline's month ticks, the details and the phone's agenda in the language,
the source's words in English, axe-core clean, nothing scrolling sideways, and a first visit under a mebibyte."""

from __future__ import annotations

import time

import pytest

from dashboard import ids
from dashboard.language import _, formats, using
from dashboard.language.charts import chart_config
from dashboard.query.view import resolve_view

from .conftest import run_axe, wait_idle

pytestmark = pytest.mark.browser

LANGUAGES = ("fr", "ru", "hy", "az")
TRILATERAL = "brussels-trilateral-2023-05-14"
#: The count of a view in each language, as its readers write it (ru: the genitive plural after 19).
COUNTS = {"fr": "5 sur 19 événements", "ru": "5 из 19 событий"}
FIRST_VISIT_BYTES = 1024 * 1024


def expected(lang: str, dataset, query: str) -> dict:
    """What the page should say in ``lang``, from the catalogue and the formatter."""
    with using(lang):
        view = resolve_view(dataset, query)
        trilateral = dataset.event(TRILATERAL)
        locale = chart_config()["locales"][lang]["format"]
        return {"count": view.count_text, "filters": _("Filters"), "translated": _("Translated from English"),
                "title": trilateral.title, "label": trilateral.label, "day": formats.day(trilateral.date_start),
                "months": set(locale["shortMonths"]) | set(locale["months"])}


def open_in(duo, lang: str, query: str, count: str) -> None:
    duo.driver.get(f"{duo.server_url}/?{query}&lang={lang}")
    duo.wait_for_text_to_equal(f"#{ids.EVENT_COUNT}", count, timeout=20)
    wait_idle(duo)


def sideways(duo) -> int:
    return duo.driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_desktop_reads_the_dashboard_in_its_language(dashboard, dataset, lang):
    query = f"type=talks&event={TRILATERAL}"
    words = expected(lang, dataset, query)
    if lang in COUNTS:
        assert words["count"] == COUNTS[lang]
    dashboard.driver.set_window_size(1440, 1000)
    open_in(dashboard, lang, query, words["count"])
    assert dashboard.driver.find_element("css selector", "html").get_attribute("lang") == lang
    assert words["filters"] in dashboard.driver.execute_script("return document.body.textContent")
    ticks = dashboard.driver.execute_script(
        f"return Array.from(document.querySelectorAll('#{ids.TIMELINE} .xtick text')).map(t => t.textContent)")
    assert ticks and any(month in tick for tick in ticks for month in words["months"]), ticks
    details = dashboard.find_element(f"#{ids.DETAILS}")
    dashboard.wait_for_contains_text(f"#{ids.DETAILS}", words["title"])
    assert words["translated"] in details.text
    quote = details.find_element("css selector", "blockquote")
    assert quote.get_attribute("lang") == "en" and "Pashinian" in quote.text  # the source's words, untranslated
    assert sideways(dashboard) <= 0
    violations = run_axe(dashboard)
    assert [(v["id"], [n["html"][:120] for n in v["nodes"]]) for v in violations] == []
    assert dashboard.get_logs() == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_phone_reads_the_agenda_in_its_language(dashboard, dataset, lang):
    query = f"type=talks&event={TRILATERAL}"
    words = expected(lang, dataset, query)
    dashboard.driver.set_window_size(390, 844)
    open_in(dashboard, lang, query, words["count"])
    agenda = dashboard.find_element(f"#{ids.AGENDA}")
    assert agenda.is_displayed() and words["label"] in agenda.text and words["day"] in agenda.text
    assert sideways(dashboard) <= 0
    dashboard.find_element(f"#{ids.FILTERS_TOGGLE}").click()
    time.sleep(0.5)
    assert sideways(dashboard) <= 0  # the filter panel's longer words wrap
    violations = run_axe(dashboard)
    assert [(v["id"], [n["html"][:120] for n in v["nodes"]]) for v in violations] == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_first_visit_in_each_language_stays_under_a_mebibyte(dashboard, dataset, lang):
    driver = dashboard.driver
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.clearBrowserCache", {})
    driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
    try:
        open_in(dashboard, lang, "", expected(lang, dataset, "")["count"])
        dashboard.wait_for_element(f"#{ids.MAP} .scattergeo path.point", timeout=20)
        time.sleep(1.0)
        entries = driver.execute_script("return performance.getEntriesByType('resource').map(r => r.transferSize)")
        page = driver.execute_script("return performance.getEntriesByType('navigation')[0].transferSize")
    finally:
        driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": False})
    assert 0 < page + sum(entries) <= FIRST_VISIT_BYTES
