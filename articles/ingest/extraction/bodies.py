"""Organisations as the source of a quote: "the ministry said", "Ford said in its filing", "which the BBC
describes as", "Mountain West Rail, which operates the line, said in a statement that …".

A quote that no person is credited with is offered to these sieves in order, the surest first, and the first
that names a body decides. Words name a body when they are an organisation's name (a capitalised name with an
organisation word, an acronym, a news outlet, a body this article has already quoted), or a single capitalised
word the sentence itself treats as a body ("Ford said in its filing", "Hasbro, which makes …"); a role noun
("the company", "the ministry", "the statement") stands for the body the article named last with that noun. A
sieve that cannot name the body credits nobody: a quote left to "the army" or "researchers" has no record to go
to, and a wrong body is worse than none.
"""
from dataclasses import dataclass, field
import re

from .firstnames import first_name_gender
from .names import named_people
from .outlets import (
    ANY_BODY_NOUNS, ARTICLE_RE, BODY_NOUN, NAMED_BODY_NOUNS, ROLE_NOUN_RE, body_name, first_body_in, outlet_key,
)
from .quotes import (
    AGENT_AS_RE, BEFORE_RE, CLAUSE_SPLIT_RE, LEADING_PARTICIPLE_RE, NAME, SENTENCE_BREAK_RE, VERB, reporting_verb,
)
from .vocabulary import CAP_SEQUENCE_RE, STOP_WORDS, lower_words

# the sentence itself treats a lone capitalised word as a body: "in its filing", "in their statement",
# "said in a statement", ", which operates …" (a person is "who")
BODY_EVIDENCE_RE = re.compile(r"\b(?:in|on)\s+(?:its|their|a|an)\s+(?:[a-z]+\s+)?(?:statement|filing|release|report|"
                              r"press release|announcement|website|post|letter|notice)\b|^\s*,\s*which\b")
# "Facebook released a statement which read, in part, “…”"; "The Department issued a statement that …: “…”"
ISSUED_RE = re.compile(r"(?:^|[.;]\s+)(?:the\s+|The\s+)?(?P<agent>" + NAME + r")\s+(?:has\s+|had\s+|also\s+)?"
                       r"(?:released|issued|published|posted|put out|sent)\s+(?:a|an)\s+(?:[a-z]+\s+){0,2}"
                       r"(?:statement|report|letter|notice|warning|release|message)\b[^\"“”]{0,120}$")
# what a body issues and a quote may be read from: "The opinion of the Court … read", '," read the warning'
DOCUMENT_NOUN = (r"(?:statement|opinion|ruling|judgment|judgement|decision|summary|warning|advisory|report|notice|"
                 r"order|release|letter|filing|forecast|verdict)")
# a body's capitalised name, with the small words inside it ("Supreme Court of the United Kingdom")
BODY_NAME = r"[A-Z][\w'’&.-]*(?:\s+(?:of\s+(?:the\s+)?|for\s+|and\s+|on\s+)?[A-Z][\w'’&.-]*){0,6}"
# a document as the subject of the verb before a quote: "The opinion of the Court, released on Wednesday, read in
# part,", "The summary of the decision read in part:", "The court's summary concluded with the statement:"
DOCUMENT_BEFORE_RE = re.compile(r"(?:^|[.;]\s+)(?P<phrase>[Tt]he\s+(?:[\w'’-]+\s+){0,3}?" + DOCUMENT_NOUN
                                + r"\b[^\"“”.;:]{0,80}?)\s+(?:read|reads|said|says|stated|states|concluded|concludes)"
                                r"\b[^\"“”.]{0,60}$")
# … or after it: '," read the warning', '," the statement said'
DOCUMENT_AFTER_RE = re.compile(r"\s*[,.]?\s*(?:(?:read|reads|said|says|stated|states)\s+(?P<phrase>the\s+(?:[a-z-]+\s+)"
                               r"{0,2}" + DOCUMENT_NOUN + r")\b|(?P<phrase2>the\s+(?:[a-z-]+\s+){0,2}" + DOCUMENT_NOUN
                               + r")\s+(?:read|reads|said|says|stated|states)\b)")
# a body introduced as issuing a document: "the Supreme Court of Puerto Rico issued a ruling", "the Court of Session
# in Scotland issued an opinion", "The orange warning issued by Met Éireann"
ISSUER_RE = re.compile(r"(?P<agent>" + BODY_NAME + r")(?:\s+in\s+[A-Z][\w-]*)?\s+(?:has\s+|had\s+|also\s+)?(?:issued|"
                       r"released|published|handed down|delivered)\s+(?:a|an|its|the)\s+(?:[a-z-]+\s+){0,2}"
                       + DOCUMENT_NOUN + r"\b|\b" + DOCUMENT_NOUN + r"\s+(?:issued|released|published)\s+by\s+"
                       r"(?:the\s+)?(?P<by>" + BODY_NAME + r")")
