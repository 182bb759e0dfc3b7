"""Facets: the counts each filter shows beside its choices, and which actors the actor list offers.

Pure functions of a ``Dataset`` and a ``ViewState``; no Dash here. Which events a
view keeps is the engine's question (``dashboard.query``: ``Engine.rows``).
"""

from __future__ import annotations

import pandas as pd

from dashboard.query.dataset import Dataset, RangePreset
from dashboard.query.view_state import ViewState

__all__ = ["RangePreset", "actor_choices", "facet_counts", "filter_events", "range_presets",
           "search_terms"]


def filter_events(dataset: Dataset, state: ViewState) -> pd.DataFrame:
    """The events the state's filters keep, in date order.

    Actors: an event involving any chosen actor (or any of its members). Types: any chosen type. Dates:
    events whose window overlaps ``date_from``..``date_to``. Text: every word (or the whole phrase, if it
    is a known name) appears, aliases included — in the title, summary, place, people or actors.
    """
    return dataset.engine.rows(state.filter)


def search_terms(dataset: Dataset, query: str) -> list[frozenset[str]]:
    """The query as terms, each with every spelling that means the same (see ``Registry.search_terms``)."""
    return dataset.registry.search_terms(query)


def facet_counts(dataset: Dataset, state: ViewState, facet: str) -> dict[str, int]:
    """Counts per value of ``facet`` ("type", "actor" or "source") under every filter but that facet's own."""
    return dataset.engine.facet_counts(state.filter, facet)


def range_presets(dataset: Dataset) -> list[RangePreset]:
    """All; the last three years of the data; and its busiest two months (made once, with the dataset)."""
    return list(dataset.presets)


def actor_choices(dataset: Dataset, counts: dict[str, int], search: str | None, chosen: tuple[str, ...],
                  limit: int = 40) -> tuple[list[str], int]:
    """Actors to list in the filter: chosen ones, then those matching ``search`` (names, aliases and the
    names of their members in other sources), by count.

    Returns at most ``limit`` names beyond the chosen ones, and how many matched in all.
    """
    words = (search or "").strip().lower()
    names = list(dataset.actors)
    if words:
        spellings = dataset.registry.spellings_of(words)
        canonical = dataset.registry.canonical(words)
        names = [a for a in names if words in a.lower() or a == canonical
                 or any(s in a.lower() for s in spellings)
                 or any(words in member.lower() for member in dataset.members.get(a, ()))]
    ranked = sorted((a for a in names if a not in chosen), key=lambda a: (-counts.get(a, 0), a))
    return list(chosen) + ranked[:limit], len(names)
