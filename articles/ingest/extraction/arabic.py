"""Quotes, their speakers and the people who say them in Arabic news.

Arabic news hands a quote over with a reporting verb, the speaker's title and the name, then a colon:
وقال رئيس الوفد نور سادیکوف: «…» — or puts the verb after the quote: «…»، قال سادیکوف. Arabic has no capital
letters, so a name is told by where it stands: after the verb, past the title words (a title noun, a word with
the article ال, باسم), up to the colon or a preposition, four words at most. A verb of continuing with no name
(وأضاف: «…») is the last named speaker's.
"""
import re

from .facts import PersonFact, QuoteFact

ARABIC_RE = re.compile(r"[\u0600-\u06ff]")
QUOTE_RE = re.compile(r"[«“\"](?P<inner>[^«»“”\"]{2,3000})[»”\"]")
VERBS = ("قال", "قالت", "أكد", "أكدت", "أضاف", "أضافت", "أوضح", "أوضحت", "صرح", "صرحت", "ذكر", "ذكرت", "أشار",
         "أشارت", "تابع", "تابعت", "اعتبر", "اعتبرت", "شدد", "شددت", "لفت", "لفتت", "كتب", "كتبت", "يقول", "تقول")
CONTINUING = {"أضاف", "أضافت", "تابع", "تابعت"}  # "he added", "he went on": the speaker before
# the titles before a name (رئيس الوفد, وزير الخارجية, المتحدث باسم …): nouns that take the next word as theirs
TITLE_NOUNS = {"رئيس", "رئيسة", "وزير", "وزيرة", "مدير", "مديرة", "سفير", "سفيرة", "نائب", "أمين", "عضو", "مستشار",
               "مساعد", "ممثل", "ممثلة", "محافظ", "قائد", "عميد", "مراسل", "مراسلة", "رئيسه", "باسم", "عام", "عامة",
               # the bodies a title belongs to (المتحدثة باسم وزارة الخارجية …)
               "وزارة", "هيئة", "مجلس", "جامعة", "شركة", "وكالة", "منظمة", "مكتب", "إدارة", "دائرة", "حكومة", "سفارة"}
# a word with a preposition and the article joined to it (للصحفيين "to the journalists"): the name has ended
JOINED_PREPOSITION = ("لل", "بال", "كال", "وال")
STOPS = {"إن", "ان", "أن", "في", "من", "إلى", "الى", "على", "خلال", "عن", "مع", "بعد", "قبل", "لـ", "لوكالة", "إنه",
         "إنها", "أنه", "أنها", "إننا", "قائلا", "قائلة", "اليوم", "أمس", "لـ«", "ل"}
WORD_RE = re.compile(r"[\u0600-\u06ff]+")
VERB_RE = re.compile(r"(?<![\u0600-\u06ff])[وف]?(?P<verb>" + "|".join(sorted(VERBS, key=len, reverse=True))
                     + r")(?![\u0600-\u06ff])")


def is_arabic(blocks):
    """Whether most of the text's letters are Arabic: read by this module."""
    sample = "".join(blocks)[:2000]
    letters = sum(1 for c in sample if c.isalpha())
    return letters >= 20 and len(ARABIC_RE.findall(sample)) > letters / 2


def name_after_verb(clause):
    """The name in the words after a reporting verb: past its titles, up to a preposition, four words at most;
    "" when only titles follow (a source described, not named)."""
    words = WORD_RE.findall(clause)
    start = 0
    while start < len(words) and (words[start].startswith(("ال", "لل")) or words[start] in TITLE_NOUNS):
        start += 1
    name = []
    for word in words[start:]:
        if word in STOPS or word in VERBS or word.startswith(JOINED_PREPOSITION) or len(name) == 4:
            break
        name.append(word)
    return " ".join(name) if len(name) >= 2 else ""


def _speaker_before(text, start):
    """(written name, verb) of the reporting clause that ends right before a quote, or None."""
    before = re.split(r"[.!؟?»”]", text[max(0, start - 160):start])[-1]
    verbs = list(VERB_RE.finditer(before))
    if not verbs or not re.search(r"[:،,]\s*$", before):
        return None
    verb = verbs[-1]
    return name_after_verb(before[verb.end():]), verb.group("verb")


def _speaker_after(text, end):
    after = re.match(r"\s*[،,]?\s*" + VERB_RE.pattern + r"(?P<rest>[^.،:«»]{0,80})", text[end:end + 120])
    return name_after_verb(after.group("rest")) if after else ""


# the passes a quote is credited by: the reporting verb before it, the one after it, "he added" going on
AR_VERB_BEFORE, AR_VERB_AFTER, AR_CONTINUING = "ar-verb-before", "ar-verb-after", "ar-continuing"


def quotes_and_people(blocks):
    """The quotes of an Arabic article with their speakers, and the people who speak (PersonFacts)."""
    quotes, people, last = [], {}, None
    for block, text in enumerate(blocks):
        for match in QUOTE_RE.finditer(text):
            inner = match.group("inner").strip()
            before = _speaker_before(text, match.start())
            speaker = before[0] if before else ""
            credited_by = AR_VERB_BEFORE
            if not speaker:
                speaker, credited_by = _speaker_after(text, match.end()), AR_VERB_AFTER
            if not speaker and before and before[1] in CONTINUING:
                speaker, credited_by = last or "", AR_CONTINUING
            elif not speaker and before:
                last = None  # an unnamed source spoke: a "he added" after it is not the named speaker before
            if not speaker and not before and len(inner.split()) < 4:
                continue  # a name or a term in marks, not speech
            if speaker:
                people.setdefault(speaker, PersonFact(name=speaker))
                last = speaker
            quotes.append(QuoteFact(text=inner, speaker=speaker or None, block=block, start=match.start("inner"),
                                    end=match.end("inner"), credited_by=credited_by if speaker else ""))
    return quotes, list(people.values())
