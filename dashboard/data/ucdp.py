"""Import UCDP Georeferenced Event Dataset (GED) CSV files into the data contract.

``type_of_violence`` (1 state-based, 2 non-state, 3 one-sided) becomes the
event type, ``side_a``/``side_b`` the actors, ``best`` the fatalities with
``low``/``high`` kept; ``date_prec`` and ``where_prec`` map to the precision
fields; multi-day events stay spans. Dates may be ``YYYY-MM-DD`` or
``YYYY-MM-DD 00:00:00.000``. The rules are SQL that DuckDB runs over the
file's cells (``conversion``).
"""

from __future__ import annotations

from dashboard.data.conversion import (WHITESPACE, Cells, Check, Conversion, day, distinct_in_order, literal, mapped,
                                       names_of, number, one_of)
from dashboard.data.import_format import ImportFormat
from dashboard.data.vocabulary import UCDP_EVENT_TYPES
from dashboard.language import N_, _

NAME = "UCDP GED"
VIOLENCE = {"1": "state-based", "2": "non-state", "3": "one-sided"}
VIOLENCE_WORDS = {"1": "State-based", "2": "Non-state", "3": "One-sided"}
DATE_PRECISION = {"1": "day", "2": "approximate", "3": "approximate", "4": "month", "5": "year"}
DATE_WORDS = {"1": "exact date", "2": "known within 2–6 days", "3": "known within a week",
              "4": "known within a month", "5": "known within a year"}
#: The kind of division UCDP's adm_1 ends with, left out of the area's name (ACLED's admin1 names it bare).
ADMIN1_KIND = r" (province|governorate|state|region|oblast|department|zone|district|county|prefecture|division)$"
WHERE_PRECISION = {"1": "exact", "2": "town", "3": "region", "4": "region", "5": "region", "6": "country",
                   "7": "region"}
WHERE_WORDS = {"1": "exact location", "2": "within 25 km", "3": "second-order administrative division",
               "4": "first-order administrative division", "5": "linear feature or larger area", "6": "country",
               "7": "international waters or airspace"}
COUNTS = ("best", "low", "high")


def detect(header: list[str]) -> bool:
    """Whether a header is a UCDP GED file's."""
    return {"id", "relid", "type_of_violence", "date_prec", "side_a", "side_b", "best"} <= set(header)


def _day(text_sql: str) -> str:
    return day(f"left({text_sql}, 10)")


