"""Media outlets: named by a journalist's affiliation, by media words in a
name ("… Daily", "… News Agency"), by a description ("ORDA, a media portal in
Kazakhstan") or in a list after "reporters from".
"""
import re

from .. import geo
from ..places import major_city_country
from .facts import OutletFact
from .names import is_name_token, named_people
from .vocabulary import (
    CAP_SEQUENCE_RE, EVENT_WORDS, MEDIA_WORDS, ROLE_WORDS, TITLE_WORDS, JOURNALIST_ROLES, NON_OUTLET_HEADS, SOCIAL_PLATFORMS, STRONG_MEDIA_WORDS, lower_words, media_words,
    outlet_kind,
)

CORPORATE_SUFFIX_RE = re.compile(r"[\s,]+(?:corporation|corp\.?|co\.?,? ltd\.?|co\.?|ltd\.?|limited|inc\.?|llc|plc|gmbh|s\.a\.)$", re.IGNORECASE)
POSSESSIVE_RE = re.compile(r"^(?:the\s+)?(?P<owner>[A-Z][\w .-]{1,40}?)(?:'s|’s|'|’)\s+(?P<rest>.+)$")
ABBREVIATION_RE = re.compile(r"^(?P<name>.+?)\s*\((?P<abbr>[A-Z][\w.&-]{1,12})\)\s*$")
UNDER_RE = re.compile(r"^(?P<child>.+?)\s+(?:under|of|at|part of)\s+(?:the\s+)?(?P<parent>[A-Z].+)$")
# "ORDA, a media portal in Kazakhstan": the kind of outlet within the first words of the description
DESCRIPTIONS = (r"(?:newspaper|news agency|press agency|broadcaster|portal|website|news site|outlet|channel|magazine|"
                r"radio station|television station|tv station|tabloid|daily|weekly|news service)\b")
DESCRIBED_RE = re.compile(
    r"(?P<name>(?:[A-Z][\w'’&.-]{0,30}\s){0,5}[A-Z][\w'’&.-]{0,30}|[A-Z]{2,12}),\s+(?P<desc>(?:a|an|the)\s+"
    r"(?:[\w-]{1,20}\s){0,3}" + DESCRIPTIONS + r"(?!['’]s)[^,.;“”\"]{0,40})"
)
# one pass for the description's noun first: DESCRIBED_RE tries up to six words at every capital
DESCRIPTION_RE = re.compile(DESCRIPTIONS)
LIST_CUE_RE = re.compile(
    r"\b(?:reporters|journalists|correspondents|media outlets|outlets|newspapers|broadcasters|media|"
    r"media organi[sz]ations)\s+(?:from|of|including|such as|like|at)\s+(?P<list>[A-Z][^.;:!?()“”\"]{0,300})"
)
# "told the BBC", "according to The Jakarta Post", "NBC News reported": a source named as such
SOURCE_RE = re.compile(
    r"\b(?P<cue>told|according to|reported by|in an interview with|speaking to)\s+(?:the\s+)?"
    r"(?P<name>[A-Z][\w'’&-]{0,30}(?: [A-Z][\w'’&-]{0,30}){0,3})")
REPORTED_RE = re.compile(r"(?:^|[.;,]\s+|\s(?:the|The)\s)(?P<name>[A-Z][\w&'’-]{0,30}(?: [A-Z][\w&'’-]{0,30}){0,3}) (?:reported|reports)\b")
SOURCE_WORDS = MEDIA_WORDS | {"presse", "bulletin"}
# sentence words a capitalised run may start with that no outlet's name does
LEADING_NOISE = {"at", "in", "on", "as", "by", "for", "from", "with", "to", "see", "also", "after", "before",
                 "during", "while", "when", "if", "but", "then", "so", "yet", "both", "meanwhile", "according",
                 "a", "an", "although", "though", "because", "since", "unless", "until", "whether", "once",
                 "where", "whereas", "mr", "mrs", "ms", "dr"}
# a run opening with a count is a phrase ("Twenty CBS-owned TV stations", "The 2004 TV Moments"), not a name
COUNT_RE = re.compile(r"^(?:the\s+)?(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                      r"twenty|thirty|forty|fifty|hundreds|thousands|dozens|several|many)\b", re.IGNORECASE)
# bodies of government and the law: "A Department for Media spokesman", "Hampshire Police"
PUBLIC_BODY_WORDS = {"department", "ministry", "commission", "council", "committee", "police", "court", "parliament",
                     "senate", "assembly", "government", "authority", "regulator", "tribunal"}
