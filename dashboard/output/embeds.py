"""Embeddable chart pages: just the chart, a one-line caption and a link back to the full view."""

from __future__ import annotations

import json

import plotly.graph_objects as go

from dashboard.output.html import render, script_json
from dashboard.query.dataset import Dataset
from dashboard.output.report import caption
from dashboard.output.urls import Urls
from dashboard.query.view import View
from dashboard.language import _
from dashboard.language.charts import chart_config

#: The embedded chart's plotly config (with the reader's locale: ``chart_config``).
EMBED_CONFIG = {"responsive": True, "displaylogo": False}


def embed_config_json() -> str:
    """The plotly config ``static/embed.js`` draws a figure with, as the JSON its ``config`` script carries."""
    return script_json(json.dumps(chart_config(EMBED_CONFIG), ensure_ascii=False))


def embed_page(figure: go.Figure, view: View, dataset: Dataset, urls: Urls, *, title: str, width: int) -> str:
    """The HTML of ``/embed/<chart>`` for a view, its figure laid out ``width`` CSS pixels wide; ``title`` is the
    chart's (``Chart.title``, a marked English text: translated here).

    The view's own words (``title``, ``subtitle``, ``note``) go above and under the chart. Text is escaped by the
    template; the figure travels as JSON data (no inline script).
    """
    figure_json = script_json(embed_figure(figure).to_json())  # no "</script>" or "<!--" in data can end the tag
    return render(
        "embed.html",
        # Translators: an embedded chart's title, "Timeline — 5 of 19 events"
        title=view.state.value("title") or _("{chart} — {count}").format(chart=_(title), count=view.count_text),
        heading=view.state.value("title"), subtitle=view.state.value("subtitle"), note=view.state.value("note"),
        caption=caption(view, dataset),
        back=urls.page(view.state),
        figure=figure_json,
        config=embed_config_json(),
        width=width,
        styles=urls.static("embed.css"),
        script=urls.static("embed.js"),
        groups=urls.static("map-groups.js"),
        plotly=urls.plotly_js(),
    )


def embed_figure(figure: go.Figure) -> go.Figure:
    """The page's figure in a frame: the same traces, range and height, with slimmer side margins."""
    out = go.Figure(figure)
    out.update_layout(autosize=True, margin=dict(l=10, r=10))
    return out
