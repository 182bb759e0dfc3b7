"""The examples run as their users run them (#26): ``examples/notebook.ipynb`` executed by Jupyter's own client
(nbclient), ``examples/report.qmd``'s code cells executed the same way (what ``quarto render`` runs through
Jupyter before it writes the page). Their HTML outputs, put in one page as Quarto does, draw every chart in
headless Chromium with the network blocked — nothing fetched, the partial plotly.js inside — and still draw
when require.js is loaded first, as in classic Jupyter (plotly's own notebook output breaks there)."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
REQUIRE_JS = REPO / "node_modules" / "requirejs" / "require.js"
CHUNK = re.compile(r"^```\{python\}\n(.*?)^```", re.MULTILINE | re.DOTALL)


def qmd_notebook(path: Path) -> nbformat.NotebookNode:
    """The code cells of a Quarto document, as the notebook Quarto hands to Jupyter."""
    cells = [nbformat.v4.new_code_cell(code.rstrip()) for code in CHUNK.findall(path.read_text(encoding="utf-8"))]
    return nbformat.v4.new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                                                  "language": "python"}})


def execute(notebook: nbformat.NotebookNode, where: Path) -> nbformat.NotebookNode:
    NotebookClient(notebook, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(where)}}).execute()
    return notebook


def html_outputs(notebook: nbformat.NotebookNode) -> list[str]:
    return [output["data"]["text/html"] for cell in notebook.cells if cell.cell_type == "code"
            for output in cell.get("outputs", []) if "text/html" in output.get("data", {})]


@pytest.fixture(scope="module")
def executed(tmp_path_factory) -> dict[str, nbformat.NotebookNode]:
    where = tmp_path_factory.mktemp("examples")
    return {"notebook": execute(nbformat.read(EXAMPLES / "notebook.ipynb", as_version=4), where),
            "report": execute(qmd_notebook(EXAMPLES / "report.qmd"), where), "where": where}


def charts_drawn(duo, page: Path) -> list[dict]:
    """Open ``page`` from disk with every http(s) request blocked; each chart's traces and drawn marks."""
    duo.driver.execute_cdp_cmd("Network.enable", {})
    duo.driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["http://*", "https://*", "ws://*", "wss://*"]})
    duo.driver.get(page.as_uri())
    duo.wait_for_element(".js-plotly-plot .main-svg", timeout=20)
    return duo.driver.execute_script("""
        return [...document.querySelectorAll('.js-plotly-plot')].map(gd => ({
            traces: (gd._fullData || []).length,
            marks: gd.querySelectorAll('path.point, .bars path, path.js-line').length,
            title: (gd.querySelector('.gtitle') || {}).textContent || '',
            fetched: performance.getEntriesByType('resource').map(r => r.name).filter(n => !n.startsWith('file:')),
        }));""")


def test_the_notebook_runs_and_its_figures_are_the_dashboards(executed):
    notebook = executed["notebook"]
    errors = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors, errors
    text = "\n".join(o.get("text", "") or o.get("data", {}).get("text/plain", "") for c in notebook.cells
                     if c.cell_type == "code" for o in c.outputs)
    flat = " ".join(text.split())
    assert "type=talks&from=2023-04-01&to=2023-06-30: 5 of 19 events" in flat  # the view as the notebook shows it
    assert "(5, 'type=talks&from=2023-04-01&to=2023-06-30', 'http://127.0.0.1:8050/?type=talks" in flat
    assert "talks.pdf" in text and (executed["where"] / "talks.pdf").read_bytes().startswith(b"%PDF-")
    figures = [h for h in html_outputs(notebook) if "Plotly.newPlot" in h]
    assert len(figures) == 2
    for figure in figures:
        assert "<script src" not in figure and "require(" not in figure  # nothing loaded from elsewhere, no AMD
        assert figure.count("plotly.js 4.1.1, partial bundle") == 1  # the project's own, inline


def test_the_report_runs_its_code_as_quarto_would(executed):
    report = executed["report"]
    assert [o for c in report.cells for o in c.outputs if o.output_type == "error"] == []
    assert report.cells[0].outputs[0]["text"] == "5 talks\n"
    assert len([h for h in html_outputs(report) if "Plotly.newPlot" in h]) == 2
    assert "Washington talks" in "".join(html_outputs(report))  # the events table


@pytest.mark.parametrize("require_js", [False, True], ids=["plain", "with-require.js"])
def test_the_outputs_draw_offline_with_or_without_require_js(dash_duo, executed, tmp_path, require_js):
    assert REQUIRE_JS.is_file(), "npm ci installs require.js (package.json)"
    head = f'<script src="{REQUIRE_JS.as_uri()}"></script>' if require_js else ""
    for name in ("notebook", "report"):
        page = tmp_path / f"{name}.html"
        page.write_text(f"<!doctype html><html><head><meta charset='utf-8'>{head}</head><body>"
                        + "\n".join(html_outputs(executed[name])) + "</body></html>", encoding="utf-8")
        drawn = charts_drawn(dash_duo, page)
        assert len(drawn) == 2, name
        for chart, least in zip(drawn, (5, 3)):  # five talks on the timeline; Washington, Brussels, Moldova
            assert chart["traces"] > 0 and chart["marks"] >= least, (name, chart)
            assert chart["fetched"] == [], (name, chart)  # the plotly.js is inside; nothing asked of the network
        assert drawn[0]["title"].startswith("Talks before and after Brussels")
    assert dash_duo.get_logs() == []


def test_serve_runs_the_whole_dashboard_from_a_notebook(tmp_path):
    """``dashboard.serve(data, jupyter_mode=…)`` starts the dashboard from a kernel (Dash's own jupyter_mode):
    while the kernel lives, the page and its health answer on the port asked for."""
    import socket
    import time
    import urllib.request

    def free_port() -> int:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            return probe.getsockname()[1]

    def serving(port: int):
        return nbformat.v4.new_code_cell(
            f"import dashboard\ndashboard.serve(dashboard.open(), jupyter_mode='external', port={port})")

    port = free_port()
    notebook = nbformat.v4.new_notebook(cells=[serving(port)], metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    client = NotebookClient(notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}})
    with client.setup_kernel():
        for attempt in range(3):  # a free port can be taken by another process before the kernel binds it
            try:
                client.execute_cell(notebook.cells[0], 0)
                break
            except CellExecutionError as error:
                if "is in use" not in str(error) or attempt == 2:
                    raise
                port = free_port()
                notebook.cells[0] = serving(port)
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=5) as answer:
                    assert answer.status == 200
                break
            except OSError:
                assert time.monotonic() < deadline, "the dashboard did not answer from the notebook"
                time.sleep(0.3)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as answer:
            assert "Conflict timeline" in answer.read().decode()
    shown = " ".join(str(o.get("text", "")) + str(o.get("data", {})) for o in notebook.cells[0].outputs)
    assert f"127.0.0.1:{port}" in shown  # Dash says where the dashboard is
