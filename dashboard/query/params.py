"""Every URL parameter of a view, declared once.

A ``Param`` is a whole filter, as Datasette's ``filters.py`` puts a filter's SQL and its words in one record:
its key, how it is parsed and written, its words in a caption, its command-line help, the ``Rule`` the engine
applies to its value and the ``Control`` the page offers for it. ``ViewState`` (parsing, writing, the filter
it hands the engine), the caption, the CLI's options, the filter panel and the page's callbacks all loop over
``PARAMS``; none of them names a parameter. A new parameter is one more declaration here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from dashboard.data.vocabulary import type_label
from dashboard.language import LANGUAGES, N_, Nn_, _, formats, ngettext
from dashboard.query import playback, rules, trends
from dashboard.query.rules import Rule

GROUPS = ("type", "actor", "source")
EXTENTS = ("region", "all")
MAX_TEXT = 200
MAX_VALUES = 100
#: Dates every layer can represent (pandas' nanosecond timestamps end in 1677 and 2262).
FIRST_DATE, LAST_DATE = date(1678, 1, 1), date(2261, 12, 31)
#: The most words a search looks for (each is another look at every searched column).
MAX_SEARCH_WORDS = 8
#: The largest radius ``near`` accepts, in km.
MAX_RADIUS = 2000.0
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Control:
    """How the page offers a parameter, as plain data the web layer draws: ``kind`` is "search", "checklist",
    "actors", "date", "radio", "number", "text" (a short text with suggestions) or "words" (a line of your own); ``place`` "filters" (the
    filter panel) or the chart whose card holds it; ``options`` names where a list's choices come from
    ("event_types", "origins", "lanes", "extents", "windows", "modes"); controls sharing a ``group`` share
    one fieldset, in ``order``."""

    kind: str
    label: str
    place: str = "filters"
    order: int = 55
    group: str | None = None
    options: str | None = None
    placeholder: str = ""
    note: str = ""
    #: The most characters a "words" control takes (its parameter's bound).
    most: int = 0


@dataclass(frozen=True)
class Param:
    """One URL parameter of the view.

    ``parse(text, notices)`` returns the value, or None (after adding a notice) when the text cannot be used;
    ``write(value)`` is its text in a URL. ``words(value, state)`` is its phrase in a caption ("Event type:
    Talks"), or None. ``field`` is the ``ViewState`` attribute holding it (None: held in ``ViewState.more``).
    ``rule`` is what the engine keeps for its value (None: it does not filter — a selection, a layout choice);
    ``rule_value(value, state)``, when given, is the value the rule binds, made with the view's other
    parameters (a frame of playback: its day, with the window and mode).
    """

    key: str
    help: str
    parse: Callable[[str, list[str]], object]
    default: object = None
    field: str | None = None
    write: Callable[[object], str] = str
    multiple: bool = False
    metavar: str | None = None
    choices: tuple[str, ...] | None = None
    words: Callable[[object, object], str | None] | None = None
    rule: Rule | None = None
    control: Control | None = None
    rule_value: Callable[[object, object], object] | None = None

    @property
    def filters(self) -> bool:
        """Whether the parameter narrows the events (not selection, grouping or extent)."""
        return self.rule is not None

    def read_one(self, raw: list[str], notices: list[str]):
        given = [v for v in raw if v]
        if len(given) > 1:
            notices.append(_("Used the first of {count} values of “{key}”.").format(
                count=formats.number(len(given)), key=self.key))
        return self.parse(given[0], notices) if given else None

    def read_many(self, raw: list[str], notices: list[str]) -> tuple[str, ...]:
        kept: list[str] = []
        for value in raw:
            if value and value not in kept and len(value) <= MAX_TEXT:
                kept.append(value)
        if len(kept) > MAX_VALUES:
            notices.append(_("Used the first {count} values of “{key}”.").format(
                count=formats.number(MAX_VALUES), key=self.key))
            kept = kept[:MAX_VALUES]
        return tuple(kept)

    def texts(self, value) -> list[str]:
        """The value as URL texts: one per item of a repeatable parameter, none for the default."""
        if self.multiple:
            return [self.write(v) for v in value]
        return [] if value == self.default else [self.write(value)]


def _text(value: str, notices: list[str]) -> str:
    return value


def _search(value: str, notices: list[str]) -> str:
    """The search text, each word once (a word said twice finds the same events: "a a" is "a") and at most
    ``MAX_SEARCH_WORDS`` of them, so that the cost of a search follows what it asks, not how it is typed.
    Control characters are spaces: no text holds them, and a chart's caption could not be drawn with them."""
    value = _CONTROL.sub(" ", value).strip()
    if len(value) > MAX_TEXT:
        notices.append(_("Shortened the search text to {count} characters.").format(count=formats.number(MAX_TEXT)))
        value = value[:MAX_TEXT]
    seen: dict[str, str] = {}
    for word in value.split():
        seen.setdefault(word.casefold(), word)
    words = list(seen.values())
    if len(words) > MAX_SEARCH_WORDS:
        notices.append(_("Searched for the first {kept} different words of {count}.").format(
            kept=formats.number(MAX_SEARCH_WORDS), count=formats.number(len(words))))
        words = words[:MAX_SEARCH_WORDS]
    folded = " ".join(words)
    return value if folded == " ".join(value.split()) and len(words) == len(value.split()) else folded


def _near(value: str, notices: list[str]) -> tuple[float, float, float] | None:
    """"40.21,45.93,50": latitude, longitude and a radius in km."""
    try:
        lat, lon, km = (float(part) for part in value.split(","))
        if not (-90 <= lat <= 90 and -180 <= lon <= 180 and 0 < km <= MAX_RADIUS):
            raise ValueError(value)
    except ValueError:
        notices.append(_("Ignored “near={value}”: expected latitude,longitude,km (a radius up to {km} km).").format(
            value=short(value), km=formats.number(MAX_RADIUS)))
        return None
    return round(lat, 4), round(lon, 4), round(km, 1)


def _near_text(near: tuple[float, float, float]) -> str:
    return ",".join(f"{x:g}" for x in near)


def words_of(key: str, most: int):
    """The parser of your own words on a chart (``title``, ``subtitle``, ``note``): one line of text, control
    characters as spaces, at most ``most`` characters (cut, with a notice). Escaped wherever they are drawn."""
    def parse(value: str, notices: list[str]) -> str | None:
        value = " ".join(_CONTROL.sub(" ", value).split())
        if len(value) > most:
            notices.append(_("Cut “{key}” to its first {most} characters.").format(key=key, most=formats.number(most)))
        return value[:most] or None
    return parse


def _event_id(value: str, notices: list[str]) -> str:
    return value[:MAX_TEXT]


def date_of(key: str):
    """The parser of a date parameter named ``key``: YYYY-MM-DD within the dates every layer can represent."""
    def parse(text: str, notices: list[str]) -> date | None:
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                raise ValueError(text)
            day = date.fromisoformat(text)
        except ValueError:
            notices.append(_("Ignored “{key}={value}”: expected a date as YYYY-MM-DD.").format(
                key=key, value=short(text)))
            return None
        if not FIRST_DATE <= day <= LAST_DATE:
            notices.append(_("Ignored “{key}={value}”: dates run from {first} to {last}.").format(
                key=key, value=text, first=FIRST_DATE.year, last=LAST_DATE.year))
            return None
        return day

    return parse


def choice_of(key: str, choices: tuple[str, ...]):
    """The parser of a parameter taking one of ``choices``."""
    def parse(text: str, notices: list[str]) -> str | None:
        if text in choices:
            return text
        notices.append(_("Ignored {key} “{value}”: expected {choices}.").format(
            key=key, value=short(text), choices=either([f"“{c}”" for c in choices])))
        return None

    return parse


def _listed(marked: tuple[str, str], show: Callable[[str], str] = str):
    """A caption's words for a repeatable parameter: ``marked`` is "Actor: {names}"/"Actors: {names}" (``Nn_``)."""
    def words(values: tuple[str, ...], state) -> str:
        return ngettext(*marked, len(values)).format(names=", ".join(map(show, values)))

    return words


def _from_words(start: date, state) -> str:
    end = state.date_to
    if end:
        return _("{start} – {end}").format(start=formats.day(start), end=formats.day(end))
    return _("from {day}").format(day=formats.day(start))


def _to_words(end: date, state) -> str | None:
    return None if state.date_from else _("until {day}").format(day=formats.day(end))


def either(choices: list[str]) -> str:
    """"“a”, “b” or “c”": choices in words."""
    if len(choices) < 2:
        return "".join(choices)
    return _("{some} or {last}").format(some=", ".join(choices[:-1]), last=choices[-1])


#: Your own words on an exported or embedded chart: key, help, most characters, label, order, placeholder.
WORDS = (
    ("title", N_("your own title for an exported or embedded chart (default: the chart and its count)"), 120,
     N_("Title"), 90, N_("The chart's name and count")),
    ("subtitle", N_("a line of your own under the chart's title"), 200, N_("Subtitle"), 91, ""),
    ("note", N_("a note of your own under the chart's source line"), 300, N_("Note"), 92, ""),
    ("credit", N_("the source line of an exported or embedded chart, where you cite something else (default: "
                  "the data's sources)"), 300, N_("Source line"), 93, N_("The data's sources")),
)
WORDS_GROUP = N_("Your words on downloads and embeds")

PARAMS: tuple[Param, ...] = (
    Param("actor", N_("keep events involving this actor, or a name it is known by (repeatable)"), _text, (),
          "actors", multiple=True, metavar="NAME", words=_listed(Nn_("Actor: {names}", "Actors: {names}")),
          rule=rules.ACTORS, control=Control("actors", N_("Actors"), order=40)),
    Param("type", N_("keep events of this type (repeatable)"), _text, (), "types", multiple=True, metavar="TYPE",
          words=_listed(Nn_("Event type: {names}", "Event types: {names}"), type_label), rule=rules.TYPES,
          control=Control("checklist", N_("Event types"), order=30, options="event_types")),
    Param("source", N_("keep events from this dataset: an outlet of curated data, ACLED or UCDP GED (repeatable)"),
          _text, (), "sources", multiple=True, metavar="SOURCE", rule=rules.SOURCES,
          words=_listed(Nn_("Source: {names}", "Sources: {names}")),
          control=Control("checklist", N_("Sources"), order=20, options="origins")),
    Param("from", N_("keep events overlapping this day or later; the timeline starts here"), date_of("from"), None,
          "date_from", write=date.isoformat, metavar="YYYY-MM-DD", words=_from_words, rule=rules.START,
          control=Control("date", N_("From"), order=50, group=N_("Dates"),
                          note=N_("Keeps events that overlap these dates."))),
    Param("to", N_("keep events overlapping this day or earlier; the timeline ends here"), date_of("to"), None,
          "date_to", write=date.isoformat, metavar="YYYY-MM-DD", words=_to_words, rule=rules.END,
          control=Control("date", N_("To"), order=51, group=N_("Dates"))),
    Param("at", playback.AT_HELP, date_of("at"), None, write=date.isoformat, metavar="YYYY-MM-DD",
          rule=rules.FRAME, rule_value=lambda at, state: playback.frame(at, state.value("window"),
                                                                         state.value("mode"), FIRST_DATE),
          words=lambda at, state: playback.frame_words(at, state.value("window"), state.value("mode")),
          control=Control("date", N_("Paused on"), order=70, group=N_("Frame in time"),
                          note=N_("Shows the events of the window up to this day."))),
    Param("window", playback.WINDOW_HELP, playback.parse_window, playback.DEFAULT_WINDOW, metavar="N[dwmy]",
          control=Control("text", N_("Window"), order=71, group=N_("Frame in time"), options="windows",
                          placeholder=N_("e.g. 2w"))),
    Param("mode", playback.MODE_HELP, choice_of("mode", playback.MODES), "sliding", choices=playback.MODES,
          control=Control("radio", N_("Frame"), order=72, group=N_("Frame in time"), options="modes")),
    Param("speed", playback.SPEED_HELP, playback.parse_speed, None, metavar="N[dwmy]"),
    Param("area", N_("keep events in this area: a first-order division (admin1: a province, a region); where none "
                     "is named, the region an event is placed only in, else its country"), _text, None, metavar="AREA", rule=rules.AREA,
          words=lambda area, state: _("Area: {area}").format(area=area)),
    Param("by", N_("what trends are counted by: admin1 (the area, else the country), country, actor or type"),
          choice_of("by", trends.BY), "admin1", choices=trends.BY),
    Param("as_of", N_("the last day of the current week of trends (default: the view's last day)"), date_of("as_of"),
          None, write=date.isoformat, metavar="YYYY-MM-DD"),
    Param("areas", N_("the areas (actors, types) whose weeks the trends timeline draws (repeatable; default: the "
                      "three that changed most)"), _text, (), multiple=True, metavar="AREA"),
    *[Param(key, help_text, words_of(key, most), None, metavar="TEXT",
            control=Control("words", label, order=order, group=WORDS_GROUP, placeholder=placeholder, most=most))
      for key, help_text, most, label, order, placeholder in WORDS],
    Param("q", N_("keep events matching this text (names' other spellings included)"), _search, "", "q",
          metavar="TEXT", words=lambda q, state: _("search “{text}”").format(text=q), rule=rules.SEARCH,
          control=Control("search", N_("Search"), order=10, placeholder=N_("Words, names, places…"))),
    Param("near", N_("keep located events within a radius: latitude,longitude,km"), _near, None, "near",
          write=_near_text, metavar="LAT,LON,KM", rule=rules.NEAR,
          words=lambda near, state: _("within {km} km of {lat}, {lon}").format(
              km=formats.number(near[2]), lat=formats.coordinate(near[0]), lon=formats.coordinate(near[1]))),
    Param("event", N_("select (highlight) this event id"), _event_id, None, "event", metavar="ID"),
    Param("group", N_("timeline lanes: by event type, by actor or by source"), choice_of("group", GROUPS), "type",
          "group", choices=GROUPS, control=Control("radio", N_("Timeline lanes"), order=60, options="lanes")),
    Param("extent", N_("map extent: the main region of the events, or all of them"), choice_of("extent", EXTENTS),
          "region", "extent", choices=EXTENTS,
          control=Control("radio", N_("Map extent"), place="map", options="extents")),
    Param("lang", N_("the language to write in: en, fr, ru, hy or az (default: the browser's, else English)"),
          choice_of("lang", tuple(LANGUAGES)), None, choices=tuple(LANGUAGES), metavar="LANG"),
)


def declared(key: str) -> Param:
    """The parameter named ``key`` among those declared now (``KeyError`` if none is)."""
    for param in PARAMS:
        if param.key == key:
            return param
    raise KeyError(key)


def short(text: str, limit: int = 40) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis, for notices and messages."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
