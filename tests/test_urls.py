"""Every path is built in one place and honours the path prefix."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.web.app import create_app
from dashboard.settings import Settings
from dashboard.output.urls import Urls
from dashboard.query.view_state import ViewState

TALKS = ViewState(types=("talks",), date_from=date(2023, 5, 1))


@pytest.mark.parametrize("prefix", ["/", "/conflict/"])
def test_paths_sit_under_the_prefix(prefix):
    urls = Urls(prefix)
    assert urls.page() == prefix
    assert urls.page(TALKS) == f"{prefix}?type=talks&from=2023-05-01"
    assert urls.export("events.csv", TALKS) == f"{prefix}export/events.csv?type=talks&from=2023-05-01"
    assert urls.export("timeline.png", ViewState(), [("width", "800")]) == f"{prefix}export/timeline.png?width=800"
    assert urls.embed("map", TALKS) == f"{prefix}embed/map?type=talks&from=2023-05-01"
    assert urls.route("export/<name>.<fmt>") == f"{prefix}export/<name>.<fmt>"
    assert urls.plotly_js().startswith(f"{prefix}vendor/plotly.min.js?v=")


def test_parts_are_encoded():
    assert Urls("/").path("embed", "a b/c") == "/embed/a%20b%2Fc"


def test_a_prefixed_app_links_and_serves_under_its_prefix():
    client = create_app(Settings(path_prefix="/conflict/")).server.test_client()
    embed = client.get("/conflict/embed/timeline?type=talks").get_data(as_text=True)
    assert 'href="/conflict/?type=talks"' in embed
    assert 'src="/conflict/vendor/plotly.min.js?v=' in embed and 'src="/conflict/files/embed.js"' in embed
    assert client.get("/conflict/files/embed.js").status_code == 200
    assert client.get("/conflict/export/events.csv?type=talks").status_code == 200
    assert client.get("/embed/timeline").status_code == 404
