"""Who speaks: the people named beside quotes, registered before the quotes are read, and each quote's
speaker or body, sieve after sieve (:class:`_Attributor`)."""
from bisect import bisect_right
from dataclasses import dataclass, field
import re

from .. import geo
from .bodies import Bodies, agent_as, body_source
from .facts import PersonFact, QuoteFact
from .firstnames import first_name_gender
from .interviews import interview_speaker, labelled_speaker, turns as interview_turns
from .names import (
    NAME_PARTICLES, People, is_initial, is_name_token, is_title_token, name_spans, named_people, wanted_gender,
)
from .outlets import body_around, owned_body
from .people import is_place_name
from .pronouns import english_antecedent
from .quotes import (
    PRONOUNS, CarriedRole, Organisation, attribution, is_speech, organisation_in, previous_sentence_subject,
    reporting_subject_at_end,
)
from .spans import quote_spans
from .vocabulary import FEMALE_WORDS, MALE_WORDS, STOP_WORDS, TITLE_WORDS


# a work named by its title in an appositive: "The report, Bitter Margins, found …"
WORK_BEFORE_RE = re.compile(r"\b(?:report|study|survey|book|novel|film|paper|album|documentary|programme|program|"
                            r"document|review|letter|statement|memoir|song|play|series|podcast)\s*,\s*$",
                            re.IGNORECASE)


