"""The engine's tables made from events: ``mentions`` lists each actor an event counts once, under the first name
written for it, sorted by actor then event."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.data.registry import Registry
from dashboard.data.tables import engine_tables


class CountedAs(Registry):
    """A registry that counts names as a table says."""

    def __init__(self, table: dict[str, str]):
        super().__init__(names={}, spellings={})
        object.__setattr__(self, "table", table)

    def counted_as(self, name: str) -> str:
        return self.table.get(name, name)


def test_an_actor_written_under_two_names_is_one_mention_under_the_first(bundled_events):
    events = bundled_events.head(3).copy()
    events["actors"] = [["Nikol Pashinyan", "Aliyev", "Pashinian"], ["Zeta", "Pashinian"], ["Aliyev"]]
    events["date_start"] = pd.to_datetime(["2023-01-03", "2023-01-01", "2023-01-02"])
    _, mentions, names = engine_tables(events, CountedAs({"Nikol Pashinyan": "Pashinyan", "Pashinian": "Pashinyan"}))
    rows = mentions.to_pylist()
    # events in date order: pos 0 (Zeta, Pashinian), 1 (Aliyev), 2 (Nikol Pashinyan, Aliyev, Pashinian)
    assert rows == [{"pos": 1, "name": "Aliyev", "actor": "Aliyev"}, {"pos": 2, "name": "Aliyev", "actor": "Aliyev"},
                    {"pos": 0, "name": "Pashinian", "actor": "Pashinyan"},
                    {"pos": 2, "name": "Nikol Pashinyan", "actor": "Pashinyan"},
                    {"pos": 0, "name": "Zeta", "actor": "Zeta"}]
    assert sorted(names.to_pylist(), key=lambda r: r["name"])[0] == {"name": "Aliyev", "actor": "Aliyev"}


def test_mentions_of_many_events_are_each_events_actors_by_actor_then_event(bundled_events):
    """Thousands of events (several of DuckDB's chunks, on every thread), names some of which count as one actor:
    the table is the one worked out here, row for row and in its order."""
    rng = np.random.default_rng(7)
    written = [f"Name {n:02d}" for n in range(40)] + ["Émigrés", "Zorro", "Ärmy"]
    counted = {name: f"Actor {int(name[5:]) % 7}" for name in written[:20]}  # 20 names, 7 actors
    size = 5_000
    events = pd.concat([bundled_events.head(1)] * size, ignore_index=True)
    events["event_id"] = [f"e{n}" for n in range(size)]
    events["date_start"] = pd.to_datetime("2020-01-01") + pd.to_timedelta(rng.permutation(size), unit="D")
    events["actors"] = [list(rng.choice(written, size=rng.integers(0, 5), replace=False)) for _ in range(size)]
    _, mentions, _ = engine_tables(events, CountedAs(counted))
    by_date = events.sort_values(["date_start", "event_id"]).reset_index(drop=True)
    want = []
    for pos, names in enumerate(by_date["actors"]):
        first = {}
        for name in names:
            first.setdefault(counted.get(name, name), name)
        want += [{"pos": pos, "name": str(name), "actor": str(actor)} for actor, name in first.items()]
    want.sort(key=lambda row: (row["actor"], row["pos"]))
    assert mentions.to_pylist() == want
