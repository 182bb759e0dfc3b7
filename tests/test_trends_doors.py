"""The charts of what changed (#25) through every door: the trends page draws the map of bands and the chosen
areas' weeks from one engine query (two with the emerging actors); the same charts by name as embeds, PNG/SVG
exports and on the command line; the dashboard's own menus keep to the dashboard's charts."""

from __future__ import annotations

import json
import re

import pytest

from dashboard.query import Engine

VIEW = "type=clash&type=talks&by=country&as_of=2023-05-14"
#: What each chart says of itself (a standalone copy's title names the view's filters, not its week).
NOTE = "The week of 8 May 2023 – 14 May 2023<br>against the 4 and the 52 weeks before it, counted by country"


def annotations(figure: dict) -> list[str]:
    return [a["text"] for a in figure["layout"].get("annotations", [])]


def page_figure(html: str, name: str) -> dict:
    return json.loads(re.search(rf'<script type="application/json" id="{name}">(.*?)</script>', html, re.S).group(1))


def test_the_page_asks_the_engine_for_its_weeks_once(dataset, client, monkeypatch):
    """The table, the map and the timeline come from one question (the weeks, with the areas' centres); the
    emerging actors are the second. Nothing else about trends is asked."""
    asked = []
    ask = Engine.ask

    def counted(self, question, *args, **kwargs):
        asked.append(question[0])
        return ask(self, question, *args, **kwargs)

    monkeypatch.setattr(Engine, "ask", counted)
    html = client.get(f"/trends?{VIEW}&areas=Armenia&areas=Belgium").get_data(as_text=True)
    assert asked.count("trends") == 1 and asked.count("emerging") == 1, asked
    assert annotations(page_figure(html, "trends-timeline")) == ["Armenia", "Belgium", NOTE]
    assert annotations(page_figure(html, "trends-map")) == [NOTE]
    placed = {c[0] for t in page_figure(html, "trends-map")["data"] if t.get("customdata") for c in t["customdata"]}
    assert placed == {"Armenia", "Belgium", "United States"}
    # the checked boxes are the areas drawn; without any, the three that changed most
    assert re.findall(r'value="([^"]+)" aria-label="[^"]*" checked', html) == ["Belgium", "Armenia"]
    html = client.get(f"/trends?{VIEW}").get_data(as_text=True)
    assert annotations(page_figure(html, "trends-timeline")) == ["Belgium", "Armenia", "United States", NOTE]
    # each chart links to its embed and its PNG and SVG, for the same view
    escaped = VIEW.replace("&", "&amp;")
    assert f'href="/embed/trends-timeline?{escaped}"' in html and f'href="/export/trends-map.svg?{escaped}"' in html


@pytest.mark.parametrize("chart", ["trends-map", "trends-timeline"])
def test_each_chart_embeds_by_name(client, chart):
    html = client.get(f"/embed/{chart}?{VIEW}&areas=Armenia").get_data(as_text=True)
    figure = page_figure(html, "figure")
    if chart == "trends-timeline":
        assert annotations(figure) == ["Armenia", NOTE]
        assert [t["name"] for t in figure["data"] if t.get("showlegend") is not False] == [
            "events in the week", "52-week mean ± 1 SD", "mean of the 4 weeks before"]
    else:
        assert {t["name"] for t in figure["data"] if t["type"] == "scattergeo" and t.get("customdata")} == {
            "limited change"}
        assert annotations(figure)[0] == NOTE
    assert "Event types: Clash, Talks" in html  # the view's words, as every embed carries them


def test_the_charts_export_as_svg_and_png_on_the_page_and_the_command_line(client, tmp_path):
    from dashboard.cli import main

    svg = client.get(f"/export/trends-timeline.svg?{VIEW}&areas=Armenia&width=900").get_data(as_text=True)
    assert svg.startswith("<svg") and "Weeks against their baseline" in svg and "Armenia" in svg
    assert "52-week mean ± 1 SD" in svg
    out = tmp_path / "map.png"
    assert main(["export", "trends-map", "--format", "png", "--by", "country", "--as-of", "2023-05-14", "--type",
                 "clash", "--type", "talks", "-o", str(out)]) == 0
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert client.get(f"/export/trends-map.png?{VIEW}").data[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_dashboards_menus_keep_to_its_own_charts(client):
    from dashboard.charts import CHARTS, dashboard_charts
    from dashboard.web.layout import downloads

    assert set(dashboard_charts()) == {"timeline", "map"} and {"trends-map", "trends-timeline"} <= set(CHARTS)
    assert not [name for name, _words in downloads() if name.startswith("trends-")]
    page = client.get("/?type=talks").get_data(as_text=True)
    assert "trends-map" not in page
