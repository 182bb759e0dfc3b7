"""ACLED and UCDP exports open as they come, with every row accounted for."""

from __future__ import annotations


import pandas as pd
import pytest

from dashboard.cli import main, validate
from dashboard.data.reading import is_hxl_row
from dashboard.data import DatasetError, import_events, load_events, write_events
from dashboard.data.formats import detect_format
from dashboard.data.schema import COLUMN_NAMES



def event(events, event_id):
    return events.set_index("event_id").loc[event_id]


def test_current_acled_export(fixture_path):
    events = load_events([fixture_path("acled/current.csv")])
    assert tuple(events.columns) == COLUMN_NAMES and len(events) == 4
    clash = event(events, "ARM1001")
    assert clash.event_type == "Battles" and clash.sub_event_type == "Armed clash"
    assert clash.actors == ["Military Forces of Azerbaijan (2018-)", "Military Forces of Armenia (2018-)"]
    assert (clash.date_start, clash.date_end, clash.date_precision) == (pd.Timestamp("2023-05-11"),) * 2 + ("day",)
    assert clash.summary.startswith("On 11 May 2023") and "\n" in clash.summary  # multi-line notes kept
    assert clash.fatalities == 1 and clash.geo_precision == "town" and clash.location == "Sotk"
    assert clash.source == "ACLED; reported by Armenian Ministry of Defence; Azerbaijani Ministry of Defence"


def test_acled_time_precision_becomes_a_window(fixture_path):
    events = load_events([fixture_path("acled/current.csv")])
    week = event(events, "ARM1002")
    assert (week.date_start, week.date_end, week.date_precision) == (
        pd.Timestamp("2023-05-09"), pd.Timestamp("2023-05-15"), "approximate")
    month = event(events, "AZE2002")
    assert (month.date_start, month.date_end, month.date_precision) == (
        pd.Timestamp("2023-03-01"), pd.Timestamp("2023-03-31"), "month")


def test_acled_associated_actors_and_geo_precision(fixture_path):
    events = load_events([fixture_path("acled/current.csv")])
    checkpoint = event(events, "AZE2001")
    assert checkpoint.actors == ["Military Forces of Azerbaijan (2018-)", "State Border Service of Azerbaijan",
                                 "Government of Azerbaijan (2003-)"]
    assert checkpoint.geo_precision == "region" and "larger region" in checkpoint.geo_basis
    assert event(events, "ARM1002").geo_precision == "region"


def test_older_acled_export_with_hxl_row(fixture_path):
    events = load_events([fixture_path("acled/older_hxl.csv")])
    assert list(events["event_id"]) == ["ARM500", "AZE600"]  # the hashtag row is not an event
    assert event(events, "ARM500").date_start == pd.Timestamp("2023-05-11")  # "11 May 2023"


def test_an_hdx_export_whose_hxl_row_begins_with_empty_cells_is_good(fixture_path):
    # HDX's ACLED exports leave the first cells of the hashtag row empty; it is still not a data row.
    path = fixture_path("acled/hdx_hxl_blank_first.csv")
    imported = import_events([path], strict=True)
    assert list(imported.events["event_id"]) == ["ARM500", "AZE600"] and not imported.skipped
    assert validate([path], strict=True) == 0


@pytest.mark.parametrize("row, is_tags", [
    (["", "", "#event+id", "#date+occurred"], True),
    (["#event+code", "#country+code"], True),
    (["", "", ""], False),
    (["7654321", "#not", "ARM500"], False),
    (["#hashtag in notes, not a tag", "x"], False),
])
def test_hxl_rows_are_every_non_empty_cell_a_hashtag(row, is_tags):
    assert is_hxl_row(row) is is_tags


def test_acled_export_missing_optional_columns(fixture_path):
    events = load_events([fixture_path("acled/missing_optional.csv")])
    talks = event(events, "ARM7001")
    assert pd.isna(talks.fatalities) and talks.event_type == "Strategic developments"


def test_acled_bad_rows_are_listed_and_the_rest_load(fixture_path):
    imported = import_events([fixture_path("acled/bad_rows.csv")])
    assert list(imported.events["event_id"]) == ["OK1", "OK2"]
    path = fixture_path("acled/bad_rows.csv")
    assert [str(p) for p in imported.skipped] == [
        f'{path}:3:2: event_date: unparseable date "2023-02-30"',
        f"{path}:4:6: event_type: missing value",
        f'{path}:5:23: latitude: not a latitude "140.2"',
        f'{path}:6:1: event_id_cnty: duplicate id "OK1"',
        f'{path}:7:29: fatalities: not a count "-2"',
    ]
    assert len(imported.events) + len(imported.skipped) == 7  # every row accounted for


