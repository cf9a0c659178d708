"""Quotes, their speakers and the people who say them in Russian news.

Russian news marks speech with «…» (a quote within it with „…“) and hands it to its speaker with a dash:
«…», — сказал Иван Петров. A quote broken by its attribution goes on after a second dash inside the same
marks: «…, — говорит Петров. — …». Names are inflected (по словам Ивана Петрова), so a name is read with
OpenCorpora's morphology (pymorphy3): a given name tells its case and gender, and the surname after it is put
back into the nominative by the regular endings of Russian surnames.

The speaker of a quote is found by ordered sieves, most certain first (each a function below): the
attribution inside the marks (``split_at_attributions``), ``dash_after`` (the dash after them),
``according_to`` (по словам X), ``colon_before`` (X сказал: «…»), ``reported_partial`` (a fragment inside X's
reported speech); the part after an inserted attribution keeps the speaker of the part before it, and a quote
from a document (говорится в сообщении …, согласно …) is nobody's. A pronoun or a role noun («…», — говорит
она / — считает журналистка) means the latest person named before the quote whose gender agrees with it and
its verb; an unnamed source (источник, очевидец, "один из …") is nobody.
"""
from dataclasses import dataclass
from functools import lru_cache
import re

from .facts import PersonFact, QuoteFact
from .spans import QuoteSpan

CYRILLIC_RE = re.compile(r"[а-яёА-ЯЁ]")
LETTER_RE = re.compile(r"[^\W\d_]")
WORD_RE = re.compile(r"[а-яёА-ЯЁ]+(?:-[а-яёА-ЯЁ]+)?")
CAPITALISED = r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?"
CAPITALISED_RE = re.compile(r"(?<![\w-])" + CAPITALISED + r"(?![\w-])")
SPACE_RE = re.compile(r"[ \u00a0]")
# «…, — говорит Петров. — …»: an attribution inside the marks, between two dashes
NAMED = r"(?:[^«»„“—–.!?]|«[^«»]{1,60}»|„[^„“]{1,60}“)"  # an attribution's words, a name in marks among them
INSERTED_RE = re.compile(r"(?<=[,!?…])\s+[—–]\s+(?P<attribution>" + NAMED + r"{2,160}?)[.,:]?\s+[—–]\s+(?=\S)")
# «…», — сказал Петров. / «…?» — спросила она.
DASH_AFTER_RE = re.compile(r"\s*[,.!?…]?\s*[—–]\s+(?P<attribution>(?:[^«»„“—–.!?:;]|«[^«»]{1,60}»){2,160})")
# a sentence ends at its stop (the next may open with a date: "27 июля …"), after a quote that ends as a sentence
# does («…?» Она …) or at a dash after a closing mark; a name in marks goes on (газета «Вечер» Ивана Петрова)
SENTENCE_END_RE = re.compile(r"(?:[.!?…]\s+|;\s+)(?=[А-ЯЁA-Z0-9«„\"—–])"
                             r"|(?:[.!?…]»\s+[—–]?|»\s+[—–])\s*(?=[А-ЯЁA-Z«„\"—–])")
ACCORDING_RE = re.compile(r"\b[Пп]о\s+(?:(?P<pronoun>его|ее|её|их)\s+)?(?:словам|мнению)"
                          r"(?:\s+(?P<who>[^,.:;«»—–!?]{2,80}))?")
# reporting with no one doing it, as a document's words are given: в решении сообщалось, что «…»; в отчете он
# назван «…»; в заявлении утверждается, что «…»
IMPERSONAL_REPORTING = (r"(?:(?:сообща|говори|указыва|отмеча|утвержда|заявля|подчеркива|уточня)(?:лось|ется)"
                        r"|назван[аоы]?)")
DOCUMENT_RE = re.compile(r"\b(?:говорится|сказано|указано|отмечается|написано|значится)\s+(?:в|на)\b|\b[Сс]огласно\b"
                         r"|\b" + IMPERSONAL_REPORTING + r"\b")
PRONOUNS = {"он": "masc", "она": "femn"}
# words before a role noun that make it someone unnamed ("один из волонтеров", "бывший сотрудник")
UNNAMED_MARKERS = {"один", "одна", "бывший", "бывшая", "некий", "некая", "неназванный", "неназванная", "другой",
                   "другая", "еще", "ещё"}
# sources a report leaves unnamed; any other role noun ("— поясняет активистка") means someone named before
UNNAMED = {"источник", "источники", "собеседник", "собеседница", "очевидец", "очевидица", "свидетель",
           "житель", "жительница", "жители", "пресс-служба"}


# the nouns for a source a report leaves unnamed, by their dictionary form
SOURCE_LEMMAS = {"источник", "собеседник", "собеседница"}


def _is_unnamed_source(word):
    """Whether ``word`` is источник or собеседник in the nominative, as the subject who speaks (рассказал источник,
    собеседники считают), not someone spoken to or of (собеседнику, по словам источника, источником дохода)."""
    return any(form in SOURCE_LEMMAS and "nomn" in tag for tag, form, _score in _parses(word.lower()))


@lru_cache(maxsize=1)
def _morphology():
    import pymorphy3  # loaded on the first Russian article: about 0.1 s and 15 MB

    return pymorphy3.MorphAnalyzer(lang="ru")


@lru_cache(maxsize=65536)
def _parses(word):
    return tuple((str(p.tag), p.normal_form, p.score) for p in _morphology().parse(word))


def is_cyrillic(blocks):
    """Whether most of the letters at the start of the text are Cyrillic: news in Russian (or a close
    neighbour), read by this module rather than the English rules."""
    sample = " ".join(blocks)[:3000]
    letters = len(LETTER_RE.findall(sample))
    return letters >= 40 and len(CYRILLIC_RE.findall(sample)) > letters / 2


CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")


def _given_name(word, surname="", subject_gender="", governed=False):
    """(case, gender, nominative) of ``word`` as a given name (Анна, Олега, Юлии), or None. A surname whose
    ending only one gender has (Петровой, Петровым) decides between readings; else a form that may well be a
    nominative is read as one (Яна, Евгения: a woman named, not a man's name inflected). ``subject_gender``
    is the gender of the past-tense verb whose subject the name is: a subject stands in the nominative and
    the verb agrees with it (рассказала Александра Веселова is she, not an inflected Александр Веселов). A name
    ``governed`` by the word before it, a preposition or a word in an oblique case, is no nominative (министра
    спорта России Виталия Мутко, для Евгения Котова)."""
    readings = [(score, next((c for c in CASES if c in tag), "nomn"), "femn" if "femn" in tag else "masc",
                 form.capitalize()) for tag, form, score in _parses(word) if "Name" in tag and "sing" in tag]
    if not readings or not _known(word):
        return None
    subject = [r for r in readings if r[1] == "nomn" and r[2] == subject_gender]
    if subject:
        return max(subject)[1:]
    gender = _surname_gender(surname)
    agreeing = [r for r in readings if r[2] == gender] if gender else readings
    readings = agreeing or readings
    oblique = [r for r in readings if r[1] != "nomn"]
    if governed and oblique:
        readings = oblique
    top = max(score for score, *_ in readings)
    best = next((r for r in readings if r[1] == "nomn" and r[0] >= 0.2 * top), None) or max(readings)
    return best[1:]


FEMININE_SURNAME_RE = re.compile(r"(?:[оеи]в|[иы]н|ск|цк)(?:ой|ую)$")
MASCULINE_SURNAME_RE = re.compile(r"(?:[оеи]в|[иы]н)(?:ым|у|е)$|(?:ск|цк)(?:ого|ому|им|ий)$")


@lru_cache(maxsize=65536)
def _known(word):
    """Whether the dictionary holds ``word``: a given name is one it lists (Наталья, Чарльз); a word it only
    guesses at as a name (Жилищник in ГБУ «Жилищник Пресненского района», an indeclinable surname such as
    Севастиди after Оксана) is none."""
    return _morphology().word_is_known(word.lower())


def _surname_gender(surname):
    return "femn" if FEMININE_SURNAME_RE.search(surname) else "masc" if MASCULINE_SURNAME_RE.search(surname) else ""


def _is_verb(word):
    return any(tag.startswith(("VERB", "INFN")) for tag, _form, _score in _parses(word.lower())[:2])


def _reports(attribution):
    """Whether the words after a dash hand a quote to someone: a verb among its first three words
    (— сказал Петров, — Петров говорит, — поясняет глава фонда …), not a definition (— это …, — так …)."""
    words = WORD_RE.findall(attribution)[:3]
    return bool(words) and words[0].lower() not in ("это", "так", "то") and any(_is_verb(word) for word in words)


def _is_person_noun(word):
    """A role noun for someone (журналистка, чиновник, глава): an animate noun in the nominative."""
    parses = _parses(word.lower())
    return bool(parses) and parses[0][0].startswith("NOUN,anim") and "nomn" in parses[0][0]


def _role_gender(word):
    """The sex a role noun tells: a feminine noun a woman (журналистка, активистка); a masculine one nothing, as
    Russian names a woman's post with it too (директор, юрист, представитель Анна Котова)."""
    return "femn" if _noun_gender(word) == "femn" else ""


def _noun_gender(word):
    tag = _parses(word.lower())[0][0] if _parses(word.lower()) else ""
    return "femn" if "femn" in tag else "masc" if "masc" in tag else ""


MASC_ENDINGS = (("ского", "ский"), ("скому", "ский"), ("ским", "ский"), ("ском", "ский"),
                ("цкого", "цкий"), ("цкому", "цкий"), ("цким", "цкий"), ("цком", "цкий"))
FEMN_ENDINGS = (("ской", "ская"), ("скую", "ская"), ("цкой", "цкая"), ("цкую", "цкая"))
POSSESSIVE_SURNAME_RE = re.compile(r"(?<=[оеёиы][вн])(?:а|у|ым|е)$")  # Петрова, Петрову, Петровым, Петрове
POSSESSIVE_FEMININE_RE = re.compile(r"(?<=[оеёиы][вн])(?:ой|у)$")  # Петровой, Петрову (she)


def nominative_surname(word, case, gender):
    """The surname ``word`` in the nominative, given the case and gender its given name showed: the
    dictionary's own form of a man's surname it knows in that case (Поддубным is Поддубный; its form of a
    woman's is the man's), else by the endings."""
    if case == "nomn":
        return word
    known = next((form for tag, form, _score in _parses(word)
                  if "Surn" in tag and "sing" in tag and case in tag and "masc" in tag), None)
    if known and gender == "masc":
        return known.capitalize()
    for ending, nominative in (FEMN_ENDINGS if gender == "femn" else MASC_ENDINGS):
        if word.endswith(ending):
            return word[:-len(ending)] + nominative
    if gender == "femn":
        return POSSESSIVE_FEMININE_RE.sub("а", word) if POSSESSIVE_FEMININE_RE.search(word) else word
    if POSSESSIVE_SURNAME_RE.search(word):
        return POSSESSIVE_SURNAME_RE.sub("", word)
    if case in ("gent", "accs") and re.search(r"[бвгджзклмнпрстфхцчшщ][ая]$", word):
        return word[:-1] + ("й" if word.endswith("я") else "")  # Кузнеца → Кузнец, Гайдая → Гайдай
    if case == "datv" and re.search(r"[бвгджзклмнпрстфхцчшщ]у$", word):
        return word[:-1]
    if case == "ablt" and re.search(r"[бвгджзклмнпрстфхцчшщ]ом$", word):
        return word[:-2]
    return word


