"""What changed (#25): weeks, fractional counting and ACLED's change bands, Surge and Threat, checked cell by cell
against numbers worked out by hand for a file made to produce each of them once."""

from __future__ import annotations

import csv
from datetime import date, timedelta

import pytest

from dashboard.data import load_events
from dashboard.data.schema import COLUMNS
from dashboard.query import EVERYTHING, Engine
from dashboard.query.trends import (LARGE_DECREASE, LARGE_INCREASE, LIMITED_CHANGE, MODERATE_INCREASE, WEEKS, band,
                                    trend_table, weekly_counts)

AS_OF = date(2024, 3, 31)  # the current week: 25–31 March 2024
#: Each area's one-day events per week (index 0: the current week), as the file below holds them.
AREAS = {
    "Surge": [6, 2, 2, 2, 2] + [0] * (WEEKS - 5),        # +200 %, a surge, and a threat (nothing before)
    "Moderate": [12] + [10] * (WEEKS - 1),               # +20 %: moderate
    "Rule": [5, 1, 1, 0, 1] + [1] * (WEEKS - 5),         # +567 %, but a mean ≤ 2 and a week ≤ 5: limited
    "Decrease": [3] + [10] * (WEEKS - 1),                # −70 %: large decrease
    "Steady": [21] + [20] * (WEEKS - 1),                 # +5 %: limited change
}


def week_day(k: int) -> date:
    """A day inside week ``k`` (its middle)."""
    return AS_OF - timedelta(days=7 * k + 3)


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    path = tmp_path_factory.mktemp("trends") / "events.csv"
    header = [c.name for c in COLUMNS if c.in_header] + ["admin1"]

    def row(event_id, start, end, precision, country, area):
        return {"event_id": event_id, "title": f"{area or country} clash", "event_type": "clash", "status": "occurred",
                "date_start": start, "date_end": end, "date_precision": precision, "country": country,
                "admin1": area, "source": "Test"}

    rows = [row(f"{area}-{k}-{i}", week_day(k), week_day(k), "day", "Testland", area)
            for area, weeks in AREAS.items() for k, n in enumerate(weeks) for i in range(n)]
    # known to the month only: February 2024 (29 days) spread over the five weeks it overlaps
    rows.append(row("month-1", date(2024, 2, 1), date(2024, 2, 29), "month", "Testland", "Month"))
    rows.append(row("country-1", week_day(0), week_day(0), "day", "Otherland", ""))  # no admin1: its country
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, header, restval="")
        writer.writeheader()
        writer.writerows(rows)
    return Engine.in_memory(load_events(path))


def test_an_event_counts_in_each_week_as_much_as_its_window_overlaps_it(engine):
    weekly = weekly_counts(engine, EVERYTHING, "admin1", AS_OF)
    month = weekly.loc["Month"]
    # weeks 4–8: 26 Feb–3 Mar holds 26–29 Feb, the three before hold 7 days each, 29 Jan–4 Feb holds 1–4 Feb
    assert month[4:9].tolist() == pytest.approx([4 / 29, 7 / 29, 7 / 29, 7 / 29, 4 / 29])
    assert month.sum() == pytest.approx(1.0)
    for area, weeks in AREAS.items():
        assert weekly.loc[area].tolist() == pytest.approx(weeks), area
    assert weekly.loc["Otherland", 0] == 1  # without an admin1, its country


def test_the_table_cell_by_cell(engine):
    table = trend_table(weekly_counts(engine, EVERYTHING, "admin1", AS_OF)).set_index("area")
    expected = {  # current, mean 4w, mean 52w, change 4w %, change 52w %, bands, surge, threat — by hand
        "Surge": (6, 2, 8 / 52, 200.0, (6 - 8 / 52) / (8 / 52) * 100, LARGE_INCREASE, LARGE_INCREASE, True, True),
        "Moderate": (12, 10, 10, 20.0, 20.0, MODERATE_INCREASE, MODERATE_INCREASE, False, False),
        "Rule": (5, 0.75, 51 / 52, (5 - 0.75) / 0.75 * 100, (5 - 51 / 52) / (51 / 52) * 100, LIMITED_CHANGE,
                 LIMITED_CHANGE, False, False),
        "Decrease": (3, 10, 10, -70.0, -70.0, LARGE_DECREASE, LARGE_DECREASE, False, False),
        "Steady": (21, 20, 20, 5.0, 5.0, LIMITED_CHANGE, LIMITED_CHANGE, False, False),
    }
    for area, (current, mean_4w, mean_52w, change_4w, change_52w, band_4w, band_52w, surge, threat) in expected.items():
        row = table.loc[area]
        assert (row.current_week, row.mean_4w, row.mean_52w) == pytest.approx((current, mean_4w, mean_52w)), area
        assert (row.change_4w_pct, row.change_52w_pct) == pytest.approx((change_4w, change_52w)), area
        assert (row.band_4w, row.band_52w, row.surge, row.threat) == (band_4w, band_52w, surge, threat), area
    # every band, a surge and a threat each come out once among the five made for them
    made = table.loc[list(expected)]
    assert sorted(made["band_4w"]) == sorted([LARGE_INCREASE, MODERATE_INCREASE, LIMITED_CHANGE, LARGE_DECREASE,
                                              LIMITED_CHANGE])
    assert made["surge"].sum() == 1 and made["threat"].sum() == 1
    # the month-precise event: a week of 7/29 now and then, no surge out of a fraction
    assert table.loc["Month", "current_week"] == 0 and not table.loc["Month", "surge"]