def conversion(cells: Cells) -> Conversion:
    """The rules turning a GED file's cells into the contract's columns, and the checks a row must pass."""
    derived = {
        "id": cells.text("id"),
        "repeated": "row_number() OVER (PARTITION BY id ORDER BY _row) > 1",
        "written_names": cells.names_written("side_a", "side_b"),
        "names": names_of("written_names"),
        "violence": cells.text("type_of_violence"),
        "raw_start": cells.text("date_start"),
        "raw_end": cells.text("date_end"),
        "first_day": _day("raw_start"),
        "last_day": _day("raw_end"),
        "date_code": cells.text("date_prec"),
        "lat": number(cells.text("latitude")),
        "lon": number(cells.text("longitude")),
        **{name: number(cells.text(name)) for name in COUNTS},
        "dyad": cells.text("dyad_name"),
        "place": cells.text("where_coordinates"),
        "where_code": cells.text("where_prec"),
    }
    checks = [
        Check.of("id", "id = ''", _("{column}: missing value")),
        Check.of("id", "repeated AND id <> ''", _('{column}: duplicate id "{value}"'), value="id"),
        Check.of("type_of_violence", f"NOT {one_of('violence', VIOLENCE)}",
                 _('{column}: unknown value "{value}" (expected 1, 2 or 3)'), value="violence"),
    ]
    missing, unparseable = _("{column}: missing date"), _('{column}: unparseable date "{value}"')
    for name, raw, parsed in (("date_start", "raw_start", "first_day"), ("date_end", "raw_end", "last_day")):
        checks += [Check.of(name, f"{raw} = ''", missing), Check.of(name, f"{parsed} IS NULL", unparseable, value=raw)]
    checks += [
        Check.of("date_end", "last_day < first_day", _("{column}: end {end} is before start {start}"),
                 end="raw_end", start="raw_start"),
        Check.of("date_prec", f"NOT {one_of('date_code', DATE_PRECISION)}",
                 _('{column}: unknown value "{value}" (expected 1 to 5)'), value="date_code"),
        Check.of("latitude", "lat IS NULL OR abs(lat) > 90", _('{column}: not a latitude "{value}"'),
                 value=cells.raw("latitude")),
        Check.of("longitude", "lon IS NULL OR abs(lon) > 180", _('{column}: not a longitude "{value}"'),
                 value=cells.raw("longitude")),
    ]
    not_a_count = _('{column}: not a count "{value}"')
    checks += [Check.of(name, f"{name} < 0 OR ({name} IS NULL AND {cells.text(name)} <> '')", not_a_count,
                        value=cells.raw(name)) for name in COUNTS]
    office = cells.text("source_office")
    first_source = _day(f"trim(split_part({cells.text('source_date')}, ';', 1), {WHITESPACE})")
    columns = {
        "event_id": "'ucdp-' || id",
        "title": "dyad || CASE WHEN place <> '' THEN ' — ' || place ELSE '' END",
        # "Government of Azerbaijan - Republic of Artsakh", "Martuni town" → "Azerbaijan – Artsakh: Martuni"
        "label": ("rtrim(regexp_replace(replace(dyad, ' - ', ' – '), '(Government|Republic) of ', '', 'g') || ': ' || "
                  f"regexp_replace(CASE WHEN place <> '' THEN place ELSE {cells.text('adm_1')} END, "
                  "'\\s+(town|city|village|province|district|region|governorate|municipality)$', ''), ': ')"),
        "summary": (f"{mapped('violence', VIOLENCE_WORDS, literal(''))} || ' violence: ' || dyad || '. ' || "
                    f"{cells.text('where_description')} || '. Best estimate ' || {cells.text('best')} || "
                    f"' deaths (low ' || {cells.text('low')} || ', high ' || {cells.text('high')} || ').'"),
        "event_type": mapped("violence", VIOLENCE),
        "sub_event_type": f"nullif({cells.text('conflict_name')}, '')",
        "status": "'occurred'",
        "date_start": "first_day",
        "date_end": "last_day",
        "date_precision": mapped("date_code", DATE_PRECISION, "'approximate'"),
        "date_text": "left(raw_start, 10) || CASE WHEN left(raw_end, 10) <> left(raw_start, 10) "
                     "THEN ' – ' || left(raw_end, 10) ELSE '' END",
        "date_basis": f"'UCDP date_prec ' || date_code || ': ' || {mapped('date_code', DATE_WORDS, literal(''))}",
        "actors": distinct_in_order("names"),
        "location": f"nullif(CASE WHEN place <> '' THEN place ELSE {cells.text('adm_1')} END, '')",
        "country": f"nullif({cells.text('country')}, '')",
        # "Idlib governorate", "Tavush province": the area as ACLED's admin1 names it ("Idlib", "Tavush")
        "admin1": f"nullif(regexp_replace({cells.text('adm_1')}, '{ADMIN1_KIND}', '', 'i'), '')",
        "latitude": "lat",
        "longitude": "lon",
        "geo_precision": mapped("where_code", WHERE_PRECISION, "'region'"),
        "geo_basis": f"'UCDP where_prec ' || where_code || ': ' || {mapped('where_code', WHERE_WORDS, literal(''))}",
        "fatalities": "round_even(best, 0)",
        "fatalities_low": "round_even(low, 0)",
        "fatalities_high": "round_even(high, 0)",
        "source": f"{literal(NAME + '; ')} || CASE WHEN {office} <> '' THEN {office} ELSE 'sources not named' END",
        "source_date": first_source,
        "source_excerpt": f"nullif({cells.text('source_headline')}, '')",
    }
    return Conversion(cells, derived, tuple(checks), columns)


UCDP = ImportFormat("ucdp", N_("UCDP GED"), detect, conversion=conversion, origin=NAME, event_types=UCDP_EVENT_TYPES)