SURNAME_KEY_RE = re.compile(r"(?:ого|ому|ими|ым|ом|ой|ою|ую|ая|ий|ый|ее|ем|а|у|е|ы|я|ю|и)$")


def surname_key(word):
    """The surname without its case ending: Петров, Петрова, Петровым, Петровой all give "петров"."""
    word = word.lower().replace("ё", "е")
    stripped = SURNAME_KEY_RE.sub("", word)
    return stripped if len(stripped) >= 3 else word


@dataclass
class Mention:
    at: int  # offset in the block
    end: int
    name: str  # the person's name in full, in the nominative
    gender: str
    case: str  # of the written form ("nomn" when it is the subject)


def full_names(text, subject_gender=""):
    """Every given name followed by a surname (and a patronymic between), as :class:`Mention`s; with
    ``subject_gender``, read as the subject of a verb of that gender where the name's forms allow."""
    found = []
    matches = list(CAPITALISED_RE.finditer(text))
    skip_until = -1
    for index, match in enumerate(matches):
        if match.start() < skip_until:
            continue
        if index + 1 >= len(matches) or not _given_name(match.group()):
            continue
        parts = [matches[index + 1]]
        if not SPACE_RE.fullmatch(text[match.end():parts[0].start()]):
            continue
        if _is_patronymic(parts[0].group()) and index + 2 < len(matches) and \
                SPACE_RE.fullmatch(text[parts[0].end():matches[index + 2].start()]):
            parts.append(matches[index + 2])
        surname = parts[-1].group()
        if _given_name(surname) and len(parts) == 1 and not _is_surname(surname):
            continue  # two given names in a row: a list of first names, not a person
        case, gender, given = _given_name(match.group(), surname, subject_gender, _governed(text, match.start()))
        name = " ".join([given, nominative_surname(surname, case, gender)])
        if len(parts) > 1:  # a patronymic too: "Владимира Владимировича Путина"
            name = " ".join([given, _nominative_patronymic(parts[0].group(), gender),
                             nominative_surname(surname, case, gender)])
        found.append(Mention(match.start(), parts[-1].end(), name, gender, case))
        skip_until = parts[-1].end()
    return found


LEAD_RE = re.compile(r"(?:[а-яёА-ЯЁ-]+[ \u00a0]+){1,4}$")


def _governed(text, at):
    """Whether the words right before offset ``at`` (no punctuation between) put the name after them in an oblique
    case: a preposition right before it (для Евгения Котова), or a role noun it stands beside, whose case it takes
    (министра спорта России Виталия Мутко; not владелица гаража Виктория Родина)."""
    lead = LEAD_RE.search(text[max(0, at - 60):at])
    words = lead.group().split() if lead else []
    if not words:
        return False
    last = _parses(words[-1].lower())
    if last and last[0][0].startswith("PREP"):
        return True
    for word in reversed(words):
        parses = _parses(word.lower())
        if parses and parses[0][0].startswith("NOUN,anim") and "Name" not in parses[0][0] \
                and "Surn" not in parses[0][0]:
            return not any("nomn" in tag for tag, _form, _score in parses if tag.startswith("NOUN,anim"))
    return False


def _is_patronymic(word):
    return any("Patr" in tag for tag, _form, _score in _parses(word))


def _nominative_patronymic(word, gender):
    for tag, form, _score in _parses(word):
        if "Patr" in tag:
            return form.capitalize() if gender == "masc" or form.endswith("на") else word
    return word


def _is_surname(word):
    return any("Surn" in tag for tag, _form, _score in _parses(word))


def _gender_of_verb(words):
    """The gender a past-tense verb shows (сказал / сказала), or ""."""
    for word in words:
        for tag, _form, _score in _parses(word.lower())[:1]:
            if tag.startswith("VERB") and "past" in tag:
                return "femn" if "femn" in tag else "masc" if "masc" in tag else ""
    return ""


