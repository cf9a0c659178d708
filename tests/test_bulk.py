"""The bulk writer: an ingest's documents indexed by another process while it stores the next."""
import pytest

from articles.search import bulk
from articles.search.backend import SearchRequest, get_backend
from articles.search.documents import documents_for
from articles.search.store import SearchUnavailable


def _search(q):
    return get_backend().search(SearchRequest(q=q))


def test_documents_are_indexed_by_another_process_and_replace_their_old_versions(seeded, monkeypatch):
    monkeypatch.setattr(bulk, "COMMIT_EVERY", 2)  # several commits, each releasing the lock
    documents = list(documents_for(None))
    writer = get_backend().bulk_writer()
    writer.add(documents)
    writer.add([{**documents[0], "title": "Zanzibar headline"}])
    assert writer._process.is_alive()  # the work is done elsewhere
    writer.close()
    assert _search("Zanzibar").count() == 1
    assert _search("").count() == len(documents)  # replaced, not added twice


def test_the_spelling_vocabulary_keeps_each_word_once_and_suggestions_still_work(seeded):
    words = [document["spelling"].split() for document in documents_for(None)]
    vocabulary = bulk.Vocabulary()
    kept = [vocabulary.new_words_only({"spelling": " ".join(w)})["spelling"].split() for w in words]
    assert sorted(w for k in kept for w in k) == sorted({w for ws in words for w in ws})
    assert _search("Chongquing").suggestion == "Chongqing"  # the seeds were indexed by a bulk writer


def test_a_failing_indexing_process_is_reported_and_nothing_waits_forever(seeded, monkeypatch):
    monkeypatch.setattr(bulk, "QUEUED_BATCHES", 1)
    monkeypatch.setattr(bulk, "POLL_SECONDS", 0.2)

    def locked_index():
        raise SearchUnavailable("The index stayed locked for 60 s; try again.")

    writer = bulk.WhooshBulkWriter(locked_index)
    documents = list(documents_for(None))
    with pytest.raises(SearchUnavailable, match="stayed locked"):
        for _ in range(20):  # the queue fills up once the process has died
            writer.add(documents)
        writer.close()
    assert not writer._process.is_alive()


def test_cancel_stops_the_process_and_commits_nothing(seeded, monkeypatch):
    before = _search("").count()
    get_backend().delete([d["id"] for d in documents_for(None)])
    writer = get_backend().bulk_writer()
    writer.add(list(documents_for(None)))
    writer.cancel()
    assert not writer._process.is_alive()
    assert _search("").count() == 0 < before
