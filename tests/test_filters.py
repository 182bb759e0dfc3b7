"""Filtering on a tiny frame and on the curated data."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.query.dataset import Dataset, load_dataset
from dashboard.query.facets import actor_choices, facet_counts, filter_events, range_presets, search_terms
from dashboard.query.view_state import ViewState


@pytest.fixture(scope="module")
def tiny(request):
    from dashboard.data import load_events
    from dashboard.data.registry import load_registry
    from dashboard.query.dataset import BUNDLED_REGISTRY
    from tests.conftest import FIXTURES

    return Dataset.build(load_events([FIXTURES / "valid.csv"]), load_registry(BUNDLED_REGISTRY))


@pytest.fixture(scope="module")
def curated():
    return load_dataset()


def ids(events):
    return list(events["event_id"])


def test_no_filter_keeps_everything_in_date_order(tiny):
    assert ids(filter_events(tiny, ViewState())) == ["war-1", "clash-1", "talks-1"]


def test_actor_filter_keeps_events_involving_any_chosen_actor(tiny):
    assert ids(filter_events(tiny, ViewState(actors=("Nagorno-Karabakh",)))) == ["war-1"]
    assert ids(filter_events(tiny, ViewState(actors=("Nagorno-Karabakh", "Armenia")))) == ["war-1", "clash-1", "talks-1"]


def test_type_filter(tiny):
    assert ids(filter_events(tiny, ViewState(types=("talks", "clash")))) == ["clash-1", "talks-1"]


@pytest.mark.parametrize("start, end, expected", [
    (date(1990, 1, 1), date(1990, 12, 31), ["war-1"]),          # inside a long span: the span overlaps
    (date(2023, 5, 11), date(2023, 5, 11), ["clash-1"]),        # exactly one day
    (date(1994, 5, 12), None, ["war-1", "clash-1", "talks-1"]),  # from the war's last day on
    (None, date(1988, 1, 31), []),                               # before everything
])
def test_date_range_keeps_overlapping_events(tiny, start, end, expected):
    assert ids(filter_events(tiny, ViewState(date_from=start, date_to=end))) == expected


def test_search_uses_aliases(curated):
    pashinyan = set(filter_events(curated, ViewState(q="Pashinyan"))["event_id"])
    pashinian = set(filter_events(curated, ViewState(q="Pashinian"))["event_id"])
    assert pashinyan == pashinian and "brussels-michel-pashinian-2023-05-13" in pashinyan
    assert set(filter_events(curated, ViewState(q="Latchine"))["event_id"]) == set(
        filter_events(curated, ViewState(q="Lachin"))["event_id"]) == {"lachin-checkpoint-2023-04-23",
                                                                         "nagorno-karabakh-blockade"}


def test_search_is_plain_text_not_a_pattern(curated):
    for query in ("a.*", "(.", "[", "\\", "*", "?", "^$"):
        assert filter_events(curated, ViewState(q=query)).empty, query
    # "(" is a character like any other: it finds the events whose words hold one ("Stepanakert (Khankendi)")
    events = curated.events
    texts = events[["title", "summary", "location", "geo_basis"]].fillna("").agg(" ".join, axis=1)
    found = set(filter_events(curated, ViewState(q="(")).event_id)
    assert found == set(events.event_id[texts.str.contains("(", regex=False)]) and found


def test_every_word_must_match(curated):
    assert set(filter_events(curated, ViewState(q="Michel Aliyev"))["event_id"]) == {
        "brussels-michel-aliyev-2023-05-14", "brussels-trilateral-2023-05-14", "moldova-epc-meeting-2023-06-01"}


def test_a_known_name_is_one_term(curated):
    assert search_terms(curated, "Latchine corridor") == [curated.registry.spellings_of("Latchine corridor")]


def test_facet_counts_ignore_their_own_facet(curated):
    counts = facet_counts(curated, ViewState(types=("talks",), actors=("Russia",)), "type")
    assert counts == {"statement": 2, "ceasefire": 1, "peacekeeping": 1}  # Russia's events, whatever their type


def test_actor_choices_search_names_and_aliases(curated):
    counts = facet_counts(curated, ViewState(), "actor")
    assert actor_choices(curated, counts, "Kremlin", ())[0] == ["Russia"]
    assert actor_choices(curated, counts, "arm", ())[0] == ["Armenia"]
    names, matching = actor_choices(curated, counts, None, ("France",), limit=2)
    assert names == ["France", "Azerbaijan", "Armenia"] and matching == 9


def test_range_presets_come_from_the_data(curated):
    labels = [(p.label, p.start, p.end) for p in range_presets(curated)]
    assert labels == [("All", date(1988, 2, 1), date(2023, 6, 1)),
                      ("Since 2020", date(2020, 1, 1), date(2023, 6, 1)),
                      ("Busiest: Apr–Jun 2023", date(2023, 4, 1), date(2023, 6, 30))]
