"""The dataset the app serves: events plus what is derived from them once.

Built once at start-up and never mutated; every request reads it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

import pandas as pd

from dashboard.data import DATA_DIR, import_events
from dashboard.data.registry import Registry, load_registry

BUNDLED_REGISTRY = DATA_DIR / "actors.csv"
SEARCHED_COLUMNS = ("title", "summary", "location")


@dataclass(frozen=True)
class Dataset:
    """Events with their registry of names, search text and caption."""

    events: pd.DataFrame
    registry: Registry
    search_text: pd.Series
    caption: str
    published: date | None
    actor_spellings: Mapping[str, str]
    fingerprint: str
    skipped: tuple = ()

    @classmethod
    def build(cls, events: pd.DataFrame, registry: Registry, *, caption: str | None = None,
              skipped: tuple = ()) -> Dataset:
        """Derive search text, caption and actor spellings from ``events``."""
        actors = sorted({a for names in events["actors"] for a in names})
        spellings = {a.lower(): a for a in actors}
        for spelling, canonical in registry.spellings.items():
            if canonical in actors:
                spellings.setdefault(spelling, canonical)
        return cls(events=events, registry=registry, search_text=_search_text(events),
                   caption=caption or _caption(events), published=_published(events),
                   actor_spellings=MappingProxyType(spellings), fingerprint=_fingerprint(events),
                   skipped=tuple(skipped))

    @property
    def source_label(self) -> str:
        """A short credit: "Euronews, 14 May 2023" for one dated source, else the caption."""
        sources = self.events["source"].dropna().unique()
        if len(sources) != 1:
            return self.caption
        outlet = str(sources[0]).split(",")[0].split(" with ")[0].strip()
        return f"{outlet}, {self.published:%-d %B %Y}" if self.published else outlet

    @property
    def event_types(self) -> list[str]:
        """Event types present, most frequent first."""
        return list(self.events["event_type"].value_counts().index)

    @property
    def actors(self) -> list[str]:
        """Actors present, most frequent first, then by name."""
        counts = self.events["actors"].explode().dropna().value_counts()
        return sorted(counts.index, key=lambda a: (-counts[a], a))


def load_dataset(paths: Iterable[str | Path] | None = None, *, fmt: str | None = None, strict: bool = False,
                 registry_path: str | Path = BUNDLED_REGISTRY) -> Dataset:
    """Load events (bundled when None, in ``fmt`` or as detected) and the registry. Raises ``DatasetError``."""
    imported = import_events(paths, fmt=fmt, strict=strict)
    return Dataset.build(imported.events, load_registry(registry_path), caption=_file_caption(imported),
                         skipped=tuple(imported.skipped))


def _file_caption(imported) -> str | None:
    """"ACLED export: file.csv" for imports; None (the sources speak) for the project's own CSV."""
    from dashboard.data.formats import FORMATS

    if all(fmt == "native" for fmt in imported.formats.values()):
        return None
    return "; ".join(f"{FORMATS[fmt]}: {Path(path).name}" for path, fmt in imported.formats.items())


def _fingerprint(events: pd.DataFrame) -> str:
    """A short hash of the events, to key caches shared between hosts."""
    scalar = events[["event_id", "title", "event_type", "date_start", "date_end", "latitude", "longitude"]]
    digest = int(pd.util.hash_pandas_object(scalar, index=False).sum()) & (2**64 - 1)
    return f"{len(events):x}-{digest:016x}"


def _search_text(events: pd.DataFrame) -> pd.Series:
    parts = [events[c].fillna("").astype(str) for c in SEARCHED_COLUMNS]
    parts += [events[c].map(" ".join) for c in ("actors", "people")]
    text = parts[0]
    for part in parts[1:]:
        text = text + " \n " + part
    return text.str.lower()


def _caption(events: pd.DataFrame) -> str:
    sources = events["source"].dropna().unique()
    if len(sources) == 1:
        return str(sources[0])
    return f"{len(sources):,} sources"


def _published(events: pd.DataFrame) -> date | None:
    dates = events["source_date"].dropna().unique()
    return pd.Timestamp(dates[0]).date() if len(dates) == 1 else None
