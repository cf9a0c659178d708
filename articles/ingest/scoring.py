"""Extraction measured against the hand-annotated development set (``corpus/extraction/devset.json``).

Each annotated passage is matched to the extracted quote that holds its opening words; then: quote detection
(precision, recall, F1 — a passage labelled "not a quote" that is extracted counts against precision),
speaker accuracy (of the detected quotes by a named person, the share credited to that person), speaker
precision (of the detected quotes given a speaker, the share given the right one — a speaker put on an
organisation's or an unnamed source's words is wrong), organisation sources, and the share of extracted
people and outlets that are people and outlets. It is a development set: rules that fit only it will not
carry to the news it has not seen.
"""
from collections import Counter, defaultdict
from dataclasses import dataclass, field
import json
import re
import unicodedata

from django.conf import settings

from . import clean_text, extract
from .extraction.outlets import outlet_key

HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "prof", "sen", "rep", "gov", "gen", "president", "pope", "judge",
              "justice", "sir", "lord", "lady", "king", "queen", "prince", "princess", "assemblywoman", "emeritus"}


def devset_path():
    return settings.BASE_DIR / "corpus" / "extraction" / "devset.json"


def _plain(text):
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^\w]+", " ", text).strip()


def opening(text, length=24):
    return _plain(text)[:length]


def name_tokens(name):
    return [t for t in _plain(name).replace("-", " ").split() if t not in HONORIFICS]


def same_person(extracted, gold):
    """A name written as the annotation gives it, or a shorter or longer form of it: the same surname
    ("Erdogan" for "Recep Tayyip Erdoğan", "Mary Munk" for "Mary"), or a given name and the first of two
    surnames ("Wanda Vázquez" for "Wanda Vázquez Garced")."""
    mine, theirs = name_tokens(extracted or ""), name_tokens(gold or "")
    if not mine or not theirs:
        return False
    if mine == theirs:
        return True
    shorter, longer = sorted((mine, theirs), key=len)
    if not set(shorter) <= set(longer):
        return False
    return shorter[-1] == longer[-1] or len(shorter) == 1 or (shorter[0] == longer[0] and shorter[1] == longer[1])


BODY_FILLER = {"the", "of", "and", "for", "s", "in", "on", "at"}


def same_organisation(extracted, gold):
    """An organisation credited as the annotation names it, or by a shorter or longer form of that name
    ("Toronto Police" for "Toronto Police Service", "Ministry of Commerce" for "the ministry"), or by its
    initials ("NHC" for "National Hurricane Center"). Crediting some other body is wrong."""
    mine = [w for w in _plain(extracted or "").split() if w not in BODY_FILLER]
    theirs = [w for w in _plain(gold or "").split() if w not in BODY_FILLER]
    if not mine or not theirs:
        return False
    shorter, longer = sorted((mine, theirs), key=len)
    initials = "".join(word[0] for word in longer)
    return set(shorter) <= set(longer) or (len(shorter) == 1 and shorter[0] == initials)


def _ratio(part, whole):
    return round(part / whole, 3) if whole else None


@dataclass
class Score:
    detected: int = 0  # annotated quotes found
    missed: int = 0
    spurious: int = 0  # extracted quotes that are no quote (or no annotated passage)
    person_quotes: int = 0  # detected quotes by a named person
    person_total: int = 0
    right_speaker: int = 0
    given_speaker: int = 0
    wrong: list = field(default_factory=list)  # (row, quote opening, expected, extracted)
    organisation_quotes: int = 0
    organisation_no_person: int = 0
    organisation_credited: int = 0
    by_construction: dict = field(default_factory=lambda: defaultdict(Counter))
    people: Counter = field(default_factory=Counter)
    outlets: Counter = field(default_factory=Counter)
    unjudged_people: set = field(default_factory=set)
    unjudged_outlets: set = field(default_factory=set)
    organisations: set = field(default_factory=set)
    by_pass: dict = field(default_factory=lambda: defaultdict(Counter))  # pass: {"right": n, "wrong": n}

    def figures(self):
        precision = _ratio(self.detected, self.detected + self.spurious)
        recall = _ratio(self.detected, self.detected + self.missed)
        f1 = round(2 * precision * recall / (precision + recall), 3) if precision and recall else None
        return {
            "quote_precision": precision, "quote_recall": recall, "quote_f1": f1,
            "speaker_accuracy": _ratio(self.right_speaker, self.person_quotes),
            "speaker_precision": _ratio(self.right_speaker, self.given_speaker),
            "speaker_recall": _ratio(self.right_speaker, self.person_total),
            "organisation_not_a_person": _ratio(self.organisation_no_person, self.organisation_quotes),
            "organisation_credited": _ratio(self.organisation_credited, self.organisation_quotes),
            "people_precision": _ratio(self.people[True], self.people[True] + self.people[False]),
            "outlet_precision": _ratio(self.outlets[True], self.outlets[True] + self.outlets[False]),
            "quotes_annotated": self.detected + self.missed, "person_quotes_annotated": self.person_total,
            "unjudged_people": len(self.unjudged_people), "unjudged_outlets": len(self.unjudged_outlets),
            "organisations": len(self.organisations),
        }


