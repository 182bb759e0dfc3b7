"""What the page plays (#24): one answer per view, from which the browser draws every frame — each event's days
up to 1,000 events, else counts per map cell and bin of days from one engine query, bounded whatever the size."""

from __future__ import annotations

import json
import shutil
import tempfile
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dashboard.charts import CHARTS, Canvas
from dashboard.data import BUNDLED_EVENTS
from dashboard.language import using
from dashboard.output import play
from dashboard.query.dataset import BUNDLED_REGISTRY, load_dataset
from dashboard.query.playback import Window, auto_speed, parse_speed
from dashboard.query.view import resolve_view
from dashboard.stories.files import read_story
from dashboard.stories.library import BUNDLED_STORIES
from tests import reference
from tests.support.synthetic import synthetic_file


@pytest.fixture(scope="module")
def large():
    """The article beside 6,000 synthetic ACLED events: a view too large to animate event by event."""
    folder = Path(tempfile.mkdtemp())
    try:
        return load_dataset([BUNDLED_EVENTS, synthetic_file(6_000, folder)], cache_dir=None,
                            registry_path=BUNDLED_REGISTRY)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def epoch_day(text: str) -> int:
    return (date.fromisoformat(text) - date(1970, 1, 1)).days


def rows_of(part: dict) -> np.ndarray:
    """An answer's (cell, bin, n) rows, read back from its compact form."""
    cells = np.repeat(part["cells"], part["runs"])
    starts = np.r_[0, np.cumsum(part["runs"])[:-1]].astype(int)
    steps = np.asarray(part["steps"], dtype=np.int64)
    bins = np.concatenate([np.cumsum(steps[a:a + k]) for a, k in zip(starts, part["runs"], strict=True)]) \
        if len(steps) else steps
    return np.column_stack([cells, bins, part["n"]]).astype(np.int64) if len(steps) else np.zeros((0, 3), np.int64)


def frame_count(counts: dict, first: int, last: int) -> np.ndarray:
    """Events per cell (the last: without a location) overlapping the days ``first``..``last``, from an answer."""
    return reference.play_frame_counts(rows_of(counts["starts"]), rows_of(counts["ends"]), len(counts["lon"]),
                                       counts["bins"], counts["first"], counts["bin_days"], first, last)


def test_a_small_view_gets_each_event_with_its_days_and_how_it_is_drawn(dataset):
    answer = play.play_answer(dataset, resolve_view(dataset, "at=2023-05-12&window=2w"))
    assert answer["kind"] == "events" and answer["total"] == 19  # played without its own frame…
    assert answer["at"] == epoch_day("2023-05-12") and answer["window"] == {"count": 2, "unit": "w"}  # …from it
    events = answer["events"]
    at = {event_id: i for i, event_id in enumerate(events["id"])}
    assert len(at) == 19
    blockade, complaint = at["nagorno-karabakh-blockade"], at["armenia-complains-peacekeepers"]
    assert (events["kind"][blockade], events["precise"][blockade]) == ("span", True)
    assert (events["kind"][complaint], events["precise"][complaint]) == ("window", False)  # a year, loosely
    assert events["start"][complaint] == epoch_day("2022-05-14") and events["end"][complaint] == epoch_day("2023-05-14")
    assert [events["id"][i] for i, s in enumerate(events["scheduled"]) if s] == ["moldova-epc-meeting-2023-06-01"]
    assert answer["published"] == epoch_day("2023-05-14")
    assert answer["words"]["frame"] == "2 weeks to {day}" and answer["words"]["months"][4] == "May"
    assert json.dumps(answer)  # plain JSON


def test_the_words_come_in_the_page_language_with_every_plural_form():
    with using("ru"):
        answer = play.play_answer(load_dataset(), resolve_view(load_dataset(), "window=1w&type=talks"))
    words = answer["words"]
    assert set(words["count"]) == {"one", "few", "many"}  # what Intl.PluralRules("ru") names
    assert words["count"]["few"] == "{shown} из {total} событий в этом кадре"
    assert words["frame"] == "1 неделя по {day}" and words["months"][4] == "мая"
    assert answer["speeds"]["presets"][1]["label"] == "1 неделя в секунду"


def test_a_speed_is_time_per_second_typed_or_chosen_for_the_view():
    notices: list[str] = []
    assert parse_speed("2W", notices) == Window(2, "w") and notices == []
    assert parse_speed("fast", notices) is None and notices == [
        "Ignored “speed=fast”: expected a number and d, w, m or y (e.g. 2w), up to a century."]
    assert auto_speed(35 * 365) == Window(1, "y")   # thirty-five years in about 20 seconds
    assert auto_speed(40) == Window(1, "d")         # six weeks: a day a second
    assert auto_speed(400) == Window(2, "w")       # a year and a month: two weeks a second


