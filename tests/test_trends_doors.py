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


def test_the_page_stays_bounded_at_any_number_of_areas(tmp_path, monkeypatch):
    """150 areas and 60 new actors: the page lists the first 100 rows in the order asked (plus an area drawn
    further down) and 50 emerging actors, the map its areas that changed most, and says so; the downloads hold
    every row."""
    import csv

    from dashboard.data.schema import COLUMNS
    from dashboard.query.dataset import load_dataset
    from dashboard.settings import Settings
    from dashboard.web.app import create_app

    path = tmp_path / "many.csv"
    header = [c.name for c in COLUMNS if c.in_header] + ["admin1"]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, header, restval="")
        writer.writeheader()
        for i in range(150):
            writer.writerow({"event_id": f"e{i}", "title": f"Clash {i}", "event_type": "clash", "status": "occurred",
                             "date_start": "2024-03-30", "date_end": "2024-03-30", "date_precision": "day",
                             "country": "Testland", "admin1": f"Area {i:03d}", "actors": f"Group {i % 60:02d}",
                             "latitude": 40 + i / 100, "longitude": 45, "geo_precision": "town", "source": "Test"})
    monkeypatch.setattr("dashboard.charts.trends.MOST_MAPPED", 120)
    client = create_app(Settings(), dataset=load_dataset([path])).server.test_client()
    html = client.get("/trends?as_of=2024-03-31&sort=area&areas=Area+149").get_data(as_text=True)
    rows = re.findall(r'class="trend-area" href="[^"]*">([^<]+)</a>', html)
    assert rows == [f"Area {i:03d}" for i in range(100)] + ["Area 149"]
    assert "Showing 101 of 150 rows in this order; the downloads hold every one." in html
    assert html.count("first on ") == 50 and "And 10 more: the first 50 are listed." in html
    placed = [c[0] for t in page_figure(html, "trends-map")["data"] if t.get("customdata") for c in t["customdata"]]
    assert len(placed) == 120 and "the 120 areas that changed most, of 150" in annotations(
        page_figure(html, "trends-map"))[0]
    assert len(client.get("/export/trends.csv?as_of=2024-03-31").get_data(as_text=True).splitlines()) == 151
