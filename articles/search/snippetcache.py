"""Snippets kept by what they are cut from, so a state change of the archive does not throw them away.

A snippet is a pure function of the query, the texts it is cut from and the positions the index stored for
the document; a segment's document never changes once written (an edit writes the article again, into a new
segment). Keyed by all three, a kept snippet is never stale, whatever was edited since — unlike answers kept
per archive state (:mod:`articles.kernel.memo`), which every edit drops. Under a load test with two edits a second,
snippets were a fifth of a search's time and the same queries came back with the same articles.
"""
import hashlib

from ..kernel.lru import WeighedLRU

MAX_BYTES = 16 * 1024 * 1024  # snippets and their keys, the least recently used dropped first
KEY_BYTES = 250  # a key's tuples, digest and the cache's own entry, besides its terms
TERM_BYTES = 120  # one (field, word) pair of a key

_kept = WeighedLRU(MAX_BYTES)  # weighed in bytes (a snippet's characters count as bytes: mostly one each)


def kept(where, query, texts, compute):
    """``compute()``'s snippet for the query over ``texts`` at the stored document ``where`` (see
    :func:`.store.document_at`), kept. A snippet reads only the query's terms (which field, which word), so
    queries with the same terms share it."""
    terms = tuple(sorted({(field, text) for field, text in query.iter_all_terms() if isinstance(text, str)}))
    digest = hashlib.blake2b("\x00".join(texts).encode("utf-8", "surrogatepass"), digest_size=16).digest()
    key = (where, terms, digest)
    found = _kept.get(key)
    if found is not None:
        return found
    snippet = compute()
    return _kept.put(key, snippet, len(snippet or "") + KEY_BYTES + TERM_BYTES * len(terms))