def add_named_speakers(blocks, people, title=""):
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
            said_in = text  # the paragraph the written speaker stands in
            if not written and not text[:quote.open_at].strip() and _reported_at_end(blocks, index):
                said_in, written = blocks[index - 1], _reported_at_end(blocks, index)
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
                if is_place_name(who) or re.search(r"\w['’]s\b", who) or _owned(written, said_in):
                    continue  # "Hong Kong", "People's Vote", "X, controlled by Y," before a verb: a place or a
                    # body, no person
                if WORK_BEFORE_RE.search(said_in, 0, max(0, written[1])) and said_in.startswith(
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
            elif _honorific(blocks, parts[0]) is not None:
                people.add(PersonFact(name=parts[0], role=_honorific(blocks, parts[0])))
            elif _titled(blocks, parts[0]):
                people.add(PersonFact(name=parts[0], role=_titled(blocks, parts[0])))
            elif _described_after(said_in, written[1] + len(who)):
                people.add(PersonFact(name=parts[0], role=_described_after(said_in, written[1] + len(who))))


SENTENCE_RE = re.compile(r"[^.!?]+(?:[.!?]+[\"”’]?|$)")
# a sentence that opens on someone: "Emma Caufield talked …", "Another voice actor, Lauren Landa, would …",
# "Actor Brendan Fraser's appearance …" — a few lower-case or title words at most before the name
SUBJECT_LEAD_RE = re.compile(r"^\s*(?:(?:[A-Z][a-z]+|[a-z]+)(?:\s+[a-z]+){0,3},?\s+)?$")


def _add_introduced_subject(blocks, index, position, people, pronoun):
    """The person a "he"/"she" before a quote means when nobody introduced them: the full name a nearby
    sentence opens on, followed by its verb or a comma ("John Hutchinson, an evolutionary biologist,
    questioned the findings … “…,” he told"), unless their first name is the other gender's. Places, bodies
    and names in quotes are no one. Whether such a sentence was found."""
    wanted = wanted_gender(pronoun)
    for text in (blocks[index][:position], blocks[index - 1] if index else ""):
        for sentence in [s for s in reversed(SENTENCE_RE.findall(text)) if s.strip()][:2]:
            names = [n for n in name_spans(sentence) if not is_place_name(n.name)]
            if not names or not SUBJECT_LEAD_RE.match(sentence[:names[0].start]):
                continue
            if first_name_gender(names[0].name.split()[0]) not in (wanted, None):
                return False  # "John Smith and Ann Lee spoke. “…,” she said": the opening name is not hers
            after = sentence[names[0].end:names[0].end + 3]
            if not re.match(r"(?:['’]s\b|,|\s+[a-zà-öø-ÿ])", after) or people.resolve_name(names[0].name):
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
    wanted = wanted_gender(pronoun)
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


# ", un autre manifestant", ", une étudiante de 22 ans", ", a nurse": an indefinite description set after a name
DESCRIBED_AFTER_RE = re.compile(r",\s+(?P<role>(?:un|une|a|an)\s+[a-zà-öø-ÿ][\w'’-]*(?:\s+[a-zà-öø-ÿ][\w'’-]*){0,3})")


def _described_after(text, end):
    """The description of someone given by a lone name ("« … », ajoute Hassan, un autre manifestant"):
    people in the street are named by a first name and described, never given in full. "" when none."""
    match = DESCRIBED_AFTER_RE.match(text, end)
    return match.group("role") if match else ""




# "M. Dupont", "Mme Durand", "M.Houdré", "V. Sapounov": French names a person by a surname after an honorific
# or an initial
HONORIFIC_RE = r"(?P<honorific>\bM\.|\bMme\b\.?|\bMlle\b\.?|(?<![\w.])[A-Z]\.)\s?"


def _honorific(blocks, name):
    """A person named by a surname after "M.", "Mme" or an initial somewhere in the article: the role that
    tells their gender ("M.", "Mme"; "" for an initial), or None when the name is never written so."""
    for text in blocks:
        found = re.search(HONORIFIC_RE + re.escape(name) + r"\b", text)
        if found:
            written = found.group("honorific").rstrip(".")
            return written + ("." if written == "M" else "") if written in ("M", "Mme", "Mlle") else ""
    return None


def _titled(blocks, name):
    """The title written before a lone name somewhere in the article ("President Trump"), if any."""
    for text in blocks:
        for match in re.finditer(rf"\b([A-Z][a-z]+(?: [A-Z][a-z]+)?) {re.escape(name)}\b", text):
            if match.group(1).split()[-1].lower() in TITLE_WORDS:
                return match.group(1)
    return ""


def _reported_at_end(blocks, index):
    """The written speaker, (written, offset in the paragraph before), of a paragraph that opens on a quote
    with nothing else to credit it, when the paragraph before quotes no one and ends reporting someone's
    words ("Ann Lee said the port would reopen. ¶ "We have waited …""): news introduces a speaker in reported
    speech, then gives their words. None when it does not."""
    if not index or any(quote_spans(blocks[index - 1])):
        return None
    return reporting_subject_at_end(blocks[index - 1])


def _english(written):
    """Whether a written "he" or "she" was read from English (French il and elle are read as he and she by
    constructions of their own, and keep their own resolution)."""
    return not getattr(written, "construction", "").startswith("fr-")


def _speaker(written, people, block, position, quote_start):
    who, offset = written
    if who.lower() in PRONOUNS:
        before = quote_start if offset > quote_start else offset
        if _english(written):
            return english_antecedent(people, who, block, before)
        return people.pronoun_antecedent(who, block, before)
    if who.startswith("the "):
        return people.last_with_role(who[4:], block, quote_start)
    return people.resolve_written(who, block, offset)


# French hands a speaker's next words over with an infinitive of speech: "…, avant d'ajouter « … »", "Et de
# conclure : « … »" — the subject is the one just quoted, never named again
CONTINUING_RE = re.compile(r"(?:\b[Aa]vant|\b[Ee]t|^|[.!?»]\s+Et)\s+(?:de\s+|d['’])(?:poursuivre|ajouter|conclure|"
                           r"préciser|continuer|lancer|insister|souligner|répéter|rappeler|expliquer|enchaîner|"
                           r"renchérir|résumer|asséner|marteler|ironiser|prévenir|avertir)\s*:?\s*$")


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


def _owned(written, text):
    """A written speaker whose owner follows its name ("Minera Cerro Blanco, controlled by …, said"): a body."""
    return written[0] if owned_body(text, written[1] + len(written[0])) else ""


def quotes_with_speakers(blocks, people, title=""):
    """The quotes with their speakers, and the bodies some of them come from (their QuoteFact.outlet)."""
    quotes, sources = [], []
    attributor = _Attributor(blocks, people, Bodies(blocks), interview_turns(blocks, title))
    for index, text in enumerate(blocks):
        previous_in_block, previous_end = None, 0
        for span in quote_spans(text):
            if not is_speech(span, text):
                continue
            speaker, source, credited_by = attributor.attribute(index, text, span, previous_in_block, previous_end)
            if source:
                attributor.bodies.credit(source, index, span.end)
                sources.append(source)
            quotes.append(QuoteFact(text=span.text.strip(), speaker=speaker, block=index, start=span.start,
                                    end=span.end, outlet=source, credited_by=credited_by))
            previous_in_block, previous_end = speaker, span.end
        if previous_in_block:
            attributor.last_speaker_of_block[index] = previous_in_block
    _credit_running_quotes(quotes, blocks)
    return quotes, list(dict.fromkeys(sources))


def _credit_running_quotes(quotes, blocks):
    """A quote that runs on into the next paragraph has no closing mark where its paragraph ends, and the next
    paragraph opens with a quotation mark: news style sets the attribution in the part that closes, so the
    open part left without a speaker is the next part's speaker's ("… The ships are ready. ¶ "The crews are
    ready too," said Ann Lee")."""
    first_in_block = {}
    for quote in quotes:
        first_in_block.setdefault(quote.block, quote)
    for quote in quotes:
        following = first_in_block.get(quote.block + 1)
        # (a quote that ends where its paragraph's text ends has no closing mark after it)
        if (quote.speaker or quote.outlet or not following or quote.end != len(blocks[quote.block].rstrip())
                or blocks[following.block].lstrip()[:1] not in "\"“"):
            continue
        quote.speaker, quote.outlet = following.speaker, following.outlet
        quote.credited_by = RUNNING_QUOTE if following.speaker or following.outlet else ""


# the passes a quote is credited by, beside the constructions a written speaker is read from (quotes.Written)
AGENT_AS, FR_CONTINUING, INTERVIEW_LABEL, INTERVIEWEE = "agent-as", "fr-continuing", "interview-label", "interviewee"
PRONOUN, ROLE_NOUN, WRITTEN_BODY, ROLE_CARRIED = "pronoun", "role-noun", "written-body", "role-carried"
CONTINUATION, PREVIOUS_SUBJECT = "continuation", "previous-subject"
PARAGRAPH_GOES_ON, REPORTED_BEFORE, RUNNING_QUOTE = "paragraph-goes-on", "reported-before", "running-quote"


def _credited(speaker, source, credited_by):
    """(speaker, body, the pass that credited them): no pass when nobody is credited."""
    return speaker, source, credited_by if speaker or source else ""


def _resolved_by(written):
    """The pass a written speaker is credited by: a pronoun or a role noun is resolved to someone named
    before, whatever construction wrote it; a name is credited by the construction it was read in."""
    who = written[0]
    if who.lower() in PRONOUNS:
        return PRONOUN
    if who.startswith("the "):
        return ROLE_NOUN
    return written.construction


@dataclass
class _Attributor:
    """Who a quote is by, sieve after sieve: a body named as the agent ("described by X as"), the interview
    turn a label names, the speaker written next to it, a speaker carried on from before, an interviewee
    reporting their own words, a body (see :mod:`.bodies`). (person, None), (None, body) or (None, None), and
    the pass that decided ("" when none did)."""

    blocks: list
    people: People
    bodies: Bodies
    interview: tuple | None
    last_speaker_of_block: dict = field(default_factory=dict)

    def attribute(self, index, text, span, previous_in_block, previous_end):
        body = agent_as(span, text, self.bodies, index)
        if body:  # "described by the Daily Hive as “…”": the agent's words, not the sentence subject's
            return None, body, AGENT_AS
        if CONTINUING_RE.search(text, max(0, span.open_at - 60), span.open_at):
            carried = self._role_carried_on(index, previous_in_block)
            if carried:  # "…, avant d'ajouter « … »", "Et de conclure : « … »": the same speaker goes on
                return carried, None, FR_CONTINUING
        written = attribution(span, text)
        labelled = labelled_speaker(self.interview, index, text, written and written[0])
        if labelled:  # "AL: … “…”": the label of an interview's answer, not a body called AL
            return self._interviewee(labelled), None, INTERVIEW_LABEL
        if written:
            speaker, source, credited_by = self._written(written, index, span)
            if not (speaker or source) and isinstance(written[0], CarriedRole):
                speaker, credited_by = self._role_carried_on(index, previous_in_block), ROLE_CARRIED
        else:
            (speaker, credited_by), source = self._carried_on(index, text, span, previous_in_block, previous_end), None
        if speaker or source:
            return speaker, source, credited_by
        interviewee = interview_speaker(self.interview, index, span, text)
        if interviewee:
            return self._interviewee(interviewee), None, INTERVIEWEE
        source, credited_by = body_source(span, text, self.bodies, index)
        return _credited(None, source or None, credited_by)

    def _written(self, written, index, span):
        if isinstance(written[0], Organisation):
            return None, str(written[0]), written.construction
        speaker = _speaker(written, self.people, index, span.open_at, span.open_at) if written[0] else None
        if speaker is None and written[0] and written[0].lower() not in PRONOUNS:
            # after a quote: "the Coast Guard said"; a lone name nobody in the article bears: "Boeing"; the
            # whole name of a body of which only the last word stood next to the verb ("Ministry of Harbours")
            source = (body_around(self.blocks[index], written[1]) or organisation_in(written[0])
                      or _lone_body(written[0], self.people, self.blocks) or _owned(written, self.blocks[index])
                      or None)
            return _credited(None, source, WRITTEN_BODY)
        return _credited(speaker, None, _resolved_by(written) if speaker else "")

    def _carried_on(self, index, text, span, previous_in_block, previous_end):
        """The speaker of a quote nothing is written beside, and the pass that found them: (speaker, pass)."""
        if previous_in_block is not None and _continues(self.people, text, index, previous_end, span.open_at,
                                                        previous_in_block):
            return previous_in_block, CONTINUATION  # "A," she said. "B." — no other person named in between
        subject = previous_sentence_subject(span, text)
        if subject:
            return _speaker(subject, self.people, index, subject[1], span.open_at), PREVIOUS_SUBJECT
        if not text[:span.open_at].strip():  # a paragraph that opens on a quote goes on from the last one
            carried = self.last_speaker_of_block.get(index - 1)
            return (carried, PARAGRAPH_GOES_ON) if carried else (self._reported_before(index), REPORTED_BEFORE)
        return None, ""

    def _reported_before(self, index):
        """The speaker of a paragraph that opens on a quote, left to the paragraph before (see
        :func:`_reported_at_end`)."""
        reported = _reported_at_end(self.blocks, index)
        return _speaker(reported, self.people, index - 1, reported[1], reported[1]) if reported else None

    def _role_carried_on(self, index, previous_in_block):
        """"« … », a poursuivi l'expert" with nobody introduced under that role: a role noun with the definite
        article speaks of someone already in the story, and the one last quoted is who goes on."""
        return previous_in_block if previous_in_block is not None else self.last_speaker_of_block.get(index - 1)

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
