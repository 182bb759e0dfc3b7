"""Controlled vocabularies of the data contract: event types, precisions, statuses.

Each term is declared once with its meaning; validation, documentation tests
and (later) the interface's legends all read these tables. An event type's label is marked for the catalogue
(``N_``) and said in the reader's language by ``type_label``.
"""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.language import N_, _


@dataclass(frozen=True)
class EventType:
    """A kind of event, with the colour every view uses for it and the family it belongs to; ``label`` is in
    English, marked for the catalogue (``type_label`` says it in the reader's language)."""

    name: str
    label: str
    colour: str
    description: str
    family: str = ""


#: Families of event types, each with a range of hues of its own, so that related types look related and
#: no two types of any mix of sources share a colour: within a family the colours step through lightness
#: (which survives every common colour-vision deficiency), across families through hues that stay apart
#: for deuteranopes and protanopes (red–orange against blue–teal, light yellow, and greys that no
#: deficiency changes). Colours come from ColorBrewer's schemes (Reds, Oranges, RdPu, Blues, BrBG, YlOrBr,
#: Greys; Cynthia Brewer, colorbrewer2.org).
FAMILIES: dict[str, str] = {
    "armed violence": "Reds to oranges and magentas: wars, battles, clashes, shelling, attacks on civilians.",
    "unrest": "Yellows and olives: protests and riots.",
    "diplomacy and statements": "Blues, teals and greens: talks, statements, ceasefires, peacekeeping, "
                                "strategic developments.",
    "control and movement": "Greys and a slate: blockades, checkpoints, secession.",
}

VIOLENCE, UNREST, DIPLOMACY, CONTROL = FAMILIES

#: The curated data's own types.
EVENT_TYPES: tuple[EventType, ...] = (
    EventType("war", N_("War"), "#67001F", "Sustained armed conflict between states or forces.", VIOLENCE),
    EventType("clash", N_("Clash"), "#E34A33", "A bounded armed incident, such as a border exchange of fire.",
              VIOLENCE),
    EventType("ceasefire", N_("Ceasefire"), "#41B6C4", "An agreement to stop fighting.", DIPLOMACY),
    EventType("talks", N_("Talks"), "#08519C", "Negotiations or meetings between parties or mediators.", DIPLOMACY),
    EventType("statement", N_("Statement"), "#4292C6", "A public statement, accusation, call or complaint.",
              DIPLOMACY),
    EventType("checkpoint", N_("Checkpoint"), "#BDBDBD", "A checkpoint set up on a road or crossing.", CONTROL),
    EventType("blockade", N_("Blockade"), "#000000", "Movement of people or goods cut off.", CONTROL),
    EventType("peacekeeping", N_("Peacekeeping"), "#35978F", "Deployment or activity of peacekeeping forces.",
              DIPLOMACY),
    EventType("secession", N_("Secession"), "#5E5E8A", "A territory breaking away from a state.", CONTROL),
)

# The imported formats' types are declared here, beside the curated ones, and named by their formats' records
# (``ImportFormat.event_types``): the contract (``schema``), below every importer, checks event types against
# this vocabulary, and the colours are one palette, checked as a whole (tests/data/test_colours.py).

#: ACLED's own event types, kept as they are when its exports are imported.
ACLED_EVENT_TYPES: tuple[EventType, ...] = (
    EventType("Battles", N_("Battles"), "#B2182B", "ACLED: violent interactions between two organised armed groups.",
              VIOLENCE),
    EventType("Explosions/Remote violence", N_("Explosions/Remote violence"), "#8C2D04",
              "ACLED: one-sided violence by explosives or remote weapons.", VIOLENCE),
    EventType("Violence against civilians", N_("Violence against civilians"), "#CE1256",
              "ACLED: violent attacks on unarmed civilians.", VIOLENCE),
    EventType("Protests", N_("Protests"), "#F2C12E", "ACLED: public demonstrations against a political entity.",
              UNREST),
    EventType("Riots", N_("Riots"), "#B8860B", "ACLED: violent demonstrations.", UNREST),
    EventType("Strategic developments", N_("Strategic developments"), "#9ECAE1",
              "ACLED: non-violent events that shape the political context.", DIPLOMACY),
)

#: UCDP GED's types of violence (type_of_violence 1, 2, 3).
UCDP_EVENT_TYPES: tuple[EventType, ...] = (
    EventType("state-based", N_("State-based"), "#FC8D59", "UCDP: armed conflict with a government as one side.",
              VIOLENCE),
    EventType("non-state", N_("Non-state"), "#FDBB84", "UCDP: armed conflict between organised groups, no government.",
              VIOLENCE),
    EventType("one-sided", N_("One-sided"), "#F768A1", "UCDP: organised violence against civilians.", VIOLENCE),
)

#: Every event type of the contract: the curated ones and those of each imported format.
ALL_EVENT_TYPES: tuple[EventType, ...] = EVENT_TYPES + ACLED_EVENT_TYPES + UCDP_EVENT_TYPES

EVENT_TYPE_NAMES: frozenset[str] = frozenset(t.name for t in ALL_EVENT_TYPES)

#: Display labels of every known event type, by name (in English: ``type_label`` translates them).
TYPE_LABELS: dict[str, str] = {t.name: t.label for t in ALL_EVENT_TYPES}


def type_label(event_type: str) -> str:
    """Display label of an event type in the reader's language ("talks" → "Talks"; an unknown type — a name from
    the data — capitalised)."""
    label = TYPE_LABELS.get(event_type)
    return _(label) if label is not None else event_type[:1].upper() + event_type[1:]


#: Okabe & Ito's colour-blind-safe palette, for event types and names not listed here.
FALLBACK_COLOURS = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999999")

#: Event types drawn as bars across their window (things that last); others are points in time.
SPAN_TYPES = frozenset({"war", "blockade", "peacekeeping"})

DATE_PRECISIONS: dict[str, str] = {
    "day": "The window is known to the day (it may still span several days).",
    "month": "The window's ends are known to the month only.",
    "year": "The window's ends are known to the year only.",
    "approximate": "The source words the date loosely; the window covers everything the words allow.",
}

STATUSES: dict[str, str] = {
    "occurred": "The event had happened (or was under way) when the source was published.",
    "scheduled": "The event was planned but had not happened when the source was published.",
}

GEO_PRECISIONS: dict[str, str] = {
    "exact": "The coordinates are the place itself.",
    "town": "The coordinates are those of the named town or city (or near it).",
    "region": "The coordinates are a representative point of a region or border area.",
    "country": "The coordinates are a representative point of the country (its capital).",
}
