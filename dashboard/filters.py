"""Filtering: which events a view state keeps, and the counts the filters show.

Pure functions of a ``Dataset`` and a ``ViewState``; no Dash here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

import numpy as np
import pandas as pd

from dashboard.dataset import Dataset
from dashboard.view_state import ViewState


def filter_mask(dataset: Dataset, state: ViewState) -> np.ndarray:
    """Boolean mask of the events the state's filters keep.

    Actors: an event involving any chosen actor. Types: any chosen type. Dates:
    events whose window overlaps ``date_from``..``date_to``. Text: every word
    (or the whole phrase, if it is a known name) appears, aliases included.
    """
    events = dataset.events
    mask = np.ones(len(events), dtype=bool)
    if state.actors:
        chosen = set(state.actors)
        mask &= events["actors"].map(lambda names: not chosen.isdisjoint(names)).to_numpy(dtype=bool)
    if state.types:
        mask &= events["event_type"].isin(state.types).to_numpy()
    if state.date_from:
        mask &= (events["date_end"] >= pd.Timestamp(state.date_from)).to_numpy()
    if state.date_to:
        mask &= (events["date_start"] <= pd.Timestamp(state.date_to)).to_numpy()
    if state.q.strip():
        mask &= search_mask(dataset, state.q)
    return mask


def filter_events(dataset: Dataset, state: ViewState) -> pd.DataFrame:
    """The events the state's filters keep, in date order."""
    return dataset.events[filter_mask(dataset, state)].sort_values(["date_start", "event_id"])


def search_mask(dataset: Dataset, query: str) -> np.ndarray:
    """Events matching free text. Plain substring matching: no pattern syntax."""
    text = dataset.search_text
    mask = np.ones(len(text), dtype=bool)
    for alternatives in search_terms(dataset, query):
        hit = np.zeros(len(text), dtype=bool)
        for spelling in alternatives:
            hit |= text.str.contains(spelling, regex=False).to_numpy(dtype=bool)
        mask &= hit
    return mask


def search_terms(dataset: Dataset, query: str) -> list[frozenset[str]]:
    """The query as terms, each with every spelling that means the same.

    A query that is a known name or alias as a whole ("Latchine corridor") is
    one term; otherwise each word is a term.
    """
    phrase = re.sub(r"\s+", " ", query.strip().lower())
    if not phrase:
        return []
    if phrase in dataset.registry.spellings:
        return [dataset.registry.spellings_of(phrase)]
    return [dataset.registry.spellings_of(word) for word in phrase.split(" ")]


def facet_counts(dataset: Dataset, state: ViewState, facet: str) -> dict[str, int]:
    """Counts per value of ``facet`` ("type" or "actor") under every filter but that facet's own."""
    other = replace(state, types=()) if facet == "type" else replace(state, actors=())
    kept = dataset.events[filter_mask(dataset, other)]
    if facet == "type":
        return kept["event_type"].value_counts().to_dict()
    return kept["actors"].explode().dropna().value_counts().to_dict()


@dataclass(frozen=True)
class RangePreset:
    """A named stretch of time for the timeline's quick zoom buttons."""

    label: str
    start: date
    end: date


def range_presets(events: pd.DataFrame) -> list[RangePreset]:
    """All; the last three years of the data; and its busiest two months.

    Derived from the data, so any dataset gets sensible buttons.
    """
    if events.empty:
        return []
    first, last = events["date_start"].min().date(), events["date_end"].max().date()
    presets = [RangePreset("All", first, last)]
    since = date(last.year - 3, 1, 1)
    if since > first:
        presets.append(RangePreset(f"Since {since.year}", since, last))
    busiest = _busiest_window(events, days=61)
    if busiest and busiest[0] > first:
        start, end = busiest
        label = f"{start:%b}–{end:%b %Y}" if start.year == end.year else f"{start:%b %Y}–{end:%b %Y}"
        presets.append(RangePreset(label, start, end))
    return presets


def _busiest_window(events: pd.DataFrame, days: int) -> tuple[date, date] | None:
    short = events[(events["date_end"] - events["date_start"]).dt.days < days]
    if short.empty:
        return None
    starts = np.sort(short["date_start"].to_numpy())
    window = np.timedelta64(days, "D")
    counts = np.searchsorted(starts, starts + window, side="right") - np.arange(len(starts))
    best = pd.Timestamp(starts[int(np.argmax(counts))]).date()
    last = best + timedelta(days=days)
    next_month = date(last.year + last.month // 12, last.month % 12 + 1, 1)
    return best.replace(day=1), next_month - timedelta(days=1)


def actor_choices(dataset: Dataset, counts: dict[str, int], search: str | None, chosen: tuple[str, ...],
                  limit: int = 40) -> tuple[list[str], int]:
    """Actors to list in the filter: chosen ones, then those matching ``search`` (names and aliases), by count.

    Returns at most ``limit`` names beyond the chosen ones, and how many matched in all.
    """
    words = (search or "").strip().lower()
    spellings = dataset.registry.spellings_of(words) if words else frozenset()
    names = dataset.actors
    if words:
        names = [a for a in names if words in a.lower() or any(s in a.lower() for s in spellings)
                 or dataset.registry.canonical(words) == a]
    ranked = sorted((a for a in names if a not in chosen), key=lambda a: (-counts.get(a, 0), a))
    return list(chosen) + ranked[:limit], len(names)
