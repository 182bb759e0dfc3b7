"""How events are put into words: dates with their precision, casualties, places.

Shared by the figures' hover text, the details panel and the exports, so the
same event reads the same everywhere.
"""

from __future__ import annotations

import pandas as pd

PRECISION_NOTES = {
    "day": "",
    "month": "known to the month",
    "year": "known to the year",
    "approximate": "approximate",
}


def window_text(start: pd.Timestamp, end: pd.Timestamp, precision: str) -> str:
    """The resolved window, no more precise than its precision: "11 May 2023", "Feb 1988 – May 1994"."""
    if precision == "year":
        fmt = "%Y"
    elif precision == "month":
        fmt = "%b %Y"
    else:
        fmt = "%-d %b %Y"
    first, last = start.strftime(fmt), end.strftime(fmt)
    if first == last:
        return first
    if precision in ("day", "approximate") and start.year == end.year:
        if start.month == end.month:
            return f"{start.day}–{end.strftime(fmt)}"
        return f"{start.strftime('%-d %b')} – {last}"
    return f"{first} – {last}"


def still_going(events: pd.DataFrame) -> pd.Series:
    """Which events are spans still under way when their source was published: a span known to the day that
    runs to the publication day ("since then", "already")."""
    if "source_date" not in events:
        return pd.Series(False, index=events.index)
    published = pd.to_datetime(events["source_date"])
    return ((events["date_end"] > events["date_start"]) & (events["date_precision"] == "day")
            & published.notna() & (events["date_end"] == published)).fillna(False).astype(bool)


def is_still_going(event) -> bool:
    """``still_going`` for one event (a row)."""
    published = getattr(event, "source_date", None)
    return bool(published is not None and not pd.isna(published) and event.date_precision == "day"
                and event.date_end > event.date_start and pd.Timestamp(event.date_end) == pd.Timestamp(published))


def event_window_text(event) -> str:
    """The event's window in words: ``window_text``, or "12 Dec 2022 – still going on 14 May 2023" for a span
    still under way when its source was published."""
    if is_still_going(event):
        return f"{event.date_start:%-d %b %Y} – still going on {event.date_end:%-d %b %Y}"
    return window_text(event.date_start, event.date_end, event.date_precision)


def when_text(event) -> str:
    """The date as the source words it, then the window it was resolved to."""
    window = event_window_text(event)
    note = PRECISION_NOTES.get(event.date_precision, event.date_precision)
    resolved = f"{window} ({note})" if note else window
    said = event.date_text if isinstance(event.date_text, str) and event.date_text else None
    return f"“{said}” — {resolved}" if said else resolved


def count_words(count: int, noun: str, plural: str | None = None) -> str:
    """"1 event", "2 events", "1,239 events": a count with its noun, singular or plural as it must be."""
    return f"{count:,} {noun if count == 1 else (plural or noun + 's')}"


def plural_endings(counts) -> list[str]:
    """For a chart's hover "%{y} event%{customdata}": "" where a count is one, "s" elsewhere."""
    return ["" if int(n) == 1 else "s" for n in counts]


def casualties_text(event) -> str:
    """"1 killed, 4 wounded", or "" when the source gives no figure."""
    parts = []
    if not pd.isna(event.fatalities):
        parts.append(f"{int(event.fatalities):,} killed")
    if not pd.isna(event.injuries):
        parts.append(f"{int(event.injuries):,} wounded")
    return ", ".join(parts)


def place_text(event) -> str:
    """"Brussels, Belgium" (location and country, without repeats)."""
    names = [n for n in (event.location, event.country) if isinstance(n, str) and n]
    if len(names) == 2 and names[1] in names[0]:
        names = names[:1]
    return ", ".join(names)
