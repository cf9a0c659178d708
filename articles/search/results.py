"""What every search backend returns: a lazy, sliceable :class:`Results` with a
cached count, so Django's Paginator works unchanged.

A backend provides ``_execute(request, budget)`` (matches, facets, notices),
``_ranked(state, limit, request, budget)`` (the first ``limit`` hits in order),
``snippet(query, texts, docnum, state)`` and ``_suggest(request, count, budget)``; each stage
spends the one :class:`~.budget.Budget` of the request. It may provide ``_versions(state, hits)`` (what
version of its article each hit is, for :mod:`articles.web.pagecache`); without it no page is kept.
"""
from dataclasses import dataclass, field
from datetime import date

from .budget import Budget

UNDATED_RULES = ("include", "exclude", "only")


@dataclass
class SearchRequest:
    q: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: str = ""  # "relevance", "date", "oldest"; blank: relevance with words, newest without
    date_from: date | None = None  # inclusive, either end may be open
    date_to: date | None = None
    undated: str = ""  # one of UNDATED_RULES; blank: left out when a range is given, kept otherwise
    # filter values given as slugs of merged records, each with the slug it now stands for and a notice to show:
    # (param, old, new, notice) tuples
    followed: tuple = ()
    every_copy: bool = False  # list each copy of a story, not one result per story

    @property
    def effective_sort(self):
        return self.sort or ("relevance" if self.q.strip() else "date")

    @property
    def undated_rule(self):
        return self.undated or ("exclude" if self.date_from or self.date_to else "include")

    @property
    def limits_dates(self):
        return bool(self.date_from or self.date_to) or self.undated_rule != "include"

    def published_bounds(self):
        """(first, last) day ordinals as the index stores ``published``; open ends as 1 and the largest day."""
        return (self.date_from.toordinal() if self.date_from else 1,
                self.date_to.toordinal() if self.date_to else date.max.toordinal())


@dataclass
class Hit:
    article_id: int
    docnum: int
    score: float


class Results:
    """Lazy results of one search: count, facets and hits are computed on first use."""

    def __init__(self, backend, request, budget=None):
        self.backend, self.request = backend, request
        self.budget = budget or Budget()
        self._state = None
        self._hits = []

    def _run(self):
        if self._state is None:
            self._state = self.backend._execute(self.request, self.budget)
        return self._state

    def count(self):
        return self._run()["count"]

    __len__ = count

    def articles(self):
        """How many articles match, every copy counted (``count`` is of stories unless ``every_copy``)."""
        return self._run().get("articles", self.count())

    @property
    def facets(self):
        return self._run()["facets"]

    @property
    def notices(self):
        return self._run()["notices"]

    @property
    def suggestion(self):
        state = self._run()
        if "suggestion" not in state:
            state["suggestion"] = self.backend._suggest(self.request, self.count(), self.budget)
        return state["suggestion"]

    def __getitem__(self, key):
        if isinstance(key, slice):
            stop = key.stop if key.stop is not None else self.count()
            if stop > len(self._hits):
                self._hits = self.backend._ranked(self._run(), stop, self.request, self.budget)
            return self._hits[key]
        return self[key:key + 1][0]

    def versions(self, hits):
        """What version of its article each hit's document is, changing whenever the article is indexed again;
        None from a backend that cannot tell (nothing shown is then kept by it, see :mod:`articles.web.pagecache`)."""
        versions_of = getattr(self.backend, "_versions", None)
        return versions_of(self._run(), hits) if versions_of else None

    def snippet(self, article):
        """Highlighted, escaped excerpt of the article's body, quotes or title."""
        texts = getattr(article, "quote_texts", None)  # given by the result list, or read now
        quotes = "\n".join(texts if texts is not None else (q.text for q in article.quotes.all()))
        docnum = next((hit.docnum for hit in self._hits if hit.article_id == article.pk), None)
        return self.snippet_of(article.title, article.body.replace("## ", ""), quotes, docnum=docnum)

    def snippet_of(self, title, body, quotes="", docnum=None):
        """The snippet, or "" once the request's budget is spent (the results are shown, without excerpts)."""
        if self.budget.spent():
            return ""
        state = self._run()
        return self.backend.snippet(state["query"], [body, quotes, title], docnum, state=state)
