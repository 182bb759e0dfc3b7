"""A span still under way when its source was published reads as still going, on every door."""

from __future__ import annotations

import pandas as pd

import pytest

from dashboard.web.agenda import agenda
from dashboard.query.dataset import load_dataset
from dashboard.charts import CHARTS, Canvas
from dashboard.query.view import resolve_view
from dashboard.language.wording import event_window_text, when_text


def test_the_blockade_and_the_peacekeepers_read_as_still_going(bundled_events):
    events = bundled_events.set_index("event_id", drop=False)
    blockade = next(events.loc[["nagorno-karabakh-blockade"]].itertuples())
    assert event_window_text(blockade) == "12 Dec 2022 – still going on 14 May 2023"
    assert "still going on 14 May 2023" in when_text(blockade)
    peacekeepers = next(events.loc[["russian-peacekeepers-deployed"]].itertuples())
    assert event_window_text(peacekeepers) == "10 Nov 2020 – still going on 14 May 2023"
    war = next(events.loc[["second-karabakh-war-2020"]].itertuples())  # ended before the article
    assert "still going" not in event_window_text(war)
    talks = next(events.loc[["brussels-trilateral-2023-05-14"]].itertuples())  # one day, on the day published
    assert event_window_text(talks) == "14 May 2023"


@pytest.fixture(scope="module")
def dashboard_dataset():
    return load_dataset()


def test_the_page_the_agenda_and_the_timeline_say_so(dashboard_dataset):
    view = resolve_view(dashboard_dataset, "type=blockade&type=peacekeeping")
    assert "still going on 14 May 2023" in str(agenda(dashboard_dataset, view))
    figure = CHARTS["timeline"].figure(dashboard_dataset, view, Canvas(width=1200))
    going = [t for t in figure.data if t.name == "still going"]
    assert len(going) == 1 and len(going[0].x) == 2  # an open arrow at the end of each
    assert all(pd.Timestamp(x) > pd.Timestamp("2023-05-14") for x in going[0].x)
    hovers = [str(c) for t in figure.data if t.customdata is not None for c in t.customdata]
    assert any("still going on 14 May 2023" in h for h in hovers)
