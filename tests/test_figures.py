"""Figures are plain functions of an events table; test them on the data they draw."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.query.dataset import load_dataset
from dashboard.figures import map_figure, timeline_figure
from dashboard.figures.style import text_colour_on, type_colour
from dashboard.query.facets import filter_events
from dashboard.query.view_state import ViewState


@pytest.fixture(scope="module")
def events():
    return load_dataset().events


def drawn(figure, kind=None):
    """{event_id: trace} for every event mark (customdata[0]), excluding the selection ring."""
    out = {}
    for trace in figure.data:
        if trace.name == "Selected" or trace.customdata is None or (kind and trace.type != kind):
            continue
        for row in trace.customdata:
            if row[0] is not None:  # a shared place's count stands for the events of its spread
                out.setdefault(row[0], []).append(trace)
    return out


def test_every_event_is_drawn_once_per_lane(events):
    figure = timeline_figure(events)
    assert set(drawn(figure)) == set(events["event_id"])


def test_spans_are_bars_and_one_day_events_are_markers(events):
    marks = drawn(timeline_figure(events))
    assert {t.type for t in marks["russian-peacekeepers-deployed"]} == {"bar"}
    assert {t.type for t in marks["washington-talks-2023-05"]} == {"bar"}
    assert {t.type for t in marks["border-clash-2023-05-11"]} == {"scatter"}


def _symbol_of(figure, event_id):
    for trace in figure.data:
        if trace.type == "scatter" and trace.customdata is not None and trace.name != "Selected":
            for i, row in enumerate(trace.customdata):
                if row[0] == event_id:
                    symbols = trace.marker.symbol
                    return symbols[i] if not isinstance(symbols, str) else symbols
    return None


def test_imprecise_dates_look_imprecise(events):
    figure = timeline_figure(events)
    assert _symbol_of(figure, "armenia-complains-peacekeepers") == "circle-open"   # approximate window
    assert _symbol_of(figure, "peskov-no-alternative-2023-05-02") == "circle-open"  # said some day that month
    assert _symbol_of(figure, "karabakh-secession") == "circle"                    # a day, from its sources
    assert _symbol_of(figure, "border-clash-2023-05-11") == "circle"               # exact day
    bands = [t for t in figure.data if t.type == "bar" and t.hoverinfo == "skip"]
    assert bands, "an imprecise window is drawn as a faint band"
    war = drawn(figure)["first-karabakh-war"][0]
    assert war.marker.pattern.shape == "/"                                          # a span with month-precise ends


def test_scheduled_events_look_different(events):
    assert _symbol_of(timeline_figure(events), "moldova-epc-meeting-2023-06-01") == "diamond"


def test_publication_date_is_marked(events):
    figure = timeline_figure(events, published=date(2023, 5, 14))
    assert any("Source published 14 May 2023" in (a.text or "") for a in figure.layout.annotations)


def test_lanes_by_type_and_by_actor(events):
    by_type = timeline_figure(events)
    assert "Talks" in by_type.layout.yaxis.ticktext and "Armenia" not in by_type.layout.yaxis.ticktext
    by_actor = timeline_figure(events, group="actor")
    assert {"Armenia", "Azerbaijan", "Russia"} <= set(by_actor.layout.yaxis.ticktext)
    assert len(drawn(by_actor)["russia-brokered-ceasefire-2020"]) == 3  # one lane per actor


def test_hover_shows_title_wording_and_actors(events):
    row = next(r for t in timeline_figure(events).data if t.customdata is not None for r in t.customdata
               if r[0] == "border-clash-2023-05-11")
    assert row[1].startswith("Border clashes") and "“Thursday” — 11 May 2023" == row[2] and row[3] == "Armenia, Azerbaijan"


def test_selected_event_is_ringed(events):
    figure = timeline_figure(events, selected="border-clash-2023-05-12")
    ring = [t for t in figure.data if t.name == "Selected"]
    assert len(ring) == 1 and ring[0].customdata[0][0] == "border-clash-2023-05-12"


def test_text_is_escaped_in_hover(events):
    hostile = events.head(1).copy()
    hostile["title"] = "<script>alert(1)</script>"
    row = timeline_figure(hostile).data[1].customdata[0]
    assert row[1] == "&lt;script&gt;alert(1)&lt;/script&gt;"


def test_empty_selection_draws_an_empty_timeline(events):
    figure = timeline_figure(events.iloc[0:0])
    assert not drawn(figure)


def test_map_draws_every_located_event_in_its_type_colour(events):
    figure = map_figure(events)
    marks = drawn(figure, "scattergeo")
    assert set(marks) == set(events.dropna(subset=["latitude"])["event_id"])
    assert marks["lachin-checkpoint-2023-04-23"][0].marker.color == type_colour("checkpoint")


def test_map_sizes_markers_by_stated_casualties(events):
    trace = drawn(map_figure(events), "scattergeo")["border-clash-2023-05-11"][0]
    sizes = dict(zip((r[0] for r in trace.customdata), trace.marker.size, strict=False))
    assert sizes["border-clash-2023-05-11"] > sizes["border-clash-2023-05-12"] > 11


def test_map_extent_region_fits_the_caucasus_and_all_fits_every_event(events):
    region = map_figure(events, extent="region").layout.geo
    assert 40 < region.lonaxis.range[0] < 45 and 47 < region.lonaxis.range[1] < 52
    everything = map_figure(events, extent="all").layout.geo
    assert everything.lonaxis.range[0] < -77 and everything.lonaxis.range[1] > 46


def test_map_names_armenia_azerbaijan_and_nagorno_karabakh(events):
    texts = [t for trace in map_figure(events).data if trace.mode == "text" for t in trace.text]
    assert {"ARMENIA", "AZERBAIJAN"} <= set(texts) and "<i>Nagorno-Karabakh</i>" in texts


def test_map_says_how_many_events_have_no_location(events):
    unlocated = events.copy()
    unlocated.loc[0, ["latitude", "longitude"]] = float("nan")
    notes = [a.text for a in map_figure(unlocated).layout.annotations]
    assert notes == ["1 event without a location not shown"]


def test_filtered_figures_show_exactly_the_filtered_events(events):
    dataset = load_dataset()
    talks = filter_events(dataset, ViewState(types=("talks",)))
    assert set(drawn(timeline_figure(talks))) == set(talks["event_id"])


@pytest.mark.parametrize("colour, text", [("#DDCC77", "#000000"), ("#332288", "#ffffff"), ("#88CCEE", "#000000")])
def test_badge_text_reads_on_its_colour(colour, text):
    assert text_colour_on(colour) == text
