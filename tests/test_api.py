"""The dashboard from Python in one import (#26): ``dashboard.open().view(…)`` gives what every other door gives —
the count, the events, figures framed for paper with your own words, files by suffix (PDF included) and the
address; bad input is a ValueError with the reason. Importing the package loads nothing else."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

import dashboard
from dashboard.query.view import resolve_view

REPO = __import__("pathlib").Path(__file__).resolve().parents[1]
TALKS = "type=talks&from=2023-04-01&to=2023-06-30"


@pytest.fixture(scope="module")
def talks():
    return dashboard.open().view(type="talks", start="2023-04-01", end="2023-06-30")


def test_importing_the_package_loads_nothing_else():
    script = "import sys, dashboard; print(sorted(m for m in ('dash', 'plotly', 'duckdb', 'pandas') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=REPO)
    assert result.stdout.strip() == "[]"


def test_a_view_by_keywords_is_the_view_of_its_address(talks, dataset):
    assert talks.count == resolve_view(dataset, TALKS).count == 5
    assert talks.query == TALKS and talks.url("https://example.org/") == f"https://example.org/?{TALKS}"
    data = dashboard.open()
    assert data.total == 19 and data.view(f"https://example.org/?{TALKS}").query == TALKS
    assert data.view("type=talks", actor=["Armenia", "Azerbaijan"]).query == "actor=Armenia&actor=Azerbaijan&type=talks"
    assert list(talks.events["event_id"]) == ["washington-talks-2023-05", "brussels-michel-pashinian-2023-05-13",
                                              "brussels-michel-aliyev-2023-05-14", "brussels-trilateral-2023-05-14",
                                              "moldova-epc-meeting-2023-06-01"]


def test_bad_input_is_a_value_error_with_the_reason(talks):
    with pytest.raises(ValueError, match="unknown parameter “colour”"):
        dashboard.open().view(colour="red")
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        dashboard.open().view(start="May 2023")
    with pytest.raises(ValueError, match=r"t\.docx: expected a file ending in \.png"):
        talks.export("t.docx")
    with pytest.raises(ValueError, match="unknown chart 'pie'"):
        talks.figure("pie")


def test_a_figure_is_framed_for_paper_with_your_own_words(talks):
    figure = talks.timeline(width=1200, title="Talks <b>before</b> Brussels", subtitle="Five rounds", note="As worded.")
    assert figure.layout.title.text == "<b>Talks &lt;b&gt;before&lt;/b&gt; Brussels</b>"  # markup stays text
    lines = figure.layout.title.subtitle.text.split("<br>")
    assert lines[0] == "Five rounds" and lines[1] == "Event type: Talks; 1 Apr 2023 – 30 Jun 2023"
    assert lines[2].startswith("Source: Euronews with AFP") and lines[-1] == "As worded."
    assert not figure.layout.xaxis.rangeslider.visible  # nothing to drag on paper
    plain = talks.timeline(width=1200)
    assert plain.layout.title.text == "<b>Timeline: 5 of 19 events</b>"
    assert figure.layout.height == plain.layout.height + 2 * 17  # a line more in the title block for each
    assert talks.map(on_paper=False).layout.title.text is None  # as the page draws it


def test_every_suffix_writes_what_the_other_doors_write(talks, tmp_path, client):
    for suffix in ("png", "svg", "pdf", "html", "csv", "json"):
        assert talks.export(tmp_path / f"t.{suffix}") == tmp_path / f"t.{suffix}"
    assert (tmp_path / "t.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = (tmp_path / "t.svg").read_text(encoding="utf-8")
    assert "Washington talks" in svg and "Timeline: 5 of 19 events" in svg and "Source: Euronews with AFP" in svg
    pdf = (tmp_path / "t.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-") and len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1  # one page
    assert b"/FontFile" in pdf and b"/Subtype /Image" not in pdf  # vector, its fonts inside
    assert (tmp_path / "t.csv").read_bytes() == client.get(f"/export/events.csv?{TALKS}").data
    assert len(json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))["events"]) == 5
    assert "Plotly.newPlot" in (tmp_path / "t.html").read_text(encoding="utf-8")
    talks.export(tmp_path / "map.svg", chart="map", width=900, title="Where they met", credit="My own survey")
    drawn = (tmp_path / "map.svg").read_text(encoding="utf-8")
    assert "Where they met" in drawn and "Source: My own survey" in drawn and "Euronews" not in drawn


def test_your_own_words_reach_every_door(client, tmp_path):
    """title=, subtitle=, note= on the export route, the embed's figure and the CLI; escaped; bounded."""
    from dashboard.cli import main

    words = "title=Talks+%3Cscript%3E&subtitle=Five+rounds&note=As+worded."
    svg = client.get(f"/export/timeline.svg?type=talks&{words}").get_data(as_text=True)
    assert "Talks &#60;script&#62;" in svg and "<script>" not in svg and "Five rounds" in svg and "As worded." in svg
    long = client.get("/export/timeline.svg?type=talks&title=" + "x" * 500).get_data(as_text=True)
    assert "x" * 120 in long and "x" * 121 not in long
    embed = client.get(f"/embed/timeline?type=talks&{words}").get_data(as_text=True)
    assert '<h1 class="embed-title">Talks &lt;script&gt;</h1>' in embed and "<title>Talks &lt;script&gt;</title>" in embed
    assert '<p class="embed-subtitle">Five rounds</p>' in embed and "<br>As worded.</figcaption>" in embed
    cited = client.get("/embed/map?type=talks&credit=Field+notes").get_data(as_text=True)
    assert "Source: Field notes" in cited and "Euronews" not in cited.split("<figcaption>")[1]
    out = tmp_path / "t.svg"
    assert main(["export", "timeline", "--format", "svg", "--type", "talks", "--title", "Talks <script>",
                 "--subtitle", "Five rounds", "--note", "As worded.", "-o", str(out)]) == 0
    cli = out.read_text(encoding="utf-8")
    assert "Talks &#60;script&#62;" in cli and "Five rounds" in cli and "As worded." in cli
