"""Person names in running text, and who a later mention ("Chen", "she") means."""
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
import re
import unicodedata

from .. import geo
from .firstnames import first_name_gender
from .spans import quote_spans
from .vocabulary import FEMALE_WORDS, MALE_WORDS, ORG_WORDS, ROLE_WORDS, STOP_WORDS, TITLE_WORDS, media_words

UPPER = "A-ZÀ-ÖØ-ÞĀ-ſ"  # Latin capitals, Latin-1 and Extended-A (the case test below sorts out the rest)
# lower-case particles inside a name: "Bill de Blasio", "Ursula von der Leyen", "Mohammad bin Salman"
NAME_PARTICLES = {"de", "da", "di", "del", "della", "van", "von", "der", "den", "ter", "bin", "ibn", "al", "du", "dos",
                  "das"}
# A word starts at a capital not preceded by a word character: the capital is matched first and the look-behind
# then checks the character before it ("(?<!…).") — a pattern that opens with a look-behind is tried at every
# position of the text, one that opens with a class of capitals only at a capital.
NOT_AFTER_WORD = r"(?<![\w'’-].)"
CAPITALISED_RE = re.compile(rf"[{UPPER}]{NOT_AFTER_WORD}[\w'’-]{{0,30}}")
PARTICLES = "|".join(sorted(NAME_PARTICLES))
CAP_RUN_RE = re.compile(rf"[{UPPER}]{NOT_AFTER_WORD}[\w'’-]{{0,30}}(?: [{UPPER}][\w'’-]{{0,30}}){{0,10}}")
PARTICLE_RUN_RE = re.compile(rf"[{UPPER}]{NOT_AFTER_WORD}[\w'’-]{{0,30}}"
                             rf"(?: (?:(?:{PARTICLES}) ){{0,2}}[{UPPER}][\w'’-]{{0,30}}){{0,10}}")
PARTICLE_RE = re.compile(rf" (?:{PARTICLES}) [{UPPER}]")  # one scan decides which of the two is needed
# "… Defence of Human Rights", "Bank of …": capitalised words joined by "of" name an organisation
ORG_OF_RE = re.compile(rf"[{UPPER}][\w'’-]* (?:of|for|on|de|del|della|di|du|des)(?: the)? $")
NAME_TOKEN_RE = re.compile(r"^[^\W\d_][^\W\d_'’-]*(?:['’-][^\W\d_]+)*$")


def plain(token):
    return token.lower().removesuffix("'s").removesuffix("’s").rstrip("'’")


INNER_CAPITALS_RE = re.compile(r"[a-z][A-Z]{2}")
# "Secretary of State Corey Stapleton": the words after "<title> of" belong to the title; so in French after
# "<title> de (la)", "du", "des" ("le ministre de la Justice Alberto Ruiz", "président de la République")
TITLE_OF_RE = re.compile(r"\b([A-Za-z]+) of (?:the )?$|\b([^\W\d_]+) (?:de la|de|du|des) $")
HYPHEN_PREFIXES = {"co", "ex", "vice", "anti", "pro", "non", "self", "post", "pre", "mid"}
HYPHEN_WORDS = {"year", "years", "old", "elect", "designate", "based", "born", "led", "owned", "run", "author",
                "authors", "developer", "founder", "host", "star", "chair", "in", "law", "time", "winning"}
TOKEN_RE = re.compile(r"[\w'’-]+")
SENTENCE_END_RE = re.compile(r"[.!?](?:[\"”’]|\s?»)?\s+(?=[A-ZÀ-Ý“\"«])")  # (French closes a quote with « … »)
# possessives count too: on the development set they left fewer quotes credited to the wrong person
FEMALE_PRONOUN_RE = re.compile(r"\b(?:[Ss]he|[Hh]er|[Hh]ers|[Hh]erself)\b")
MALE_PRONOUN_RE = re.compile(r"\b(?:[Hh]e|[Hh]is|[Hh]im|[Hh]imself)\b")
# a sentence opening with whom its subject speaks to: "Speaking to Martin Smith of PBS, he said …"
ADDRESSEE_LEAD_RE = re.compile(r"[\"“]?(?:Speaking|Talking|Writing|Responding|Replying|Explaining|Turning)\s+(?:to|with)\s"
                               r"|[\"“]?(?:In an interview with|Asked by|Interviewed by|Questioned by)\s")