class Cast:
    """The people of one Russian article and where each is named, in text order."""

    def __init__(self, blocks):
        self.people = {}  # name: gender
        self.blocks = blocks
        self.mentions = {}  # block: [Mention], sorted by offset
        for index, text in enumerate(blocks):
            found = full_names(text)
            for mention in found:
                self.people.setdefault(mention.name, mention.gender)
            self.mentions[index] = found
        self._by_key = {}
        for name in self.people:
            self._by_key.setdefault(surname_key(name.split()[-1]), []).append(name)
        for index, text in enumerate(blocks):  # lone surnames of people named in full: "— говорит Петрова"
            full = list(self.mentions[index])
            inside = {offset for m in full for offset in range(m.at, m.end)}
            for match in CAPITALISED_RE.finditer(text):
                if match.start() in inside or _given_name(match.group()):
                    continue
                name = self._lone_surname(match.group(), full, match.start())
                if name:
                    case = "nomn" if match.group() == name.split()[-1] else "obl"  # Петрова, not Петрову
                    self.mentions[index].append(Mention(match.start(), match.end(), name, self.people[name], case))
            self.mentions[index].sort(key=lambda m: m.at)

    def _lone_surname(self, word, full_mentions, at):
        """Whom a lone surname means: the one person of that surname, or of several (Анна and Григорий
        Шурыгин) the one named in full last before it."""
        names = self._by_key.get(surname_key(word), [])
        if len(names) <= 1:
            return names[0] if names else None
        earlier = [m.name for m in full_mentions if m.at < at and m.name in names]
        return earlier[-1] if earlier else None

    def named_in(self, text, nominative=False):
        """The people ``text`` names (a full name or a known surname), in order; with ``nominative``, only as a
        subject is written (Петров, Петрова — not по словам Петрова)."""
        found = [m.name for m in full_names(text) if not nominative or m.case == "nomn"]
        for match in CAPITALISED_RE.finditer(text):
            names = self._sharing_surname(match.group())
            if len(names) == 1 and names[0] not in found and (
                    not nominative or names[0].split()[-1] == match.group()):
                found.append(names[0])
        return found

    def _sharing_surname(self, word):
        """The people whose surname ``word`` may be; of several (Анна and Григорий Шурыгин), the one whose
        surname is written exactly so: a lone surname that speaks is a subject, in the nominative, and the
        nominative tells a woman's surname from a man's (Шурыгина, Шурыгин)."""
        names = self._by_key.get(surname_key(word), [])
        exact = [name for name in names if name.split()[-1] == word]
        return exact if len(names) > 1 and len(exact) == 1 else names

    def lone_surname_in(self, words):
        """A surname the article never gave with its first name (agency copy: «…», — заявил Песков): a
        capitalised word that may be a surname in the nominative, kept as a person as written."""
        for word in words:
            if not word[:1].isupper() or word.isupper() or len(word) < 4:
                continue
            parses = [tag for tag, _form, _score in _parses(word) if "Surn" in tag and "nomn" in tag and "sing" in tag]
            if parses:
                self.people.setdefault(word, "femn" if all("femn" in tag for tag in parses) else "masc")
                return word
        return None

    def latest_before(self, block, offset, gender, pronoun=False):
        """The person named last before ``offset`` (in this paragraph, else the two before it) whose gender is
        ``gender`` (any, when ""), or None; "" for a ``pronoun`` that carries on an unnamed source (see
        ``_source_since``). A pronoun or role noun that speaks carries on the subject of the
        sentences before it, so someone named as a subject (in the nominative) is preferred to a nearer
        person written in another case: "Петров отметил, что благодарен Сидорову. «…», — написал он" is
        Петров's."""
        fitting = [(index, mention) for index in range(block, max(-1, block - 3), -1)
                   for mention in reversed(self.mentions.get(index, []))
                   if (index < block or mention.at < offset) and (not gender or mention.gender == gender)]
        if not fitting:
            return None
        index, found = self._subject_of(fitting, block, offset)
        return "" if pronoun and self._source_since(block, found.end if index == block else 0, offset) else found.name

    def _subject_of(self, fitting, block, offset):
        """Of the (block, mention) pairs that fit, latest first, the one a pronoun or role noun carries on. The
        sentence of the latest mention decides: its subject, if it names one (Петров отметил, что благодарен
        Сидорову); else, when it is the sentence right before the quote in its paragraph and speaks of no one as
        он/она, its person whatever the case (То же самое случилось с Еленой Лунгиной. «…», — рассказывает она);
        else the subject named before (Он слышал про Бебчука: он is still the earlier subject)."""
        first_index, first = fitting[0]
        text = self.blocks[first_index]
        start = ([0] + [m.end() for m in SENTENCE_END_RE.finditer(text, 0, first.at)])[-1]
        in_sentence = [pair for pair in fitting if pair[0] == first_index and pair[1].at >= start]
        subject = next((pair for pair in in_sentence if pair[1].case == "nomn"), None)
        if subject:
            return subject
        if first_index == block and self._told_just_before(text, start, first.end, offset):
            return first_index, first
        return next((pair for pair in fitting if pair[1].case == "nomn"), fitting[0])

    @staticmethod
    def _told_just_before(text, start, end, offset):
        """Whether the sentence from ``start`` (its mention ending at ``end``) is the one right before the quote at
        ``offset`` and speaks of no one as он/она: the quote then goes on from the person it ends with."""
        return len(list(SENTENCE_END_RE.finditer(text, end, offset))) <= 1 and not any(
            word.lower() in PRONOUNS for word in WORD_RE.findall(text[start:offset]))

    def _source_since(self, block, at, offset):
        """Whether an unnamed source (источник, собеседник) is written as a subject in the paragraph between a
        person's mention and a pronoun: "он" after "рассказал источник" carries on the source, whom the article
        does not name, not the person named before him. A role noun says more (— говорит юрист) and may mean
        someone named with it."""
        return any(_is_unnamed_source(word) for word in WORD_RE.findall(self.blocks[block][at:offset]))


MARK_RE = re.compile(r"[«»„“]")


def guillemet_spans(text):
    """Quoted stretches of ``text`` in «…» (any „…“ or «…» inside kept within), or in „…“ on their own. A « left
    open at the end of the paragraph is a quote running on into the next one, or else a nested name whose
    closing mark was merged with the outer one (ГБУ «Жилищник района «Выхино»: Russian typesetting writes one »
    where two close together), closed at the first » after it."""
    spans, at = [], 0
    while True:
        found, unclosed = _paired_from(text, at)
        spans.extend(found)
        running = _running_on(text, unclosed) if unclosed is not None else []
        close = text.find("»", unclosed + 1) if unclosed is not None and not running else -1
        if close < 0:
            return spans + running
        spans.extend(_between(text, unclosed, close))
        at = close + 1


def _paired_from(text, at):
    """The spans of the marks paired from offset ``at`` on, and the opening left unclosed at the end (or None)."""
    spans, depth, opening = [], 0, None
    for match in MARK_RE.finditer(text, at):
        mark = match.group()
        if mark in "«„" and not (mark == "„" and depth):
            if depth == 0:
                opening = match.start()
            depth += 1
        elif mark in "»“" and depth and not (mark == "“" and text[opening] == "«"):
            depth -= 1
            if depth == 0 and opening is not None:
                spans.extend(_between(text, opening, match.start()))
                opening = None
    return spans, (opening if depth else None)


