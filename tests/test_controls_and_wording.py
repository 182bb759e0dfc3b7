"""Control values ⇄ view state, and how events are put into words."""

from __future__ import annotations

from datetime import date

import pandas as pd

from dashboard.web.controls import clicked_event, clicked_row_event, controls_from_state, state_from_controls
from dashboard.query.view_state import ViewState
from dashboard.language.wording import window_text


def test_controls_round_trip():
    state = ViewState(actors=("Russia",), types=("talks",), date_from=date(2020, 1, 1), date_to=date(2021, 1, 1),
                      q="Lachin", event="x", group="source", extent="all", sources=("ACLED", "Euronews"))
    values = controls_from_state(state)
    assert values == {"actor": ["Russia"], "type": ["talks"], "source": ["ACLED", "Euronews"], "from": "2020-01-01",
                      "to": "2021-01-01", "q": "Lachin", "group": "source", "extent": "all",
                      "at": None, "window": "1m", "mode": "sliding",  # a frame of playback: none, the defaults
                      "title": None, "subtitle": None, "note": None, "credit": None}  # your words: none
    assert state_from_controls(state, values) == state
    worded = state.with_value("title", "Talks").with_value("credit", "Field notes")
    assert state_from_controls(state, {**values, "title": "Talks", "credit": "Field notes"}) == worded
    paused = state.with_value("at", date(2020, 10, 10)).with_value("mode", "cumulative")
    assert {k: v for k, v in controls_from_state(paused).items() if k in ("at", "mode")} == {
        "at": "2020-10-10", "mode": "cumulative"}
    assert state_from_controls(state, {**values, "at": "2020-10-10", "mode": "cumulative"}) == paused


def test_controls_tolerate_empty_and_reversed_values():
    state = state_from_controls(ViewState(event="kept"), {"q": None, "type": None, "actor": None, "from": "2023-05-01",
                                                          "to": "2020-01-01", "group": "bogus", "extent": "nowhere",
                                                          "source": [3, "", None]})
    assert state == ViewState(date_from=date(2020, 1, 1), date_to=date(2023, 5, 1), event="kept")


def test_clicks_and_rows_give_event_ids():
    assert clicked_event({"points": [{"customdata": ["abc", "Title"]}]}) == "abc"
    assert clicked_event({"points": [{"x": 1}]}) is None
    assert clicked_event(None) is None
    assert clicked_row_event({"rowId": "abc", "colId": "title", "value": "x"}) == "abc"
    assert clicked_row_event({"rowId": 3}) is None
    assert clicked_row_event(None) is None


def ts(text):
    return pd.Timestamp(text)


def test_window_text_is_never_more_precise_than_its_precision():
    assert window_text(ts("2023-05-11"), ts("2023-05-11"), "day") == "11 May 2023"
    assert window_text(ts("2023-05-01"), ts("2023-05-04"), "day") == "1–4 May 2023"
    assert window_text(ts("2020-09-27"), ts("2020-11-10"), "day") == "27 Sep – 10 Nov 2020"
    assert window_text(ts("1988-02-01"), ts("1994-05-12"), "month") == "Feb 1988 – May 1994"
    assert window_text(ts("1991-01-01"), ts("1991-12-31"), "year") == "1991"
    assert window_text(ts("2022-05-14"), ts("2023-05-14"), "approximate") == "14 May 2022 – 14 May 2023"
