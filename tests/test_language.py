"""Every word through one translation function, every date and number through one formatter (#22).

The catalogue template is what Babel's extractor finds now; in the pseudo-language every translated text and
formatted value is wrapped in ⟦ ⟧, so reading the page, an embed, a story and the CLI's help in it finds any
English word that bypassed the translation function — all but the data's own words (titles, places, names).
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pandas as pd
import pytest
from babel.messages.pofile import read_po

from dashboard.language import LANGUAGES, _, catalogue, formats, ngettext, using
from dashboard.language.translation import PSEUDO

WRAPPED = re.compile(r"⟦[^⟦⟧]*⟧")
#: Words that are the same in every language: names of formats, standards and sources, units.
UNTRANSLATED = {"ACLED", "UCDP", "GED", "CSV", "JSON", "PNG", "SVG", "HTML", "PDF", "URL", "ID", "km", "UTC",
                "Plotly", "DuckDB", "GeoNames", "AFP", "Euronews", "iframe"}


def extracted() -> set[str]:
    """Every message id Babel's extractor finds in the package now."""
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalogue.extract() if m.id}


def test_the_catalogue_template_holds_every_marked_text():
    """``messages.pot`` is current: ``./dev.sh catalogue`` writes it again after texts change."""
    with catalogue.TEMPLATE.open("rb") as handle:
        template = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    found = extracted()
    assert len(found) > 300
    assert found == template, (f"not in messages.pot: {sorted(found - template)[:10]}; "
                               f"no longer used: {sorted(template - found)[:10]}")


def test_the_pseudo_language_wraps_texts_and_formats():
    day = pd.Timestamp("2023-05-14")
    assert (_("Filters"), formats.day(day), formats.number(12345)) == ("Filters", "14 May 2023", "12,345")
    with using(PSEUDO):
        assert _("Filters") == "⟦Filters⟧" and ngettext("event", "events", 2) == "⟦events⟧"
        assert formats.day(day) == "⟦14 May 2023⟧" and formats.number(12345) == "⟦12,345⟧"
    with using("fr"):
        assert formats.day(day) == "14 mai 2023" and formats.number(12345) == "12\u202f345"


@pytest.fixture(autouse=True)
def _requests_in_the_pseudo_language(monkeypatch):
    """Each request of these tests asks for the pseudo-language, as ``?lang=`` would for a real one."""
    from dashboard.web import languages

    monkeypatch.setattr(languages, "requested_language", lambda: PSEUDO)


@pytest.fixture(scope="module")
def data_words(dataset) -> set[str]:
    """Words that come from the data (titles, summaries, places, names, sources): not the dashboard's."""
    events = dataset.events
    texts = []
    for column in ("title", "label", "summary", "actors", "people", "location", "country", "source", "date_text",
                   "source_excerpt", "event_id"):
        if column in events:
            texts += [str(v) for v in events[column].dropna()]
    texts += list(dataset.actors) + list(dataset.origins) + [dataset.caption]
    texts += list(LANGUAGES.values()) + [PSEUDO]  # the language menu names each language in itself
    return {w for text in texts for w in _words(text)}


def _words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z][A-Za-z’']+", text)


def unwrapped(texts, data_words: set[str]) -> set[str]:
    """English words of ``texts`` outside ⟦ ⟧ that are not the data's, nor the same in every language."""
    found = set()
    for text in texts:
        bare = re.sub(r"%\{[^}]*\}", " ", text)
        while WRAPPED.search(bare):  # innermost first: "⟦⟦19⟧ events⟧"
            bare = WRAPPED.sub(" ", bare)
        bare = re.sub(r"https?://\S+|/[\w/.-]+|[\w.-]+@[\w.-]+|\b[\w-]+\.(csv|json|png|svg|html|md)\b", " ", bare)
        found |= {w for w in _words(bare) if w not in data_words and w not in UNTRANSLATED}
    return found


class _Text(HTMLParser):
    """The text a reader sees in an HTML page (and its titles and labels), without scripts and styles."""

    def __init__(self):
        super().__init__()
        self.texts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._hidden += 1
        self.texts += [v for k, v in attrs if k in ("title", "aria-label", "alt", "placeholder") and v]

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.texts.append(data)


def page_texts(html: str) -> list[str]:
    reader = _Text()
    reader.feed(html)
    return reader.texts


def layout_texts(node) -> list[str]:
    """The texts a Dash layout (as JSON) shows: children, labels, titles, placeholders, figures' words (a trace's
    name only where a legend shows it; values are what controls send, not what they show)."""
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "name" and (node.get("showlegend") is False or "showarrow" in node):  # never shown
                continue
            if key in ("children", "label", "title", "placeholder", "aria-label", "text", "name", "hovertemplate",
                       "copied_children", "headerName") and isinstance(value, str):
                found.append(value)
            elif key not in ("id", "className", "class_name", "style", "type", "namespace", "href", "src",
                             "customdata", "x", "y", "lat", "lon", "data", "html_for", "value"):
                found += layout_texts(value)
    elif isinstance(node, list):
        for item in node:
            found += layout_texts(item)
    return found


def test_the_page_is_written_through_the_translation_function(client, data_words):
    with using(PSEUDO):
        layout = client.get("/_dash-layout", headers={"Referer": "http://localhost/?type=talks&event="
                                                        "brussels-trilateral-2023-05-14"}).get_json()
    assert not unwrapped(layout_texts(layout), data_words)


def test_an_embed_is_written_through_the_translation_function(client, data_words):
    for chart in ("timeline", "map"):
        with using(PSEUDO):
            html = client.get(f"/embed/{chart}?type=talks").get_data(as_text=True)
        figure = json.loads(re.search(r'<script type="application/json" id="figure">(.*?)</script>', html,
                                      re.S).group(1))
        assert not unwrapped(page_texts(html) + layout_texts(figure), data_words), chart


def test_a_story_is_written_through_the_translation_function(client, data_words):
    with using(PSEUDO):
        index = client.get("/stories").get_data(as_text=True)
        slug = re.search(r'href="/story/([\w-]+)"', index).group(1)
        story = client.get(f"/story/{slug}").get_data(as_text=True)
        figures = client.get("/story/figures.json?type=talks").get_json()
    written = data_words | _story_text_words()  # a story's headings and text are data a person wrote
    assert not unwrapped(page_texts(index), written)
    assert not unwrapped(page_texts(story) + layout_texts(figures), written)


def _story_text_words() -> set[str]:
    """The bundled stories' own words."""
    from dashboard.stories.library import BUNDLED_STORIES

    return {w for path in BUNDLED_STORIES.glob("*.md") for w in _words(path.read_text(encoding="utf-8"))}


def test_the_cli_help_is_written_through_the_translation_function(data_words):
    from dashboard.cli import build_parser

    with using(PSEUDO):
        parser = build_parser()
        helps = [parser.format_help()] + [command.format_help() for command in
                                          parser._subparsers._group_actions[0].choices.values()]
    commands = set(parser._subparsers._group_actions[0].choices) | {"python", "dashboard"}
    texts = []
    for text in helps:  # argparse's own words (its catalogue, not ours) and the command line's syntax go
        text = re.sub(r"(?m)^usage:.*(\n {2,}\S.*)*$", " ", text)
        text = re.sub(r"(?m)^(positional arguments|options):$|show this help message and exit", " ", text)
        texts.append(re.sub(r"--?[\w-]+|\b[A-Z][A-Z_]+\b|\{[^}]*\}|\[[^\]]*\]", " ", text))
    assert not unwrapped(texts, data_words | commands)