def _between(text, opening, closing):
    """The span inside the marks at ``opening`` and ``closing``, its spaces trimmed; none when it is empty."""
    inner = text[opening + 1:closing]
    if not inner.strip():
        return []
    start = opening + 1 + len(inner) - len(inner.lstrip())
    end = closing - (len(inner) - len(inner.rstrip()))
    return [QuoteSpan(text[start:end], start, end, opening, closing)]


def _running_on(text, opening):
    """A quote left open at the end of its paragraph: a quote of several paragraphs, each opened with «, closed
    only at the end of the last. Its part here is a quote when it opens a sentence and reads as sentences (four
    words or more, ending as a sentence does); a name whose closing mark was dropped (ГБУ «Жилищник района
    «Выхино») opens no sentence."""
    inner = text[opening + 1:].rstrip()
    lead = text[:opening].rstrip()
    if lead and lead[-1] not in ".!?…:" or len(inner.split()) < 4 or inner[-1:] not in ".!?…":
        return []
    start = opening + 1 + len(inner) - len(inner.lstrip())
    return [QuoteSpan(text[start:opening + 1 + len(inner)], start, opening + 1 + len(inner), opening, len(text))]


def _carry_across_paragraphs(quotes, blocks):
    """A quote of several paragraphs has one speaker: a paragraph that goes on a quote left open before it
    (it opens with «) takes the speaker named in the paragraph before, and a paragraph left open takes the one
    named where the quote ends."""
    opens = {quote.block: quote for quote in quotes if blocks[quote.block][:quote.start].strip() == "«"}
    running = {quote.block: quote for quote in quotes if quote.end == len(blocks[quote.block].rstrip())
               and _left_open(blocks[quote.block])}
    for block in sorted(running):
        following = opens.get(block + 1)
        if following and not following.speaker:
            following.speaker = running[block].speaker
            following.credited_by = RU_RUNNING_QUOTE if following.speaker else ""
    for block in sorted(running, reverse=True):
        following = opens.get(block + 1)
        if following and not running[block].speaker:
            running[block].speaker = following.speaker
            running[block].credited_by = RU_RUNNING_QUOTE if following.speaker else ""


def _left_open(text):
    """Whether a paragraph ends inside a quote: more « than » in it."""
    return text.count("«") > text.count("»")


def split_at_attributions(span):
    """A quote broken by its attribution («…, — говорит X. — …») as its parts: [(part, attribution or "")]."""
    parts, start = [], span.start
    for match in INSERTED_RE.finditer(span.text):
        if not _reports(match.group("attribution")):
            continue
        text = span.text[start - span.start:match.start()].rstrip(",")
        parts.append((QuoteSpan(text, start, start + len(text), span.open_at, span.close_at),
                      match.group("attribution")))
        start = span.start + match.end()
    rest = span.text[start - span.start:]
    parts.append((QuoteSpan(rest, start, span.end, span.open_at, span.close_at), ""))
    return parts


# «…», — сказал Петров: a quote without its own closing punctuation takes a comma before the dash
COMMA_DASH_RE = re.compile(r"\s*,\s*[—–]\s+(?P<attribution>(?:[^«»„“—–.!?:;]|«[^«»]{1,60}»){2,160})")


def _handed_by_dash(span, text):
    """Whether a dash after the closing mark hands the passage to a speaker. Russian punctuation puts a comma
    between the marks and the dash of an attribution («Хорошо», — сказал он); a dash straight after a name in
    marks opens an apposition or a new clause about it («Вера» — она выиграла тендер; «Газпром-медиа» — компания
    хотела …), which may have a verb but hands nothing over."""
    attributed = COMMA_DASH_RE.match(text, span.close_at + 1)
    return bool(attributed) and _reports(attributed.group("attribution"))


# what may follow a passage a colon introduced when it is said words: the end of the sentence or a clause
AFTER_INTRODUCED_RE = re.compile(r"\s*(?:$|[.;!?)…]|,(?!\s*[«„])|\s+[—–]\s)")


def _introduced_by_colon(span, text):
    """Whether a colon introduces the passage and the sentence ends with it (он сказал: «Раздевайся». / как
    говорит им: «Какие ласточки», …): what follows a colon in marks is the words given, however short. Not a
    list of names after a colon («Газпром», «Роснефть» …) nor a name that opens a new clause (Sports.ru: «Матч
    ТВ» подал в суд)."""
    return text[:span.open_at].rstrip().endswith(":") and bool(AFTER_INTRODUCED_RE.match(text, span.close_at + 1))


# nouns for the kinds of things that bear names in marks: bodies and firms, outlets, works, events, places
NAMED_KINDS = {
    "фонд", "компания", "организация", "ооо", "зао", "оао", "пао", "ао", "ано", "гбу", "гуп", "фгуп", "нко", "фирма",
    "агентство", "холдинг", "объединение", "движение", "партия", "союз", "газета", "журнал", "издание", "телеканал",
    "канал", "радиостанция", "программа", "передача", "шоу", "фильм", "сериал", "книга", "роман", "спектакль",
    "песня", "альбом", "клип", "проект", "акция", "фестиваль", "конкурс", "тренинг", "курс", "магазин", "отель",
    "гостиница", "ресторан", "кафе", "клуб", "центр", "банк", "завод", "комбинат", "заметка", "статья", "колонка",
    "заголовок", "название", "имя", "псевдоним", "рубрика", "операция", "сообщество", "паблик", "сайт", "портал",
    "приложение", "бренд", "марка", "театр", "студия", "выставка", "премия",
}
# nouns for the kinds of terms given in marks, whatever their case: диагноз «…», звание «…»
TERM_KINDS = {"диагноз", "звание", "статус", "термин", "категория", "номинация", "титул"}
KIND_BEFORE_RE = re.compile(r"([а-яёА-ЯЁ]+)\s*$")