# a French sentence opening on a participle phrase whose subject is the pronoun after it ("Surpris par la
# politique du président José Ramón Bauzà, il déclara"): the names inside the phrase are not that pronoun's
FRONTED_PARTICIPLE_RE = re.compile(r"[A-ZÉ][a-zéèêëàâîïôûùç]+(?:é|ée|és|ées|is|ise|it|ite|u|ue|ant)\s[^.!?,«»]{0,160},"
                                   r"\s+(?:il|elle)\s")
NOT_NAME_SUFFIXES = ("tion", "tions", "ment", "ments", "ness", "ities", "ism", "isms", "ship", "ance", "ences", "ists")


@lru_cache(maxsize=65536)
def is_name_token(token):
    word = plain(token)
    bare = token.removesuffix("'s").removesuffix("’s")
    # capitalised, then lower case (McArthur and DeVos allowed, CCTV not)
    cased = (bare[:1].isupper() and any(c.islower() for c in bare[1:]) and sum(c.isupper() for c in bare) <= 3
             and not INNER_CAPITALS_RE.search(bare))  # "CentOS", "PlayStation"-like product names
    # "Fifteen-year-old", "President-elect", "Co-author" (but "Yu Hoi-kwan", "Moon Jae-in" are names)
    parts = word.split("-")
    hyphen_word = len(parts) > 1 and (parts[0] in HYPHEN_PREFIXES or bool(set(parts[1:]) & HYPHEN_WORDS))
    return not hyphen_word and (
        cased and not word.endswith(NOT_NAME_SUFFIXES) and
        bool(NAME_TOKEN_RE.match(bare))
        and word not in STOP_WORDS and word not in ORG_WORDS and word not in ROLE_WORDS
        and word not in TITLE_WORDS and not geo.is_country_name(word)
    )


def is_initial(token):
    return len(token) == 1 and token.isupper() and token not in "AI"


def is_title_token(token):
    word = plain(token)
    last = word.rsplit("-", 1)[-1]  # "Co-author", "Vice-president"
    return (word in TITLE_WORDS or word in ROLE_WORDS or last in TITLE_WORDS or last in ROLE_WORDS
            or geo.is_country_name(word) or token.isupper())


@dataclass(frozen=True)
class NameSpan:
    """A candidate name in a block, with the title words written before it."""

    name: str
    start: int
    end: int
    title: str
    possessive: bool = False


NAME_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
CALENDAR_WORDS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
                  "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}


def _office_of(text, start):
    """Whether a capitalised run starts right after "<title> of (the)": "Secretary of State …"."""
    before = TITLE_OF_RE.search(text, max(0, start - 40), start)
    return bool(before) and is_title_token(before.group(1) or before.group(2))


def _office_domain_words(tokens, text, start):
    """How many of a run's first words are an office's domain, not the name after it: "Minister of [Foreign
    Affairs] Wang Yi", "Secretary of [Homeland Security] Ann B Lee" — all but the last two words (three with a
    middle initial), when the run follows "<title> of"."""
    if len(tokens) < 3 or not _office_of(text, start):
        return 0
    return max(0, len(tokens) - (3 if is_initial(tokens[-2]) else 2))


def _inside_name(tokens, j):
    """A middle initial or a particle between a name's words ("Ann B Lee", "Bill de Blasio")."""
    following = tokens[j + 1:j + 2]
    if tokens[j] in NAME_PARTICLES:
        return bool(following) and (following[0] in NAME_PARTICLES or is_name_token(following[0]))
    return is_initial(tokens[j]) and bool(following) and is_name_token(following[0])


