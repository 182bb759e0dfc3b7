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


def when_text(event) -> str:
    """The date as the source words it, then the window it was resolved to."""
    window = window_text(event.date_start, event.date_end, event.date_precision)
    note = PRECISION_NOTES.get(event.date_precision, event.date_precision)
    resolved = f"{window} ({note})" if note else window
    said = event.date_text if isinstance(event.date_text, str) and event.date_text else None
    return f"“{said}” — {resolved}" if said else resolved


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