WEB_SUFFIX_RE = re.compile(r"^(?:www\.)?(?P<site>[\w-]+)\.(?:com|org|net|info|news|co\.uk|co|org\.uk|ru|fr|de|in)$")
LIST_ITEM_SPLIT_RE = re.compile(r",\s*(?:and\s+)?|\s+and\s+")


def outlet_key(name):
    """The same outlet whatever the name form: case, "the", quotes and company suffixes ignored."""
    name = name.strip().strip("\"“”'‘’").strip()
    name = re.sub(r"^the\s+", "", name, flags=re.IGNORECASE)
    name = CORPORATE_SUFFIX_RE.sub("", name)
    key = " ".join(name.casefold().split())
    site = WEB_SUFFIX_RE.match(key)  # "wikinews.org" is Wikinews
    return site.group("site") if site else key


def looks_like_outlet(name):
    words = lower_words(name)
    if not words or words[-1] in NON_OUTLET_HEADS or outlet_key(name) in SOCIAL_PLATFORMS:
        return False
    if COUNT_RE.match(name) or not PUBLIC_BODY_WORDS.isdisjoint(words):
        return False
    if set(words) <= GENERIC_MEDIA_WORDS:
        return False
    if set(words) & EVENT_WORDS:
        return False
    if media_words(name):
        return True
    return words[-1] == "press" or "media" in words and words[-1] in {"group", "corporation", "network", "media"}


def parse_affiliation(text):
    """``the Philippines' Chinese Commercial News`` → an OutletFact (country, abbreviation, parent)."""
    text = re.split(r",\s", text.strip(), maxsplit=1)[0].strip()
    country = None
    possessive = POSSESSIVE_RE.match(text)
    if possessive and geo.is_country_name(possessive.group("owner")):
        country = geo.country_of(possessive.group("owner"), subdivisions=False)
        text = possessive.group("rest")
    parent = None
    under = UNDER_RE.match(text)
    if under and under.group("child").strip().startswith(("\"", "“")):
        text, parsed_parent = under.group("child"), parse_affiliation(under.group("parent"))
        parent = parsed_parent[0] if parsed_parent else None
    fact = _named(text)
    if fact is None:
        return None
    fact.country = country or fact.country
    if parent:
        fact.parent = parent.name
        fact.country = fact.country or parent.country
        return fact, parent
    return fact, None


# words that say what kind of outlet, or where, but name none: "Local Media", "the Press", "State Media"
GENERIC_MEDIA_WORDS = {"local", "national", "state", "foreign", "international", "social", "mainstream", "western",
                       "independent", "official", "media", "press", "news", "the", "mass", "online", "print"}


def _named(text):
    text = re.sub(r"^the\s+", "", text.strip()).strip()
    abbreviation = ""
    match = ABBREVIATION_RE.match(text)
    if match:
        text, abbreviation = match.group("name").strip(), match.group("abbr")
    name = re.split(r"[.;:!?]\s", text.strip("\"“”'‘’ "))[0].strip().rstrip(".,;:").strip()
    name = name.removesuffix("'s").removesuffix("’s")
    if not name or not name[:1].isupper() or len(name) > 80:
        return None
    if len(name.split()) == 1 and name.lower() in STRONG_MEDIA_WORDS:  # "TV" alone names no outlet
        return None
    if set(lower_words(name)) <= GENERIC_MEDIA_WORDS:  # "Local Media", "Media", "the Press"
        return None
    return OutletFact(name=name, abbreviation=abbreviation, kind=outlet_kind(name), country=_name_country(name))


def _name_country(name):
    """A guess from the outlet's name alone: a country or demonym in it ("China Daily", "Kenyan Times"), else
    a major city it starts with ("Jerusalem Post", "Moscow Times"). Provinces and small towns are not
    used: "Prensa Latina" is no paper of Latina (Italy), "Jerusalem" is a district in two countries."""
    country = geo.country_of(name, subdivisions=False) or geo.country_of(name.replace("-", " "), subdivisions=False)
    if country:
        return country
    words = name.split()
    return next((major_city_country(" ".join(words[:n])) for n in (2, 1) if len(words) > n
                 and major_city_country(" ".join(words[:n]))), None)


def from_affiliation(role, affiliation):
    """The outlet (and its parent) a person's affiliation names, when it is a media outlet."""
    if not affiliation:
        return []
    parsed = parse_affiliation(affiliation)
    if parsed is None:
        return []
    fact, parent = parsed
    journalistic = bool(set(lower_words(role)) & JOURNALIST_ROLES)
    if not (journalistic or looks_like_outlet(fact.name) or (parent and looks_like_outlet(parent.name))):
        return []
    return [f for f in (fact, parent) if f]


