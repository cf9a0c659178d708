"""Who an English "he" or "she" before or after a quote means, read sentence by sentence back from it.

Four rules, each its own function: a person whose gender the article tells as the other one is never the
pronoun's (:func:`contradicts`); the subject of a sentence before it is preferred to a name merely mentioned
(:func:`sentence_subject`); a name only owning something or inside a prepositional phrase is weaker than a
subject (:func:`mention_role`); and when two people fit equally, nobody is credited (:func:`one_of`): a
missing speaker is better than a wrong one.
"""
from dataclasses import dataclass
import re

from .names import ADDRESSEE_LEAD_RE, SENTENCE_END_RE, TOKEN_RE, plain, wanted_gender
from .spans import quote_spans
from .vocabulary import FEMALE_WORDS, MALE_WORDS, SPEECH_VERBS, TITLE_WORDS

SUBJECT, OTHER, WEAK = "subject", "other", "weak"
# a name after one of these (with role or title words between: "the murder of journalist Ann Lee") is talked
# about, not talking
PREPOSITIONS = {"of", "about", "with", "for", "from", "by", "at", "on", "in", "against", "over", "between", "like",
                "than", "toward", "towards", "into", "after", "before", "behind", "under", "among", "without",
                "alongside", "beside", "via"}
# "He told", "She also said", "Asked about it, she said": a sentence whose subject is a pronoun
PRONOUN_SUBJECT_RE = re.compile(r"\s*(?:[A-Z][^,.;:]{0,60},\s+)?(?P<pronoun>He|She|he|she)\b")
# "The head of the internal investigators told …", "One of the victims decided …", "A spokeswoman said …":
# someone the article describes without naming, as a sentence's subject
UNNAMED_SUBJECT_RE = re.compile(r"\s*(?P<phrase>One of (?:the|his|her|their|its) [a-z-]+|(?:The|A|An|Another|"
                                r"Her|His) [a-z][a-z'’ -]{0,80}?)\s+(?:also\s+|then\s+|later\s+|finally\s+)?"
                                r"(?P<verb>[a-z]+ed|told|said|wrote|felt|thought|says|tells|adds|writes)\b")
# a name, then its verb ("Tom Reed wrote", "Tom Reed also said")
REPORTING_AFTER_RE = re.compile(r"(?:[A-Z][\w'’-]*\s+){0,4}(?:also\s+|then\s+|later\s+)?(?P<verb>[a-z]+)\b")
CONJOINED_RE = re.compile(r"\s*(?:and|,|&)\s*(?:[a-z]+\s+){0,2}$")


@dataclass
class Mention:
    """A known person's name at a place in the text, and its part in its sentence."""

    block: int
    offset: int
    name: str
    role: str
    gender: str | None = None


def contradicts(mention, wanted):
    """Whether the article tells the person's gender as not the pronoun's: a first name name registers give
    to one gender, an honorific, a gendered role noun (actress, chairman, mother) or an earlier "he" or "she"
    that meant them. A person whose gender nothing tells fits either."""
    return mention.gender is not None and mention.gender != wanted


def described_gender(text, offset):
    """The gender a role noun written just before a name tells ("the actress Jung Soo-ah", "her husband,
    Tom Reed"), or None."""
    words = {plain(word) for word in TOKEN_RE.findall(text[max(0, offset - 30):offset])[-3:]}
    if words & FEMALE_WORDS and not words & MALE_WORDS:
        return "f"
    if words & MALE_WORDS and not words & FEMALE_WORDS:
        return "m"
    return None


def mention_role(text, offset, end):
    """A mention's part in its sentence: WEAK for an owner ("Ann Lee's company") or a name inside a
    prepositional phrase ("a paragraph about Pope Francis", "the murder of journalist Ann Lee"), else OTHER
    (the caller tells the sentence's subject): who is talked about rarely speaks next."""
    if text.startswith(("'s", "’s"), end):
        return WEAK
    for word in reversed(TOKEN_RE.findall(text[max(0, offset - 60):offset])[-5:]):
        if word.lower() in PREPOSITIONS:
            return WEAK
        if not (word.islower() or plain(word) in TITLE_WORDS or word.isupper()):
            break
    return OTHER


def masked(text):
    """The text with what its quotes say blanked out, so a quote's full stops end no sentence of the
    narration and the names inside a quote are nobody's mention."""
    for span in quote_spans(text):
        inside = text[span.open_at + 1:span.close_at]
        kept = "." if re.search(r"[.!?][\"'’”]?\s*$", inside) else ""
        blank = "x" * (len(inside) - len(kept)) + kept  # (a quote ending on a full stop ends its sentence)
        text = text[:span.open_at + 1] + blank + text[span.close_at:]
    return text


def sentences_before(blocks, block, offset, within_blocks):
    """(block, its text with its quotes masked, start, end, is the pronoun's own sentence) of each sentence
    before a position, nearest first, in its paragraph and the few before."""
    for index in range(block, max(-1, block - within_blocks - 1), -1):
        whole = masked(blocks[index])
        text = whole[:offset if index == block else None]
        starts = [0] + [m.end() for m in SENTENCE_END_RE.finditer(text)]
        ends = starts[1:] + [len(text)]
        for position, (start, end) in reversed(list(enumerate(zip(starts, ends)))):
            own = index == block and position == len(starts) - 1 and text[start:end].strip()[-1:] not in ".!?\"”"
            yield index, whole, start, end, own


