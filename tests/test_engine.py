"""View equivalence: for a table of URLs, the query engine — embedded DuckDB, and Spark in local mode —
answers every view question exactly as the dashboard's views need: the count, the facet counts, the
timeline's counts, the map's cells, the table's pages, the rows and an export's chunks.

The data mixes the curated article, hand-made ACLED and UCDP rows and 6,000 synthetic ACLED events, so
that views are both small (drawn event by event) and large (counted). The reference is the array
implementation the dashboard served from before the engine (``tests/reference.py``).
"""

from __future__ import annotations

import math
import os
import shutil
import tempfile
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dashboard.query import aggregate, table_page as table
from dashboard.data import BUNDLED_EVENTS
from dashboard.query.dataset import BUNDLED_REGISTRY, load_dataset
from dashboard.query import EVERYTHING, TABLES, Engine, QueryTimeout, engine_tables
from dashboard.query.view import resolve_view
from tests import reference
from tests.conftest import FIXTURES
from tests.support.synthetic import synthetic_file

#: ≥ 20 views: types, actors with aliases and memberships, dates, text, sources, places, combinations,
#: a selection, large and small.
URLS = (
    "",
    "type=talks",
    "type=Battles&type=Protests",
    "actor=Armenia",
    "actor=azerbaijan",                       # any case; ACLED's and UCDP's names counted as Azerbaijan
    "actor=Nagorno-Karabakh",                 # "Republic of Artsakh" is a member
    "actor=Russia&type=ceasefire",
    "actor=Militia 201",
    "from=2020-01-01&to=2021-01-01",
    "from=2023-05-01",
    "to=1999-12-31",
    "from=2022-09-10&to=2022-09-20",
    "q=lachin",
    "q=Latchine corridor",                    # an alias as a whole phrase
    "q=pashinyan",                            # a person's spelling
    "q=fighting village",
    "q=town 12",
    "source=Euronews",
    "source=ACLED&type=Riots",
    "source=UCDP GED",
    "near=40,46.5,100",
    "near=40.2,46,5&from=2022-01-01",
    "type=talks&event=brussels-trilateral-2023-05-14",
    "actor=Azerbaijan&q=clash&from=2010-01-01&to=2023-12-31",
    "group=actor",
    "group=source&type=Battles",
    "at=2020-10-10&window=2w",                # a paused frame of playback: the two weeks to that day (#24)
    "at=2022-09-20&window=3m&type=Battles",
    "at=2023-05-12&mode=cumulative",          # everything up to that day
    "area=Idlib",                             # an area (#25): UCDP's "Idlib governorate", as ACLED names it
    "area=Belgium",                           # where no admin1 is named, the country
    "area=Nagorno-Karabakh",                  # an event placed only in a region: that region
)
FRAMES = (None, ("2022-01-01", "2023-06-30"), ("2023-05-01", "2023-05-31"), ("1990-01-01", "2024-01-01"))
WITHIN = (None, (40.0, 37.0, 52.0, 45.0), (44.0, 39.0, 47.0, 41.0))
SORTS = ((None, False), ("title", True), ("fatalities", True), ("actors", False), ("event_type", False),
         ("date_start", True), ("location", False))


@pytest.fixture(scope="module")
def mixed(ucdp_sample):
    folder = Path(tempfile.mkdtemp())
    try:
        files = [BUNDLED_EVENTS, FIXTURES / "compare" / "acled.csv", FIXTURES / "compare" / "ucdp.csv", ucdp_sample,
                 synthetic_file(6_000, folder)]
        dataset = load_dataset(files, cache_dir=None, registry_path=BUNDLED_REGISTRY)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return dataset


@pytest.fixture(scope="module")
def ref(mixed):
    return reference.arrays(mixed.events, mixed.registry)


def indices(ref, view) -> np.ndarray:
    return np.flatnonzero(reference.filter_mask(ref, view.state))


