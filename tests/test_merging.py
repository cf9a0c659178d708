"""Segments merged by size tiers (articles/search/merging.py), on a real Whoosh index on disk."""
from whoosh import fields, index
from whoosh.query import Term

from articles.search.merging import FANOUT, merge_by_tier, tier
from articles.search.store import writer_of


def _index(tmp_path):
    return index.create_in(str(tmp_path), fields.Schema(id=fields.ID(stored=True, unique=True), body=fields.TEXT()))


def _commit_one(ix, number):
    writer = writer_of(ix)
    writer.update_document(id=str(number), body=f"harbour report {number}")
    writer.commit()


def _live_sizes(ix):
    return [segment.doc_count() for segment in ix._segments()]


def test_tiers_are_orders_of_magnitude_of_live_documents():
    assert [tier(n) for n in (1, FANOUT - 1, FANOUT, FANOUT ** 2 - 1, FANOUT ** 2, FANOUT ** 3)] == [0, 0, 1, 1, 2, 3]


def test_single_commits_merge_once_a_tier_is_full_and_lose_nothing(tmp_path):
    ix = _index(tmp_path)
    rewritten = 0
    for number in range(FANOUT ** 2 + 3):
        before = set(segment.segment_id() for segment in ix._segments())
        _commit_one(ix, number)
        after = ix._segments()
        rewritten += sum(s.doc_count() for s in after if s.segment_id() not in before) - 1
        tiers = [tier(size) for size in _live_sizes(ix)]
        assert all(tiers.count(level) <= FANOUT for level in set(tiers)), _live_sizes(ix)
    # a document is rewritten once per tier it climbs, not every few commits: at most twice on the way to 64
    assert rewritten <= 2 * FANOUT ** 2
    assert sum(_live_sizes(ix)) == FANOUT ** 2 + 3
    with ix.searcher() as searcher:
        assert len(searcher.search(Term("body", "harbour"), limit=None)) == FANOUT ** 2 + 3


def test_a_segment_with_every_document_deleted_is_dropped_and_order_is_kept(tmp_path):
    ix = _index(tmp_path)
    for number in range(3):
        _commit_one(ix, number)
    first, second, third = (segment.segment_id() for segment in ix._segments())
    writer = writer_of(ix)
    writer.update_document(id="1", body="harbour report again")  # the second segment's only document replaced
    writer.commit()
    ids = [segment.segment_id() for segment in ix._segments()]
    assert ids[:2] == [first, third] and second not in ids and _live_sizes(ix) == [1, 1, 1]


def test_the_policy_is_the_writers_and_whooshs_interface(tmp_path):
    ix = _index(tmp_path)
    writer = writer_of(ix)
    assert writer.mergetype is merge_by_tier
    writer.cancel()
