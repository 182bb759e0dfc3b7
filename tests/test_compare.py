"""Pairing ACLED and UCDP events: hand-made cases inside and outside each window (#11)."""

from __future__ import annotations

import math

from pathlib import Path

import pandas as pd
import pytest

from dashboard.compare.pairs import MatchRules, TooMany, monthly, pairs
from dashboard.query.dataset import load_dataset
from dashboard.query.view import resolve_view

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "compare"


@pytest.fixture(scope="module")
def both():
    return load_dataset([FIXTURES / "acled.csv", FIXTURES / "ucdp.csv"])


def paired(dataset, query="", rules=MatchRules()) -> set[tuple[str, str]]:
    table = pairs(dataset, resolve_view(dataset, query), rules)
    return set(zip(table["acled_id"], table["ucdp_id"], strict=True))


def test_pairs_inside_the_windows_and_none_outside(both):
    # CMP1/U7001: same day, 2.2 km, Azerbaijan on both sides. CMP2/U7002: a day apart, 4.4 km.
    # CMP3/U7003: two days apart. CMP4/U7004: 8.9 km apart. CMP5/U7005: no side in common.
    assert paired(both) == {("CMP1", "ucdp-7001"), ("CMP2", "ucdp-7002")}


@pytest.mark.parametrize("rules, added", [
    (MatchRules(days=2), {("CMP3", "ucdp-7003")}),
    (MatchRules(km=10), {("CMP4", "ucdp-7004")}),
    (MatchRules(same_side=False), {("CMP5", "ucdp-7005")}),
    (MatchRules(days=0), set()),
])
def test_each_window_decides(both, rules, added):
    base = {("CMP1", "ucdp-7001"), ("CMP2", "ucdp-7002")}
    expected = base | added if rules.days else {("CMP1", "ucdp-7001")}
    assert paired(both, rules=rules) == expected


def test_each_event_is_in_one_pair_at_most_closest_first(both):
    table = pairs(both, resolve_view(both, ""), MatchRules(days=3, km=60, same_side=False))
    assert table["acled_id"].is_unique and table["ucdp_id"].is_unique
    assert ("CMP1", "ucdp-7001") in set(zip(table["acled_id"], table["ucdp_id"], strict=True))


def test_fatalities_disagree_when_acled_is_outside_ucdps_range(both):
    table = pairs(both, resolve_view(both, "")).set_index("acled_id")
    assert bool(table.loc["CMP1", "fatalities_disagree"])  # ACLED 5, UCDP 1 (1-2)
    assert not bool(table.loc["CMP2", "fatalities_disagree"])  # ACLED 1, UCDP 1 (1-1)


def test_per_month_counts(both):
    view = resolve_view(both, "")
    table = monthly(both, view, pairs(both, view))
    row = table.iloc[0]
    assert str(row["month"]) == "2022-09"
    assert (row["paired"], row["ACLED only"], row["UCDP only"], row["fatalities disagree"]) == (2, 3, 3, 1)


def test_the_view_decides_what_is_compared(both):
    assert paired(both, "to=2022-09-13") == {("CMP1", "ucdp-7001")}  # CMP2 (14 Sep) is filtered out
    assert paired(both, "from=2022-09-14") == set()  # as are U7001 and U7002 (13 Sep)
    assert paired(both, "source=ACLED") == set()


def test_a_view_too_large_is_refused(both, monkeypatch):
    import dashboard.compare.pairs

    monkeypatch.setattr(dashboard.compare.pairs, "MAX_EVENTS", 2)
    with pytest.raises(TooMany, match="compare at most 2"):
        pairs(both, resolve_view(both, ""))


@pytest.fixture(scope="module")
def client(both):
    from dashboard.web.app import create_app
    from dashboard.settings import Settings

    return create_app(Settings(), dataset=both).server.test_client()


def test_the_pairs_download_follows_the_view_and_the_rules(client):
    lines = client.get("/export/pairs.csv").get_data(as_text=True).splitlines()
    assert lines[0].startswith("acled_id,ucdp_id,acled_date,ucdp_date,days_apart,km_apart,acled_fatalities,ucdp_low")
    assert sorted(line.split(",")[0] for line in lines[1:]) == ["CMP1", "CMP2"]
    wider = client.get("/export/pairs.csv?days=2&km=10").get_data(as_text=True).splitlines()
    assert sorted(line.split(",")[0] for line in wider[1:]) == ["CMP1", "CMP2", "CMP3", "CMP4"]
    any_side = client.get("/export/pairs.csv?same_side=0&same_side=1&days=0").get_data(as_text=True)
    assert any_side.count("\n") == 2  # header and CMP1 (same day); the form's checkbox value wins


