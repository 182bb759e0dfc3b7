"""The dataset the app serves: its query engine and what the filters offer, read from it once.

Built once at start-up and never mutated; every request reads it. The events live in the engine
(``dashboard.query``: embedded DuckDB, in memory or a store file; or a distributed engine); here are
the names the filters offer — types, datasets, actors with their members — the caption and the quick
ranges, so that no request has to ask for them again.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

import numpy as np
import pandas as pd

from dashboard.data.translations import in_language
from dashboard.data import import_events
from dashboard.data.origins import imported_origins, origin_of
from dashboard.data.registry import BUNDLED_MEMBERS, BUNDLED_REGISTRY, Registry, load_registry
from dashboard.data.store import open_store
from dashboard.language import _, formats
from dashboard.query.framing import events_frame
from dashboard.query import EVERYTHING, Engine, Filter

LOG = logging.getLogger(__name__)
#: Curated events are few (an article's); beyond this many, the rest are not read to frame the article.
CURATED_LIMIT = 5_000


@dataclass(frozen=True)
class RangePreset:
    """A named stretch of time for the timeline's quick zoom buttons: ``kind`` is "all", "article", "since" or
    "busiest"; its ``label`` is written in the language of the moment it is read."""

    kind: str
    start: date
    end: date

    @property
    def label(self) -> str:
        if self.kind == "all":
            return _("All")
        if self.kind == "since":
            return _("Since {year}").format(year=formats.year(self.start))
        months = _months(self.start, self.end)
        return (_("The article: {months}") if self.kind == "article" else _("Busiest: {months}")).format(months=months)


@dataclass(frozen=True)
class Dataset:
    """The engine holding the events, with the registry of names, caption and what the filters offer."""

    engine: Engine
    registry: Registry
    caption: str
    published: date | None
    #: The one source every event cites, if they all cite one.
    single_source: str | None
    actor_spellings: Mapping[str, str]
    fingerprint: str
    skipped: tuple
    total: int
    event_types: tuple[str, ...]
    actors: tuple[str, ...]
    #: The datasets the events come from ("Euronews", "ACLED", "UCDP GED"), most events first.
    origins: tuple[str, ...]
    #: Each counted actor's other names in the sources (members and aliases as written), for the filter list.
    members: Mapping[str, tuple[str, ...]]
    #: First start and last end of all the events (None when there are none).
    first: pd.Timestamp | None
    last: pd.Timestamp | None
    presets: tuple[RangePreset, ...]
    #: When curated (article) events are served beside imports: the stretch of time their article is about
    #: (``framing.events_frame`` of them), which a view holding them opens on.
    article_frame: tuple[pd.Timestamp, pd.Timestamp] | None = None

    @classmethod
    def build(cls, events: pd.DataFrame, registry: Registry, *, caption: str | None = None,
              skipped: tuple = (), **engine_options) -> Dataset:
        """The dataset of ``events`` (``load_events``' columns), held by an embedded in-memory engine."""
        engine = Engine.in_memory(events, registry=registry, **engine_options)
        return cls.on(engine, registry, caption=caption, skipped=skipped, fingerprint=engine.fingerprint())

    @classmethod
    def on(cls, engine: Engine, registry: Registry, *, caption: str | None, skipped: tuple = (),
           fingerprint: str) -> Dataset:
        """The dataset of the events ``engine`` holds; asks it once for everything the filters offer."""
        vocabulary = engine.vocabulary
        sources = engine.distinct("source", 2)
        curated = engine.rows(EVERYTHING.without_sources(imported_origins()), limit=CURATED_LIMIT, columns=(
            "event_id", "event_type", "date_start", "date_end", "date_precision", "source", "source_date", "origin"))
        published = curated["source_date"].dropna().unique()
        counted_as = vocabulary.counted_as
        members: dict[str, list[str]] = {}
        for name, actor in sorted(counted_as.items()):
            if name != actor:
                members.setdefault(actor, []).append(name)
        counted = set(vocabulary.actors)
        spellings = {a.lower(): a for a in vocabulary.actors} | {n.lower(): a for n, a in counted_as.items()}
        for spelling, canonical in registry.spellings.items():
            if canonical in counted:
                spellings.setdefault(spelling, canonical)
        single = str(sources[0]) if len(sources) == 1 else None
        first, last = vocabulary.first, vocabulary.last
        mixed = len(vocabulary.origins) > 1 and not curated.empty
        return cls(
            engine=engine, registry=registry,
            caption=caption or single or _credits(vocabulary.origins, curated),
            published=pd.Timestamp(published[0]).date() if len(published) == 1 else None, single_source=single,
            actor_spellings=MappingProxyType(spellings), fingerprint=fingerprint, skipped=tuple(skipped),
            total=vocabulary.total, event_types=vocabulary.event_types, actors=vocabulary.actors,
            origins=vocabulary.origins,
            members=MappingProxyType({a: tuple(names) for a, names in members.items()}),
            first=first, last=last, article_frame=events_frame(curated) if mixed else None,
            presets=tuple(_presets(engine, first, last, events_frame(curated) if mixed else None)),
        )

    @property
    def curated_origins(self) -> tuple[str, ...]:
        """The datasets of curated events (an article's outlet), not of imported exports."""
        return tuple(o for o in self.origins if o not in imported_origins())

    @property
    def events(self) -> pd.DataFrame:
        """Every event, in date order — for tests and small data; the server asks the engine for views."""
        return self.engine.rows(EVERYTHING)

    def sources_of(self, kept: Filter | None = None) -> str:
        """The credit for some events (all when None; else those a filter keeps): the name of every dataset
        among them."""
        if len(self.origins) > 1:
            found = self.origins if kept is None else self.engine.origin_counts(kept)
            present = [o for o in self.origins if o in found]
            dated = self.published is not None
            return "; ".join(f"{o}, {formats.long_day(self.published)}" if dated and o not in imported_origins()
                             else o for o in present) or _("no events")
        if self.single_source is None:
            return self.caption
        outlet = self.single_source.split(",")[0].split(" with ")[0].strip()
        return f"{outlet}, {formats.long_day(self.published)}" if self.published else outlet

    def origin_of(self, event) -> str | None:
        """The dataset an event (a row) comes from."""
        return str(origin_of(pd.Series([event.source])).iloc[0]) if event is not None else None

    def event(self, event_id: str | None):
        """The event with ``event_id`` as a row (a namedtuple), or None."""
        if event_id is None:
            return None
        found = in_language(self.engine.event(event_id))
        return next(found.drop(columns="pos").itertuples()) if len(found) else None

    def events_by_id(self, event_ids) -> dict:
        """The events among ``event_ids`` the data holds, by id (rows as namedtuples), asked in one question."""
        ids = [i for i in dict.fromkeys(event_ids) if isinstance(i, str)]
        if not ids:
            return {}
        found = in_language(self.engine.events_with_ids(ids).drop(columns="pos"))
        return {row.event_id: row for row in found.itertuples()}

    def existing_ids(self, event_ids) -> set[str]:
        """Which of ``event_ids`` the data holds (one question)."""
        return set(self.events_by_id(event_ids))

    def position(self, event_id: str | None) -> int | None:
        """The place of an event in date order, or None."""
        if event_id is None:
            return None
        found = self.engine.event(event_id)
        return int(found["pos"].iloc[0]) if len(found) else None


def _presets(engine: Engine, first: pd.Timestamp | None, last: pd.Timestamp | None, article=None
             ) -> list[RangePreset]:
    """All; the article's own stretch (curated events beside imports); the last three years of the data; its
    busiest two months. Derived from the data, so any dataset gets sensible buttons."""
    if first is None:
        return []
    first, last = first.date(), last.date()
    presets = [RangePreset("all", first, last)]
    if article is not None:
        start, end = article[0].date(), (article[1] - pd.Timedelta(days=1)).date()
        presets.append(RangePreset("article", start, end))
    since = date(last.year - 3, 1, 1)
    if since > first:
        presets.append(RangePreset("since", since, last))
    busiest = _busiest_window(engine.short_event_days(61), days=61)
    if busiest and busiest[0] > first:
        presets.append(RangePreset("busiest", *busiest))
    return presets


def _months(start: date, end: date) -> str:
    """"Sep–Nov 2020", "Dec 2022–Feb 2023", "May 2023"."""
    if (start.year, start.month) == (end.year, end.month):
        return formats.month(start)
    first = formats.month_name(start) if start.year == end.year else formats.month(start)
    return _("{first}–{last}").format(first=first, last=formats.month(end))


def _credits(origins: tuple[str, ...], curated: pd.DataFrame) -> str:
    """The datasets served, each named by its source: "Euronews with AFP, 14 May 2023; ACLED; UCDP GED"."""
    named = []
    for origin in origins:
        sources = curated.loc[curated["origin"] == origin, "source"].dropna().unique()
        named.append(_outlet(str(sources[0])) if len(sources) == 1 else origin)
    return "; ".join(named)


def _outlet(source: str) -> str:
    """A curated source's outlet and date, without the headline: "Euronews with AFP, 14 May 2023"."""
    parts = [p.strip() for p in source.split(",")]
    dated = len(parts) > 1 and bool(re.fullmatch(r"\d{1,2} [A-Z][a-z]+ \d{4}", parts[-1]))
    return f"{parts[0]}, {parts[-1]}" if dated else parts[0]


def _busiest_window(day_counts: pd.Series, days: int) -> tuple[date, date] | None:
    """The calendar months around the ``days``-day window starting on an event day with most starts in it
    (``day_counts``: starts per day number since 1970)."""
    if day_counts.empty:
        return None
    day_numbers = day_counts.index.to_numpy(dtype=np.int64)
    total = np.concatenate([[0], np.cumsum(day_counts.to_numpy(dtype=np.int64))])
    ends = np.searchsorted(day_numbers, day_numbers + days, side="right")
    counts = total[ends] - total[np.arange(len(day_numbers))]
    best = date(1970, 1, 1) + timedelta(days=int(day_numbers[int(np.argmax(counts))]))
    last = best + timedelta(days=days)
    next_month = date(last.year + last.month // 12, last.month % 12 + 1, 1)
    return best.replace(day=1), next_month - timedelta(days=1)


def load_dataset(paths: Iterable[str | Path] | None = None, *, fmt: str | None = None, strict: bool = False,
                 cache_dir: Path | None = None, registry_path: str | Path = BUNDLED_REGISTRY,
                 members_path: str | Path | None = BUNDLED_MEMBERS, store: str | Path | None = None,
                 engine: str | None = None, memory_limit: str = "", threads: int = 0,
                 timeout: float = 0.0) -> Dataset:
    """Load events (bundled when None, in ``fmt`` or as detected; or a prepared ``store``; or the tables of
    an ``engine`` URL) and the registry. Raises ``DatasetError``, or ``StoreError`` for a store that cannot
    be used."""
    registry = load_registry(registry_path, members_path)
    if engine is not None:
        remote = Engine.connect(engine, registry=registry, timeout=timeout)
        return Dataset.on(remote, registry, caption=None, fingerprint=remote.fingerprint())
    if store is not None:
        stored = open_store(Path(store))
        engine = Engine.open_store(str(store), registry=registry, memory_limit=memory_limit, threads=threads,
                                   timeout=timeout)
        return Dataset.on(engine, registry, caption=None,
                          skipped=tuple(stored.skipped), fingerprint=stored.fingerprint)
    if cache_dir is not None and paths is not None:
        cached = _cached_store([Path(p) for p in paths], fmt=fmt, strict=strict, folder=Path(cache_dir),
                               registry=registry, registry_files=(registry_path, members_path))
        if cached is not None:
            return load_dataset(store=cached, registry_path=registry_path, members_path=members_path,
                                memory_limit=memory_limit, threads=threads, timeout=timeout)
    imported = import_events(paths, fmt=fmt, strict=strict)
    dataset = Dataset.build(imported.events, registry,
                            skipped=tuple(imported.skipped), timeout=timeout, memory_limit=memory_limit,
                            threads=threads)
    del imported
    _release_memory()
    return dataset


def cached_store_path(paths: list[Path], *, fmt: str | None, strict: bool, folder: Path,
                      registry_files=(BUNDLED_REGISTRY, BUNDLED_MEMBERS)) -> Path | None:
    """Where the import cache keeps the store of ``paths``: named by the files (path, size, time), the options
    and the registry. None when a file cannot be looked at."""
    from dashboard.data.store import STORE_FORMAT

    try:
        marks = [[str(p.resolve()), p.stat().st_size, p.stat().st_mtime_ns] for p in paths]
        marks += [hashlib.sha256(Path(f).read_bytes()).hexdigest() for f in registry_files if f is not None]
    except OSError:
        return None
    key = hashlib.sha256(json.dumps([STORE_FORMAT, marks, fmt, strict]).encode()).hexdigest()[:32]
    return folder / f"store-{key}.duckdb"


def _cached_store(paths: list[Path], *, fmt: str | None, strict: bool, folder: Path, registry: Registry,
                  registry_files) -> Path | None:
    """A store of ``paths`` in the import cache: made on the first start, reused while the files, the options
    and the registry stay the same. None when it cannot be made (the caller then reads the files itself, and
    reports their problems)."""
    from dashboard.data import DatasetError
    from dashboard.data.store import StoreError
    from dashboard.data.streaming import import_into_store

    store = cached_store_path(paths, fmt=fmt, strict=strict, folder=folder, registry_files=registry_files)
    if store is None:
        return None
    if store.is_file():
        try:
            open_store(store)
            return store
        except StoreError as error:
            LOG.warning("making the cached store again: %s", error)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        import_into_store(paths, store, fmt=fmt, strict=strict, registry=registry)
    except DatasetError:
        return None
    except OSError as error:
        LOG.warning("no cached store in %s: %s", folder, error)
        return None
    return store


def _release_memory() -> None:
    """Hand the memory that parsing used back to the system (glibc keeps freed arenas otherwise)."""
    import ctypes
    import gc

    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass
