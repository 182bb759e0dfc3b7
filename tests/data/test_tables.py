"""The engine's tables made from events: ``mentions`` lists each actor an event counts once, under the first name
written for it, sorted by actor then event."""

from __future__ import annotations

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
