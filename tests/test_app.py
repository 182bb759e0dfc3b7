"""The app's HTTP surface, through Flask's test client."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dashboard.web.app import create_app
from dashboard.settings import Settings

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def client():
    return create_app(Settings()).server.test_client()


def test_page_has_title_language_and_only_local_resources(client):
    page = client.get("/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert '<html lang="en" dir="ltr">' in html and "<title>Conflict timeline</title>" in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html), "nothing is loaded from another host"


def test_bootstrap_css_is_served_by_the_app(client):
    css = client.get("/vendor/bootstrap/bootstrap.min.css")
    assert css.status_code == 200 and b"Bootstrap" in css.data[:300]
    assert "max-age=31536000" in css.headers["Cache-Control"]


def test_favicon_is_the_projects_own(client):
    link = re.search(r'<link rel="icon"[^>]*href="([^"]+)"', client.get("/").get_data(as_text=True)).group(1)
    assert link.startswith("/assets/favicon.ico")
    assert client.get(link).data == (REPO / "assets" / "favicon.ico").read_bytes()


def test_app_refuses_an_invalid_dataset(fixture_path):
    from dashboard.data import DatasetError

    with pytest.raises(DatasetError):
        create_app(Settings(data_paths=(fixture_path("invalid/missing_date.csv"),)))