def _spark_backend():
    """Spark in local mode through ibis (Java from Debian's packages). Skips only outside CI."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("pyspark is not installed")
        pytest.skip("pyspark is not installed")
    if not shutil.which("java"):
        if os.environ.get("CI"):
            pytest.fail("java is not installed")
        pytest.skip("java is not installed")
    import ibis

    warehouse = tempfile.mkdtemp(prefix="spark-warehouse-")
    # Small queries on a small table, beside another test process on two cores: one thread, no adaptive
    # re-planning, no generated code to compile for each query and the JVM's quicker compiler only — a
    # quarter less CPU for the same queries (measured on 32 tests: 93–104 against 113–128 CPU-seconds).
    session = (SparkSession.builder.master("local[1]").appName("dashboard-tests")
               .config("spark.sql.warehouse.dir", warehouse).config("spark.sql.session.timeZone", "UTC")
               .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "1")
               .config("spark.default.parallelism", "1").config("spark.sql.adaptive.enabled", "false")
               .config("spark.sql.codegen.wholeStage", "false")
               .config("spark.driver.extraJavaOptions", "-XX:TieredStopAtLevel=1")
               .getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    return ibis.pyspark.connect(session), session, warehouse


@pytest.fixture(scope="module", params=["duckdb", "pyspark"])
def engine(request, mixed):
    if request.param == "duckdb":
        yield Engine.in_memory(mixed.events, registry=mixed.registry)
        return
    backend, session, warehouse = _spark_backend()
    for name, arrow in zip(TABLES, engine_tables(mixed.events, mixed.registry), strict=True):
        # Arrow tables: Spark's own pandas conversion loses nullable integers
        session.createDataFrame(arrow).createOrReplaceTempView(name)
    yield Engine(backend, registry=mixed.registry)
    session.stop()
    shutil.rmtree(warehouse, ignore_errors=True)


def test_the_data_has_small_and_large_views(mixed, ref):
    counts = {url: len(indices(ref, resolve_view(mixed, url))) for url in URLS}
    assert len(URLS) >= 20
    assert counts[""] > 6_000 and counts["type=talks"] < 20
    assert sum(1 for n in counts.values() if n > aggregate.TIMELINE_EVENT_LIMIT) >= 5
    assert sum(1 for n in counts.values() if 0 < n <= aggregate.TIMELINE_EVENT_LIMIT) >= 10
    # views whose filters keep most events: the actor facet counts those left out instead
    assert sum(1 for url, n in counts.items() if url and n > len(ref.events) // 2) >= 2
    assert len(mixed.origins) == 3


def test_vocabulary(engine, mixed, ref):
    v = engine.vocabulary
    assert (v.total, v.event_types, v.origins, v.actors) == (len(ref.events), ref.event_types, ref.origins, ref.actors)


@pytest.mark.parametrize("url", URLS)
def test_counts_and_facets(engine, mixed, ref, url):
    view = resolve_view(mixed, url)
    assert engine.count(view.filter) == len(indices(ref, view))
    for facet in ("type", "actor", "source"):
        assert engine.facet_counts(view.filter, facet) == reference.facet_counts(ref, view.state, facet), facet


@pytest.mark.parametrize("url", URLS)
def test_summary(engine, mixed, ref, url):
    view = resolve_view(mixed, url)
    rows = ref.events.iloc[indices(ref, view)]
    got = engine.summary(view.filter)
    assert got.count == len(rows)
    assert (got.first, got.first_end, got.last_start, got.last) == (
        (rows["date_start"].min(), rows["date_end"].min(), rows["date_start"].max(), rows["date_end"].max())
        if len(rows) else (None,) * 4)
    located = rows.dropna(subset=["latitude", "longitude"])
    assert got.located == len(located)
    if len(located):
        assert got.lon_spread == pytest.approx(located["longitude"].max() - located["longitude"].min())
        assert got.lat_spread == pytest.approx(located["latitude"].max() - located["latitude"].min())
    kept = view.filter
    left_out = engine.ask(("count",), kept, lambda t: t.agg(n=t.count()), left_out=True).column("n")[0].as_py()
    assert left_out == len(ref.events) - got.count
    # what the timeline and the map take from it instead of asking again
    assert engine.map_cells(kept, summary=got).size == engine.map_cells(kept).size
    overview, cells = engine.overview(view.filter), engine.map_cells(kept)
    assert overview.size == cells.size
    np.testing.assert_array_equal(overview.count, cells.count)
    for group in ("type", "actor"):
        np.testing.assert_array_equal(engine.timeline_counts(kept, group, None, starts=(got.first, got.last_start)).counts,
                                      engine.timeline_counts(kept, group, None).counts)
    for frame in FRAMES:
        x_range = None if frame is None else tuple(pd.Timestamp(x) for x in frame)
        if engine.all_in_range(got, x_range):
            assert engine.count(kept.within(x_range)) == got.count, frame


@pytest.mark.parametrize("url", URLS)
def test_timeline_counts(engine, mixed, ref, url):
    view = resolve_view(mixed, url)
    kept, rows = view.filter, indices(ref, view)
    for frame in FRAMES if engine.name == "duckdb" else FRAMES[:2]:  # Spark: slower per query
        x_range = None if frame is None else tuple(pd.Timestamp(x) for x in frame)
        visible = reference.in_range(ref, rows, x_range)
        assert engine.count(kept.within(x_range)) == len(visible)
        for group in ("type", "actor", "source"):
            want = reference.timeline_counts(ref, visible, group, x_range)
            _same_timeline(engine.timeline_counts(kept.within(x_range), group, x_range), want, (frame, group))


def _same_timeline(got, want, where):
    assert (got.unit, got.lanes, got.lane_types) == (want.unit, want.lanes, want.lane_types), where
    assert got.starts.equals(want.starts) and got.ends.equals(want.ends), where
    np.testing.assert_array_equal(got.counts, want.counts, err_msg=str(where))


def test_the_reference_bins_dates_by_the_calendar():
    """The reference's periods, checked against dates worked out by hand (not against the engine)."""
    leap_day = date(2024, 2, 29)  # a Thursday
    assert [reference.period_start(leap_day, unit) for unit in ("day", "week", "month", "year")] == [
        leap_day, date(2024, 2, 26), date(2024, 2, 1), date(2024, 1, 1)]
    assert [reference.next_period(start, unit) for start, unit in (
        (date(2023, 12, 31), "day"), (date(2023, 12, 25), "week"), (date(2024, 1, 1), "month"),
        (date(2024, 2, 1), "month"), (date(2023, 12, 1), "month"), (date(1969, 1, 1), "year"))] == [
        date(2024, 1, 1), date(2024, 1, 1), date(2024, 2, 1), date(2024, 3, 1), date(2024, 1, 1), date(1970, 1, 1)]


