"""Every chart, defined once: the page's card, the figure for a view, its exports, size and title.

``CHARTS`` is read by the layout (cards), the callbacks (one render callback
per chart), the embed pages, the export routes and the command line, so the
page, an embed, an export and the CLI draw the *same* figure for the same
URL. Adding a chart means adding one record here and one figure module: the page, the stories, the embeds
and the exports iterate ``CHARTS`` and name no chart. A chart's ``page`` says where it is shown: the dashboard's
cards and menus are ``dashboard_charts()``; the trends page draws its own two.
"""

from __future__ import annotations

from dashboard.charts.base import Canvas, CardParts, Chart
from dashboard.charts.map import MAP
from dashboard.charts.timeline import TIMELINE
from dashboard.charts.trends import TRENDS_MAP, TRENDS_TIMELINE

CHARTS: dict[str, Chart] = {chart.name: chart for chart in (TIMELINE, MAP, TRENDS_MAP, TRENDS_TIMELINE)}


def dashboard_charts() -> dict[str, Chart]:
    """The dashboard's own charts (read when asked, so a chart added to ``CHARTS`` joins them): its cards, its
    Download and Embed menus."""
    return {name: chart for name, chart in CHARTS.items() if chart.page == "dashboard"}


__all__ = ["CHARTS", "Canvas", "CardParts", "Chart", "dashboard_charts"]
