"""The text analysis: words, lower case, possessives, accents and Arabic letters' spellings folded, CJK bigrams,
stop words, Porter2 stems (Russian Snowball stems, libstemmer's, for words in Cyrillic, the definite article dropped
from words in Arabic).

``NewsAnalyzer`` does in one loop what a chain of Whoosh's tokenizer and six filters did
(``chain()``, kept for indexes built with it and for tests that the two agree): py-spy of an
ingest showed the indexing process spending more of its analysis passing each token through
seven generators than changing it.
"""
from functools import lru_cache
import re

from whoosh.analysis import (
    Analyzer, Filter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter, Token,
)
from whoosh.analysis.filters import STOP_WORDS
from whoosh.lang import porter2
from whoosh.support.charset import accent_map
import Stemmer

# Latin words (an Arabic word with its short vowels: a mark is no \w, and would cut the word into letters), or a
# run of CJK characters (split into bigrams below).
_WORD = "[\\w\u064b-\u065f\u0670]+"
TOKEN_PATTERN = rf"[\u3400-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af]+|{_WORD}(?:['’.]{_WORD})*"
_TOKEN_RE = re.compile(TOKEN_PATTERN)
CJK_RE = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af]+$")
POSSESSIVE_ENDINGS = ("'s", "’s")


# One spelling for Arabic letters written several ways: short vowels and other marks (harakat, the dagger alef)
# and the tatweel that stretches a word are dropped; hamza'd and wasla alefs are alef, alef maqsura is ya, ta
# marbuta is ha, and hamza on waw or ya is waw or ya. Writers and keyboards differ on each of these, and a
# reader typing "الرئيس" must find "الرَّئِيسُ" and "الرييس".
ARABIC_FOLDING = {
    **dict.fromkeys([*range(0x064B, 0x0660), 0x0670, 0x0640]),
    **{ord(letter): "\u0627" for letter in "\u0623\u0625\u0622\u0671"},
    ord("\u0649"): "\u064a", ord("\u0629"): "\u0647", ord("\u0624"): "\u0648", ord("\u0626"): "\u064a",
}
FOLDING = {**accent_map, **ARABIC_FOLDING}


def fold(text):
    """A lower-cased word with its accents and its Arabic letters' spellings folded ("" when it was only marks)."""
    return text if text.isascii() else text.translate(FOLDING)


class FoldingFilter(Filter):
    """``fold`` as a filter; a token left empty (a tatweel or marks alone) is dropped."""

    def __call__(self, tokens):
        for token in tokens:
            token.text = fold(token.text)
            if token.text:
                yield token


def _is_cjk_run(text):
    return len(text) > 2 and text[0] >= "\u3040" and CJK_RE.match(text) is not None


def _bigram_starts(length, mode):
    """Where a CJK run's bigrams start: every character in the index; in a query, every other one (and the
    last pair), so "重庆火锅" asks for 重庆 and 火锅, found in 重庆的火锅 too, not for the 庆火 between them."""
    if mode != "query":
        return range(length - 1)
    return [*range(0, length - 2, 2), length - 2]


class CJKBigramFilter(Filter):
    """Splits a CJK run into overlapping bigrams (重庆国际 → 重庆 庆国 国际): enough to find words without a dictionary
    (a query's run into the pairs that cover it, see ``_bigram_starts``)."""

    def __call__(self, tokens):
        for token in tokens:
            text = token.text
            if not _is_cjk_run(text):
                yield token
                continue
            start = getattr(token, "startchar", None)
            for i in _bigram_starts(len(text), token.mode):
                token.text = text[i:i + 2]
                if start is not None and token.chars:
                    token.startchar, token.endchar = start + i, start + i + 2
                yield token


class PossessiveFilter(Filter):
    """``president's`` → ``president``: a possessive is its word (the tokenizer keeps inner apostrophes, for
    ``o'clock`` and ``d'Ivoire``)."""

    def __call__(self, tokens):
        for token in tokens:
            if token.text.endswith(POSSESSIVE_ENDINGS) and len(token.text) > 2:
                token.text = token.text[:-2]
            yield token


def chain(stem=True):
    """The analysis as Whoosh's tokenizer and filters (what indexes before schema version 4 hold)."""
    analyzer = (RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter() | PossessiveFilter() | FoldingFilter()
                | CJKBigramFilter())
    if stem:
        analyzer = analyzer | StopFilter(minsize=1) | StemFilter(stemfn=_stem)
    return analyzer


