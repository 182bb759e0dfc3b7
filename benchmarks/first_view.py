#!/usr/bin/env python3
"""First view: how fast the dashboard draws its timeline, against a bare one-graph Dash page, same run.

    .venv/bin/python benchmarks/first_view.py            # 7 cold and 7 warm loads of each page
    .venv/bin/python benchmarks/first_view.py --loads 5

Starts two servers on loopback — the dashboard (gunicorn from the Procfile, 2 workers, bundled data) and a
bare Dash app whose whole layout is one ``dcc.Graph`` with a small scatter figure (Dash's defaults, the
same Dash and plotly, also under gunicorn) — and opens each page in headless Chromium, alternating:

- cold: browser cache emptied first; time from navigation start until the chart is drawn (its SVG
  holds its marks), and the bytes transferred (resource timing: every resource and the page itself);
- warm: a repeat visit — the page loaded twice more with the cache kept, the second one timed (Chromium
  keeps compiled code for scripts it has run more than once, as a returning visitor's browser has).

Prints JSON with the medians and the ratios the targets are stated in (dashboard cold / bare cold,
dashboard warm / bare cold), and writes it to ``--out``. Quote them with the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.support.server import free_port, start_gunicorn, stop, wait_for_answer  # noqa: E402

BARE_APP = textwrap.dedent('''
    import plotly.graph_objects as go
    from dash import Dash, dcc, html

    app = Dash(__name__)
    app.layout = html.Div([dcc.Graph(id="chart", figure=go.Figure(go.Scatter(x=list(range(19)),
                                                                       y=[i % 5 for i in range(19)],
                                                                       mode="markers")))])
    server = app.server
''')
#: A chart counts as drawn when its SVG holds marks: points for the timeline and the bare graph.
DRAWN = {"dashboard": "#timeline .js-plotly-plot .scatterlayer .point",
         "bare": "#chart .js-plotly-plot .scatterlayer .point"}
WATCH = """
window.__drawn = null;
(function poll() {
  if (document.querySelector(%s)) { window.__drawn = performance.now(); return; }
  requestAnimationFrame(poll);
})();
"""


def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options

    options = Options()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-extensions",
                 f"--user-data-dir={tempfile.mkdtemp(prefix='first-view-')}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options)
    driver.set_window_size(1440, 1000)
    driver.execute_cdp_cmd("Network.enable", {})
    return driver


def load(driver, url: str, selector: str, *, cold: bool) -> dict:
    """Open ``url``; milliseconds from navigation start to the drawn chart, and bytes transferred."""
    if cold:
        driver.execute_cdp_cmd("Network.clearBrowserCache", {})
    driver.get("about:blank")
    script = driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument",
                                    {"source": WATCH % json.dumps(selector)})
    try:
        driver.get(url)
        deadline = time.monotonic() + 60
        while driver.execute_script("return window.__drawn") is None:
            if time.monotonic() > deadline:
                state = driver.execute_script("return [document.readyState, document.title, "
                                              "document.querySelectorAll('.js-plotly-plot').length]")
                raise RuntimeError(f"{url}: no chart drawn within 60 s ({state}) {driver.get_log('browser')}")
            time.sleep(0.05)
        drawn = driver.execute_script("return window.__drawn")
        time.sleep(0.5)  # let what the page loads after the first draw arrive, so it is counted too
        transferred = driver.execute_script(
            "return performance.getEntriesByType('navigation')[0].transferSize + "
            "performance.getEntriesByType('resource').reduce((n, r) => n + r.transferSize, 0)")
    finally:
        driver.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": script["identifier"]})
    return {"ms": round(drawn, 1), "bytes": int(transferred)}


def start_bare(port: int, folder: Path) -> subprocess.Popen:
    (folder / "bare_app.py").write_text(BARE_APP)
    log = open(folder / "bare.log", "wb")  # noqa: SIM115
    process = subprocess.Popen([sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "2",
                                "--worker-class", "gthread", "--threads", "4", "bare_app:server"],
                               cwd=folder, stdout=log, stderr=log, start_new_session=True)
    wait_for_answer(process, f"http://127.0.0.1:{port}/", 60, "the bare Dash app", folder / "bare.log")
    return process


def summary(runs: list[dict]) -> dict:
    return {"median_ms": round(statistics.median(r["ms"] for r in runs), 1),
            "ms": [r["ms"] for r in runs], "median_bytes": int(statistics.median(r["bytes"] for r in runs))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=7)
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results-first-view.json")
    args = parser.parse_args()
    ours_port, bare_port = free_port(), free_port()
    folder = Path(tempfile.mkdtemp(prefix="bare-dash-"))
    ours = start_gunicorn(ours_port, workers=2)
    bare = start_bare(bare_port, folder)
    driver = browser()
    pages = {"dashboard": f"http://127.0.0.1:{ours_port}/", "bare": f"http://127.0.0.1:{bare_port}/"}
    runs: dict[str, dict[str, list]] = {name: {"cold": [], "warm": []} for name in pages}
    try:
        for name, url in pages.items():  # a first load of each warms the servers, not the browser
            load(driver, url, DRAWN[name], cold=True)
        for _ in range(args.loads):
            for name, url in pages.items():
                runs[name]["cold"].append(load(driver, url, DRAWN[name], cold=True))
                load(driver, url, DRAWN[name], cold=False)  # a returning visitor: the browser has cached the
                runs[name]["warm"].append(load(driver, url, DRAWN[name], cold=False))  # files and their code
    finally:
        driver.quit()
        stop(ours)
        stop(bare)
    result = {name: {kind: summary(r) for kind, r in kinds.items()} for name, kinds in runs.items()}
    bare_cold = result["bare"]["cold"]["median_ms"]
    result["ratios"] = {
        "dashboard_cold_over_bare_cold": round(result["dashboard"]["cold"]["median_ms"] / bare_cold, 2),
        "dashboard_warm_over_bare_cold": round(result["dashboard"]["warm"]["median_ms"] / bare_cold, 2),
    }
    result["first_visit_mib"] = round(result["dashboard"]["cold"]["median_bytes"] / 2**20, 3)
    result["machine"] = {"cpus": os.cpu_count(), "python": platform.python_version(), "loads": args.loads}
    text = json.dumps(result, indent=2)
    args.out.write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
