"""Choosing a language (#23, part): ``?lang=``, else the browser's ``Accept-Language``, else English; the page,
its callbacks, embeds and the CLI write in it; every catalogue here is complete."""

from __future__ import annotations

import json
import re

import pytest
from babel.messages.pofile import read_po

from dashboard.cli import main
from dashboard.language import using
from dashboard.language.translation import LOCALES_DIR, available
from dashboard.query.view_state import ViewState

CATALOGUES = sorted(LOCALES_DIR.glob("*/LC_MESSAGES/messages.po"))
PLACEHOLDER = re.compile(r"\{[a-z_]*\}")


def _layout(client, query: str) -> str:
    return json.dumps(client.get("/_dash-layout", headers={"Referer": f"http://localhost/?{query}"}).get_json(),
                      ensure_ascii=False)


def test_the_page_is_written_in_the_language_of_its_url(client):
    assert '<html lang="fr" dir="ltr">' in client.get("/?type=talks&lang=fr").get_data(as_text=True)
    french = _layout(client, "type=talks&lang=fr")
    assert '"Filtres"' in french and "5 sur 19 événements" in french
    assert '"Filters"' in _layout(client, "type=talks")  # without ?lang= and a browser's wish: English


def test_the_browser_language_is_the_default(client):
    page = client.get("/", headers={"Accept-Language": "ru-RU,ru;q=0.9,en;q=0.5"}).get_data(as_text=True)
    assert '<html lang="ru" dir="ltr">' in page
    assert '<html lang="en" dir="ltr">' in client.get("/", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert '<html lang="fr"' in client.get("/?lang=fr", headers={"Accept-Language": "ru"}).get_data(as_text=True)


def test_the_count_and_the_notices_follow_the_language(client):
    russian = _layout(client, "lang=ru")
    assert "19 из 19 событий" in russian and '"Фильтры"' in russian
    state, notices = ViewState.from_query("lang=xx")
    assert state == ViewState() and notices == ["Ignored lang “xx”: expected “en”, “fr”, “ru”, “hy” or “az”."]


def test_the_language_menu_links_this_view_in_each_language(client):
    layout = _layout(client, "type=talks&lang=ru")
    for code in available():
        assert f'"href": "/?type=talks&lang={code}"' in layout
    assert '"children": "Français"' in layout and '"children": "Русский"' in layout


def test_an_embed_and_a_story_page_follow_the_language(client):
    embed = client.get("/embed/timeline?type=talks&lang=fr").get_data(as_text=True)
    assert '<html lang="fr"' in embed and "5 sur 19 événements" in embed
    stories = client.get("/stories?lang=ru").get_data(as_text=True)
    assert '<html lang="ru"' in stories


def test_the_cli_writes_in_the_language_of_lang(tmp_path):
    out = tmp_path / "talks.html"
    assert main(["export", "timeline", "--format", "html", "--type", "talks", "--lang", "ru", "-o", str(out)]) == 0
    written = out.read_text(encoding="utf-8")
    assert "<title>Хронология — хронология конфликта</title>" in written
    assert "of 19 events" not in written and "Event type" not in written


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda p: p.parts[-3])
def test_every_catalogue_is_complete_and_keeps_the_placeholders(catalogue):
    """A missing, fuzzy or placeholder-changing translation fails (#23: checked in CI)."""
    with catalogue.open("rb") as handle:
        messages = [m for m in read_po(handle) if m.id]
    with (LOCALES_DIR.parent / "messages.pot").open("rb") as handle:
        template = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    assert {m.id if isinstance(m.id, str) else m.id[0] for m in messages} >= template, "update the catalogue"
    problems = []
    for m in messages:
        ids = [m.id] if isinstance(m.id, str) else list(m.id)
        strings = [m.string] if isinstance(m.string, str) else list(m.string)
        if m.fuzzy or not all(strings):
            problems.append(f"untranslated: {ids[0]!r}")
        elif any(set(PLACEHOLDER.findall(s)) != set(PLACEHOLDER.findall(ids[-1])) for s in strings):
            problems.append(f"placeholders differ: {ids[0]!r}")
    assert not problems, problems[:10]


def test_a_language_without_a_catalogue_is_not_offered():
    with using("hy"):
        assert set(available()) == {"en"} | {p.parts[-3] for p in CATALOGUES}
