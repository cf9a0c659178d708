"""Press tours and delegations: a named tour ("… Discover X Tour"), a "Visit of
… Media to …", a quoted tour title, or a place's delegation at a congress session.
"""
import re

from .. import geo
from ..dates import context_year, find_dates
from .facts import DelegationFact
from .spans import quote_spans
from .visits import SHOW_OR_SPORT, place_of, visits

TOKEN_RE = re.compile(r"“[^”]{1,120}”|\"[^\"]{1,120}\"|[\w@][\w@'’.&-]*|[–—:-]|[^\w\s]")
CONNECTORS = {"and", "of", "to", "the", "in", "for", "on", "with", "a", "&"}
ANCHORS = {"Tour": "press_tour", "Visit": "press_tour", "Trip": "press_tour"}
PLACE_DELEGATION_RE = re.compile(r"\b(?:the\s+)?(?P<place>[A-Z][\w-]{2,30}(?: [A-Z][\w-]{2,30}){0,2}) (?:[A-Z]{2,6} )?(?i:delegation)\b")
SESSION_RE = re.compile(
    r"(?P<session>(?:the\s+)?(?:\w+\s+){0,2}session of the [\w'’ ]{3,60}?(?:Congress|Assembly|Parliament|Conference))"
)
ORGANISER_RES = [
    re.compile(r"organi[sz]ed by (?:the )?(?P<org>[A-Z][\w'’&-]*(?: (?:of |and |for |the )?[A-Z][\w'’&-]*){0,8})"),
    re.compile(r"(?:the )?(?P<org>[A-Z][\w'’&-]*(?: (?:of |and |for |the )?[A-Z][\w'’&-]*){1,8}) (?:organi[sz]ed|hosted|launched|sponsored)\b"),
]
SIZE_RE = re.compile(
    r"\b(?P<size>\d[\d,]{0,6}\s+(?:[\w-]{1,25}\s+){0,4}?(?:journalists|reporters|media organi[sz]ations|media outlets|"
    r"outlets|correspondents|media workers|media professionals|bloggers)\s+(?:from|representing)\s+[^.;]{0,90}?"
    r"(?:countries(?: and regions)?|regions|organi[sz]ations))"
)
# "media outlets from Belarus, Kazakhstan and Uzbekistan", "representing 20 Latin America … countries"
ORIGINS_RE = re.compile(
    r"\b(?:journalists|reporters|media|outlets|organi[sz]ations|professionals|correspondents|bloggers|delegat\w+)\b"
    r"[^.;]{0,40}?\b(?:from|representing)\s+(?P<places>[^.;]{0,120})", re.IGNORECASE,
)
PLACE_TO_RE = re.compile(r"\bto ([A-Z][\w-]+(?: and [A-Z][\w-]+)?)\s*$")


def _name_around(tokens, index):
    """Walk out from an anchor token over a title-case name: back to its start, on to "to Place"."""
    start = index
    while start > 0:
        token = tokens[start - 1]
        if token[:1] in "“\"" or token[:1].isupper() or token[:1].isdigit() or token[:1] == "@" or token in "–—:-":
            start -= 1
        elif token in CONNECTORS and start > 1 and (tokens[start - 2][:1].isupper() or tokens[start - 2][:1] in "”\""):
            start -= 1
        else:
            break
    end = index + 1
    while end < len(tokens):
        token = tokens[end]
        nxt = tokens[end + 1] if end + 1 < len(tokens) else ""
        if token in CONNECTORS and nxt[:1].isupper():
            end += 2
        elif token[:1].isupper() and end > index + 1:
            end += 1
        else:
            break
    while start < index and (tokens[start] in CONNECTORS or tokens[start] in {"The", "A", "An"} or tokens[start] in "–—:-"):
        start += 1
    return tokens[start:end]


def _join(tokens):
    text = " ".join(tokens)
    return re.sub(r"\s+([,:])", r"\1", text).strip()


def named_delegations(blocks):
    """(name, kind, block index) for every named tour or visit in the body."""
    found = []
    for index, text in enumerate(blocks):
        quoted = [span for span in quote_spans(text)]
        for span in quoted:
            words = span.text.split()
            titled = sum(w[:1].isupper() for w in words) >= len(words) / 2  # a title, not someone's sentence
            if (words and any(w.strip(".,") in ANCHORS for w in words) and 3 <= len(words) <= 12 and titled
                    and not SHOW_OR_SPORT.search(f"{span.text} {text}")):
                found.append((span.text.strip(), "press_tour", index))
        tokens = TOKEN_RE.findall(text) if any(anchor in text for anchor in ANCHORS) else ()
        for position, token in enumerate(tokens):
            if token not in ANCHORS:
                continue
            name_tokens = _name_around(tokens, position)
            if token == "Visit" and (len(name_tokens) < 4 or name_tokens[-1] == "Visit"):
                continue
            if len(name_tokens) < 3:
                continue
            name = _join(name_tokens)
            if any(name in q.text for q in quoted) or SHOW_OR_SPORT.search(f"{name} {text}"):
                continue  # someone's words, or a band's, a golfer's or a game's tour
            found.append((name, ANCHORS[token], index))
    return found


