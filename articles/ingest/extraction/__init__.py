"""Extraction: outlets, people, quotes, delegations, countries and dates from
a cleaned document. ``extract(document)`` is a pure function of its input.

May import: the ingest's text helpers (document, dates, geo, places, language) and its own steps — never the models,
the database or the search index.
"""
import datetime
import re

from .. import geo
from . import arabic, chinese, russian
from ..places import city_country
from ..dates import context_year, date_in_address, find_dates
from ..document import CleanDocument
from ..language import language_of
from .bylines import authors_of
from .delegations import delegations as find_delegations
from .visits import leader_named
from .facts import Extraction, OutletFact, PersonFact
from .names import People
from .outlets import from_affiliation, in_text, merge_outlets, outlet_key
from .people import NATIONAL_RE, introductions
from .speakers import add_named_speakers, quotes_with_speakers
from .vocabulary import JOURNALIST_ROLES, lower_words, outlet_kind

__all__ = ["extract", "Extraction"]
# Far beyond any article (about 50,000 words): a longer file is a book, a dump or a list, and only its
# beginning is read for people and quotes, so one odd file cannot make thousands of records or stall a run.
MAX_EXTRACTED_CHARS = 300_000


def _bounded(blocks):
    """The blocks extraction reads, and a review reason when the rest was left out."""
    total = 0
    for count, text in enumerate(blocks):
        total += len(text)
        if total > MAX_EXTRACTED_CHARS:
            return blocks[:count], [f"too long to be one article ({sum(map(len, blocks)):,} characters): "
                                    f"people and quotes taken from its first {count} paragraphs only"]
    return blocks, []


# Periods that split a name for the name finder: "Mr. Brown", "Sen. Ann Lee", "John Q. Public"; and a nickname
# in quotation marks inside a name: 'Rep. Samuel "Sam" Oduya' (US papers write them so), which is no quote. The
# name finder reads the blocks without them; quote offsets are mapped back to the text as written.
NAME_DOT_RE = re.compile(r"\b(?:Mr|Mrs|Ms|Mx|Dr|Prof|Sen|Rep|Gov|Gen|Col|Capt|Lt|Sgt|Rev|Hon|Supt|Insp)(\.)(?= [A-Z])"
                         r"|\b[A-Z][a-z]+ [A-Z](\.)(?= [A-Z][a-z])|\b[A-Z][a-z]+ (?:Jr|Sr)(\.)(?=,? [a-z(])"
                         r"|\b[A-Z][a-z]{1,20}( [\"“][A-Z][a-z]{1,15}[\"”])(?= [A-Z][a-z])")


def without_name_dots(text):
    """``text`` without what splits names (see NAME_DOT_RE), and for each of its characters the original
    offset (None when nothing was taken out)."""
    cuts = [next(match.span(g) for g in (1, 2, 3, 4) if match.group(g)) for match in NAME_DOT_RE.finditer(text)]
    if not cuts:
        return text, None
    pieces, kept, previous = [], [], 0
    for start, end in cuts:
        pieces.append(text[previous:start])
        kept.extend(range(previous, start))
        previous = end
    pieces.append(text[previous:])
    kept.extend(range(previous, len(text) + 1))
    return "".join(pieces), kept


