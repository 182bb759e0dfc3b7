"""Import UCDP Georeferenced Event Dataset (GED) CSV files into the data contract.

``type_of_violence`` (1 state-based, 2 non-state, 3 one-sided) becomes the
event type, ``side_a``/``side_b`` the actors, ``best`` the fatalities with
``low``/``high`` kept; ``date_prec`` and ``where_prec`` map to the precision
fields; multi-day events stay spans. Dates may be ``YYYY-MM-DD`` or
``YYYY-MM-DD 00:00:00.000``.
"""

from __future__ import annotations

import pandas as pd

from dashboard.data.importing import DATE, RowCheck, actor_lists, contract_frame, dates, numbers, text
from dashboard.data.reading import Table

NAME = "UCDP GED"
VIOLENCE = {"1": "state-based", "2": "non-state", "3": "one-sided"}
DATE_PRECISION = {"1": "day", "2": "approximate", "3": "approximate", "4": "month", "5": "year"}
DATE_WORDS = {"1": "exact date", "2": "known within 2–6 days", "3": "known within a week",
              "4": "known within a month", "5": "known within a year"}
WHERE_PRECISION = {"1": "exact", "2": "town", "3": "region", "4": "region", "5": "region", "6": "country",
                   "7": "region"}
WHERE_WORDS = {"1": "exact location", "2": "within 25 km", "3": "second-order administrative division",
               "4": "first-order administrative division", "5": "linear feature or larger area", "6": "country",
               "7": "international waters or airspace"}


def detect(header: list[str]) -> bool:
    """Whether a header is a UCDP GED file's."""
    return {"id", "relid", "type_of_violence", "date_prec", "side_a", "side_b", "best"} <= set(header)


def convert(table: Table) -> tuple[pd.DataFrame, RowCheck]:
    """The importable rows as contract columns, and the check listing the others."""
    cells, check = table.cells, RowCheck(table)
    raw_id = text(cells, "id")
    check.reject(raw_id == "", "id", lambda r: "id: missing value")
    check.reject(raw_id.duplicated() & (raw_id != ""), "id", lambda r: f'id: duplicate id "{raw_id.iat[r]}"')
    violence = text(cells, "type_of_violence")
    check.reject(~violence.isin(list(VIOLENCE)), "type_of_violence",
                 lambda r: f'type_of_violence: unknown value "{violence.iat[r]}" (expected 1, 2 or 3)')

    raw_start, raw_end = text(cells, "date_start"), text(cells, "date_end")
    start, end = dates(raw_start.str[:10], DATE), dates(raw_end.str[:10], DATE)
    for name, raw, parsed in (("date_start", raw_start, start), ("date_end", raw_end, end)):
        check.reject(raw == "", name, lambda r, name=name: f"{name}: missing date")
        check.reject(parsed.isna() & (raw != ""), name,
                     lambda r, name=name, raw=raw: f'{name}: unparseable date "{raw.iat[r]}"')
    check.reject(end < start, "date_end", lambda r: f"date_end: end {raw_end.iat[r]} is before start {raw_start.iat[r]}")
    date_code = text(cells, "date_prec")
    check.reject(~date_code.isin(list(DATE_PRECISION)), "date_prec",
                 lambda r: f'date_prec: unknown value "{date_code.iat[r]}" (expected 1 to 5)')

    latitude, longitude = numbers(text(cells, "latitude")), numbers(text(cells, "longitude"))
    check.reject((latitude.abs() > 90) | latitude.isna(), "latitude",
                 lambda r: f'latitude: not a latitude "{cells["latitude"].iat[r]}"')
    check.reject((longitude.abs() > 180) | longitude.isna(), "longitude",
                 lambda r: f'longitude: not a longitude "{cells["longitude"].iat[r]}"')
    counts = {name: numbers(text(cells, name)) for name in ("best", "low", "high")}
    for name, values in counts.items():
        check.reject((values < 0) | (values.isna() & (text(cells, name) != "")), name,
                     lambda r, name=name: f'{name}: not a count "{cells[name].iat[r]}"')

    keep = ~check.bad
    kind = violence.map(VIOLENCE).fillna("")
    dyad, place = text(cells, "dyad_name"), text(cells, "where_coordinates")
    where_code = text(cells, "where_prec")
    best = counts["best"]
    first_source_date = dates(text(cells, "source_date").str.split(";").str[0].str.strip().str[:10], DATE)
    events = contract_frame({
        "event_id": "ucdp-" + raw_id,
        "title": dyad + (" — " + place).where(place != "", ""),
        "summary": (kind.str.capitalize() + " violence: " + dyad + ". " + text(cells, "where_description")
                    + ". Best estimate " + text(cells, "best") + " deaths (low " + text(cells, "low")
                    + ", high " + text(cells, "high") + ")."),
        "event_type": kind,
        "sub_event_type": text(cells, "conflict_name"),
        "status": pd.Series("occurred", index=cells.index),
        "date_start": start, "date_end": end,
        "date_precision": date_code.map(DATE_PRECISION).fillna("approximate"),
        "date_text": raw_start.str[:10] + (" – " + raw_end.str[:10]).where(raw_end.str[:10] != raw_start.str[:10], ""),
        "date_basis": "UCDP date_prec " + date_code + ": " + date_code.map(DATE_WORDS).fillna(""),
        "actors": actor_lists(text(cells, "side_a"), text(cells, "side_b")),
        "location": place.where(place != "", text(cells, "adm_1")),
        "country": text(cells, "country"),
        "latitude": latitude, "longitude": longitude,
        "geo_precision": where_code.map(WHERE_PRECISION).fillna("region"),
        "geo_basis": "UCDP where_prec " + where_code + ": " + where_code.map(WHERE_WORDS).fillna(""),
        "fatalities": best, "fatalities_low": counts["low"], "fatalities_high": counts["high"],
        "source": "UCDP GED; " + text(cells, "source_office").where(text(cells, "source_office") != "",
                                                                     "sources not named"),
        "source_date": first_source_date,
        "source_excerpt": text(cells, "source_headline"),
    }, keep)
    return events, check
