"""What changed (#25): each area's (or actor's, or type's) events this week against its own recent past, as ACLED's
analysts define change (Trendfinder and the Conflict Change Map; the Subnational Surge and Threat trackers).

Weeks are defined once: the current week is the 7 days ending on ``as_of`` (both included), week ``k`` the 7-day
block ``k`` weeks before it. Only events that occurred count (a meeting still planned when its source was
published is not a week's news). An event counts in each week in proportion to the overlap of its window with the
week — a month-precise event adds 7/30 of itself to a week inside its 30-day month — never piled onto one
guessed day. The weeks' counts (and where each area lies) are one engine query (``trend_weeks``); the table is plain arithmetic on them
(``trend_table``):

- **change bands**: the current week against the mean of the previous 4 and of the previous 52 weeks — over
  +25 % *large increase*, over +10 % to +25 % *moderate increase*, −25 % to +10 % *limited change*, under
  −25 % *large decrease*; when the mean is at most 2 events and the current week at most 5, *limited change*
  whatever the percentage;
- **surge**: the current week at least 100 % above the mean of the previous 4 weeks, where that mean is at
  least 1 event;
- **threat**: the mean of the last 4 weeks (the current one included) at least 100 % above the mean of the 52
  weeks before them (with none before, any event in the last 4 weeks).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from datetime import date

import ibis
import ibis.expr.datatypes as dt
import ibis.expr.types as ir
import numpy as np
import pandas as pd

from dashboard.language import N_
from dashboard.query.filter import Filter
from dashboard.query.prepared import slot
from dashboard.query.rules import STATUS, area_of

#: Weeks a trend reads: the current one, the 3 before it and the 52 before those (threat's baseline).
WEEKS = 56
#: What areas are counted by, and the engine's column for each (an actor is every actor an event names).
BY = ("admin1", "country", "actor", "type")
#: The bands, from the largest increase down (marked English texts: the page translates them).
LARGE_INCREASE, MODERATE_INCREASE, LIMITED_CHANGE, LARGE_DECREASE = (
    N_("large increase"), N_("moderate increase"), N_("limited change"), N_("large decrease"))
BANDS = (LARGE_INCREASE, MODERATE_INCREASE, LIMITED_CHANGE, LARGE_DECREASE)
#: The area of an event that names neither an admin1 nor a country.
NO_AREA = "(no area named)"
TABLE_COLUMNS = ("area", "current_week", "mean_4w", "mean_52w", "change_4w_pct", "change_52w_pct", "band_4w",
                 "band_52w", "surge", "threat")


def epoch_day(day: date) -> int:
    """Days since 1 January 1970."""
    return (day - date(1970, 1, 1)).days


def happened(flt: Filter) -> Filter:
    """``flt`` without what was still planned when its source was published: a trend counts what occurred."""
    return flt.where(STATUS, "occurred")


def in_weeks(flt: Filter, as_of: date) -> Filter:
    """``flt`` narrowed to the events that occurred overlapping the ``WEEKS`` weeks to ``as_of``: all a trend
    reads."""
    last = epoch_day(as_of)
    return happened(flt).within((pd.Timestamp(last - 7 * WEEKS + 1, unit="D"), pd.Timestamp(last + 1, unit="D")))


@dataclass(frozen=True)
class Weeks:
    """What a trend reads, from one engine query (``trend_weeks``): ``counts``, areas × weeks 0..``WEEKS`` - 1
    (floats: each event spread over the weeks its window overlaps), and ``centres`` (area, latitude, longitude):
    where each area's located events of those weeks lie, each weighed by its share of itself in them (its mark
    on the map of bands; an actor or a type is where its events are)."""

    as_of: date | None
    counts: pd.DataFrame
    centres: pd.DataFrame

    @cached_property
    def table(self) -> pd.DataFrame:
        """The trend table (``trend_table``) of the weeks (made once: the page and both charts read it)."""
        return trend_table(self.counts)


def trend_weeks(engine, flt: Filter, by: str, as_of: date) -> Weeks:
    """What ``flt`` keeps counted per area (``by``) and week before ``as_of`` (0: the current week, up to
    ``WEEKS`` - 1), with the areas' centres — one engine query."""
    last, kept = epoch_day(as_of), in_weeks(flt, as_of)

    def build(events: ir.Table) -> ir.Table:
        end_day = slot("as_of", "int64")
        start = (events.date_start.epoch_seconds() // 86_400).cast("int64")
        end = (events.date_end.epoch_seconds() // 86_400).cast("int64")
        dated = _areas(engine, events, by).mutate(s=start, e=end)
        newest = ibis.greatest((end_day - dated.e) // 7, 0)     # the most recent week the window touches
        oldest = ibis.least((end_day - dated.s) // 7, WEEKS - 1)  # and the oldest
        weeks = dated.mutate(k=ibis.range(newest, oldest + 1).unnest())
        week_end = end_day - 7 * weeks.k
        overlap = ibis.least(weeks.e, week_end) - ibis.greatest(weeks.s, week_end - 6) + 1
        share = weeks.mutate(w=overlap.cast("float64") / (weeks.e - weeks.s + 1).cast("float64"))
        located = share.latitude.notnull() & share.longitude.notnull()
        # summed as decimals: exact, so the engine's threads give the same answer in any order (every door draws
        # the same figure); each row's share to 12 places
        w, lat, lon = (_exact(x) for x in (share.w, share.w * share.latitude, share.w * share.longitude))
        return share.group_by(["area", "k"]).agg(n=w.sum(), placed=w.sum(where=located), lat=lat.sum(where=located),
                                                 lon=lon.sum(where=located))

    found = engine.frame(engine.ask(("trends", by), kept, build, {"as_of": last}))
    if found.empty:
        return _nothing(as_of)
    found["area"] = found["area"].fillna(NO_AREA).astype(str)
    found[["n", "placed", "lat", "lon"]] = found[["n", "placed", "lat", "lon"]].astype(float)
    counts = found.pivot_table(index="area", columns="k", values="n", aggfunc="sum", fill_value=0.0)
    counts = counts.reindex(columns=range(WEEKS), fill_value=0.0).astype(float).round(9)
    sums = found.groupby("area")[["placed", "lat", "lon"]].sum(min_count=1)
    sums = sums[sums["placed"] > 0]
    centres = pd.DataFrame({"area": sums.index.astype(str),
                            "latitude": (sums["lat"] / sums["placed"]).round(6).to_numpy(),
                            "longitude": (sums["lon"] / sums["placed"]).round(6).to_numpy()})
    return Weeks(as_of, counts, centres.sort_values("area").reset_index(drop=True))


def _exact(value: ir.NumericValue) -> ir.DecimalValue:
    """``value`` as a decimal of 12 places: sums of them do not depend on the order they are added in."""
    return value.cast(dt.Decimal(38, 12))


def _nothing(as_of: date | None) -> Weeks:
    return Weeks(as_of, pd.DataFrame(columns=range(WEEKS), dtype=float),
                 pd.DataFrame(columns=["area", "latitude", "longitude"]))


def weekly_counts(engine, flt: Filter, by: str, as_of: date) -> pd.DataFrame:
    """The areas × weeks counts of ``trend_weeks``."""
    return trend_weeks(engine, flt, by, as_of).counts


def _areas(engine, events: ir.Table, by: str) -> ir.Table:
    """``events`` with an ``area`` column: its area (``rules.area_of``), its country, its type, or — one row
    per actor it names, counted as the registry counts them — its actor."""
    if by == "admin1":
        return events.mutate(area=area_of(events))
    if by == "country":
        return events.mutate(area=events.country)
    if by == "type":
        return events.mutate(area=events.event_type)
    mentions = engine.mentions
    joined = events.join(mentions, events.pos == mentions.pos)
    return joined.mutate(area=joined.actor)


def change_pct(current: float, mean: float) -> float | None:
    """How far the current week is from a mean, in percent; None against a mean of 0."""
    return None if mean == 0 else (current - mean) / mean * 100.0


def band(current: float, mean: float) -> str:
    """The change band of the current week against a mean (ACLED's Conflict Change Map)."""
    if mean <= 2 and current <= 5:
        return LIMITED_CHANGE
    pct = change_pct(current, mean)
    if pct is None or pct > 25:
        return LARGE_INCREASE
    if pct > 10:
        return MODERATE_INCREASE
    if pct >= -25:
        return LIMITED_CHANGE
    return LARGE_DECREASE


def trend_table(weekly: pd.DataFrame) -> pd.DataFrame:
    """One row per area of ``weekly`` (areas × weeks 0..``WEEKS``-1): the current week, the 4- and 52-week
    means before it, the change in percent against each and its band, and the Surge and Threat flags; the
    areas whose current week changed most first. Whole columns at a time (a view may have thousands of actors)."""
    counts = weekly.to_numpy(dtype=float).reshape(len(weekly), WEEKS)
    current, mean_4w, mean_52w = counts[:, 0], counts[:, 1:5].mean(axis=1), counts[:, 1:53].mean(axis=1)
    last_4w, before = counts[:, 0:4].mean(axis=1), counts[:, 4:56].mean(axis=1)
    table = pd.DataFrame({
        "area": [str(a) for a in weekly.index], "current_week": current, "mean_4w": mean_4w, "mean_52w": mean_52w,
        "change_4w_pct": [change_pct(c, m) for c, m in zip(current, mean_4w, strict=True)],
        "change_52w_pct": [change_pct(c, m) for c, m in zip(current, mean_52w, strict=True)],
        "band_4w": [band(c, m) for c, m in zip(current, mean_4w, strict=True)],
        "band_52w": [band(c, m) for c, m in zip(current, mean_52w, strict=True)],
        "surge": (mean_4w >= 1) & (current >= 2 * mean_4w),
        "threat": np.where(before > 0, last_4w >= 2 * before, last_4w > 0),
    }, columns=list(TABLE_COLUMNS))
    table["surge"], table["threat"] = table["surge"].astype(bool), table["threat"].astype(bool)
    order = np.lexsort((table["area"].to_numpy(dtype=str), -np.abs(current - mean_4w))) if len(table) else []
    return table.iloc[order].reset_index(drop=True)


def view_weeks(dataset, view) -> Weeks:
    """The weeks of ``view``'s trends: by its ``by``, to its ``as_of`` (default: the last day of its events that
    occurred — a meeting still planned is no week's news); no day and nothing counted for a view without any."""
    as_of = view.state.value("as_of")
    if as_of is None and view.count:
        occurred = dataset.engine.summary(happened(view.filter))
        as_of = occurred.last.date() if occurred.count else None
    if as_of is None:
        return _nothing(None)
    return trend_weeks(dataset.engine, view.filter, view.state.value("by"), as_of)


def view_trends(dataset, view) -> tuple[date | None, pd.DataFrame]:
    """The week's end and the trend table of ``view`` (``view_weeks``)."""
    weeks = view_weeks(dataset, view)
    return weeks.as_of, weeks.table


def emerging_actors(engine, flt: Filter, as_of: date) -> pd.DataFrame:
    """Actors active in the last 4 weeks to ``as_of`` in a country where they were not in the 52 weeks before
    (ACLED's emerging-actor tracker), each with its first event of those 4 weeks (the earliest; on the same day,
    the first in the data): columns actor, country, event_id, first_day — one engine query, which answers only
    the emerging ones."""
    last, kept = epoch_day(as_of), in_weeks(flt, as_of)

    def build(events: ir.Table) -> ir.Table:
        end_day = slot("as_of", "int64")
        mentions = engine.mentions
        joined = events.join(mentions, "pos")
        start = (joined.date_start.epoch_seconds() // 86_400).cast("int64")
        end = (joined.date_end.epoch_seconds() // 86_400).cast("int64")
        recent = (end >= end_day - 27) & (start <= end_day)
        order = start * _POSITIONS + joined.pos  # by day, then by place in the data: one number, no ties
        found = joined.group_by([joined.actor, joined.country]).agg(
            recent=recent.any(), before=(start < end_day - 27).any(),
            event_id=joined.event_id.argmin(order, where=recent), first=start.min(where=recent))
        return found.filter(found.recent & ~found.before)

    found = engine.frame(engine.ask(("emerging",), kept, build, {"as_of": last}))
    new = found.assign(first_day=pd.to_datetime(found["first"].astype("int64"), unit="D"))
    return new[["actor", "country", "event_id", "first_day"]].sort_values(["first_day", "actor"]).reset_index(drop=True)


#: More than the events any store holds: a day times this plus a position orders by day, then by position.
_POSITIONS = 1 << 32
