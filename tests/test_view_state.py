"""The URL view state: a round trip for every parameter, and a parser that never fails."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from hypothesis import given
from hypothesis import strategies as st

from dashboard.query.view_state import ViewState

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30).map(str.strip).filter(bool)
DATES = st.dates(min_value=date(1678, 1, 1), max_value=date(2261, 12, 31))


@st.composite
def states(draw):
    start = draw(st.none() | DATES)
    end = draw(st.none() | DATES)
    if start and end and end < start:
        start, end = end, start
    return ViewState(
        actors=tuple(dict.fromkeys(draw(st.lists(TEXT, max_size=4)))),
        types=tuple(dict.fromkeys(draw(st.lists(TEXT, max_size=4)))),
        date_from=start, date_to=end,
        q=draw(st.just("") | TEXT),
        event=draw(st.none() | TEXT),
        group=draw(st.sampled_from(["type", "actor"])),
        extent=draw(st.sampled_from(["region", "all"])),
    )


@given(states())
def test_round_trip_of_every_parameter(state):
    parsed, notices = ViewState.from_query(state.to_query())
    assert parsed == state
    assert notices == []


@given(st.text(max_size=300))
def test_parser_never_fails_on_any_query_string(query):
    state, notices = ViewState.from_query(query)
    assert isinstance(state, ViewState) and isinstance(notices, list)
    assert ViewState.from_query(state.to_query())[0] == state


@given(st.dictionaries(st.text(max_size=12), st.lists(st.text(max_size=40), max_size=3), max_size=6))
def test_parser_never_fails_on_any_mapping(query):
    state, _ = ViewState.from_query(query)
    assert state.group in ("type", "actor")


def test_each_parameter():
    state, notices = ViewState.from_query(
        "actor=Russia&actor=Armenia&type=talks&from=2020-01-01&to=2023-06-01&q=Lachin&event=x&group=actor")
    assert notices == []
    assert state == ViewState(actors=("Russia", "Armenia"), types=("talks",), date_from=date(2020, 1, 1),
                              date_to=date(2023, 6, 1), q="Lachin", event="x", group="actor")


def test_default_view_is_the_empty_query():
    assert ViewState().to_query() == ""
    assert ViewState.from_query("") == (ViewState(), [])


def test_unknown_and_malformed_parameters_become_notices():
    state, notices = ViewState.from_query("colour=red&from=14/05/2023&to=2023-13-01&group=sideways&from=2023-01-01")
    assert state == ViewState()
    assert notices == [
        "Ignored unknown parameter “colour”.",
        "Used the first of 2 values of “from”.",
        "Ignored “from=14/05/2023”: expected a date as YYYY-MM-DD.",
        "Ignored “to=2023-13-01”: expected a date as YYYY-MM-DD.",
        "Ignored group “sideways”: expected “type”, “actor” or “source”.",
    ]


def test_to_before_from_is_read_the_other_way_round_with_a_notice():
    """One way for the URL and the page's date boxes: the two dates are swapped, and a URL is told so."""
    state, notices = ViewState.from_query("from=2023-05-01&to=2020-01-01")
    assert (state.date_from, state.date_to) == (date(2020, 1, 1), date(2023, 5, 1))
    assert notices == ["Read “from” and “to” the other way round: “to” was before “from”."]


def test_restricted_to_the_dataset_resolves_aliases_and_drops_unknowns():
    state = ViewState(actors=("Baku", "Narnia", "Azerbaijan"), types=("talks", "duel"), event="nope")
    kept, notices = state.restricted_to(actors={"baku": "Azerbaijan", "azerbaijan": "Azerbaijan"},
                                        types=["talks"], has_event=["real"].__contains__)
    assert kept == ViewState(actors=("Azerbaijan",), types=("talks",))
    assert notices == ["Ignored unknown actor “Narnia”.", "Ignored unknown event type “duel”.",
                       "Ignored unknown event “nope”."]


def test_search_text_is_capped():
    state, notices = ViewState.from_query("q=" + "x" * 500)
    assert len(state.q) == 200 and notices == ["Shortened the search text to 200 characters."]


def test_map_extent_is_part_of_the_view():
    state, notices = ViewState.from_query("extent=all")
    assert state.extent == "all" and not notices and state.to_query() == "extent=all"
    state, notices = ViewState.from_query("extent=moon")
    assert state.extent == "region" and notices == ["Ignored extent “moon”: expected “region” or “all”."]


@pytest.mark.parametrize("query", ["to=9999-12-31", "from=0001-01-01", "from=1600-01-01"])
def test_valid_dates_beyond_what_can_be_drawn_are_ignored_with_a_notice(query):
    state, notices = ViewState.from_query(query)
    assert state == ViewState()
    assert notices == [f"Ignored “{query}”: dates run from 1678 to 2261."]


def test_every_parameter_is_declared_once_and_drives_parsing_writing_words_and_the_cli():
    from dashboard.cli import build_parser
    from dashboard.query.params import PARAMS
    from dashboard.query.view_state import describe_filters

    fields = {f.name for f in dataclasses.fields(ViewState)}
    assert {p.field for p in PARAMS} - {None} == fields - {"more"}  # a parameter without a field: in `more`
    export_help = build_parser()._subparsers._group_actions[0].choices["export"].format_help()
    for param in PARAMS:
        assert f"--{param.key}" in export_help
    assert describe_filters(ViewState(types=("talks",), actors=("Russia",), date_from=date(2020, 1, 1))) == \
        "Actor: Russia; Event type: Talks; from 1 Jan 2020"


@given(st.dates(), st.dates())
def test_any_valid_date_is_used_or_ignored_with_a_notice(first, last):
    state, notices = ViewState.from_query(f"from={first.isoformat()}&to={last.isoformat()}")
    kept = {state.date_from, state.date_to} - {None}
    assert kept <= {first, last}
    for day in (first, last):
        if day not in kept:
            assert any(day.isoformat() in n for n in notices)
    if state.date_from and state.date_to:
        assert state.date_from <= state.date_to


def test_a_search_asks_each_word_once_and_at_most_eight():
    """q=a+a+…+a costs what q=a costs: the words are folded before any query (issue #28)."""
    state, notices = ViewState.from_query("q=" + "+".join(["a"] * 100))
    assert state.q == "a" and notices == []
    assert ViewState.from_query("q=Lachin+lachin+corridor+Lachin")[0].q == "Lachin corridor"
    state, notices = ViewState.from_query("q=" + "+".join(f"w{i}" for i in range(12)))
    assert state.q == " ".join(f"w{i}" for i in range(8))
    assert notices == ["Searched for the first 8 different words of 12."]


def test_control_characters_in_a_search_are_spaces():
    """q=0%1F1 drew a caption plotly.js could not render as an image (503; found by the fuzz test)."""
    assert ViewState.from_query("q=0%1F1")[0].q == "0 1"
    assert ViewState.from_query("q=%00Lachin%7F")[0].q == "Lachin"