def _match(annotated, extracted):
    """{annotated index: extracted quote} by opening words, each extracted quote used once. Quotes are
    matched first; a passage labelled "not a quote" (a name or title in quotation marks) only by an extracted
    quote that is that passage, not by a quote that has the name inside it."""
    matches, used = {}, set()
    order = sorted(range(len(annotated)), key=lambda index: annotated[index]["kind"] == "not a quote")
    for index in order:
        gold = annotated[index]
        key = opening(gold["text"])
        whole = _plain(gold["text"])
        for position, quote in enumerate(extracted):
            if position in used:
                continue
            text = _plain(quote.text)
            if gold["kind"] == "not a quote":
                found = text == whole
            else:
                found = text.startswith(key) or (len(text) >= 12 and key.startswith(text[:24])) or key in text
            if found:
                matches[index] = quote
                used.add(position)
                break
    return matches, [q for position, q in enumerate(extracted) if position not in used]


def credit_is_right(quote, gold):
    """Whether the person or body a quote is credited with is its labelled source: the person for a person's
    words; the body, and no person, for an organisation's or a document's; for an unnamed source ("a spokesman
    for Stockport Council") only the body it speaks for; nobody for a passage that is no one's words."""
    kind = gold["kind"]
    if kind == "person":
        return bool(quote.speaker) and same_person(quote.speaker, gold["source"])
    if kind in ("organisation", "document", "unnamed"):
        return not quote.speaker and same_organisation(quote.outlet, gold.get("source"))
    return False


def _count_pass(score, quote, gold):
    """The labelled quote's credit, right or wrong, under the pass that gave it (none when nobody was
    credited)."""
    if quote.credited_by:
        score.by_pass[quote.credited_by]["right" if credit_is_right(quote, gold) else "wrong"] += 1


def by_pass(score):
    """(pass, quotes it credited, right, wrong, precision) for each pass, the one crediting most first: a pass
    is measured alone, so a loose one shows its own precision."""
    rows = [(name, counts["right"] + counts["wrong"], counts["right"], counts["wrong"],
             _ratio(counts["right"], counts["right"] + counts["wrong"])) for name, counts in score.by_pass.items()]
    return sorted(rows, key=lambda row: (-row[1], row[0]))


def score_article(score, article, extraction, people_judged, outlets_judged):
    annotated = article["quotes"]
    matches, unmatched = _match(annotated, extraction.quotes)
    score.spurious += len(unmatched)
    for index, gold in enumerate(annotated):
        quote = matches.get(index)
        kind = gold["kind"]
        if quote is not None:
            _count_pass(score, quote, gold)
        if kind == "not a quote":
            score.spurious += quote is not None
            continue
        if quote is None:
            score.missed += 1
            if kind == "person":
                score.person_total += 1
                score.by_construction[gold["construction"]]["missed"] += 1
            continue
        score.detected += 1
        if quote.speaker:
            score.given_speaker += 1
        if kind == "person":
            score.person_total += 1
            score.person_quotes += 1
            right = same_person(quote.speaker, gold["source"])
            score.right_speaker += right
            score.by_construction[gold["construction"]]["right" if right else "wrong" if quote.speaker
                                                       else "none"] += 1
            if not right:
                score.wrong.append((article["row"], gold["text"][:40], gold["source"], quote.speaker))
        elif quote.speaker:
            score.wrong.append((article["row"], gold["text"][:40], f"({kind})", quote.speaker))
        if kind == "organisation":
            score.organisation_quotes += 1
            score.organisation_no_person += not quote.speaker
            score.organisation_credited += bool(not quote.speaker and same_organisation(quote.outlet, gold["source"]))
    for person in extraction.people:
        if person.name in people_judged:
            score.people[people_judged[person.name]] += 1
        else:
            score.unjudged_people.add(person.name)
    for outlet in extraction.outlets:
        if outlet.kind == "organisation":
            score.organisations.add(outlet.name)  # a body quoted, not a news outlet
        elif outlet.name in outlets_judged:
            score.outlets[outlets_judged[outlet.name]] += 1
        else:
            score.unjudged_outlets.add(outlet.name)


