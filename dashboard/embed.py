"""Embeddable chart pages: just the chart, a one-line caption and a link back to the full view."""

from __future__ import annotations

from html import escape

import plotly.graph_objects as go

from dashboard.dataset import Dataset
from dashboard.report import caption
from dashboard.view import View

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="stylesheet" href="embed.css">
<script src="../vendor/plotly.min.js"></script>
</head>
<body>
<figure class="embed">
<div id="chart" class="embed-chart" role="img" aria-label="{title}"></div>
<figcaption>{caption} · <a href="../{query}" target="_top" rel="noopener">Open the full view</a></figcaption>
</figure>
<script type="application/json" id="figure">{figure}</script>
<script src="embed.js"></script>
</body>
</html>
"""


def embed_page(figure: go.Figure, view: View, dataset: Dataset, *, chart: str) -> str:
    """The HTML of ``/embed/<chart>`` for a view. Text is escaped; the figure travels as JSON data."""
    query = view.state.to_query()
    figure_json = figure.to_json().replace("</", "<\\/")  # keep "</script>" in data from ending the tag
    return PAGE.format(
        title=escape(f"{chart.capitalize()} — {view.count_text}"),
        caption=escape(caption(view, dataset)),
        query=escape(f"?{query}" if query else ""),
        figure=figure_json,
    )


def embed_figure(figure: go.Figure) -> go.Figure:
    """The page's figure, trimmed for a small frame."""
    out = go.Figure(figure)
    out.update_layout(height=None, autosize=True, margin=dict(l=10, r=10, t=10, b=10))
    return out