JOINING_WORDS = {"the", "and", "but", "nor", "for", "yet", "then", "also", "when", "while", "after", "before"}
WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}


def _word_as_surname(tokens, i, j):
    """"Theresa May", "Doris Day": a word that is a month or a common noun is a surname after a first name
    that name registers know, when nothing capitalised follows it (a weekday, a joining word, a title or an
    organisation's word never is: "told Ann Monday", "Regional Secretary", "Supreme Court")."""
    word = tokens[j] if j < len(tokens) else ""
    following = tokens[j + 1] if j + 1 < len(tokens) else ""
    bare = word.removesuffix("'s").removesuffix("’s")
    return (bare[:1].isupper() and bare[1:].islower() and bare.isalpha() and plain(bare) not in WEEKDAYS
            and len(bare) > 2 and plain(bare) not in JOINING_WORDS and plain(bare) not in ORG_WORDS
            and not is_title_token(bare)
            and not following[:1].isupper()
            and first_name_gender(tokens[i]) is not None)


def _may_follow_name(token):
    word = plain(token).rstrip(".")
    return word in NAME_SUFFIXES or word in CALENDAR_WORDS or is_title_token(token)


# "… director Margaret Leinen", "… chief executive Owen Blakemore": up to three lower-case words, each a title
DESCRIBES_RE = re.compile(rf"[–—-][{UPPER}]|\s+((?:[a-z][a-z-]{{1,30}}\s+){{0,2}}[a-z][a-z-]{{2,30}})\s+[{UPPER}]")


def describes_someone(text, end):
    """Whether a capitalised run ending at ``end`` is a body or a place describing someone named next: an
    officer's title follows ("… director Margaret Leinen"), or the run goes on past a dash ("African
    Export–Import Bank")."""
    match = DESCRIBES_RE.match(text, end)
    return bool(match) and (match.group(1) is None or all(is_title_token(word) for word in match.group(1).split()))


@lru_cache(maxsize=1024)
def name_spans(text):
    """Candidate full names (2–4 name tokens) in ``text``, each with the title words written before it."""
    spans = []
    for run in (PARTICLE_RUN_RE if PARTICLE_RE.search(text) else CAP_RUN_RE).finditer(text):
        if " " not in run.group():
            continue  # one capitalised word is no full name (most runs: a sentence's first word)
        tokens = run.group().split(" ")
        offsets, position = [], run.start()
        for token in tokens:
            offsets.append(position)
            position += len(token) + 1
        i = _office_domain_words(tokens, text, run.start())
        while i < len(tokens):
            if not is_name_token(tokens[i]):
                i += 1
                continue
            j = i
            while j < len(tokens) and (is_name_token(tokens[j]) or (j > i and _inside_name(tokens, j))):
                j += 1  # a middle initial ("Ann B Lee", its period taken out before) stays inside the name
                if tokens[j - 1].endswith(("'s", "’s")):
                    break  # "Hong Kong's Carrie Lam": the possessor ends here, a name may follow
            if j == i + 1 and _word_as_surname(tokens, i, j):
                j += 1
            prefix, following = tokens[:i], tokens[j] if j < len(tokens) else None
            possessive = tokens[j - 1].endswith(("'s", "’s"))
            if following is None:
                followed_by_org = False
            elif possessive:
                followed_by_org = is_name_token(following)  # a place or body whose person follows
            else:  # a capitalised word after the name that is no name either: "… Disaster Risk Reduction …"
                followed_by_org = plain(following) in ORG_WORDS or not _may_follow_name(following)
            if following is None and describes_someone(text, run.end()):
                followed_by_org = True  # "Scripps Oceanography director Ann Lee": a body, then its officer
            titled = (not prefix or is_title_token(prefix[-1]) or prefix[-1].endswith(("'s", "’s"))
                      or _office_of(text, run.start()))
            name = " ".join(t.removesuffix("'s").removesuffix("’s") for t in tokens[i:j])
            if (2 <= j - i <= 4 and titled and not followed_by_org and not media_words(name)
                    and (prefix or not ORG_OF_RE.search(text, max(0, offsets[i] - 60), offsets[i]))):
                title = " ".join(t for t in prefix if is_title_token(t))
                spans.append(NameSpan(name, offsets[i], offsets[i] + len(name), title, possessive))
            i = j
    return tuple(spans)


