"""Stems in an article's own language, beside the English ones every article has.

Whoosh analyses a field, not a document, with one analyzer. So the title and body of an article whose stored
language is one of ``STEMMED_LANGUAGES`` are indexed a second time, in that language's own field
(``stems_fr``, ``stems_es``, …), by that language's Snowball stemmer (Whoosh's), with its stop words and its
elided articles ("l'élection" is "élection"). The query parser asks every language's field beside the others,
each analysing the query's words in its language, so ``déclarer`` meets ``déclarait`` in a French article and
``votar`` meets ``votaron`` in a Spanish one. An English article has no such field: its terms, its field
lengths and so its BM25 scores are what they were, and a language field no article of the index fills is left
out of a search (:func:`articles.search.query.parse`).

Tokens stemmed first and folded after (the Snowball stemmers read accents: "é" ends a French participle), so a
query typed without accents ("declarait") meets the same stem.
"""
from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.lang import stopwords_for_language

from .analysis import TOKEN_PATTERN, FoldingFilter

# ISO 639-1 code (an article's ``language``) → its field. Whoosh ships Snowball stemmers and stop words for each.
STEMMED_LANGUAGES = ("fr", "es", "pt", "de", "it")
LANGUAGE_FIELDS = {code: f"stems_{code}" for code in STEMMED_LANGUAGES}
LANGUAGE_FIELD_NAMES = frozenset(LANGUAGE_FIELDS.values())

# Articles and pronouns written joined to the next word by an apostrophe, dropped from it: "l'élection",
# "d'un", "qu'il"; "dell'anno", "un'altra", "all'estero".
ELIDED = {
    "fr": frozenset("l d j m n s t c qu jusqu lorsqu puisqu quoiqu presqu".split()),
    "it": frozenset("l d un dell all dall nell sull coll tutt quest quell bell sant".split()),
}
APOSTROPHES = ("'", "’")


class ElisionFilter(Filter):
    """"l'élection" → "élection": the part before the apostrophe dropped when it is an elided article or
    pronoun of the language ("aujourd'hui" stays)."""

    def __init__(self, elided):
        self.elided = frozenset(elided)

    def __eq__(self, other):
        return type(self) is type(other) and self.elided == other.elided

    def __call__(self, tokens):
        for token in tokens:
            text = token.text
            for apostrophe in APOSTROPHES:
                head, mark, rest = text.partition(apostrophe)
                if mark and rest and head in self.elided:
                    token.text = rest
                    break
            yield token


def language_analyzer(code):
    """The analysis of ``code``'s field: words as everywhere, lower case, elided articles dropped, the
    language's stop words, its Snowball stems, then accents and Arabic letters folded."""
    analyzer = RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter()
    if code in ELIDED:
        analyzer = analyzer | ElisionFilter(ELIDED[code])
    return (analyzer | StopFilter(stoplist=stopwords_for_language(code), minsize=1) | StemFilter(lang=code)
            | FoldingFilter())
