"""Extraction: outlets, people, quotes, delegations, countries and dates from
a cleaned document. ``extract(document)`` is a pure function of its input.

May import: the ingest's text helpers (document, dates, geo, places) and its own steps — never the models,
the database or the search index.
"""
import datetime
from bisect import bisect_right
from dataclasses import dataclass, field
import re

from .. import geo
from . import arabic, chinese, russian
from ..places import city_country
from ..dates import context_year, date_in_address, find_dates
from ..document import CleanDocument
from .bodies import Bodies, agent_as, body_source
from .bylines import authors_of
from .interviews import interview_speaker, labelled_speaker, turns as interview_turns
from .delegations import delegations as find_delegations
from .visits import leader_named
from .facts import Extraction, OutletFact, PersonFact, QuoteFact
from .firstnames import first_name_gender
from .names import NAME_PARTICLES, People, is_initial, is_name_token, is_title_token, name_spans, named_people
from .outlets import body_around, from_affiliation, in_text, merge_outlets, outlet_key
from .people import NATIONAL_RE, introductions, is_place_name
from .quotes import Organisation, attribution, is_speech, organisation_in, previous_sentence_subject
from .spans import quote_spans
from .vocabulary import FEMALE_WORDS, JOURNALIST_ROLES, MALE_WORDS, STOP_WORDS, TITLE_WORDS, lower_words, outlet_kind

__all__ = ["extract", "Extraction"]
PRONOUNS = {"he", "she"}
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
        _add_named_speakers(blocks, people, document.title)
        people.find_mentions(blocks)
        people.learn_genders()
        quotes, sources = _quotes(blocks, people, document.title)
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


# a work named by its title in an appositive: "The report, Bitter Margins, found …"
WORK_BEFORE_RE = re.compile(r"\b(?:report|study|survey|book|novel|film|paper|album|documentary|programme|program|"
                            r"document|review|letter|statement|memoir|song|play|series|podcast)\s*,\s*$",
                            re.IGNORECASE)


def _add_named_speakers(blocks, people, title=""):
    """Names written next to a speech verb are people even without a stated role.

    A lone surname ("Pelosi told") means the nearest earlier full name with
    that part ("Nancy Pelosi yesterday…", the headline counting as earliest);
    a title before it ("President Trump") makes a lone name a person too.
    """
    by_part = {}
    for index, text in [(-1, title), *enumerate(blocks)]:
        for span in name_spans(text):
            for part in span.name.split():
                by_part.setdefault(part, []).append((index, span.start, span.name))
    for index, text in enumerate(blocks):
        for quote in quote_spans(text):
            if not is_speech(quote, text):
                continue
            written = attribution(quote, text) or previous_sentence_subject(quote, text)
            if written and written[0] and written[0].lower() in PRONOUNS:
                if not _add_introduced_subject(blocks, index, quote.open_at, people, written[0]):
                    _add_named_by_gender(blocks, index, quote.open_at, people, written[0])
                continue
            if not written or not written[0] or isinstance(written[0], Organisation):
                continue
            inner = name_spans(written[0])
            who = inner[-1].name if inner else written[0]
            parts = who.split()
            while len(parts) > 1 and is_title_token(parts[0]):  # "Mr Brown", "Sen Lee": the surname of someone
                parts = parts[1:]
            if len(parts) >= 2 and all(is_name_token(p) or is_initial(p) or p in NAME_PARTICLES
                                       for p in parts[1:-1]) and (
                    is_name_token(parts[0]) and is_name_token(parts[-1])):
                if is_place_name(who) or re.search(r"\w['’]s\b", who):
                    continue  # "Hong Kong", "People's Vote" before a verb: a place or a body, no person
                if WORK_BEFORE_RE.search(text, 0, max(0, written[1])) and text.startswith(
                        ",", written[1] + len(written[0])):
                    continue  # "The report, Bitter Margins, found …": a work's title, no person ("In a
                    # statement, Ann Lee said" is someone)
                if not people.resolve_name(who):
                    people.add(PersonFact(name=who, role=inner[-1].title if inner else ""))
                continue
            if len(parts) != 1 or not (is_name_token(parts[0]) or parts[0] in by_part) or people.resolve_written(
                    who, index, quote.start):  # ("May said" is Theresa May's, named in full before)
                continue
            candidates = by_part.get(parts[0], [])
            earlier = candidates[:bisect_right(candidates, (index, quote.start, "\uffff"))]
            if earlier:
                people.add(PersonFact(name=earlier[-1][2]))
            elif _titled(blocks, parts[0]):
                people.add(PersonFact(name=parts[0], role=_titled(blocks, parts[0])))