def test_the_reference_measures_distances_on_the_sphere():
    """The reference's distances, checked against lengths worked out by hand on a sphere of 6,371 km."""
    degree = 2 * math.pi * 6371 / 360
    assert reference.distance_km((40, 45), (41, 45)) == pytest.approx(degree, rel=1e-12)  # along a meridian
    assert reference.distance_km((0, 10), (0, 12.5)) == pytest.approx(2.5 * degree, rel=1e-12)  # the equator
    assert reference.distance_km((0, 0), (0, 180)) == pytest.approx(math.pi * 6371, rel=1e-12)  # antipodes
    assert reference.distance_km((90, 0), (90, 123)) == pytest.approx(0, abs=1e-9)  # one pole, any longitude
    assert reference.distance_km((40.2, 44.5), (40.2 + 1e-6, 44.5)) == pytest.approx(degree * 1e-6, rel=1e-6)


#: A frame for each bin unit, its first and last days inside a period (so that, but for days, the bins
#: themselves stay the same and only the counts can tell a wrong edge).
UNIT_FRAMES = {"day": ("2023-04-12", "2023-06-20"), "week": ("2021-12-29", "2023-06-28"),
               "month": ("1990-01-15", "2024-01-15"), "year": ("1950-06-15", "2024-06-15")}


@pytest.mark.parametrize("unit", UNIT_FRAMES)
def test_a_bin_edge_one_day_off_fails_the_comparison(mixed, ref, unit, monkeypatch):
    """The comparison above can fail on a bin edge: with the reference's periods moved one day (an event on a
    period's first day counted in the period before — a classic off-by-one), the engine's counts no longer
    match at any unit, while the right periods match. The reference finds each date's period by itself, not
    with the engine's arithmetic, so the same mistake in the engine would show the same way."""
    engine = Engine.in_memory(mixed.events, registry=mixed.registry)
    x_range = tuple(pd.Timestamp(x) for x in UNIT_FRAMES[unit])
    view = resolve_view(mixed, "")
    visible = reference.in_range(ref, indices(ref, view), x_range)
    got = engine.timeline_counts(view.filter.within(x_range), "type", x_range)
    assert got.unit == unit
    _same_timeline(got, reference.timeline_counts(ref, visible, "type", x_range), unit)
    right = reference.period_start
    monkeypatch.setattr(reference, "period_start", lambda day, unit: right(day - timedelta(days=1), unit))
    off_by_one = reference.timeline_counts(ref, visible, "type", x_range)
    if unit != "day":  # the same bins (a day's period is the day: moved, it moves the bins): only the counts tell
        assert off_by_one.starts.equals(got.starts) and not np.array_equal(off_by_one.counts, got.counts)
    with pytest.raises(AssertionError):
        _same_timeline(got, off_by_one, unit)