def sentence_mentions(people, block, start, end):
    """The known people's mentions in one sentence, first to last, each with its role."""
    text = people._blocks[block]
    found, covered = [], -1
    for m_block, m_offset, name in people.mentions_between(block, start, end):
        if m_offset < covered:
            continue  # ("Jenkins" inside "Anya Jenkins")
        name_end = m_offset + len(name) if text.startswith(name, m_offset) else TOKEN_RE.match(text, m_offset).end()
        gender = people.gender(name) or described_gender(text, m_offset)
        found.append(Mention(m_block, m_offset, name, mention_role(text, m_offset, name_end), gender))
        covered = name_end
    return found


def sentence_subject(text, start, mentions):
    """The subject of a sentence: the first person it names when they are neither an owner nor in a
    prepositional phrase and no pronoun or unnamed person opens it before them ("Emma Caufield talked of …",
    "In a statement, Ann Lee said …"); "pronoun" when a he or she opens it; "unnamed" when a singular
    description does and speaks ("One of the victims decided …"); None otherwise."""
    sentence = text[start:]
    pronoun = PRONOUN_SUBJECT_RE.match(sentence)
    unnamed = UNNAMED_SUBJECT_RE.match(sentence)
    first = mentions[0] if mentions else None
    if pronoun and (first is None or start + pronoun.start("pronoun") < first.offset):
        return "pronoun", pronoun.group("pronoun")
    if first is not None and first.role == OTHER and (not unnamed or start + unnamed.end("phrase") > first.offset):
        return "named", reporting_subject(text, mentions) or first
    if unnamed:
        return "unnamed", unnamed
    return None, None


def reporting_subject(text, mentions):
    """The last person of a sentence a verb of speech follows ("Ann Lee said …, while Interior Minister Tom
    Reed wrote he had …"): the subject of its last reporting clause, whom a pronoun after it goes on with.
    None when no named person reports."""
    for mention in reversed(mentions):
        after = REPORTING_AFTER_RE.match(text, mention.offset)
        joined = CONJOINED_RE.search(text[max(0, mention.offset - 12):mention.offset])  # ("Ann Lee and Mary Smith")
        if mention.role == OTHER and after and after.group("verb") in SPEECH_VERBS and not joined:
            return mention
    return None


def unnamed_fits(unnamed, sentence, wanted):
    """Whether a description opening a sentence is one person the pronoun may mean: singular ("One of the
    victims", "The head of the investigators"; not "The producers"), of no other gender, and speaking or
    given the same pronoun's possessive ("… decided to allow her name to be made public")."""
    phrase = unnamed.group("phrase")
    words = phrase.split()
    head = words[words.index("of") - 1] if "of" in words else words[-1]
    if not phrase.startswith("One of") and head.endswith("s") and not head.endswith("ss"):
        return False
    told = {plain(word) for word in words}
    if told & (MALE_WORDS if wanted == "f" else FEMALE_WORDS):
        return False
    possessive = r"\b[Hh]er\b" if wanted == "f" else r"\b[Hh]is\b"
    return unnamed.group("verb") in SPEECH_VERBS or bool(re.search(possessive, sentence[unnamed.end("phrase"):]))


def one_of(candidates, wanted):
    """The one person of the best-placed candidates, or None when two different people fit equally: a
    person whose gender the article tells as the pronoun's before one whose gender nothing tells, a
    mention before a weak one (owner, prepositional phrase)."""
    if not candidates:
        return None
    rank = {id(c): (c.gender != wanted, c.role == WEAK) for c in candidates}
    best = min(rank.values())
    names = list(dict.fromkeys(c.name for c in candidates if rank[id(c)] == best))
    return names[0] if len(names) == 1 else None


def conjoined_rival(subject, mentions, text, wanted):
    """Whether another fitting person stands joined to the subject ("Ann Lee and Mary Smith spoke"): two
    subjects of one sentence, neither preferred unless the article tells only one's gender as the pronoun's."""
    for other in mentions[1:]:
        between = text[subject.offset:other.offset]
        if (other.name == subject.name or contradicts(other, wanted) or not CONJOINED_RE.search(between)
                or len(between) >= len(subject.name) + 30):
            continue
        if (other.gender == wanted) >= (subject.gender == wanted):
            return True
    return False


def english_antecedent(people, pronoun, block, offset, *, within_blocks=3):
    """Who an English "he" or "she" means, or None: back from the pronoun, sentence by sentence, the first
    sentence subject that may be them, preferring in one paragraph one whose gender is told; a sentence
    opening on the same pronoun goes on to the sentence before it; one opening on an unnamed person means that
    person, whom nobody is credited for. With no fitting subject, the one fitting name of the nearest
    paragraph that has any."""
    wanted = wanted_gender(pronoun)
    blocks = people._blocks
    others, unknown = [], None
    for index, whole, start, end, own in sentences_before(blocks, block, offset, within_blocks):
        if unknown is not None and index != unknown.block:
            break
        if index != block and others:
            break  # a mention in a nearer paragraph before any earlier paragraph's subject
        text = blocks[index]
        mentions = sentence_mentions(people, index, start, end)
        if own:
            if not ADDRESSEE_LEAD_RE.match(text, start):  # ("Speaking to Martin Smith of PBS, he said")
                others += [m for m in mentions if not contradicts(m, wanted)]
            continue
        kind, subject = sentence_subject(whole[:end], start, mentions)
        if kind == "named" and not contradicts(subject, wanted):
            if conjoined_rival(subject, mentions, text, wanted):
                return None
            if subject.gender == wanted:
                return subject.name
            unknown = unknown or subject
        elif kind == "unnamed" and unknown is None and unnamed_fits(subject, whole[start:end], wanted):
            return None
        rest = mentions[1:] if kind == "named" else mentions
        others += [m for m in rest if not contradicts(m, wanted) and m.name != getattr(unknown, "name", None)]
    if unknown is not None:
        return unknown.name
    return one_of(others, wanted)
