"""Hardening, row by row, against gunicorn started from the Procfile: far dates, memory held by exports,
sizes written many ways, pixel bombs, markup in names, formula cells, unknown paths and files, headers."""

from __future__ import annotations

import csv
import io
import json
import re
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from dashboard.data import load_events
from tests.support.server import gunicorn_log, held_mb, procfile_server, workers_of
from tests.support.traffic import callback_payload, output_names, url_callbacks

pytestmark = pytest.mark.production
NAMES = "tests/fixtures/hostile-names.csv"


@pytest.fixture(scope="module")
def names_server():
    with procfile_server(workers=1, extra_env={"DASHBOARD_DATA": NAMES, "DASHBOARD_TRUSTED_PROXIES": "1"}) as served:
        yield served


def draw(base: str, output: str, query: str) -> requests.Response:
    dependency = next(d for d in url_callbacks(requests.get(f"{base}/_dash-dependencies", timeout=30).json())
                      if d["output"].startswith(output) or output in output_names(d["output"]))
    return requests.post(f"{base}/_dash-update-component", json=callback_payload(dependency, query), timeout=60)


@pytest.mark.parametrize("query", ["to=9999-12-31", "from=0001-01-01", "from=1600-01-01"])
def test_1_far_dates_are_ignored_with_a_notice_everywhere(gunicorn, query):
    base, _ = gunicorn
    document = requests.get(f"{base}/export/events.json?{query}", timeout=30)
    assert document.status_code == 200 and document.json()["count"] == 19
    for route in ("/embed/timeline", "/embed/map", "/export/timeline.svg", "/export/events.csv"):
        assert requests.get(f"{base}{route}?{query}", timeout=60).status_code == 200, route
    page = draw(base, "..event-count.children", f"?{query}")
    assert page.status_code == 200 and "19 of 19 events" in page.text and "dates run from 1678 to 2261" in page.text
    assert draw(base, "timeline.figure", f"?{query}").status_code == 200


def test_1_a_zoom_beyond_the_dates_that_can_be_drawn_is_held_at_their_edge(gunicorn):
    base, _ = gunicorn
    dependency = next(d for d in url_callbacks(requests.get(f"{base}/_dash-dependencies", timeout=30).json())
                      if "timeline.figure" in output_names(d["output"]))
    body = callback_payload(dependency, "")
    for item in body["inputs"]:
        if isinstance(item["id"], dict) and item["id"]["type"] == "chart-zoom":
            item["value"] = ["0001-01-01", "9999-12-31T00:00:00"]
    response = requests.post(f"{base}/_dash-update-component", json=body, timeout=60)
    assert response.status_code == 200
    start, end = response.json()["response"]["timeline"]["figure"]["layout"]["xaxis"]["range"]
    assert start.startswith("1678-01-01") and end.startswith("2261-12-31")


def test_2_and_3_five_hundred_distinct_exports_leave_memory_bounded(gunicorn):
    """250 HTML files, 240 JSON downloads and 10 images at the largest size allowed, all distinct."""
    base, process = gunicorn
    workers = workers_of(process.pid)
    requests.get(f"{base}/export/timeline.png", timeout=60)  # a worker's browser starts on first use
    requests.get(f"{base}/export/map.png", timeout=60)
    before = held_mb(process.pid, *workers)
    words = [uuid.uuid4().hex[:8] for _ in range(500)]
    urls = ([f"{base}/export/{'timeline' if i % 2 else 'map'}.html?q={w}" for i, w in enumerate(words[:250])]
            + [f"{base}/export/events.json?q={w}" for w in words[250:490]]
            + [f"{base}/export/timeline.png?width=4000&height=1562&scale=2&q={w}" for w in words[490:]])

    def get(url: str) -> int:
        return requests.get(url, timeout=120).status_code

    with ThreadPoolExecutor(6) as pool:
        statuses = list(pool.map(get, urls))
    assert set(statuses) <= {200, 503} and statuses.count(200) >= 450
    grown = held_mb(process.pid, *workers) - before
    assert grown < 300, f"the server grew by {grown:.0f} MB"
    assert workers_of(process.pid) == workers


def test_3_a_size_written_many_ways_is_rendered_once(gunicorn):
    base, _ = gunicorn
    query = "type=clash&height=1500&scale=2"
    began = time.monotonic()
    first = requests.get(f"{base}/export/timeline.png?width=3950&{query}", timeout=60)
    rendered = time.monotonic() - began
    assert first.status_code == 200
    for written in ("3950.0", "03950", "%2B3950", "3950e0"):
        again = []
        for _ in range(2):  # either worker may answer; each renders at most once
            began = time.monotonic()
            response = requests.get(f"{base}/export/timeline.png?width={written}&{query}", timeout=60)
            again.append(time.monotonic() - began)
            assert response.content == first.content
        assert min(again) < rendered / 3, (written, again, rendered)