def extract(document: CleanDocument) -> Extraction:
    written, review_reasons = _bounded([block.text for block in document.body_blocks()])
    readable = [without_name_dots(text) for text in written]
    blocks = [text for text, _ in readable]
    people, outlet_facts = People(), []

    for index, text in enumerate(blocks):
        for _, _span, fact, description in introductions(index, text):
            person = people.add(fact)
            named = from_affiliation(fact.role, fact.affiliation)
            if named:
                if description:
                    named[0].kind = outlet_kind(named[0].name, description)
                    named[0].country = geo.country_of(description, subdivisions=False) or named[0].country
                person.outlet = person.outlet or named[0].name
                outlet_facts.extend(named)
        outlet_facts.extend(in_text(text))
    for name, default_kind in ((document.publisher, "online"), (document.distributor, "distributor")):
        if name:
            kind = outlet_kind(name)
            outlet_facts.append(OutletFact(name=name, kind=default_kind if kind == "other" else kind))

    for name in authors_of(document.author):  # the byline's people, linked to the article as its authors
        people.add(PersonFact(name=name, role="author"))
    # Russian inflects its names, Chinese writes no spaces, Arabic has no capitals: each has its own rules
    by_script = _by_script(blocks)
    if by_script:
        quotes, named = by_script.quotes_and_people(blocks)
        for person in named:
            people.add(person)
        sources = []
    else:
        add_named_speakers(blocks, people, document.title)
        people.find_mentions(blocks)
        people.learn_genders()
        quotes, sources = quotes_with_speakers(blocks, people, document.title)
    known = {outlet_key(o.name) for o in outlet_facts}
    outlet_facts.extend(OutletFact(name=name, kind="organisation") for name in sources if outlet_key(name) not in known)
    _nationals(blocks, people)

    outlets = merge_outlets(outlet_facts)
    _settle_countries(people, outlets)
    _local_officials(people, document, blocks)
    published, date_source = _publication_date(document, blocks)
    delegation_facts = find_delegations(blocks, dateline=document.dateline, title=document.title,
                                        published=published)
    _members(delegation_facts, people)

    _restore_initials(people, quotes, written)
    extraction = Extraction(
        outlets=outlets, people=list(people.facts.values()), quotes=quotes, delegations=delegation_facts,
        review_reasons=review_reasons,
    )
    by_key = {outlet_key(name): o.name for o in outlets for name in o.names()}
    for quote in quotes:
        speaker = people.facts.get(quote.speaker)
        if speaker:
            quote.outlet = speaker.outlet
        elif quote.outlet:  # a body's words: the outlet or organisation record it merged into
            quote.outlet = by_key.get(outlet_key(quote.outlet), quote.outlet)
        offsets = readable[quote.block][1]
        if offsets:  # back to the text as written
            quote.start, quote.end = offsets[quote.start], offsets[quote.end]
            quote.text = written[quote.block][quote.start:quote.end].strip()
    codes = covered_countries(document, blocks)
    codes += [o.country for o in outlets] + [p.country for p in extraction.people]
    codes += [c for d in delegation_facts for c in d.countries]
    extraction.countries = list(dict.fromkeys(c for c in codes if c))
    extraction.published, extraction.date_source = published, date_source
    # told here, where the text is being read (a worker process in a large ingest), not in the storing
    extraction.language = language_of(f"{document.title}\n\n{document.body_text()}", document.declared_language)
    return extraction


OTHER_SCRIPTS_RE = re.compile(r"[\u0400-\u04ff\u0600-\u06ff\u3400-\u9fff]")


def _by_script(blocks):
    """The module reading quotes in the text's script, or None for the Latin alphabet (most articles: told by
    one regular-expression pass over the opening, a twentieth of the time the three tests took)."""
    if len(OTHER_SCRIPTS_RE.findall(" ".join(blocks)[:2000])) < 20:
        return None
    return next((module for module, test in ((russian, russian.is_cyrillic), (chinese, chinese.is_chinese),
                                             (arabic, arabic.is_arabic)) if test(blocks)), None)


def _restore_initials(people, quotes, written):
    """A name read without its periods ("John Q Public", "Ann Lee Jr") as the text writes it ("John Q. Public",
    "Ann Lee Jr.")."""
    text = "\n".join(written)
    for name in [n for n in people.facts if re.search(r" [A-Z] | (?:Jr|Sr)$", n)]:
        dotted = re.sub(r" ([A-Z]) ", r" \1. ", name) + ("." if name.endswith((" Jr", " Sr")) else "")
        if dotted in text and dotted not in people.facts:
            fact = people.facts.pop(name)
            fact.name = dotted
            people.facts[dotted] = fact
            for quote in quotes:
                if quote.speaker == name:
                    quote.speaker = dotted


def _nationals(blocks, people):
    """``Tomisaka, a Japanese national`` gives that person a country."""
    for index, text in enumerate(blocks):
        for match in NATIONAL_RE.finditer(text):
            before = re.search(r"([A-Z][\w'’-]+)\s*,\s*$", text[:match.start()])
            if before:
                name = people.resolve_written(before.group(1), index, before.start())
                if name and not people.facts[name].country:
                    people.facts[name].country = geo.country_of(match.group("demonym"), subdivisions=False)


LOCAL_OFFICES = {"mayor", "governor", "sheriff", "councillor", "councilor", "municipal", "provincial", "county",
                 "police", "township", "district", "prefecture"}


def _article_place(document, blocks):
    """The country the article is set in: its dateline's, else the one its headline and lead name first."""
    lead = " ".join([document.dateline, document.title, *blocks[:1]])
    return geo.country_of(lead, subdivisions=True)


