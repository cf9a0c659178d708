"""Look-up by address: a page's address typed into search opens its archived article, whichever way it is
written (``http`` or ``https``, with or without ``www.``, tracking parameters, a fragment, a trailing slash).

Addresses are compared in their normal form (:func:`articles.ingest.urls.normalise`) with the scheme and a
leading ``www.`` set aside. Candidates are read by the address's most distinctive part (its last path segment,
else its host) and compared exactly, so a look-up reads a handful of rows at any size.
"""
from dataclasses import dataclass, field
import re
from urllib.parse import urlsplit

from django.db.models import Q

from ..ingest.urls import HOST_RE, normalise
from ..models import Article, Capture

MAX_ADDRESS = 2000
CANDIDATES = 200
# one word, no spaces: a scheme, "www." or a host with a path
ADDRESS_RE = re.compile(r"(?:https?://|www\.)\S+|[^\s/]+\.[^\s/]+/\S*", re.IGNORECASE)


@dataclass
class Found:
    address: str
    articles: list = field(default_factory=list)
    captures: list = field(default_factory=list)


def address_in_query(q):
    """The address a search query consists of, normalised with ``https``, or "" when it is words."""
    q = (q or "").strip()
    if not q or len(q) > MAX_ADDRESS or not ADDRESS_RE.fullmatch(q):
        return ""
    url = q if re.match(r"https?://", q, re.IGNORECASE) else "https://" + q
    try:
        host = urlsplit(url).hostname or ""
        if not HOST_RE.fullmatch(host):
            return ""
        return normalise(url)
    except ValueError:  # a malformed port or bracketed host
        return ""


def loose(address):
    """An address's normal form without its scheme and a leading "www.": the key two spellings share."""
    try:
        key = normalise(address)
    except ValueError:
        return ""
    rest = key.split("://", 1)[-1]
    return rest[4:] if rest.lower().startswith("www.") else rest


def _distinctive(address):
    parts = urlsplit(address)
    segment = parts.path.rstrip("/").rsplit("/", 1)[-1]
    return segment if len(segment) >= 4 else (parts.hostname or "").removeprefix("www.")


def archived(address):
    """The articles whose original address is ``address``, and the captures of it (newest first)."""
    key, part = loose(address), _distinctive(address)
    found = Found(address)
    if not key or not part:
        return found
    articles = Article.objects.listed().filter(source_url__icontains=part).only(
        "pk", "slug", "title", "published", "source_url", "publisher__name").select_related("publisher")
    found.articles = [a for a in articles[:CANDIDATES] if loose(a.source_url) == key]
    captures = (Capture.objects.filter(Q(normalized_url__icontains=part) | Q(url__icontains=part))
                .select_related("article").order_by("-captured_at"))
    found.captures = [c for c in captures[:CANDIDATES] if key in (loose(c.normalized_url), loose(c.url))]
    for capture in found.captures:
        if capture.article_id and capture.article not in found.articles:
            found.articles.append(capture.article)
    return found
