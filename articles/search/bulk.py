"""Indexing a large batch (an ingest) while it is still being stored.

Documents go to an indexing process as they are ready, so analysing and writing
them overlaps with the ingest's extraction and storing instead of following it.
That process commits on its own: when it has caught up with the ingest and holds
``COMMIT_WHEN_IDLE`` documents (so the postings of one part are written while the
next is being stored), when the ingest has sent nothing for ``COMMIT_AFTER_SECONDS``,
and at the latest every ``COMMIT_EVERY`` documents. In between the index lock is
free (editors' saves are indexed meanwhile), and a killed ingest leaves little for
``ensure_indexed`` to catch up on. Each commit writes a segment and merges small
ones: committing every 50 documents made indexing 2,080 articles take 34 s, every
250 15 s (measured with the benchmark collection), so commits are not made smaller.
"""
import ctypes
import multiprocessing
import queue
import signal

from .store import SearchUnavailable, fitting

COMMIT_EVERY = 1000
COMMIT_WHEN_IDLE = 250
COMMIT_AFTER_SECONDS = 3.0
QUEUED_BATCHES = 32  # the ingest waits when the indexer is this far behind
POLL_SECONDS = 1.0


class Vocabulary:
    """Each word once in the ``spelling`` field of a bulk write.

    That field exists for its vocabulary ("did you mean"), not to find documents;
    indexing every word of every document there was a third of the index's work.
    A word stays known while the document that brought it does (an edit re-indexes
    a document with all its words; ``rebuild_index`` restores any that a deletion took).
    """

    def __init__(self):
        self._known = set()

    def new_words_only(self, document):
        words = [word for word in document.get("spelling", "").split() if word not in self._known]
        self._known.update(words)
        return {**document, "spelling": " ".join(words)}


def latest_by_id(documents):
    """Each article's document once, its last version: a writer replaces documents by id only among those
    committed before it opened, so a second document of an id added through the same writer would stand in
    the index beside the first (an article re-queued before its first version was committed)."""
    return list({document["id"]: document for document in documents}.values())


class _Indexer:
    """Replaces documents in the index, committing every ``commit_every`` documents at the latest."""

    def __init__(self, open_writer, commit_every):
        self._open_writer, self._commit_every = open_writer, commit_every
        self._writer, self._count, self._written = None, 0, set()
        self._vocabulary = Vocabulary()

    def add(self, documents):
        documents = latest_by_id(documents)
        if self._written.intersection(document["id"] for document in documents):
            self.commit()  # a newer version of a document this writer added: that one must be committed first
        if self._writer is None:
            self._writer = self._open_writer()
        writer = self._writer
        with writer.searcher() as searcher:  # the old versions go first
            for document in documents:
                writer.delete_by_term("id", document["id"], searcher=searcher)
        for document in documents:
            writer.add_document(**fitting(writer.schema, self._vocabulary.new_words_only(document)))
        self._written.update(document["id"] for document in documents)
        self._count += len(documents)
        if self._count >= self._commit_every:
            self.commit()

    @property
    def pending(self):
        return self._count

    def commit(self):
        writer, self._writer, self._count = self._writer, None, 0
        self._written.clear()
        if writer is not None:
            writer.commit()

    def cancel(self):
        writer, self._writer, self._count = self._writer, None, 0
        self._written.clear()
        if writer is not None:
            writer.cancel()


def _die_with_parent():
    """End when the ingest ends, even if it is killed outright (Linux; elsewhere a no-op)."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def _index_until_done(indexer, inbox, outbox):
    """The indexing process: batches of documents until ``None``, then a final commit."""
    _die_with_parent()
    try:
        while True:
            try:
                documents = inbox.get(timeout=COMMIT_AFTER_SECONDS)
            except queue.Empty:
                indexer.commit()  # the ingest is slow or busy elsewhere: make what came searchable
                continue
            if documents is None:
                break
            indexer.add(documents)
            if inbox.empty() and indexer.pending >= COMMIT_WHEN_IDLE:
                indexer.commit()  # caught up: write these postings while the ingest stores the next
        indexer.commit()
        outbox.put(None)
    except BaseException as error:
        indexer.cancel()
        outbox.put(error if isinstance(error, SearchUnavailable) else SearchUnavailable.because("Indexing failed", error))


class WhooshBulkWriter:
    """``add(documents)`` as often as needed, then ``close()`` (or ``cancel()``).

    Where processes cannot be forked the same work is done in this process.
    """

    def __init__(self, open_writer):
        self._indexer = _Indexer(open_writer, COMMIT_EVERY)
        self._process = None
        if multiprocessing.get_start_method() == "fork":
            context = multiprocessing.get_context("fork")
            self._inbox, self._outbox = context.Queue(QUEUED_BATCHES), context.Queue()
            # a dead indexer reads nothing: exiting must not wait to flush batches to it
            # (when all goes well, close() has waited for the indexer to take them all)
            self._inbox.cancel_join_thread()
            self._process = context.Process(target=_index_until_done, args=(self._indexer, self._inbox, self._outbox),
                                            name="newsroom-indexer", daemon=True)

    def add(self, documents):
        if self._process is None:
            self._indexer.add(documents)
            return
        if self._process.pid is None:
            self._process.start()
        while True:
            try:
                self._inbox.put(documents, timeout=POLL_SECONDS)
                return
            except queue.Full:
                self._raise_if_ended()

    def close(self):
        """Wait until everything sent is committed; raises what went wrong in the indexing process."""
        if self._process is None:
            self._indexer.commit()
            return
        if self._process.pid is None:
            return
        self._inbox.put(None)
        while True:
            try:
                error = self._outbox.get(timeout=POLL_SECONDS)
                break
            except queue.Empty:
                self._raise_if_ended()
        self._process.join()
        if error is not None:
            raise error

    def cancel(self):
        if self._process is None:
            self._indexer.cancel()
        elif self._process.is_alive():
            self._process.terminate()  # its uncommitted segment is never listed in the index
            self._process.join()

    def _raise_if_ended(self):
        if not self._process.is_alive():
            try:
                error = self._outbox.get(timeout=POLL_SECONDS)
            except queue.Empty:
                error = None
            raise error or SearchUnavailable(
                f"The indexing process ended unexpectedly (exit code {self._process.exitcode}); "
                "run manage.py check_index --fix.")


class DirectBulkWriter:
    """The same interface for a backend whose database server does the work: each batch is written at once."""

    def __init__(self, add_bulk):
        self._add_bulk = add_bulk

    def add(self, documents):
        self._add_bulk(documents, create=True)

    def close(self):
        pass

    def cancel(self):
        pass
