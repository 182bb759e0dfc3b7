"""The registry of names: actors, people and places, with aliases, members and colours.

Filters and search use it so that the article's spellings and metonyms
("Pashinyan", "Latchine corridor", "Baku", "the Kremlin") find the events
recorded under canonical names, and so that an actor has one colour everywhere.

Members are other sources' actors counted under a canonical actor: ACLED's
"Military Forces of Azerbaijan (2003-)" and UCDP's "Government of Azerbaijan"
are both counted as Azerbaijan. They are declared in ``actor_members.csv``:
``{state}`` stands for every state (and de facto state) of the registry, and
``(*)`` for any period in brackets, such as ACLED's "(2003-)". An alias is
another spelling of the same name; a member is a different actor (a country's
army, police or government) that the filters count as the country.
"""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from dashboard.data.problems import DatasetError, Problem
from dashboard.data.vocabulary import FALLBACK_COLOURS
from dashboard.language import SOURCE_LANGUAGE, _
from dashboard.language.translation import fold_case
from dashboard.paths import DATA_DIR

KINDS = frozenset({"state", "de facto state", "organisation", "armed forces", "group", "person", "place"})
STATE_KINDS = frozenset({"state", "de facto state"})
#: The kinds of names that are places on a map (whose other names the details list).
PLACE_KINDS = frozenset({"place", "de facto state"})


@dataclass(frozen=True)
class Membership:
    """One declared membership: source names matching ``pattern`` are counted under ``actor``."""

    pattern: re.Pattern
    actor: str
    note: str


@dataclass(frozen=True)
class Name:
    """A canonical name with its kind, aliases and colour."""

    name: str
    kind: str
    aliases: tuple[str, ...]
    colour: str


@dataclass(frozen=True)
class Registry:
    """Canonical names by name, and every spelling (lower case) to its canonical name."""

    names: Mapping[str, Name]
    spellings: Mapping[str, str]
    members: tuple[Membership, ...] = ()

    def canonical(self, spelling: str) -> str:
        """The canonical name for a spelling or alias (case-insensitive); the spelling itself if unknown."""
        return self.spellings.get(_key(spelling), spelling.strip())

    def counted_as(self, name: str) -> str:
        """The actor a source's name is counted under: the canonical name of an alias, the actor of a
        declared membership, else the name itself (unmatched names stay themselves)."""
        key = _key(name)
        if key in self.spellings:
            return self.spellings[key]
        for member in self.members:
            if member.pattern.fullmatch(name.strip()):
                return member.actor
        return name

    def place_names(self, spelling: str) -> tuple[str, ...]:
        """Every other name of the place ``spelling`` names, in every language and script of the registry
        (Lachin corridor: Laçın, Berdzor, Лачинский коридор…); none when it names no place."""
        entry = self.names.get(self.canonical(spelling))
        if entry is None or entry.kind not in PLACE_KINDS:
            return ()
        seen, out = {_key(spelling)}, []
        for name in (entry.name, *entry.aliases):
            if _key(name) not in seen:
                seen.add(_key(name))
                out.append(name)
        return tuple(out)

    def search_terms(self, query: str) -> list[frozenset[str]]:
        """A search query as terms, each with every spelling that means the same. A query that is a known
        name or alias as a whole ("Latchine corridor") is one term; otherwise each word is a term."""
        phrase = re.sub(r"\s+", " ", query.strip().lower())
        if not phrase:
            return []
        if phrase in self.spellings:
            return [self.spellings_of(phrase)]
        return [self.spellings_of(word) for word in phrase.split(" ")]

    def spellings_of(self, term: str) -> frozenset[str]:
        """Every lower-case spelling that means the same as ``term``: itself, its canonical name, its aliases."""
        term = _key(term)
        canonical = self.spellings.get(term)
        if canonical is None:
            return frozenset({term})
        entry = self.names[canonical]
        return frozenset({term, _key(canonical), *(_key(a) for a in entry.aliases)})

    def colour(self, name: str) -> str:
        """The registry colour of a name, or a stable palette colour derived from it."""
        entry = self.names.get(self.canonical(name))
        if entry is not None:
            return entry.colour
        digest = hashlib.sha1(name.encode("utf-8")).digest()
        return FALLBACK_COLOURS[digest[0] % len(FALLBACK_COLOURS)]


