"""The data in the reader's language and the names across scripts (#23): the curated events' translations, the
source's words kept, the registry's names in five languages, Azerbaijani case folding, plotly.js's locale on
every door, stories written in any language, and fonts that draw Armenian."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess

import pytest

from dashboard.cli import main
from dashboard.data import BUNDLED_EVENTS, write_events
from dashboard.data.translations import FIELDS, TRANSLATIONS_DIR, in_language, translations
from dashboard.figures.style import FONT_FAMILY
from dashboard.language import using
from dashboard.language.charts import chart_config, d3_format
from dashboard.language.translation import LANGUAGES, SOURCE_LANGUAGE, fold_case
from dashboard.query.dataset import load_dataset
from dashboard.query.view import resolve_view
from dashboard.stories.files import parsed_story

OTHER_LANGUAGES = [code for code in LANGUAGES if code != SOURCE_LANGUAGE]


def _bundled() -> list[dict]:
    with BUNDLED_EVENTS.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_every_curated_event_has_its_title_label_and_summary_in_each_language(lang):
    with (TRANSLATIONS_DIR / f"{lang}.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    events = _bundled()
    assert [(r["event_id"], r["field"]) for r in rows] == [(e["event_id"], f) for e in events for f in FIELDS]
    english = {(e["event_id"], f): e[f] for e in events for f in FIELDS}
    assert all(r["text"].strip() and r["text"] != english[r["event_id"], r["field"]] for r in rows)
    assert len(translations(lang)) == len(rows)


def test_the_page_shows_a_translation_and_says_so_but_the_source_speaks_its_own_words(client, dataset):
    from plotly.utils import PlotlyJSONEncoder

    from dashboard.web.layout import details_body

    english = next(e for e in _bundled() if e["event_id"] == "lachin-checkpoint-2023-04-23")
    with using("ru"):
        event = dataset.event("lachin-checkpoint-2023-04-23")
        details = json.dumps(details_body(event, place_names=dataset.registry.place_names), cls=PlotlyJSONEncoder,
                             ensure_ascii=False)
    assert event.title == translations("ru")["lachin-checkpoint-2023-04-23", "title"][1] != english["title"]
    assert "Переведено с английского" in details and "Другие названия:" in details and "Berdzor" in details
    quote = '{"children": ' + json.dumps(english["source_excerpt"], ensure_ascii=False)
    assert quote in details and '"lang": "en"' in details.split(quote)[1][:200]  # the source's own words
    with using("en"):
        assert "Translated" not in json.dumps(details_body(dataset.event("lachin-checkpoint-2023-04-23")),
                                              cls=PlotlyJSONEncoder)
    # the data stays what it is: a CSV export in Russian carries the English the events were written in
    exported = client.get("/export/events.csv?type=checkpoint&lang=ru").get_data(as_text=True)
    assert "Azerbaijan sets up a checkpoint" in exported and "Азербайджан" not in exported


def test_an_event_that_says_something_else_under_the_same_id_keeps_its_own_words(dataset):
    events = resolve_view(dataset, "type=talks").events.copy()
    events.loc[0, "title"] = "Another title entirely"
    shown = in_language(events, "fr")
    assert shown.loc[0, "title"] == "Another title entirely"
    assert shown.loc[0, "label"] != events.loc[0, "label"]  # its label still says what was translated
    assert shown.loc[1, "title"] != events.loc[1, "title"] and shown["translated"].all()
    assert in_language(events, "en") is events


@pytest.mark.parametrize("query", ["Пашинян", "Փաշինյան", "Paşinyan", "Xankəndi", "Ստեփանակերտ", "Berdzor", "Кремль"])
def test_a_search_in_any_script_finds_the_articles_events(dataset, query):
    assert resolve_view(dataset, f"q={query}").count > 0


def test_azerbaijani_folds_dotted_and_dotless_i_its_own_way(tmp_path):
    row = load_dataset().events.iloc[[0]].copy()
    row["event_id"], row["location"], row["title"] = "ismayilli-fixture", "İsmayıllı", "A fixture in İsmayıllı"
    path = tmp_path / "ismayilli.csv"
    write_events(row, path)
    dataset = load_dataset([path])
    assert fold_case("İSMAYILLI", "az") == "ismayıllı" and fold_case("İSMAYILLI", "en") == "ismayilli"
    with using("az"):
        assert resolve_view(dataset, "q=İSMAYILLI").count == 1
    with using("en"):
        assert resolve_view(dataset, "q=İSMAYILLI").count == 0  # English has no dotless i: "ismayilli"


def test_the_details_give_a_places_other_names(dataset):
    names = dataset.registry.place_names("Lachin corridor")
    assert {"Laçın", "Berdzor", "Лачинский коридор", "Լաչին"} <= set(names) and "Lachin corridor" not in names
    assert dataset.registry.place_names("Brussels") == ()  # an alias of the EU, not a place of the registry


def test_plotly_speaks_the_language_on_every_door(client, tmp_path):
    with using("ru"):
        config = chart_config({"responsive": True})
    assert config["locale"] == "ru" and "Май" in config["locales"]["ru"]["format"]["months"]
    assert config["locales"]["ru"]["format"]["dayMonth"] == "%-d %b"  # from CLDR: "23 апр.", not "апр. 23"
    assert d3_format("d MMM y 'г'.") == "%-d %b %Y г." and d3_format("EEE d") is None
    with using("en"):
        assert chart_config({"a": 1}) == {"a": 1}
    layout = client.get("/_dash-layout", headers={"Referer": "http://localhost/?lang=hy"}).get_data(as_text=True)
    assert '"locale":"hy"' in layout.replace(" ", "")
    assert '"locale":"fr"' in client.get("/embed/timeline?lang=fr").get_data(as_text=True).replace(" ", "")
    out = tmp_path / "t.html"
    assert main(["export", "timeline", "--format", "html", "--lang", "az", "-o", str(out)]) == 0
    assert '"locale": "az"' in out.read_text(encoding="utf-8")


def test_a_png_in_russian_has_russian_month_names_on_its_axis(dataset):
    from dashboard.output.exports import export
    from dashboard.output.images import ImageRenderer

    renderer = ImageRenderer()
    drawn = {}
    for lang in ("en", "ru"):
        with using(lang):
            drawn[lang] = export(dataset, resolve_view(dataset, "type=talks&lang=" + lang), "timeline", "svg",
                                 renderer=renderer).content.decode("utf-8")
    assert "Apr" not in drawn["ru"] and "Апр." in drawn["ru"] and "Apr" in drawn["en"]


def test_a_story_says_which_language_it_is_written_in():
    text = "---\ntitle: T\nlang: {lang}\n---\n\n## One\nview: type=talks\n\nText.\n"
    story, problems = parsed_story(text.format(lang="ru"), slug="a-story")
    assert story.lang == "ru" and problems == []
    _story, problems = parsed_story(text.format(lang="de"), slug="a-story")
    assert [p.message for p in problems] == [
        "unknown language “de”: expected “en”, “fr”, “ru”, “hy” or “az”"]


def test_the_russian_story_page_marks_its_text_russian_and_its_quotes_english(client):
    page = client.get("/story/brussels-may-2023-ru?lang=en").get_data(as_text=True)
    assert '<html lang="en" dir="ltr">' in page and '<h2 lang="ru">Тридцать лет вокруг одного анклава</h2>' in page
    assert '<blockquote lang="en">' in page
    index = client.get("/stories?lang=ru").get_data(as_text=True)
    assert "Язык: English" in index and "Язык: Русский" not in index


# --- fonts: Armenian letters in the images the server draws -----------------------------------------------

ARMENIAN = "Ժամանակագրություն"


def _families_with(text: str) -> set[str]:
    charset = " ".join(f"{ord(c):x}" for c in sorted(set(text)))
    listed = subprocess.run(["fc-list", f":charset={charset}", "family"], capture_output=True, text=True,
                            check=True).stdout
    return {name.strip() for line in listed.splitlines() for name in line.split(",")}


def test_the_charts_name_a_font_that_has_every_letter_of_the_five_languages():
    named = {f.strip().strip("'") for f in FONT_FAMILY.split(",")}
    for sample in (ARMENIAN, "Азербайджан", "Ağdərə, Xankəndi, İsmayıllı", "Événements"):
        assert named & _families_with(sample), f"no font named in FONT_FAMILY has every letter of {sample!r}"


@pytest.fixture
def no_armenian_fonts(tmp_path, monkeypatch):
    """A fontconfig that knows one font, which has no Armenian letters (what a machine without them has)."""
    latin = next(p for p in subprocess.run(["fc-list", ":family=Noto Sans:style=Regular", "file"], capture_output=True,
                                           text=True, check=True).stdout.split(":") if p.endswith(".ttf"))
    (tmp_path / "fonts").mkdir()
    shutil.copy(latin.strip(), tmp_path / "fonts")
    config = tmp_path / "fonts.conf"
    config.write_text(f'<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
                      f'<dir>{tmp_path / "fonts"}</dir><cachedir>{tmp_path / "cache"}</cachedir></fontconfig>')
    monkeypatch.setenv("FONTCONFIG_FILE", str(config))


def _png(dataset, renderer, text: str | None = None) -> bytes:
    """The timeline exported as PNG in Armenian, by a renderer started now (with the environment's fonts), or
    ``text`` alone as a title."""
    import plotly.graph_objects as go

    from dashboard.output.exports import export

    with using("hy"):
        if text is not None:
            figure = go.Figure(layout=dict(title=dict(text=text), font=dict(family=FONT_FAMILY)))
            return renderer.render(figure, "png", width=400, height=100, scale=1)
        return export(dataset, resolve_view(dataset, "lang=hy"), "timeline", "png", renderer=renderer).content


@pytest.fixture(scope="module")
def armenian_png(dataset):
    """The three images from one renderer (one browser to start, not three); a browser that could not start on a
    loaded machine is started once more, as the server's next request would."""
    from dashboard.output.images import ImageRenderer, ImagesUnavailable

    renderer = ImageRenderer()
    try:
        _png(dataset, renderer)
    except ImagesUnavailable:
        pass
    return (_png(dataset, renderer), _png(dataset, renderer, ARMENIAN),
            _png(dataset, renderer, "\u0378" * len(ARMENIAN)))


def test_an_armenian_png_draws_armenian_letters_not_boxes(dataset, armenian_png, no_armenian_fonts):
    export_png, title, boxes = armenian_png
    assert title != boxes  # with the project's fonts, Armenian is not drawn as the boxes of a missing letter
    from dashboard.output.images import ImageRenderer

    renderer = ImageRenderer()  # started now, without them
    without = (_png(dataset, renderer), _png(dataset, renderer, ARMENIAN),
               _png(dataset, renderer, "\u0378" * len(ARMENIAN)))
    assert without[1] == without[2], "without Armenian fonts the letters would be boxes (the test's premise)"
    assert export_png != without[0], "the exported PNG looks the same as one drawn without Armenian fonts"
