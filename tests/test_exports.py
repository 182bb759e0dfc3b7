"""Export endpoints: every format, with filters, standing alone; sizes within bounds; no browser, 503."""

from __future__ import annotations

import json
import struct

import pytest

from dashboard.web.app import create_app
from dashboard.cli import main
from dashboard.data import load_events
from dashboard.query.dataset import load_dataset
from dashboard.query.facets import filter_events
from dashboard.settings import Settings
from dashboard.query.view import resolve_view

TALKS = "type=talks"


@pytest.fixture(scope="module")
def client():
    return create_app(Settings()).server.test_client()


@pytest.fixture(scope="module")
def dataset():
    return load_dataset()


def talks_ids(dataset):
    return set(filter_events(dataset, resolve_view(dataset, TALKS).state)["event_id"])


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_csv_holds_exactly_the_filtered_events_and_round_trips(client, dataset, tmp_path, capsys):
    response = client.get(f"/export/events.csv?{TALKS}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    path = tmp_path / "talks.csv"
    path.write_bytes(response.data)
    assert main(["validate", str(path)]) == 0
    assert capsys.readouterr().out.startswith("OK: 5 events")
    exported = load_events([path])
    assert set(exported["event_id"]) == talks_ids(dataset)
    original = dataset.events.set_index("event_id").loc[sorted(talks_ids(dataset))].reset_index()
    again = exported.set_index("event_id").loc[sorted(talks_ids(dataset))].reset_index()
    assert again.equals(original)


def test_json_holds_exactly_the_filtered_events_with_every_column(client, dataset):
    document = client.get(f"/export/events.json?{TALKS}").get_json()
    assert {e["event_id"] for e in document["events"]} == talks_ids(dataset)
    assert document["count"] == 5 and document["total"] == 19 and document["filters"] == "Event type: Talks"
    event = next(e for e in document["events"] if e["event_id"] == "washington-talks-2023-05")
    assert event["date_start"] == "2023-05-01" and event["date_end"] == "2023-05-04"
    assert event["actors"] == ["Armenia", "Azerbaijan", "United States"] and event["fatalities"] is None
    assert set(event) == set(load_events().columns)


@pytest.mark.parametrize("chart", ["timeline", "map"])
def test_html_is_self_contained_and_stands_alone(client, dataset, chart):
    html = client.get(f"/export/{chart}.html?{TALKS}").get_data(as_text=True)
    assert "<script src=" not in html and "/* plotly.js 4.1.1, partial bundle" in html  # inlined, nothing fetched
    assert len(html.encode()) < {"timeline": 1_500_000, "map": 1_600_000}[chart]  # the map carries its outlines
    assert f"{chart.capitalize()}: 5 of 19 events" in html
    assert "Event type: Talks" in html and "Source: Euronews with AFP" in html and "Made " in html
    for event_id in talks_ids(dataset):
        assert event_id in html
    assert "first-karabakh-war" not in html


@pytest.mark.parametrize("chart", ["timeline", "map"])
def test_svg_shows_exactly_the_filtered_events_with_title_filters_and_source(client, chart):
    svg = client.get(f"/export/{chart}.svg?{TALKS}&width=900&height=600").get_data(as_text=True)
    assert svg.startswith("<svg") and 'width="900"' in svg and 'height="600"' in svg
    assert f"{chart.capitalize()}: 5 of 19 events" in svg
    assert "Event type: Talks" in svg and "Euronews with AFP" in svg


@pytest.mark.parametrize("chart", ["timeline", "map"])
def test_png_is_a_valid_image_of_the_requested_size(client, chart):
    response = client.get(f"/export/{chart}.png?{TALKS}&width=800&height=500&scale=2")
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert png_size(response.data) == (1600, 1000)


def test_png_default_size_fits_the_chart(client):
    width, height = png_size(client.get(f"/export/timeline.png?{TALKS}").data)
    assert width == 1400 and 300 < height < 900


@pytest.mark.parametrize("query, message", [
    ("width=10", "width must be between 300 and 4000; got 10."),
    ("height=99999", "height must be between 200 and 4000; got 99999."),
    ("scale=0", "scale must be between 0.5 and 4; got 0."),
    ("scale=nan", "scale must be between 0.5 and 4; got nan."),
    ("width=wide", "width must be a number, not “wide”."),
])
def test_sizes_out_of_bounds_are_a_400_with_a_message(client, query, message):
    response = client.get(f"/export/map.png?{query}")
    assert response.status_code == 400 and response.get_data(as_text=True).strip() == message


@pytest.mark.parametrize("path", ["/export/events.png", "/export/timeline.csv", "/export/nothing.json"])
def test_unknown_exports_are_404(client, path):
    assert client.get(path).status_code == 404


def test_without_a_browser_images_are_503_and_everything_else_works(fixture_path):
    client = create_app(Settings(browser_path="/nonexistent/chromium")).server.test_client()
    response = client.get("/export/timeline.png")
    assert response.status_code == 503 and response.headers["Retry-After"] == "5"  # like every 503 of the server
    assert "needs Chromium or Chrome" in response.get_data(as_text=True)
    assert client.get("/export/timeline.svg").status_code == 503
    video = client.get("/export/playback.mp4?type=talks&frames=2")  # its frames are drawn on a page of their own
    assert video.status_code == 503 and "needs Chromium or Chrome" in video.get_data(as_text=True)
    assert client.get("/export/timeline.html").status_code == 200
    assert client.get("/export/events.csv").status_code == 200
    assert client.get("/").status_code == 200


def test_embed_pages_can_be_framed_and_the_dashboard_cannot(client):
    embed = client.get("/embed/map?actor=Russia")
    assert embed.status_code == 200 and "frame-ancestors *" in embed.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in embed.headers
    page = client.get("/")
    assert "frame-ancestors 'self'" in page.headers["Content-Security-Policy"]
    assert page.headers["X-Frame-Options"] == "SAMEORIGIN"


@pytest.mark.parametrize("chart", ["timeline", "map"])
def test_embed_page_has_the_chart_a_caption_and_a_link_back(client, chart):
    html = client.get(f"/embed/{chart}?actor=Russia").get_data(as_text=True)
    assert "4 of 19 events · Actor: Russia · Source: Euronews, 14 May 2023" in html
    assert 'href="/?actor=Russia"' in html
    assert '<script src="/vendor/plotly.min.js?v=' in html and 'id="figure"' in html
    assert "<script>" not in html  # no inline script: the figure travels as JSON data


def test_embed_escapes_hostile_text(tmp_path, fixture_path):
    text = fixture_path("valid.csv").read_text().replace("Leaders meet", "</script><script>alert(1)</script>")
    path = tmp_path / "hostile.csv"
    path.write_text(text)
    client = create_app(Settings(data_paths=(path,))).server.test_client()
    html = client.get("/embed/timeline").get_data(as_text=True)
    assert "<script>alert(1)" not in html


def test_cli_writes_every_format(tmp_path, capsys):
    for chart, fmt in [("events", "csv"), ("events", "json"), ("timeline", "html"), ("map", "svg"),
                       ("timeline", "png")]:
        out = tmp_path / f"{chart}.{fmt}"
        assert main(["export", chart, "--format", fmt, "--type", "talks", "--from", "2023-05-10", "-o", str(out)]) == 0
        assert out.stat().st_size > 0
        assert "(4 of 19 events)" in capsys.readouterr().err
    document = json.loads((tmp_path / "events.json").read_text())
    assert {e["event_id"] for e in document["events"]} == {
        "brussels-michel-pashinian-2023-05-13", "brussels-michel-aliyev-2023-05-14", "brussels-trilateral-2023-05-14",
        "moldova-epc-meeting-2023-06-01"}


def test_cli_uses_the_same_filters_as_the_url(client, tmp_path):
    out = tmp_path / "russia.csv"
    assert main(["export", "events", "--format", "csv", "--actor", "Russia", "--from", "2020-01-01", "-o", str(out)]) == 0
    assert out.read_bytes() == client.get("/export/events.csv?actor=Russia&from=2020-01-01").data


@pytest.mark.parametrize("argv, message", [
    (["export", "events", "--format", "png", "-o", "x"], "error: the events can be exported as csv or json, not “png”."),
    (["export", "map", "--format", "svg", "--from", "May", "-o", "x"], "error: “from=May”: expected a date as YYYY-MM-DD."),
    (["export", "map", "--format", "svg", "--type", "duel", "-o", "x"], "error: unknown event type “duel”."),
    (["export", "map", "--format", "png", "--width", "5", "-o", "x"], "error: width must be between 300 and 4000; got 5."),
    (["export", "map", "--format", "svg", "--data", "missing.csv", "-o", "x"], "error: the data is invalid; nothing was exported."),
    (["export", "map", "--format", "bmp", "-o", "x"], "error: argument --format: invalid choice: 'bmp'"),
    (["export", "map", "--format", "gif", "-o", "x"], "error: the map can be exported as png, svg, pdf or html, not “gif”."),
])
def test_cli_bad_arguments_exit_1_with_a_message(argv, message, capsys):
    with pytest.raises(SystemExit) if "invalid choice" in message else _no_exit() as caught:
        code = main(argv)
    err = capsys.readouterr().err
    assert (caught.value.code if "invalid choice" in message else code) == 1
    assert message in err and "Traceback" not in err


class _no_exit:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_image_pixels_are_capped_before_any_figure_is_built(client, monkeypatch):
    import dashboard.charts.timeline

    monkeypatch.setattr(dashboard.charts.timeline, "timeline_figure", lambda *a, **k: pytest.fail("built a figure"))
    response = client.get("/export/timeline.png?width=4000&height=4000&scale=4")
    assert response.status_code == 400
    assert "256,000,000 pixels; at most 25,000,000" in response.get_data(as_text=True)


@pytest.mark.parametrize("written", ["3950", "3950.0", "03950", "+3950", "3950e0"])
def test_sizes_are_normalised_however_they_are_written(written):
    from dashboard.output.exports import image_size

    assert image_size("timeline", {"width": written, "height": "2000"}).key == "3950x2000@1"


@pytest.mark.parametrize("path", ["/export/timeline.svg", "/export/playback.mp4?type=talks&frames=2",
                                  "/export/report.pdf?type=talks"])
def test_heavy_work_beyond_the_worker_limit_is_a_503_with_retry_after(path):
    app = create_app(Settings(heavy_requests=1, cache="none"))
    heavy = next(cell.cell_contents for cell in app.server.view_functions["export_file"].__closure__
                 if type(cell.cell_contents).__name__ == "HeavyWork")
    heavy.wait = 0.05
    heavy.acquire()  # another request is rendering
    try:
        response = app.server.test_client().get(path)
        assert response.status_code == 503 and response.headers["Retry-After"] == "5"
        assert "busy" in response.get_data(as_text=True)
    finally:
        heavy.release()
    assert app.server.test_client().get(path).status_code == 200


def test_html_exports_are_never_cached_and_images_are_cached_once(client):
    from dashboard.web.figure_cache import FigureCache

    cache = next(cell.cell_contents for cell in client.application.view_functions["export_file"].__closure__
                 if isinstance(cell.cell_contents, FigureCache))
    before = cache.held_bytes
    client.get("/export/timeline.html?q=nothing-cached-here")
    assert cache.held_bytes == before
    client.get("/export/timeline.svg?q=Brussels&width=900")
    grown = cache.held_bytes
    assert grown > before
    client.get("/export/timeline.svg?q=Brussels&width=900.0")
    assert cache.held_bytes == grown


def test_events_stream_in_chunks_and_still_read_back(tmp_path, monkeypatch):
    import dashboard.output.report

    monkeypatch.setattr(dashboard.output.report, "CHUNK_ROWS", 4)
    client = create_app(Settings(cache="none")).server.test_client()
    response = client.get("/export/events.csv")
    assert response.is_streamed
    path = tmp_path / "all.csv"
    path.write_bytes(response.data)
    assert len(load_events([path])) == 19
    document = json.loads(client.get("/export/events.json").data)
    assert document["count"] == len(document["events"]) == 19
