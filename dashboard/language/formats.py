"""One formatter for every date and number the dashboard writes, in the current language (Babel's CLDR data).

``day(d)`` → "14 May 2023", ``day_month(d)`` → "14 May", ``month(d)`` → "May 2023", ``month_name(d)`` → "May",
``year(d)`` → "2023", ``number(n)`` → "12,345" in English; each follows the language ``using`` set ("14 mai
2023", "12 345" in French). In the pseudo-language a formatted value is wrapped like a translated text, so
the tests see it went through here.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

from babel.dates import format_date
from babel.numbers import format_decimal

from dashboard.language.translation import PSEUDO, PSEUDO_CLOSE, PSEUDO_OPEN, SOURCE_LANGUAGE, language


def _locale() -> str:
    lang = language()
    return SOURCE_LANGUAGE if lang == PSEUDO else lang


def _marked(text: str) -> str:
    return f"{PSEUDO_OPEN}{text}{PSEUDO_CLOSE}" if language() == PSEUDO else text


def _as_date(value) -> date:
    if isinstance(value, datetime):  # a pandas Timestamp too
        return value.date()
    return value


@lru_cache(maxsize=8192)
def _date(value: date, pattern: str, locale: str) -> str:
    # a chart writes the same few days many times (every event of a day, every bin): formatted once each
    return format_date(value, pattern, locale=locale)


def _format(value, pattern: str) -> str:
    return _marked(_date(_as_date(value), pattern, _locale()))


def day(value) -> str:
    """A day: "14 May 2023"."""
    return _format(value, "d MMM y")


def long_day(value) -> str:
    """A day with its month written out: "14 May 2023" ("14 mai 2023")."""
    return _format(value, "d MMMM y")


def month_short(value) -> str:
    """A month's short name as a day writes it ("May" of "14 May 2023"): what the browser's player writes
    its days with, the pattern of ``day``."""
    return _format(value, "MMM")


def day_month(value) -> str:
    """A day of a year said elsewhere: "14 May"."""
    return _format(value, "d MMM")


def month(value) -> str:
    """A month: "May 2023"."""
    return _format(value, "LLL y")


def month_name(value) -> str:
    """A month of a year said elsewhere: "May"."""
    return _format(value, "LLL")


def year(value) -> str:
    """A year: "2023"."""
    return _format(value, "y")


def number(value: float) -> str:
    """A count or a figure with the language's grouping: "12,345"."""
    return _marked(_decimal(value, _locale()))


@lru_cache(maxsize=8192)
def _decimal(value: float, locale) -> str:
    """Babel's ``format_decimal``, remembered: a table of thousands of cells repeats few numbers."""
    return format_decimal(value, locale=locale)


def coordinate(value: float) -> str:
    """A latitude or a longitude, as precise as it was given (up to 4 decimals): "40.2123", "44.5"."""
    return _marked(format_decimal(value, "0.####", locale=_locale()))


#: Natural Earth's short names that CLDR words otherwise (its English names for the same territories).
_SHORT_NAMES = {"Bosnia and Herz.": "BA", "Central African Rep.": "CF", "Dem. Rep. Congo": "CD", "Dominican Rep.": "DO",
                "Eq. Guinea": "GQ", "S. Sudan": "SS", "Solomon Is.": "SB", "W. Sahara": "EH", "United States of America": "US",
                "Czechia": "CZ", "Macedonia": "MK", "North Macedonia": "MK", "Côte d'Ivoire": "CI", "eSwatini": "SZ",
                "Falkland Is.": "FK", "Fr. S. Antarctic Lands": "TF", "Timor-Leste": "TL", "Turkey": "TR",
                "Congo": "CG", "Palestine": "PS", "Myanmar": "MM", "Trinidad and Tobago": "TT"}


@lru_cache(maxsize=1)
def _territory_codes() -> dict[str, str]:
    from babel import Locale

    english = Locale.parse(SOURCE_LANGUAGE)
    return {**{name: code for code, name in english.territories.items() if code.isalpha()}, **_SHORT_NAMES}


@lru_cache(maxsize=4096)
def _country(name: str, locale: str) -> str:
    from babel import Locale

    code = _territory_codes().get(name)
    return Locale.parse(locale).territories.get(code, name) if code else name


def country(name: str) -> str:
    """A country's name (as the map's outlines give it, in English) in the current language: CLDR's ("Belgium"
    → "Бельгия"); a name CLDR does not know stays as given (a disputed territory's name, say)."""
    return _marked(name if _locale() == SOURCE_LANGUAGE else _country(name, _locale()))


def upper(text: str) -> str:
    """``text`` in capitals as the current language writes them (Azerbaijani: i → İ)."""
    if language() in ("az", "tr"):
        text = text.replace("i", "İ")
    return text.upper()
