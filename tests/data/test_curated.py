"""The curated dataset says what the article says: every event, date, actor, place and casualty."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from dashboard.data import DATA_DIR
from dashboard.data.registry import load_registry
from dashboard.data.schema import COLUMNS

A, AZ, NK, RU, EU, US = "Armenia", "Azerbaijan", "Nagorno-Karabakh", "Russia", "European Union", "United States"
PASH, ALI, MICH = "Nikol Pashinian", "Ilham Aliyev", "Charles Michel"

# event_id: (type, start, end, precision, status, actors, people, place, fatalities, injuries)
EXPECTED = {
    "brussels-trilateral-2023-05-14": ("talks", "2023-05-14", "2023-05-14", "day", "occurred", {A, AZ, EU}, {PASH, ALI, MICH}, "Brussels", None, None),
    "brussels-michel-pashinian-2023-05-13": ("talks", "2023-05-13", "2023-05-13", "day", "occurred", {EU, A}, {MICH, PASH}, "Brussels", None, None),
    "brussels-michel-aliyev-2023-05-14": ("talks", "2023-05-14", "2023-05-14", "day", "occurred", {EU, AZ}, {MICH, ALI}, "Brussels", None, None),
    "border-clash-2023-05-11": ("clash", "2023-05-11", "2023-05-11", "day", "occurred", {A, AZ}, set(), "border", 1, 4),
    "border-clash-2023-05-12": ("clash", "2023-05-12", "2023-05-12", "day", "occurred", {A, AZ}, set(), "border", 1, 2),
    "pashinian-accuses-azerbaijan-2023-05-11": ("statement", "2023-05-11", "2023-05-11", "day", "occurred", {A, AZ}, {PASH, ALI}, "Yerevan", None, None),
    "us-urges-troop-pullback-2023-05-11": ("statement", "2023-05-11", "2023-05-11", "day", "occurred", {US, A, AZ}, {PASH, ALI}, "Washington", None, None),
    "washington-talks-2023-05": ("talks", "2023-05-01", "2023-05-04", "day", "occurred", {A, AZ, US}, {"Antony Blinken"}, "Washington", None, None),
    "blinken-tangible-progress-2023-05-04": ("statement", "2023-05-04", "2023-05-04", "day", "occurred", {US, A, AZ}, {"Antony Blinken"}, "Washington", None, None),
    "moldova-epc-meeting-2023-06-01": ("talks", "2023-06-01", "2023-06-01", "day", "scheduled",
                                       {A, AZ, EU, "France", "Germany", "European Political Community"},
                                       {PASH, ALI, MICH, "Emmanuel Macron", "Olaf Scholz"}, "Moldova", None, None),
    "first-karabakh-war": ("war", "1988-02-01", "1994-05-12", "month", "occurred", {A, AZ, NK}, set(), NK, None, None),
    "second-karabakh-war-2020": ("war", "2020-09-27", "2020-11-10", "day", "occurred", {A, AZ, NK}, set(), NK, None, None),
    "karabakh-secession": ("secession", "1991-09-02", "1991-09-02", "day", "occurred", {NK, AZ}, set(), NK, None, None),
    "russia-brokered-ceasefire-2020": ("ceasefire", "2020-11-09", "2020-11-10", "day", "occurred", {A, AZ, RU}, set(), "Moscow", None, None),
    "russian-peacekeepers-deployed": ("peacekeeping", "2020-11-10", "2023-05-14", "day", "occurred", {RU, NK}, set(), NK, None, None),
    "armenia-complains-peacekeepers": ("statement", "2022-05-14", "2023-05-14", "approximate", "occurred", {A, RU}, set(), "Armenia", None, None),
    "peskov-no-alternative-2023-05-02": ("statement", "2023-04-14", "2023-05-14", "approximate", "occurred", {RU}, {"Dmitry Peskov"}, "Moscow", None, None),
    "lachin-checkpoint-2023-04-23": ("checkpoint", "2023-04-23", "2023-04-23", "day", "occurred", {AZ, A, NK}, set(), "Lachin corridor", None, None),
    "nagorno-karabakh-blockade": ("blockade", "2022-12-12", "2023-05-14", "day", "occurred", {NK, AZ}, set(), "Lachin corridor", None, None),
}


def test_every_event_of_the_article_and_nothing_else(bundled_events):
    assert set(bundled_events["event_id"]) == set(EXPECTED)


@pytest.mark.parametrize("event_id", EXPECTED)
def test_event_facts(event_id, bundled_events):
    kind, start, end, precision, status, actors, people, place, killed, wounded = EXPECTED[event_id]
    event = bundled_events.set_index("event_id").loc[event_id]
    assert event.event_type == kind
    assert (event.date_start, event.date_end) == (pd.Timestamp(start), pd.Timestamp(end))
    assert event.date_precision == precision
    assert event.status == status
    assert set(event.actors) == actors
    assert set(event.people) == people
    assert place in event.location
    assert (None if pd.isna(event.fatalities) else event.fatalities) == killed
    assert (None if pd.isna(event.injuries) else event.injuries) == wounded


def test_casualties_only_where_the_article_states_them(bundled_events):
    stated = bundled_events.dropna(subset=["fatalities"])
    assert set(stated["event_id"]) == {"border-clash-2023-05-11", "border-clash-2023-05-12"}


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_every_excerpt_is_verbatim_in_the_article(bundled_events, article_text):
    for event in bundled_events.itertuples():
        assert isinstance(event.source_excerpt, str) and event.source_excerpt, event.event_id
        assert event.source_excerpt in article_text, event.event_id


def test_people_are_spelled_as_the_article_spells_them(bundled_events, article_text):
    for person in {p for people in bundled_events["people"] for p in people}:
        assert person in article_text, person


def test_every_event_names_the_article_as_source(bundled_events):
    assert bundled_events["source"].str.contains("Euronews").all()
    assert bundled_events["source"].str.contains("14 May 2023").all()
    assert (bundled_events["source_date"] == pd.Timestamp("2023-05-14")).all()


def test_every_event_is_located_with_a_stated_basis(bundled_events):
    assert bundled_events[["latitude", "longitude", "geo_precision", "geo_basis"]].notna().all().all()


def test_registry_knows_every_actor_and_person(bundled_events):
    registry = load_registry(DATA_DIR / "actors.csv")
    for name in {a for actors in bundled_events["actors"] for a in actors}:
        assert registry.names[name].kind not in ("person", "place"), name
    for name in {p for people in bundled_events["people"] for p in people}:
        assert registry.names[name].kind == "person", name


def test_data_readme_documents_every_column():
    readme = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `(\w+)` \|", readme, flags=re.M))
    assert documented == {c.name for c in COLUMNS}


def test_article_text_is_not_shipped_in_the_package():
    package = Path(__file__).resolve().parents[2] / "dashboard"
    text = "".join(p.read_text(encoding="utf-8") for p in package.rglob("*.py"))
    assert "never-ending standoff" not in text
