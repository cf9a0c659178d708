"""People introduced with a role: appositives ("Name, a reporter from X"),
titles before the name ("British reporter Name", "Mayor Name") and
"Name from Country/Outlet".
"""
import re

from .. import geo
from ..places import is_city
from .facts import PersonFact
from .names import NameSpan, is_name_token, name_spans, plain
from .vocabulary import ORG_WORDS, ROLE_WORDS, TITLE_WORDS, lower_words

AFFILIATION_SPLIT_RE = re.compile(r"\s(?:at|from|with|for|of)\s(?=(?:the\s)?[A-Z“\"])")
PREFIX_WORD_RE = re.compile(r"([A-Za-z][\w'’-]{0,30})\s*$")
FROM_RE = re.compile(r"^\s+(?:from|of)\s+(?P<what>(?:the\s+)?[A-Z][^,.;:!?“”\"()]{0,80}?)(?=\s+(?:[a-z]|\()|[,.;:!?]|$)")
NATIONAL_RE = re.compile(r"\b(?:a|an)\s+(?P<demonym>[A-Z][a-z]+)\s+(?:national|citizen)\b")
QUOTE_MARKS = "\"“”"
ROLE_OPENERS = {"a", "an", "the", "also", "who", "now", "currently", "formerly", "former", "then", "its", "his", "her"}
# a person the article names by one name only: "his wife Mary", "a university student named Wong"
RELATIVES = ("wife|husband|son|daughter|mother|father|brother|sister|partner|widow|widower|fiancée|fiancé|"
             "grandson|granddaughter|grandmother|grandfather|uncle|aunt|nephew|niece|cousin")
PERSON_NOUNS = ("man|woman|boy|girl|child|teenager|person|student|resident|villager|worker|employee|teacher|nurse|"
                "doctor|driver|pilot|passenger|farmer|chef|vendor|witness|survivor|victim|protester|protestor|voter|"
                "fan|refugee|migrant|soldier|officer|official|engineer|volunteer|neighbour|neighbor|friend")
ONE_NAME = r" (?P<name>[A-Z][a-z]{1,20})\b(?! [A-Z]|['’]s)"
RELATIVE_NAME_RE = re.compile(rf"\b(?:[Hh]is|[Hh]er|[Tt]heir) (?P<role>{RELATIVES})" + ONE_NAME)
NAMED_RE = re.compile(rf"\b(?P<role>{PERSON_NOUNS}) (?:named|called|known only as)" + ONE_NAME)
NAMED_WORDS = (" named ", " called ", " known only as ")
# "The Senate Minority Leader, Chuck Schumer, said"
LEADING_ROLE_RE = re.compile(r"[.!?]\s+(?:The|the)\s+(?P<role>[A-Z][\w'’ -]{2,60}),\s+$")


# French offices and occupations, as an appositive or a role noun writes them ("Jean Dupont, maire de Lille,",
# "le ministre des Finances, Pierre Moscovici,"); a hyphenated one counts by its parts ("député-maire")
FRENCH_ROLE_WORDS = {
    "ministre", "porte-parole", "président", "présidente", "directeur", "directrice", "maire", "ambassadeur",
    "ambassadrice", "député", "députée", "sénateur", "sénatrice", "secrétaire", "avocat", "avocate", "chercheur",
    "chercheuse", "expert", "experte", "négociateur", "négociatrice", "analyste", "militant", "militante",
    "responsable", "dirigeant", "dirigeante", "syndicaliste", "fondateur", "fondatrice", "chef", "patron",
    "patronne", "procureur", "procureure", "juge", "préfet", "préfète", "conseiller", "conseillère", "professeur",
    "professeure", "économiste", "chancelier", "chancelière", "candidat", "candidate", "commissaire", "gouverneur",
    "premier", "première", "vice-président", "vice-présidente", "délégué", "déléguée", "coordinateur",
    "coordinatrice", "rapporteur", "rapporteuse", "adjoint", "adjointe", "élu", "élue", "leader", "dirigeante",
    "journaliste", "écrivain", "écrivaine", "historien", "historienne", "sociologue", "politologue", "médecin",
}
FRENCH_DESCRIPTION = (r"(?:(?:le|la|l['’]|un|une)\s*)?(?:(?:ancien|ancienne|actuel|actuelle|nouveau|nouvelle|"
                      r"ex-)\s*)?(?P<role>[a-zà-öø-ÿ][^,.;:!?«»()\"“”]{2,80})")
