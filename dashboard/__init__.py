"""Conflict timeline dashboard: explore a conflict's events in time and space."""

__version__ = "0.1.0"
