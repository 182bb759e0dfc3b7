"""Every mark the map draws by default is where its source puts its events; names move off marks, events don't."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from dashboard.charts import CHARTS, Canvas
from dashboard.data import BUNDLED_EVENTS
from dashboard.query.dataset import load_dataset
from dashboard.figures import map_figure
from dashboard.figures.map import _places, number_ranges
from dashboard.figures.names import Name, Sheet, place_names
from dashboard.query.view import resolve_view
from tests.conftest import FIXTURES

COLOCATED = "actor=Azerbaijan&from=2020-09-20&to=2020-11-15&group=source"


@pytest.fixture(scope="module")
def mixed(ucdp_sample):
    return load_dataset([BUNDLED_EVENTS, FIXTURES / "acled" / "hdx_armenia_worldwide.csv", ucdp_sample])


def _drawn_pixels(figure, width_px: float, height_px: float):
    """A Mercator projection of the figure's extent fitted to the drawn map, written out here (not the app's)."""
    geo = figure.layout.geo
    west, east = geo.lonaxis.range
    south, north = geo.lataxis.range
    merc = lambda lat: math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))  # noqa: E731
    scale = min(width_px / math.radians(east - west), height_px / (merc(north) - merc(south)))
    return lambda lon, lat: (math.radians(lon - west) * scale, (merc(north) - merc(lat)) * scale)


@pytest.mark.parametrize("width", [1440, 1000, 390])
def test_every_mark_in_the_default_view_lies_within_3px_of_its_events(mixed, width):
    view = resolve_view(mixed, COLOCATED)
    figure = CHARTS["map"].figure(mixed, view, Canvas(width=width))
    groups = [t for t in figure.data if t.name and t.name.startswith("group:")]
    assert groups and max(int(t.text[0]) for t in groups) >= 30  # Sotk's shellings, one mark with their count
    assert all(int(t.text[0]) == len(_members(figure, t)) for t in groups)
    _assert_marks_at_their_places(figure, view.events, width)


def test_events_a_few_pixels_apart_are_not_pulled_into_one_mark():
    sheet = Sheet((42.0, 38.0, 48.0, 42.0), 620, 460)
    rng = np.random.default_rng(7)
    located = pd.DataFrame({"longitude": 45 + rng.normal(0, 0.05, 400), "latitude": 40 + rng.normal(0, 0.05, 400)})
    places = _places(located, sheet)
    assert places.duplicated().any(), "events this close do share places"
    x, y = sheet.pixels(located["longitude"], located["latitude"])
    for _, members in located.groupby(places):
        mx, my = x[members.index].mean(), y[members.index].mean()
        assert np.hypot(x[members.index] - mx, y[members.index] - my).max() <= 3


def test_a_town_and_its_neighbour_are_two_marks_each_at_its_place(bundled_events):
    events = bundled_events.copy()
    events.loc[events.index[:12], ["longitude", "latitude"]] = (45.0, 40.0)   # one town, twelve events
    events.loc[events.index[12:15], ["longitude", "latitude"]] = (45.3, 40.0)  # its neighbour
    figure = map_figure(events, width=1000)
    counts = [_members(figure, t) for t in figure.data if t.name and t.name.startswith("group:")]
    town, neighbour = set(events["event_id"][:12]), set(events["event_id"][12:15])
    assert town in [set(m) for m in counts] and neighbour in [set(m) for m in counts], counts
    _assert_marks_at_their_places(figure, events, 1000)


def _assert_marks_at_their_places(figure, events, width: int) -> None:
    located = {e: (lon, lat) for e, lon, lat in events.dropna(subset=["latitude", "longitude"])[
        ["event_id", "longitude", "latitude"]].itertuples(index=False)}
    numbered = figure.layout.geo.domain.x[1] < 1
    px = _drawn_pixels(figure, width * (0.62 if numbered else 1.0), 460)
    checked = 0
    for trace in figure.data:
        if (trace.visible is False or not trace.mode or "markers" not in trace.mode or trace.name == "Selected"
                or trace.customdata is None):
            continue
        if trace.name.startswith("group:"):
            members = _members(figure, trace)
            points = [(trace.lon[0], trace.lat[0], e) for e in members]
        else:
            points = [(lon, lat, c[0]) for lon, lat, c in zip(trace.lon, trace.lat, trace.customdata, strict=True)]
        for lon, lat, event_id in points:
            (x, y), (tx, ty) = px(lon, lat), px(*located[event_id])
            assert math.hypot(x - tx, y - ty) <= 3, (event_id, trace.name, math.hypot(x - tx, y - ty))
            checked += 1
    assert checked == len(located)  # every located event is drawn, at its place or in its place's count


def test_no_mark_covers_a_name_on_the_bundled_map():
    dataset = load_dataset()
    figure = CHARTS["map"].figure(dataset, resolve_view(dataset, ""), Canvas(width=1440))
    names = next(t for t in figure.data if t.name == "names")
    assert {"ARMENIA", "AZERBAIJAN"} <= set(names.text)
    numbered = figure.layout.geo.domain.x[1] < 1
    px = _drawn_pixels(figure, 1440 * (0.62 if numbered else 1.0), 460)
    marks = [(px(lon, lat), size / 2) for t in figure.data if t.visible is not False and t.mode and "markers" in t.mode
             for lon, lat, size in zip(t.lon, t.lat, np.broadcast_to(t.marker.size, len(t.lon)), strict=True)
             if lon is not None and lat is not None]
    for text, lon, lat, size in zip(names.text, names.lon, names.lat, names.textfont.size, strict=True):
        x, y = px(lon, lat)
        half_w, half_h = len(text.replace("<i>", "").replace("</i>", "")) * size * 0.3, size * 0.5
        for (mx, my), r in marks:
            nx, ny = min(max(mx, x - half_w), x + half_w), min(max(my, y - half_h), y + half_h)
            assert math.hypot(mx - nx, my - ny) >= r, f"a mark covers {text}"


def test_a_name_under_a_mark_moves_and_a_free_name_stays():
    sheet = Sheet((40.0, 36.0, 52.0, 44.0), 1000, 460)
    marks = np.array([[45.0, 40.0, 12.0]])  # a mark 24 px across, right on a name
    under, free = Name("ARMENIA", 45.0, 40.0, "#666"), Name("GEORGIA", 43.5, 42.0, "#666")
    (moved, kept) = place_names([under, free], marks, sheet)
    (x0, y0), (x, y) = (sheet.pixels(45.0, 40.0)), sheet.pixels(*moved)
    assert 12 <= math.hypot(float(x - x0), float(y - y0)) <= 40  # off the mark, still beside it
    assert kept == pytest.approx((43.5, 42.0))


def _members(figure, group) -> list[str]:
    """Ids of the events a shared place's mark stands for (its spread, hidden until clicked)."""
    return [c[0] for t in figure.data if t.name == f"spread:{group.name[6:]}" for c in t.customdata]


def test_a_numbered_maps_shared_mark_names_the_numbers_it_stands_for():
    assert number_ranges([2, 3, 4]) == "2–4" and number_ranges([5, 2]) == "2,5"
    assert number_ranges([1, 2, 3, 7, 9, 10]) == "1–3,7,9,10"