def _key(spelling: str) -> str:
    """A name as the registry and the search compare it: lower case, "İ" as "i" (``fold_case``)."""
    return fold_case(spelling.strip(), SOURCE_LANGUAGE)


def load_registry(path: str | Path, members_path: str | Path | None = None) -> Registry:
    """Read a registry CSV (columns name, kind, aliases, colour) and, if given, its members CSV (columns
    member, actor, note). Raises ``DatasetError`` listing every problem, such as a member of an actor the
    registry does not have."""
    path = Path(path)
    names: dict[str, Name] = {}
    spellings: dict[str, str] = {}
    problems: list[Problem] = []
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        for row in reader:
            line = reader.line_num
            name, kind = row["name"].strip(), row["kind"].strip()
            if kind not in KINDS:
                problems.append(Problem(str(path), line, 2, _('{column}: unknown kind "{value}"').format(
                    column="kind", value=kind)))
            aliases = tuple(a.strip() for a in row["aliases"].split(";") if a.strip())
            names[name] = Name(name, kind, aliases, row["colour"].strip())
            for spelling in (name, *aliases):
                key = _key(spelling)
                if spellings.get(key, name) != name:
                    problems.append(Problem(str(path), line, 3, _('{column}: "{value}" already means {name}').format(
                        column="aliases", value=spelling, name=spellings[key])))
                spellings.setdefault(key, name)
    members = _read_members(Path(members_path), names, problems) if members_path else ()
    if problems:
        raise DatasetError(problems)
    return Registry(MappingProxyType(names), MappingProxyType(spellings), members)


def _read_members(path: Path, names: Mapping[str, Name], problems: list[Problem]) -> tuple[Membership, ...]:
    states = [n for n, entry in names.items() if entry.kind in STATE_KINDS]
    members = []
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        for row in reader:
            line = reader.line_num
            member, actor = (row.get("member") or "").strip(), (row.get("actor") or "").strip()
            if not member or not actor:
                problems.append(Problem(str(path), line, 1 if not member else 2, _("member and actor are both needed")))
                continue
            if ("{state}" in member) != ("{state}" in actor):
                problems.append(Problem(str(path), line, 2, _("{placeholder} must be in both the member and the actor")
                                        .format(placeholder="{state}")))
                continue
            for state in states if "{state}" in actor else [None]:
                counted = actor.replace("{state}", state) if state else actor
                if counted not in names:
                    problems.append(Problem(str(path), line, 2, _(
                        '{column}: "{value}" is not in the registry ({file}): the membership points nowhere').format(
                        column="actor", value=counted, file=path.with_name("actors.csv").name)))
                    continue
                members.append(Membership(_member_pattern(member.replace("{state}", state or "")), counted,
                                          (row.get("note") or "").strip()))
    return tuple(members)


def _member_pattern(member: str) -> re.Pattern:
    """A member name as a pattern: "(*)" matches any bracketed period such as "(2003-)"."""
    parts = [re.escape(p) for p in member.split("(*)")]
    return re.compile(r"\([^()]*\)".join(parts), re.IGNORECASE)


#: The bundled registry of names and its memberships (the repository's ``data/`` folder).
BUNDLED_REGISTRY = DATA_DIR / "actors.csv"
BUNDLED_MEMBERS = BUNDLED_REGISTRY.with_name("actor_members.csv")


def bundled_registry() -> Registry:
    """The bundled actor registry with its memberships."""
    return load_registry(BUNDLED_REGISTRY, BUNDLED_MEMBERS)