def _local_officials(people, document, blocks):
    """A mayor, governor or sheriff with no other cue serves where the article is set."""
    officials = [person for person in people.facts.values() if not person.country
                 and set(lower_words(f"{person.role} {person.affiliation}")) & LOCAL_OFFICES]
    place = _article_place(document, blocks) if officials else None
    for person in officials:
        person.country = place


def _settle_countries(people, outlets):
    by_key = {outlet_key(name): o for o in outlets for name in o.names()}
    for person in people.facts.values():
        outlet = by_key.get(outlet_key(person.outlet)) if person.outlet else None
        if outlet:
            person.outlet = outlet.name
        if not person.country:
            person.country = (outlet.country if outlet else None) or geo.country_of(
                f"{person.affiliation} {person.role}", subdivisions=True)
    for outlet in outlets:
        if not outlet.country:
            parent = by_key.get(outlet_key(outlet.parent)) if outlet.parent else None
            staff = {p.country for p in people.facts.values() if p.outlet == outlet.name and p.country}
            outlet.country = (parent.country if parent else None) or (staff.pop() if len(staff) == 1 else None)


def _members(delegations, people):
    journalists = [p for p in people.facts.values() if set(lower_words(p.role)) & JOURNALIST_ROLES]
    tours = [d for d in delegations if d.kind == "press_tour"]
    for fact in delegations:
        fact.leader = leader_named(fact.leader, people.facts)
        if fact.kind == "press_tour":
            # several tours in one article: which journalist joined which is not stated
            members = journalists if len(tours) == 1 else []
        else:
            members = [p for p in people.facts.values() if p not in journalists and p.role]
        fact.people = [p.name for p in members]
        fact.outlets = list(dict.fromkeys(p.outlet for p in members if p.outlet))
        if not fact.countries:  # the group as described names its countries; else its members' tell
            member_countries = [p.country for p in members if p.country and p.country != fact.host_country]
            fact.countries = list(dict.fromkeys(member_countries))


PLACE_PHRASE_RE = re.compile(r"(?:\b(?:in|at|near)|,)\s+([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})\b(?!\s+[A-Z])")
US_RE = re.compile(r"\bUS\b")


def covered_countries(document, blocks):
    """The countries an article is about: its dateline's city, and the countries, regions and provinces its
    title and lead name ("Bangladesh reports five new deaths", "in Christchurch District Court, New Zealand"),
    before those of the people and outlets it quotes."""
    text = f"{document.title}\n{blocks[0] if blocks else ''}"
    codes = [city_country(document.dateline)] if document.dateline else []
    codes += geo.countries_in(text, subdivisions=False)
    if US_RE.search(text):  # "US" folds to the pronoun "us", which names no country
        codes.append("US")
    # a province, state or city counts where it is written as a place, whole ("in California", "Fort
    # Lauderdale, Florida"): many are words or parts of names too ("Male", the "Cross" of Holy Cross Hospital)
    for place in PLACE_PHRASE_RE.findall(text):
        codes.append(geo.subdivision_country(place) or city_country(place))
    return [code for code in codes if code]


LEAD_CHARS = 1_500  # the lead's share read for its date
# a date the lead measures from or to ("the highest level since 13 July", "open until 2 May"), or a past it
# recalls ("founded on 3 March 1982"), is not when its news happened
OTHER_TIME_BEFORE_RE = re.compile(r"\b(?:since|until|till|before|after|from|between|ahead of|as of|through|by|"
                                  r"starting|beginning|ending|expires?|due|founded|established|born|built|created|"
                                  r"formed|died)\s+(?:the\s+|on\s+|in\s+)?$", re.IGNORECASE)


def _publication_date(document, blocks):
    """(date, source): the date the page states, else the lead's (inferred), else its address's, else none."""
    if document.published:
        return document.published, document.date_source
    # a date in the lead is the event's; the article appeared then or soon after. A date without its year
    # takes one only from the lead itself ("From October 3rd to 6th … Expo 2024"): the year the whole text
    # mentions most was years off ("the December 31 attack" in a 2020 article about sanctions of 2011).
    # (its first LEAD_CHARS: a text without paragraph breaks is one block, and a date further on is no lead's)
    lead = blocks[0][:LEAD_CHARS] if blocks else ""
    dates = [d for d in find_dates(lead, default_year=context_year(lead))
             if d.date <= datetime.date.today() and not OTHER_TIME_BEFORE_RE.search(lead, 0, d.start)]
    if dates:
        first = dates[0]
        return first.end_date or first.date, "inferred"
    from_address = date_in_address(document.source_url)
    if from_address:
        return from_address, "address"
    return None, "unknown"
