"""A filter as the engine binds it: its shape (which rules, in order) and the values of their slots, and the
events a shape keeps as an ibis expression of slots (``dashboard.query.prepared``).

The engine asks every question through these: the rules (``dashboard.query.rules``) give each condition's
predicate, so this module names no condition but the search, whose shape follows its words.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import ibis
import ibis.expr.types as ir

from dashboard.query.filter import Filter
from dashboard.query.prepared import slot
from dashboard.query.rules import Rule, Scope

#: The text a search reads: with how each event was placed (``geo_basis``), so that a town an event is drawn at
#: ("Representative point: Stepanakert (Khankendi)") finds it, under any of the town's names.
SEARCHED_COLUMNS = ("title", "summary", "location", "geo_basis")


@dataclass(frozen=True)
class Binding:
    """A filter's shape — its rules, then one entry per search term — and the values of its slots."""

    shape: tuple
    values: Mapping[str, object]


def bind(flt: Filter, terms: list[frozenset[str]], actors: tuple[str, ...]) -> Binding:
    """``flt`` as a shape and values; ``terms`` are its search words with their other spellings, ``actors``
    the counted actors (a spelling found in an actor's name also finds that actor's events)."""
    shape: list = []
    values: dict[str, object] = {}
    for rule, value in flt.conditions:
        shape.append(rule)
        values.update(zip(rule.slot_names(), rule.bind(value), strict=True))
    for i, alternatives in enumerate(terms):
        spellings = []
        for j, spelling in enumerate(sorted(alternatives)):
            named = [a for a in actors if spelling in a.lower()]
            spellings.append(bool(named))
            values[f"q{i}_{j}"] = spelling
            if named:
                values[f"q{i}_{j}_actors"] = named
        shape.append(("text", i, tuple(spellings)))
    return Binding(tuple(shape), values)


def kept(scope: Scope, shape: tuple) -> ir.Table:
    """The events a filter of ``shape`` keeps, its values as slots (an expression; nothing runs)."""
    predicates = [_predicate(scope, entry) for entry in shape]
    return scope.events.filter(*predicates) if predicates else scope.events


def left_out(scope: Scope, shape: tuple) -> ir.Table:
    """The events a filter of ``shape`` leaves out (none for the empty filter)."""
    predicates = [_predicate(scope, entry) for entry in shape]
    t = scope.events
    return t.filter(~ibis.and_(*predicates).fill_null(False)) if predicates else t.limit(0)


def _predicate(scope: Scope, entry) -> ir.BooleanValue:
    if isinstance(entry, Rule):
        return entry.keep(scope, *(slot(name, kind) for name, kind in zip(entry.slot_names(), entry.slots,
                                                                           strict=True)))
    _, i, spellings = entry
    return ibis.or_(*[_mentions_text(scope, f"q{i}_{j}", with_actors) for j, with_actors in enumerate(spellings)])


def _mentions_text(scope: Scope, name: str, with_actors: bool) -> ir.BooleanValue:
    t = scope.events
    spelling = slot(name, "string")
    hits = [t[c].lower().contains(spelling).fill_null(False) for c in SEARCHED_COLUMNS]
    hits.append(t.people_text.contains(spelling).fill_null(False))
    if with_actors:
        hits.append(t.pos.isin(scope.positions_of(slot(f"{name}_actors", "array<string>"))))
    return ibis.or_(*hits)
