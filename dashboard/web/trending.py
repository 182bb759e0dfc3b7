"""What changed (#25) as a page: ``/trends?<view>&by=…&as_of=…`` — the areas (or actors, or types) with their
current week against the 4 and 52 weeks before it, the bands, Surge and Threat, sortable; the emerging actors;
each area a link to the dashboard filtered to it; the same table as ``/export/trends.csv`` and ``.json``."""

from __future__ import annotations

import pandas as pd
import plotly.io as pio
from flask import Flask, Response, request

from dashboard.language import N_, _, formats
from dashboard.charts import CHARTS, Canvas
from dashboard.charts.trends import BY_WORDS, chosen_areas, trends_map_of, trends_timeline_of, week_words
from dashboard.figures.trends_map import BAND_COLOURS
from dashboard.output.embeds import embed_config_json
from dashboard.output.html import PAGES, script_json
from dashboard.output.report import caption
from dashboard.output.urls import Urls
from dashboard.query import params, trends
from dashboard.query.dataset import Dataset
from dashboard.query.view import View, resolve_view

#: The table's columns: key, heading (marked English) and whether it sorts by number.
COLUMNS = (("area", N_("Area"), False), ("current_week", N_("This week"), True), ("mean_4w", N_("4-week mean"), True),
           ("change_4w_pct", N_("Change"), True), ("band_4w", N_("Against 4 weeks"), False),
           ("mean_52w", N_("52-week mean"), True), ("change_52w_pct", N_("Change"), True),
           ("band_52w", N_("Against 52 weeks"), False), ("surge", N_("Surge"), False), ("threat", N_("Threat"), False))
#: How change is measured, in words (a Python string: the page's template would read its "%" as a format).
METHOD = N_("As ACLED's analysts define it (Trendfinder and the Conflict Change Map; the Subnational Surge and Threat "
            "trackers): the current week — the 7 days ending on the chosen day — against the mean of the previous 4 "
            "and of the previous 52 weeks. Over +25 % is a large increase, over +10 % to +25 % a moderate increase, "
            "−25 % to +10 % limited change, under −25 % a large decrease; where the mean is at most 2 events and the "
            "week at most 5, limited change whatever the percentage. A surge is a week at least 100 % above the mean "
            "of the 4 before it, where that mean is at least 1 event; a threat, the last 4 weeks' mean at least "
            "100 % above the mean of the 52 weeks before them. An emerging actor is active in the last 4 weeks in a "
            "country where it was not in the 52 weeks before.")
#: What an area of each kind filters the dashboard by.
AREA_PARAMETER = {"admin1": "area", "country": "area", "actor": "actor", "type": "type"}
#: The rows of the table and the emerging actors a page lists at most (its size stays bounded at any data size;
#: the downloads hold them all).
MOST_ROWS, MOST_EMERGING = 100, 50
#: The width (CSS px) the page's two charts are laid out for.
FIGURE_WIDTH = 1000


