"""One search request, from its parameters to everything its page or API answer shows, asked once by the view.

``search_page`` validates the parameters, runs the search, and either finds the page already kept for what it
would show (:mod:`.pagecache`) or reads and labels what it shows (:mod:`.searchpage`); the view only renders
the answer and hands the rendered page back to be kept. ``matching`` is the same for the exports: every
matching article id.
"""
from dataclasses import dataclass, field

from ..models import Article
from ..search.store import SearchUnavailable
from . import pagecache
from .filters import ArticleSearchFilter, checked_search
from .searchpage import all_matching_ids, find, run_search, shown, unavailable


@dataclass
class SearchAnswer:
    """What a search request answers: the page kept from an earlier request that showed the same (``kept``:
    its content and content type), or the :class:`SearchRequest` and its :class:`.searchpage.SearchPage` to
    render; for the API, the invalid parameters' messages (``errors``) instead."""

    request: object = None
    result: object = None
    kept: tuple | None = None
    errors: dict = field(default_factory=dict)
    digest: str | None = None  # what the page shows, when it may be kept

    def keep(self, response):
        """Keep the rendered page, served again while a request's page would be rendered the same."""
        if self.digest and response.status_code == 200:
            pagecache.keep(self.digest, response.content, response["Content-Type"])


def search_filter(params):
    """The search parameters, validated (``filterset.errors`` says what was wrong)."""
    filterset = ArticleSearchFilter(params, queryset=Article.objects.listed().newest_first())
    filterset.is_valid()
    return filterset


def search_page(request, *, kind):
    """The :class:`SearchAnswer` of a search page (``kind`` "page") or API answer ("api") for ``request``'s
    parameters. The search runs every time; what it shows is read and labelled only when no page kept for an
    anonymous reader shows the same. A page with an invalid parameter searches without it and says so; the API
    refuses it (``errors``). Without the index, the filters' matches come from the database."""
    params = request.GET
    search_request = checked_search(params)
    if search_request is None:
        if kind == "api":
            return SearchAnswer(errors=search_filter(params).errors)
        return _without_bad_parameters(params)
    page_number = params.get("page")
    try:
        found = find(search_request, params, page_number)
        digest = pagecache.key(kind, request, found)
        kept = pagecache.get(digest) if digest else None
        if kept is not None:
            return SearchAnswer(request=search_request, kept=kept)
        return SearchAnswer(request=search_request, result=shown(found), digest=digest)
    except SearchUnavailable as error:
        return SearchAnswer(request=search_request,
                            result=unavailable(search_filter(params), params, page_number, error))


def _without_bad_parameters(params):
    """The page of the search without its invalid parameters, noting each one ignored and why."""
    errors = search_filter(params).errors
    cleaned = params.copy()
    for name in errors:
        cleaned.pop(name, None)
    filterset = search_filter(cleaned)
    result = run_search(filterset, cleaned, cleaned.get("page"))
    result.notices = [f"Ignored {name}: {' '.join(messages)}" for name, messages in errors.items()] + result.notices
    return SearchAnswer(request=filterset.search_request(), result=result)


def matching(params):
    """(every matching article id in result order, the validated filter set) for an export; the ids are None
    when a parameter is invalid (the filter set says which)."""
    filterset = search_filter(params)
    if filterset.errors:
        return None, filterset
    return all_matching_ids(filterset), filterset