def _named_by_kind(span, text):
    """Whether the passage is the name of the thing the word before it names: фонд «Скажи наркотикам — нет!»,
    тренинги «Энергия денег», под названием «Я буду петь», заметка «Виноват завод. Почему …?». A name or title
    opens with a capital, however long or sentence-like it is; a lower-case fragment there (издание «продавало
    им контент») is still someone's words. A body's form in capitals names it too (ГАУ «Центр реабилитации»), and
    after a noun for a term (диагноз, звание) a passage of any case is that term."""
    before = KIND_BEFORE_RE.search(text[max(0, span.open_at - 40):span.open_at])
    if not before:
        return False
    if _is_kind(before.group(1), TERM_KINDS):
        return True
    if not span.text[:1].isupper():
        return False
    return before.group(1).isupper() and len(before.group(1)) >= 2 or _is_kind(before.group(1), NAMED_KINDS)


def _is_kind(word, kinds):
    word = word.lower()
    return word in kinds or any(tag.startswith("NOUN") and form in kinds for tag, form, _score in _parses(word)[:2])


def _name_in_apposition(span, text):
    """Whether a capitalised passage without closing punctuation is a name that a dash explains (жили в «Родина
    Гранд Отель и Спа» — люксовом отеле …; «Город без стен» — так назывался фильм): a dash with no comma before
    it and no verb of speech after it. Said words that end so are handed over by the dash («Мы не уйдем» —
    говорит Петрова)."""
    if not span.text[:1].isupper() or span.text.rstrip()[-1:] in ".!?…,":
        return False
    bare = DASH_AFTER_RE.match(text, span.close_at + 1)
    if not bare or text[span.close_at + 1:bare.start("attribution")].strip()[:1] not in "—–":
        return False
    return not _reports(bare.group("attribution"))


def is_speech(span, text):
    """Words someone said rather than a name or a term in quotation marks (ООО «Ромашка», фонд «Подари
    жизнь», «мягкий инвентарь»): a short passage counts when it ends as a sentence does, is handed to a speaker
    by a dash, or is a lower-case fragment with a verb in it."""
    words = span.text.split()
    if not words or _named_by_kind(span, text) or _name_in_apposition(span, text):
        return False
    if span.text.rstrip()[-1:] in ".!?…," or len(words) >= 5:
        return True
    if _handed_by_dash(span, text) or _introduced_by_colon(span, text):
        return True
    # a fragment of someone's words (назвал это «тупо ходить с ящиком», «не по адресу»), not a term of two
    # words without a verb («гражданские активисты», «мягкий инвентарь»)
    return not words[0][:1].isupper() and (len(words) >= 3 or any(_is_verb(word) for word in words)
                                           or _in_reported_speech(text, span))


def _in_reported_speech(text, span):
    """Whether the sentence leading up to a lower-case fragment reports someone's words (Петров объяснил, что ему
    стало «скучновато»; назвал их «оборотнями»): a word or two in marks there is what was said, where in a
    sentence that reports nothing it is a term (специальность «оператор ЭВМ»)."""
    return any(tag.startswith("VERB") and form in REPORTING_LEMMAS
               for word in WORD_RE.findall(_sentence_before(text, span.open_at))
               for tag, form, _score in _parses(word.lower())[:1])


def _subject(attribution, cast, block, offset):
    """Who an attribution's words name as the speaker: a name, a known surname, or a pronoun or role noun
    for someone named before (the verb's gender must agree); "" for an unnamed source; None for no one."""
    if not _reports(attribution):
        return None
    words = WORD_RE.findall(attribution)
    verb_gender = _gender_of_verb(words)
    names = [m.name for m in full_names(attribution, verb_gender) if m.case == "nomn"]
    if names:
        if verb_gender:  # the person as the verb reads her, among the article's people
            cast.people.setdefault(names[-1], verb_gender)
        return names[-1]
    if _relation_of_someone(attribution):
        return ""
    known = cast.named_in(attribution)
    for word in words:
        lower = word.lower()
        if lower in PRONOUNS:
            gender = PRONOUNS[lower]
            if verb_gender and verb_gender != gender:
                return None
            return cast.latest_before(block, offset, gender, pronoun=True)
    if known:
        return known[-1]
    lone = cast.lone_surname_in(words[1:])
    if lone:
        return lone
    for position, word in enumerate(words):
        if word.lower() in UNNAMED:
            return ""
        if _is_person_noun(word) and not _is_verb(word):
            if position and words[position - 1].lower() in UNNAMED_MARKERS:
                return ""  # "— говорит бывший топ-менеджер канала": someone the article does not name
            return cast.latest_before(block, offset, verb_gender or _role_gender(word))
    return None


# nouns for someone by their tie to another person, who follows in the genitive: знакомый Петрова, жена Петрова
RELATIONS = {"знакомый", "знакомая", "друг", "подруга", "приятель", "приятельница", "мать", "отец", "жена", "муж",
             "сын", "дочь", "брат", "сестра", "родственник", "родственница", "сосед", "соседка", "коллега",
             "помощник", "помощница", "адвокат", "однокурсник", "одноклассник",
             "сослуживец", "соратник", "подчиненный", "подчиненная", "бабушка", "дедушка", "вдова"}


RELATION_RE = re.compile(r"(?<![\w-])(?P<relation>[а-яё]+)\s+" + CAPITALISED)


def _relation_of_someone(attribution):
    """Whether the words speaking name someone by their tie to a person named right after it (— рассказывает
    знакомый Петрова): the speaker is the acquaintance, whom the article does not name, not Петров."""
    return any(match.group("relation") in RELATIONS for match in RELATION_RE.finditer(attribution))


def _sentence_before(text, at):
    """The sentence (or its part after the last closing quote) that leads up to offset ``at``."""
    before = text[max(0, at - 400):at]
    pieces = SENTENCE_END_RE.split(before)
    return pieces[-1] if pieces else ""


