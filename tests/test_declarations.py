"""A parameter and a chart are each one declaration (#22): declared here, in the test alone, they reach every
door — the URL, the caption, the CLI, the filter panel and the engine; the page, an embed, an export and a
story step — with no other module changed."""

from __future__ import annotations

import json
import re

import dash_bootstrap_components as dbc
import pandas as pd
import plotly.graph_objects as go
import pytest
from dash import dcc

from dashboard import ids
from dashboard.charts import CHARTS, Chart
from dashboard.cli import build_parser, main, view_query
from dashboard.query import params
from dashboard.query.params import Control, Param
from dashboard.query.rules import Rule
from dashboard.query.view import resolve_view
from dashboard.query.view_state import ViewState, describe_filters
from dashboard.settings import Settings
from dashboard.web.app import create_app


def _count(text: str, notices: list[str]) -> int | None:
    if text.isdigit():
        return int(text)
    notices.append(f"Ignored “min_fatalities={text}”: expected a whole number.")
    return None


MIN_FATALITIES = Param(
    "min_fatalities", "keep events with at least this many reported deaths", _count, None, metavar="N",
    words=lambda n, state: f"at least {n} reported deaths",
    rule=Rule("min_fatalities", ("int64",), lambda scope, n: scope.events.fatalities >= n),
    control=Control("number", "Deaths at least", order=45, note="Events reporting at least this many deaths."))


@pytest.fixture
def declared(monkeypatch):
    """``min_fatalities`` declared beside the dashboard's own parameters, for one test."""
    monkeypatch.setattr(params, "PARAMS", (*params.PARAMS, MIN_FATALITIES))


def _deadly(dataset, at_least: int) -> set[str]:
    """The bundled events reporting at least ``at_least`` deaths, read from the rows themselves."""
    rows = dataset.engine.rows(ViewState().filter)
    return set(rows.loc[pd.to_numeric(rows["fatalities"]) >= at_least, "event_id"])


def test_a_declared_parameter_is_read_from_the_url_and_written_back(declared):
    state, notices = ViewState.from_query("type=clash&min_fatalities=1")
    assert notices == [] and state.value("min_fatalities") == 1 and state.types == ("clash",)
    assert state.to_query() == "type=clash&min_fatalities=1"
    assert ViewState.from_query("min_fatalities=lots") == (ViewState(), [
        "Ignored “min_fatalities=lots”: expected a whole number."])
    assert state.is_filtered and ViewState.from_query("min_fatalities=1")[0].is_filtered


def test_without_the_declaration_the_parameter_is_unknown():
    """The test can fail: the parameter exists only because the test declares it."""
    state, notices = ViewState.from_query("min_fatalities=1")
    assert state == ViewState() and notices == ["Ignored unknown parameter “min_fatalities”."]


def test_a_declared_parameter_is_described_in_the_caption(declared):
    state = ViewState.from_query("type=clash&min_fatalities=1")[0]
    assert describe_filters(state) == "Event type: Clash; at least 1 reported deaths"


def test_a_declared_parameter_is_applied_by_the_engine(declared, dataset):
    view = resolve_view(dataset, "min_fatalities=1")
    expected = _deadly(dataset, 1)
    assert 0 < len(expected) < dataset.total
    assert view.count == len(expected) and set(view.events["event_id"]) == expected
    assert resolve_view(dataset, "min_fatalities=2").count == len(_deadly(dataset, 2))


def test_a_declared_parameter_is_offered_by_the_cli(declared, dataset, tmp_path):
    export = build_parser()._subparsers._group_actions[0].choices["export"]
    assert "--min_fatalities N" in export.format_help()
    args = build_parser().parse_args(["export", "events", "--format", "csv", "--min_fatalities", "1", "-o", "x.csv"])
    assert view_query(args) == "min_fatalities=1"
    out = tmp_path / "deadly.csv"
    assert main(["export", "events", "--format", "csv", "--min_fatalities", "1", "-o", str(out)]) == 0
    assert set(pd.read_csv(out)["event_id"]) == _deadly(dataset, 1)


