"""Every chart, defined once: the page's card, the figure for a view, its exports, size and title.

``CHARTS`` is read by the layout (cards), the callbacks (one render callback
per chart), the embed pages, the export routes and the command line, so the
page, an embed, an export and the CLI draw the *same* figure for the same
URL. Adding a chart means adding one record here and one figure module: the page, the stories, the embeds
and the exports iterate ``CHARTS`` and name no chart.
"""

from __future__ import annotations

from dashboard.charts.base import Canvas, CardParts, Chart
from dashboard.charts.map import MAP
from dashboard.charts.timeline import TIMELINE

CHARTS: dict[str, Chart] = {chart.name: chart for chart in (TIMELINE, MAP)}

__all__ = ["CHARTS", "Canvas", "CardParts", "Chart"]
