"""One time budget per search request, shared by every stage that can grow with the query or the archive.

A query that would need more than its budget — a storm of prefixes, thousands of terms, words found in
every article many times over — is refused early with :class:`TooBroad` (the page says "narrow it", the API
answers 400) instead of holding a worker. Checks sit between units of work (a term's postings, a stage),
so a refusal comes within one unit of the deadline.
"""
import time

from django.conf import settings

TOO_BROAD = ("This search is too broad to answer quickly. Narrow it: use fewer or longer words before *, "
             "a “phrase”, or a filter.")


class TooBroad(Exception):
    def __init__(self, stage):
        super().__init__(TOO_BROAD)
        self.stage = stage


class Budget:
    def __init__(self, seconds=None):
        self.seconds = settings.NEWSROOM_SEARCH_BUDGET if seconds is None else seconds
        self.start()

    def start(self):
        """(Re)start the clock: opening a searcher after the index changed is upkeep, not the query's cost."""
        self.deadline = time.monotonic() + self.seconds

    def remaining(self):
        return max(0.0, self.deadline - time.monotonic())

    def spent(self):
        return time.monotonic() >= self.deadline

    def check(self, stage):
        """Raise TooBroad if the budget is spent (``stage`` says where, for the log)."""
        if self.spent():
            raise TooBroad(stage)

    def postings(self, count):
        """Refuse before matching a query that would read more postings (term × article pairs) than
        NEWSROOM_SEARCH_MAX_POSTINGS: its cost is known before any is read."""
        if count > settings.NEWSROOM_SEARCH_MAX_POSTINGS:
            raise TooBroad("postings")