def test_strict_refuses_a_file_with_bad_rows(fixture_path):
    with pytest.raises(DatasetError) as error:
        import_events([fixture_path("acled/bad_rows.csv")], strict=True)
    assert len(error.value.problems) == 5


def test_validate_lists_skipped_rows_and_exits_1(fixture_path, capsys):
    assert main(["validate", str(fixture_path("acled/bad_rows.csv"))]) == 1
    out = capsys.readouterr()
    assert len(out.out.splitlines()) == 5 and "2 events can be loaded" in out.err
    assert main(["validate", "--strict", str(fixture_path("acled/bad_rows.csv"))]) == 1
    assert "nothing was loaded" in capsys.readouterr().err


def test_ucdp_both_date_forms_spans_and_estimates(fixture_path):
    events = load_events([fixture_path("ucdp/ged_both_date_forms.csv")])
    first = event(events, "ucdp-9001")  # "YYYY-MM-DD 00:00:00.000"
    assert (first.date_start, first.date_end, first.date_precision) == (pd.Timestamp("2020-09-27"),) * 2 + ("day",)
    assert first.event_type == "state-based" and first.actors == ["Government of Azerbaijan", "Republic of Artsakh"]
    assert (first.fatalities, first.fatalities_low, first.fatalities_high) == (22, 20, 30)
    assert first.geo_precision == "exact" and first.source_date == pd.Timestamp("2020-09-28")
    span = event(events, "ucdp-9002")  # "YYYY-MM-DD", a six-day window
    assert (span.date_start, span.date_end, span.date_precision) == (
        pd.Timestamp("1992-02-11"), pd.Timestamp("1992-02-16"), "approximate")
    assert span.event_type == "non-state"
    month = event(events, "ucdp-9003")
    assert month.event_type == "one-sided" and month.date_precision == "month" and month.geo_precision == "country"


def test_ucdp_bad_rows(fixture_path):
    imported = import_events([fixture_path("ucdp/bad_rows.csv")])
    assert list(imported.events["event_id"]) == ["ucdp-9103"]
    path = fixture_path("ucdp/bad_rows.csv")
    assert [str(p) for p in imported.skipped] == [
        f'{path}:2:6: type_of_violence: unknown value "4" (expected 1, 2 or 3)',
        f"{path}:3:40: date_end: end 2020-01-01 is before start 2020-01-05",
    ]


def test_the_shared_ucdp_sample_loads_whole(ucdp_sample):
    imported = import_events([ucdp_sample])
    assert len(imported.events) == 1000 and imported.skipped == []
    assert imported.events["event_id"].is_unique
    karabakh = imported.events[imported.events["country"] == "Azerbaijan"]
    assert len(karabakh) == 3 and set(karabakh["event_type"]) <= {"state-based", "non-state", "one-sided"}
    assert (imported.events["date_end"] >= imported.events["date_start"]).all()


def test_imports_round_trip_through_the_projects_csv(fixture_path, tmp_path):
    events = load_events([fixture_path("acled/current.csv"), fixture_path("ucdp/ged_both_date_forms.csv")])
    path = tmp_path / "both.csv"
    write_events(events, path)
    assert detect_format(path.read_text().splitlines()[0].split(",")) == "native"
    pd.testing.assert_frame_equal(load_events([path]), events)


def test_format_can_be_named_and_a_wrong_one_is_refused(fixture_path):
    assert len(load_events([fixture_path("acled/current.csv")], fmt="acled")) == 4
    with pytest.raises(DatasetError) as error:
        load_events([fixture_path("acled/current.csv")], fmt="ucdp")
    assert "not UCDP GED" in str(error.value)


