"""The answers the engine gives that are more than a frame: what a filter keeps, what the filters offer."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd


class QueryTimeout(Exception):
    """A query ran past the engine's time limit and was cancelled."""


@dataclass(frozen=True)
class Vocabulary:
    """What the filters offer, read from the engine once: types, origins and actors, most events first."""

    total: int
    event_types: tuple[str, ...]
    origins: tuple[str, ...]
    actors: tuple[str, ...]
    #: How many events each actor counts in.
    actor_events: Mapping[str, int]
    #: Each name as written in the events → the actor it counts as.
    counted_as: Mapping[str, str]
    first: pd.Timestamp | None
    last: pd.Timestamp | None


@dataclass(frozen=True)
class Summary:
    """What a filter keeps, in one query: how many, their span, and where the located ones lie."""

    count: int
    #: The first start, the first end, the last start and the last end (None when nothing is kept).
    first: pd.Timestamp | None
    first_end: pd.Timestamp | None
    last_start: pd.Timestamp | None
    last: pd.Timestamp | None
    #: How many have coordinates, and how far apart they spread (degrees of longitude, of latitude).
    located: int
    lon_spread: float
    lat_spread: float
