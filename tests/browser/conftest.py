"""Helpers for the browser tests: start the app, read what the page shows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dashboard import ids
from dashboard.web.app import create_app
from dashboard.query.dataset import load_dataset
from dashboard.settings import Settings

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def dataset():
    return load_dataset()


@pytest.fixture
def dashboard(dash_duo, dataset):
    """The dashboard on the bundled data, served on loopback; returns the dash_duo driver wrapper."""
    dash_duo.driver.set_window_size(1400, 1000)
    dash_duo.start_server(create_app(Settings(), dataset=dataset))
    dash_duo.wait_for_contains_text(f"#{ids.EVENT_COUNT}", "events")
    return dash_duo


def open_view(duo, query: str) -> None:
    """Load the page at ``?query`` and wait until it has rendered."""
    duo.driver.get(f"{duo.server_url}/?{query}" if query else duo.server_url)
    duo.wait_for_contains_text(f"#{ids.EVENT_COUNT}", "events")
    wait_idle(duo)


def wait_idle(duo) -> None:
    """Wait until Dash has no callback in flight."""
    duo.wait_for_no_elements("[data-dash-is-loading=true]", timeout=10)
    duo._wait_for_callbacks()


def graph_event_ids(duo, graph_id: str, expected: set[str] | None = None, timeout: float = 10) -> set[str]:
    """Event ids drawn in a graph (customdata[0] of every trace except the selection ring).

    With ``expected``, waits (up to ``timeout``) for the graph to draw them: figures arrive
    from their own callbacks and Plotly draws asynchronously.
    """
    import time

    deadline = time.monotonic() + timeout
    while True:
        found = _graph_ids(duo, graph_id)
        if expected is None or found == expected or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


def _graph_ids(duo, graph_id: str) -> set[str]:
    script = f"""
        const el = document.querySelector('#{graph_id} .js-plotly-plot');
        if (!el || !el.data) return null;
        const out = [];
        for (const t of el.data) {{
            if (t.name === 'Selected' || !t.customdata) continue;
            for (const c of t.customdata) if (c[0] !== null) out.push(c[0]);
        }}
        return JSON.stringify(out);"""
    found = duo.driver.execute_script(script)
    return set(json.loads(found)) if found else set()


def show_table(duo) -> None:
    """Scroll to the events table, whose code loads only when it comes into view, and wait for the grid."""
    duo.wait_for_element(f"#{ids.TIMELINE} .main-svg", timeout=15)
    duo.driver.execute_script(f"document.getElementById('{ids.TABLE_SLOT}').scrollIntoView()")
    duo.wait_for_element(f"#{ids.TABLE} .ag-root", timeout=15)


def table_event_ids(duo, expected: set[str] | None = None, timeout: float = 10) -> set[str]:
    """Event ids of the rows the table shows (it loads pages from the server, so wait for ``expected``)."""
    import time

    show_table(duo)
    deadline = time.monotonic() + timeout
    while True:
        found = set(duo.driver.execute_script(
            f"return Array.from(document.querySelectorAll('#{ids.TABLE} .ag-center-cols-container .ag-row'))"
            ".map(r => r.getAttribute('row-id')).filter(id => id)"))
        if expected is None or found == expected or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


def count_text(duo) -> str:
    return duo.find_element(f"#{ids.EVENT_COUNT}").text


def current_query(duo) -> str:
    return duo.driver.execute_script("return window.location.search")


def run_axe(duo) -> list[dict]:
    """Serious and critical accessibility violations found by axe-core on the current page."""
    duo.driver.execute_script(AXE.read_text(encoding="utf-8"))
    result = duo.driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(r => done(JSON.stringify(r.violations)))"
        ".catch(e => done(JSON.stringify([{id: 'axe-error', impact: 'critical', description: String(e)}])));")
    return [v for v in json.loads(result) if v.get("impact") in ("serious", "critical")]