def score_devset(rows, devset=None):
    """A :class:`Score` of the extractor on the development set; ``rows`` are the Wikinews rows it indexes."""
    devset = devset or json.loads(devset_path().read_text(encoding="utf-8"))
    score = Score()
    for article in devset["articles"]:
        row = rows[article["row"]]
        extraction = extract(clean_text(f"{row['title']}\n\n{row['text']}"))
        score_article(score, article, extraction, devset.get("people", {}), devset.get("outlets", {}))
    return score


def heldout_path():
    return settings.BASE_DIR / "corpus" / "extraction" / "wikinews-heldout.json"


def score_heldout(rows, path=None):
    """A :class:`Score` on the rest of the Wikinews articles (rows 132 on), every quoted passage labelled by
    reading, blind to the extractor: real news no rule was written against. Its people and outlets are not
    judged, so only quotes, speakers and organisation sources count."""
    return score_devset(rows, json.loads((path or heldout_path()).read_text(encoding="utf-8")))


def styles_path():
    return settings.BASE_DIR / "corpus" / "extraction" / "styles.json"


def score_styles(split, path=None):
    """A :class:`Score` on the articles written in five more house styles (``corpus/extraction/styles.json``),
    one half: "dev" for developing rules, "heldout" for measuring what they do on text no rule was fitted to.
    Each article lists all its people and outlets, so an extracted name not among them counts as wrong."""
    data = json.loads((path or styles_path()).read_text(encoding="utf-8"))
    score = Score()
    for article in data["articles"]:
        if article["split"] != split:
            continue
        extraction = extract(clean_text(f"{article['title']}\n\n{article['text']}"))
        people = {p.name: any(same_person(p.name, known["name"]) for known in article["people"])
                  for p in extraction.people}
        listed = {outlet_key(o["name"]) for o in article["outlets"]}  # "The Washington Post" is "Washington Post"
        outlets = {o.name: outlet_key(o.name) in listed for o in extraction.outlets}
        score_article(score, {**article, "row": article["id"]}, extraction, people, outlets)
    return score


LANGUAGE_SETS = {  # labelled quotes of news in another language, and the archive holding the articles
    "ru": ("ru.json", "ru-meduza/meduza_golunov.tar.gz"),
    "fr": ("fr.json", "fr-wikinews/fr_wikinews_2012.tar.gz"),
}
SPLITS = ("dev", "heldout")


def score_language(language, split=None):
    """A :class:`Score` on the hand-labelled quotes of the Russian (Meduza) or French (Wikinews) articles, read
    from their archives in ``corpus/`` as the ingest reads a text file or a saved page. ``split`` "dev" takes the
    articles at even positions (the half whose errors rules may be written against), "heldout" the odd ones
    (never read for rules), None both."""
    import tarfile

    from . import clean_html

    labels, archive = LANGUAGE_SETS[language]
    corpus = settings.BASE_DIR / "corpus"
    data = json.loads((corpus / "extraction" / labels).read_text(encoding="utf-8"))
    score = Score()
    with tarfile.open(corpus / archive) as members:
        for position, article in enumerate(data["articles"]):
            if split and SPLITS[position % 2] != split:
                continue
            raw = members.extractfile(article["file"]).read().decode("utf-8")
            document = (clean_html(raw) if article["file"].endswith(".html")
                        else clean_text(f"{article['title']}\n\n{raw}"))
            extraction = extract(document)
            people = {p.name: any(same_person(p.name, known) for known in article.get("people", []))
                      for p in extraction.people}
            score_article(score, {**article, "row": article["file"]}, extraction, people, {})
    return score