def place_delegation(text, title=""):
    """``the Chongqing delegation`` at ``the second session of the 14th National People's Congress``."""
    session = SESSION_RE.search(text) if "session of the" in text else None
    if not session:
        return None
    counts = {}
    for match in PLACE_DELEGATION_RE.finditer(f"{title}\n{title}\n{text}"):
        place = re.sub(r"^The\s+", "", match.group("place"))
        if geo.country_of(place, subdivisions=True):
            counts[place] = counts.get(place, 0) + 1
    if not counts:
        return None
    place = max(counts, key=counts.get)
    event = re.sub(r"^the\s+", "", session.group("session"))
    return DelegationFact(name=f"{place} delegation at the {event}", kind="official", location="")


def _same(a, b):
    a, b = a.casefold(), b.casefold()
    return a == b or a.endswith(b) or b.endswith(a)


def delegations(blocks, *, dateline="", title="", published=None):
    """The visits an article reports: its named tours, described further by the visit sentences (see
    :mod:`.visits`), else those visits; ``published`` dates a visit the text leaves undated."""
    text = "\n\n".join(blocks)
    year = context_year(text) or (published.year if published else None)
    facts = []
    for name, kind, index in named_delegations(blocks):
        existing = next((f for f in facts if _same(f.name, name)), None)
        if existing:
            if len(name) > len(existing.name):
                existing.name = name
            continue
        fact = DelegationFact(name=name, kind=kind)
        _describe(fact, blocks[index], year)
        nearby = " ; ".join(m.group("places") for b in blocks[index:index + 2] for m in ORIGINS_RE.finditer(b))
        fact.countries, fact.regions = geo.countries_in(nearby), geo.regions_in(nearby)
        facts.append(fact)
    official = place_delegation(text, title)
    if official:
        session_block = next((b for b in blocks if "session of the" in b), blocks[0] if blocks else "")
        _describe(official, session_block, year)
        official.location = official.location or dateline
        facts.append(official)
    for fact in facts:
        size = SIZE_RE.search(text)
        fact.stated_size = size.group("size") if size else ""
        fact.location = fact.location or dateline
    return _with_visits(facts, visits(blocks, dateline=dateline, year=year, published=published,
                                       title=title))


def _with_visits(named, events):
    """The named tours, described further by the visits the text reports, and the visits no name covers.

    A named tour is the visit its article reports: the first visit's description (host, leader, itinerary,
    dates) fills what the name left open. Visits without a name get the one a reader would use."""
    if named:
        for fact in named:
            for event in events[:1]:
                _fill(fact, event)
            if not fact.host_country and fact.location:
                fact.host_city, fact.host_region, fact.host_country = place_of(fact.location)
        return named
    for event in events:
        event.name = visit_name(event)
    return events


def _fill(fact, event):
    for name in ("visitors", "leader", "host_city", "host_region", "host_country", "host_organisation",
                 "date_basis", "sieve", "start", "end", "organiser", "stated_size"):
        if not getattr(fact, name) and getattr(event, name):
            setattr(fact, name, getattr(event, name))
    fact.itinerary = fact.itinerary or event.itinerary
    fact.evidence = fact.evidence or event.evidence
    fact.countries = fact.countries or event.countries


KIND_NAMES = {"press_tour": "press tour", "parliamentary": "parliamentary delegation", "business": "business delegation",
              "military": "military delegation", "cultural_academic": "delegation", "official": "delegation",
              "other": "delegation"}


def visit_name(fact):
    """"Omani business delegation to Duqm, March 2019": who, what, where to and when, as far as known."""
    who = ", ".join(geo.DEMONYM_OF.get(code, code) for code in fact.countries[:3])
    what = KIND_NAMES.get(fact.kind, "delegation")
    place = fact.host_city or fact.host_region or geo.country_name(fact.host_country) or ""
    name = " ".join(part for part in (who, what) if part)
    name = name[:1].upper() + name[1:]
    if place:
        name += f" to {place}"
    if fact.start:
        name += f", {fact.start:%B %Y}"
    return name[:200]


def _describe(fact, paragraph, year):
    for pattern in ORGANISER_RES:
        match = pattern.search(paragraph)
        if match and not geo.is_country_name(match.group("org")):
            fact.organiser = match.group("org").strip()
            break
    dates = find_dates(paragraph, default_year=year)
    if dates:
        fact.start = dates[0].date
        fact.end = dates[0].end_date or dates[0].date
    place = PLACE_TO_RE.search(fact.name)
    if place:
        fact.location = place.group(1)