# after a quote: '," the company said', '," Ford told The Verge', '," read the warning'
SUBJECT_AFTER_RE = re.compile(r"^\s*[,.]?\s*(?P<subject>[^\"“”.;!?,]{2,70}?)\s+(?:also\s+|then\s+|later\s+)?" + VERB
                              + r"\b|^\s*[,.]?\s*" + VERB + r"\s+(?P<subject2>(?:the\s+)?[^\"“”.;!?,]{2,70}?)\s*(?:[,.;]|$)")


# nouns that stand for a company: "the company", "the firm", "the toy maker"
COMPANY_NOUNS = {"company", "firm", "business", "manufacturer", "retailer", "maker"}
# a company introduced as one: "toy maker Hasbro", "carmaker Vantor", "the firm Brightwell", "Hasbro Inc.", or a
# lone name opening a sentence that the next sentence calls "the company" ("Brightwell hosted a panel. The
# company's …")
COMPANY_INTRODUCED_RE = re.compile(
    r"\b(?:company|firm|maker|manufacturer|retailer|carmaker|automaker|drugmaker|chipmaker|toymaker|planemaker|"
    r"conglomerate)\s+(?P<described>[A-Z][\w&'’.-]{1,30})\b(?!\s+[A-Z])"
    r"|(?P<suffixed>[A-Z][\w&'’-]{1,30}),?\s+(?:Inc|Corp|Ltd|LLC|plc)\b"
    r"|(?:^|[.!?]\s+)(?P<opening>[A-Z][\w&'’-]{1,30})\s+[a-z][^.!?\"“”]{0,200}[.!?]\s+The\s+"
    r"(?:company|firm)\b")


