"""Bylines: the people who wrote an article, from its author line or page metadata ("By Jane Doe and John
Roe", an HTML author meta tag, JSON-LD ``author``).

Agency credits and desks ("Reuters", "Staff Reporter", "Xinhua") name no person and are left to the
outlets; a byline is a person's name of two to four capitalised words."""
import re

SEPARATORS_RE = re.compile(r"\s*(?:,|;|&|\||\band\b|\bwith\b)\s*")
LEADING_RE = re.compile(r"^(?:by|written by|words by|reporting by|author:?)\s+", re.IGNORECASE)
NOT_A_NAME = re.compile(r"^The |\b(?:staff|desk|correspondent|reporter|writer|editor|bureau|agency|news|team|"
                        r"online|contributor|agencies|service|courier|times|post|daily|herald|gazette|journal|"
                        r"tribune|chronicle|press|telegraph|guardian|observer|express|mail|review|magazine|radio|"
                        r"tv|television|media)\b", re.IGNORECASE)
WORD_RE = re.compile(r"[^\W\d_][\w'’.-]*")
PARTICLES = {"de", "van", "von", "bin", "al", "da", "di", "le", "la"}


def is_name(text):
    """Two to four words, the first and every one but a particle ("van", "de") starting with a capital in any
    script that has them ("Émilie Dupont", "Łukasz Nowak", "Ann B. Lee")."""
    words = text.split(" ")
    return 2 <= len(words) <= 4 and all(
        WORD_RE.fullmatch(word) and (word[0].isupper() or (index and word in PARTICLES))
        for index, word in enumerate(words))


def authors_of(byline):
    """The people a byline names, in its order, each once."""
    names = []
    for part in SEPARATORS_RE.split(LEADING_RE.sub("", byline.strip())):
        part = " ".join(part.split()).strip(" .")
        part = part.title() if part.isupper() or part.islower() else part  # "ALEX SMITH", "alex smith"
        if is_name(part) and not NOT_A_NAME.search(part):
            names.append(part)
    return list(dict.fromkeys(names))
