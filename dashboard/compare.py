"""ACLED and UCDP side by side: which events are likely the same, and where the two disagree.

Method (documented in the README): an ACLED event and a UCDP GED event are paired when they are at
most ``days`` apart (start dates), at most ``km`` apart (great-circle distance between their
coordinates) and, with ``same_side``, share at least one actor once names are counted as the registry's
actors (ACLED's "Military Forces of Azerbaijan (2003-)" and UCDP's "Government of Azerbaijan" are both
Azerbaijan). Candidates are taken closest first (fewest days, then fewest km), each event in at most
one pair. Events without coordinates are never paired. Limits: events on the same day and place
between the same sides can be swapped between pairs; ACLED's weekly or monthly time precision and
UCDP's regional ``where_prec`` make distances and days only as good as the sources' own precision.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.dataset import Dataset
from dashboard.filters import distance_km

ACLED, UCDP = "ACLED", "UCDP GED"
#: Most events of either source one comparison works through (a larger view must be narrowed): 50,000 of
#: each take about a second on one core; 200,000 took 4.4 s, too long to hold a worker.
MAX_EVENTS = 50_000


@dataclass(frozen=True)
class MatchRules:
    """How close two events must be to be taken for the same one."""

    days: int = 1
    km: float = 5.0
    same_side: bool = True


class TooMany(ValueError):
    """The view holds more events than one comparison works through."""


def pairs(dataset: Dataset, indices: np.ndarray, rules: MatchRules = MatchRules()) -> pd.DataFrame:
    """Pairs of likely-same ACLED and UCDP events among ``indices``: one row per pair with both ids, the days
    and km between them and both sources' fatality figures (UCDP's low, best and high)."""
    acled, ucdp = _of(dataset, indices, ACLED), _of(dataset, indices, UCDP)
    if len(acled) > MAX_EVENTS or len(ucdp) > MAX_EVENTS:
        raise TooMany(f"this view holds {max(len(acled), len(ucdp)):,} events of one source; compare at most "
                      f"{MAX_EVENTS:,} (filter by dates, type or actor)")
    events = dataset.events
    day = dataset.start_ns // 86_400
    lat = np.radians(events["latitude"].to_numpy(dtype=float))
    lon = np.radians(events["longitude"].to_numpy(dtype=float))
    acled = acled[~np.isnan(lat[acled]) & ~np.isnan(lon[acled])]
    ucdp = ucdp[~np.isnan(lat[ucdp]) & ~np.isnan(lon[ucdp])]
    acled = acled[np.argsort(day[acled], kind="stable")]
    sides = _sides(dataset, np.concatenate([acled, ucdp])) if rules.same_side else None
    found = []
    acled_days = day[acled]
    for u in ucdp:
        lo, hi = np.searchsorted(acled_days, [day[u] - rules.days, day[u] + rules.days + 1])
        if lo == hi:
            continue
        near = acled[lo:hi]
        km = distance_km(lat[u], lon[u], lat[near], lon[near])
        for a, distance in zip(near[km <= rules.km], km[km <= rules.km], strict=True):
            if sides is None or sides.get(int(a), set()) & sides.get(int(u), set()):
                found.append((abs(int(day[a]) - int(day[u])), float(distance), int(a), int(u)))
    used_a, used_u, kept = set(), set(), []
    for days_apart, distance, a, u in sorted(found):
        if a not in used_a and u not in used_u:
            used_a.add(a)
            used_u.add(u)
            kept.append((a, u, days_apart, distance))
    return _pair_table(dataset, kept)


def monthly(dataset: Dataset, indices: np.ndarray, table: pd.DataFrame) -> pd.DataFrame:
    """Per month (of the UCDP event, or the unpaired event's own): events paired, ACLED only, UCDP only,
    and pairs whose fatality figures disagree (ACLED's outside UCDP's low-high range)."""
    events = dataset.events
    months = events["date_start"].dt.to_period("M")
    paired_a, paired_u = set(table["acled_position"]), set(table["ucdp_position"])
    acled, ucdp = _of(dataset, indices, ACLED), _of(dataset, indices, UCDP)
    rows = pd.concat([
        pd.DataFrame({"month": months.iloc[[u for u in ucdp if u in paired_u]].to_numpy(), "kind": "paired"}),
        pd.DataFrame({"month": months.iloc[[a for a in acled if a not in paired_a]].to_numpy(), "kind": "ACLED only"}),
        pd.DataFrame({"month": months.iloc[[u for u in ucdp if u not in paired_u]].to_numpy(), "kind": "UCDP only"}),
        pd.DataFrame({"month": months.iloc[list(table.loc[table["fatalities_disagree"], "ucdp_position"])].to_numpy(),
                      "kind": "fatalities disagree"}),
    ], ignore_index=True)
    counts = rows.groupby(["month", "kind"]).size().unstack(fill_value=0)
    for kind in ("paired", "ACLED only", "UCDP only", "fatalities disagree"):
        if kind not in counts:
            counts[kind] = 0
    return counts[["paired", "ACLED only", "UCDP only", "fatalities disagree"]].sort_index().reset_index()


def _of(dataset: Dataset, indices: np.ndarray, origin: str) -> np.ndarray:
    if origin not in dataset.origins:
        return np.zeros(0, dtype=np.int64)
    return indices[dataset.origin_codes[indices] == dataset.origins.index(origin)]


def _sides(dataset: Dataset, positions: np.ndarray) -> dict[int, set[int]]:
    """The counted actors (as codes) of each event at ``positions``."""
    wanted = np.isin(dataset.mention_event, positions)
    sides: dict[int, set[int]] = {}
    for event, actor in zip(dataset.mention_event[wanted], dataset.mention_actor[wanted], strict=True):
        sides.setdefault(int(event), set()).add(int(actor))
    return sides


def _pair_table(dataset: Dataset, kept: list[tuple[int, int, int, float]]) -> pd.DataFrame:
    events = dataset.events
    a = [k[0] for k in kept]
    u = [k[1] for k in kept]

    def column(name: str, rows: list[int]) -> np.ndarray:
        return events[name].iloc[rows].to_numpy() if name in events else np.full(len(rows), pd.NA)

    table = pd.DataFrame({
        "acled_id": column("event_id", a), "ucdp_id": column("event_id", u),
        "acled_date": column("date_start", a), "ucdp_date": column("date_start", u),
        "days_apart": [k[2] for k in kept], "km_apart": [round(k[3], 2) for k in kept],
        "acled_fatalities": column("fatalities", a), "ucdp_low": column("fatalities_low", u),
        "ucdp_best": column("fatalities", u), "ucdp_high": column("fatalities_high", u),
        "acled_position": a, "ucdp_position": u,
    })
    low = pd.to_numeric(table["ucdp_low"], errors="coerce").fillna(pd.to_numeric(table["ucdp_best"], errors="coerce"))
    high = pd.to_numeric(table["ucdp_high"], errors="coerce").fillna(pd.to_numeric(table["ucdp_best"], errors="coerce"))
    acled_figure = pd.to_numeric(table["acled_fatalities"], errors="coerce")
    table["fatalities_disagree"] = ((acled_figure < low) | (acled_figure > high)).fillna(False).astype(bool)
    return table
