"""Production: gunicorn started from the Procfile's command, on a free loopback port.

Checks /health, the security headers on every kind of response, hostile input
(never a 5xx), compression and caching, the path prefix, and a short load run.
"""

from __future__ import annotations

import json
from datetime import date
import re
import urllib.parse

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.load import run, small_requests
from tests.support.server import free_port, procfile_server, start_gunicorn
from tests.support.traffic import callback_payload, url_callbacks

pytestmark = pytest.mark.production


@pytest.fixture(scope="module")
def server():
    with procfile_server(workers=2) as (base, _):
        yield base


@pytest.fixture(scope="module")
def render_callbacks(server):
    return url_callbacks(requests.get(f"{server}/_dash-dependencies", timeout=30).json())


def post_callback(server, body, **kwargs):
    return requests.post(f"{server}/_dash-update-component", data=body,
                         headers={"Content-Type": "application/json"}, timeout=60, **kwargs)


def test_health(server):
    response = requests.get(f"{server}/health", timeout=10)
    assert response.status_code == 200


def every_kind_of_response(server, render_callbacks):
    asset = re.search(r'href="(/assets/dashboard\.css[^"]*)"', requests.get(server, timeout=10).text).group(1)
    return {
        "page": requests.get(f"{server}/", timeout=10),
        "asset": requests.get(f"{server}{asset}", timeout=10),
        "callback": post_callback(server, json.dumps(callback_payload(render_callbacks[0], "?type=talks"))),
        "export": requests.get(f"{server}/export/events.csv?type=talks", timeout=30),
        "embed": requests.get(f"{server}/embed/map?actor=Russia", timeout=30),
        "health": requests.get(f"{server}/health", timeout=10),
        "not found": requests.get(f"{server}/no/such/page", timeout=10),
    }


def test_security_headers_on_every_kind_of_response(server, render_callbacks):
    for kind, response in every_kind_of_response(server, render_callbacks).items():
        headers = response.headers
        policy = headers.get("Content-Security-Policy", "")
        assert "default-src 'self'" in policy and "object-src 'none'" in policy, kind
        assert "frame-ancestors *" in policy if kind == "embed" else "frame-ancestors 'self'" in policy, kind
        if kind != "embed":
            assert headers["X-Frame-Options"] == "SAMEORIGIN", kind
        assert headers["X-Content-Type-Options"] == "nosniff", kind
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin", kind
        assert not re.search(r"\d", headers.get("Server", "")), (kind, headers.get("Server"))


def test_content_security_policy_allows_only_the_apps_own_origin(server):
    policy = requests.get(server, timeout=10).headers["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    for name in ("default-src", "style-src", "img-src", "font-src", "connect-src"):
        sources = directives[name].split()
        assert sources[0] == "'self'" and all(s in ("'self'", "'unsafe-inline'", "data:", "blob:") for s in sources)
    scripts = directives["script-src"].split()
    assert scripts[0] == "'self'" and all(s.startswith("'sha256-") for s in scripts[1:]) and len(scripts) > 1


def test_responses_are_compressed_and_assets_cached(server):
    page = requests.get(f"{server}/_dash-layout", headers={"Accept-Encoding": "gzip"}, timeout=10)
    assert page.headers.get("Content-Encoding") in ("gzip", "br")
    html = requests.get(server, timeout=10).text
    for path in re.findall(r'(?:src|href)="(/(?:_dash-component-suites|assets)/[^"]+)"', html)[:5]:
        cached = requests.get(f"{server}{path}", timeout=10)
        assert cached.status_code == 200
        assert re.search(r"max-age=(\d+)", cached.headers.get("Cache-Control", "")), path
        assert int(re.search(r"max-age=(\d+)", cached.headers["Cache-Control"]).group(1)) >= 86400, path


def test_debug_tools_and_mcp_are_off(server):
    mcp = requests.post(f"{server}/_mcp", json={"jsonrpc": "2.0", "id": 1, "method": "initialize"}, timeout=10)
    assert "jsonrpc" not in mcp.text and mcp.status_code != 200 or mcp.headers["Content-Type"].startswith("text/html")
    assert requests.get(f"{server}/_reload-hash", timeout=10).status_code == 404
    page = requests.get(server, timeout=10).text
    assert '"ui": true' not in page and '"hot_reload": true' not in page


HOSTILE_VALUES = st.one_of(
    st.text(max_size=60),
    st.sampled_from(["(.*)[", "\\", "%00", "%ff%fe", "<script>alert(1)</script>", "' OR 1=1 --", "../../etc/passwd",
                     "9" * 400, "2023-02-30", "-1", "1e309", "NaN", "talks&type=talks", "\u202e", "%%%"]),
    st.dates().map(date.isoformat),                      # valid dates far outside what can be drawn
    st.sampled_from(["4000", "3950e0", "+3950", "03950", "0.5", "4", "200", "300.0", "1e3"]),  # sizes at the edges
)
ROUTES = ["/", "/export/events.csv", "/export/events.json", "/embed/map", "/embed/timeline", "/health",
          "/export/map.svg", "/export/timeline.png"]
PARAMS = ["actor", "type", "from", "to", "q", "event", "group", "extent", "width", "height", "scale", "zzz"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(route=st.sampled_from(ROUTES), params=st.lists(st.tuples(st.sampled_from(PARAMS), HOSTILE_VALUES), max_size=5))
def test_fuzzed_url_parameters_never_cause_a_server_error(server, route, params):
    query = urllib.parse.urlencode(params)
    response = requests.get(f"{server}{route}?{query}", timeout=60)
    assert response.status_code < 500, (route, query, response.text[:200])


@pytest.mark.parametrize("body, status", [
    (b"{not json", 400),
    (json.dumps({"output": "nope.children", "inputs": []}).encode(), 400),
    (b"[" * 20000 + b"]" * 20000, 400),
    (b"x" * 2_000_000, 413),
    (b"", 400),
    (json.dumps([1, 2, 3]).encode(), 400),
])
def test_malformed_callback_requests_are_4xx(server, body, status):
    assert post_callback(server, body).status_code == status


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.lists(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
                                    max_leaves=8), min_size=13, max_size=13))