def named_people(text):
    """The names in ``text`` that may be someone speaking or acting: not a possessor ("Hong Kong's …")."""
    return [span for span in name_spans(text) if not span.possessive]


def fold_accents(word):
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def one_edit_apart(a, b):
    """Whether two different words differ by one letter changed, added or removed."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), len(a))
    return a[i + 1:] == b[i + 1:] if len(a) == len(b) else a[i:] == b[i + 1:]


def wanted_gender(pronoun):
    """The gender ("f" or "m") a "he" or "she" asks of the person it means."""
    return "f" if pronoun.lower() == "she" else "m"


class People:
    """The people of one article, in the order they are introduced, with their mentions."""

    def __init__(self):
        self.facts = {}
        self.mentions = []  # (block, offset, name)
        self._blocks = []
        self._by_part, self._parts_for = {}, 0  # name parts, as of that many people
        self._misspellings = {}  # part as written: the one person it may misspell
        self._folded_parts = {}
        self.full_counts = {}  # name: times written in full
        self._genders = {}

    def add(self, fact):
        known = self.resolve_name(fact.name)
        if known:
            current = self.facts[known]
            for attr in ("role", "affiliation", "outlet", "country"):
                if not getattr(current, attr) and getattr(fact, attr):
                    setattr(current, attr, getattr(fact, attr))
            return current
        self.facts[fact.name] = fact
        return fact

    def resolve_name(self, name):
        """The known person a written name means: the same name, or the same parts in another order."""
        if name in self.facts:
            return name
        parts = set(name.split())
        for known in self.facts:
            if set(known.split()) == parts:
                return known
        return None

    def find_mentions(self, blocks):
        """Every mention of a known person by full name or by one name part, in text order.

        Names are looked up by their first word and parts by a table, so the scan stays linear in the
        text however many people an article names.
        """
        self.mentions, self._blocks = [], blocks
        by_first = {}
        for name in self.facts:
            by_first.setdefault(name.split()[0], []).append(name)
        self._names_by_part()  # (built once for the lookups below)

        found = []  # (block, offset, full name or None, token)
        self.full_counts = dict.fromkeys(self.facts, 0)
        for index, text in enumerate(blocks):
            quoted = quote_spans(text)
            starts = [q.start for q in quoted]
            for match in CAPITALISED_RE.finditer(text):
                token = match.group().removesuffix("'s").removesuffix("’s")
                if token not in by_first and not self._may_mean_someone(token):
                    continue  # most capitalised words: a sentence's first, a place
                inside = bisect_right(starts, match.start()) - 1
                full = next((name for name in by_first.get(token, ()) if text.startswith(name, match.start())), None)
                if full:
                    self.full_counts[full] += 1
                if inside >= 0 and match.start() < quoted[inside].end:
                    continue  # a name inside a quote is not who the narration's "she" means
                found.append((index, match.start(), full, token))
        for index, offset, full, token in found:
            if full:
                self.mentions.append((index, offset, full))
            elif self._may_mean_someone(token):
                name = self.nearest_with_part(token, index, offset)
                if name:
                    self.mentions.append((index, offset, name))
        self.mentions.sort()

    def _may_mean_someone(self, token):
        """A lone word that is a known person's name part, or a misspelling of one."""
        return token in self._names_by_part() or (len(token) >= 5 and is_name_token(token) and self._misspelt(token))

    def _names_by_part(self):
        """{name part: the people's names with it}, rebuilt when people were added (never removed)."""
        if self._parts_for != len(self.facts):
            self._by_part, self._parts_for, self._misspellings = {}, len(self.facts), {}
            for name in self.facts:
                for part in dict.fromkeys(name.split()):
                    self._by_part.setdefault(part, []).append(name)
            self._folded_parts = {}  # first letter: [(part, part without accents)], for _misspelt
            for part in self._by_part:
                folded = fold_accents(part)
                self._folded_parts.setdefault(folded[:1], []).append((part, folded))
        return self._by_part

    def _before(self, block, offset):
        """Mentions before a position, nearest first (bounded, so lookups stay cheap)."""
        end = bisect_left(self.mentions, (block, offset, ""))
        for i in range(end - 1, max(-1, end - 500), -1):
            yield self.mentions[i]

    def mentions_between(self, block, start, end):
        """The mentions in one block between two offsets, in text order."""
        first, last = bisect_left(self.mentions, (block, start, "")), bisect_left(self.mentions, (block, end, ""))
        return self.mentions[first:last]

    def bears_part(self, part):
        """Whether anyone the article names has ``part`` in their name (or a near misspelling of it)."""
        return bool(self._names_by_part().get(part) or self._misspelt(part))

    def nearest_with_part(self, part, block, offset):
        """A lone name part means the nearest earlier full name that has it.

        When several people share it, the one written in full clearly most often is the
        article's bearer of the name ("Trump" after one mention of "Melania Trump").
        """
        sharing = self._names_by_part().get(part, []) or self._misspelt(part)
        if len(sharing) > 1:
            ranked = sorted(sharing, key=lambda name: self.full_counts.get(name, 0), reverse=True)
            if self.full_counts.get(ranked[0], 0) >= 2 * max(1, self.full_counts.get(ranked[1], 0)):
                return ranked[0]
        for _, _, name in self._before(block, offset):
            if name and part in name.split():
                return name
        return sharing[0] if sharing else None

    def _misspelt(self, part):
        """The one person whose name has a part written without its accents or one letter away from ``part``
        ("Erdogan" for Erdoğan, "Saree" for Yahya Sarea): news misspells names; a part under five letters, or
        one that fits two people, is left alone."""
        if len(part) < 5 or not part[:1].isupper():
            return []
        if part not in self._misspellings:
            folded = fold_accents(part)
            by_part = self._names_by_part()
            close = [known for known, known_folded in self._folded_parts.get(folded[:1], ())
                     if known_folded == folded or (one_edit_apart(known_folded, folded)
                                                   and folded != f"{known_folded}s")]  # "the Bidens"
            names = {name for known in close for name in by_part[known]}
            self._misspellings[part] = sorted(names) if len(names) == 1 else []
        return self._misspellings[part]

    def gender(self, name):
        """"f", "m" or None: from the person's title and role words, else from their first name where name
        registers give it to one gender nine times in ten, else from the pronouns the article uses near them
        (see ``learn_genders``: "Tomás Arregui, her cinematographer" is no woman, so the name comes first)."""
        words = set(plain(self.facts[name].role).replace("-", " ").split()) if name in self.facts else set()
        if words & FEMALE_WORDS and not words & MALE_WORDS:
            return "f"
        if words & MALE_WORDS and not words & FEMALE_WORDS:
            return "m"
        return (first_name_gender(name.split()[0]) if " " in name else None) or self._genders.get(name)

    def learn_genders(self):
        """A sentence whose first person is followed by only "she"/"her" (or only "he"/"his"/"him") tells
        that person's gender ("Pelosi said her plans …"), when the article's sentences clearly agree on it."""
        self._genders = {}
        by_sentence = {}
        for m_block, m_offset, name in self.mentions:
            text = self._blocks[m_block]
            end = SENTENCE_END_RE.search(text, m_offset)
            key = (m_block, end.start() if end else len(text))
            by_sentence.setdefault(key, (m_offset, name))
        votes = {}
        for (m_block, end), (m_offset, name) in by_sentence.items():
            rest = self._blocks[m_block][m_offset:end]
            female, male = bool(FEMALE_PRONOUN_RE.search(rest)), bool(MALE_PRONOUN_RE.search(rest))
            if female != male:
                votes.setdefault(name, Counter())["f" if female else "m"] += 1
        for name, counts in votes.items():
            (top, n), *others = counts.most_common()
            if not others or n > 2 * others[0][1]:
                self._genders[name] = top

    def pronoun_antecedent(self, pronoun, block, offset, *, within_blocks=3):
        """Who "he" or "she" means: the nearest earlier person whose gender, where the article tells it, fits
        ("Pelosi called Trump's conduct a “…”. “…,” she announced" means Pelosi); in one paragraph, one whose
        gender is told before a nearer one whose is not. None when nobody fits.
        The person a sentence opens by addressing is not its "he" ("Speaking to Martin Smith of PBS, he said")."""
        wanted = wanted_gender(pronoun)
        possessed = None  # "Pelosi called Trump's conduct …; she said": an owner is rarely who speaks next
        unknown, unknown_block = None, None  # the nearest person whose gender nothing tells, and where
        addressed_from = self._addressee_clause(block, offset)
        for m_block, m_offset, name in self._before(block, offset):
            if block - m_block > within_blocks:
                break
            gender = self.gender(name) if name else "?"
            if gender not in (wanted, None):
                continue
            if unknown and m_block != unknown_block:
                return unknown  # a fitting gender in an earlier paragraph than the nearer person's is no better
            if m_block == block and addressed_from is not None and m_offset >= addressed_from:
                continue
            written = self._blocks[m_block]
            if written.startswith(name, m_offset):
                written = written[m_offset + len(name):m_offset + len(name) + 2]
            else:
                token = TOKEN_RE.match(written, m_offset)
                written = token.group()[-2:] if token else ""
            if written in ("'s", "’s"):
                possessed = possessed or name
                continue
            if gender is None:  # "The actress Jung Eugene appeared with host Yoo Jae-suk": "she" is the
                if not unknown:  # actress, whose gender is told, before a nearer one in her paragraph whose is not
                    unknown, unknown_block = name, m_block
                continue
            return name
        return unknown or possessed

    def _addressee_clause(self, block, offset):
        """Where the sentence holding ``offset`` starts, when it opens with whom it addresses; else None."""
        text = self._blocks[block]
        start = 0
        for end in SENTENCE_END_RE.finditer(text, 0, offset):
            start = end.end()
        return start if (ADDRESSEE_LEAD_RE.match(text, start, offset)
                         or FRONTED_PARTICIPLE_RE.match(text, start, offset + 8)) else None

    def last_with_role(self, role, block, offset):
        """The person a role noun means ("the senator said"): the one introduced with that role, the most
        recently mentioned if several; None when nobody was (never simply the nearest name)."""
        holders = [name for name, fact in self.facts.items() if f" {role} " in f" {plain(fact.role)} "]
        if len(holders) == 1:
            return holders[0]
        for m_block, m_offset, name in self._before(block, offset):
            if block - m_block > 3:
                break
            if name in holders or (not holders and role in self._blocks[m_block][max(0, m_offset - 40):m_offset].lower()):
                return name  # "The ministry's spokeswoman, Ann Lee, …": the role written just before the name
        return holders[-1] if holders else None

    def resolve_written(self, written, block, offset):
        """The person a written speaker ("Chen", "Cai Youming") means at a position."""
        written = written.removesuffix("'s").removesuffix("’s").strip()
        known = self.resolve_name(written)
        if known:
            return known
        parts = written.split()
        if len(parts) == 1:
            return self.nearest_with_part(parts[0], block, offset)
        for part in reversed(parts):
            found = self.nearest_with_part(part, block, offset)
            if found:
                return found
        return None
