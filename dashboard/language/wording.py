"""How events are put into words: dates with their precision, casualties, places.

Shared by the figures' hover text, the details panel and the exports, so the
same event reads the same everywhere. Every word goes through the translation
function and every date and number through the formatter (``dashboard.language``),
in the language of the request being answered.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from dashboard.language import N_, _, formats, ngettext

#: What a date's precision adds to its window, by precision (marked English texts: ``precision_note`` shows one).
PRECISION_NOTES = {
    "day": "",
    "month": N_("known to the month"),
    "year": N_("known to the year"),
    "approximate": N_("approximate"),
}


def precision_note(precision: str) -> str:
    """What ``precision`` adds to a date, in the current language: "" for a day, "known to the month", …; an
    unknown precision as the data gives it."""
    note = PRECISION_NOTES.get(precision, precision)
    return _(note) if precision in PRECISION_NOTES and note else note


def window_text(start: pd.Timestamp, end: pd.Timestamp, precision: str) -> str:
    """The resolved window, no more precise than its precision: "11 May 2023", "Feb 1988 – May 1994"."""
    if precision == "year":
        write = formats.year
    elif precision == "month":
        write = formats.month
    else:
        write = formats.day
    first, last = write(start), write(end)
    if first == last:
        return first
    if precision in ("day", "approximate") and start.year == end.year:
        if start.month == end.month:
            # Translators: days of one month, "1–4 May 2023"
            return _("{first_day}–{last}").format(first_day=formats.number(start.day), last=last)
        return _("{start} – {end}").format(start=formats.day_month(start), end=last)
    # Translators: a stretch of time, "Feb 1988 – May 1994"
    return _("{start} – {end}").format(start=first, end=last)


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
        return _("{start} – still going on {published}").format(start=formats.day(event.date_start),
                                                                published=formats.day(event.date_end))
    return window_text(event.date_start, event.date_end, event.date_precision)


def when_text(event) -> str:
    """The date as the source words it, then the window it was resolved to."""
    window = event_window_text(event)
    note = precision_note(event.date_precision)
    # Translators: an event's window and how precisely it is known, "May 2023 (known to the month)"
    resolved = _("{window} ({note})").format(window=window, note=note) if note else window
    said = event.date_text if isinstance(event.date_text, str) and event.date_text else None
    # Translators: the date as the source words it, then the window it was resolved to
    return _("“{said}” — {resolved}").format(said=said, resolved=resolved) if said else resolved




def events_count(n: int) -> str:
    """"1 event", "1,239 events", in the current language (a chart with many counts keeps one per count:
    ``functools.cache(events_count)``)."""
    return ngettext("{n} event", "{n} events", n).format(n=formats.number(n))


def casualties_text(event) -> str:
    """"1 killed, 4 wounded", or "" when the source gives no figure."""
    parts = []
    if not pd.isna(event.fatalities):
        killed = int(event.fatalities)
        parts.append(ngettext("{n} killed", "{n} killed", killed).format(n=formats.number(killed)))
    if not pd.isna(event.injuries):
        wounded = int(event.injuries)
        parts.append(ngettext("{n} wounded", "{n} wounded", wounded).format(n=formats.number(wounded)))
    return ", ".join(parts)


def either(choices: Sequence[str]) -> str:
    """"png, svg or html": the choices of which one is to be taken, in the current language."""
    if len(choices) < 2:
        return "".join(choices)
    # Translators: the last of a list of choices, "png, svg or html"
    return _("{choices} or {last}").format(choices=", ".join(choices[:-1]), last=choices[-1])


def place_text(event) -> str:
    """"Brussels, Belgium" (location and country, without repeats)."""
    names = [n for n in (event.location, event.country) if isinstance(n, str) and n]
    if len(names) == 2 and names[1] in names[0]:
        names = names[:1]
    return ", ".join(names)
