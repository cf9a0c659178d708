"""The search's in-process caches are bounded in bytes: what a worker keeps stops growing at their sum, however
varied the searches (docs/operations.md lists the budgets)."""
import numpy as np

from articles.kernel.lru import WeighedLRU
from articles.search import postinglists, snippetcache

QUERIES = ["Chongqing", "journalists", "tour", "hotpot", "delegation visited", "Belt and Road", "media", "city",
           "reporters from", "smart"]


def test_posting_lists_and_snippets_are_weighed_in_bytes_and_kept_within_their_budget(seeded, client, monkeypatch):
    monkeypatch.setattr(postinglists, "_cache", WeighedLRU(60_000))
    monkeypatch.setattr(snippetcache, "_kept", WeighedLRU(6_000))
    for query in QUERIES:
        assert client.get("/", {"q": query}).status_code == 200
    kept = [postinglists._cache._entries[key] for key in postinglists._cache.keys()]
    assert kept and postinglists._cache.weight <= 60_000
    for value, weight in kept:  # an entry weighs at least its arrays' bytes
        arrays = [value.ids, value.weights] if hasattr(value, "ids") else [v for v in value if isinstance(v, np.ndarray)]
        assert weight >= sum(array.nbytes for array in arrays)
    snippets = [snippetcache._kept._entries[key] for key in snippetcache._kept.keys()]
    assert snippets and snippetcache._kept.weight <= 6_000
    assert all(weight > len(snippet) for snippet, weight in snippets)  # its key counts too
