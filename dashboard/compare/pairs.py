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

import time
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.query.dataset import Dataset
from dashboard.query import budget
from dashboard.query.distance import great_circle_km
from dashboard.query.view import View
from dashboard.language import _, formats, ngettext

ACLED, UCDP = "ACLED", "UCDP GED"
#: Most events of either source one comparison works through (a larger view must be narrowed): 50,000 of
#: each take about a second on one core; 200,000 took 4.4 s, too long to hold a worker.
MAX_EVENTS = 50_000
#: The candidates one UCDP event keeps (the nearest in days, then km): the pairing's work and memory follow
#: the events compared, never their square, however wide the windows.
MAX_CANDIDATES = 20
#: Seconds the pairing may take before it stops and asks for a narrower view or windows.
TIME_BUDGET_S = 4.0


@dataclass(frozen=True)
class MatchRules:
    """How close two events must be to be taken for the same one."""

    days: int = 1
    km: float = 5.0
    same_side: bool = True


class TooMany(ValueError):
    """The view holds more events than one comparison works through."""


#: The columns a comparison reads of each event.
COLUMNS = ("event_id", "date_start", "latitude", "longitude", "actors", "fatalities", "fatalities_low",
           "fatalities_high", "country", "pos")
#: Below this share of either source's events in the other's time and place, the page says the two barely
#: overlap (and what to load to compare them).
LITTLE_OVERLAP = 0.25


@dataclass(frozen=True)
class Coverage:
    """Where and when one source's events of a view lie: how many, their first and last day, their countries
    (most events first) and the box of their coordinates."""

    name: str
    count: int
    first: pd.Timestamp | None
    last: pd.Timestamp | None
    countries: tuple[str, ...]
    box: tuple[float, float, float, float] | None  # west, south, east, north

    def holds(self, events: pd.DataFrame) -> np.ndarray:
        """Which of ``events`` fall in this source's time and place (its span of days and its box)."""
        if self.first is None or self.box is None or events.empty:
            return np.zeros(len(events), dtype=bool)
        west, south, east, north = self.box
        day = events["date_start"]
        return ((day >= self.first) & (day <= self.last) & events["longitude"].between(west, east)
                & events["latitude"].between(south, north)).to_numpy(dtype=bool)


@dataclass(frozen=True)
class Overlap:
    """How much two sources' events of a view share their time and place: each one's coverage, and how many
    of each fall in the other's."""

    acled: Coverage
    ucdp: Coverage
    acled_in_ucdp: int
    ucdp_in_acled: int

    @property
    def little(self) -> bool:
        """Whether they barely overlap: most of either one's events lie outside the other's time and place."""
        if not self.acled.count or not self.ucdp.count:
            return True
        return min(self.acled_in_ucdp / self.acled.count, self.ucdp_in_acled / self.ucdp.count) < LITTLE_OVERLAP


def overlap(dataset: Dataset, view: View) -> Overlap:
    """Where and when the view's ACLED and UCDP events lie, and how many of each the other covers."""
    acled, ucdp = _both(dataset, view)
    a, u = _coverage(ACLED, acled), _coverage(UCDP, ucdp)
    return Overlap(a, u, int(u.holds(acled).sum()), int(a.holds(ucdp).sum()))


def _coverage(name: str, events: pd.DataFrame) -> Coverage:
    located = events.dropna(subset=["latitude", "longitude"])
    box = None if located.empty else (float(located["longitude"].min()), float(located["latitude"].min()),
                                      float(located["longitude"].max()), float(located["latitude"].max()))
    countries = tuple(events["country"].dropna().astype(str).value_counts().index) if "country" in events else ()
    first = events["date_start"].min() if len(events) else None
    return Coverage(name, len(events), first, events["date_start"].max() if len(events) else None, countries, box)


def pairs(dataset: Dataset, view: View, rules: MatchRules = MatchRules()) -> pd.DataFrame:
    """Pairs of likely-same ACLED and UCDP events in ``view``: one row per pair with both ids, the days and km
    between them and both sources' fatality figures (UCDP's low, best and high)."""
    acled, ucdp = _both(dataset, view)
    day_a, day_u = _days(acled), _days(ucdp)
    lat_a, lon_a = (acled[c].to_numpy(dtype=float) for c in ("latitude", "longitude"))
    lat_u, lon_u = (ucdp[c].to_numpy(dtype=float) for c in ("latitude", "longitude"))
    located_a = np.flatnonzero(~np.isnan(lat_a) & ~np.isnan(lon_a))
    located_u = np.flatnonzero(~np.isnan(lat_u) & ~np.isnan(lon_u))
    located_a = located_a[np.argsort(day_a[located_a], kind="stable")]
    sides_a = _sides(dataset, acled) if rules.same_side else None
    sides_u = _sides(dataset, ucdp) if rules.same_side else None
    found = []
    acled_days = day_a[located_a]
    deadline = time.monotonic() + min(TIME_BUDGET_S, budget.remaining() or TIME_BUDGET_S)
    for n, u in enumerate(located_u):
        if n % 256 == 0 and time.monotonic() > deadline:
            budget.check()  # the request's budget spent: 503, try again
            raise TooMany(_("pairing took more than {seconds} s in this view (narrow its dates, types or actors, or "
                            "the days and kilometres apart)").format(seconds=formats.number(TIME_BUDGET_S)))
        lo, hi = np.searchsorted(acled_days, [day_u[u] - rules.days, day_u[u] + rules.days + 1])
        if lo == hi:
            continue
        near = located_a[lo:hi]
        km = great_circle_km(lat_u[u], lon_u[u], lat_a[near], lon_a[near])
        near, km = near[km <= rules.km], km[km <= rules.km]
        if sides_a is not None and len(near):
            shared = np.fromiter((bool(sides_a[a] & sides_u[u]) for a in near), bool, len(near))
            near, km = near[shared], km[shared]
        apart = np.abs(day_a[near] - day_u[u])
        for i in np.lexsort((km, apart))[:MAX_CANDIDATES]:
            found.append((int(apart[i]), float(km[i]), int(near[i]), int(u)))
    used_a, used_u, kept = set(), set(), []
    for days_apart, distance, a, u in sorted(found):  # rows are in date order, as positions are
        if a not in used_a and u not in used_u:
            used_a.add(a)
            used_u.add(u)
            kept.append((a, u, days_apart, distance))
    return _pair_table(acled, ucdp, kept)


