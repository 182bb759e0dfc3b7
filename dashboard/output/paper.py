"""A one-page report of a view, on A4 or Letter: its title and your words, the caption (count, filters, source,
date made), the timeline, the map and the list of its events with their dates and sources — a PDF to print or
to attach, made from the same figures as every other door.

The page is HTML (``templates/report.html``) printed by the image renderer's browser: text stays text, the charts
are vector, the fonts are embedded. The events listed are the view's first ones in date order; the page lists
as many as fit and says how many of how many it shows (the CSV download has them all).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from markupsafe import Markup

from dashboard.charts import CHARTS, Canvas
from dashboard.figures.map import KEY_LIMIT, numbered_events
from dashboard.figures.style import FONT_FAMILY
from dashboard.language import _, formats
from dashboard.language.wording import when_text
from dashboard.output.html import render
from dashboard.output.images import ImageRenderer
from dashboard.output.report import source_words
from dashboard.query.dataset import Dataset
from dashboard.query.view import View
from dashboard.query.view_state import describe_filters


@dataclass(frozen=True)
class Paper:
    """A sheet: its CSS page size and its size in CSS pixels (96 to the inch)."""

    css: str
    width: int
    height: int


PAPERS = {"a4": Paper("A4", 794, 1123), "letter": Paper("letter", 816, 1056)}
#: The sheet's margin, in CSS pixels (10 mm).
MARGIN = 38
#: The most events put on the page before it drops the rows that do not fit (a page holds about twenty).
MOST_ROWS = 40
#: The charts' heights on the page, in CSS pixels: the timeline at most (it is drawn at its own height and
#: shrunk to this), the map.
TIMELINE_HEIGHT = 400
MAP_HEIGHT = 260
#: The columns the list of events needs.
COLUMNS = ("event_id", "title", "date_start", "date_end", "date_precision", "date_text", "source_date", "location",
           "country", "latitude", "longitude", "source", "source_url", "source_excerpt")


class PaperError(ValueError):
    """A paper size the report is not made for."""


def paper_of(value: str | None) -> Paper:
    """The paper ``value`` names ("a4", the default, or "letter"); ``PaperError`` naming a value it is not."""
    key = (value or "a4").strip().lower()
    if key not in PAPERS:
        raise PaperError(_("paper must be {choices}, not “{value}”.").format(
            choices=" or ".join(PAPERS), value=str(value)[:40]))
    return PAPERS[key]


def report_html(dataset: Dataset, view: View, *, paper: Paper, made: date, timeline_svg: str, map_svg: str) -> str:
    """The report's page, its two charts given as SVG (``report_pdf`` draws them)."""
    state = view.state
    rows = _numbered(dataset.engine.rows(view.filter, limit=MOST_ROWS, columns=COLUMNS), view)
    one_source = rows["source"].nunique() <= 1  # named once, above: the list gives each event's own words
    return render(
        "report.html", paper=paper, margin=MARGIN, font=Markup(FONT_FAMILY),  # CSS, quotes and all (our own)
        # Translators: the one-page report's title when you gave none, "Report: 5 of 19 events"
        title=state.value("title") or _("Report: {count}").format(count=view.count_text),
        subtitle=state.value("subtitle"), note=state.value("note"), count_text=view.count_text,
        filters=describe_filters(state),
        source=_("Source: {sources}").format(sources=state.value("credit") or source_words(view, dataset)),
        made=_("Made {day} with the conflict timeline dashboard").format(day=formats.long_day(made)),
        timeline_svg=timeline_svg, map_svg=map_svg, timeline_height=TIMELINE_HEIGHT, map_height=MAP_HEIGHT,
        events=[_row(event, one_source) for event in rows.itertuples(index=False)], count=view.count,
        numbered=rows["number"].notna().any())


def report_pdf(dataset: Dataset, view: View, renderer: ImageRenderer, *, paper: Paper, made: date,
               map_style: str = "light") -> bytes:
    """The report as a one-page PDF (``ImagesUnavailable`` when no browser can print it); the map in
    ``map_style``, as every other door draws it."""
    width = paper.width - 2 * MARGIN
    drawn = {}
    for name in ("timeline", "map"):
        chart = CHARTS[name]
        figure = chart.figure(dataset, view, Canvas(width=width, on_paper=True, map_style=map_style))
        if name == "map":  # its key is the list below the map, by the same numbers
            figure.update_layout(showlegend=False, height=MAP_HEIGHT, margin_b=0, geo_domain=dict(x=[0, 1], y=[0, 1]))
        drawn[name] = renderer.render(figure, "svg", width=width, height=chart.natural_height(figure),
                                      scale=1).decode("utf-8")
    page = report_html(dataset, view, paper=paper, made=made, timeline_svg=drawn["timeline"], map_svg=drawn["map"])
    return renderer.print_page(page)


def _numbered(rows: pd.DataFrame, view: View) -> pd.DataFrame:
    """``rows`` with the number the map's marks carry (``figures.map``: a view of at most ``KEY_LIMIT`` located
    events numbers them in date order) — only when every event of the view is listed, so the numbers are the
    map's own; else none."""
    located = rows.dropna(subset=["latitude", "longitude"])
    if view.count > len(rows) or not 0 < len(located) <= KEY_LIMIT:
        return rows.assign(number=pd.NA)
    return rows.assign(number=numbered_events(located)["number"]).astype({"number": "Int64"})


def _row(event, one_source: bool) -> dict:
    """One event of the list: its map number, its date as the source words it and as resolved, what, where,
    and its source (its name unless the report names the one source above) with the sentence it came from."""
    published = formats.day(event.source_date) if not pd.isna(event.source_date) else ""
    source = event.source if isinstance(event.source, str) else ""
    place = [p for p in (event.location, event.country) if isinstance(p, str) and p]
    # the day it was published, unless the source's own words give it already
    dated = source if not published or published in source else ", ".join(p for p in (source, published) if p)
    url = event.source_url if isinstance(event.source_url, str) else ""
    return {"number": "" if pd.isna(event.number) else str(event.number), "when": when_text(event),
            "title": event.title, "where": ", ".join(dict.fromkeys(place)),  # "Armenia", not "Armenia, Armenia"
            "source": "" if one_source else dated, "url": url if url.startswith(("http://", "https://")) else "",
            "excerpt": event.source_excerpt if isinstance(event.source_excerpt, str) else ""}