@pytest.mark.parametrize("url", URLS)
def test_map_cells(engine, mixed, ref, url):
    view = resolve_view(mixed, url)
    for within in WITHIN:
        want = reference.map_cells(ref, indices(ref, view), within=within)
        got = engine.map_cells(view.filter, within=within)
        _same_cells(got, want, within)
        if within is not None:  # added up from the overview, or asked
            _same_cells(engine.cells_in(view.filter, within), want, within)


def _same_cells(got, want, within):
    assert (got.size, got.located, got.outside, got.main_type, got.types) == (
        want.size, want.located, want.outside, want.main_type, want.types), within
    np.testing.assert_array_equal(got.count, want.count)
    # centres from sums in whole millionths of a degree (the same in any order): within 0.5e-6°
    np.testing.assert_allclose(got.latitude, want.latitude, rtol=0, atol=1e-6)
    np.testing.assert_allclose(got.longitude, want.longitude, rtol=0, atol=1e-6)
    np.testing.assert_allclose(got.fatalities, want.fatalities)


@pytest.mark.parametrize("extent", ["region", "all"])
def test_the_first_map_of_a_view_is_added_up_from_its_overview(mixed, ref, extent, monkeypatch):
    from dashboard.figures.basemap import bounds_of

    engine = Engine.in_memory(mixed.events, registry=mixed.registry)
    asked, run = [], Engine._run
    monkeypatch.setattr(Engine, "_run", lambda self, prepared, values: asked.append(prepared) or run(self, prepared,
                                                                                                   values))
    derived = 0
    for url in URLS:
        view = resolve_view(mixed, url)
        overview = engine.overview(view.filter)
        bounds = bounds_of(pd.DataFrame({"latitude": overview.latitude, "longitude": overview.longitude}), extent)
        before = len(asked)
        _same_cells(engine.cells_in(view.filter, bounds), reference.map_cells(ref, indices(ref, view), bounds), url)
        derived += len(asked) == before
    # most first maps need no query of their own; in the main region of data with far-off events (Brussels)
    # the cells are finer than the overview's and are asked for
    assert derived >= len(URLS) * {"all": 3, "region": 1}[extent] // 4


@pytest.mark.parametrize("url", URLS)
def test_table_pages_rows_and_chunks(engine, mixed, ref, url):
    view = resolve_view(mixed, url)
    kept, rows = view.filter, indices(ref, view)
    reverse = {column: grid for grid, column in table.SORT_KEYS.items()}
    for key, descending in SORTS if engine.name == "duckdb" else SORTS[:4]:
        order = reference.sorted_indices(ref, rows, key, descending)
        for start, end in ((0, 100), (100, 150)):
            want = list(ref.events["event_id"].iloc[order[start:end]])
            assert list(engine.page(kept, key, descending, start, end)["event_id"]) == want, (key, start)
        if engine.name == "duckdb" and key is not None:  # and the grid's own words for it
            model = [{"colId": reverse[key], "sort": "desc" if descending else "asc"}]
            assert list(table.page(view, model, 0, 100)["event_id"]) == list(ref.events["event_id"].iloc[order[:100]])
    if len(rows) <= 2_000:
        pd.testing.assert_frame_equal(engine.rows(kept), ref.events.iloc[rows].reset_index(drop=True),
                                      check_categorical=False, check_dtype=False)
    chunks = list(engine.chunks(kept, 997))
    assert [len(c) for c in chunks[:-1]] == [997] * (len(chunks) - 1)
    assert [e for c in chunks for e in c["event_id"]] == list(ref.events["event_id"].iloc[rows])


def test_the_selected_event(engine, mixed):
    found = engine.event("brussels-trilateral-2023-05-14")
    assert list(found["event_id"]) == ["brussels-trilateral-2023-05-14"]
    assert engine.event("no-such-event").empty


