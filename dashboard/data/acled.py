"""Import ACLED CSV exports into the data contract.

Handles the current layout and older ones (``data_id``, ``event_id_no_cnty``,
``iso3``; dates as "11 May 2023"), files that omit optional columns, and
Humanitarian Data Exchange exports with a second row of HXL hashtags. ACLED's
own ``event_type`` values are kept; ``sub_event_type`` is kept beside them.
The rules are SQL that DuckDB runs over the file's cells (``conversion``).
"""

from __future__ import annotations

from dashboard.data.conversion import (Cells, Check, Conversion, Later, day, distinct_in_order, joined, literal, mapped,
                                       names_of, number, one_of)
from dashboard.data.import_format import ImportFormat
from dashboard.data.vocabulary import ACLED_EVENT_TYPES
from dashboard.language import N_, _

NAME = "ACLED"
#: time_precision → our precision (1: the day; 2: the week around the date; 3: the calendar month)
TIME_PRECISION = {"1": "day", "2": "approximate", "3": "month"}
TIME_WORDS = {"1": "the day", "2": "the week around the date", "3": "the month"}
GEO_PRECISION = {"1": "town", "2": "region", "3": "region"}
GEO_WORDS = {"1": "the town", "2": "near a town or part of a region", "3": "a larger region"}
#: The basis of a date and of a place, for each code: "ACLED time_precision 1: the day".
DATE_BASES = {code: f"ACLED time_precision {code}: {words}" for code, words in TIME_WORDS.items()}
GEO_BASES = {code: f"ACLED geo_precision {code}: {words}" for code, words in GEO_WORDS.items()}
#: ACLED's sub-event types in a few words, for labels that leave room for the place ("Shelling: Berd").
SHORT_KINDS = {
    "Shelling/artillery/missile attack": "Shelling", "Remote explosive/landmine/IED": "Explosive/IED",
    "Government regains territory": "Territory retaken", "Non-state actor overtakes territory": "Territory taken",
    "Abduction/forced disappearance": "Abduction", "Excessive force against protesters": "Force on protesters",
    "Protest with intervention": "Protest, intervention", "Headquarters or base established": "Base set up",
    "Looting/property destruction": "Looting", "Non-violent transfer of territory": "Territory handed over",
    "Change to group/activity": "Group change", "Disrupted weapons use": "Weapons disrupted",
    "Violent demonstration": "Violent demonstration", "Peaceful protest": "Protest",
}
#: The kind of an event in its title: the sub-event type, else the event type (of the contract's columns).
KIND = "coalesce(sub_event_type, event_type)"
#: The forms ACLED has written dates in: YYYY-MM-DD, then these (strptime's words).
DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d/%m/%Y")


def detect(header: list[str]) -> bool:
    """Whether a header is an ACLED export's."""
    return "event_date" in header and ("event_id_cnty" in header or "data_id" in header) and "actor1" in header


def conversion(cells: Cells) -> Conversion:
    """The rules turning an ACLED export's cells into the contract's columns, and the checks a row must pass."""
    id_column = "event_id_cnty" if "event_id_cnty" in cells else "data_id"
    derived = {
        "id": cells.text(id_column),
        "repeated": "row_number() OVER (PARTITION BY id ORDER BY _row) > 1",
        "written_names": cells.names_written("actor1", "assoc_actor_1", "actor2", "assoc_actor_2"),
        "names": names_of("written_names"),
        "raw_date": cells.text("event_date"),
        "day": day("raw_date", *DATE_FORMATS[1:]),
        "code": f"coalesce(nullif({cells.text('time_precision')}, ''), '1')",
        "kind": cells.text("event_type"),
        "sub_type": cells.text("sub_event_type"),
        "place": cells.text("location"),
        "lat": number(cells.text("latitude")),
        "lon": number(cells.text("longitude")),
        "killed": number(cells.text("fatalities")),
        "geo_code": cells.text("geo_precision"),
    }
    checks = (
        Check.of(id_column, "id = ''", _("{column}: missing value")),
        Check.of(id_column, "repeated AND id <> ''", _('{column}: duplicate id "{value}"'), value="id"),
        Check.of("event_date", "raw_date = ''", _("{column}: missing date")),
        Check.of("event_date", "day IS NULL", _('{column}: unparseable date "{value}"'), value="raw_date"),
        Check.of("time_precision", f"NOT {one_of('code', TIME_PRECISION)}",
                 _('{column}: unknown value "{value}" (expected 1, 2 or 3)'), value="code"),
        Check.of("event_type", "kind = ''", _("{column}: missing value")),
        Check.of("latitude", f"abs(lat) > 90 OR (lat IS NULL AND {cells.text('latitude')} <> '')",
                 _('{column}: not a latitude "{value}"'), value=cells.raw("latitude")),
        Check.of("longitude", f"abs(lon) > 180 OR (lon IS NULL AND {cells.text('longitude')} <> '')",
                 _('{column}: not a longitude "{value}"'), value=cells.raw("longitude")),
        Check.of("fatalities",
                 f"killed < 0 OR killed % 1 <> 0 OR (killed IS NULL AND {cells.text('fatalities')} <> '')",
                 _('{column}: not a count "{value}"'), value=cells.raw("fatalities")),
    )
    columns = {
        "event_id": "id",
        "summary": f"nullif({cells.text('notes')}, '')",
        "event_type": "kind",
        "sub_event_type": "nullif(sub_type, '')",
        "date_start": "CASE code WHEN '2' THEN day - INTERVAL 3 DAY WHEN '3' THEN date_trunc('month', day) ELSE day END",
        "date_end": "CASE code WHEN '2' THEN day + INTERVAL 3 DAY WHEN '3' THEN last_day(day) ELSE day END",
        "date_text": "nullif(raw_date, '')",
        "actors": distinct_in_order("names"),
        "location": "nullif(place, '')",
        "country": f"nullif({cells.text('country')}, '')",
        "admin1": f"nullif({cells.text('admin1')}, '')",
        "latitude": "lat",
        "longitude": "lon",
        "fatalities": "killed",
    }
    # worked out from the columns above and three short helpers (after an import's sort: see ``Later``)
    later = Later({
        "title": joined(KIND, "coalesce(location, '')"),
        "label": joined(mapped("sub_event_type", SHORT_KINDS, KIND), "coalesce(location, admin1, '')"),
        "status": "'occurred'",
        "date_precision": mapped("_code", TIME_PRECISION, "'day'"),
        "date_basis": mapped("_code", DATE_BASES, "'ACLED time_precision ' || _code || ': '"),
        "geo_precision": f"CASE WHEN latitude IS NOT NULL AND longitude IS NOT NULL THEN "
                         f"{mapped('_geo_code', GEO_PRECISION)} END",
        "geo_basis": mapped("_geo_code", GEO_BASES,
                            "CASE WHEN _geo_code <> '' THEN 'ACLED geo_precision ' || _geo_code || ': ' END"),
        "source": f"{literal(NAME + '; reported by ')} || "
                  f"CASE WHEN _source <> '' THEN _source ELSE 'unnamed sources' END",
    }, carried={"_code": "code", "_geo_code": "geo_code", "_source": cells.text("source")})
    return Conversion(cells, derived, checks, columns, later)


ACLED = ImportFormat("acled", N_("an ACLED export"), detect, conversion=conversion, origin=NAME,
                     event_types=ACLED_EVENT_TYPES)
