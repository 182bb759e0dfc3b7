"""The dashboard on 100,000 synthetic ACLED events: counts, filtering, zooming to events, selecting one."""

from __future__ import annotations

import json

import duckdb
import pytest
from dash.testing.wait import until

from dashboard import ids
from dashboard.web.app import create_app
from dashboard.settings import Settings

from .conftest import show_table, wait_idle
from .test_dashboard import check, click_point

pytestmark = pytest.mark.browser


def figure_of(duo, graph_id: str) -> dict:
    return json.loads(duo.driver.execute_script(
        f"const gd = document.querySelector('#{graph_id} .js-plotly-plot');"
        "return JSON.stringify({data: gd.data.map(t => ({type: t.type, name: t.name, ids: Array.isArray(t.customdata) ? "
        "t.customdata.map(c => c[0]) : null})), notes: (gd.layout.annotations || []).map(a => a.text)})"))


def test_a_hundred_thousand_events(dash_duo, acled_100k):
    dash_duo.driver.set_window_size(1400, 1000)
    dash_duo.start_server(create_app(Settings(data_paths=(acled_100k,), import_cache="")))
    dash_duo.wait_for_text_to_equal(f"#{ids.EVENT_COUNT}", "100,000 of 100,000 events", timeout=30)
    wait_idle(dash_duo)
    assert dash_duo.find_element(f"#{ids.DATASET_CAPTION}").text.startswith("ACLED · 100,000 events")
    until(lambda: any("events counted per month" in note for note in figure_of(dash_duo, ids.TIMELINE)["notes"]),
          timeout=20)
    until(lambda: any("located events in" in n and "cells" in n for n in figure_of(dash_duo, ids.MAP)["notes"]),
          timeout=20)

    check(dash_duo, ids.TYPES, "Riots")
    dash_duo.wait_for_contains_text(f"#{ids.EVENT_COUNT}", "of 100,000 events")
    wait_idle(dash_duo)
    riots = int(dash_duo.find_element(f"#{ids.EVENT_COUNT}").text.split(" of ")[0].replace(",", ""))
    assert 5_000 < riots < 12_000
    until(lambda: {t["name"] for t in figure_of(dash_duo, ids.TIMELINE)["data"] if t["type"] == "bar"} == {"Riots"},
          timeout=20)

    dash_duo.driver.execute_script(
        "Plotly.relayout(document.querySelector('#timeline .js-plotly-plot'),"
        " {'xaxis.range': ['2019-03-01', '2019-03-10']})")
    dash_duo.wait_for_element(f"#{ids.TIMELINE} .scatterlayer path.point", timeout=20)
    wait_idle(dash_duo)
    until(lambda: any(t["ids"] for t in figure_of(dash_duo, ids.TIMELINE)["data"]), timeout=20)
    marks = [i for t in figure_of(dash_duo, ids.TIMELINE)["data"] if t["ids"] and t["name"] != "Selected"
             for i in t["ids"]]
    assert 0 < len(marks) <= 1000
    click_point(dash_duo, ids.TIMELINE, marks[0])
    dash_duo.wait_for_contains_text(f"#{ids.DETAILS}", "Riots", timeout=15)
    wait_idle(dash_duo)
    assert f"event={marks[0]}" in dash_duo.driver.execute_script("return window.location.search")
    show_table(dash_duo)
    dash_duo.wait_for_element(f"#{ids.TABLE} .ag-row", timeout=15)
    assert dash_duo.get_logs() == []


MAP_NOTE = r"([\d,]+) located events in view, in ([\d,]+) cells of ([\d.]+)°"


