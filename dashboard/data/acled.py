"""Import ACLED CSV exports into the data contract.

Handles the current layout and older ones (``data_id``, ``event_id_no_cnty``,
``iso3``; dates as "11 May 2023"), files that omit optional columns, and
Humanitarian Data Exchange exports with a second row of HXL hashtags. ACLED's
own ``event_type`` values are kept; ``sub_event_type`` is kept beside them.
"""

from __future__ import annotations

import pandas as pd

from dashboard.data.importing import DATE, RowCheck, actor_lists, contract_frame, dates, numbers, text
from dashboard.data.reading import Table

NAME = "ACLED"
#: time_precision → (our precision, days before, days after; None: the whole calendar month)
TIME_PRECISION = {"1": ("day", 0, 0), "2": ("approximate", 3, 3), "3": ("month", None, None)}
TIME_WORDS = {"1": "the day", "2": "the week around the date", "3": "the month"}
GEO_PRECISION = {"1": "town", "2": "region", "3": "region"}
GEO_WORDS = {"1": "the town", "2": "near a town or part of a region", "3": "a larger region"}


def detect(header: list[str]) -> bool:
    """Whether a header is an ACLED export's."""
    return "event_date" in header and ("event_id_cnty" in header or "data_id" in header) and "actor1" in header


def convert(table: Table) -> tuple[pd.DataFrame, RowCheck]:
    """The importable rows as contract columns, and the check listing the others."""
    cells, check = table.cells, RowCheck(table)
    id_column = "event_id_cnty" if "event_id_cnty" in cells else "data_id"
    event_id = text(cells, id_column)
    check.reject(event_id == "", id_column, lambda r: f"{id_column}: missing value")
    check.reject(event_id.duplicated() & (event_id != ""), id_column,
                 lambda r: f'{id_column}: duplicate id "{event_id.iat[r]}"')

    raw_date = text(cells, "event_date")
    day = dates(raw_date, DATE, "%d %B %Y", "%d-%B-%Y", "%d/%m/%Y")
    check.reject(raw_date == "", "event_date", lambda r: "event_date: missing date")
    check.reject(day.isna() & (raw_date != ""), "event_date",
                 lambda r: f'event_date: unparseable date "{raw_date.iat[r]}"')
    precision_code = text(cells, "time_precision").replace("", "1")
    check.reject(~precision_code.isin(list(TIME_PRECISION)), "time_precision",
                 lambda r: f'time_precision: unknown value "{precision_code.iat[r]}" (expected 1, 2 or 3)')
    start, end = _window(day, precision_code)

    event_type = text(cells, "event_type")
    check.reject(event_type == "", "event_type", lambda r: "event_type: missing value")

    latitude, longitude = numbers(text(cells, "latitude")), numbers(text(cells, "longitude"))
    check.reject((latitude.abs() > 90) | (latitude.isna() & (text(cells, "latitude") != "")), "latitude",
                 lambda r: f'latitude: not a latitude "{cells["latitude"].iat[r]}"')
    check.reject((longitude.abs() > 180) | (longitude.isna() & (text(cells, "longitude") != "")), "longitude",
                 lambda r: f'longitude: not a longitude "{cells["longitude"].iat[r]}"')
    fatalities = numbers(text(cells, "fatalities"))
    check.reject((fatalities < 0) | ((fatalities % 1 != 0) & fatalities.notna())
                 | (fatalities.isna() & (text(cells, "fatalities") != "")),
                 "fatalities", lambda r: f'fatalities: not a count "{cells["fatalities"].iat[r]}"')

    keep = ~check.bad
    location, sub_type = text(cells, "location"), text(cells, "sub_event_type")
    geo_code = text(cells, "geo_precision")
    located = latitude.notna() & longitude.notna()
    events = contract_frame({
        "event_id": event_id,
        "title": (sub_type.where(sub_type != "", event_type) + ": " + location).str.rstrip(": "),
        "summary": text(cells, "notes"),
        "event_type": event_type,
        "sub_event_type": sub_type,
        "status": pd.Series("occurred", index=cells.index),
        "date_start": start, "date_end": end,
        "date_precision": precision_code.map(lambda c: TIME_PRECISION.get(c, ("day",))[0]),
        "date_text": raw_date,
        "date_basis": "ACLED time_precision " + precision_code + ": " + precision_code.map(TIME_WORDS).fillna(""),
        "actors": actor_lists(text(cells, "actor1"), text(cells, "assoc_actor_1"), text(cells, "actor2"),
                              text(cells, "assoc_actor_2")),
        "location": location, "country": text(cells, "country"),
        "latitude": latitude, "longitude": longitude,
        "geo_precision": geo_code.map(GEO_PRECISION).where(located, ""),
        "geo_basis": ("ACLED geo_precision " + geo_code + ": " + geo_code.map(GEO_WORDS).fillna("")).where(
            geo_code != "", ""),
        "fatalities": fatalities,
        "source": "ACLED; reported by " + text(cells, "source").where(text(cells, "source") != "", "unnamed sources"),
    }, keep)
    return events, check


def _window(day: pd.Series, code: pd.Series) -> tuple[pd.Series, pd.Series]:
    """The days a date at ACLED's time precision allows."""
    start, end = day.copy(), day.copy()
    week = code == "2"
    start[week] = day[week] - pd.Timedelta(days=3)
    end[week] = day[week] + pd.Timedelta(days=3)
    month = code == "3"
    start[month] = day[month].dt.to_period("M").dt.start_time
    end[month] = day[month].dt.to_period("M").dt.end_time.dt.normalize()
    return start, end



