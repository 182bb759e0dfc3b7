"""The dataset the app serves: events plus what is derived from them once.

Built once at start-up and never mutated; every request reads it. Besides the
events table (sorted by date) it keeps compact arrays — event-type codes, one
row per actor mention, dates as integers — so that filtering a million events
takes milliseconds.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

import numpy as np
import pandas as pd

from dashboard.data import DATA_DIR, import_events
from dashboard.data.origins import IMPORTED_ORIGINS, origin_of
from dashboard.data.formats import FORMATS as FORMAT_NAMES
from dashboard.data.registry import Registry, load_registry
from dashboard.data.store import read_store

BUNDLED_REGISTRY = DATA_DIR / "actors.csv"
BUNDLED_MEMBERS = DATA_DIR / "actor_members.csv"
#: Text columns searched for free text (actors and people are searched through their own arrays).
SEARCHED_COLUMNS = ("title", "summary", "location")
#: Text columns with few distinct values, kept as categories to save memory on large imports.
REPETITIVE = ("event_type", "status", "date_precision", "date_basis", "country", "geo_precision", "geo_basis",
              "source", "sub_event_type", "location")


@dataclass(frozen=True)
class Dataset:
    """Events with their registry of names, caption and the arrays filters work on."""

    events: pd.DataFrame
    registry: Registry
    caption: str
    published: date | None
    actor_spellings: Mapping[str, str]
    fingerprint: str
    skipped: tuple
    event_types: tuple[str, ...]
    type_codes: np.ndarray
    actors: tuple[str, ...]
    actor_index: Mapping[str, int]
    #: The datasets the events come from ("Euronews", "ACLED", "UCDP GED"), most events first; each event's one.
    origins: tuple[str, ...]
    origin_codes: np.ndarray
    #: Each counted actor's other names in the sources (members and aliases as written), for the filter list.
    members: Mapping[str, tuple[str, ...]]
    mention_event: np.ndarray
    mention_actor: np.ndarray
    start_ns: np.ndarray
    end_ns: np.ndarray
    positions: pd.Index
    people_text: pd.Series | None
    #: Recent filter masks by filter key: every callback of one view needs the same mask. Bounded; a cache,
    #: so a worker that computes one twice is merely slower.
    masks: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def build(cls, events: pd.DataFrame, registry: Registry, *, caption: str | None = None,
              skipped: tuple = ()) -> Dataset:
        """Sort the events by date and derive everything the views need from them."""
        events = events.sort_values(["date_start", "event_id"], kind="stable").reset_index(drop=True)
        for column in REPETITIVE:
            if len(events) > 10_000 and column in events:
                events[column] = events[column].astype("category")
        event_types = _ranked(events["event_type"].astype("str"))
        type_position = {t: i for i, t in enumerate(event_types)}
        type_codes = events["event_type"].map(type_position).to_numpy(dtype=np.int16)
        origin = origin_of(events["source"])
        origins = _ranked(origin)
        origin_codes = origin.map({o: i for i, o in enumerate(origins)}).to_numpy(dtype=np.int16)
        del origin
        lengths = events["actors"].map(len).to_numpy()
        mention_event = np.repeat(np.arange(len(events), dtype=np.int32), lengths)
        written = [name for names in events["actors"] for name in names]
        counted_as = {name: registry.counted_as(name) for name in set(written)}
        flat = pd.Series([counted_as[name] for name in written], dtype=object)
        # an event counts once per actor, though it may name it twice or by two of its members' names
        kept = ~pd.DataFrame({"event": mention_event, "actor": flat}).duplicated().to_numpy()
        mention_event, flat = mention_event[kept], flat[kept]
        actors = _ranked(flat)  # by events, most first
        actor_index = {a: i for i, a in enumerate(actors)}
        mention_actor = flat.map(actor_index).to_numpy(dtype=np.int32) if len(flat) else np.zeros(0, dtype=np.int32)
        members: dict[str, list[str]] = {}
        for name, actor in sorted(counted_as.items()):
            if name != actor:
                members.setdefault(actor, []).append(name)
        spellings = {a.lower(): a for a in actors} | {n.lower(): a for n, a in counted_as.items()}
        for spelling, canonical in registry.spellings.items():
            if canonical in actor_index:
                spellings.setdefault(spelling, canonical)
        has_people = bool(events["people"].map(len).any())
        return cls(
            events=events, registry=registry, caption=caption or _caption(events), published=_published(events),
            actor_spellings=MappingProxyType(spellings), fingerprint=_fingerprint(events), skipped=tuple(skipped),
            event_types=event_types, type_codes=type_codes, actors=actors, actor_index=MappingProxyType(actor_index),
            origins=origins, origin_codes=origin_codes,
            members=MappingProxyType({a: tuple(names) for a, names in members.items()}),
            mention_event=mention_event, mention_actor=mention_actor,
            start_ns=events["date_start"].to_numpy().astype("datetime64[s]").astype(np.int64),
            end_ns=events["date_end"].to_numpy().astype("datetime64[s]").astype(np.int64),
            positions=pd.Index(events["event_id"]),
            people_text=events["people"].map(" ".join).str.lower() if has_people else None,
        )

    @property
    def source_label(self) -> str:
        """A short credit: "Euronews, 14 May 2023" for one dated source; every dataset's name when the
        events come from several ("Euronews, 14 May 2023; ACLED; UCDP GED"); else the caption."""
        return self.sources_of(None)

    def sources_of(self, indices: np.ndarray | None) -> str:
        """The credit for some events (all when None): the name of every dataset among them."""
        if len(self.origins) > 1:
            present = self.origins if indices is None else [self.origins[i]
                                                            for i in np.unique(self.origin_codes[indices])]
            dated = self.published is not None
            return "; ".join(f"{o}, {self.published:%-d %B %Y}" if dated and o not in IMPORTED_ORIGINS else o
                             for o in present) or "no events"
        sources = self.events["source"].dropna().unique()
        if len(sources) != 1:
            return self.caption
        outlet = str(sources[0]).split(",")[0].split(" with ")[0].strip()
        return f"{outlet}, {self.published:%-d %B %Y}" if self.published else outlet

    def position(self, event_id: str | None) -> int | None:
        """Row number of an event id in ``events``, or None."""
        if event_id is None or event_id not in self.positions:
            return None
        found = self.positions.get_loc(event_id)
        return found if isinstance(found, int) else None


def load_dataset(paths: Iterable[str | Path] | None = None, *, fmt: str | None = None, strict: bool = False,
                 cache_dir: Path | None = None, registry_path: str | Path = BUNDLED_REGISTRY,
                 members_path: str | Path | None = BUNDLED_MEMBERS, store: str | Path | None = None) -> Dataset:
    """Load events (bundled when None, in ``fmt`` or as detected; or a prepared ``store``) and the registry.
    Raises ``DatasetError``, or ``StoreError`` for a store that cannot be used."""
    if store is not None:
        stored = read_store(Path(store))
        caption = _files_caption({s["path"]: s["format"] for s in stored.sources})
        return Dataset.build(stored.events, load_registry(registry_path, members_path), caption=caption,
                             skipped=tuple(stored.skipped))
    imported = import_events(paths, fmt=fmt, strict=strict, cache_dir=cache_dir)
    dataset = Dataset.build(imported.events, load_registry(registry_path, members_path),
                            caption=_files_caption(imported.formats),
                            skipped=tuple(imported.skipped))
    del imported
    _release_memory()
    return dataset


def _release_memory() -> None:
    """Hand the memory that parsing used back to the system (glibc keeps freed arenas otherwise)."""
    import ctypes
    import gc

    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def _files_caption(formats: dict[str, str]) -> str | None:
    """"ACLED export: file.csv" for imports (file path → format); None (the sources speak) for the
    project's own CSV."""
    if all(fmt == "native" for fmt in formats.values()):
        return None
    return "; ".join(f"{FORMAT_NAMES.get(fmt, fmt)}: {Path(path).name}" for path, fmt in formats.items())


def _ranked(values: pd.Series) -> tuple[str, ...]:
    """The distinct values, most frequent first; ties by name (as the query engine ranks them)."""
    counts = values.value_counts()
    return tuple(sorted((str(v) for v in counts.index), key=lambda v: (-counts[v], v)))


def _fingerprint(events: pd.DataFrame) -> str:
    """A short hash of the events, to key caches shared between hosts."""
    scalar = events[["event_id", "title", "date_start", "date_end", "latitude", "longitude"]]
    digest = int(pd.util.hash_pandas_object(scalar, index=False).sum()) & (2**64 - 1)
    return f"{len(events):x}-{digest:016x}"


def _caption(events: pd.DataFrame) -> str:
    sources = events["source"].dropna().unique()
    if len(sources) == 1:
        return str(sources[0])
    return f"{len(sources):,} sources"


def _published(events: pd.DataFrame) -> date | None:
    dates = events["source_date"].dropna().unique()
    return pd.Timestamp(dates[0]).date() if len(dates) == 1 else None
