"""The ACLED–UCDP comparison as routes: ``/compare?<view>&days=&km=&same_side=`` (the monthly chart, the
method, the rules as a form) and ``/export/pairs.csv`` with the same parameters (every pair)."""

from __future__ import annotations

import json
from urllib.parse import parse_qsl, urlencode

import plotly.io as pio
from flask import Flask, Response, request

from dashboard.compare.pairs import ACLED, UCDP, MatchRules, Overlap, TooMany, monthly, overlap, pairs
from dashboard.query.dataset import Dataset
from dashboard.figures.comparison import comparison_figure
from dashboard.output.limits import Busy, HeavyWork
from dashboard.output.report import caption
from dashboard.web.routes import busy_response
from dashboard.output.embeds import embed_config_json
from dashboard.output.html import PAGES, script_json
from dashboard.output.urls import Urls
from dashboard.query.view import resolve_view
from dashboard.language import N_, Nn_, _, formats, ngettext

RULE_PARAMETERS = ("days", "km", "same_side", "width")
PAIR_COLUMNS = ("acled_id", "ucdp_id", "acled_date", "ucdp_date", "days_apart", "km_apart", "acled_fatalities",
                "ucdp_low", "ucdp_best", "ucdp_high", "fatalities_disagree")


def rules_from(values: dict[str, str]) -> MatchRules:
    """The pairing rules a request asks for, held within sensible bounds (defaults when unreadable)."""
    def number(key: str, default: float, low: float, high: float) -> float:
        try:
            return min(max(float(values[key]), low), high)
        except (KeyError, ValueError):
            return default

    # Absent means yes; the form sends "0" before its checkbox's "1", and the last value counts.
    return MatchRules(days=int(number("days", 1, 0, 30)), km=number("km", 5.0, 0, 500),
                      same_side=values.get("same_side", "1") != "0")


def register(server: Flask, dataset: Dataset, urls: Urls, *, heavy: HeavyWork) -> None:
    """Add the comparison page and the pairs export under ``urls``' prefix."""

    def split() -> tuple[str, list[tuple[str, str]], MatchRules, str]:
        pairs_ = parse_qsl(request.query_string.decode("utf-8", "replace"), keep_blank_values=True)
        view = [(k, v) for k, v in pairs_ if k not in RULE_PARAMETERS]
        rules = rules_from({k: v for k, v in pairs_ if k in RULE_PARAMETERS})
        rule_query = urlencode([("days", rules.days), ("km", f"{rules.km:g}")]
                               + ([("same_side", "1")] if rules.same_side else [("same_side", "0")]))
        return urlencode(view), view, rules, rule_query

    @server.route(urls.route("compare"))
    def compare_page():
        query, view_pairs, rules, rule_query = split()
        view = resolve_view(dataset, query)
        context = dict(urls=urls, caption=caption(view, dataset), back=urls.page(view.state), rules=rules,
                       view_pairs=view.state.query_pairs(), csv=urls.path("export", "pairs.csv", query=(
                           f"{view.state.to_query()}&{rule_query}".lstrip("&"))))
        if ACLED not in dataset.origins or UCDP not in dataset.origins:
            page = PAGES.get_template("compare.html").render(
                problem=_("Load an ACLED export and a UCDP GED export together (serve --data acled.csv ged.csv) "
                          "to compare them."), **context)
            return Response(page, content_type="text/html; charset=utf-8")
        try:
            with heavy.slot():
                table = pairs(dataset, view, rules)
                months = monthly(dataset, view, table)
                shared = overlap(dataset, view)
        except TooMany as error:
            page = PAGES.get_template("compare.html").render(
                problem=_("Too many events: {reason}.").format(reason=error), **context)
            return Response(page, content_type="text/html; charset=utf-8")
        except Busy as busy:
            return busy_response(busy)
        figure = json.loads(pio.to_json(comparison_figure(months), validate=False))
        acled_only, ucdp_only = int(months["ACLED only"].sum()), int(months["UCDP only"].sum())
        disagree = int(table["fatalities_disagree"].sum())
        summary = _("{pairs} of likely-same events; {acled} and {ucdp} without a partner; {disagree} whose fatality "
                    "figures disagree (ACLED's outside UCDP's low–high range).").format(
            pairs=_counted(Nn_("{count} pair", "{count} pairs"), len(table)),
            acled=_counted(Nn_("{count} ACLED event", "{count} ACLED events"), acled_only),
            ucdp=_counted(Nn_("{count} UCDP event", "{count} UCDP events"), ucdp_only),
            disagree=_counted(Nn_("{count} pair", "{count} pairs"), disagree))
        page = PAGES.get_template("compare.html").render(
            problem=None, figure=script_json(json.dumps(figure)), config=embed_config_json(), summary=summary,
            overlap=overlap_words(shared) if shared.little else None, **context)
        return Response(page, content_type="text/html; charset=utf-8")

    @server.route(urls.route("export/pairs.csv"))
    def pairs_csv():
        query, _view_pairs, rules, _rule_query = split()
        view = resolve_view(dataset, query)
        try:
            with heavy.slot():
                table = pairs(dataset, view, rules)
        except TooMany as error:
            return Response(f"{error}.\n", status=400, content_type="text/plain; charset=utf-8")
        except Busy as busy:
            return busy_response(busy)
        body = table[list(PAIR_COLUMNS)].to_csv(index=False, date_format="%Y-%m-%d")
        response = Response(body, content_type="text/csv; charset=utf-8")
        response.headers["Content-Disposition"] = 'attachment; filename="acled-ucdp-pairs.csv"'
        return response


