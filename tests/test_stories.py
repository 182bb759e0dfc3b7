"""Story files, the bundled story, the story routes and the story exports."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from dashboard.web.app import create_app
from dashboard.query.dataset import load_dataset
from dashboard.settings import Settings
from dashboard.stories.files import StoryError, parse_story, read_story
from dashboard.stories.library import BUNDLED_STORIES, load_stories
from dashboard.stories.pages import step_figures
from dashboard.query.view import resolve_view

BUNDLED = BUNDLED_STORIES / "brussels-may-2023.md"
STORY_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "stories"


def validate(*paths) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dashboard", "validate", *map(str, paths)], capture_output=True,
                          text=True, timeout=60)


# --- the file format -----------------------------------------------------------------------------------

EXPECTED_PROBLEMS = {
    "unknown-parameter.md": ["7:7: view: unknown parameter “typ”"],
    "unknown-event.md": ["7:7: view: unknown event “no-such-event” in the data",
                         "8:1: quotes: unknown event “invented-quote” in the data"],
    "unknown-actor-and-type.md": ["7:7: view: unknown actor “Atlantis” in the data",
                                  "7:7: view: unknown event type “invasion” in the data"],
    "empty-step.md": ["6:1: the step “First” has no text"],
    "markup.md": ["9:6: raw HTML is not allowed in a story: write Markdown",
                  "11:1: raw HTML is not allowed in a story: write Markdown",
                  "13:1: images are not allowed in a story: it has to open offline",
                  "15:1: a heading cannot go inside a step: “## ” starts a new step, other headings are not allowed"],
    "no-title.md": ["3:1: the story has no title: add “title: …” above this line"],
    "no-front-matter.md": ["1:1: a story starts with a line “---”, then “title: …” and “byline: …”, then “---”",
                           "1:1: text before the first step: start a step with a line “## Headline”"],
    "unknown-fields.md": ["3:1: unknown story field “author”: expected “title: …”, “byline: …” or “lang: …”",
                          "5:1: text before the first step: start a step with a line “## Headline”",
                          "7:1: the step has no view: add a line “view: …” under the headline (a dashboard URL or "
                          "its query string; empty for everything)",
                          "8:1: unknown step field “veiw”: expected “view: …”, “quotes: …”, “play: …” or “show: …”"],
    # a step that plays through time (#24) at a speed that is not one
    "bad-play.md": ["7:7: play: “speed=fast”: expected a number and d, w, m or y (e.g. 2w), up to a century"],
    # a step that shows charts (#25) the registry does not have, or more than the page has places for
    "bad-show.md": ["8:7: show: unknown chart “pie”: expected “timeline”, “map”, “trends-map” or “trends-timeline”",
                    "14:7: show: a step shows at most 2 charts, not 3"],
    "no-view.md": ["5:1: the step has no view: add a line “view: …” under the headline (a dashboard URL or its "
                   "query string; empty for everything)"],
    "bad-date.md": ["6:7: view: “from=2023-13-01”: expected a date as YYYY-MM-DD"],
    # every problem in one run: the markup, the parameter and what the data lacks together
    "many-problems.md": ["7:7: view: unknown event type “no-such-type” in the data",
                         "7:7: view: unknown event “no-such-event” in the data",
                         "8:1: quotes: unknown event “also-no-such-event” in the data",
                         "10:6: raw HTML is not allowed in a story: write Markdown",
                         "13:7: view: unknown parameter “colour”"],
}


@pytest.mark.parametrize("name", sorted(EXPECTED_PROBLEMS))
def test_validate_names_each_story_problem_by_file_line_and_column(name, fixture_path):
    path = fixture_path(f"stories/{name}")
    result = validate(path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [f"{path}:{problem}" for problem in EXPECTED_PROBLEMS[name]]
    assert "Some stories have problems" in result.stderr


def test_every_fixture_has_its_expected_problems():
    assert sorted(p.name for p in STORY_FIXTURES.glob("*.md")) == sorted(EXPECTED_PROBLEMS)


def test_validate_checks_stories_against_the_events_given(tmp_path, fixture_path):
    # The bundled story names curated events: against another dataset they do not exist.
    result = validate(fixture_path("valid.csv"), BUNDLED)
    assert result.returncode == 1
    assert f"{BUNDLED}:" in result.stdout and "unknown event" in result.stdout


def test_a_view_may_be_a_whole_dashboard_url_and_is_kept_canonical():
    story = parse_story("---\ntitle: T\n---\n## One\nview: https://example.org/?to=2023-06-01&type=talks&group=type\n\n"
                        "Text.\n", slug="t")
    assert story.steps[0].view == "type=talks&to=2023-06-01"


def test_a_bad_file_name_is_a_problem():
    with pytest.raises(StoryError, match="makes a bad address"):
        parse_story("---\ntitle: T\n---\n## One\nview:\n\nText.\n", slug="My Story")


def test_step_text_is_rendered_without_anything_that_runs():
    story = parse_story("---\ntitle: T\n---\n## One\nview:\n\n*Careful* [a link](https://example.org) and "
                        "[a trap](javascript:alert(1)).\n", slug="t")
    html = story.steps[0].html()
    assert "<em>Careful</em>" in html and 'href="https://example.org"' in html
    assert "href=\"javascript" not in html and "[a trap]" in html


@pytest.mark.parametrize("link", ["ms-msdt:/id", "tel:+3225551234", "ftp://example.org/x", "JaVaScRiPt:alert(1)",
                                  " vbscript:x", "data:text/html,x", "file:///etc/passwd"])
def test_links_use_only_web_and_mail_schemes_or_stay_on_the_site(link):
    story = parse_story(f"---\ntitle: T\n---\n## One\nview:\n\n[out]({link}) [mail](mailto:a@example.org) "
                        "[web](HTTPS://example.org) [here](/?type=talks) [step](#step-2)\n", slug="t")
    html = story.steps[0].html()
    assert html.count("<a ") == 4 and "[out](" in html


# --- the bundled story -----------------------------------------------------------------------------------

#: The bundled story and its Russian version (#23): the same steps, views and quotes, in another language.
VERSIONS = {"en": BUNDLED, "ru": BUNDLED.with_name("brussels-may-2023-ru.md")}


def test_the_bundled_story_has_about_eight_steps_each_with_text_and_a_view(dataset):
    story = read_story(BUNDLED)
    assert 7 <= len(story.steps) <= 9
    assert all(step.text.strip() and step.headline for step in story.steps)
    assert [s.slug for s in load_stories(BUNDLED_STORIES, dataset)] == ["brussels-may-2023", "brussels-may-2023-ru"]


def test_the_russian_story_is_the_english_one_step_by_step_in_russian():
    english, russian = read_story(VERSIONS["en"]), read_story(VERSIONS["ru"])
    assert (english.lang, russian.lang) == ("en", "ru")
    assert [(s.view, s.quotes) for s in russian.steps] == [(s.view, s.quotes) for s in english.steps]
    assert all(re.search("[а-я]", s.text) and re.search("[а-я]", s.headline) for s in russian.steps)


@pytest.mark.parametrize("lang", VERSIONS)
def test_every_event_the_bundled_story_quotes_is_in_its_step(dataset, lang):
    for step in read_story(VERSIONS[lang]).steps:
        shown = set(resolve_view(dataset, step.view).events["event_id"])
        assert step.quotes and set(step.quotes) <= shown, step.headline
        if step.state.event:
            assert step.state.event in shown, step.headline


@pytest.mark.parametrize("lang", VERSIONS)
def test_every_quotation_in_the_bundled_story_is_the_articles_words(article_text, lang):
    """Whatever the story's language, what it puts in quotation marks ("…", “…”, «…») is the source's own words."""
    article = re.sub(r"\s+", " ", article_text.replace("“", '"').replace("”", '"'))
    story = read_story(VERSIONS[lang])
    texts = [re.sub(r"\s+", " ", step.text).replace("“", '"').replace("”", '"') for step in story.steps]
    quoted = [q for text in texts for q in re.findall(r'"([^"]+)"|«([^»]+)»', text)]
    assert len(quoted) >= 5
    for phrase in (a or b for a, b in quoted):
        assert phrase in article, phrase


def test_each_steps_timeline_frames_its_from_and_to(dataset):
    for step in read_story(BUNDLED).steps:
        state = step.state
        figures = step_figures(dataset, step.view, {"timeline": 900, "map": 600}, "light")
        first, last = (pd.Timestamp(x) for x in figures["timeline"]["layout"]["xaxis"]["range"])
        assert first == pd.Timestamp(state.date_from), step.headline
        assert last == pd.Timestamp(state.date_to) + pd.Timedelta(days=1), step.headline


# --- routes ----------------------------------------------------------------------------------------------

def test_the_index_lists_the_story_and_the_dashboard_links_to_it(client):
    index = client.get("/stories").get_data(as_text=True)
    assert 'href="/story/brussels-may-2023"' in index and "8 steps" in index
    layout = json.dumps(client.get("/_dash-layout").get_json())
    assert re.search(r'"children": "All stories", "id": "stories-link", "className": "[^"]*", "href": "/stories"', layout)


def test_every_step_has_an_address_and_others_are_404(client):
    for step in range(1, 9):
        page = client.get(f"/story/brussels-may-2023/{step}")
        assert page.status_code == 200
        text = page.get_data(as_text=True)
        assert f"step {step} of 8" in text
        assert re.search(rf'<article class="story-card" id="step-{step}" data-step="{step}">', text)
    assert client.get("/story/brussels-may-2023/9").status_code == 404
    assert client.get("/story/brussels-may-2023/0").status_code == 404
    assert client.get("/story/no-such-story").status_code == 404


def test_the_step_figures_are_json_for_any_view(client):
    made = client.get("/story/figures.json?type=talks&timeline_width=900&map_width=600").get_json()
    assert made["count"] == "5 of 19 events"
    assert made["timeline"]["data"] and made["map"]["data"]


def test_a_step_shows_the_charts_its_show_line_names(dataset):
    """A ``show:`` line (#25) picks the step's charts by name — here what changed — on the page (boxes for every
    chart some step draws; each step's downloads for its own), in the step's figures and in the offline file."""
    trends = Path(__file__).resolve().parent / "fixtures" / "stories-trends"
    story = read_story(trends / "what-changed.md")
    assert [s.show for s in story.steps] == [None, ("trends-map", "trends-timeline")]
    client = create_app(Settings(stories_dir=str(trends)), dataset=dataset).server.test_client()
    page = client.get("/story/what-changed/2").get_data(as_text=True)
    assert [m for m in re.findall(r'data-chart="([^"]+)"', page)] == ["timeline", "map", "trends-map",
                                                                      "trends-timeline"]
    assert '"shows":[["timeline","map"],["trends-map","trends-timeline"]]' in page
    second = page[page.index('data-step="2"'):]
    assert "/export/trends-map.png?" in second and "/export/timeline.png?" not in second.split("</article>")[0]
    made = client.get(f"/story/figures.json?{story.steps[1].view}&show=trends-map,trends-timeline"
                      "&trends-timeline_width=800").get_json()
    assert set(made) == {"count", "caption", "trends-map", "trends-timeline"}
    assert [a["text"] for a in made["trends-timeline"]["layout"]["annotations"]][:2] == ["Armenia", "Belgium"]
    assert set(client.get("/story/figures.json?type=talks").get_json()) == {"count", "caption", "timeline", "map"}
    offline = client.get("/export/story/what-changed.html").get_data(as_text=True)
    assert offline.count('"trends-timeline":{"data"') == 1 and offline.count('"timeline":{"data"') == 1


def test_a_story_that_does_not_fit_the_data_is_left_out_and_explained(tmp_path, dataset):
    (tmp_path / "good.md").write_text(BUNDLED.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "broken.md").write_text("---\ntitle: Broken\n---\n## One\nview: event=nope\n\nText.\n",
                                        encoding="utf-8")
    client = create_app(Settings(stories_dir=str(tmp_path)), dataset=dataset).server.test_client()
    assert "Broken" not in client.get("/stories").get_data(as_text=True)
    refused = client.get("/story/broken")
    assert refused.status_code == 404
    assert "broken.md:5:7: view: unknown event “nope” in the data" in refused.get_data(as_text=True)
    assert client.get("/story/good/3").status_code == 200


def test_the_preview_renders_a_posted_draft_and_refuses_a_bad_one(client):
    good = client.post("/story/preview", data={"story": BUNDLED.read_text(encoding="utf-8")})
    assert good.status_code == 200 and "preview of your draft" in good.get_data(as_text=True)
    bad = client.post("/story/preview", data={"story": "---\ntitle: T\n---\n## One\nview:\n\n<b>x</b>\n"})
    assert bad.status_code == 400 and "raw HTML is not allowed" in bad.get_data(as_text=True)
    assert client.post("/story/preview", data={}).status_code == 400
    both = client.post("/story/preview", data={"story": "---\ntitle: T\n---\n## One\nview: type=invasion\n\n"
                                                          "<b>x</b>\n"}).get_data(as_text=True)
    assert "raw HTML is not allowed" in both and "unknown event type “invasion”" in both  # in one answer


def test_the_embed_may_be_framed_anywhere_and_the_page_only_by_itself(client):
    assert "frame-ancestors *" in client.get("/embed/story/brussels-may-2023").headers["Content-Security-Policy"]
    page = client.get("/story/brussels-may-2023")
    assert page.headers["X-Frame-Options"] == "SAMEORIGIN"


def test_the_offline_file_holds_everything_it_needs(client):
    response = client.get("/export/story/brussels-may-2023.html")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert not re.search(r'<(script|link|img)[^>]+(src|href)="(?!data:)', text), "nothing fetched"
    assert text.count('"timeline":{"data"') == 8 and "Plotly" in text


# --- command line -----------------------------------------------------------------------------------------

def test_export_story_writes_one_offline_html_file(tmp_path):
    out = tmp_path / "story.html"
    result = subprocess.run([sys.executable, "-m", "dashboard", "export", "story", "brussels-may-2023", "--format",
                             "html", "-o", str(out)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert '<h2 lang="en">Brussels</h2>' in out.read_text(encoding="utf-8")


@pytest.mark.browser
def test_export_story_as_png_writes_a_zip_of_each_steps_charts(tmp_path):
    out = tmp_path / "story.zip"
    result = subprocess.run([sys.executable, "-m", "dashboard", "export", "story", str(BUNDLED), "--format", "png",
                             "-o", str(out)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    names = zipfile.ZipFile(io.BytesIO(out.read_bytes())).namelist()
    assert names == [f"brussels-may-2023/{n:02d}-{c}.png" for n in range(1, 9) for c in ("timeline", "map")]


@pytest.mark.parametrize("args, message", [
    (["export", "story", "--format", "html", "-o", "x.html"], "name the story"),
    (["export", "story", "nope", "--format", "html", "-o", "x.html"], "no story “nope”"),
    (["export", "story", "brussels-may-2023", "--format", "csv", "-o", "x.csv"], "exported as html, png, svg"),
    (["export", "story", "brussels-may-2023", "--format", "html", "--type", "talks", "-o", "x.html"],
     "views are written in its file"),
])
def test_export_story_refuses_what_it_cannot_do(args, message, tmp_path):
    result = subprocess.run([sys.executable, "-m", "dashboard", *args], capture_output=True, text=True, timeout=60,
                            cwd=tmp_path)
    assert result.returncode == 1 and message in result.stderr


def test_hostile_widths_trailing_slashes_and_a_preview_address_answer_cleanly(client):
    for query in ("timeline_width=inf", "timeline_width=1e400", "map_width=-inf", "timeline_width=nan&map_width=abc"):
        assert client.get(f"/story/figures.json?type=talks&{query}").status_code == 200, query
    assert client.get("/story/brussels-may-2023/").status_code == 200
    assert client.get("/story/brussels-may-2023/3/").status_code == 200
    assert "Story draft" in client.get("/story/preview").get_data(as_text=True)


def test_a_story_saved_with_a_byte_order_mark_is_read(tmp_path):
    path = tmp_path / "bom.md"
    path.write_bytes("\ufeff".encode() + BUNDLED.read_bytes())
    assert len(read_story(path).steps) == 8


def test_a_drafts_problems_are_told_by_step(client):
    draft = "---\ntitle: T\n---\n## Wars\nview: type=war\n\nFine.\n\n## Talks\nview: typ=talks\n\n<b>x</b>\n"
    page = client.post("/story/preview", data={"story": draft}).get_data(as_text=True)
    assert "Step 2 (“Talks”): raw HTML is not allowed" in page and "Step 2 (“Talks”): view: unknown parameter" in page
    assert "draft.md:" not in page


def test_the_offline_file_links_to_the_server_it_came_from_or_nowhere(client, dataset):
    from dashboard.stories.pages import story_page
    from dashboard.output.urls import Urls

    served = client.get("/export/story/brussels-may-2023.html").get_data(as_text=True)
    assert 'href="http://localhost/?type=war' in served
    made_here = story_page(read_story(BUNDLED), dataset, Urls(), mode="offline")
    assert not re.search(r'href="/', made_here) and "Open this view in the dashboard" not in made_here


def test_no_story_text_can_end_or_bend_the_pages_json_script():
    """A title holding "<!--<script>" made the page's JSON <script> element swallow the scripts after it (#28):
    no "<" is written inside it, and its JSON still reads back to the title."""
    from dashboard.stories.pages import story_page
    from dashboard.output.urls import Urls

    dataset = load_dataset(None)
    title = "Talks <!--<script> and </script><b>after</b>"
    story = parse_story(f"---\ntitle: {title}\n---\n## One\nview: type=talks\n\nText.\n", slug="hostile")
    page = story_page(story, dataset, Urls())
    found = re.search(r'<script type="application/json" id="story-data">(.*?)</script>', page, re.S)
    assert found and "<" not in found.group(1)
    assert title in found.group(1).replace("\\u003c", "<")
    assert json.loads(found.group(1))  # the same JSON


def test_the_offline_file_is_never_kept_in_the_figure_cache_nor_keyed_by_host(dataset, monkeypatch):
    """A file carrying plotly.js (MBs) would evict every figure, and a key holding the Host header let each new
    Host rebuild it (#28): each step's figures are kept, the file is made on each request."""
    from dashboard.web.figure_cache import FigureCache

    kept = []
    original = FigureCache.get_or_build

    def recording(self, kind, key, build):
        value = original(self, kind, key, build)
        kept.append((key, len(value) if isinstance(value, (str, bytes)) else 0))
        return value

    monkeypatch.setattr(FigureCache, "get_or_build", recording)
    client = create_app(Settings(cache="memory"), dataset=dataset).server.test_client()
    first = client.get("/export/story/brussels-may-2023.html", headers={"Host": "one.example"}).get_data(as_text=True)
    other = client.get("/export/story/brussels-may-2023.html", headers={"Host": "two.example"}).get_data(as_text=True)
    assert 'href="http://one.example/?' in first and 'href="http://two.example/?' in other  # each its own links
    assert kept and all("example" not in key for key, _ in kept)
    assert max(size for _, size in kept) < len(first) // 4  # steps' figures, not the file with plotly.js


def test_a_long_offline_story_is_sent_as_its_steps_are_drawn_not_past_the_request_budget(dataset, monkeypatch):
    """A 100-step story on a million events took 43–51 s before its first byte (#28), and a request's budget
    now stops work past 10 s: the file is streamed, each step's figures drawn as it goes out (holding a heavy
    slot, bounded by its reader), so a story longer than the budget still arrives whole."""
    import time

    from dashboard.stories import pages

    drawn = pages.step_figures_json

    def slowly(*args):
        time.sleep(0.2)
        return drawn(*args)

    monkeypatch.setattr("dashboard.web.story_routes.step_figures_json", slowly)
    client = create_app(Settings(request_timeout=0.5, cache="none"), dataset=dataset).server.test_client()
    response = client.get("/export/story/brussels-may-2023.html")
    assert response.status_code == 200 and response.is_streamed
    text = response.get_data(as_text=True)
    assert [int(n) for n in re.findall(r'id="story-figures-(\d+)"', text)] == list(range(1, 9))
    assert text.count('"timeline":{"data"') == 8 and text.rstrip().endswith("</html>")