def register(server: Flask, dataset: Dataset, urls: Urls, *, map_style: str = "light") -> None:
    """Add the trends page under ``urls``' prefix."""

    @server.route(urls.route("trends"))
    def trends_page():
        view = resolve_view(dataset, request.query_string.decode("utf-8", "replace"))
        weeks = trends.view_weeks(dataset, view)  # one engine query: the weeks' counts and the areas' centres
        as_of, table = weeks.as_of, weeks.table
        sort = request.args.get("sort") if request.args.get("sort") in dict((c[0], c) for c in COLUMNS) else None
        if sort:
            table = table.sort_values(sort, ascending=request.args.get("desc") != "1", kind="stable",
                                      na_position="last")
        chosen = set(chosen_areas(view, weeks.table))
        total = len(table)  # the page is bounded: the first rows in the order asked, and the areas drawn
        table = pd.concat([table.head(MOST_ROWS), table.iloc[MOST_ROWS:][table["area"].iloc[MOST_ROWS:].isin(chosen)]])
        emerging = trends.emerging_actors(dataset.engine, view.filter, as_of) if as_of else None
        emerged = 0 if emerging is None else len(emerging)
        canvas = Canvas(width=FIGURE_WIDTH, map_style=map_style)
        figures = [(name, _(CHARTS[name].title), _json(draw(canvas)), _chart_links(urls, name, view))
                   for name, draw in (("trends-map", lambda c: trends_map_of(view, weeks, c)),
                                      ("trends-timeline", lambda c: trends_timeline_of(view, weeks, c)))]
        page = PAGES.get_template("trends.html").render(
            urls=urls, caption=caption(view, dataset), back=urls.page(view.state), by=view.state.value("by"),
            by_words={k: _(w) for k, w in BY_WORDS.items()}, as_of=as_of.isoformat() if as_of else "",
            week=week_words(as_of), columns=[(key, _(heading), numeric) for key, heading, numeric in COLUMNS],
            rows=[_row(view, urls, row) for row in table.to_dict("records")], sort=sort,
            desc=request.args.get("desc") == "1", sort_link=lambda key, desc: _sorted_path(urls, view, key, desc),
            view_pairs=[(k, v) for k, v in view.state.query_pairs() if k not in ("by", "as_of", "areas")],
            emerging=[_emerging_row(view, urls, r) for r in emerging.head(MOST_EMERGING).to_dict("records")]
            if emerging is not None else [], colours=BAND_COLOURS,
            more_rows=_("Showing {shown} of {total} rows in this order; the downloads hold every one.").format(
                shown=formats.number(len(table)), total=formats.number(total)) if total > len(table) else "",
            more_emerging=_("And {count} more: the first {shown} are listed.").format(
                count=formats.number(emerged - MOST_EMERGING), shown=formats.number(MOST_EMERGING))
            if emerged > MOST_EMERGING else "", band_words={b: _(b) for b in trends.BANDS},
            downloads=[(urls.export(f"trends.{fmt}", view.state), fmt.upper()) for fmt in ("csv", "json")],
            method=_(METHOD), figures=figures, config=embed_config_json(), chosen=chosen,
            week_pairs=[(k, v) for k, v in view.state.query_pairs() if k != "areas"])
        return Response(page, content_type="text/html; charset=utf-8")


def _json(figure) -> str:
    """A chart of the page as its data, drawn by embed.js as wide as its box (a phone's or a desktop's)."""
    return script_json(pio.to_json(figure, validate=False))


def _chart_links(urls: Urls, name: str, view: View) -> list[tuple[str, str, bool]]:
    """(address, words, a download?) of a chart of the page: its embed and each of its export formats — the same
    chart by name."""
    return [(urls.embed(name, view.state), _("Embed"), False)] + [
        (urls.export(f"{name}.{fmt}", view.state), fmt.upper(), True) for fmt in CHARTS[name].formats]


def _row(view: View, urls: Urls, row: dict) -> dict:
    """A table row: the area with its link to the dashboard filtered to it, the numbers in words."""
    by = view.state.value("by")
    state = _on_the_dashboard(view.state.with_value(AREA_PARAMETER[by], [row["area"]] if by in ("actor", "type")
                                                    else row["area"]))
    cells = {key: _cell(key, row[key]) for key, _heading, _numeric in COLUMNS}
    return {"link": urls.page(state), "cells": cells, "band_4w": row["band_4w"], "band_52w": row["band_52w"],
            "area": row["area"]}


def _cell(key: str, value) -> str:
    if key == "area" or key.startswith("band"):
        return str(value)
    if key in ("surge", "threat"):
        return _("yes") if value else ""
    if value is None or value != value:
        return "—"
    if key.endswith("_pct"):
        return ("+" if value > 0 else "") + formats.number(round(value)) + " %"
    return formats.number(round(value, 2))


def _emerging_row(view: View, urls: Urls, row: dict) -> dict:
    state = _on_the_dashboard(view.state.with_value("actor", [row["actor"]]).with_value("event", row["event_id"]))
    return {"actor": row["actor"], "country": row["country"] or "—", "day": formats.day(row["first_day"]),
            "link": urls.page(state)}


def _on_the_dashboard(state):
    """``state`` without what only trends read (the dashboard's link carries the filters, not the week)."""
    for key in ("by", "as_of", "areas"):
        state = state.with_value(key, params.declared(key).default)
    return state


def _sorted_path(urls: Urls, view: View, key: str, desc: bool) -> str:
    pairs = view.state.query_pairs() + [("sort", key)] + ([("desc", "1")] if desc else [])
    return urls.path("trends", query=pairs)
