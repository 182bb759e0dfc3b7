"""Figure work is memoised: in-process by default, shared through Redis between app instances."""

from __future__ import annotations

import shutil
import subprocess
import time

import pytest

import dashboard.charts.timeline
from dashboard.web.app import create_app
from dashboard.web.figure_cache import BytesBoundedCache, cache_config, cache_kind
from dashboard.settings import Settings
from tests.support.server import free_port
from tests.support.traffic import callback_payload, url_callbacks


@pytest.fixture
def count_timelines(monkeypatch):
    calls = []
    real = dashboard.charts.timeline.timeline_figure

    def counting(*args, **kwargs):
        calls.append(kwargs.get("group"))
        return real(*args, **kwargs)

    monkeypatch.setattr(dashboard.charts.timeline, "timeline_figure", counting)
    return calls


def draw(app, query: str):
    client = app.server.test_client()
    dependency = next(d for d in url_callbacks(client.get("/_dash-dependencies").get_json())
                      if "timeline.figure" in d["output"])
    response = client.post("/_dash-update-component", json=callback_payload(dependency, query))
    assert response.status_code == 200
    return response


def test_in_process_cache_builds_a_view_once(count_timelines):
    app = create_app(Settings(cache="memory"))
    app.server.test_client().get("/_dash-layout")
    count_timelines.clear()  # the default view's figures were built for the page, which they come with
    draw(app, "?type=talks")
    draw(app, "?type=talks")
    draw(app, "?type=war")
    assert len(count_timelines) == 2


def test_no_cache_builds_every_time(count_timelines):
    app = create_app(Settings(cache="none"))
    app.server.test_client().get("/_dash-layout")
    count_timelines.clear()
    draw(app, "?type=talks")
    draw(app, "?type=talks")
    assert len(count_timelines) == 2


@pytest.fixture
def redis_url():
    if not shutil.which("redis-server"):
        pytest.fail("redis-server is not installed (./dev.sh test installs it)")
    port = free_port()
    process = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                "--appendonly", "no"], stdout=subprocess.DEVNULL)
    import redis

    client = redis.Redis(port=port)
    for _ in range(50):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.1)
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(10)


def test_two_instances_share_figures_through_redis(redis_url, count_timelines):
    first = create_app(Settings(redis_url=redis_url))
    second = create_app(Settings(redis_url=redis_url))
    first.server.test_client().get("/_dash-layout")
    second.server.test_client().get("/_dash-layout")
    count_timelines.clear()
    assert draw(first, "?type=talks").data == draw(second, "?type=talks").data
    assert len(count_timelines) == 1


def test_redis_down_still_serves(count_timelines):
    app = create_app(Settings(redis_url=f"redis://127.0.0.1:{free_port()}/0"))
    app.server.test_client().get("/_dash-layout")
    count_timelines.clear()
    draw(app, "?type=talks")
    assert len(count_timelines) == 1


def test_cache_settings():
    assert cache_kind(Settings()) == "memory"
    assert cache_config(Settings(redis_url="redis://x:6379/0"))["CACHE_TYPE"] == "RedisCache"
    assert cache_kind(Settings(cache="none", redis_url="redis://x")) == "none"
    with pytest.raises(ValueError, match="REDIS_URL"):
        cache_config(Settings(cache="redis"))


def test_in_process_cache_is_bounded_in_bytes():
    cache = BytesBoundedCache(max_bytes=10_000, timeout=60)
    for i in range(50):
        cache.set(f"k{i}", b"x" * 1_000)
    assert cache.size <= 10_000
    assert cache.get("k49") == b"x" * 1_000 and cache.get("k0") is None   # least recently used went first
    cache.set("huge", b"x" * 20_000)                                         # larger than the bound: not kept
    assert cache.get("huge") is None and cache.size <= 10_000
