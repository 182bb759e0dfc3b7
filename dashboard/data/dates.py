"""Resolve a source's relative date wording against its publication date.

News copy says "Thursday", "early May" or "23 April" and leaves the year to
the reader. ``resolve_date_text`` turns such wording into the widest window of
days the words allow, so that no date is stored more precisely than its basis.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

WEEKDAYS = {name.lower(): number for number, name in enumerate(calendar.day_name)}
MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
PART_OF_MONTH = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}


@dataclass(frozen=True)
class DateWindow:
    """The days a wording allows: ``start``..``end`` inclusive, with a precision term."""

    start: date
    end: date
    precision: str


def resolve_date_text(text: str, published: date, *, future: bool = False) -> DateWindow | None:
    """The window of days that ``text`` allows, read as of ``published``.

    Understands: a weekday with an optional part of day ("Thursday",
    "Saturday evening"): the last such day on or before publication, or the
    next on or after it when ``future``; "23 April" (the year of the nearest
    such date before or, when ``future``, after publication); "early/mid/late
    May"; "autumn of 2020" (1 September to 21 December, every reading of
    autumn); "in 2020"/"2020"; "early 1990s" (1990-1994); "for several months"
    (up to a year before publication). Returns None for wording it does not
    understand.
    """
    words = re.sub(r"\s+", " ", text.strip().lower())
    for parser in (_weekday, _day_month, _part_of_month, _autumn, _year, _early_decade, _several_months):
        window = parser(words, published, future)
        if window is not None:
            return window
    return None


def _weekday(words: str, published: date, future: bool) -> DateWindow | None:
    match = re.fullmatch(r"(?:on )?(\w+day)(?: (?:morning|afternoon|evening|night))?", words)
    if not match or match.group(1) not in WEEKDAYS:
        return None
    offset = (published.weekday() - WEEKDAYS[match.group(1)]) % 7
    day = published + timedelta(days=(-offset % 7) if future else -offset)
    return DateWindow(day, day, "day")


def _day_month(words: str, published: date, future: bool) -> DateWindow | None:
    match = re.fullmatch(r"(?:on )?(\d{1,2}) (\w+)", words)
    if not match or match.group(2) not in MONTHS:
        return None
    month, day_number = MONTHS[match.group(2)], int(match.group(1))
    year = published.year
    candidate = date(year, month, day_number)
    if future and candidate < published:
        candidate = date(year + 1, month, day_number)
    elif not future and candidate > published:
        candidate = date(year - 1, month, day_number)
    return DateWindow(candidate, candidate, "day")


def _part_of_month(words: str, published: date, future: bool) -> DateWindow | None:
    match = re.fullmatch(r"(?:in )?(early|mid|late)[ -](\w+)", words)
    if not match or match.group(2) not in MONTHS:
        return None
    month = MONTHS[match.group(2)]
    year = published.year
    if (month > published.month) and not future:
        year -= 1
    first, last = PART_OF_MONTH[match.group(1)]
    last = min(last, calendar.monthrange(year, month)[1])
    return DateWindow(date(year, month, first), date(year, month, last), "approximate")


def _autumn(words: str, published: date, future: bool) -> DateWindow | None:
    match = re.fullmatch(r"(?:in )?(?:the )?autumn (?:of )?(\d{4})", words)
    if not match:
        return None
    year = int(match.group(1))
    return DateWindow(date(year, 9, 1), date(year, 12, 21), "approximate")


def _year(words: str, published: date, future: bool) -> DateWindow | None:
    match = re.fullmatch(r"(?:in )?(\d{4})", words)
    if not match:
        return None
    year = int(match.group(1))
    return DateWindow(date(year, 1, 1), date(year, 12, 31), "year")


def _early_decade(words: str, published: date, future: bool) -> DateWindow | None:
    match = re.fullmatch(r"(?:in )?(?:the )?early (\d{3})0s", words)
    if not match:
        return None
    decade = int(match.group(1)) * 10
    return DateWindow(date(decade, 1, 1), date(decade + 4, 12, 31), "approximate")


def _several_months(words: str, published: date, future: bool) -> DateWindow | None:
    if words not in ("for several months", "for some months"):
        return None
    return DateWindow(published.replace(year=published.year - 1), published, "approximate")