def test_callbacks_fed_any_values_answer_without_a_server_error(server, values):
    dependencies = requests.get(f"{server}/_dash-dependencies", timeout=30).json()
    sync = next(d for d in dependencies if d["output"].startswith("..url.search"))
    body = {
        "output": sync["output"],
        "outputs": [{"id": o.rsplit(".", 1)[0], "property": o.rsplit(".", 1)[1]}
                    for o in sync["output"].strip(".").split("...")],
        "inputs": [{**spec, "value": value} for spec, value in zip(sync["inputs"], values, strict=False)],
        "changedPropIds": [f"{sync['inputs'][1]['id']}.{sync['inputs'][1]['property']}"],
        "state": [],
    }
    assert post_callback(server, json.dumps(body)).status_code < 500


def test_search_with_pattern_characters_is_plain_text(server, render_callbacks):
    for query in ("?q=(.*)[", "?q=%5C", "?q=*?+"):
        response = post_callback(server, json.dumps(callback_payload(render_callbacks[0], query)))
        assert response.status_code == 200
        assert "0 of 19 events" in response.text


@pytest.fixture(scope="module")
def hostile_server():
    with procfile_server(workers=1, extra_env={"DASHBOARD_DATA": "tests/fixtures/hostile.csv"}) as (base, _):
        yield base


def test_event_text_with_markup_stays_inert_in_callbacks_embeds_and_exports(hostile_server):
    dependencies = url_callbacks(requests.get(f"{hostile_server}/_dash-dependencies", timeout=30).json())
    figure = post_callback(hostile_server, json.dumps(callback_payload(dependencies[0], ""))).text
    assert "<script>" not in figure.replace("\\u003c", "<") or "&lt;script&gt;" in figure
    embed = requests.get(f"{hostile_server}/embed/timeline", timeout=30).text
    assert "<script>window.__pwned" not in embed and "<img src=x" not in embed
    html = requests.get(f"{hostile_server}/export/timeline.html", timeout=60).text
    assert "<script>window.__pwned" not in html
    svg = requests.get(f"{hostile_server}/export/timeline.svg", timeout=60).text
    assert "<script>window.__pwned" not in svg and "<img src=x" not in svg


def test_an_invalid_data_file_stops_gunicorn_with_the_messages(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"event_id,title\n\x00\xff\xfe garbage\n")
    with pytest.raises(RuntimeError) as error:
        start_gunicorn(free_port(), workers=1, extra_env={"DASHBOARD_DATA": str(bad)})
    assert f"{bad}:2:2: not UTF-8 text: byte 0xff" in str(error.value)


def test_path_prefix():
    with procfile_server(workers=1, extra_env={"DASHBOARD_PATH_PREFIX": "/conflict/"}) as (base, _):
        page = requests.get(f"{base}/conflict/", timeout=10)
        assert page.status_code == 200 and 'href="/conflict/vendor/bootstrap/bootstrap.min.css?v=' in page.text
        for path in ("/conflict/health", "/conflict/_dash-layout", "/conflict/export/events.csv?type=talks",
                     "/conflict/embed/map", "/conflict/vendor/plotly.min.js"):
            assert requests.get(f"{base}{path}", timeout=30).status_code == 200, path
        assert requests.get(f"{base}/export/events.csv", timeout=10).status_code == 404


def test_small_requests_under_load_answer_without_an_error():
    """A 5-row CSV and JSON export, the embeds and two of the page's callbacks, each under 10 connections for
    1 s (``benchmarks/small_requests.py`` measures their speed; here only that every answer is right)."""
    runs = small_requests(connections=10, seconds=1, rounds=1)
    assert set(runs) >= {"csv export, 5 rows", "json export, 5 rows", "callback: count and details",
                         "callback: timeline"}
    for name, found in runs.items():
        assert found["errors"] == 0 and found["requests"] > 10, (name, found)


def test_short_load_run_has_zero_errors():
    summary = run(users=10, seconds=10)
    assert summary["errors"] == 0, summary
    assert summary["requests"] > 50, summary
    assert summary["shed"] <= summary["requests"] * 0.05, summary  # a few renders turned away at most
