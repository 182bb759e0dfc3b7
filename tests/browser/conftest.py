"""Helpers for the browser tests: start the app, read what the page shows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from dash.testing.application_runners import ThreadedRunner
from dash.testing.composite import DashComposite

from dashboard import ids
from dashboard.web.app import create_app
from dashboard.query.dataset import load_dataset
from dashboard.settings import Settings

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def dataset():
    return load_dataset()


class _TabOfOneChrome(DashComposite):
    """``dash_duo`` in a tab of the worker's one Chrome: starting a browser for each test cost about a second of
    the machine's two cores, ninety times over."""

    def __init__(self, server, driver, **kwargs):
        self._shared = driver
        super().__init__(server, **kwargs)

    def _get_chrome(self):
        return self._shared


@pytest.fixture(scope="session")
def _chrome(request, tmp_path_factory):
    """The worker's Chrome, as dash.testing starts it (``--headless``, its options), and its window's size."""
    with DashComposite(server=None, **_browser_options(request, tmp_path_factory.mktemp("download"))) as first:
        yield first.driver, first.driver.get_window_size()


@pytest.fixture
def dash_duo(request, dash_thread_server, tmp_path, _chrome):
    """dash.testing's ``dash_duo`` (same server, same wrapper), in a fresh tab of the worker's Chrome: what a test
    sets in its tab (network conditions, emulated media, blocked URLs) goes with the tab; cookies, downloads'
    folder, window size, waits and the console's log are reset for each test, and the site's storage cleared after
    it."""
    driver, size = _chrome
    old = driver.window_handles
    driver.switch_to.new_window("tab")
    tab = driver.current_window_handle
    for handle in old:
        driver.switch_to.window(handle)
        driver.close()
    driver.switch_to.window(tab)
    driver.set_window_size(size["width"], size["height"])
    driver.implicitly_wait(2)
    driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
    driver.get_log("browser")  # what the last test's pages logged is not this test's
    download = tmp_path / "download"
    download.mkdir()
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(download)})
    duo = _TabOfOneChrome(dash_thread_server, driver, **_browser_options(request, download))
    yield duo
    for origin in {duo.server_url, dash_thread_server.url} - {None, ""}:
        driver.execute_cdp_cmd("Storage.clearDataForOrigin", {"origin": origin.rstrip("/"), "storageTypes": "all"})


def _browser_options(request, download) -> dict:
    """dash.testing's options for its browser, as its ``dash_duo`` passes them."""
    config = request.config
    return {"browser": config.getoption("webdriver"), "remote": config.getoption("remote"),
            "remote_url": config.getoption("remote_url"), "headless": config.getoption("headless"),
            "options": config.hook.pytest_setup_options(), "download_path": str(download),
            "percy_assets_root": config.getoption("percy_assets"),
            "percy_finalize": config.getoption("nopercyfinalize"), "pause": config.getoption("pause")}


@pytest.fixture(scope="session")
def _servers():
    """The worker's dashboards that serve many tests, by name, each started once (``serve``)."""
    running: dict[str, ThreadedRunner] = {}
    yield running
    for runner in running.values():
        runner.stop()


@pytest.fixture
def serve(dash_duo, _servers):
    """``serve(name, make_app)`` opens, in the test's tab, the worker's running dashboard of that name — started
    from ``make_app()`` on first use. For tests that change nothing on the server (an app made for one test,
    or patched, is started with ``dash_duo.start_server``): making the app and starting its server cost
    about a second a test, and one address lets the browser keep the page's scripts between tests."""
    def opened(name: str, make_app):
        if name not in _servers:
            runner = ThreadedRunner()
            runner.start(make_app())
            _servers[name] = runner
        dash_duo.server_url = _servers[name].url
        return dash_duo
    return opened


@pytest.fixture
def dashboard(dash_duo, dataset, serve):
    """The dashboard on the bundled data, served on loopback; returns the dash_duo driver wrapper."""
    dash_duo.driver.set_window_size(1400, 1000)
    serve("bundled", lambda: create_app(Settings(), dataset=dataset))
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