MEDIA_HINTS = STRONG_MEDIA_WORDS | {"press", "media"}
LETTERS_RE = re.compile(r"[a-z]+")


def has_media_hint(text):
    """A media word anywhere in ``text`` (a set lookup per word: cheaper than one long alternation)."""
    return not MEDIA_HINTS.isdisjoint(LETTERS_RE.findall(text.lower()))


def in_text(text):
    """Outlets named in running text, with the country a possessive or description gives them."""
    found = []
    sequences = CAP_SEQUENCE_RE.finditer(text) if has_media_hint(text) else ()
    for match in sequences:
        if not has_media_hint(match.group()) or set(lower_words(match.group())) & EVENT_WORDS:
            continue  # "Visit of Latin American and Eurasian Media …" names an event, not an outlet
        for name in _sequence_names(match.group()):
            if looks_like_outlet(name):
                tail = text[match.end():match.end() + 16]
                abbr = re.match(r"\s*\(([A-Z][\w.&-]{1,12})\)", tail)
                _add_named(found, name + (f" ({abbr.group(1)})" if abbr else ""), text[:match.start()])
    for match in DESCRIBED_RE.finditer(text) if DESCRIPTION_RE.search(text) else ():
        fact = _named(match.group("name"))
        if fact and outlet_key(fact.name) not in SOCIAL_PLATFORMS and not geo.is_country_name(fact.name):
            fact.kind = outlet_kind(fact.name, match.group("desc"))
            stated = geo.country_of(match.group("desc"), subdivisions=False)
            fact.country, fact.country_stated = stated or fact.country, bool(stated)
            found.append(fact)
    sources = [*SOURCE_RE.finditer(text)] if re.search(r"\b(?:told|according to|reported by|interview with|speaking to)\b", text) else []
    sources += [*REPORTED_RE.finditer(text)] if " report" in text else []
    for match in sources:
        # "told BBC Radio Scotland's Good Morning Scotland": the owner of a programme is the outlet
        name = re.split(r"['’]s\s", re.sub(r"^The\s+", "", match.group("name")).strip())[0]
        name = name.removesuffix("'s").removesuffix("’s")
        # an acronym is a newsroom when someone "told" it something (told TASS), not when it reports
        acronym = name.isupper() and 2 <= len(name) <= 5 and match.groupdict().get("cue") in {"told", "speaking to"}
        medialike = set(lower_words(name)) & SOURCE_WORDS or name.lower().endswith(("news", "post", "times"))
        if (acronym or medialike) and _without_role(name) and not geo.is_country_name(name) \
                and outlet_key(name) not in SOCIAL_PLATFORMS:
            fact = _named(name)
            if fact:
                found.append(fact)
    for match in LIST_CUE_RE.finditer(text):
        items = [i.strip() for i in LIST_ITEM_SPLIT_RE.split(match.group("list"))]
        names = []
        for item in items:
            if not item[:1].isupper() or len(item.split()) > 6 or geo.is_country_name(item):
                break
            names.append(item)
        if len(names) >= 2 and any(looks_like_outlet(n) for n in names):
            found.extend(fact for fact in map(_named, names) if fact and outlet_key(fact.name) not in SOCIAL_PLATFORMS)
    return found


def _sequence_names(sequence):
    """The outlet names a capitalised run may hold: "Kristen Welker of NBC News" → "NBC News",
    "AP and NBC News" → both, "At Ballot Access News" → without "At"."""
    sequence = re.split(r"[.;:!?]\s", sequence.strip())[0]
    for part in re.split(r"\s+and\s+", sequence):
        words = part.split()
        while words and words[0].lower() in LEADING_NOISE:
            words = words[1:]
        part = " ".join(words)
        programme = re.match(r"^(?P<owner>.+?)['’]s (?P<rest>.+)$", part)
        if programme and not geo.is_country_name(programme.group("owner")) and looks_like_outlet(
                programme.group("owner")):
            part = programme.group("owner")  # "BBC Radio Scotland's Good Morning Scotland": the station
        owner = re.match(r"^(?P<who>[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){1,2}) of (?P<rest>.+)$", part)
        if owner and all(is_name_token(w) for w in owner.group("who").split()):
            part = owner.group("rest")
        part = _without_role(part.removesuffix("'s").removesuffix("’s"))
        if part:
            yield part


def _add_named(found, name, before):
    """An outlet named in running text, with a country from "Poland's …" before or in it."""
    name = re.sub(r"^(?:The|the)\s+(?=[A-Z])", "", name)
    possessive = POSSESSIVE_RE.match(name)
    country = None
    if possessive and geo.is_country_name(possessive.group("owner")):
        name = possessive.group("rest")
        country = geo.country_of(possessive.group("owner"), subdivisions=False)
    fact = _named(name)
    if fact:
        fact.country, fact.country_stated = country or fact.country, bool(country)
        _possessive_country(before, fact)
        found.append(fact)


