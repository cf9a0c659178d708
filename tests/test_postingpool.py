"""The term-grouped posting pool gives a segment writer exactly what Whoosh's own pool gives it."""
import random

from whoosh.filedb.filestore import FileStorage
from whoosh.writing import PostingPool

from articles.search.postingpool import GroupedPostingPool


def _postings(seed, documents=300):
    """Postings as a writer adds them: document after document, each with its fields' terms in any order."""
    chooser = random.Random(seed)
    words = [f"word{n}".encode() for n in range(400)]
    for docnum in range(documents):
        for field in chooser.sample(["body", "title", "quotes"], 2):
            for term in chooser.sample(words, chooser.randint(1, 40)):
                yield field, term, docnum, float(chooser.randint(1, 3)), bytes([docnum % 256, len(term)])


def _pooled(pool, postings, limit_bytes):
    pool.limit = limit_bytes
    for posting in postings:
        pool.add(posting)
    try:
        return list(pool.iter_postings()), set(pool.fieldnames)
    finally:
        pool.cleanup()


def test_grouped_postings_come_out_as_whooshs_pool_gives_them_in_memory_and_through_runs(tmp_path):
    storage = FileStorage(str(tmp_path)).create()
    for limit_bytes in (100 * 1024 * 1024, 20_000):  # everything in memory; a run on disk every few documents
        ours, our_fields = _pooled(GroupedPostingPool(storage), _postings(7), limit_bytes)
        whooshs, whoosh_fields = _pooled(PostingPool(storage, None), _postings(7), limit_bytes)
        assert ours == whooshs and our_fields == whoosh_fields == {"body", "title", "quotes"}
    assert len(ours) > 5_000 and not list(tmp_path.glob("*.run"))  # the runs are removed after writing