def according_to(text, span, cast, block):
    """«…», по словам X / По словам X, «…» / по его словам / по мнению X: X, in the sentence around the quote."""
    window = _sentence_before(text, span.open_at) + " " + text[span.close_at + 1:span.close_at + 120].split(".")[0]
    match = ACCORDING_RE.search(window)
    if not match:
        return None
    if match.group("pronoun") in ("его", "ее", "её"):
        gender = "masc" if match.group("pronoun") == "его" else "femn"
        return cast.latest_before(block, span.open_at, gender, pronoun=True) or ""
    who = match.group("who") or ""
    names = [m.name for m in full_names(who)] or cast.named_in(who)
    if names:
        return names[0]
    role = _role_named(WORD_RE.findall(who))
    return (cast.latest_before(block, span.open_at, _role_gender(role)) or "") if role else ""


def _role_named(words):
    """The role noun that opens по словам's words (по словам юриста, по мнению активистки): someone the article
    named before, as a role noun after a dash is. None for an unnamed source (источника, одного из …, собеседника
    «Медузы») or words that name no person."""
    if not words:
        return None
    word = words[0].lower()
    parses = _parses(word)
    lemma = parses[0][1] if parses else word
    if word in UNNAMED_MARKERS or lemma in UNNAMED_MARKERS:
        return None
    if not parses or not parses[0][0].startswith("NOUN,anim") or "gent" not in parses[0][0]:
        return None
    return None if lemma in UNNAMED or lemma in SOURCE_LEMMAS or "plur" in parses[0][0] else words[0]


def colon_before(text, span, cast, block):
    """X сказал: «…» / Петров: «…» / Она рассказала: «…»: the sentence before ends in a colon."""
    sentence = _sentence_before(text, span.open_at)
    if not sentence.rstrip().endswith(":"):
        return None
    return _name_at_colon(sentence, cast) or reporting_subject(sentence, cast, block, span.open_at)


def _name_at_colon(sentence, cast):
    """A person named right before the colon, as its subject (Петров: «…») or as the agent of a participle
    (версия, высказанная редактором Николаем Петровым: «…»): the words after a colon belong to the name that
    introduces them. A name in the genitive or dative there is someone else's relation (помощнице Петрова: «…»
    quotes the assistant)."""
    lead = sentence.rstrip()[:-1].rstrip()
    mentions = [m for m in full_names(lead) if m.end == len(lead) and m.case in ("nomn", "ablt")]
    if mentions:
        cast.people.setdefault(mentions[-1].name, mentions[-1].gender)
        return mentions[-1].name
    last = list(CAPITALISED_RE.finditer(lead[-60:]))
    if last and last[-1].end() == len(lead[-60:]):
        names = cast.named_in(last[-1].group(), nominative=True)
        return names[0] if len(names) == 1 else None
    return None


def reporting_subject(sentence, cast, block, at):
    """The subject of the reporting sentence leading up to ``at``: a name written in the nominative, a known
    surname, or a pronoun (for the person named last before, of its gender)."""
    words = WORD_RE.findall(sentence)
    verbs = [w for w in words if _is_verb(w)]
    if not verbs:
        return None
    before_verb = _subject_before_verb(sentence, words, cast, block, at)
    if before_verb is not None:
        return before_verb
    known = cast.named_in(sentence, nominative=True)
    if known:
        return known[0]
    if any(word.lower() in UNNAMED for word in words):
        return ""  # "источник «Медузы» рассказал, что …": a source left unnamed
    lone = cast.lone_surname_in([w for w in words if not _is_verb(w)][:3])
    if lone:
        return lone
    first = words[0].lower() if words else ""
    if first in PRONOUNS or (len(words) > 1 and words[1].lower() in PRONOUNS and not _is_verb(words[0])):
        pronoun = first if first in PRONOUNS else words[1].lower()
        return cast.latest_before(block, at - len(sentence), PRONOUNS[pronoun], pronoun=True)
    return None


# words that open a subordinate clause: a pronoun right after one is that clause's subject (В интервью, которое она
# дала, Петрова сказала …), not the reporting sentence's
CLAUSE_OPENERS = {"который", "которая", "которое", "которые", "которого", "которой", "которую", "которым", "котором",
                  "которых", "что", "чтобы", "когда", "если", "хотя", "пока", "где", "куда", "как"}


def _subject_before_verb(sentence, words, cast, block, at):
    """The subject written before the sentence's first verb, as a Russian subject mostly is: an unnamed source
    (собеседник «Медузы» считает, что Петров …: not Петров, who is talked about) or a pronoun however far into the
    sentence (В тот день она сказала: «…»), unless a subordinate clause opens with it (которое она дала). None
    when the words before the verb show neither."""
    first_verb = next((i for i, word in enumerate(words) if _is_verb(word)), len(words))
    lead = [word.lower() for word in words[:first_verb]]
    if any(word in UNNAMED for word in lead):
        return ""
    pronoun = next((word for position, word in enumerate(lead) if word in PRONOUNS
                    and not (position and lead[position - 1] in CLAUSE_OPENERS)), None)
    if pronoun and not cast.named_in(" ".join(words[:first_verb]), nominative=True):
        return cast.latest_before(block, at - len(sentence), PRONOUNS[pronoun], pronoun=True)
    return None


def dash_after(text, span, cast, block):
    """«…», — сказал X. The attribution after the closing mark, by its dash."""
    match = DASH_AFTER_RE.match(text, span.close_at + 1)
    if not match:
        return None
    return _subject(match.group("attribution"), cast, block, span.open_at)


