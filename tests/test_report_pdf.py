"""The one-page report of a view (#26): title, caption, timeline, map and the events with their dates and sources,
as a vector PDF on A4 or Letter — the same from the page's Download menu, ``/export/report.pdf``, the CLI and the
API; the list holds whole rows only and says how many of how many it shows."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import pypdf
import pytest

import dashboard
from dashboard.api import Data
from dashboard.cli import main
from dashboard.query.dataset import load_dataset
from dashboard.web.layout import downloads

TALKS = ["Four-day Armenia–Azerbaijan talks", "Charles Michel meets Pashinian", "Charles Michel meets Aliyev",
         "Pashinian and Aliyev meet in", "Pashinian–Aliyev meeting"]
#: A4 and Letter in PDF points.
SHEETS = {"a4": (595, 842), "letter": (612, 792)}


def read(pdf: bytes) -> tuple[pypdf.PageObject, str]:
    assert pdf.startswith(b"%PDF-")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1  # one page, whatever the view
    page = reader.pages[0]
    return page, " ".join(page.extract_text().split())


def sheet(page: pypdf.PageObject) -> tuple[int, int]:
    return round(float(page.mediabox.width)), round(float(page.mediabox.height))


@pytest.fixture(scope="module")
def talks_report(client) -> bytes:
    answer = client.get("/export/report.pdf?type=talks")
    assert answer.status_code == 200 and answer.mimetype == "application/pdf"
    return answer.data


def test_the_report_of_the_talks_lists_the_five_talks_with_their_dates_and_sources(talks_report):
    page, text = read(talks_report)
    assert sheet(page) == SHEETS["a4"]
    assert text.startswith("Report: 5 of 19 events") and "Event type: Talks" in text
    assert "Source: Euronews with AFP" in text  # the one source, named once above the list
    positions = [text.find(title) for title in TALKS]
    assert -1 not in positions and positions == sorted(positions), positions  # all five, in date order
    for day in ("1–4 May 2023", "13 May 2023", "14 May 2023", "1 Jun 2023"):
        assert day in text
    assert "“early May” — 1–4 May 2023" in text  # the article's words, then the window they were resolved to
    assert "In early May, Armenian and Azerbaijani delegations met" in text  # the sentence each came from
    assert "5 of 5 listed, in date order" in text
    assert "Timeline" not in text.split("Events and their sources")[0][:40]  # one title, not the charts' own


def test_the_report_is_vector_with_its_fonts_inside(talks_report):
    assert b"/FontFile" in talks_report and b"/Subtype /Image" not in talks_report
    page, _text = read(talks_report)
    assert len(page.get_contents().get_data()) > 20_000  # the charts drawn as paths, not a picture


def test_the_report_page_names_the_dashboards_fonts_as_css_reads_them(dataset):
    """The font stack reaches the page's style whole: escaped for HTML ("&#39;Segoe UI&#39;"), CSS would drop the
    declaration and print in the browser's default font."""
    from dashboard.figures.style import FONT_FAMILY
    from dashboard.output.paper import PAPERS, report_html
    from dashboard.query.view import resolve_view

    page = report_html(dataset, resolve_view(dataset, "type=talks"), paper=PAPERS["a4"], made=date(2026, 1, 1),
                       timeline_svg="", map_svg="")
    assert f"body {{ font-family: {FONT_FAMILY};" in page and "'Noto Sans Armenian'" in FONT_FAMILY


def test_letter_paper_and_a_paper_it_is_not_made_for(client):
    page, text = read(client.get("/export/report.pdf?type=talks&paper=letter").data)
    assert sheet(page) == SHEETS["letter"] and "5 of 5 listed" in text
    answer = client.get("/export/report.pdf?type=talks&paper=b5")
    assert answer.status_code == 400 and "paper must be a4 or letter, not “b5”." in answer.get_data(as_text=True)


def test_a_view_too_long_for_the_page_lists_whole_rows_and_says_how_many(client):
    page, text = read(client.get("/export/report.pdf").data)
    listed = re.search(r"(\d+) of 19 listed, in date order; the CSV download has every one\.", text)
    assert listed and 1 <= int(listed.group(1)) < 19
    assert "First war over Nagorno-Karabakh" in text  # the first in date order


def test_your_words_head_the_report_and_markup_stays_text(client):
    query = "type=talks&title=%3Cb%3ETalks%3C%2Fb%3E+in+spring&subtitle=Five+rounds&note=As+worded.&credit=My+survey"
    _page, text = read(client.get(f"/export/report.pdf?{query}").data)
    assert text.startswith("<b>Talks</b> in spring Five rounds")
    assert "Source: My survey" in text and "As worded." in text


def test_the_cli_the_api_and_the_page_give_the_same_report(client, talks_report, tmp_path, capsys):
    assert main(["export", "report", "--format", "pdf", "--type", "talks", "--paper", "letter",
                 "-o", str(tmp_path / "cli.pdf")]) == 0
    api = dashboard.open().view(type="talks").report(tmp_path / "api.pdf", paper="letter")
    page = client.get("/export/report.pdf?type=talks&paper=letter").data
    texts = [read(data)[1] for data in ((tmp_path / "cli.pdf").read_bytes(), Path(api).read_bytes(), page)]
    assert texts[0] == texts[1] == texts[2]
    assert ("report.pdf", "Report of this view (PDF, one page)") in downloads()
    with pytest.raises(ValueError, match="a report is a PDF"):
        dashboard.open().view(type="talks").report(tmp_path / "r.png")


def test_a_report_of_mixed_sources_names_each_events_source(ucdp_sample, tmp_path):
    fixtures = Path(__file__).parent / "fixtures"
    mixed = load_dataset([fixtures.parent.parent / "data" / "events.csv", fixtures / "acled" / "current.csv",
                          ucdp_sample])
    view = Data(mixed).view("type=clash&type=Battles&from=2023-05-01&to=2023-05-31")
    _page, text = read(view.report(tmp_path / "mixed.pdf").read_bytes())
    assert "ACLED" in text  # the datasets, in the caption
    assert "Armenian Ministry of Defence" in text and "Euronews with AFP" in text  # each row names its own source
    assert "3 of 3 listed" in text
    assert "14 May 2023, 14 May 2023" not in text  # its day once, not again after the citation that has it
    assert str(date.today().year) in text


def test_the_reports_map_is_drawn_in_the_servers_map_style(client):
    """``DASHBOARD_MAP_STYLE=contrast`` draws the report's map as it draws every other door's."""
    from dashboard.output.paper import PAPERS, report_pdf
    from dashboard.query.view import resolve_view

    class Recording:  # draws nothing: keeps the figures it was given
        def __init__(self):
            self.figures = []

        def render(self, figure, fmt, **size):
            self.figures.append(figure)
            return b"<svg></svg>"

        def print_page(self, html):
            return html.encode()

    dataset = load_dataset()
    view = resolve_view(dataset, "type=talks")
    lands = {}
    for style in ("light", "contrast"):
        recording = Recording()
        report_pdf(dataset, view, recording, paper=PAPERS["a4"], made=date(2026, 1, 1), map_style=style)
        lands[style] = recording.figures[1].data[0].fillcolor  # the land, drawn first
    assert lands == {"light": "#f3f1ec", "contrast": "#ffffff"}