def monthly(dataset: Dataset, view: View, table: pd.DataFrame) -> pd.DataFrame:
    """Per month (of the UCDP event, or the unpaired event's own): events paired, ACLED only, UCDP only,
    and pairs whose fatality figures disagree (ACLED's outside UCDP's low-high range)."""
    acled, ucdp = _both(dataset, view)
    month_a = acled.set_index("pos")["date_start"].dt.to_period("M")
    month_u = ucdp.set_index("pos")["date_start"].dt.to_period("M")
    paired_a, paired_u = set(table["acled_position"]), set(table["ucdp_position"])
    rows = pd.concat([
        pd.DataFrame({"month": month_u[month_u.index.isin(paired_u)].to_numpy(), "kind": "paired"}),
        pd.DataFrame({"month": month_a[~month_a.index.isin(paired_a)].to_numpy(), "kind": "ACLED only"}),
        pd.DataFrame({"month": month_u[~month_u.index.isin(paired_u)].to_numpy(), "kind": "UCDP only"}),
        pd.DataFrame({"month": month_u.loc[list(table.loc[table["fatalities_disagree"], "ucdp_position"])].to_numpy(),
                      "kind": "fatalities disagree"}),
    ], ignore_index=True)
    counts = rows.groupby(["month", "kind"]).size().unstack(fill_value=0)
    for kind in ("paired", "ACLED only", "UCDP only", "fatalities disagree"):
        if kind not in counts:
            counts[kind] = 0
    return counts[["paired", "ACLED only", "UCDP only", "fatalities disagree"]].sort_index().reset_index()


def _both(dataset: Dataset, view: View) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The view's ACLED and UCDP events (``COLUMNS``, date order); ``TooMany`` past ``MAX_EVENTS`` of either."""
    engine = dataset.engine
    present = engine.origin_counts(view.filter) if set(dataset.origins) & {ACLED, UCDP} else {}
    most = max(present.get(ACLED, 0), present.get(UCDP, 0))
    if most > MAX_EVENTS:
        raise TooMany(ngettext("this view holds {n} event of one source; compare at most {most} (filter by dates, "
                               "type or actor)",
                               "this view holds {n} events of one source; compare at most {most} (filter by dates, "
                               "type or actor)", most).format(n=formats.number(most), most=formats.number(MAX_EVENTS)))
    return tuple(engine.rows(view.filter.from_source(origin), columns=COLUMNS) if present.get(origin)
                 else pd.DataFrame({c: pd.Series(dtype="datetime64[s]" if c == "date_start" else object)
                                    for c in COLUMNS}) for origin in (ACLED, UCDP))


def _days(events: pd.DataFrame) -> np.ndarray:
    return events["date_start"].to_numpy().astype("datetime64[D]").astype(np.int64)


def _sides(dataset: Dataset, events: pd.DataFrame) -> list[set[str]]:
    """The counted actors of each event."""
    counted_as = dataset.registry.counted_as
    return [{counted_as(name) for name in names} for names in events["actors"]]


def _pair_table(acled: pd.DataFrame, ucdp: pd.DataFrame, kept: list[tuple[int, int, int, float]]) -> pd.DataFrame:
    a = [k[0] for k in kept]
    u = [k[1] for k in kept]

    def column(events: pd.DataFrame, name: str, rows: list[int]) -> np.ndarray:
        return events[name].iloc[rows].to_numpy() if name in events else np.full(len(rows), pd.NA)

    table = pd.DataFrame({
        "acled_id": column(acled, "event_id", a), "ucdp_id": column(ucdp, "event_id", u),
        "acled_date": column(acled, "date_start", a), "ucdp_date": column(ucdp, "date_start", u),
        "days_apart": [k[2] for k in kept], "km_apart": [round(k[3], 2) for k in kept],
        "acled_fatalities": column(acled, "fatalities", a), "ucdp_low": column(ucdp, "fatalities_low", u),
        "ucdp_best": column(ucdp, "fatalities", u), "ucdp_high": column(ucdp, "fatalities_high", u),
        "acled_position": column(acled, "pos", a), "ucdp_position": column(ucdp, "pos", u),
    })
    low = pd.to_numeric(table["ucdp_low"], errors="coerce").fillna(pd.to_numeric(table["ucdp_best"], errors="coerce"))
    high = pd.to_numeric(table["ucdp_high"], errors="coerce").fillna(pd.to_numeric(table["ucdp_best"], errors="coerce"))
    acled_figure = pd.to_numeric(table["acled_fatalities"], errors="coerce")
    table["fatalities_disagree"] = ((acled_figure < low) | (acled_figure > high)).fillna(False).astype(bool)
    return table