def test_an_unknown_header_is_refused(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("a,b\n1,2\n")
    with pytest.raises(DatasetError, match="unknown format"):
        load_events([path])


def test_the_area_is_acleds_admin1_and_ucdps_adm_1_named_alike(fixture_path, tmp_path):
    """Trends are counted by area (#25): ACLED's admin1 as it is, UCDP's adm_1 without the kind of division it
    ends with, so that both name Tavush (or Idlib) the same; empty where the export has none."""
    acled = load_events(fixture_path("acled/current.csv"))
    assert acled.set_index("event_id").loc["ARM1001", "admin1"] == "Gegharkunik"
    header = "id,date_start,date_end,date_prec,where_prec,adm_1,country,latitude,longitude,best,low,high,side_a,side_b," \
             "type_of_violence,conflict_name,source_article,where_description,relid,event_clarity,code_status"
    rows = ["1,2020-10-01,2020-10-01,1,1,Tavush province,Armenia,41,45,1,1,1,A,B,1,X,S,Here,R1,1,Clear",
            "2,2020-10-02,2020-10-02,1,1,Idlib Governorate,Syria,36,36.6,1,1,1,A,B,1,X,S,There,R2,1,Clear",
            "3,2020-10-03,2020-10-03,1,1,,Syria,36,36.6,1,1,1,A,B,1,X,S,There,R3,1,Clear"]
    path = tmp_path / "ucdp.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    ucdp = load_events(path).set_index("event_id")
    assert ucdp["admin1"].tolist()[:2] == ["Tavush", "Idlib"] and pd.isna(ucdp["admin1"].iloc[2])


ACLED_HEADER = ("event_id_cnty,event_date,time_precision,event_type,sub_event_type,actor1,country,admin1,location,"
                "latitude,longitude,geo_precision,source,notes,fatalities")
#: Rows whose title, label, bases and source each take another branch of ACLED's rules.
ACLED_ROWS = {
    "A1": ("A1,2023-05-11,1,Battles,Shelling/artillery/missile attack,Army,Armenia,Syunik,Goris,39.5,46.3,1,"
           "Agency A,notes,0"),
    "A2": "A2,2023-05-11,2,Battles,,Army,Armenia,Syunik,,,,4,,,0",
    "A3": "A3,2023-05-11,3,Protests,Peaceful protest,Protesters,Armenia,,,,,,Outlet,,0",
    "A4": "A4,2023-05-11,1,Riots,Mob violence,Rioters,Armenia,Syunik,Goris: ,39.5,46.3,2,Outlet,,0",
}
ACLED_WANT = {  # title, label, status, date precision, date basis, geo precision, geo basis, source
    "A1": ("Shelling/artillery/missile attack: Goris", "Shelling: Goris", "occurred", "day",
           "ACLED time_precision 1: the day", "town", "ACLED geo_precision 1: the town", "ACLED; reported by Agency A"),
    "A2": ("Battles", "Battles: Syunik", "occurred", "approximate", "ACLED time_precision 2: the week around the date",
           None, "ACLED geo_precision 4: ", "ACLED; reported by unnamed sources"),
    "A3": ("Peaceful protest", "Protest", "occurred", "month", "ACLED time_precision 3: the month", None, None,
           "ACLED; reported by Outlet"),
    "A4": ("Mob violence: Goris", "Mob violence: Goris", "occurred", "day", "ACLED time_precision 1: the day",
           "region", "ACLED geo_precision 2: near a town or part of a region", "ACLED; reported by Outlet"),
}
WORKED_OUT = ("title", "label", "status", "date_precision", "date_basis", "geo_precision", "geo_basis", "source")


def test_acleds_titles_labels_bases_and_source_follow_its_rules_loaded_and_imported_into_a_store(tmp_path):
    """The columns an import works out after its sort (``conversion.Later``) are what loading the file gives,
    branch by branch — also beside the curated data, whose rows carry their own."""
    from dashboard.data import BUNDLED_EVENTS, streaming
    from dashboard.query.dataset import load_dataset
    path = tmp_path / "acled.csv"
    path.write_text(ACLED_HEADER + "\n" + "\n".join(ACLED_ROWS.values()) + "\n", encoding="utf-8")
    loaded = load_events([path]).set_index("event_id")
    streaming.import_into_store([BUNDLED_EVENTS, path], tmp_path / "events.duckdb")
    stored = load_dataset(store=tmp_path / "events.duckdb").events.set_index("event_id")
    for event_id, want in ACLED_WANT.items():
        for got in (loaded, stored):
            values = tuple(None if pd.isna(v) else v for v in got.loc[event_id, list(WORKED_OUT)])
            assert values == want, event_id
    curated = load_events([BUNDLED_EVENTS]).set_index("event_id")
    pd.testing.assert_frame_equal(stored.loc[curated.index, list(WORKED_OUT)], curated[list(WORKED_OUT)],
                                  check_dtype=False, check_categorical=False)
