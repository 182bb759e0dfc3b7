"""Filtering: which events a view state keeps, and the counts the filters show.

Pure functions of a ``Dataset`` and a ``ViewState``; no Dash here. They work on
the dataset's precomputed arrays, so a million events filter in milliseconds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

import numpy as np
import pandas as pd

from dashboard.dataset import SEARCHED_COLUMNS, Dataset
from dashboard.view_state import ViewState

MASKS_KEPT = 16


def filter_mask(dataset: Dataset, state: ViewState) -> np.ndarray:
    """Boolean mask (read-only) of the events the state's filters keep.

    Actors: an event involving any chosen actor. Types: any chosen type. Dates:
    events whose window overlaps ``date_from``..``date_to``. Text: every word
    (or the whole phrase, if it is a known name) appears, aliases included.
    """
    key = state.filter_key
    mask = dataset.masks.get(key)
    if mask is None:
        mask = _compute_mask(dataset, state)
        mask.flags.writeable = False
        try:
            while len(dataset.masks) >= MASKS_KEPT:
                dataset.masks.pop(next(iter(dataset.masks)), None)
        except (RuntimeError, StopIteration):  # another thread trimmed it first
            pass
        dataset.masks[key] = mask
    return mask


def _compute_mask(dataset: Dataset, state: ViewState) -> np.ndarray:
    mask = np.ones(len(dataset.events), dtype=bool)
    if state.actors:
        mask &= events_of_actors(dataset, state.actors)
    if state.types:
        codes = [i for i, t in enumerate(dataset.event_types) if t in set(state.types)]
        mask &= np.isin(dataset.type_codes, codes)
    if state.sources:
        codes = [i for i, o in enumerate(dataset.origins) if o in set(state.sources)]
        mask &= np.isin(dataset.origin_codes, codes)
    if state.date_from:
        mask &= dataset.end_ns >= _seconds(state.date_from)
    if state.date_to:
        mask &= dataset.start_ns <= _seconds(state.date_to)
    if state.q.strip():
        mask &= search_mask(dataset, state.q)
    if state.near:
        mask &= near_mask(dataset, *state.near)
    return mask


def near_mask(dataset: Dataset, lat: float, lon: float, km: float) -> np.ndarray:
    """Located events within ``km`` (great-circle) of a point."""
    lats = np.radians(dataset.events["latitude"].to_numpy(dtype=float))
    lons = np.radians(dataset.events["longitude"].to_numpy(dtype=float))
    with np.errstate(invalid="ignore"):
        return distance_km(np.radians(lat), np.radians(lon), lats, lons) <= km


def distance_km(lat: float, lon: float, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    """Great-circle (haversine) distances in km from one point to many; coordinates in radians."""
    h = np.sin((lats - lat) / 2) ** 2 + np.cos(lat) * np.cos(lats) * np.sin((lons - lon) / 2) ** 2
    return 2 * 6371.0 * np.arcsin(np.sqrt(np.clip(h, 0, 1)))


def filter_events(dataset: Dataset, state: ViewState) -> pd.DataFrame:
    """The events the state's filters keep, in date order."""
    return dataset.events[filter_mask(dataset, state)]


def events_of_actors(dataset: Dataset, actors) -> np.ndarray:
    """Mask of the events that involve any of ``actors``."""
    codes = [dataset.actor_index[a] for a in actors if a in dataset.actor_index]
    hit = np.zeros(len(dataset.events), dtype=bool)
    hit[dataset.mention_event[np.isin(dataset.mention_actor, codes)]] = True
    return hit


def search_mask(dataset: Dataset, query: str) -> np.ndarray:
    """Events matching free text. Plain substring matching, any case: no pattern syntax."""
    mask = np.ones(len(dataset.events), dtype=bool)
    for alternatives in search_terms(dataset, query):
        hit = np.zeros(len(dataset.events), dtype=bool)
        for spelling in alternatives:
            for column in SEARCHED_COLUMNS:
                values = dataset.events[column]
                hit |= values.str.contains(spelling, case=False, regex=False).fillna(False).to_numpy(dtype=bool)
            if dataset.people_text is not None:
                hit |= dataset.people_text.str.contains(spelling, regex=False).to_numpy(dtype=bool)
            matching = [a for a in dataset.actors if spelling in a.lower()]
            if matching:
                hit |= events_of_actors(dataset, matching)
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
    """Counts per value of ``facet`` ("type", "actor" or "source") under every filter but that facet's own."""
    own = {"type": "types", "actor": "actors", "source": "sources"}[facet]
    mask = filter_mask(dataset, replace(state, **{own: ()}))
    if facet == "type":
        counts = np.bincount(dataset.type_codes[mask], minlength=len(dataset.event_types))
        names = dataset.event_types
    elif facet == "source":
        counts = np.bincount(dataset.origin_codes[mask], minlength=len(dataset.origins))
        names = dataset.origins
    else:
        counts = np.bincount(dataset.mention_actor[mask[dataset.mention_event]], minlength=len(dataset.actors))
        names = dataset.actors
    return {names[i]: int(c) for i in np.flatnonzero(counts) for c in (counts[i],)}


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


def _seconds(day: date) -> int:
    return int(pd.Timestamp(day).value // 1_000_000_000)
