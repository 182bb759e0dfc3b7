"""Asking the events: filters as plain values, the engine that answers them, the tables it reads."""

from dashboard.query.answers import QueryTimeout, Summary, Vocabulary
from dashboard.query.engine import Engine
from dashboard.query.filter import EVERYTHING, Filter
from dashboard.data.tables import TABLES, engine_tables

__all__ = ["EVERYTHING", "TABLES", "Engine", "Filter", "QueryTimeout", "Summary", "Vocabulary", "engine_tables"]