def test_a_long_query_is_cancelled(mixed):
    engine = Engine.in_memory(mixed.events, registry=mixed.registry, timeout=0.2)
    events = engine.events
    slow = events.cross_join(events.select(other="pos")).cross_join(events.select(third="pos"))
    with pytest.raises(QueryTimeout, match="0.2 s"):
        engine._execute(slow.count())
    assert engine.count(resolve_view(mixed, "type=talks").filter) == 5  # and the engine still answers


def test_map_cells_are_the_same_whichever_thread_adds_which_events(mixed):
    """A cell's centre must not depend on how the engine splits the work: the page, the embed, the export
    and the CLI each ask their own engine and must draw the same map."""
    one = Engine.in_memory(mixed.events, registry=mixed.registry, threads=1)
    four = Engine.in_memory(mixed.events, registry=mixed.registry, threads=4)
    for within in WITHIN:
        a, b = one.map_cells(EVERYTHING, within=within), four.map_cells(EVERYTHING, within=within)
        assert np.array_equal(a.latitude, b.latitude) and np.array_equal(a.longitude, b.longitude)
        assert np.array_equal(a.count, b.count) and len(a.count) > 20


def test_a_view_is_summarised_once_per_filter_and_the_oldest_answers_go_first(mixed, monkeypatch):
    engine = Engine.in_memory(mixed.events, registry=mixed.registry)
    asked, run = [], Engine._run
    monkeypatch.setattr(Engine, "_run", lambda self, prepared, values: asked.append(prepared) or run(self, prepared,
                                                                                                   values))
    talks, clashes = (resolve_view(mixed, url).state for url in ("type=talks", "type=clash"))
    first = engine.summary(talks.filter)
    assert engine.summary(replace(talks, group="actor", event=None).filter) is first  # same filter, other looks
    engine.overview(talks.filter), engine.overview(talks.filter)
    assert len(asked) == 2  # one summary, one overview
    for n in range(1100):  # more filters than it keeps
        engine.summary(replace(clashes, q=f"word{n}").filter)
    asked.clear()
    assert engine.summary(talks.filter) == first and len(asked) == 1  # asked again


@pytest.mark.parametrize("url", ["", "type=talks", "actor=Armenia&q=lachin", "from=2023-05-01", "type=war&to=1990-01-01"])
def test_facets_of_a_dataset_from_one_source(url):
    one = load_dataset()
    assert len(one.origins) == 1
    ref_one = reference.arrays(one.events, one.registry)
    view = resolve_view(one, url)
    for facet in ("type", "actor", "source"):
        assert one.engine.facet_counts(view.filter, facet) == reference.facet_counts(ref_one, view.state, facet), facet


def test_a_request_budget_bounds_every_query_within_it(mixed):
    """The engine's own timeout is per query; inside a request's budget a query runs only what is left."""
    import time

    from dashboard.query import budget

    engine = Engine.in_memory(mixed.events, registry=mixed.registry, timeout=30)
    events = engine.events
    slow = events.cross_join(events.select(other="pos")).cross_join(events.select(third="pos"))
    began = time.monotonic()
    with budget.within(0.3), pytest.raises(QueryTimeout):
        engine._execute(slow.count())
    assert time.monotonic() - began < 3
    with budget.within(0.01):
        time.sleep(0.02)
        with pytest.raises(QueryTimeout, match="budget"):
            engine.count(resolve_view(mixed, "type=talks").filter)  # spent: not even started
    assert budget.remaining() is None  # outside a request, no budget
    assert engine.count(resolve_view(mixed, "type=talks").filter) == 5


#: Views whose playback counts are compared (#24): everything, a type, a search, a selection's sources, a place.
PLAY_URLS = ("", "type=Battles&type=Protests", "q=village", "source=UCDP GED", "near=40,46.5,100&from=2010-01-01")


