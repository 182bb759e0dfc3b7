"""With DASHBOARD_PUBLIC_URL, every absolute link the dashboard writes points at the public address."""

from __future__ import annotations

import re

import pytest

from dashboard.web.app import create_app
from dashboard.query.dataset import load_dataset
from dashboard.settings import Settings
from dashboard.output.urls import Urls
from tests.support.traffic import callback_payload

PUBLIC = "https://example.org/conflict"
LOCAL = re.compile(r"127\.0\.0\.1|localhost")


@pytest.fixture(scope="module")
def client():
    return create_app(Settings(public_url=PUBLIC), dataset=load_dataset()).server.test_client()


def test_the_setting_is_checked():
    assert Settings.from_env({"DASHBOARD_PUBLIC_URL": "https://example.org/conflict/"}).public_url == PUBLIC
    with pytest.raises(ValueError, match="DASHBOARD_PUBLIC_URL"):
        Settings.from_env({"DASHBOARD_PUBLIC_URL": "example.org"})


def test_absolute_links_are_under_the_public_address_whatever_the_prefix():
    assert Urls("/", PUBLIC).absolute("/embed/map?type=talks") == f"{PUBLIC}/embed/map?type=talks"
    assert Urls("/conflict/", PUBLIC).absolute("/conflict/embed/map") == f"{PUBLIC}/embed/map"
    assert Urls("/").absolute("/embed/map", "http://127.0.0.1:8050/") == "http://127.0.0.1:8050/embed/map"


def test_no_response_snippet_export_or_offline_file_names_this_machine(client):
    deps = client.get("/_dash-dependencies").get_json()
    share = next(d for d in deps if "embed-paths" in d["output"])
    answer = client.post("/_dash-update-component", json=callback_payload(share, "?type=talks"),
                         headers={"Host": "127.0.0.1:8050"}).get_json()
    embeds = answer["response"]["embed-paths"]["data"]
    assert [e["url"] for e in embeds] == [f"{PUBLIC}/embed/timeline?type=talks", f"{PUBLIC}/embed/map?type=talks"]
    layout = client.get("/_dash-layout", headers={"Host": "127.0.0.1:8050"}).get_json()
    stores = [c["props"] for c in _components(layout) if c.get("props", {}).get("id") == "public-url"]
    assert stores == [{"id": "public-url", "data": PUBLIC}]  # the share link and "Copy link" start from it
    for path in ("/", "/_dash-layout", "/embed/timeline?type=talks", "/embed/map", "/export/timeline.html?type=talks",
                 "/export/events.json?type=talks", "/stories", "/story/brussels-may-2023",
                 "/export/story/brussels-may-2023.html", "/embed/story/brussels-may-2023"):
        body = client.get(path, headers={"Host": "127.0.0.1:8050"}).get_data(as_text=True)
        assert not LOCAL.search(body), path
    offline = client.get("/export/story/brussels-may-2023.html").get_data(as_text=True)
    assert f'href="{PUBLIC}/?' in offline  # "open this view in the dashboard" goes to the public address


def _components(node):
    """Every component of a layout's JSON, depth first."""
    if isinstance(node, dict):
        if "namespace" in node:
            yield node
        for value in node.values():
            yield from _components(value)
    elif isinstance(node, list):
        for value in node:
            yield from _components(value)
