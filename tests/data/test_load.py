"""The data contract: columns, types, and a lossless CSV round trip."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from dashboard.data import load_events, write_events
from dashboard.data.schema import COLUMN_NAMES


def test_columns_and_types(bundled_events):
    events = bundled_events
    assert tuple(events.columns) == COLUMN_NAMES
    assert events["event_id"].is_unique
    assert str(events["date_start"].dtype) == "datetime64[s]"
    assert str(events["date_end"].dtype) == "datetime64[s]"
    assert (events["date_end"] >= events["date_start"]).all()
    assert (events["date_start"] == events["date_start"].dt.normalize()).all()
    assert events["latitude"].dtype == "float64" and events["longitude"].dtype == "float64"
    assert str(events["fatalities"].dtype) == "Int64" and str(events["injuries"].dtype) == "Int64"
    assert all(isinstance(a, list) and all(isinstance(x, str) for x in a) for a in events["actors"])
    assert all(isinstance(p, list) for p in events["people"])


def test_source_url_is_never_invented(bundled_events):
    assert bundled_events["source_url"].isna().all()


def test_empty_date_end_means_a_one_day_event(tmp_path, fixture_path):
    path = tmp_path / "one-day.csv"
    path.write_text(fixture_path("valid.csv").read_text().replace("2023-05-11,2023-05-11", "2023-05-11,"))
    events = load_events([path])
    clash = events.set_index("event_id").loc["clash-1"]
    assert clash.date_end == clash.date_start == pd.Timestamp("2023-05-11")


@pytest.mark.parametrize("source", ["bundled", "fixture"])
def test_round_trip_load_write_load_is_identical(source, tmp_path, fixture_path, bundled_events):
    first = bundled_events if source == "bundled" else load_events([fixture_path("valid.csv")])
    path = tmp_path / "events.csv"
    write_events(first, path)
    second = load_events([path])
    pd.testing.assert_frame_equal(first, second)


def test_write_events_to_a_text_buffer(fixture_path):
    buffer = io.StringIO()
    write_events(load_events([fixture_path("valid.csv")]), buffer)
    lines = buffer.getvalue().splitlines()
    assert lines[0] == ",".join(COLUMN_NAMES)
    assert "Armenia; Azerbaijan; Nagorno-Karabakh" in buffer.getvalue()


def test_multi_line_cells_survive(fixture_path):
    events = load_events([fixture_path("valid.csv")])
    assert events.loc[0, "summary"] == "Two leaders met.\nThey talked for an hour."


def test_one_path_as_a_string_or_a_path_is_one_file(bundled_events):
    """From Python or a notebook a person writes load_events("data/events.csv"), not a list of one."""
    from pathlib import Path

    from dashboard.data import BUNDLED_EVENTS

    for one in (str(BUNDLED_EVENTS), Path(BUNDLED_EVENTS)):
        pd.testing.assert_frame_equal(load_events(one), bundled_events)