FRENCH_APPOSITIVE_RE = re.compile(r",\s+" + FRENCH_DESCRIPTION + r"(?=[,.;:)]|\s+(?:a|avait|s['’]est)\s)")
FRENCH_LEADING_ROLE_RE = re.compile(r"(?:^|[.!?;:]\s+|,\s+|\bet\s+|\(\s*)(?:[Ll]e|[Ll]a|[Ll]['’])\s*(?:(?:ancien|ancienne|"
                                    r"nouveau|nouvelle|actuel|actuelle)\s+)?(?P<role>[a-zà-öø-ÿ][^,.;:!?«»()\"“”]{2,80}),\s+$")


def french_role(text, start):
    """The French office or occupation written as an appositive after a name or as a role noun before it
    ("Jean Dupont, maire de Lille,", "le ministre du budget, Jérôme Cahuzac,"): its words, or ""."""
    for match in (FRENCH_APPOSITIVE_RE.match(text, start[1]),
                  FRENCH_LEADING_ROLE_RE.search(text, max(0, start[0] - 120), start[0])):
        if match and _heads_with_french_role(match.group("role")):
            return match.group("role").strip()
    return ""


def _heads_with_french_role(phrase):
    """Whether a description opens on an office or an occupation: "maire de Lille", "député-maire de
    Manacor", "premier ministre"; not "rue de Lille"."""
    words = re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", phrase.lower())[:2]
    return any(word in FRENCH_ROLE_WORDS or set(word.split("-")) & FRENCH_ROLE_WORDS for word in words)


def _has_role(text):
    return bool(set(lower_words(text)) & ROLE_WORDS)


def appositive_chunks(after):
    """The comma-separated chunks of an appositive, up to the verb or quote that ends it."""
    chunks = []
    for i, chunk in enumerate(re.split(r",\s+", after[:400])):
        # a sentence end, or a quote opened after a verb (not a name after "of"/"from")
        stop = re.search(r"[.;:!?](?:\s|$)|(?<=\s)(?<!of )(?<!from )(?<!at )(?<!with )(?<!for )(?<!the )[“\"]", chunk)
        if chunk[:1] in QUOTE_MARKS or (i and not chunk[:1].isupper() and not re.match(r"(?:an?|the|also)\s", chunk)):
            break
        chunks.append(chunk[: stop.start()] if stop else chunk)
        if stop:
            break
    return chunks


def split_role(phrase):
    """``deputy editor-in-chief of "Seven Days"`` → role and affiliation."""
    phrase = re.sub(r"^(?:also|who is|who was|now|currently|formerly)\s+", "", phrase.strip())
    phrase = re.sub(r"^(?:an?|the)\s+", "", phrase)
    matches = list(AFFILIATION_SPLIT_RE.finditer(phrase))
    preferred = [m for m in matches if m.group().strip() in {"at", "from", "with"}]
    split = (preferred or matches or [None])[0]
    if split is None:
        return phrase.strip(), ""
    return phrase[: split.start()].strip(), phrase[split.end():].strip()


def prefix_title(text, start):
    """Role words written just before a name: "British reporter", "NPC deputy", "Mayor"."""
    window = text[max(0, start - 200):start]
    words, cursor = [], len(window)
    while len(words) < 4:
        before = window[:cursor]
        # the word must end where only spaces follow, so it starts in the last 31 characters before them
        match = PREFIX_WORD_RE.search(before, max(0, len(before.rstrip()) - 31))
        if not match:
            break
        word = match.group(1)
        lowered = plain(word)
        if lowered in ROLE_WORDS or lowered in TITLE_WORDS or geo.is_country_name(lowered) or word.isupper():
            words.insert(0, word)
            cursor = match.start()
        else:
            break
    title = " ".join(words)
    return title if set(lower_words(title)) & (ROLE_WORDS | TITLE_WORDS) else ""