def _without_role(name):
    """A sequence with a post in it ("Director of International News") is left to the people rules."""
    words = name.lower().split()
    return "" if any(w in ROLE_WORDS or w in TITLE_WORDS for w in words) else name


def _possessive_country(before, fact):
    owner = re.search(r"(?:the\s+)?([A-Z][\w .-]{1,40}?)(?:'s|’s|'|’)\s*$", before[-50:])
    if owner and geo.is_country_name(owner.group(1)):
        fact.country, fact.country_stated = geo.country_of(owner.group(1), subdivisions=False), True


# "State-run Xinhua News Agency": how it is run is said of the outlet, it is not part of its name
OWNERSHIP_PREFIX_RE = re.compile(r"^(?:State|Government|Party|Privately|Publicly|Pro-government)[- ](?:run|owned|"
                                 r"controlled|backed|funded|affiliated)\s+", re.IGNORECASE)
INITIALS_SKIP = {"of", "the", "and", "for", "de", "du", "la", "le", "&"}
# the generic tail of a full name: "Xinhua News Agency" is "Xinhua"
GENERIC_TAILS = {"news", "agency", "press", "service", "wire", "television", "tv", "radio", "network", "group",
                 "media", "corporation", "broadcasting", "channel", "online", "daily", "newspaper"}


def initials(name):
    """"AFP" for "Agence France-Presse", "AP" for "Associated Press"."""
    words = [w for w in re.split(r"[\s-]+", name) if w and w.lower() not in INITIALS_SKIP]
    return "".join(w[0] for w in words if w[0].isupper())


def _same_outlet(short, full):
    """An acronym of a full name's initials, or the full name less its generic tail ("Xinhua")."""
    if short.isupper() and 2 <= len(short) <= 6 and short == initials(full):
        return True
    short_words, full_words = short.split(), full.split()
    return (len(short_words) < len(full_words) and full_words[:len(short_words)] == short_words
            and all(w.lower() in GENERIC_TAILS for w in full_words[len(short_words):]))


def merge_outlets(facts):
    """One fact per outlet, whichever name form (full, abbreviation, "the …", an acronym of its initials,
    its name without the generic tail) each mention used."""
    for fact in facts:
        fact.name = OWNERSHIP_PREFIX_RE.sub("", fact.name) or fact.name
    merged = _merge_by_key(facts)
    for short in [f for f in merged if f.kind != "organisation"]:
        full = next((f for f in merged if f is not short and f.kind != "organisation"
                     and len(f.name) > len(short.name) and _same_outlet(short.name, f.name)), None)
        if full is None:
            continue
        if short.name.isupper() and not full.abbreviation:
            full.abbreviation = short.name
        elif short.name != full.abbreviation:
            full.aliases.append(short.name)
        for attr in ("country", "parent"):
            if not getattr(full, attr) and getattr(short, attr):
                setattr(full, attr, getattr(short, attr))
        if short.country_stated and not full.country_stated:
            full.country, full.country_stated = short.country, True
        if full.kind == "other":
            full.kind = short.kind
        merged.remove(short)
    return merged


def _merge_by_key(facts):
    merged, by_key = [], {}
    for fact in facts:
        keys = {outlet_key(name) for name in fact.names()}
        existing = next((by_key[k] for k in keys if k in by_key), None)
        if existing is None:
            merged.append(fact)
            existing = fact
        else:
            if len(fact.name) > len(existing.name) and outlet_key(fact.name) != outlet_key(existing.name):
                existing.aliases.append(existing.name)
                existing.name = fact.name
            for attr in ("abbreviation", "country", "parent"):
                if not getattr(existing, attr) and getattr(fact, attr):
                    setattr(existing, attr, getattr(fact, attr))
            if fact.country_stated and not existing.country_stated:  # "…, the Cuban news agency" beats a guess
                existing.country, existing.country_stated = fact.country, True
            if existing.kind == "other":
                existing.kind = fact.kind
        for key in {outlet_key(name) for name in existing.names()}:
            by_key[key] = existing
    return merged


# nouns a body is referred to by once named; the first group stands for any body (the last one quoted),
# the second for a body with that word in its name ("the ministry" is the Ministry of Commerce)
ANY_BODY_NOUNS = {"company", "firm", "business", "group", "organisation", "organization", "carrier", "airline",
                  "operator", "retailer", "manufacturer", "developer", "statement", "filing", "release",
                  "announcement", "club", "broadcaster", "newspaper", "paper", "publisher", "network", "charity"}
