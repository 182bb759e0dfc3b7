"""Figures as plain functions of an events table: the same charts on the page, in exports and in notebooks."""

from dashboard.figures.map import map_figure
from dashboard.figures.timeline import timeline_figure

__all__ = ["map_figure", "timeline_figure"]