@pytest.mark.parametrize("current, mean, want", [
    (5, 2, LIMITED_CHANGE), (6, 2, LARGE_INCREASE), (5, 0, LIMITED_CHANGE), (6, 0, LARGE_INCREASE),
    (12.5, 10, MODERATE_INCREASE), (12.51, 10, LARGE_INCREASE), (11, 10, LIMITED_CHANGE), (11.01, 10, MODERATE_INCREASE),
    (7.5, 10, LIMITED_CHANGE), (7.49, 10, LARGE_DECREASE)])
def test_the_bands_edges(current, mean, want):
    """+25 % is still moderate, +10 % still limited, −25 % still limited; ≤ 2 and ≤ 5 is limited whatever the %."""
    assert band(current, mean) == want


def test_every_door_gives_the_same_table(client, tmp_path, capsys):
    """/export/trends.csv and .json and the CLI: one row per area with the issue's columns, the same numbers."""
    from dashboard.cli import main

    response = client.get("/export/trends.csv?by=country&as_of=2023-05-14&type=clash&type=talks")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    lines = response.get_data(as_text=True).splitlines()
    assert lines[0] == ("area,current_week,mean_4w,mean_52w,change_4w_pct,change_52w_pct,band_4w,band_52w,surge,"
                        "threat")
    # the week of 8–14 May 2023: two clashes in Armenia, talks in Belgium (two) and the United States (none)
    assert {line.split(",")[0]: line.split(",")[1] for line in lines[1:]} == {
        "Belgium": "3.0", "Armenia": "2.0", "United States": "0.0"}
    out = tmp_path / "trends.csv"
    assert main(["export", "trends", "--format", "csv", "--by", "country", "--as-of", "2023-05-14", "--type", "clash",
                 "--type", "talks", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").splitlines() == lines
    answer = client.get("/export/trends.json?by=country&as_of=2023-05-14&type=clash&type=talks").get_json()
    assert (answer["as_of"], answer["by"], len(answer["areas"])) == ("2023-05-14", "country", 3)
    assert answer["areas"][0]["band_4w"] in (LARGE_INCREASE, LIMITED_CHANGE)
    # without as_of, the week ends on the last day of the view's events that occurred: the Brussels talks, not
    # the meeting in Moldova still planned when the article was published (1 June); planned events never count
    answer = client.get("/export/trends.json?type=talks").get_json()
    assert answer["as_of"] == "2023-05-14" and "Moldova" not in [a["area"] for a in answer["areas"]]
    later = client.get("/export/trends.json?type=talks&as_of=2023-06-04").get_json()["areas"]
    assert sum(a["current_week"] for a in later) == 0
    assert client.get("/export/trends.json?by=planet").get_json()["by"] == "admin1"  # ignored, with a notice


def test_an_actor_new_in_a_country_is_emerging(tmp_path):
    """Active in the last 4 weeks in a country where it was not in the 52 weeks before: emerging, with its first
    event of those weeks; the same actor long active elsewhere, or here a year ago, is not."""
    from dashboard.query.trends import emerging_actors

    header = [c.name for c in COLUMNS if c.in_header] + ["admin1"]
    rows = [  # (id, day, country, actors)
        ("old-here", AS_OF - timedelta(days=200), "Testland", "Old Militia"),
        ("old-again", AS_OF - timedelta(days=3), "Testland", "Old Militia"),
        ("new-1", AS_OF - timedelta(days=20), "Testland", "New Front"),
        ("new-2", AS_OF - timedelta(days=2), "Testland", "New Front"),
        ("new-elsewhere-before", AS_OF - timedelta(days=100), "Otherland", "Wanderers"),
        ("wanderers-here", AS_OF - timedelta(days=10), "Testland", "Wanderers"),
    ]
    path = tmp_path / "events.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, header, restval="")
        writer.writeheader()
        writer.writerows({"event_id": i, "title": i, "event_type": "clash", "status": "occurred", "date_start": day,
                          "date_end": day, "date_precision": "day", "country": country, "actors": actors,
                          "source": "Test"} for i, day, country, actors in rows)
    found = emerging_actors(Engine.in_memory(load_events(path)), EVERYTHING, AS_OF)
    assert [(r.actor, r.country, r.event_id, r.first_day.date()) for r in found.itertuples()] == [
        ("New Front", "Testland", "new-1", AS_OF - timedelta(days=20)),
        ("Wanderers", "Testland", "wanderers-here", AS_OF - timedelta(days=10))]


def test_the_map_colours_each_area_by_its_band_and_names_the_bands(engine):
    """One trace per band present, named in words and coloured from the diverging scale; each area at the centre
    of its located events (here none are located: nothing is placed, nothing breaks)."""
    import pandas as pd

    from dashboard.figures.trends_map import BAND_COLOURS, trends_map_figure

    table = trend_table(weekly_counts(engine, EVERYTHING, "admin1", AS_OF))
    centres = pd.DataFrame({"area": list(AREAS), "latitude": [40.0, 40.5, 41.0, 39.5, 39.0],
                            "longitude": [44.0, 45.0, 46.0, 45.5, 44.5]})
    figure = trends_map_figure(table, centres)
    bands = {t.name: t for t in figure.data if t.type == "scattergeo" and t.name in BAND_COLOURS}
    assert set(bands) == {LARGE_INCREASE, MODERATE_INCREASE, LIMITED_CHANGE, LARGE_DECREASE}
    for name, trace in bands.items():
        assert trace.marker.color == BAND_COLOURS[name]
        assert {c[0] for c in trace.customdata} == set(table.loc[table["band_4w"] == name, "area"]) & set(AREAS)
    assert engine.count(EVERYTHING) > 0  # the file's events have no coordinates
    from dashboard.query.trends import trend_weeks
    assert trend_weeks(engine, EVERYTHING, "admin1", AS_OF).centres.empty


def test_the_trends_page_draws_the_map_of_bands(client):
    page = client.get("/trends?by=country&as_of=2023-05-14").get_data(as_text=True)
    assert 'id="trends-map"' in page and "Map of what changed" in page
    assert 'id="config"' in page  # static/embed.js draws nothing without the config (the locale) it reads
    assert '"name":"limited change"' in page  # the bundled data's areas: all limited change


def test_the_timeline_draws_each_area_against_its_baselines(engine):
    """For a chosen area: a bar per week (oldest first; the current week in its band's colour), the mean of the 4
    weeks before each week as a line, and the 52 weeks before the current one as their mean ± 1 SD — numbers
    worked out from the file's weeks."""
    import numpy as np

    from dashboard.figures.trends_map import BAND_COLOURS
    from dashboard.figures.trends_timeline import BAR_COLOUR, trends_timeline_figure

    figure = trends_timeline_figure(weekly_counts(engine, EVERYTHING, "admin1", AS_OF), ["Surge", "Decrease", "Nowhere"],
                                    AS_OF)
    assert [a.text for a in figure.layout.annotations] == ["Surge", "Decrease"]  # an unknown area is left out
    bars = [t for t in figure.data if t.type == "bar"]
    assert len(bars) == 2 and bars[0].showlegend and not bars[1].showlegend  # the legend names each line once
    for trace, area, current_band in ((bars[0], "Surge", LARGE_INCREASE), (bars[1], "Decrease", LARGE_DECREASE)):
        assert list(trace.y) == pytest.approx(AREAS[area][::-1])
        assert list(trace.marker.color) == [BAR_COLOUR] * (WEEKS - 1) + [BAND_COLOURS[current_band]]
        assert trace.x[-1].date() == date(2024, 3, 28)  # the middle of 25–31 March (noon)
    decrease = [t for t in figure.data if t.yaxis == "y2"]
    low, high, mean, rolling = (t for t in decrease if t.type == "scatter")
    # the 52 weeks before the current one: all 10s (SD 0); drawn from week 52's start to week 1's end
    assert (list(low.y), list(high.y), list(mean.y)) == ([10, 10], [10, 10], [10, 10])
    assert high.fill == "tonexty" and low.x[0].date() == AS_OF - timedelta(days=7 * 52 + 6)
    assert low.x[1].date() == AS_OF - timedelta(days=6)
    # the rolling mean: none where 4 weeks before are not counted, 10 for the weeks after, 10 for the current one
    assert rolling.y[:4] == (None,) * 4 and rolling.y[4:] == pytest.approx([10.0] * (WEEKS - 4))
    surge = [t for t in figure.data if t.yaxis == "y" and t.type == "scatter"]
    values = np.array(AREAS["Surge"][1:53], dtype=float)
    assert surge[1].y == pytest.approx([values.mean() + values.std()] * 2)
    assert surge[3].y[-1] == pytest.approx(2.0) and surge[3].y[-2] == pytest.approx(1.5)  # weeks 1–4; 2–5


def test_a_curated_event_placed_in_a_region_counts_in_that_region(client, dataset):
    """The curated events name no admin1: one the article places only in a region (``geo_precision`` "region")
    is counted there ("Nagorno-Karabakh", "Lachin corridor"); others in their country; ``area=`` keeps the same."""
    from dashboard.query.view import resolve_view

    areas = {row["area"]: row for row in client.get("/export/trends.json?as_of=2023-05-14").get_json()["areas"]}
    assert {"Nagorno-Karabakh", "Lachin corridor", "Armenia", "Belgium", "United States"} <= set(areas)
    assert "Azerbaijan" not in areas  # every curated event in Azerbaijan is placed in a region of it
    view = resolve_view(dataset, "area=Nagorno-Karabakh")
    assert sorted(view.events["event_id"]) == ["first-karabakh-war", "karabakh-secession",
                                                 "russian-peacekeepers-deployed", "second-karabakh-war-2020"]