SENTENCE_RE = re.compile(r"[^.!?]+(?:[.!?]+[\"”’]?|$)")
# a sentence that opens on someone: "Emma Caufield talked …", "Another voice actor, Lauren Landa, would …",
# "Actor Brendan Fraser's appearance …" — a few lower-case or title words at most before the name
SUBJECT_LEAD_RE = re.compile(r"^\s*(?:(?:[A-Z][a-z]+|[a-z]+)(?:\s+[a-z]+){0,3},?\s+)?$")


def _add_introduced_subject(blocks, index, position, people, pronoun):
    """The person a "he"/"she" before a quote means when nobody introduced them: the full name a nearby
    sentence opens on, followed by its verb or a comma ("John Hutchinson, an evolutionary biologist,
    questioned the findings … “…,” he told"), unless their first name is the other gender's. Places, bodies
    and names in quotes are no one. Whether such a sentence was found."""
    wanted = "f" if pronoun.lower() == "she" else "m"
    for text in (blocks[index][:position], blocks[index - 1] if index else ""):
        for sentence in list(reversed(SENTENCE_RE.findall(text)))[:2]:
            names = [n for n in name_spans(sentence) if not is_place_name(n.name)]
            if not names or not SUBJECT_LEAD_RE.match(sentence[:names[0].start]):
                continue
            if first_name_gender(names[0].name.split()[0]) not in (wanted, None):
                return False  # "John Smith and Ann Lee spoke. “…,” she said": the opening name is not hers
            after = sentence[names[0].end:names[0].end + 3]
            if not re.match(r"(?:['’]s\b|,|\s+[a-z])", after) or people.resolve_name(names[0].name):
                return True
            people.add(PersonFact(name=names[0].name, role=names[0].title))
            return True
    return False


def _add_named_by_gender(blocks, index, position, people, pronoun):
    """The person a "he"/"she" means when no sentence opens on them: the nearest full name before it, in its
    paragraph or the three before (as far as a pronoun reaches), whose first name name registers give to the
    pronoun's gender ("Every morning at 3.40, for forty years, Dafydd Pritchard has switched on the ovens …
    “…,” he said"), passing over names of the other gender ("Ann Lee is a nurse. Her husband, John Smith, …
    “…,” she said"). A first name of either gender or of none, a place or a name inside a quote is no one."""
    wanted = "f" if pronoun.lower() == "she" else "m"
    for block, end in ((index, position), *((earlier, None) for earlier in range(index - 1, index - 4, -1))):
        if block < 0:
            return
        text = blocks[block][:end]
        quoted = [(span.open_at, span.close_at) for span in quote_spans(blocks[block])]
        candidates = [(name.start, name.name, name.title, first_name_gender(name.name.split()[0]))
                      for name in named_people(text) if not is_place_name(name.name)]
        candidates += _titled_lone_names(text)
        for nearest, (start, name, title, gender) in enumerate(sorted(candidates, reverse=True)):
            if any(open_at < start < close_at for open_at, close_at in quoted):
                continue
            # a title that tells no gender ("President Trump") fits when it is the nearest name of all
            if gender == wanted or (gender is None and " " not in name and nearest == 0 and block == index):
                if not people.resolve_name(name) and not people.bears_part(name):  # "Captain Rochester" is
                    people.add(PersonFact(name=name, role=title))  # the Monica Rochester named before
                return


# "President Trump", "Pope Francis", "Queen Elizabeth": a title and one name, no name word after it
# (an owner, "Mr Ebbeson's company", is talked about, not talking)
TITLED_LONE_RE = re.compile(r"\b(?P<title>[A-Z][a-z]+) (?P<name>[A-Z][a-z-]+)\b(?! [A-Z]|['’])")


def _titled_lone_names(text):
    """(start, name, title, gender the title tells or None) of each lone name a title stands before."""
    found = []
    for match in TITLED_LONE_RE.finditer(text):
        title, name = match.group("title"), match.group("name")
        if title.lower() in TITLE_WORDS and is_name_token(name) and not is_title_token(name):
            lowered = title.lower()
            gender = "f" if lowered in FEMALE_WORDS else "m" if lowered in MALE_WORDS else None
            found.append((match.start("name"), name, title, gender))
    return found


def _titled(blocks, name):
    """The title written before a lone name somewhere in the article ("President Trump"), if any."""
    for text in blocks:
        for match in re.finditer(rf"\b([A-Z][a-z]+(?: [A-Z][a-z]+)?) {re.escape(name)}\b", text):
            if match.group(1).split()[-1].lower() in TITLE_WORDS:
                return match.group(1)
    return ""


def _speaker(written, people, block, position, quote_start):
    who, offset = written
    if who.lower() in PRONOUNS:
        return people.pronoun_antecedent(who, block, quote_start if offset > quote_start else offset)
    if who.startswith("the "):
        return people.last_with_role(who[4:], block, quote_start)
    return people.resolve_written(who, block, offset)


LONE_BODY_RE = re.compile(r"^[A-Z][\w&'’.-]{1,30}$")