# «…», сообщила представитель СК Юлия Иванова: a reporting clause after a comma, without a dash
COMMA_AFTER_RE = re.compile(r"\s*,\s+(?P<attribution>(?:[^«»„“—–.!?:;]|«[^«»]{1,60}»){2,160})")
# the verbs that report speech, by their dictionary form: after a comma no other verb hands a quote over
# («…», которую возглавляет Петров names who heads a body)
REPORTING_LEMMAS = {
    "сказать", "говорить", "заявить", "заявлять", "сообщить", "сообщать", "рассказать", "рассказывать",
    "отметить", "отмечать", "пояснить", "пояснять", "объяснить", "объяснять", "добавить", "добавлять",
    "подчеркнуть", "подчёркивать", "подчеркивать", "уточнить", "уточнять", "написать", "писать", "заметить",
    "ответить", "отвечать", "утверждать", "указать", "указывать", "признаться", "признать", "считать",
    "пожаловаться", "жаловаться", "вспоминать", "вспомнить", "прокомментировать", "комментировать",
    "предупредить", "уверять", "заверить", "настаивать", "назвать", "называть", "возмущаться", "цитировать",
    "подтвердить", "подтверждать", "пообещать", "обещать", "обвинить", "обвинять", "призвать", "призывать",
    "потребовать", "требовать", "попросить", "просить", "возразить", "возражать", "повторить", "повторять",
    "предложить", "предлагать", "упомянуть", "упоминать",
}


def comma_after(text, span, cast, block):
    """«…», сообщила X / «…», «Медузе» также сообщал X: news also hands a quote inside its sentence to its
    speaker with a comma and a verb of speech after it, no dash between; the verb must open the clause (its
    first three words), and a relative clause («…», который сказал …) is about someone else."""
    match = COMMA_AFTER_RE.match(text, span.close_at + 1)
    if not match:
        return None
    words = WORD_RE.findall(match.group("attribution"))[:3]
    if not words or words[0].lower() in ("который", "которая", "которое", "которые", "что", "как", "чтобы"):
        return None
    if not any(form in REPORTING_LEMMAS for word in words for tag, form, _score in _parses(word.lower())[:1]
               if tag.startswith("VERB")):
        return None
    named = [m.name for m in full_names(match.group("attribution"), _gender_of_verb(words)) if m.case == "nomn"]
    return named[-1] if named else None


def reported_partial(text, span, cast, block):
    """A fragment inside reported speech (Петров назвал это «…»): the reporting sentence's subject, when the
    quote stands inside the sentence rather than opening it."""
    sentence = _sentence_before(text, span.open_at)
    if not sentence.strip() or sentence.rstrip().endswith((":", ".")):
        return None
    return reporting_subject(sentence, cast, block, span.open_at)


def quotes_within(text, part):
    """The passages in marks inside a quote that a colon introduces (…, — вспоминает Петров. — Тогда она сказала:
    „Уходите“»): the speaker retelling what someone else said. Names and titles inside a quote („Мост добра“)
    have no colon before them."""
    found, depth, opening = [], 0, None
    for match in MARK_RE.finditer(text, part.start, part.end):
        if match.group() in "«„":
            opening = match.start() if depth == 0 else opening
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0 and text[part.start:opening].rstrip().endswith(":"):
                found.extend(_between(text, opening, match.start()))
    return found


def _words_quoted_within(text, part, speaker, cast, block):
    """QuoteFacts for the words retold inside a quote (see ``quotes_within``), listed before the quote that holds
    them. Whoever the retelling sentence names as its subject said them; "я" is the speaker of the quote."""
    facts = []
    for inner in quotes_within(text, part):
        sentence = re.split(r"[»“]", _sentence_before(text, inner.open_at)[-(inner.open_at - part.start):])[-1]
        words = [word.lower() for word in WORD_RE.findall(sentence)]
        before_verb = words[:next((i for i, word in enumerate(words) if _is_verb(word)), len(words))]
        said_by = speaker if "я" in before_verb else reporting_subject(sentence, cast, block, inner.open_at)
        facts.append(QuoteFact(text=inner.text, speaker=said_by or None, block=block, start=inner.start,
                               end=inner.end, credited_by=RU_RETOLD if said_by else ""))
    return facts


# the passes a quote is credited by: the attribution a dash sets inside the quote, then the sieves in order, the
# words retold inside a quote, and a quote running on across paragraphs
RU_DASH_INSIDE, RU_RETOLD, RU_RUNNING_QUOTE = "ru-dash-inside", "ru-retold", "ru-running-quote"
SIEVES = (("ru-dash-after", dash_after), ("ru-according-to", according_to), ("ru-colon", colon_before),
          ("ru-reported", reported_partial), ("ru-comma-after", comma_after))


def quotes_and_people(blocks):
    """The quotes of a Russian article with their speakers, and the people it names (PersonFacts)."""
    cast = Cast(blocks)
    quotes = []
    for block, text in enumerate(blocks):
        for span in guillemet_spans(text):
            parts = split_at_attributions(span) if span.text.count("—") + span.text.count("–") else [(span, "")]
            if len(parts) == 1 and not is_speech(span, text):
                continue
            speaker, credited_by = None, ""
            _first, attribution = parts[0]
            if attribution:
                speaker, credited_by = _subject(attribution, cast, block, span.open_at), RU_DASH_INSIDE
            elif not DOCUMENT_RE.search(_sentence_before(text, span.open_at)):
                for credited_by, sieve in SIEVES:
                    speaker = sieve(text, span, cast, block)
                    if speaker is not None:
                        break
            for part, _ in parts:
                if part.text.strip():
                    quotes.extend(_words_quoted_within(text, part, speaker, cast, block))
                    quotes.append(QuoteFact(text=part.text.strip(), speaker=speaker or None, block=block,
                                            start=part.start, end=part.end, credited_by=credited_by if speaker else ""))
    _carry_across_paragraphs(quotes, blocks)
    people = [PersonFact(name=name) for name in cast.people]
    return quotes, people

