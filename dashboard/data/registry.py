"""The registry of names: actors, people and places, with aliases and colours.

Filters and search use it so that the article's spellings and metonyms
("Pashinyan", "Latchine corridor", "Baku", "the Kremlin") find the events
recorded under canonical names, and so that an actor has one colour everywhere.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from dashboard.data.problems import DatasetError, Problem
from dashboard.data.vocabulary import FALLBACK_COLOURS

KINDS = frozenset({"state", "de facto state", "organisation", "armed forces", "group", "person", "place"})


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

    def canonical(self, spelling: str) -> str:
        """The canonical name for a spelling or alias (case-insensitive); the spelling itself if unknown."""
        return self.spellings.get(spelling.strip().lower(), spelling.strip())

    def spellings_of(self, term: str) -> frozenset[str]:
        """Every lower-case spelling that means the same as ``term``: itself, its canonical name, its aliases."""
        term = term.strip().lower()
        canonical = self.spellings.get(term)
        if canonical is None:
            return frozenset({term})
        entry = self.names[canonical]
        return frozenset({term, canonical.lower(), *(a.lower() for a in entry.aliases)})

    def colour(self, name: str) -> str:
        """The registry colour of a name, or a stable palette colour derived from it."""
        entry = self.names.get(self.canonical(name))
        if entry is not None:
            return entry.colour
        digest = hashlib.sha1(name.encode("utf-8")).digest()
        return FALLBACK_COLOURS[digest[0] % len(FALLBACK_COLOURS)]


def load_registry(path: str | Path) -> Registry:
    """Read a registry CSV (columns name, kind, aliases, colour). Raises ``DatasetError``."""
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
                problems.append(Problem(str(path), line, 2, f'kind: unknown kind "{kind}"'))
            aliases = tuple(a.strip() for a in row["aliases"].split(";") if a.strip())
            names[name] = Name(name, kind, aliases, row["colour"].strip())
            for spelling in (name, *aliases):
                key = spelling.lower()
                if spellings.get(key, name) != name:
                    problems.append(Problem(str(path), line, 3, f'aliases: "{spelling}" already means {spellings[key]}'))
                spellings.setdefault(key, name)
    if problems:
        raise DatasetError(problems)
    return Registry(MappingProxyType(names), MappingProxyType(spellings))