def test_4_a_pixel_bomb_is_refused_at_once_and_health_stays_quick(gunicorn):
    base, _ = gunicorn
    bomb = f"{base}/export/timeline.png?width=4000&height=4000&scale=4"
    began = time.monotonic()
    response = requests.get(bomb, timeout=30)
    assert response.status_code == 400 and "at most 25,000,000" in response.text
    assert time.monotonic() - began < 1.0
    with ThreadPoolExecutor(20) as pool:
        bombs = [pool.submit(requests.get, f"{bomb}&q={i}", timeout=30) for i in range(20)]
        began = time.monotonic()
        assert requests.get(f"{base}/health", timeout=10).status_code == 200
        assert time.monotonic() - began < 2.0
        assert {b.result().status_code for b in bombs} == {400}


def test_5_markup_in_names_and_labels_is_text_in_the_page_embeds_and_exports(names_server):
    base, _ = names_server
    live = re.compile(r'<a href="https://evil\.example/')
    figure = draw(base, "timeline.figure", "?group=actor").json()["response"]["timeline"]["figure"]
    layout = json.dumps(figure["layout"]) + json.dumps([t.get("name") for t in figure["data"]])
    assert "EvilLink" in layout and not live.search(layout)
    for route in ("/embed/timeline?group=actor", "/export/timeline.html?group=actor", "/export/timeline.svg?group=actor",
                  "/export/map.svg", "/embed/map"):
        body = requests.get(f"{base}{route}", timeout=60).text
        assert "Evil" in body and not live.search(body) and not live.search(body.replace('\\"', '"')), route


def test_6_formula_cells_are_inert_in_the_csv_and_round_trip(names_server, tmp_path):
    base, _ = names_server
    text = requests.get(f"{base}/export/events.csv", timeout=30).content
    rows = list(csv.DictReader(io.StringIO(text.decode("utf-8"), newline="")))
    texts = [row[c] for row in rows for c in ("title", "label", "summary", "actors", "location", "source",
                                               "source_excerpt")]
    assert texts and not [t for t in texts if t[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert "'=HYPERLINK(\"http://x\",\"y\")" in texts and "'@SUM(1+1)" in texts and "'\r=CR" in texts
    assert {row["latitude"] for row in rows} == {"50.85", "-40.2"}  # numbers stay numbers
    path = tmp_path / "export.csv"
    path.write_bytes(text)
    again = load_events([path]).set_index("event_id").sort_index()
    original = load_events([NAMES]).set_index("event_id").sort_index()
    assert again.equals(original)
    assert original.loc["evil-link", "summary"] == "\r=CR"  # a leading control character is not stripped away
    assert again.loc["minus", "latitude"] == -40.2            # numbers stay numbers


def test_7_unknown_files_and_paths_are_quiet_404s(gunicorn):
    base, process = gunicorn
    for path in ("/_dash-component-suites/dash/__init__.py", "/_dash-component-suites/nope/x.js", "/.env",
                 "/export/events.csv/", "/no/such/page", "/assets/nothing.css"):
        response = requests.get(f"{base}{path}", timeout=10)
        assert response.status_code == 404 and len(response.text) < 40, path
    assert "Traceback" not in gunicorn_log(process)


def test_8_headers_name_one_charset_and_every_response_says_how_long_to_keep_it(gunicorn):
    base, _ = gunicorn
    html = requests.get(base, timeout=10).text
    asset = re.search(r'src="(/_dash-component-suites/[^"]+)"', html).group(1)
    expect = {
        "/": "no-cache", "/health": "no-cache", asset: "max-age=31536000",
        "/export/events.csv?type=talks": "max-age=600", "/export/timeline.html?type=talks": "max-age=600",
        "/embed/map": "max-age=600", "/vendor/plotly.min.js": "max-age=31536000", "/nope": "no-store",
    }
    for path, policy in expect.items():
        response = requests.get(f"{base}{path}", timeout=60)
        assert policy in response.headers.get("Cache-Control", ""), (path, response.headers.get("Cache-Control"))
        assert response.headers.get("Content-Type", "").count("charset") <= 1, path
    assert "Strict-Transport-Security" not in requests.get(base, headers={"X-Forwarded-Proto": "https"}, timeout=10).headers


def test_8_https_behind_a_trusted_proxy_gets_hsts(names_server):
    base, _ = names_server
    assert requests.get(base, headers={"X-Forwarded-Proto": "https"}, timeout=10).headers[
        "Strict-Transport-Security"] == "max-age=31536000"
    assert "Strict-Transport-Security" not in requests.get(base, timeout=10).headers
