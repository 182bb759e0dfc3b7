"""The timeline's first frame: from/to when given, else where the events are dense enough to read."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from dashboard.charts import CHARTS, Canvas
from dashboard.query.dataset import load_dataset
from dashboard.query.framing import chosen_frame, densest_readable, frame_for
from dashboard.query.view import resolve_view


def seconds(*days: str) -> np.ndarray:
    return np.sort(pd.to_datetime(list(days)).to_numpy(dtype="datetime64[s]").astype(np.int64))


def x_range(query: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    dataset = load_dataset()
    figure = CHARTS["timeline"].figure(dataset, resolve_view(dataset, query), Canvas(width=1400))
    return tuple(pd.Timestamp(x) for x in figure.layout.xaxis.range)


def test_from_and_to_frame_the_timeline_to_the_day():
    assert x_range("from=2023-04-01&to=2023-06-30") == (pd.Timestamp("2023-04-01"), pd.Timestamp("2023-07-01"))
    start, end = x_range("from=2023-05-01")
    assert start == pd.Timestamp("2023-05-01") and end > pd.Timestamp("2023-06-01")


def test_the_default_view_frames_the_dense_spring_of_2023_not_1988_to_2023():
    start, end = x_range("")
    assert pd.Timestamp("2023-04-01") < start < pd.Timestamp("2023-04-23")   # the checkpoint is inside
    assert pd.Timestamp("2023-06-01") < end < pd.Timestamp("2023-06-30")     # so is the Moldova meeting


def test_the_slider_keeps_the_whole_history_one_drag_away():
    dataset = load_dataset()
    figure = CHARTS["timeline"].figure(dataset, resolve_view(dataset, ""), Canvas(width=1400))
    slider = [pd.Timestamp(x) for x in figure.layout.xaxis.rangeslider.range]
    assert slider[0] < pd.Timestamp("1988-02-01") and slider[1] > pd.Timestamp("2023-06-01")


def test_a_history_that_reads_as_a_whole_is_shown_whole():
    spread = seconds("2020-01-01", "2020-04-01", "2020-07-01", "2020-10-01", "2021-01-01")
    assert densest_readable(spread) is None
    starts = pd.Series(pd.to_datetime(["2020-01-01", "2021-01-01"]))
    assert frame_for(starts, starts, starts)[0] < pd.Timestamp("2020-01-01")


def test_a_crowded_end_is_framed_and_a_lone_outlier_left_out():
    crowded = seconds("1990-06-01", *[f"2023-05-{d:02d}" for d in (1, 2, 4, 8, 11, 11, 12, 14, 20, 30)])
    first, last = densest_readable(crowded)
    assert pd.Timestamp(first, unit="s") == pd.Timestamp("2023-05-01")
    assert pd.Timestamp(last, unit="s") == pd.Timestamp("2023-05-30")


def test_chosen_frame_needs_a_date():
    extent = (pd.Timestamp("2000-01-01"), pd.Timestamp("2010-01-01"))
    assert chosen_frame(None, None, extent) is None
    assert chosen_frame(date(2005, 1, 1), None, extent) == (pd.Timestamp("2005-01-01"), extent[1])
    assert chosen_frame(None, date(2005, 1, 1), extent) == (extent[0], pd.Timestamp("2005-01-02"))