def map_cells_shown(duo) -> tuple[int, int, float, int]:
    """(events in view, cells, cell size, sum of the cells' counts) from the map the page draws."""
    import re

    found = json.loads(duo.driver.execute_script(
        f"const gd = document.querySelector('#{ids.MAP} .js-plotly-plot');"
        "const counts = gd._fullData.filter(t => t.type === 'scattergeo' && t.customdata && t.customdata.length)"
        "  .flatMap(t => Array.from(t.customdata, c => Number(c[0])));"
        "return JSON.stringify({notes: (gd.layout.annotations || []).map(a => a.text), counts: counts})"))
    note = next(re.search(MAP_NOTE, n) for n in found["notes"] if re.search(MAP_NOTE, n))
    return (int(note[1].replace(",", "")), int(note[2].replace(",", "")), float(note[3]),
            int(sum(found["counts"])))


def test_map_cells_follow_the_zoom(dash_duo, acled_100k):
    dash_duo.driver.set_window_size(1400, 1000)
    dash_duo.start_server(create_app(Settings(data_paths=(acled_100k,), import_cache="")))
    dash_duo.wait_for_text_to_equal(f"#{ids.EVENT_COUNT}", "100,000 of 100,000 events", timeout=30)
    dash_duo.wait_for_element(f"#{ids.MAP} .scattergeo", timeout=20)
    wait_idle(dash_duo)
    events, cells, size, summed = map_cells_shown(dash_duo)
    assert summed == events and 30 <= cells <= 60 * 60
    for _ in range(3):  # the map's own "Zoom in" button, as a reader would
        dash_duo.driver.execute_script(
            f"document.querySelector('#{ids.MAP} .modebar-btn[data-val=in]')"
            ".dispatchEvent(new MouseEvent('click', {bubbles: true}))")
    until(lambda: map_cells_shown(dash_duo)[2] < size, timeout=15)
    assert dash_duo.driver.execute_script(
        f"return document.querySelector('#{ids.MAP} .js-plotly-plot')._fullLayout.geo.projection.scale") >= 2
    wait_idle(dash_duo)
    zoomed_events, zoomed_cells, zoomed_size, zoomed_sum = map_cells_shown(dash_duo)
    assert zoomed_size <= size / 2, (size, zoomed_size)
    assert zoomed_sum == zoomed_events < events
    assert 1 <= zoomed_cells <= 60 * 60


@pytest.fixture(scope="module")
def million_store(tmp_path_factory, acled_million):
    """A store of 1,000,000 synthetic ACLED events, imported as ``import --into`` does; with the number of
    Battles in the generated file, counted apart from the dashboard (DuckDB reading the file's cells as text)."""
    from dashboard.data.streaming import import_into_store

    folder = tmp_path_factory.mktemp("million")
    battles = duckdb.sql("SELECT count(*) FROM read_csv(?, all_varchar = true) WHERE event_type = 'Battles'",
                         params=[str(acled_million)]).fetchall()[0][0]
    total, skipped, _ = import_into_store([acled_million], folder / "events.duckdb")
    assert (total, skipped) == (1_000_000, [])
    return folder / "events.duckdb", battles


def test_a_million_events_served_from_a_store(dash_duo, million_store):
    store, battles = million_store
    before = store.stat().st_mtime_ns
    dash_duo.driver.set_window_size(1400, 1000)
    dash_duo.start_server(create_app(Settings(store=str(store))))
    dash_duo.wait_for_text_to_equal(f"#{ids.EVENT_COUNT}", "1,000,000 of 1,000,000 events", timeout=60)
    wait_idle(dash_duo)
    until(lambda: any("located events in" in n and "cells" in n for n in figure_of(dash_duo, ids.MAP)["notes"]),
          timeout=30)
    check(dash_duo, ids.TYPES, "Battles")
    dash_duo.wait_for_text_to_equal(f"#{ids.EVENT_COUNT}", f"{battles:,} of 1,000,000 events", timeout=60)
    wait_idle(dash_duo)
    until(lambda: {t["name"] for t in figure_of(dash_duo, ids.TIMELINE)["data"] if t["type"] == "bar"} == {"Battles"},
          timeout=30)
    assert "?type=Battles" in dash_duo.driver.current_url
    assert store.stat().st_mtime_ns == before  # served read-only