def _lone_body(written, people, blocks):
    """A speaker written as one capitalised word that names no one in the article, is no first name and is
    not a word the article writes in lower case too ("Boeing said", "Hamas said"; not "Some said"): a body.
    Articles name a person in full before they use a lone surname."""
    written = written.removeprefix("The ").removesuffix("'s").removesuffix("’s").strip()
    lower = written.lower()
    if (not LONE_BODY_RE.match(written) or lower in STOP_WORDS or lower.endswith("ly") or is_title_token(written)
            or first_name_gender(written) or people.bears_part(written) or geo.is_country_name(written)
            or any(re.search(rf"\b{re.escape(lower)}\b", text) for text in blocks)):
        return ""
    return written


def _quotes(blocks, people, title=""):
    """The quotes with their speakers, and the bodies some of them come from (their QuoteFact.outlet)."""
    quotes, sources = [], []
    attributor = _Attributor(blocks, people, Bodies(blocks), interview_turns(blocks, title))
    for index, text in enumerate(blocks):
        previous_in_block, previous_end = None, 0
        for span in quote_spans(text):
            if not is_speech(span, text):
                continue
            speaker, source = attributor.attribute(index, text, span, previous_in_block, previous_end)
            if source:
                attributor.bodies.credit(source, index, span.end)
                sources.append(source)
            quotes.append(QuoteFact(text=span.text.strip(), speaker=speaker, block=index,
                                    start=span.start, end=span.end, outlet=source))
            previous_in_block, previous_end = speaker, span.end
        if previous_in_block:
            attributor.last_speaker_of_block[index] = previous_in_block
    return quotes, list(dict.fromkeys(sources))


@dataclass
class _Attributor:
    """Who a quote is by, sieve after sieve: a body named as the agent ("described by X as"), the interview
    turn a label names, the speaker written next to it, a speaker carried on from before, an interviewee
    reporting their own words, a body (see :mod:`.bodies`). (person, None), (None, body) or (None, None)."""

    blocks: list
    people: People
    bodies: Bodies
    interview: tuple | None
    last_speaker_of_block: dict = field(default_factory=dict)

    def attribute(self, index, text, span, previous_in_block, previous_end):
        body = agent_as(span, text, self.bodies, index)
        if body:  # "described by the Daily Hive as “…”": the agent's words, not the sentence subject's
            return None, body
        written = attribution(span, text)
        labelled = labelled_speaker(self.interview, index, text, written and written[0])
        if labelled:  # "AL: … “…”": the label of an interview's answer, not a body called AL
            return self._interviewee(labelled), None
        if written:
            speaker, source = self._written(written, index, span)
        else:
            speaker, source = self._carried_on(index, text, span, previous_in_block, previous_end), None
        if speaker or source:
            return speaker, source
        interviewee = interview_speaker(self.interview, index, span, text)
        if interviewee:
            return self._interviewee(interviewee), None
        return None, body_source(span, text, self.bodies, index) or None

    def _written(self, written, index, span):
        if isinstance(written[0], Organisation):
            return None, str(written[0])
        speaker = _speaker(written, self.people, index, span.open_at, span.open_at) if written[0] else None
        if speaker is None and written[0] and written[0].lower() not in PRONOUNS:
            # after a quote: "the Coast Guard said"; a lone name nobody in the article bears: "Boeing"; the
            # whole name of a body of which only the last word stood next to the verb ("Ministry of Harbours")
            return None, (body_around(self.blocks[index], written[1]) or organisation_in(written[0])
                          or _lone_body(written[0], self.people, self.blocks) or None)
        return speaker, None

    def _carried_on(self, index, text, span, previous_in_block, previous_end):
        if previous_in_block is not None and _continues(self.people, text, index, previous_end, span.open_at,
                                                        previous_in_block):
            return previous_in_block  # "A," she said. "B." — no other person named in between
        subject = previous_sentence_subject(span, text)
        if subject:
            return _speaker(subject, self.people, index, subject[1], span.open_at)
        if not text[:span.open_at].strip():  # a paragraph that opens on a quote goes on from the last one
            return self.last_speaker_of_block.get(index - 1)
        return None

    def _interviewee(self, name):
        if not self.people.resolve_name(name):
            self.people.add(PersonFact(name=name))
        return self.people.resolve_name(name)


def _continues(people, text, block, start, end, speaker):
    """Whether the text between two quotes leaves the second to the first one's speaker.

    Nobody else known may be named there; an unknown name ("… County Sheriff …") only
    in a short attribution clause, not in narration that may bring in someone new.
    """
    between = [people.resolve_written(name.name, block, start + name.start) for name in name_spans(text[start:end])
               if not name.possessive]  # an owner ("Tasha Yar's station") is talked about, not talking
    return all(who == speaker for who in between) or (end - start <= 80 and all(who in (speaker, None) for who in between))


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
