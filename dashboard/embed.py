"""Embeddable chart pages: just the chart, a one-line caption and a link back to the full view."""

from __future__ import annotations

from html import escape

import plotly.graph_objects as go

from dashboard.security import script_json
from dashboard.dataset import Dataset
from dashboard.report import caption
from dashboard.urls import Urls
from dashboard.view import View

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="stylesheet" href="{styles}">
<script src="{plotly}"></script>
</head>
<body>
<figure class="embed">
<div id="chart" class="embed-chart" role="img" aria-label="{title}" data-width="{width}"></div>
<figcaption>{caption} · <a href="{back}" target="_top" rel="noopener">Open the full view</a></figcaption>
</figure>
<script type="application/json" id="figure">{figure}</script>
<script src="{groups}"></script>
<script src="{script}"></script>
</body>
</html>
"""


def embed_page(figure: go.Figure, view: View, dataset: Dataset, urls: Urls, *, title: str, width: int) -> str:
    """The HTML of ``/embed/<chart>`` for a view, its figure laid out ``width`` CSS pixels wide.

    Text is escaped; the figure travels as JSON data (no inline script).
    """
    figure_json = script_json(embed_figure(figure).to_json())  # no "</script>" or "<!--" in data can end the tag
    return PAGE.format(
        title=escape(f"{title} — {view.count_text}"),
        caption=escape(caption(view, dataset)),
        back=escape(urls.page(view.state)),
        figure=figure_json,
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
