"""One chart definition: the page, an embed, an export and the CLI draw the same figure for the same URL.

Each door is asked the way a user asks it (a callback request as the page posts it, ``/embed/…``,
``/export/….html``, ``python -m dashboard export``), and the figures that come back are compared: the
same traces and the same visible range. On the bundled data and on 100,000 synthetic ACLED events, where
the views are counted and gridded rather than drawn one by one.
"""

from __future__ import annotations

import base64
import json
import re
from urllib.parse import parse_qsl

import numpy as np
import pytest

from dashboard.web.app import create_app
from dashboard.charts import CHARTS
from dashboard.cli import main
from dashboard.settings import Settings
from tests.support.traffic import output_names, outputs_of, url_callbacks

BUNDLED_QUERIES = ["", "type=talks", "from=2023-04-01&to=2023-06-30", "actor=Russia&group=actor&extent=all",
                   "q=Lachin&event=lachin-checkpoint-2023-04-23"]
LARGE_QUERIES = ["", "type=Battles", "from=2020-01-01&to=2020-02-15&type=Riots", "actor=Military+Forces+of+Armenia"]


@pytest.fixture(scope="module")
def bundled():
    return create_app(Settings(cache="none")).server.test_client()


@pytest.fixture(scope="module")
def large(acled_100k):
    return create_app(Settings(cache="none", data_paths=(acled_100k,), import_cache="")).server.test_client()


def decoded(value):
    """A figure with Plotly's typed arrays ({"dtype", "bdata"}) turned into plain lists, recursively."""
    if isinstance(value, dict):
        if set(value) >= {"dtype", "bdata"}:
            array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
            if "shape" in value:
                array = array.reshape([int(n) for n in str(value["shape"]).split(",")])
            return decoded(array.tolist())
        return {k: decoded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [decoded(v) for v in value]
    if isinstance(value, float):
        return None if value != value else int(value) if value.is_integer() else value
    return value


def essence(figure: dict) -> dict:
    """What must agree between doors: every trace, and the visible range (dates or map extent)."""
    figure = decoded(figure)
    layout = figure["layout"]
    return {
        "data": figure["data"],
        "x_range": layout.get("xaxis", {}).get("range"),
        "geo": (layout.get("geo", {}).get("lonaxis", {}).get("range"), layout.get("geo", {}).get("lataxis", {}).get("range")),
        "labels": sorted(a["text"] for a in layout.get("annotations", []) if str(a.get("name", "")).startswith("label:")),
    }


def from_page(client, chart: str, query: str, width: int) -> dict:
    """The figure the page's own render callback answers for ``?query``, drawn ``width`` pixels wide (a chart of
    the trends page: the figure that page carries)."""
    if CHARTS[chart].page == "trends":
        html = client.get(f"/trends?{query}").get_data(as_text=True)
        found = re.search(rf'<script type="application/json" id="{chart}">(.*?)</script>', html, re.S)
        return json.loads(found.group(1).replace("<\\/", "</"))
    dependency = next(d for d in url_callbacks(client.get("/_dash-dependencies").get_json())
                      if f"{chart}.figure" in output_names(d["output"]))
    inputs = []
    for item in dependency["inputs"]:
        component = json.loads(item["id"]) if item["id"].startswith("{") else item["id"]
        value = (f"?{query}" if query else "") if item["id"] == "view-query" \
            else {"width": width, "step": 40} if "chart-width" in item["id"] else None
        inputs.append({"id": component, "property": item["property"], "value": value})
    body = {"output": dependency["output"], "outputs": outputs_of(dependency["output"]), "inputs": inputs,
            "state": [], "changedPropIds": ["view-query.data"]}
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200, response.data[:300]
    return response.get_json()["response"][chart]["figure"]


def from_embed(client, chart: str, query: str, width: int) -> dict:
    html = client.get(f"/embed/{chart}?{query}&width={width}").get_data(as_text=True)
    found = re.search(r'<script type="application/json" id="figure">(.*?)</script>', html, re.S)
    return json.loads(found.group(1).replace("<\\/", "</"))


def plotly_call(html: str) -> dict:
    """The data and layout that a Plotly HTML file passes to ``Plotly.newPlot``."""
    start = html.index("Plotly.newPlot(")
    decoder = json.JSONDecoder()
    position = html.index("[", start)
    data, end = decoder.raw_decode(html, position)
    position = html.index("{", end)
    layout, _ = decoder.raw_decode(html, position)
    return {"data": data, "layout": layout}


def from_export(client, chart: str, query: str, width: int) -> dict:
    response = client.get(f"/export/{chart}.html?{query}&width={width}")
    assert response.status_code == 200
    return plotly_call(response.get_data(as_text=True))


def from_cli(chart: str, query: str, width: int, tmp_path, data=None) -> dict:
    out = tmp_path / f"{chart}.html"
    options = [f"--{key}={value}" for key, value in parse_qsl(query)]
    argv = ["export", chart, "--format", "html", "--width", str(width), "-o", str(out), *options]
    assert main(argv + (["--data", str(data)] if data else [])) == 0
    return plotly_call(out.read_text(encoding="utf-8"))


@pytest.mark.parametrize("chart", list(CHARTS))
@pytest.mark.parametrize("query", BUNDLED_QUERIES)
def test_every_door_draws_the_same_figure_on_the_bundled_data(bundled, chart, query, tmp_path):
    width = CHARTS[chart].size[0]
    page = essence(from_page(bundled, chart, query, width))
    assert page["data"], "the page drew nothing"
    assert essence(from_embed(bundled, chart, query, width)) == page
    assert essence(from_export(bundled, chart, query, width)) == page
    assert essence(from_cli(chart, query, width, tmp_path)) == page


@pytest.mark.parametrize("chart", list(CHARTS))
@pytest.mark.parametrize("query", LARGE_QUERIES)
def test_every_door_draws_the_same_figure_on_a_hundred_thousand_events(large, acled_100k, chart, query, tmp_path):
    width = CHARTS[chart].size[0]
    page = essence(from_page(large, chart, query, width))
    assert essence(from_embed(large, chart, query, width)) == page
    assert essence(from_export(large, chart, query, width)) == page
    if query == LARGE_QUERIES[1]:  # the CLI loads the file itself: once is enough to show it agrees
        assert essence(from_cli(chart, query, width, tmp_path, data=acled_100k)) == page


def test_large_views_are_counted_and_gridded_at_every_door(large):
    """At 100,000 events no door draws one mark per event: the timeline counts, the map groups cells."""
    for figure in (from_page(large, "timeline", "", 1400), from_embed(large, "timeline", "", 1400),
                   from_export(large, "timeline", "", 1400)):
        marks = decoded(figure)["data"]
        assert all(trace["type"] == "bar" for trace in marks)
        assert sum(len(trace["y"]) for trace in marks) < 5_000
    for figure in (from_page(large, "map", "", 1100), from_export(large, "map", "", 1100)):
        assert "cells of" in json.dumps(figure["layout"]["annotations"])


def test_the_page_lays_figures_out_for_the_width_it_is_drawn_at(bundled):
    """Narrow charts fall back from labels to numbers with a key; the page asks for its real width."""
    wide = essence(from_page(bundled, "timeline", "", 1400))
    narrow = decoded(from_page(bundled, "timeline", "", 360))
    assert wide["labels"] and "Brussels trilateral" in wide["labels"]
    key = [t["name"] for t in narrow["data"] if t.get("legendgroup") == "numbers"]
    assert any(name.endswith("· Brussels trilateral") for name in key)