def test_a_declared_parameter_is_drawn_in_the_filter_panel(declared, dataset):
    client = create_app(Settings(), dataset=dataset).server.test_client()
    found = _find(client.get("/_dash-layout").get_json(), ids.control("min_fatalities"))
    assert found is not None and found["type"] == "Input" and found["props"]["type"] == "number"
    label = _find(client.get("/_dash-layout").get_json(), None, html_for=ids.control("min_fatalities"))
    assert label["props"]["children"] == "Deaths at least"


def _find(node, wanted, **props):
    """The component (as the layout's JSON) with id ``wanted`` (or with ``props``) anywhere in ``node``."""
    if isinstance(node, dict):
        mine = node.get("props", {})
        if ("props" in node and (mine.get("id") == wanted if wanted else
                                 all(mine.get(k) == v for k, v in props.items()))):
            return node
        children = list(node.values())
    elif isinstance(node, list):
        children = node
    else:
        return None
    for child in children:
        if (found := _find(child, wanted, **props)) is not None:
            return found
    return None


# -- a chart declared in the test ----------------------------------------------------------------------


def _types_figure(dataset, view, canvas) -> go.Figure:
    counts = dataset.engine.facet_counts(view.filter, "type")
    return go.Figure(go.Bar(x=list(counts), y=list(counts.values()), name="Events per type"),
                     layout={"title": {"text": f"Events per type — {view.count_text}"}, "width": canvas.width,
                             "height": 400})


def _types_card(dataset, parts) -> dbc.Card:
    return dbc.Card([dbc.CardHeader("Events per type"),
                     dcc.Graph(id="types-graph", **({"figure": parts.figure} if parts.figure else {}))])


TYPES_CHART = Chart(name="types", title="Events per type", graph_id="types-graph", figure=_types_figure,
                    card=_types_card, zoom=lambda stored: None, formats=("svg", "html"), columns=5)


@pytest.fixture
def charted(monkeypatch, dataset):
    """The dashboard with a third chart, declared for one test; its Flask client."""
    monkeypatch.setitem(CHARTS, "types", TYPES_CHART)
    return create_app(Settings(), dataset=dataset).server.test_client()


def test_a_declared_chart_is_on_the_page_with_its_first_figure(charted):
    layout = charted.get("/_dash-layout", headers={"Referer": "http://localhost/?type=talks"}).get_json()
    graph = _find(layout, "types-graph")
    assert graph["type"] == "Graph"
    assert graph["props"]["figure"]["layout"]["title"]["text"] == "Events per type — 5 of 19 events"
    assert _find(layout, ids.chart_width("types"))["props"]["data"]["width"] == TYPES_CHART.page_width
    assert "Events per type (interactive HTML)" in json.dumps(layout)  # among the downloads
    assert _find(layout, ids.embed_code("types")) is not None  # and in the Embed dialog


def test_a_declared_chart_has_its_embed_and_exports(charted):
    embed = charted.get("/embed/types?type=talks")
    assert embed.status_code == 200 and "Events per type — 5 of 19 events" in embed.get_data(as_text=True)
    html = charted.get("/export/types.html?type=talks")
    assert html.status_code == 200 and "Events per type" in html.get_data(as_text=True)
    png = charted.get("/export/types.png?type=talks")  # not among its formats
    assert png.status_code == 404 and "can be exported as svg or html" in png.get_data(as_text=True)


def test_a_declared_chart_is_drawn_in_every_story_step(charted):
    made = charted.get("/story/figures.json?type=talks&types_width=600").get_json()
    assert set(made) >= {"timeline", "map", "types"}
    assert made["types"]["data"][0]["type"] == "bar" and made["types"]["layout"]["width"] == 600
    story = charted.get("/stories").get_data(as_text=True)
    slug = re.search(r'href="/story/([\w-]+)"', story).group(1)
    page = charted.get(f"/story/{slug}").get_data(as_text=True)
    assert 'id="story-types"' in page and 'data-width="types_width"' in page


def test_without_the_declaration_there_is_no_such_chart(dataset):
    client = create_app(Settings(), dataset=dataset).server.test_client()
    assert client.get("/embed/types").status_code == 404
    assert "types" not in client.get("/story/figures.json?type=talks").get_json()
