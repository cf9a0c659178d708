"""Where a Whoosh writer keeps a segment's postings until it writes them, grouped by term.

Whoosh's own pool keeps every posting as one tuple and, past its memory limit, pickles each tuple to a sorted run
on disk, then reads them all back through a heap merge: at 300 postings an article, pickling, unpickling and
merging single postings were a third of indexing's time (cProfile of a 5,000-article build). This pool keeps each
term's postings in one list, so a run pickles a term and its postings at once and the merge compares terms, not
postings. The postings it gives back are the same, in the same order (field, term, document number).
"""
import heapq
from itertools import groupby
from operator import itemgetter
import pickle

from whoosh.multiproc import MpWriter, SubWriterTask
from whoosh.util import random_name

TERM_BYTES = 200  # a term's key and list, in memory
POSTING_BYTES = 120  # one posting's tuple and its value's bytes object (tracemalloc), without the bytes themselves


class GroupedPostingPool:
    """The pool Whoosh's SegmentWriter expects (``add``, ``fieldnames``, ``iter_postings``, ``cleanup``), with
    each term's postings in one list; past ``limit`` bytes the terms so far go to a sorted run on disk."""

    def __init__(self, tempstore, limit=128 * 1024 * 1024):
        self.tempstore = tempstore
        self.limit = limit  # bytes
        self.terms, self.size, self.runs, self.fieldnames = {}, 0, [], set()

    def add(self, item):
        fieldname, btext, docnum, weight, value = item
        postings = self.terms.get((fieldname, btext))
        if postings is None:
            postings = self.terms[fieldname, btext] = []
            self.fieldnames.add(fieldname)
            self.size += TERM_BYTES + len(btext)
        postings.append((docnum, weight, value))
        self.size += POSTING_BYTES + (len(value) if value else 0)
        if self.size > self.limit:
            self.save()

    def save(self):
        """The terms kept so far to a run on disk, in term order."""
        if not self.terms:
            return
        name = f"{random_name()}.run"
        run = self.tempstore.create_file(name)
        for key in sorted(self.terms):
            pickle.dump((key, self.terms[key]), run, pickle.HIGHEST_PROTOCOL)
        run.close()
        self.runs.append(name)
        self.terms, self.size = {}, 0

    def _read(self, name):
        with self.tempstore.open_file(name).raw_file() as run:
            while True:
                try:
                    yield pickle.load(run)
                except EOFError:
                    return

    def iter_postings(self):
        """Every posting as Whoosh writes them, (field, term, document number, weight, value), in that order."""
        if self.runs:
            self.save()
            merged = heapq.merge(*(self._read(name) for name in self.runs), key=itemgetter(0))
            grouped = ((key, [posting for _key, postings in parts for posting in postings])
                       for key, parts in groupby(merged, key=itemgetter(0)))
        else:
            grouped = ((key, self.terms[key]) for key in sorted(self.terms))
        for (fieldname, btext), postings in grouped:
            postings.sort(key=itemgetter(0))  # in the order documents were added: already sorted, checked in C
            for docnum, weight, value in postings:
                yield fieldname, btext, docnum, weight, value

    def cleanup(self):
        for name in self.runs:
            try:
                self.tempstore.delete_file(name)
            except OSError:
                pass
        self.runs = []


def group_postings(writer):
    """``writer`` (a SegmentWriter that has added nothing yet) with its postings pooled by term, within the
    memory limit its own pool was given (``limitmb``)."""
    writer.pool = GroupedPostingPool(writer.temp_storage(), writer.pool.limit)
    return writer


class _GroupingSubWriter(SubWriterTask):
    """A sub-process of a multi-process writer whose segment pools its postings by term."""

    def _process_file(self, filename, doc_count):
        if not isinstance(self.writer.pool, GroupedPostingPool):
            group_postings(self.writer)
        super()._process_file(filename, doc_count)


class GroupingMpWriter(MpWriter):
    """Whoosh's multi-process writer with every process's postings pooled by term."""

    def __init__(self, index, **options):
        super().__init__(index, **options)
        group_postings(self)

    def _new_task(self):
        task = _GroupingSubWriter(self.storage, self.indexname, self.jobqueue, self.resultqueue, self.subargs,
                                  self.multisegment)
        self.tasks.append(task)
        task.start()
        return task
