"""Labels beside marks: every event of a small view named, nothing overlapping, numbers when space runs out."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.charts import CHARTS, Canvas
from dashboard.query.dataset import load_dataset
from dashboard.figures.labels import Mark, pack, short_label, text_width
from dashboard.query.view import resolve_view


@pytest.fixture(scope="module")
def dataset():
    return load_dataset()


def timeline(dataset, query: str, width: int = 1400):
    return CHARTS["timeline"].figure(dataset, resolve_view(dataset, query), Canvas(width=width))


def labels(figure) -> dict[str, str]:
    return {a.name.removeprefix("label:"): a.text for a in figure.layout.annotations
            if (a.name or "").startswith("label:")}


def test_every_talk_is_labelled_with_its_curated_label(dataset):
    found = labels(timeline(dataset, "type=talks"))
    assert found == {"washington-talks-2023-05": "Washington talks",
                     "brussels-michel-pashinian-2023-05-13": "Michel meets Pashinian",
                     "brussels-michel-aliyev-2023-05-14": "Michel meets Aliyev",
                     "brussels-trilateral-2023-05-14": "Brussels trilateral",
                     "moldova-epc-meeting-2023-06-01": "Moldova meeting (planned)"}


def test_every_event_in_the_default_frame_is_labelled(dataset):
    figure = timeline(dataset, "")
    start, end = (pd.Timestamp(x) for x in figure.layout.xaxis.range)
    events = resolve_view(dataset, "").events
    inside = events[(events["date_end"] + pd.Timedelta(days=1) > start) & (events["date_start"] < end)]
    assert set(labels(figure)) == set(inside["event_id"])


def test_without_a_label_the_title_is_shortened_at_a_word(dataset):
    events = dataset.events.drop(columns=["label"])
    from dashboard.figures.timeline import timeline_figure

    found = {a.text for a in timeline_figure(events[events["event_type"] == "talks"], width=1400).layout.annotations
             if (a.name or "").startswith("label:")}
    assert "Charles Michel meets Pashinian in Brussels" not in found
    assert any(text.startswith("Pashinian and Aliyev meet in") and text.endswith("…") for text in found)
    assert short_label("A short one") == "A short one"


def test_packed_labels_overlap_neither_each_other_nor_marks():
    marks = [Mark(0, x, x + 14, 120.0) for x in (10, 20, 30, 40, 300, 305)] + [Mark(0, 0, 500, 60.0, bar=True)]
    packing = pack(marks, lanes=1, plot_width=600)
    assert packing.complete and all(place.side for place in packing.places)
    boxes = []  # (row, owner, box)
    for owner, (mark, place) in enumerate(zip(marks, packing.places, strict=True)):
        assert 0 <= place.left < place.right <= 600
        boxes += [(place.row, owner, (mark.x0, mark.x1)), (place.row, owner, (place.left, place.right))]
    for i, (row, owner, (a0, a1)) in enumerate(boxes):
        for other_row, other, (b0, b1) in boxes[i + 1:]:
            if row == other_row and owner != other:
                assert a1 <= b0 or b1 <= a0, f"overlap in row {row}: {(a0, a1)} and {(b0, b1)}"


def test_a_label_too_wide_for_the_plot_makes_the_packing_incomplete():
    packing = pack([Mark(0, 50, 64, text_width("x" * 80))], lanes=1, plot_width=200)
    assert not packing.complete and packing.places[0].side == ""


def test_a_narrow_timeline_numbers_its_marks_and_keys_every_number(dataset):
    figure = timeline(dataset, "", width=360)
    numbers = labels(figure)
    assert numbers and all(text.isdigit() for text in numbers.values())
    key = [t.name for t in figure.data if t.legendgroup == "numbers"]
    assert sorted(int(name.split(" · ")[0]) for name in key) == sorted(int(n) for n in set(numbers.values()))


def test_the_map_numbers_a_small_view_in_date_order_with_a_key(dataset):
    figure = CHARTS["map"].figure(dataset, resolve_view(dataset, "type=talks&extent=all"), Canvas(width=1120))
    numbered = {row[0]: int(text) for trace in figure.data if trace.mode == "markers+text"
                and not trace.name.startswith("group:")  # a shared place's mark reads "2–4"; its events spread
                for row, text in zip(trace.customdata, trace.text, strict=True)}
    assert numbered["washington-talks-2023-05"] == 1 and numbered["moldova-epc-meeting-2023-06-01"] == 5
    key = [t.name for t in figure.data if t.legendgroup == "key"]
    assert key[0] == "1 · Washington talks, 1–4 May 2023" and len(key) == 5


def test_labels_and_lane_names_are_escaped(dataset):
    hostile = dataset.events.copy()
    hostile.loc[hostile["event_type"] == "talks", "label"] = '<a href="https://evil.example/">x</a>'
    hostile["actors"] = hostile["actors"].map(lambda a: ['<a href="https://evil.example/">EvilLink</a>'])
    from dashboard.figures.timeline import timeline_figure

    figure = timeline_figure(hostile, group="actor", width=1400)
    texts = [a.text for a in figure.layout.annotations] + list(figure.layout.yaxis.ticktext)
    assert not any("<a " in t for t in texts)
    assert any("&lt;a href" in t for t in texts)


def test_imported_events_are_labelled_by_their_kind_and_their_place(fixture_path, ucdp_sample):
    from dashboard.data import load_events
    from dashboard.figures.labels import event_label

    acled = load_events([fixture_path("acled/current.csv")]).set_index("event_id")
    assert acled.loc["ARM1001", "label"] == "Armed clash: Sotk"
    assert acled.loc["AZE2001", "label"] == "Base set up: Lachin Corridor"  # the kind in a few words
    ucdp = load_events([ucdp_sample])
    karabakh = ucdp[ucdp["country"] == "Azerbaijan"]
    assert set(karabakh["label"]) >= {"Azerbaijan – Artsakh: Nagorno-Karabakh"}
    for event in ucdp.itertuples():  # on a chart, cut to fit, the place still reads after the kind
        shown = event_label(event)
        kind, _, place = shown.rpartition(": ")
        assert kind and place.rstrip("…").split(" ")[0] in event.label.rpartition(": ")[2], (event.label, shown)
        assert len(shown) <= 48


def test_a_long_label_is_cut_in_its_kind_before_its_place():
    from types import SimpleNamespace

    from dashboard.figures.labels import event_label

    assert event_label(SimpleNamespace(label="Shelling: Berd", title="x")) == "Shelling: Berd"
    assert event_label(SimpleNamespace(label="Syria – Syrian insurgents: Tall Azzan mountain", title="x")) \
        == "Syria – Syrian insurgents: Tall Azzan mountain"  # a label up to 48 characters reads whole
    long = SimpleNamespace(label="Russia (Soviet Union) – Forces of the Caucasus Emirate: Makhachkala", title="x")
    assert event_label(long) == "Russia (Soviet Union) – Forces of…: Makhachkala"
    assert event_label(SimpleNamespace(label=None, title="A title with no kind and far too many words")) \
        == "A title with no kind and far…"