def is_place_name(name):
    """A country, a subdivision or a city of two words or more ("Hong Kong", "North Carolina", "San Diego"):
    such a name before a comma starts a clause ("in Hong Kong, police fired"), it introduces no person. A
    one-word city is left alone: many are surnames too (Lincoln, Jackson)."""
    key = geo._key(name)
    return geo.is_country_name(name) or (" " in key and (key in geo.subdivision_names() or is_city(name)))


def introductions(block_index, text):
    """(PersonFact, outlet description) for each person this block introduces with a role."""
    found = []
    for span in name_spans(text):
        if is_place_name(span.name):
            continue
        title = before_title = prefix_title(text, span.start)
        after = text[span.end:]
        fact = PersonFact(name=span.name)
        description = ""
        before_role = LEADING_ROLE_RE.search((". " + text)[max(0, span.start - 120):span.start + 2])
        if before_role and _has_role(before_role.group("role")) and not title:
            title = before_role.group("role")
        if after.startswith(", "):
            chunks = appositive_chunks(after[2:])
            opens_like_role = chunks and (chunks[0].split(" ")[0].lower() in ROLE_OPENERS or chunks[0][:1].isupper()
                                          or plain(chunks[0].split(" ")[0]) in ROLE_WORDS)
            if opens_like_role and (_has_role(chunks[0]) or NATIONAL_RE.search(chunks[0])):
                role, affiliation = split_role(chunks[0])
                extra = []
                for chunk in chunks[1:]:
                    words = set(lower_words(chunk))
                    if not chunk[:1].isupper() or words & ROLE_WORDS or not words & ORG_WORDS:
                        break
                    extra.append(chunk)
                described = [c for c in chunks[1:] if re.match(r"(?:an?|the)\s", c)]
                if affiliation and extra:
                    affiliation = ", ".join([affiliation, *extra])
                national = NATIONAL_RE.search(chunks[0])
                fact.role, fact.affiliation = f"{title}, {role}" if title and role else (role or title), affiliation
                if national:
                    fact.role = title
                    fact.country = geo.country_of(national.group("demonym"), subdivisions=False)
                description = described[0] if described else ""
        if not fact.role and not fact.affiliation:
            fact.role = french_role(text, (span.start, span.end))
        if not fact.role and not fact.affiliation:
            from_match = FROM_RE.match(after)
            if title:
                fact.role = title
            if from_match:
                what = from_match.group("what").strip()
                if geo.is_country_name(what):
                    fact.country = geo.country_of(what, subdivisions=False)
                elif title:
                    fact.affiliation = what
            if not title and not from_match:
                continue
            if not title and not fact.country:
                continue
        if title and not fact.country:
            for word in before_title.split():
                code = geo.country_of(word, subdivisions=False) if geo.is_country_name(plain(word)) else None
                if code:
                    fact.country = code
                    fact.role = re.sub(rf"^{re.escape(word)}\s*", "", fact.role)
                    break
        for chunk in appositive_chunks(after[2:])[1:] if after.startswith(", ") else []:
            national = NATIONAL_RE.search(chunk)
            if national and not fact.country:
                fact.country = geo.country_of(national.group("demonym"), subdivisions=False)
        found.append((block_index, span, fact, description))
    return found + _named_once(block_index, text, found)


def _named_once(block_index, text, found):
    """People named by one name after a relation or a noun ("his wife Mary said", "a student named Wong")."""
    taken = [(span.start, span.end) for _, span, _, _ in found]
    named = []
    matches = [*RELATIVE_NAME_RE.finditer(text)]
    if any(words in text for words in NAMED_WORDS):  # (one scan for the words first: the pattern is slower)
        matches += NAMED_RE.finditer(text)
    for match in matches:
        name, start = match.group("name"), match.start("name")
        if not is_name_token(name) or any(a <= start < b for a, b in taken) or geo.is_country_name(name):
            continue
        fact = PersonFact(name=name, role=match.group("role"))
        named.append((block_index, NameSpan(name, start, match.end("name"), ""), fact, ""))
    return named
