"""Dates as an article words them, resolved against its publication date into a window no more precise than
its words — the project's rules (weekdays before or after publication, loose words as windows, the basis in
words, as the curated rows give it); ``dateparser`` reads a single day and month.

Each finding keeps the words it was read from (``said``) and where they stand in the sentence, so a sentence
with several dates ("On Thursday, … and on Friday, …") gives one candidate per date.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import dateparser

from dashboard.language import formats

WEEKDAYS = tuple(calendar.day_name)  # Monday … Sunday, in English: the article's language
MONTHS = tuple(calendar.month_name)[1:]
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": 3, "a few": 3}
SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 2)}
#: Days of a month called early, mid and late.
PARTS = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}
#: The window of an event the text dates no further than "in the past" (a report on recent news).
UNDATED_DAYS = 30

_MONTH = "|".join(MONTHS)
_WEEKDAY = "|".join(WEEKDAYS)
#: A number in figures, thousands separated by commas or not ("2,500", "2500")
FIGURES = r"\d{1,3}(?:,\d{3})+|\d+"
_NUMBER = rf"{FIGURES}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|a few"
PATTERNS = (
    ("day_month", re.compile(rf"\b(?:[Oo]n\s+)?(\d{{1,2}})\s+({_MONTH})(?:\s+(\d{{4}}))?\b")),
    ("month_day", re.compile(rf"\b(?:[Oo]n\s+)?({_MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\b")),
    ("weekday", re.compile(rf"\b(?:[Oo]n\s+|[Ll]ast\s+)?({_WEEKDAY})(?:\s+(morning|afternoon|evening|night))?\b")),
    ("part_month", re.compile(rf"\b(?:in\s+)?(early|mid|late)[\s-]+({_MONTH})(?:\s+(\d{{4}}))?\b", re.I)),
    ("season", re.compile(r"\b(?:in\s+)?(?:the\s+)?(spring|summer|autumn|fall|winter)\s+of\s+(\d{4})\b", re.I)),
    ("decade", re.compile(r"\b(?:in\s+)?(?:the\s+)?(?:(early|mid|late)[\s-]+)?(1[89]\d0|20\d0)s\b", re.I)),
    ("month", re.compile(rf"\b(?:[Ii]n\s+)({_MONTH})(?:\s+(\d{{4}}))?\b")),
    ("ago", re.compile(rf"\b(more than\s+|over\s+|about\s+|some\s+)?({_NUMBER})\s+(decades?|years?|months?|weeks?|days?)"
                       r"\s+ago\b", re.I)),
    ("since", re.compile(r"\b(?:ever\s+)?since\s+(then|(?:19|20)\d\d)\b", re.I)),
    ("for", re.compile(rf"\bfor\s+(?:the\s+(?:past|last)\s+)?({_NUMBER})\s+(months?|weeks?|days?)\b", re.I)),
    ("last", re.compile(r"\b(last|this)\s+(week|month|year)\b", re.I)),
    ("year", re.compile(r"\b(?:[Ii]n|[Oo]f|[Dd]uring)\s+((?:19|20)\d\d)\b")),
)


@dataclass(frozen=True)
class When:
    """A date found in a sentence: its window, how precise it is, the words and how the window was fixed."""

    start: date
    end: date
    precision: str
    said: str
    basis: str
    where: tuple[int, int] = (0, 0)  # the words' offsets in the sentence
    since: bool = False  # "since then": the window starts at the date before it in the text


def dates_in(text: str, published: date, *, future: bool = False) -> list[When]:
    """The dates ``text`` words, in order, resolved against ``published``; ``future`` when the sentence speaks
    of something still to come (a weekday is then the next one, a day and month the next such day)."""
    found: list[When] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in PATTERNS:
        for match in pattern.finditer(text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            try:
                when = RESOLVE[kind](match, published, future)
            except (ValueError, OverflowError):  # "3000 years ago", "year 0000": outside the calendar
                when = None
            if when is not None:
                found.append(_at(when, match))
                taken.append((match.start(), match.end()))
    return sorted(found, key=lambda w: w.where)


def undated(published: date) -> When:
    """The window of an event the text gives no date for, reported as past in a text of ``published``."""
    return When(published - timedelta(days=UNDATED_DAYS), published, "approximate", "not stated",
                f"The text gives no date; it reports the event as past in a text published {_long(published)}: "
                f"the window is the {UNDATED_DAYS} days up to publication.")


def since(when: When, before: When, published: date) -> When:
    """A "since then" window: from the start of the date the text gave before it to publication."""
    return When(before.start, published, before.precision, when.said,
                f"“{when.said}” refers to the date before it in the text (“{before.said}”): from its start, "
                f"{formats.day(before.start)}, to publication, {formats.day(published)}.", when.where)


def _at(when: When, match: re.Match) -> When:
    return When(when.start, when.end, when.precision, match.group(0).strip(), when.basis, (match.start(), match.end()),
                when.since)


def _long(day: date) -> str:
    return f"{WEEKDAYS[day.weekday()]} {formats.day(day)}"


def _year_of(month: int, day: int, published: date, future: bool) -> tuple[int, str]:
    """The year of a day and month a text gives without one: the last before publication, or the next after
    it for something to come; with the words saying so."""
    year = published.year
    candidate = _safe(year, month, day)
    if future and candidate < published:
        year += 1
    elif not future and candidate > published:
        year -= 1
    which = "the next" if future else "the last"
    return year, f"the year is resolved from the publication date, {formats.day(published)} ({which} such day)"


def _safe(year: int, month: int, day: int) -> date:
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _day_month(match, published, future) -> When | None:
    day, month, year = (match.group(1), match.group(2), match.group(3)) if match.re is PATTERNS[0][1] \
        else (match.group(2), match.group(1), match.group(3))
    words = f"{day} {month}" + (f" {year}" if year else "")
    settings = {"RELATIVE_BASE": datetime.combine(published, datetime.min.time()),
                "PREFER_DATES_FROM": "future" if future else "past", "DATE_ORDER": "DMY"}
    parsed = dateparser.parse(words, languages=["en"], settings=settings)
    if parsed is None:
        return None
    resolved = parsed.date()
    if year:
        basis = f"Stated in the text (“{match.group(0).strip()}”)."
    else:
        resolved = _safe(_year_of(resolved.month, resolved.day, published, future)[0], resolved.month, resolved.day)
        basis = f"Stated in the text (“{match.group(0).strip()}”); " + _year_of(resolved.month, resolved.day,
                                                                               published, future)[1] + "."
    return When(resolved, resolved, "day", "", basis)


def _weekday(match, published, future) -> When:
    wanted = WEEKDAYS.index(match.group(1))
    if future:
        ahead = (wanted - published.weekday()) % 7 or 7
        day = published + timedelta(days=ahead)
        how = f"the next {match.group(1)} after it is {formats.day(day)}"
    else:
        back = (published.weekday() - wanted) % 7
        day = published - timedelta(days=back)
        how = (f"“{match.group(1)}” is the day of publication, {formats.day(day)}" if back == 0
               else f"the {match.group(1)} before it is {formats.day(day)}")
    return When(day, day, "day", "", f"Resolved from the publication date ({_long(published)}): {how}.")


def _part_month(match, published, future) -> When:
    part, month = match.group(1).lower(), MONTHS.index(match.group(2).capitalize()) + 1
    year = int(match.group(3)) if match.group(3) else _year_of(month, 1, published, future)[0]
    first, last = PARTS[part]
    start, end = _safe(year, month, first), _safe(year, month, last)
    if not future and start <= published < end:
        end = published  # "in early May" in a text of 5 May: up to publication
    return When(start, end, "approximate", "", f"“{part}” {match.group(2)} read as days {first}–{min(last, end.day)} "
                                               f"of {match.group(2)} {year}" + (
                                                   "" if match.group(3) else f", the year from the publication date, "
                                                                             f"{formats.day(published)}") + ".")


def _season(match, published, future) -> When:
    first, last = SEASONS[match.group(1).lower()]
    year = int(match.group(2))
    end_year = year + 1 if last < first else year
    start, end = date(year, first, 1), _safe(end_year, last, 31)
    return When(start, end, "month", "", f"“{match.group(0).strip()}” read as the months {MONTHS[first - 1]} to "
                                         f"{MONTHS[last - 1]} (meteorological seasons, northern hemisphere).")


def _decade(match, published, future) -> When:
    decade, part = int(match.group(2)), (match.group(1) or "").lower()
    first, last = {"early": (0, 3), "mid": (4, 6), "late": (7, 9), "": (0, 9)}[part]
    return When(date(decade + first, 1, 1), date(decade + last, 12, 31), "year", "",
                f"“{match.group(0).strip()}” read as the years {decade + first}–{decade + last}.")


def _month(match, published, future) -> When:
    month = MONTHS.index(match.group(1)) + 1
    year = int(match.group(2)) if match.group(2) else _year_of(month, 1, published, future)[0]
    end = _safe(year, month, 31)
    return When(date(year, month, 1), min(end, published) if not future and date(year, month, 1) <= published else end,
                "month", "", f"“{match.group(0).strip()}”: the month of {match.group(1)} {year}" +
                ("." if match.group(2) else f", the year from the publication date, {formats.day(published)}."))


def number_said(word: str) -> int:
    """The number ``word`` says: in figures ("2,500"), or in words ("three", "several")."""
    word = word.lower().replace(",", "")
    return int(word) if word.isdigit() else NUMBER_WORDS[word]


def _back(published: date, amount: int, unit: str) -> date:
    unit = unit.rstrip("s").lower()
    if unit in ("decade", "year"):
        years = amount * (10 if unit == "decade" else 1)
        return _safe(published.year - years, published.month, published.day)
    if unit == "month":
        months = published.year * 12 + published.month - 1 - amount
        return _safe(months // 12, months % 12 + 1, published.day)
    return published - timedelta(days=amount * (7 if unit == "week" else 1))


def _ago(match, published, future) -> When:
    amount, unit = number_said(match.group(2)), match.group(3)
    more = (match.group(1) or "").strip().lower() in ("more than", "over")
    point = _back(published, amount, unit)
    # "three decades ago" is loose: a unit either side; "more than three decades ago" reaches one unit further back
    start, end = (_back(published, amount + 1, unit), point) if more else (_back(published, amount + 1, unit),
                                                                           _back(published, max(amount - 1, 0), unit))
    return When(start, end, "approximate", "", f"“{match.group(0).strip()}” counted back from the publication date, "
                                               f"{formats.day(published)}: {formats.day(start)} – {formats.day(end)}.")


def _since(match, published, future) -> When:
    if match.group(1).lower() == "then":
        return When(published, published, "approximate", "", "", since=True)
    year = int(match.group(1))
    return When(date(year, 1, 1), published, "year", "", f"“{match.group(0).strip()}”: from {year} to publication, "
                                                         f"{formats.day(published)}.")


def _for(match, published, future) -> When:
    amount, unit = number_said(match.group(1)), match.group(2)
    # "for several months": up to publication, reaching back a year so that "several" is covered
    reach = 12 if match.group(1).lower() in ("several", "a few") and unit.startswith("month") else amount
    start = _back(published, reach, unit)
    return When(start, published, "approximate", "", f"“{match.group(0).strip()}” up to publication, "
                                                     f"{formats.day(published)}; the window reaches back "
                                                     f"to {formats.day(start)}.")


def _last(match, published, future) -> When:
    which, unit = match.group(1).lower(), match.group(2).lower()
    if unit == "week":
        monday = published - timedelta(days=published.weekday()) - (timedelta(days=7) if which == "last" else
                                                                     timedelta())
        start, end = monday, min(monday + timedelta(days=6), published)
    elif unit == "month":
        first = published.replace(day=1)
        start = (first - timedelta(days=1)).replace(day=1) if which == "last" else first
        end = first - timedelta(days=1) if which == "last" else published
    else:
        year = published.year - (1 if which == "last" else 0)
        start, end = date(year, 1, 1), date(year, 12, 31) if which == "last" else published
    return When(start, end, "approximate", "", f"“{match.group(0).strip()}” counted from the publication date "
                                               f"({_long(published)}): {formats.day(start)} – {formats.day(end)}.")


def _year(match, published, future) -> When:
    year = int(match.group(1))
    return When(date(year, 1, 1), date(year, 12, 31), "year", "", f"“{match.group(0).strip()}”: the year {year}.")


RESOLVE = {"day_month": _day_month, "month_day": _day_month, "weekday": _weekday, "part_month": _part_month,
           "season": _season, "decade": _decade, "month": _month, "ago": _ago, "since": _since, "for": _for,
           "last": _last, "year": _year}
