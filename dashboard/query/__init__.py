"""Asking the events: filters as plain values, the engine that answers them, the tables it reads."""

from dashboard.query.answers import QueryTimeout, Summary, Vocabulary
from dashboard.query.engine import Engine
from dashboard.query.filter import EVERYTHING, Filter
from dashboard.query.tables import TABLES, create_tables, engine_rows, engine_tables, restore_rows

__all__ = ["EVERYTHING", "TABLES", "Engine", "Filter", "QueryTimeout", "Summary", "Vocabulary", "create_tables",
           "engine_rows", "engine_tables", "restore_rows"]