NAMED_BODY_NOUNS = {"ministry", "department", "party", "council", "court", "agency", "police", "army",
                    "government", "committee", "commission", "union", "bank", "board", "university", "hospital",
                    "service", "office", "authority", "federation", "association", "embassy", "institute",
                    "regulator", "watchdog", "tribunal", "navy", "league", "foundation", "fund", "bureau", "centre",
                    "center", "school", "college", "team", "church", "consulate", "secretariat", "directorate"}
# the last word of a body's name ("Toronto Police", "Aam Aadmi Party", "Andes Ridge Resources") or its first
# before "of" ("Ministry of Commerce", "Court of Session")
BODY_HEADS = NAMED_BODY_NOUNS | {
    "company", "corporation", "corp", "inc", "ltd", "plc", "llc", "group", "airlines", "airways", "railway",
    "railways", "holdings", "partners", "resources", "industries", "consortium", "alliance", "coalition", "charity",
    "society", "cooperative", "assembly", "parliament", "senate", "congress", "cabinet", "administration",
    "forces", "force", "guard", "command", "organisation", "organization", "trust", "network",
}


BODY_NOUN = r"(?P<noun>" + "|".join(sorted(ANY_BODY_NOUNS | NAMED_BODY_NOUNS, key=len, reverse=True)) + r")"
# "the company", "The state-run carrier", "the city council": a definite noun phrase ending in a body noun
ROLE_NOUN_RE = re.compile(r"^\s*(?:(?:But|And|However|Meanwhile|Later|Earlier|Instead|Separately),?\s+)?"
                          r"[Tt]he\s+(?:[a-z][\w-]*\s+){0,2}?" + BODY_NOUN + r"(?:['’]s\s+[a-z]+)?\b"
                          r"(?!\s+(?:of|for|at|in)\s+[A-Z])")
SENTENCE_STOP_RE = re.compile(r"(?<=[a-z]{2})\.\s")  # "Ministry of Harbours. The …": a name ends with its sentence
ARTICLE_RE = re.compile(r"^(?:[Tt]he|An?)\s+")
WHICH_RE = re.compile(r",\s+which\b")


def body_name(written):
    """``written`` as an organisation's name, or "": a capitalised name with an organisation word, an acronym
    ("CBCP", "NHC") or a news outlet ("The Aviation Herald", "Daily Hive")."""
    name = ARTICLE_RE.sub("", SENTENCE_STOP_RE.split(written)[0].strip(" .,")).strip()
    if name.isupper() and name.isalpha() and 2 <= len(name) <= 10:
        return name
    if len(name.split()) < 2 or named_people(name) and not looks_like_outlet(name):
        return ""
    # the organisation word heads the name: "Toronto Police", "Aam Aadmi Party", "Ministry of Commerce"
    head = re.split(r"\s+(?:of|for|on)\s+", name)[0].split()[-1].lower()
    return name if head in BODY_HEADS or looks_like_outlet(name) else ""


def first_body_in(text):
    """The first organisation named in ``text`` (a sentence's subject comes first), or "": a name that
    :func:`body_name` takes, or any capitalised name followed by ", which" (a person is "who")."""
    for match in CAP_SEQUENCE_RE.finditer(text):
        name = body_name(match.group())
        if not name and WHICH_RE.match(text, match.end()) and not text[:match.start()].strip():  # the subject
            name = match.group().strip(" .,").removeprefix("The ")
        if name:
            return name
    return ""


def body_around(text, offset):
    """The organisation's name whose capitalised run holds ``offset`` ("Harbours" in "The Ministry of Harbours
    said"), or ""."""
    for match in CAP_SEQUENCE_RE.finditer(text, max(0, offset - 80), offset + 80):
        if match.start() <= offset < match.end():
            return body_name(match.group())
    return ""


# a company's ownership set after its name: ", controlled by Andes Ridge Resources,", ", a unit of Harbour Holdings,"
OWNED_AFTER_RE = re.compile(r"\s*,\s+(?:(?:a\s+)?(?:wholly[\s-]|majority[\s-])?(?:owned|controlled)\s+by|"
                            r"(?:a|the)\s+(?:[a-z]+\s+)?(?:subsidiary|unit|division|affiliate)\s+of)\s+[A-Z]")


def owned_body(text, end):
    """Whether the name ending at ``end`` is followed by its owner ("Minera Cerro Blanco, controlled by Andes
    Ridge Resources, said"): a company is owned or controlled, a person is not, whatever their name looks like."""
    return OWNED_AFTER_RE.match(text, end) is not None