def test_a_large_view_gets_counts_per_map_cell_that_are_the_maps_own(large):
    view = resolve_view(large, "")
    assert view.count > play.PLAY_EVENT_LIMIT
    answer = play.play_answer(large, view)
    assert answer["kind"] == "counts" and "events" not in answer
    counts = answer["counts"]
    assert min(counts["starts"]["runs"]) >= 1 and sum(counts["starts"]["runs"]) == len(counts["starts"]["n"])
    figure = CHARTS["map"].figure(large, view, Canvas(width=600))
    drawn = {f"{lon:.5f},{lat:.5f}" for trace in figure.data if trace.meta and "cell" in trace.meta
             for lon, lat in zip(trace.lon, trace.lat, strict=True)}
    assert {trace.meta["cell"] for trace in figure.data if trace.meta and "cell" in trace.meta} == {counts["cell"]}
    answered = {f"{lon:.5f},{lat:.5f}" for lon, lat in zip(counts["lon"], counts["lat"], strict=True)}
    assert drawn and drawn <= answered  # the browser finds every cell of the map among the answer's
    # over the whole time, every event is in the frame: the counts add up to the view
    assert frame_count(counts, answer["first"], answer["last"]).sum() == view.count


def test_the_frames_count_what_overlaps_them_and_the_timeline_frames_events_animate(large):
    view = resolve_view(large, "")
    span = (date(2023, 4, 1), date(2023, 6, 30))
    answer = play.play_answer(large, view, span=span)
    counts = answer["counts"]
    assert counts["span"] == [epoch_day("2023-04-01"), epoch_day("2023-06-30")]
    # the bins start a window (a month) before the span, so that its first frame's window is inside them
    assert counts["first"] <= epoch_day("2023-03-01") and counts["bin_days"] == 1
    events = view.events
    origin, width = counts["first"], counts["bin_days"]
    for i, j in ((1, 5), (3, 4), (10, 60), (1, counts["bins"] - 2)):  # frames on the bins' edges are exact
        first, last = origin + (i - 1) * width, origin + j * width - 1
        overlapping = (events["date_start"] <= pd.Timestamp(last, unit="D")) & (
            events["date_end"] >= pd.Timestamp(first, unit="D"))
        assert frame_count(counts, first, last).sum() == int(overlapping.sum()), (i, j)
    # the timeline shows this span's events one by one: the answer carries their days too
    assert "brussels-trilateral-2023-05-14" in answer["events"]["id"]


def test_the_answer_stays_bounded_and_exact_at_its_coarser_bins(large, monkeypatch):
    view = resolve_view(large, "")
    whole = play.play_answer(large, view)["counts"]
    rows = len(whole["starts"]["n"]) + len(whole["ends"]["n"])
    monkeypatch.setattr(play, "MOST_ROWS", rows // 3)
    answer = play.play_answer(large, view)
    counts = answer["counts"]
    assert len(counts["starts"]["n"]) + len(counts["ends"]["n"]) <= rows // 3
    assert counts["bin_days"] > whole["bin_days"] and counts["first"] == whole["first"]
    for k in (1, 2, counts["bins"] // 2):  # frames on the coarse bins' edges count as the fine bins do
        first, last = counts["first"], counts["first"] + k * counts["bin_days"] - 1
        np.testing.assert_array_equal(frame_count(counts, first, last), frame_count(whole, first, last))


def test_the_route_answers_the_view_without_its_frame_and_ignores_what_it_cannot_use(client):
    response = client.get("/playback/frames.json?type=talks&at=2023-05-12&cell=abc&span=2023-13-01,x")
    assert response.status_code == 200 and response.mimetype == "application/json"
    answer = response.get_json()
    assert answer["total"] == 5 and answer["kind"] == "events" and answer["at"] == epoch_day("2023-05-12")
    empty = client.get("/playback/frames.json?q=nothing-matches-this").get_json()
    assert empty["kind"] == "empty" and empty["total"] == 0


def test_a_story_step_plays_at_its_speed():
    story = read_story(BUNDLED_STORIES / "brussels-may-2023.md")
    assert [step.play for step in story.steps] == [None] * 5 + ["1d"] + [None] * 2


def test_an_articles_events_drawn_over_the_counts_of_an_import_animate_as_events(large):
    """Over the whole time the timeline counts the import and draws the article's events one by one on top: the
    answer carries those (and only those) as events, beside the counts."""
    view = resolve_view(large, "")
    answer = play.play_answer(large, view, span=(date(1980, 1, 1), date(2030, 1, 1)))
    assert answer["kind"] == "counts"
    assert set(answer["events"]["id"]) == set(resolve_view(large, "source=Euronews").events["event_id"])