def test_the_comparison_page_counts_and_explains(client):
    page = client.get("/compare?type=Battles&type=state-based").get_data(as_text=True)
    assert "2 pairs of likely-same events" in page and "How events are paired" in page
    assert 'href="/export/pairs.csv?type=Battles&amp;type=state-based&amp;days=1&amp;km=5&amp;same_side=1"' in page
    # the monthly chart travels with the config static/embed.js draws it with (without it: an empty box)
    assert 'id="figure"' in page and 'id="config"' in page


def test_two_sources_that_barely_overlap_are_explained_with_their_numbers(ucdp_sample):
    """An HDX-style ACLED export (mostly Armenia) beside UCDP's worldwide sample: for Azerbaijan over
    2020–23 they share almost nothing, and the page says so in words, with each one's numbers."""
    import html
    import re

    from dashboard.web.app import create_app
    from dashboard.settings import Settings

    mixed = load_dataset([FIXTURES.parent / "acled" / "hdx_armenia_worldwide.csv", ucdp_sample])
    query = "actor=Azerbaijan&from=2020-01-01&to=2023-12-31"
    events = resolve_view(mixed, query).events
    acled = events[events["source"].str.startswith("ACLED")]
    ucdp = events[events["source"].str.startswith("UCDP GED")]
    assert len(acled) > 100 and len(ucdp) == 1
    page = create_app(Settings(), dataset=mixed).server.test_client().get(f"/compare?{query}").get_data(as_text=True)
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))
    first, last = acled["date_start"].min(), acled["date_start"].max()
    assert "The two sources barely overlap in this view" in text
    assert f"ACLED has {len(acled)} events from {first:%-d %b %Y} to {last:%-d %b %Y}, in Armenia" in text
    assert f"UCDP GED has 1 event on {ucdp['date_start'].iloc[0]:%-d %b %Y}, in Azerbaijan" in text
    assert f"0 of ACLED's {len(acled)} events fall within UCDP GED's dates and area" in text
    assert "To compare them, load exports of both that cover the same countries and years" in text
    assert not re.search(r"\b1 (events|pairs)\b", text)
    assert f"{len(acled)} ACLED events and 1 UCDP event without a partner" in text


def test_the_pairing_stops_at_its_time_budget_and_says_what_to_narrow(both, client, monkeypatch):
    """The pairing is Python over candidates: a budget bounds it whatever the windows (#28)."""
    import dashboard.compare.pairs

    monkeypatch.setattr(dashboard.compare.pairs, "TIME_BUDGET_S", -1.0)
    with pytest.raises(TooMany, match="pairing took more than -1 s in this view"):
        pairs(both, resolve_view(both, ""))
    answer = client.get("/export/pairs.csv?days=30&km=500&same_side=0")
    assert answer.status_code == 400 and "narrow its dates" in answer.get_data(as_text=True)


def test_each_ucdp_event_keeps_only_its_nearest_candidates(both, monkeypatch):
    """Work bounded by the events, not their square (#28): with one candidate kept, every UCDP event is paired
    with its nearest ACLED event — fewest days apart, then fewest km — found here by brute force."""
    import dashboard.compare.pairs

    rules = MatchRules(days=30, km=500, same_side=False)
    monkeypatch.setattr(dashboard.compare.pairs, "MAX_CANDIDATES", 1)
    found = paired(both, rules=rules)
    events = resolve_view(both, "").events.dropna(subset=["latitude", "longitude"])
    acled = events[events["source"].str.startswith("ACLED")]
    ucdp = events[events["source"].str.startswith("UCDP")]
    assert found
    for a, u in found:
        one = ucdp[ucdp["event_id"] == u].iloc[0]
        days = (acled["date_start"] - one["date_start"]).abs().dt.days
        km = pd.Series([_km(one["latitude"], one["longitude"], lat, lon)
                        for lat, lon in zip(acled["latitude"], acled["longitude"], strict=True)], index=acled.index)
        near = acled.assign(days=days, km=km)[(days <= 30) & (km <= 500)].sort_values(["days", "km"])
        assert near["event_id"].iloc[0] == a, (u, a, near[["event_id", "days", "km"]].head(3))


def _km(lat1, lon1, lat2, lon2) -> float:
    """Great-circle km by the spherical law of cosines: the brute force's own way, not the code's haversine."""
    a, b, d = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    return 6371.0 * math.acos(max(-1.0, min(1.0, math.sin(a) * math.sin(b) + math.cos(a) * math.cos(b) * math.cos(d))))