@dataclass
class Bodies:
    """The bodies one article has been found quoting, in order, and the organisation names it writes (found
    once, when a role noun first needs them)."""
    blocks: list
    quoted: list = field(default_factory=list)
    last: tuple = ()  # (block, end offset) of the last quote credited to a body
    _named: list | None = None

    def credit(self, name, block, end):
        self.quoted.append(name)
        self.last = (block, end)

    def named_before(self, block, offset):
        """Organisation names written before that point, nearest first."""
        if self._named is None:
            self._named = [(index, match.start(), name) for index, text in enumerate(self.blocks)
                           for match in CAP_SEQUENCE_RE.finditer(text) for name in [body_name(match.group())] if name]
        return [name for index, start, name in reversed(self._named) if (index, start) < (block, offset)]

    def company(self):
        """The one company the article introduces as a company (see COMPANY_INTRODUCED_RE), or "" when it
        introduces none or several: "the company" may then be any of them. A first name is no company."""
        names = {name for text in self.blocks for match in COMPANY_INTRODUCED_RE.finditer(text)
                 for name in [match.group("described") or match.group("suffixed") or match.group("opening")]
                 if name.lower() not in STOP_WORDS and not first_name_gender(name)}
        return names.pop() if len(names) == 1 else ""

    def issuer_before(self, block, offset):
        """The body the article last introduced as issuing a document before that point ("the Supreme Court
        issued a ruling", "the warning issued by Met Éireann"), or "": a person ("a statement issued by Ann
        Lee") is no body."""
        issuers = [name for index, text in enumerate(self.blocks[:block + 1])
                   for match in ISSUER_RE.finditer(text if index < block else text[:offset])
                   for name in [ARTICLE_RE.sub("", match.group("agent") or match.group("by")).strip()]
                   if body_name(name) or self.known(name) or not named_people(name)]
        return issuers[-1] if issuers else ""

    def referred_to(self, block, offset):
        """The body "It" or "They" opening a sentence at that point stands for: the body named nearest before it
        in its paragraph ("The Harbour Trust criticised the sale. They released a statement …"), when no person
        is named in between (then it may be them); "" when there is none."""
        self.named_before(block, offset)  # the names, read once
        nearest = [(start, name) for index, start, name in self._named if index == block and start < offset]
        if not nearest:
            return ""
        start, name = nearest[-1]
        return "" if named_people(self.blocks[block][start + len(name):offset]) else name

    def known(self, written):
        key = outlet_key(written)
        return next((name for name in reversed(self.quoted) if outlet_key(name) == key), "")

    def known_in(self, text):
        """The body already quoted that ``text`` names ("In the filing itself Ford also made this point")."""
        return next((name for name in reversed(self.quoted)
                     if re.search(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", text)), "")


def _role_noun(subject, bodies, block, offset):
    """"The company said", "the ministry said in a press release": the body the noun stands for."""
    role = ROLE_NOUN_RE.match(subject)
    if not role:
        return ""
    noun = role.group("noun")
    if noun in ANY_BODY_NOUNS and bodies.quoted:
        return bodies.quoted[-1]
    named = next((name for name in [*reversed(bodies.quoted), *bodies.named_before(block, offset)]
                  if noun in lower_words(name)), "")
    return named or (bodies.company() if noun in COMPANY_NOUNS and not bodies.quoted else "")


def _written_body(subject, sentence_rest, bodies):
    """A subject that names a body: an organisation's name, a body already quoted, or one capitalised word
    the rest of the sentence treats as a body."""
    if named_people(subject):
        return ""
    body = first_body_in(subject) or bodies.known_in(subject)
    if body:
        return body
    lone = re.match(r"^\s*(?:[Tt]he\s+)?(?P<name>[A-Z][\w&'’.-]{1,30})\s*$", subject)
    if lone:
        return bodies.known(lone.group("name")) or (lone.group("name") if BODY_EVIDENCE_RE.search(sentence_rest)
                                                      else "")
    return ""


# '… said in their filing the matter “A”, and “B”': nothing but "and" between two quotes
ONLY_AND_RE = re.compile(r"^[\s,;]*(?:and|or|but)?[\s,]*$")
# '“…” It also urged people to “…”': the body goes on speaking as "it"
IT_SUBJECT_RE = re.compile(r"(?:^|[.;]\s+|,\s+and\s+)[Ii]t\s+(?:also\s+|later\s+|further\s+)?(?:[a-z]+\s+)?"
                           + VERB + r"\b[^\"“”]{0,120}$")


def goes_on(span, text, bodies, block):
    """Sieve 1: the quote after a body's quote in the same paragraph, joined to it by "and" or spoken by
    "it"."""
    if not bodies.last or bodies.last[0] != block:
        return ""
    between = text[bodies.last[1]:span.open_at].lstrip("\"”., ")
    if ONLY_AND_RE.match(between) or (len(between) <= 160 and IT_SUBJECT_RE.search(between)
                                      and not named_people(between)):
        return bodies.quoted[-1]
    return ""


def agent_as(span, text, bodies, block):
    """Sieve 2: 'described by the BBC as “…”', 'which the New York Times called “…”'."""
    agent = AGENT_AS_RE.search(text, max(0, span.open_at - 200), span.open_at)
    if not agent:
        return ""
    written = agent.group("agent") or agent.group("agent2")
    return body_name(written) or bodies.known(written)


def issued_by(span, text, bodies, block):
    """Sieve 3: 'Facebook released a statement which read, “…”'."""
    issued = ISSUED_RE.search(text, max(0, span.open_at - 300), span.open_at)
    if issued and issued.group("agent") in ("It", "They"):
        return bodies.referred_to(block, issued.start("agent"))
    if not issued or named_people(issued.group("agent")) or issued.group("agent").lower() in STOP_WORDS:
        return ""  # "These people released a statement": whoever they are, the sentence does not say
    written = issued.group("agent")
    if written.lower() in NAMED_BODY_NOUNS | ANY_BODY_NOUNS:  # "The Department issued a statement"
        return _role_noun(f"the {written.lower()}", bodies, block, span.open_at)
    return body_name(written) or bodies.known(written) or written  # no person's name issues a statement here


def document_author(span, text, bodies, block):
    """Sieve: the words of a document ("The opinion of the Court, released on Wednesday, read in part, “…”",
    '“…,” read the warning'): the body the article introduced as issuing one, else the body a noun in the phrase
    stands for ("the ministry's statement")."""
    sentence = SENTENCE_BREAK_RE.split(text[max(0, span.open_at - 300):span.open_at])[-1]
    before = DOCUMENT_BEFORE_RE.search(sentence)
    after = None if before else DOCUMENT_AFTER_RE.match(text, span.close_at + 1)
    if not (before or after):
        return ""
    phrase = before.group("phrase") if before else after.group("phrase") or after.group("phrase2")
    issuer = bodies.issuer_before(block, span.open_at)
    if issuer:
        return issuer
    noun = re.search(r"\b" + BODY_NOUN, phrase.lower())
    return _role_noun(f"the {noun.group('noun')}", bodies, block, span.open_at) if noun else ""


def subject_after(span, text, bodies, block):
    """Sieve 4: the subject of the reporting verb right after the quote: '," the company said',
    '," Ford told The Verge', '," read the warning'."""
    after_text = text[span.close_at + 1:span.close_at + 160]
    found = SUBJECT_AFTER_RE.match(after_text)
    if not found:
        return ""
    subject = found.group("subject") or found.group("subject2")
    rest = after_text[found.end():]
    return _role_noun(subject, bodies, block, span.open_at) or _written_body(subject, rest, bodies)


def subject_before(span, text, bodies, block):
    """Sieve 5: the subject of the reporting verb in the clause before the quote: 'The ministry said in a press
    release that this year's fair highlights “…”', 'Toronto Police, which indicated … a “…”'."""
    before_text = text[max(0, span.open_at - 300):span.open_at]
    sentence = LEADING_PARTICIPLE_RE.sub("", SENTENCE_BREAK_RE.split(before_text)[-1])
    verb = reporting_verb(BEFORE_RE, sentence)
    if not verb:
        clause = LEADING_PARTICIPLE_RE.sub("", CLAUSE_SPLIT_RE.split(before_text)[-1])
        verb = re.search(r"\b" + VERB + r"\b", clause)
        sentence = clause if verb else sentence
    if not verb:
        return ""
    subject, rest = sentence[:verb.start()], sentence[verb.start():]
    evidence = BODY_EVIDENCE_RE.search(subject)
    if evidence and not subject[:evidence.start()].strip(" ,"):  # "In a statement, Harbour Lines said"
        subject, rest = subject[evidence.end():], subject[:evidence.end()] + rest
    elif evidence:  # "Ford, in its filing, said": the evidence stands between the name and its verb
        subject, rest = subject[:evidence.start()], subject[evidence.start():] + rest
    return _role_noun(subject, bodies, block, span.open_at) or _written_body(subject.rstrip(" ,"), rest, bodies)


# a judging or founding body, or a document of law or findings, that reports what it found rather than says it
FINDING_HEADS = {"court", "tribunal", "panel", "inquiry", "commission", "committee", "constitution", "charter",
                 "treaty", "convention", "act", "code", "report", "study", "review", "ruling", "judgment",
                 "judgement"}
# "The court found …", "The High Court also ruled …, finding that …:", "The Constitution specifies that …"
FINDING_RE = re.compile(r"^\s*(?P<subject>(?:[Tt]he\s+)?[^\"“”.;:,]{2,80}?)\s+(?:also\s+|further\s+|then\s+)?"
                        r"(?:found|finds|ruled|rules|held|holds|concluded|concludes|specifies|specified|"
                        r"stipulates|stipulated|determined|determines|declared|declares)\b[^\"“”]{0,300}$")


def _finding_subject(subject, bodies, block, offset):
    """The named body or document a finding's subject is, when its head is a court's, an inquiry's or a
    document's: "The three-judge court" (the court the article introduced as issuing a ruling, else the one
    it named last), "The High Court of England and Wales", "The United States Constitution"; "" for anyone else
    ("Police found …" reports an event, not words)."""
    role = ROLE_NOUN_RE.match(subject)
    if role and role.end() >= len(subject.rstrip()) and role.group("noun") in FINDING_HEADS:
        issuer = bodies.issuer_before(block, offset)
        return issuer if role.group("noun") in lower_words(issuer) else _role_noun(subject, bodies, block, offset)
    if named_people(subject):
        return ""
    name = ARTICLE_RE.sub("", subject.strip())
    if not re.fullmatch(BODY_NAME, name):
        return ""
    head = re.split(r"\s+(?:of|for|on)\s+", name)[0].split()[-1].lower()
    return name if head in FINDING_HEADS else ""


def finding(span, text, bodies, block):
    """Sieve: the words a court, an inquiry or a document is reported to have found, ruled or specified, when
    the quote's sentence opens on it ('The court found the advice “was motivated by …”'): a body's findings are
    its words, given by no speech verb."""
    sentence = SENTENCE_BREAK_RE.split(text[max(0, span.open_at - 400):span.open_at])[-1]
    found = FINDING_RE.match(sentence)
    return _finding_subject(found.group("subject"), bodies, block, span.open_at) if found else ""


# in order, each with the name of the pass a quote it credits keeps (agent_as comes before any person is looked for)
SIEVES = (("body-goes-on", goes_on), ("body-issued", issued_by), ("body-document", document_author),
          ("body-subject-after", subject_after), ("body-subject-before", subject_before), ("body-finding", finding))


def body_source(span, text, bodies, block):
    """(the body a quote comes from, by the first sieve that names one, and that sieve's name), or ("", "")."""
    for credited_by, sieve in SIEVES:
        name = sieve(span, text, bodies, block)
        if name:
            return name, credited_by
    return "", ""