CYRILLIC_WORD_RE = re.compile(r"^[\u0400-\u04ff]+$")
# libstemmer's Russian (PyStemmer), compiled Snowball: Whoosh's pure-Python port of it took a fifth of the
# indexing of long Russian articles, and it reads "ъ" as "ь" ("объем" became "обь") and leaves "действующая"
# apart from "действующий".
_RUSSIAN = Stemmer.Stemmer("russian")
ARABIC_WORD_RE = re.compile(r"^[\u0600-\u06ff]+$")
# The definite article, alone or after "and", "with", "as", "so", or as "for the" (لل): dropped from a word of
# at least three letters more, so "الوفد" is "وفد". Three, not two, keeps "الله", "الذي", "التي" and "إلى"
# (folded "الي") whole. Nothing else is taken: a leading و or a trailing ان is as often the word's own letter
# ("وزير", "لبنان") as a conjunction or an ending.
ARABIC_ARTICLES = ("وال", "بال", "كال", "فال", "لل", "ال")
ARABIC_STEM_LENGTH = 3


def arabic_stem(word):
    """A folded Arabic word without its definite article."""
    for article in ARABIC_ARTICLES:
        if word.startswith(article) and len(word) - len(article) >= ARABIC_STEM_LENGTH:
            return word[len(article):]
    return word


@lru_cache(maxsize=50_000)
def _stem(word):
    """Porter2's stem of a word; a word in Cyrillic letters takes Russian Snowball's ("выборах" and "выборы"
    are "выбор"): the visitors' coverage is Russian more than any other Cyrillic language, and Porter2 leaves
    Cyrillic as it is. A word in Arabic letters loses its definite article (``arabic_stem``)."""
    if word[0] >= "\u0400" and CYRILLIC_WORD_RE.match(word):
        return _RUSSIAN.stemWord(word)
    if word[0] >= "\u0600" and ARABIC_WORD_RE.match(word):
        return arabic_stem(word)
    return porter2.stem(word)


class NewsAnalyzer(Analyzer):
    """``chain(stem)`` in one loop: the same tokens, positions and characters, for every option Whoosh passes."""

    def __init__(self, stem=True):
        self.stem = stem

    def __eq__(self, other):
        return type(self) is type(other) and self.stem == other.stem

    def has_morph(self):
        return self.stem

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True, start_pos=0,
                 start_char=0, tokenize=True, mode="", no_morph=False, **kwargs):
        assert isinstance(value, str), f"{value!r} is not unicode"
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            yield from chain(self.stem)(value, positions=positions, chars=chars, keeporiginal=keeporiginal,
                                        removestops=removestops, start_pos=start_pos, start_char=start_char,
                                        tokenize=False, mode=mode, no_morph=no_morph, **kwargs)
            return
        stops, stem = self.stem, self.stem and not no_morph
        stop_words, stem_word = STOP_WORDS, _stem
        renumbered = None  # the stop filter numbers the words it keeps one after another
        for number, match in enumerate(_TOKEN_RE.finditer(value)):
            text = match.group(0).lower()
            if text.endswith(POSSESSIVE_ENDINGS) and len(text) > 2:
                text = text[:-2]
            if not text.isascii():
                text = text.translate(FOLDING)
                if not text:
                    continue
            token.boost = 1.0
            if keeporiginal:
                token.original = match.group(0)
            pos = start_pos + number
            start = start_char + match.start()
            if text[0] >= "\u3040" and _is_cjk_run(text):  # (the first test spares Latin words a call)
                pieces = [(text[i:i + 2], start + i, start + i + 2) for i in _bigram_starts(len(text), mode)]
            else:
                pieces = ((text, start, start_char + match.end()),)
            for piece, startchar, endchar in pieces:
                if stops and (not piece or piece in stop_words):
                    if removestops:
                        continue
                    token.stopped = True
                else:
                    token.stopped = False
                    if stops and positions:
                        renumbered = pos if renumbered is None else renumbered + 1
                if positions:
                    token.pos = pos if token.stopped or renumbered is None else renumbered
                if chars:
                    token.startchar, token.endchar = startchar, endchar
                token.text = stem_word(piece) if stem and not token.stopped else piece
                yield token
