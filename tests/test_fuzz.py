"""Hostile input: random Unicode, control characters, long lines and nested quote marks never break
cleaning, extraction or the query parser, and their cost stays linear."""
import time

from hypothesis import HealthCheck, given, settings, strategies as st

from articles.ingest.cleaning import clean_text
from articles.ingest.extraction import extract
from articles.search.backend import SearchRequest, get_backend

QUOTES = st.sampled_from(['"', "“", "”", "'", "‘", "’", "«", "»", "(", ")", "\n", "\n\n", " ", ",", ".", ":"])
WORDS = st.sampled_from(["said", "Chen", "Anna Berg", "a reporter from the", "Daily", "Tour", "(Photo/", "日期:",
                         "2024年03月06日", "From September 3rd to 6th", "of", "the", "\x00", "\u202e", "\ufeff"])
TEXT = st.lists(st.one_of(st.text(max_size=40), QUOTES, WORDS), max_size=200).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_cleaning_and_extraction_never_fail(text):
    document = clean_text(text)
    extraction = extract(document)
    blocks = document.body_blocks()
    for quote in extraction.quotes:
        assert 0 <= quote.start <= quote.end <= len(blocks[quote.block].text)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=400))
def test_query_parser_never_fails(db, text):  # the index is empty and stays so: the fixture is safe to share
    results = get_backend().search(SearchRequest(q=text))
    assert results.count() >= 0
    results[:5]


def test_cost_is_linear_in_input_size():
    unit = 'Anna Berg, a reporter from the Nord Daily, said "“Nested ‘quotes’ «here»" " (Photo/X) ' * 50 + "\n\n"
    timings = []
    for copies in (20, 80):
        started = time.perf_counter()
        extract(clean_text(unit * copies))
        timings.append(time.perf_counter() - started)
    # four times the input may not cost more than ~eight times the time (noise allowed, quadratic is 16x)
    assert timings[1] < timings[0] * 8 + 0.5
