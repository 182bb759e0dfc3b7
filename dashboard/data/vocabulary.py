"""Controlled vocabularies of the data contract: event types, precisions, statuses.

Each term is declared once with its meaning; validation, documentation tests
and (later) the interface's legends all read these tables.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EventType:
    """A kind of event, with the colour every view uses for it."""

    name: str
    label: str
    colour: str
    description: str


# Paul Tol's "muted" qualitative palette: nine colours distinguishable with the
# common forms of colour blindness (https://personal.sron.nl/~pault/).
EVENT_TYPES: tuple[EventType, ...] = (
    EventType("war", "War", "#882255", "Sustained armed conflict between states or forces."),
    EventType("clash", "Clash", "#CC6677", "A bounded armed incident, such as a border exchange of fire."),
    EventType("ceasefire", "Ceasefire", "#44AA99", "An agreement to stop fighting."),
    EventType("talks", "Talks", "#332288", "Negotiations or meetings between parties or mediators."),
    EventType("statement", "Statement", "#117733", "A public statement, accusation, call or complaint."),
    EventType("checkpoint", "Checkpoint", "#DDCC77", "A checkpoint set up on a road or crossing."),
    EventType("blockade", "Blockade", "#AA4499", "Movement of people or goods cut off."),
    EventType("peacekeeping", "Peacekeeping", "#88CCEE", "Deployment or activity of peacekeeping forces."),
    EventType("secession", "Secession", "#999933", "A territory breaking away from a state."),
)

#: ACLED's own event types, kept as they are when its exports are imported.
ACLED_EVENT_TYPES: tuple[EventType, ...] = (
    EventType("Battles", "Battles", "#882255", "ACLED: violent interactions between two organised armed groups."),
    EventType("Explosions/Remote violence", "Explosions/Remote violence", "#CC6677",
              "ACLED: one-sided violence by explosives or remote weapons."),
    EventType("Violence against civilians", "Violence against civilians", "#AA4499",
              "ACLED: violent attacks on unarmed civilians."),
    EventType("Protests", "Protests", "#88CCEE", "ACLED: public demonstrations against a political entity."),
    EventType("Riots", "Riots", "#DDCC77", "ACLED: violent demonstrations."),
    EventType("Strategic developments", "Strategic developments", "#117733",
              "ACLED: non-violent events that shape the political context."),
)

#: UCDP GED's types of violence (type_of_violence 1, 2, 3).
UCDP_EVENT_TYPES: tuple[EventType, ...] = (
    EventType("state-based", "State-based", "#882255", "UCDP: armed conflict with a government as one side."),
    EventType("non-state", "Non-state", "#DDCC77", "UCDP: armed conflict between organised groups, no government."),
    EventType("one-sided", "One-sided", "#AA4499", "UCDP: organised violence against civilians."),
)

EVENT_TYPE_NAMES: frozenset[str] = frozenset(t.name for t in EVENT_TYPES + ACLED_EVENT_TYPES + UCDP_EVENT_TYPES)

#: Display labels of every known event type, by name.
TYPE_LABELS: dict[str, str] = {t.name: t.label for t in EVENT_TYPES + ACLED_EVENT_TYPES + UCDP_EVENT_TYPES}


def type_label(event_type: str) -> str:
    """Display label of an event type ("talks" → "Talks"; an unknown type capitalised)."""
    return TYPE_LABELS.get(event_type, event_type[:1].upper() + event_type[1:])


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
