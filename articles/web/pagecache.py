"""Search pages and API answers kept by what they show, so that edits elsewhere in the archive leave them.

Every edit changes the archive's state, and answers kept per state (:mod:`articles.kernel.memo`) go with it: under
the load test's two edits a second, a search page was never served twice. Yet a search page is a function
of its query string, the names of the outlets, countries, people and delegations it labels
(:func:`articles.kernel.memo.names_state`), and what the search found: the count, the facet buckets and months
shown, any notice or suggestion, and the version of each article listed as the index stored it (a new one
whenever the article is indexed again: edited, or its quotes, people, outlets or countries changed). Kept
under a digest of all of these, a page is served again only where it would be rendered the same.

The matching and the facets are still worked out for every request (the digest needs them); reading the
listed articles, cutting their snippets, naming the facets and rendering the template are what is saved.
Only anonymous readers' pages are kept (an editor's page says who is signed in), and only from a backend
that can say which version of an article it lists (the Whoosh index; PostgreSQL keeps none). Each process
keeps at most MAX_BYTES of pages, the least recently used dropped first.
"""
import hashlib

from ..kernel.lru import WeighedLRU
from ..kernel.memo import names_state

# Traffic that rarely repeats (a public archive's readers) is answered from kept pages 0.5% of the time: a small
# budget keeps the pages asked again and again (a front page, a popular search) without holding a worker's memory.
MAX_BYTES = 8 * 1024 * 1024

_kept = WeighedLRU(MAX_BYTES)  # {digest: (content, content type)}, weighed in bytes


def key(kind, request, found):
    """The digest of what this page of ``kind`` ("page", "api") would show, or None when it is not kept."""
    if request.user.is_authenticated:
        return None
    results = found.results
    versions = results.versions(found.page.object_list)
    if versions is None:
        return None
    shown = (kind, request.scheme, request.get_host(), request.get_full_path(), names_state(), results.count(),
             found.shown_facets(), results.facets.get("month", []), results.notices, results.suggestion, versions)
    return hashlib.blake2b(repr(shown).encode(), digest_size=20).hexdigest()


def get(digest):
    """(content, content type) kept under ``digest``, or None."""
    return _kept.get(digest)


def keep(digest, content, content_type):
    if len(content) <= _kept.capacity // 4:  # one huge page must not push out all the others
        _kept.put(digest, (content, content_type), len(content))


def forget():
    """Drop every kept page (tests, benchmarks)."""
    _kept.clear()