@pytest.mark.parametrize("url", PLAY_URLS)
def test_play_counts(engine, mixed, ref, url):
    """The counts the page plays at scale: per map cell and bin, what starts and what ends there — so that the
    events any frame of whole bins overlaps, per cell, are what the reference finds overlapping it."""
    view = resolve_view(mixed, url)
    rows = ref.events.iloc[indices(ref, view)]
    origin, width, bins, size = (date(2015, 3, 1) - date(1970, 1, 1)).days, 9, 300, 0.5
    got = engine.play_counts(view.filter, origin, width, bins, size)
    step = aggregate.grid_step(size)
    located = rows["latitude"].notna() & rows["longitude"].notna()
    gx = np.floor(np.round(rows["longitude"].fillna(0) * aggregate.FIXED) / step).astype(np.int64)
    gy = np.floor(np.round(rows["latitude"].fillna(0) * aggregate.FIXED) / step).astype(np.int64)
    keys = sorted(set(zip(gx[located], gy[located], strict=True)))
    assert len(got.longitude) == len(keys)
    cell = np.array([keys.index(k) if ok else -1 for k, ok in zip(zip(gx, gy, strict=True), located, strict=True)])
    start = ((rows["date_start"] - pd.Timestamp(0)) // pd.Timedelta(days=1)).to_numpy()
    end = ((rows["date_end"] - pd.Timestamp(0)) // pd.Timedelta(days=1)).to_numpy()
    for i, j in ((1, 1), (1, 40), (17, 60), (200, 298), (1, 298)):
        first, last = origin + (i - 1) * width, origin + j * width - 1
        overlapping = (start <= last) & (end >= first)
        want = np.bincount(cell[overlapping] + 1, minlength=len(keys) + 1)  # index 0: without a location
        counted = reference.play_frame_counts(got.starts, got.ends, len(got.longitude), bins, got.first_day,
                                              got.bin_days, first, last)
        np.testing.assert_array_equal(np.concatenate([[counted[-1]], counted[:-1]]), want, err_msg=f"{url} {i}-{j}")
    if len(keys):  # the cells' centres are the map's: the mean of their events' millionths of a degree
        lon = rows.loc[located, "longitude"].groupby(cell[located.to_numpy()]).apply(
            lambda x: np.round(x * aggregate.FIXED).sum() / aggregate.FIXED / len(x))
        np.testing.assert_allclose(got.longitude, lon.to_numpy(), rtol=0, atol=1e-9)


#: Views whose trends are compared (#25): ≥ 6, by every kind of area.
TREND_VIEWS = (("", "admin1", "2023-05-14"), ("type=Battles", "admin1", "2020-10-09"), ("", "country", "2022-09-20"),
               ("source=UCDP GED", "admin1", "2022-09-20"), ("", "type", "2023-05-14"),
               ("actor=Azerbaijan", "actor", "2023-05-14"), ("q=village", "actor", "2021-06-30"))


@pytest.mark.parametrize("url, by, as_of", TREND_VIEWS)
def test_weekly_counts_for_trends(engine, mixed, ref, url, by, as_of):
    """Each event spread over the weeks its window overlaps, per area: as the reference finds it day by day."""
    from dashboard.query.trends import WEEKS, trend_weeks

    view = resolve_view(mixed, url)
    day = date.fromisoformat(as_of)
    got = trend_weeks(engine, view.filter, by, day)
    want = reference.weekly_counts(ref, indices(ref, view), by, day, WEEKS)
    assert want, "the view has events in those weeks"
    held = {(area, k): value for area, row in got.counts.iterrows() for k, value in row.items() if value}
    assert set(held) == set(want)
    for key, value in want.items():
        assert held[key] == pytest.approx(value, abs=1e-9), key
    # and, from the same query, where each area lies: its located events' mean, weighed by their shares
    centres = reference.area_centres(ref, indices(ref, view), by, day, WEEKS)
    assert list(got.centres["area"]) == sorted(centres) and centres
    for area, latitude, longitude in got.centres.itertuples(index=False):
        assert (latitude, longitude) == pytest.approx(centres[area], abs=1e-6), area


@pytest.mark.parametrize("url, as_of", [("", "2023-05-14"), ("", "2022-09-20"), ("type=Battles", "2020-10-09")])
def test_emerging_actors_are_the_same_on_every_engine(engine, mixed, url, as_of):
    from dashboard.query.trends import emerging_actors

    view = resolve_view(mixed, url)
    day = date.fromisoformat(as_of)
    want = emerging_actors(Engine.in_memory(mixed.events, registry=mixed.registry), view.filter, day)
    got = emerging_actors(engine, view.filter, day)
    assert len(want) and got.to_dict("records") == want.to_dict("records")
