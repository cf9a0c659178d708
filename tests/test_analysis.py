"""The one-loop analyzer gives exactly the tokens the Whoosh chain gave, for every option Whoosh passes:
indexes built with the chain and indexes built with it must answer every query alike."""
import itertools

from hypothesis import given, settings, strategies as st
import pytest

from articles.search.analysis import ARABIC_FOLDING, NewsAnalyzer, chain

PIECES = st.sampled_from([
    "The", "president's", "O'Brien", "d’Ivoire", "A's", "'s", "’s", "x’s", "U.S.", "3.5", "e.g.", "Łódź", "café",
    "ÉCOLE", "重庆国际新闻", "日本語のテキスト", "한국어", "的", "中国", "running", "stabbing", "the", "a", "of",
    " ", "  ", "\n", ",", "-", "—", "'", "’", "İstanbul", "ǅ", "ﬁnance", "Ⅻ",
    "الرَّئِيسُ", "القاهـــرة", "ـ", "\u064e", "مسؤول", "أُ",
])
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=12)), max_size=60).map(" ".join)
OPTIONS = list(itertools.product([False, True], repeat=5))


def tokens(analyzer, text, options, mode="index"):
    positions, chars, keeporiginal, removestops, no_morph = options
    return [(t.text, getattr(t, "pos", None), getattr(t, "startchar", None), getattr(t, "endchar", None),
             t.stopped, t.boost, getattr(t, "original", None))
            for t in analyzer(text, positions=positions, chars=chars, keeporiginal=keeporiginal,
                              removestops=removestops, no_morph=no_morph, start_pos=2, start_char=5, mode=mode)]


@settings(max_examples=200, deadline=None)
@given(TEXT, st.sampled_from(OPTIONS), st.booleans(), st.sampled_from(["index", "query"]))
def test_the_one_loop_analyzer_is_the_chain(text, options, stem, mode):
    assert tokens(NewsAnalyzer(stem), text, options, mode) == tokens(chain(stem), text, options, mode)


def test_stop_words_stems_and_cjk_bigrams():
    words = [t.text for t in NewsAnalyzer()("The president's stabbing in 重庆国际")]
    assert words == ["presid", "stab", "重庆", "庆国", "国际"]
    positions = [t.pos for t in NewsAnalyzer()("the cat and the hat", positions=True)]
    assert positions == [1, 2]  # stop words removed, the words kept numbered one after another


ENGLISH = ("The President's spokesmen said on Tuesday that running the U.S. ferries was costlier than Łódź's café, "
           "and O'Brien's COVID-19 e-mail declared 3.5 generously-funded investigations.")


def test_an_english_sentence_is_analysed_token_for_token_as_before():
    """Written from the analysis before Arabic letters were normalised and other languages stemmed: English
    text (and so English ranking) must not move."""
    analysed = [(t.text, t.pos, t.startchar, t.endchar) for t in NewsAnalyzer()(ENGLISH, positions=True, chars=True)]
    assert analysed == [
        ("presid", 1, 4, 15), ("spokesmen", 2, 16, 25), ("said", 3, 26, 30), ("tuesday", 4, 34, 41),
        ("run", 5, 47, 54), ("u.", 6, 59, 62), ("ferri", 7, 64, 71), ("was", 8, 72, 75), ("costlier", 9, 76, 84),
        ("than", 10, 85, 89), ("lodz", 11, 90, 96), ("cafe", 12, 97, 101), ("o'brien", 13, 107, 116),
        ("covid", 14, 117, 122), ("19", 15, 123, 125), ("e", 16, 126, 127), ("mail", 17, 128, 132),
        ("declar", 18, 133, 141), ("3.5", 19, 142, 145), ("generous", 20, 146, 156), ("fund", 21, 157, 163),
        ("investig", 22, 164, 178)]
    assert [t.text for t in NewsAnalyzer(stem=False)(ENGLISH)] == [
        "the", "president", "spokesmen", "said", "on", "tuesday", "that", "running", "the", "u.s", "ferries", "was",
        "costlier", "than", "lodz", "cafe", "and", "o'brien", "covid", "19", "e", "mail", "declared", "3.5",
        "generously", "funded", "investigations"]


@pytest.mark.parametrize("written, other", [
    ("الرَّئِيسُ", "الرئيس"),  # harakat
    ("القاهـــرة", "القاهرة"),  # tatweel
    ("أحمد", "احمد"), ("إسلام", "اسلام"), ("آمن", "امن"), ("ٱلله", "الله"),  # the alef's forms
    ("مستشفى", "مستشفي"),  # alef maqsura
    ("مدرسة", "مدرسه"),  # ta marbuta
    ("مسؤول", "مسوول"), ("الرئيس", "الرييس"),  # hamza on waw and on ya
])
def test_an_arabic_word_written_two_ways_is_one_word(written, other):
    for analyzer in (NewsAnalyzer(), NewsAnalyzer(stem=False)):
        assert [t.text for t in analyzer(written)] == [t.text for t in analyzer(other)] != []


def test_an_arabic_word_with_its_short_vowels_stays_one_word_with_its_place_in_the_text():
    text = "قالَ الرَّئِيسُ إنَّ"
    analysed = [(t.text, t.startchar, t.endchar) for t in NewsAnalyzer()(text, chars=True)]
    assert analysed == [("قال", 0, 4), ("رييس", 5, 15), ("ان", 16, 20)]
    assert [t.text for t in NewsAnalyzer()("ـ \u064e")] == []  # a tatweel or a mark alone is no word


@pytest.mark.parametrize("word, stem", [
    ("الوفد", "وفد"), ("والوفد", "وفد"), ("بالقاهرة", "قاهره"), ("للطلاب", "طلاب"), ("المستشفى", "مستشفي"),
    # the article only before three letters or more; no other prefix or ending taken
    ("الله", "الله"), ("الذي", "الذي"), ("التي", "التي"), ("إلى", "الي"), ("وزير", "وزير"), ("لبنان", "لبنان"),
])
def test_an_arabic_word_is_stemmed_without_its_definite_article_and_nothing_else(word, stem):
    assert [t.text for t in NewsAnalyzer()(word)] == [stem]
    assert [t.text for t in NewsAnalyzer(stem=False)(word)] == [word.translate(ARABIC_FOLDING)]  # names as written
