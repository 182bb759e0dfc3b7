"""An import format is one record: a format declared in a test alone, and registered for that test only, is
detected from its header, imported (into memory and into a store), named as its events' origin, coloured,
and offered by the CLI and the settings — with no module of the dashboard changed."""

from __future__ import annotations

import duckdb
import pytest

from dashboard.cli import main
from dashboard.data import DatasetError, formats, import_events
from dashboard.data.conversion import Cells, Check, Conversion, day, literal, number, one_of
from dashboard.data.import_format import ImportFormat
from dashboard.data.origins import origin_of
from dashboard.data.streaming import import_into_store
from dashboard.data.vocabulary import EVENT_TYPE_NAMES, FAMILIES, EventType
from dashboard.figures.style import type_colour
from dashboard.settings import Settings

VIOLENCE, UNREST, *_ = FAMILIES
#: A made-up observers' log: its own column names, its own event types and colours, its own dataset.
SIGHTING_TYPES = (EventType("sighting", "Sighting", "#1B7837", "Something seen by an observer.", VIOLENCE),
                  EventType("rumour", "Rumour", "#762A83", "Something heard, not seen.", UNREST))
LOG = """ref,when,what,where,lat,lon,who
1,2023-05-11,sighting,Berd,40.88,45.39,Observer A; Observer B
2,2023-05-12,rumour,Sotk,40.20,45.90,Observer C
3,not a date,sighting,Goris,39.51,46.34,Observer A
"""


def sighting_rules(cells: Cells) -> Conversion:
    derived = {"id": cells.text("ref"), "repeated": "row_number() OVER (PARTITION BY id ORDER BY _row) > 1",
               "kind": cells.text("what"), "seen": day(cells.text("when")), "place": cells.text("where"),
               "lat": number(cells.text("lat")), "lon": number(cells.text("lon"))}
    checks = (Check("ref", "id = ''", literal("ref: missing value")),
              Check("when", "seen IS NULL", f"'when: unparseable date \"' || {cells.raw('when')} || '\"'"),
              Check("what", f"NOT {one_of('kind', [t.name for t in SIGHTING_TYPES])}", literal("what: unknown kind")))
    columns = {"event_id": "'log-' || id", "title": "kind || ' at ' || place", "event_type": "kind",
               "status": "'occurred'", "date_start": "seen", "date_end": "seen", "date_precision": "'day'",
               "actors": cells.names_in("who"), "location": "place", "latitude": "lat", "longitude": "lon",
               "geo_precision": "'town'", "source": f"{literal('Observers Log; ')} || {cells.text('who')}"}
    return Conversion(cells, derived, checks, columns)


SIGHTINGS = ImportFormat("sightings", "an observers' log", lambda header: {"when", "what", "where"} <= set(header),
                         conversion=sighting_rules, origin="Observers Log", event_types=SIGHTING_TYPES)


@pytest.fixture
def log_file(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text(LOG, encoding="utf-8")
    return path


def register(monkeypatch) -> None:
    """The observers' log registered beside the bundled formats, for one test: the registry is one attribute."""
    monkeypatch.setattr(formats, "FORMATS", (SIGHTINGS, *formats.FORMATS))


@pytest.fixture
def registered(monkeypatch):
    register(monkeypatch)


def test_a_new_format_is_detected_from_its_header_once_registered(monkeypatch):
    header = LOG.splitlines()[0].split(",")
    assert formats.detect_format(header) is None
    register(monkeypatch)
    assert formats.detect_format(header) == "sightings"
    assert formats.detect_format("event_id,title,date_start".split(",")) == "native"  # the others still found


def test_a_new_format_imports_by_its_rules_listing_the_rows_it_leaves_out(registered, log_file):
    imported = import_events([log_file])
    assert imported.formats == {str(log_file): "sightings"}
    events = imported.events.set_index("event_id")
    assert list(events.index) == ["log-1", "log-2"]
    assert events.loc["log-1", "title"] == "sighting at Berd"
    assert events.loc["log-1", "actors"] == ["Observer A", "Observer B"]
    assert [(p.line, p.message) for p in imported.skipped] == [(4, 'when: unparseable date "not a date"')]


def test_a_new_formats_events_are_named_by_its_origin_and_coloured_by_its_types(registered, log_file):
    events = import_events([log_file]).events
    assert set(origin_of(events["source"])) == {"Observers Log"}
    assert [type_colour(t) for t in events["event_type"]] == ["#1B7837", "#762A83"]


def test_a_new_format_imports_into_a_store_with_its_origin(registered, log_file, tmp_path):
    store = tmp_path / "log.duckdb"
    total, skipped, found = import_into_store([log_file], store)
    assert (total, [p.line for p in skipped], found) == (2, [4], {str(log_file): "sightings"})
    with duckdb.connect(str(store), read_only=True) as con:
        assert con.execute("SELECT DISTINCT origin FROM events").fetchall() == [("Observers Log",)]


def test_a_new_format_is_offered_by_the_cli_and_the_settings(registered, log_file, capsys):
    assert Settings.from_env({"DASHBOARD_FORMAT": "sightings"}).data_format == "sightings"
    assert main(["validate", "--format", "sightings", str(log_file)]) == 1  # its row left out makes it 1
    out, err = capsys.readouterr()
    assert 'when: unparseable date "not a date"' in out and "2 events can be loaded" in err


def test_naming_a_format_whose_columns_the_file_lacks_is_refused(registered, fixture_path):
    with pytest.raises(DatasetError, match="not an observers' log"):
        import_events([fixture_path("acled/current.csv")], fmt="sightings")


def test_every_bundled_formats_types_are_in_the_contracts_vocabulary():
    """The project's CSV checks event types against the vocabulary: an imported event written to it and read back
    needs its format's types there."""
    assert set(formats.event_types()) == EVENT_TYPE_NAMES
    assert len(set(formats.format_names())) == len(formats.FORMATS)


def test_a_format_gives_its_rules_or_its_reader():
    with pytest.raises(ValueError, match="either"):
        ImportFormat("half", "half a format", lambda header: True)
