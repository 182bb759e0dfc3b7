"""Summaries for large views, server-side table pages, and the timeline's zoom range."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dashboard.query import aggregate, table_page as table
from dashboard.query.framing import visible_range
from dashboard.query.view import resolve_view
from tests.support.synthetic import synthetic_dataset


@pytest.fixture(scope="module")
def synthetic():
    return synthetic_dataset(5000)


@pytest.mark.parametrize("days, unit", [(30, "day"), (400, "week"), (3000, "month"), (20000, "year")])
def test_bin_unit_follows_the_visible_span(days, unit):
    assert aggregate.bin_unit(days) == unit


def test_counts_add_up_to_the_events_counted(synthetic):
    view = resolve_view(synthetic, "?type=Battles")
    counts = synthetic.engine.timeline_counts(view.filter, "type", None)
    assert counts.unit == "month" and counts.counts.sum() == view.count
    assert counts.counts[list(counts.lanes).index("Battles")].sum() == view.count


def test_counts_within_a_range_count_only_the_range(synthetic):
    view = resolve_view(synthetic, "")
    window = (pd.Timestamp("2020-01-01"), pd.Timestamp("2020-03-31"))
    inside = view.filter.within(window)
    counts = synthetic.engine.timeline_counts(inside, "actor", window)
    assert counts.unit == "day" and len(counts.starts) == 91
    starts = synthetic.engine.rows(inside)["date_start"]
    assert counts.counts.sum() == int(((starts >= window[0]) & (starts <= window[1])).sum())
    assert counts.lanes[-1] == aggregate.OTHER_ACTORS and len(counts.lanes) <= aggregate.TOP_ACTORS + 1


def test_map_cells_hold_every_located_event(synthetic):
    view = resolve_view(synthetic, "")
    cells = synthetic.engine.map_cells(view.filter)
    assert cells.count.sum() == cells.located == view.count
    assert len(cells.count) < view.count / 5 and cells.size in (0.05, 0.25, 0.5, 2.5, 5)


def test_table_pages_sort_on_the_server(synthetic):
    view = resolve_view(synthetic, "")
    by_deaths = [{"colId": "casualties", "sort": "desc"}]
    first = table.page(view, by_deaths, 0, 20)
    assert list(first["fatalities"].fillna(0)) == sorted(first["fatalities"].fillna(0), reverse=True)
    assert first["fatalities"].iloc[0] == synthetic.events["fatalities"].max()
    assert len(table.page(view, by_deaths, 0, 10_000)) == table.PAGE_LIMIT
    assert list(table.page(view, None, 40, 60)["event_id"]) == list(synthetic.events["event_id"].iloc[40:60])


@pytest.mark.parametrize("relayout, expected", [
    ({"xaxis.range[0]": "2020-01-01", "xaxis.range[1]": "2020-02-01 12:00:00.5"},
     ("2020-01-01T00:00:00", "2020-02-01T12:00:00.500000")),
    ({"xaxis.range": ["2020-01-01", "2021-01-01"]}, ("2020-01-01T00:00:00", "2021-01-01T00:00:00")),
    ({"xaxis.autorange": True}, None),
    ({"yaxis.range[0]": 1}, False),
    ({"xaxis.range": ["nonsense", 3]}, False),
    (None, False),
])
def test_visible_range_from_zoom_events(relayout, expected):
    assert visible_range(relayout) == expected


@pytest.mark.parametrize("span", [0.05, 0.3, 1, 2.2, 7, 9.9, 13, 45, 170, 360])
def test_cells_put_30_to_60_across_any_view(span):
    from dashboard.query.aggregate import cell_size

    assert 30 <= span / cell_size(span) <= 60


@pytest.mark.parametrize("spread", [0.01, 0.3, 1, 2.2, 7, 9.9, 13, 45, 170, 360])
def test_overview_cells_nest_in_every_cell_size_no_smaller(spread):
    from dashboard.query.aggregate import cell_size, grid_step, overview_size

    size = overview_size(spread)
    assert 25 <= max(spread, 0.5) / size <= 150  # about 60 across
    sizes = {cell_size(span) for span in np.geomspace(1e-3, 400, 2000)}
    assert all(grid_step(s) % grid_step(size) == 0 for s in sizes if s >= size)


def test_cells_of_a_zoomed_view_count_only_what_is_inside_and_add_up(synthetic):
    from dashboard.figures.basemap import zoomed

    view = resolve_view(synthetic, "")
    whole = synthetic.engine.map_cells(view.filter, within=(-180, -85, 180, 85))
    bounds = (30.0, 35.0, 55.0, 47.0)
    inner = zoomed(bounds, (4.0, 44.0, 41.0))
    assert inner[2] - inner[0] == pytest.approx((bounds[2] - bounds[0]) / 4)
    cells = synthetic.engine.map_cells(view.filter, within=inner)
    assert cells.size < whole.size
    assert int(cells.count.sum()) == cells.located and cells.located + cells.outside == whole.located
    assert all(text and text[0].isalpha() for text in cells.types)


@pytest.mark.parametrize("stored, zoom", [
    ({"scale": 2.5, "lon": 44, "lat": 40}, (2.5, 44.0, 40.0)),
    ({"scale": 1, "lon": 44, "lat": 40}, None),
    ({"scale": "x"}, None), (None, None), ([1, 2], None), ({"scale": 3, "lon": 500, "lat": 0}, None),
])
def test_a_stored_map_zoom_is_read_or_dropped(stored, zoom):
    from dashboard.charts.map import map_zoom

    assert map_zoom(stored) == zoom