def overlap_words(shared: Overlap) -> list[str]:
    """Why a comparison finds few pairs when the two sources barely overlap, with the numbers, and what to
    load to compare them."""
    def degrees(value: float, positive: str, negative: str) -> str:
        return _("{degrees}° {side}").format(degrees=f"{abs(value):.1f}",
                                             side=_(positive) if value >= 0 else _(negative))

    def events(count: int) -> str:
        return _counted(Nn_("{count} event", "{count} events"), count)

    def where(coverage) -> str:
        if not coverage.count:
            return _("{source} has no events in this view").format(source=coverage.name)
        places = ", ".join(coverage.countries[:3])
        if len(coverage.countries) > 3:
            places = _("{countries} and {count} more countries").format(
                countries=places, count=formats.number(len(coverage.countries) - 3))
        west, south, east, north = coverage.box or (0, 0, 0, 0)
        lat = [degrees(south, N_("N"), N_("S"))] + ([degrees(north, N_("N"), N_("S"))] if north != south else [])
        lon = [degrees(west, N_("E"), N_("W"))] + ([degrees(east, N_("E"), N_("W"))] if east != west else [])
        box = f" ({'–'.join(lat)}, {'–'.join(lon)})" if coverage.box else ""
        days = (_("on {day}").format(day=formats.day(coverage.first)) if coverage.first == coverage.last
                else _("from {first} to {last}").format(first=formats.day(coverage.first),
                                                         last=formats.day(coverage.last)))
        return _("{source} has {events} {days}, in {places}").format(
            source=coverage.name, events=events(coverage.count), days=days,
            places=places or _("places unknown")) + box

    a, u = shared.acled, shared.ucdp
    return [_("The two sources barely overlap in this view, so few pairs can be found: {acled}; {ucdp}.").format(
                acled=where(a), ucdp=where(u)),
            _("{acled_in_ucdp} of ACLED's {acled} fall within UCDP GED's dates and area, and {ucdp_in_acled} of UCDP "
              "GED's {ucdp} within ACLED's.").format(
                acled_in_ucdp=formats.number(shared.acled_in_ucdp), acled=events(a.count),
                ucdp_in_acled=formats.number(shared.ucdp_in_acled), ucdp=events(u.count)),
            _("To compare them, load exports of both that cover the same countries and years (ACLED's and UCDP GED's "
              "downloads of the same countries, for the same period), or narrow this view to where both have events.")]


def _counted(marked: tuple[str, str], count: int) -> str:
    """A count in words: ``marked`` is the singular and plural marked with ``Nn_`` ("{count} pair")."""
    return ngettext(*marked, count).format(count=formats.number(count))


