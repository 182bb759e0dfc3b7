"""The charts' own words in the reader's language: plotly.js's locale (month and day names on the date axes,
the modebar's buttons, the decimal mark) for the language being written in.

plotly.js's locale modules are read into ``static/plotly-locales.json`` by ``scripts/build_plotly_bundle.py``
(from the pinned npm package); a figure's *config* carries the one for the language shown (``locales``), so
the page, the embeds, the stories, exported HTML files and the image renderer all draw the same axes and
nothing loads a locale the reader did not ask for.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

from babel import Locale

from dashboard.language.translation import language
from dashboard.paths import STATIC

LOCALES = STATIC / "plotly-locales.json"


#: plotly.js's date formats a locale may set, and the CLDR skeleton each follows where it does not.
DATE_FORMATS = {"dayMonth": "MMMd", "dayMonthYear": "yMMMd", "month": "yMMM", "year": "y"}
#: CLDR date pattern letters (runs of one letter) as d3's time format directives.
_DIRECTIVES = {"d": "%-d", "dd": "%d", "MMM": "%b", "LLL": "%b", "MMMM": "%B", "LLLL": "%B", "y": "%Y", "yyyy": "%Y"}
_PATTERN = re.compile(r"'([^']*)'|([A-Za-z])\2*|([^A-Za-z']+)")


@lru_cache(maxsize=1)
def _locales() -> dict[str, dict]:
    locales = json.loads(LOCALES.read_text(encoding="utf-8"))
    for lang, locale in locales.items():  # "23 апр." rather than plotly's default "Апр. 23"
        skeletons = Locale.parse(lang).datetime_skeletons
        for key, skeleton in DATE_FORMATS.items():
            if key not in locale["format"] and skeleton in skeletons:
                made = d3_format(skeletons[skeleton].pattern)
                if made is not None:
                    locale["format"][key] = made
    return locales


def d3_format(pattern: str) -> str | None:
    """A CLDR date pattern ("d MMM y 'г'.") as a d3 time format ("%-d %b %Y г."); None if it uses a field
    d3 cannot write."""
    out = []
    for match in _PATTERN.finditer(pattern):
        literal, letter, other = match.groups()
        if letter is not None:
            directive = _DIRECTIVES.get(match.group(0))
            if directive is None:
                return None
            out.append(directive)
        else:
            text = other if literal is None else literal or "'"  # '' is an apostrophe
            out.append(text.replace("%", "%%"))
    return "".join(out)


def chart_config(config: dict | None = None) -> dict:
    """``config`` (a plotly config) with the current language's locale; unchanged in English, the charts'
    own language."""
    config = dict(config or {})
    lang = language()
    locale = _locales().get(lang)
    if locale is None:
        return config
    return {**config, "locale": lang, "locales": {lang: locale}}
