"""When a candidate is an event already known: the same type, windows that overlap — the one rule the curation
benchmark scores candidates by against the curated rows, and the review flags duplicates with."""

from __future__ import annotations

from datetime import date

import pandas as pd


def window(row) -> tuple[date, date]:
    """An event's window (a mapping or a row with ``date_start`` and ``date_end``) as two days."""
    start = pd.Timestamp(row["date_start"]).date()
    end = row["date_end"]
    return start, pd.Timestamp(end).date() if isinstance(end, (str, date, pd.Timestamp)) and str(end) else start


def same_event(candidate: dict, row) -> bool:
    """Whether ``candidate`` (the contract's fields) may be the event ``row``: types agree, windows overlap."""
    if candidate["event_type"] != row["event_type"]:
        return False
    (a, b), (c, d) = window(candidate), window(row)
    return a <= d and c <= b


def contains(candidate: dict, row) -> bool:
    """Whether the candidate's window holds the row's date: its day, or the whole of its window."""
    (a, b), (c, d) = window(candidate), window(row)
    return a <= c and d <= b


def duplicates(candidate: dict, events: pd.DataFrame) -> list[str]:
    """The ids of ``events`` the candidate may repeat, in the data's order."""
    kept = events[events["event_type"].astype(str) == candidate["event_type"]]
    return [row["event_id"] for row in kept.to_dict("records") if same_event(candidate, row)]


def scored(candidates: list[dict], rows: pd.DataFrame) -> dict:
    """How well ``candidates`` find the events ``rows`` hold (the curation benchmark's measure): per row, the
    candidates that match it and whether one's window holds the row's; the rows found, the candidates that
    match a row."""
    records = rows.to_dict("records")
    # each row's candidates, the ones holding its window first, then the narrowest: what a reviewer would pair
    found = {row["event_id"]: [c["event_id"] for c in sorted(
        (c for c in candidates if same_event(c, row)),
        key=lambda c: (not contains(c, row), (window(c)[1] - window(c)[0]).days))] for row in records}
    holds = {row["event_id"]: any(contains(c, row) for c in candidates if same_event(c, row)) for row in records}
    matching = [c["event_id"] for c in candidates if any(same_event(c, row) for row in records)]
    pairs = _pairs(found)
    return {"rows": len(records), "found": sum(bool(v) for v in found.values()), "candidates": len(candidates),
            "found_one_to_one": len(pairs), "pairs": pairs, "matching": len(matching), "by_row": found, "holds": holds,
            "unmatched": [c["event_id"] for c in candidates if c["event_id"] not in matching]}


def _pairs(found: dict[str, list[str]]) -> dict[str, str]:
    """The most rows that each get a candidate of their own (a maximum bipartite matching, by augmenting
    paths): a stricter recall, where one loosely dated candidate cannot stand for several rows."""
    owner: dict[str, str] = {}

    def place(row: str, seen: set[str]) -> bool:
        for candidate in found[row]:
            if candidate not in seen:
                seen.add(candidate)
                if candidate not in owner or place(owner[candidate], seen):
                    owner[candidate] = row
                    return True
        return False

    for row in sorted(found, key=lambda r: len(found[r])):  # the rows with fewest choices first
        place(row, set())
    return {row: candidate for candidate, row in owner.items()}
