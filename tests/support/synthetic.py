#!/usr/bin/env python3
"""Write realistic synthetic conflict data in ACLED's current layout (and UCDP GED's, from its sample).

    .venv/bin/python -m tests.support.synthetic 1000000 -o /tmp/acled-1m.csv

Six ACLED event types with their sub-types, ~300 actors (a few very active, a
long tail), 30 years with more events in recent years and bursts, coordinates
clustered around towns over a region the size of the South Caucasus and its
neighbours, fatalities mostly 0 with a heavy tail, ACLED's time and geo
precisions, notes of realistic length. Deterministic for a given --seed.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.data import acled
from dashboard.data.importing import convert_cells
from dashboard.data.registry import load_registry
from dashboard.query.dataset import BUNDLED_REGISTRY, Dataset

COLUMNS = ("event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,"
           "assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,"
           "admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,"
           "timestamp").split(",")
TYPES = {
    "Battles": (["Armed clash", "Government regains territory", "Non-state actor overtakes territory"], 0.22),
    "Explosions/Remote violence": (["Shelling/artillery/missile attack", "Air/drone strike", "Remote explosive/landmine/IED"], 0.18),
    "Violence against civilians": (["Attack", "Abduction/forced disappearance", "Sexual violence"], 0.12),
    "Protests": (["Peaceful protest", "Protest with intervention", "Excessive force against protesters"], 0.30),
    "Riots": (["Violent demonstration", "Mob violence"], 0.08),
    "Strategic developments": (["Agreement", "Arrests", "Change to group/activity", "Headquarters or base established"], 0.10),
}
DISORDER = {"Battles": "Political violence", "Explosions/Remote violence": "Political violence",
            "Violence against civilians": "Political violence", "Protests": "Demonstrations",
            "Riots": "Demonstrations", "Strategic developments": "Strategic developments"}
COUNTRIES = [("Armenia", 51, 40.2, 44.8), ("Azerbaijan", 31, 40.3, 47.8), ("Georgia", 268, 42.0, 43.7),
             ("Turkey", 792, 39.0, 38.0), ("Iran", 364, 36.5, 49.0), ("Russia", 643, 43.8, 45.0)]
WORDS = ("forces reported that fighting continued near the village while local officials said several homes were "
         "damaged and residents were moved to safer areas as talks were expected later in the week").split()


#: Changes whenever ``generate`` writes something else, so that no benchmark reads a stale cached file.
VERSION = "v2"


def generate(n: int, seed: int = 7) -> pd.DataFrame:
    """``n`` synthetic ACLED events (the columns of ``COLUMNS``), the same for the same ``seed``."""
    rng = np.random.default_rng(seed)
    names = list(TYPES)
    event_type = rng.choice(names, size=n, p=[TYPES[t][1] for t in names])
    sub = np.empty(n, dtype=object)
    for name in names:
        mask = event_type == name
        sub[mask] = rng.choice(TYPES[name][0], size=int(mask.sum()))
    # The first twelve are state forces written as ACLED writes them, which the registry counts as their
    # country where it knows it (Armenia, Azerbaijan, Russia): the actor filter works through memberships.
    forces = [f"Military Forces of {c[0]} (2003-)" for c in COUNTRIES] + [f"Police Forces of {c[0]} (2018-)"
                                                                         for c in COUNTRIES]
    actors = np.array([forces[i] if i < 12 else
                       f"Protesters (Group {i})" if i < 80 else f"Militia {i}" if i < 200 else f"Unidentified Armed Group {i}"
                       for i in range(300)], dtype=object)
    weights = 1 / np.arange(1, 301) ** 1.1
    a1 = rng.choice(300, size=n, p=weights / weights.sum())
    a2 = rng.choice(300, size=n, p=weights / weights.sum())
    has_a2 = rng.random(n) < 0.6
    days = 30 * 365
    recency = rng.power(2.2, size=n)
    burst = rng.random(n) < 0.15
    day = np.where(burst, days - 400 + rng.integers(0, 120, size=n), (recency * days).astype(int))
    date = pd.Timestamp("1994-01-01") + pd.to_timedelta(day, unit="D")
    country_index = rng.choice(len(COUNTRIES), size=n, p=[0.25, 0.3, 0.12, 0.13, 0.1, 0.1])
    towns = rng.integers(0, 400, size=n)
    town_lat = np.array([c[2] for c in COUNTRIES])[country_index] + (towns % 20 - 10) * 0.12
    town_lon = np.array([c[3] for c in COUNTRIES])[country_index] + (towns // 20 - 10) * 0.15
    fatalities = np.where(np.isin(event_type, ["Battles", "Explosions/Remote violence", "Violence against civilians"]),
                          rng.negative_binomial(1, 0.35, size=n), 0)
    word_index = rng.integers(0, len(WORDS) - 25, size=n)
    notes = np.array([" ".join(WORDS[i:i + 25]) for i in range(len(WORDS) - 25)], dtype=object)[word_index]
    frame = pd.DataFrame({
        "event_id_cnty": np.char.add("SYN", np.arange(n).astype(str)).astype(object),
        "event_date": date.strftime("%Y-%m-%d"),
        "year": date.year,
        "time_precision": rng.choice([1, 2, 3], size=n, p=[0.85, 0.1, 0.05]),
        "disorder_type": pd.Series(event_type).map(DISORDER).to_numpy(dtype=object),
        "event_type": event_type, "sub_event_type": sub,
        "actor1": actors[a1], "assoc_actor_1": np.where(rng.random(n) < 0.2, "Civilians (International)", ""),
        "inter1": 1, "actor2": np.where(has_a2, actors[a2], ""), "assoc_actor_2": "", "inter2": 2, "interaction": 12,
        "civilian_targeting": "", "iso": np.array([c[1] for c in COUNTRIES])[country_index], "region": "Caucasus",
        "country": np.array([c[0] for c in COUNTRIES])[country_index], "admin1": "", "admin2": "", "admin3": "",
        "location": np.array([f"Town {t}" for t in range(400)], dtype=object)[towns],
        "latitude": np.round(town_lat + rng.normal(0, 0.02, n), 4),
        "longitude": np.round(town_lon + rng.normal(0, 0.02, n), 4),
        "geo_precision": rng.choice([1, 2, 3], size=n, p=[0.7, 0.25, 0.05]),
        "source": rng.choice(["Agency A", "Agency B; Local outlet", "Ministry of Defence"], size=n),
        "source_scale": "National", "notes": notes, "fatalities": fatalities, "tags": "", "timestamp": 1684108800,
    })
    return frame[COLUMNS]


def generate_ucdp(n: int, sample: Path, seed: int = 11) -> pd.DataFrame:
    """``n`` UCDP GED events in the layout of ``sample`` (the shared GED sample): its rows drawn again, with
    new ids, and dates, places and sides in the synthetic ACLED data's region and period — at the same towns
    as ``generate``'s events, so a comparison finds candidates (one in five lasts a few days)."""
    rng = np.random.default_rng(seed)
    rows = pd.read_csv(sample, dtype=str, keep_default_na=False)
    frame = rows.iloc[rng.integers(0, len(rows), size=n)].reset_index(drop=True)
    days = 30 * 365
    day = (rng.power(2.2, size=n) * days).astype(int)
    start = pd.Timestamp("1994-01-01") + pd.to_timedelta(day, unit="D")
    length = np.where(rng.random(n) < 0.2, rng.integers(1, 5, size=n), 0)
    country_index = rng.choice(len(COUNTRIES), size=n, p=[0.25, 0.3, 0.12, 0.13, 0.1, 0.1])
    towns = rng.integers(0, 400, size=n)
    lat = np.array([c[2] for c in COUNTRIES])[country_index] + (towns % 20 - 10) * 0.12 + rng.normal(0, 0.03, n)
    lon = np.array([c[3] for c in COUNTRIES])[country_index] + (towns // 20 - 10) * 0.15 + rng.normal(0, 0.03, n)
    country = np.array([c[0] for c in COUNTRIES])[country_index]
    frame["id"] = [str(900_000_000 + i) for i in range(n)]
    frame["relid"] = [f"SYN-{i}" for i in range(n)]
    frame["year"] = start.year.astype(str)
    frame["date_start"] = start.strftime("%Y-%m-%d")
    frame["date_end"] = (start + pd.to_timedelta(length, unit="D")).strftime("%Y-%m-%d")
    frame["latitude"], frame["longitude"] = np.round(lat, 4).astype(str), np.round(lon, 4).astype(str)
    frame["geom_wkt"] = [f"POINT ({x} {y})" for x, y in zip(frame["longitude"], frame["latitude"])]
    frame["country"] = country
    frame["side_a"] = [f"Government of {c}" for c in country]
    frame["side_b"] = [f"Militia {i}" for i in rng.integers(80, 200, size=n)]
    frame["dyad_name"] = frame["side_a"] + " - " + frame["side_b"]
    frame["conflict_name"] = [f"{c}: Government" for c in country]
    frame["where_description"] = [f"Town {t}" for t in towns]
    return frame


def synthetic_file(n: int, folder: Path) -> Path:
    """``folder/acled-<n>-<VERSION>.csv``, written (once) from ``generate(n)``: the benchmarks share it."""
    path = folder / f"acled-{n}-{VERSION}.csv"
    if not path.is_file():  # written whole, then renamed: an interrupted run leaves no short file behind
        folder.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")
        _write_csv(generate(n), partial)
        partial.replace(path)
    return path


def _write_csv(frame: pd.DataFrame, path: Path) -> None:
    """``frame`` as pandas' ``to_csv(index=False)`` writes it (the same bytes), by Arrow's writer: ten times
    faster — a million events in under a second instead of nine. No value is quoted (none of the generated
    ones needs it, as pandas finds; Arrow would refuse one that did)."""
    import pyarrow as pa
    import pyarrow.csv

    frame = frame.assign(**{name: frame[name].astype(str) for name in frame.columns  # 38.0, not Arrow's 38
                            if frame[name].dtype.kind == "f"})
    with open(path, "wb") as handle:  # the header unquoted, as pandas writes it (Arrow quotes every name)
        handle.write((",".join(frame.columns) + "\n").encode("utf-8"))
        pyarrow.csv.write_csv(pa.Table.from_pandas(frame, preserve_index=False), handle,
                              pyarrow.csv.WriteOptions(include_header=False, quoting_style="none"))


def synthetic_dataset(n: int) -> Dataset:
    """A dataset of ``generate(n)``'s events, read as the ACLED importer reads an export's cells (no file
    written), with the bundled registry of names. Raises ValueError if the importer finds a problem."""
    converted = convert_cells(generate(n).astype(str), acled)
    if converted.problems:
        raise ValueError(f"the synthetic events have problems: {converted.problems[:3]}")
    return Dataset.build(converted.events, load_registry(BUNDLED_REGISTRY))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("events", type=int)
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    generate(args.events, args.seed).to_csv(args.output, index=False)
    print(f"wrote {args.events:,} events to {args.output}")


if __name__ == "__main__":
    main()
