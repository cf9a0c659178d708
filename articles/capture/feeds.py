"""Feeds and sitemaps: which of their items are new, remembered per feed so a run every few minutes is cheap.

A feed is asked for with the ETag and Last-Modified of its last answer (a 304 costs nothing more); its items
are known by their id (or link), and an item already captured under its address is fetched again only when
its entry's date (Atom ``<updated>``, RSS ``<pubDate>``, a sitemap's ``<lastmod>``) differs from the one its
last capture saw: an edited page whose entry was bumped is captured again, an unchanged one costs nothing.
An address that failed for good is skipped until its entry changes or the run retries failures.

Feeds, nested sitemaps and pages are all read through the run's one :class:`~.fetch.Fetcher`, so they meet
the same byte cap and time limit. Every item fails alone: a refused address, a nested sitemap that cannot be
read or a link that is no address is written to the feed's ``last_error`` and the other items are captured;
a feed that fails as a whole raises :class:`~.fetch.CaptureError` after recording why, so a run over many
feeds goes on to the next.
"""
from dataclasses import dataclass, field
import logging
import time
from typing import NamedTuple

from django.utils import timezone
import feedparser
from lxml import etree

from ..ingest.prepare import one_line
from ..ingest.urls import normalise
from . import failures
from .addresses import AddressRefused, check_scheme, without_credentials
from .fetch import CaptureError, conditional_headers, inflated

logger = logging.getLogger(__name__)
SEEN_KEPT = 5000
MAX_SITEMAPS = 20
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
# no entities, no network, no huge trees: a hostile sitemap cannot expand or reach out
_XML = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=True)
STAMP_LENGTH = 100
GZIP_MAGIC = b"\x1f\x8b"
SITEMAP_ROOTS = {"urlset", "sitemapindex"}


class Item(NamedTuple):
    """One entry of a feed or sitemap: its id, the page's address, and when the entry says it last changed
    ("" when it does not say)."""

    id: str
    address: str
    updated: str = ""


def is_sitemap(data):
    head = data[:2000].lower()
    return b"<urlset" in head or b"<sitemapindex" in head


def _child_text(element, name):
    found = element.find(f"{SITEMAP_NS}{name}")
    found = element.find(name) if found is None else found
    return (found.text or "").strip() if found is not None else ""


def uncompressed(hop):
    """A feed's or sitemap's bytes: its payload, inflated when the file itself is gzip-compressed (a
    ``sitemap.xml.gz``, served as application/gzip or not; told by its first bytes) under the byte cap the
    answer was read under, so a small file that inflates past it is refused, not read."""
    data = hop.payload
    if data[:2] == GZIP_MAGIC:
        return inflated(data, hop.url, hop.limit, hop.limit_name)
    return data


def sitemap_entries(data):
    """(kind, [(address, lastmod)]): ("urls", pages) or ("sitemaps", nested sitemaps); ValueError when the
    data is no sitemap."""
    root = etree.fromstring(data, parser=_XML)
    if root is None or etree.QName(root).localname not in SITEMAP_ROOTS:
        raise ValueError("not a sitemap (no <urlset> or <sitemapindex>)")
    entries = []
    for element in root.iter(f"{SITEMAP_NS}url", "url", f"{SITEMAP_NS}sitemap", "sitemap"):
        location = _child_text(element, "loc")
        if location:
            entries.append((location, _child_text(element, "lastmod")[:STAMP_LENGTH]))
    kind = "sitemaps" if etree.QName(root).localname == "sitemapindex" else "urls"
    return kind, entries


def entry_updated(entry):
    """When a feed entry says its page last changed: Atom's <updated>, else the date it was published (RSS
    <pubDate>), in UTC when feedparser can read it, else as written."""
    for name in ("updated", "published"):  # read as a plain dict: feedparser's own "updated" falls back, warning
        parsed, written = dict.get(entry, f"{name}_parsed"), dict.get(entry, name)
        if parsed:
            return time.strftime("%Y-%m-%dT%H:%M:%SZ", parsed)
        if written:
            return str(written).strip()[:STAMP_LENGTH]
    return ""


def feed_items(data):
    """The :class:`Item` of an RSS/Atom feed, in the feed's order."""
    parsed = feedparser.parse(data)
    if parsed.bozo and not parsed.entries:
        raise ValueError(f"not a feed or sitemap ({one_reason(parsed.bozo_exception)})")
    items = []
    for entry in parsed.entries:
        link = entry.get("link") or ""
        if link:
            items.append(Item(entry.get("id") or link, link, entry_updated(entry)))
    return items


def one_reason(error):
    return str(error).splitlines()[0][:200] if error else "unreadable"


@dataclass
class Items:
    """A feed's :class:`Item`, and the errors of the parts of it that could not be read."""

    found: list = field(default_factory=list)
    errors: list = field(default_factory=list)


def read_items(fetcher, hop):
    """The items of a feed or sitemap whose answer is ``hop``; a nested sitemap that fails is an error of its
    own and the others are still read."""
    data = uncompressed(hop)
    if not is_sitemap(data):
        return Items(feed_items(data))
    items, pending, read = Items(), [hop.url], 0
    while pending and read < MAX_SITEMAPS:
        url = pending.pop(0)
        read += 1
        try:
            if url != hop.url:
                nested = fetcher.fetch(url).final
                if nested.status != 200:
                    raise CaptureError(f"{url}: the server answered {nested.status} {nested.reason}".rstrip())
                data = uncompressed(nested)
            kind, locations = sitemap_entries(data)
        except (CaptureError, AddressRefused, ValueError, etree.Error) as error:
            items.errors.append(_with_address(url, error))
            continue
        if kind == "sitemaps":
            pending.extend(location for location, _ in locations)
        else:
            items.found.extend(Item(location, location, lastmod) for location, lastmod in locations)
    return items


def _with_address(url, error, *, unexpected=False):
    """One line saying why, starting with the address (never with a password in it)."""
    text = one_line(error) if unexpected else (str(error).strip().splitlines() or [type(error).__name__])[0][:500]
    url = without_credentials(url)
    return text if text.startswith(url) else f"{url}: {text}"


def _usable(items):
    """([(item, its normalised address)] whose address may be fetched; errors of the others)."""
    usable, errors = [], []
    for item in dict.fromkeys(items):
        try:
            usable.append((item, normalise(check_scheme(item.address.strip()))))
        except (AddressRefused, ValueError) as error:
            errors.append(_with_address(item.address, error))
    return usable, errors


@dataclass
class Plan:
    """What a run does with a feed's items: fetch these, skip those known to fail for good."""

    fetch: list = field(default_factory=list)
    failed_before: list = field(default_factory=list)  # [(item, CaptureFailure)]


def plan(usable, seen, *, retry_failed=False):
    """Which items to fetch: new ones, captured ones whose entry's date differs from what their last capture
    saw, and failed ones whose entry changed (every failed one with ``retry_failed``)."""
    from ..models import Capture

    keys = [key for _, key in usable]
    last_seen = dict(Capture.objects.filter(normalized_url__in=keys).order_by("normalized_url", "captured_at", "pk")
                     .values_list("normalized_url", "feed_updated"))  # each address's latest capture, last
    failed = failures.known(keys)
    result = Plan()
    for item, key in usable:
        failure = failed.get(key)
        if failure:
            if retry_failed or item.updated != failure.feed_updated:
                result.fetch.append(item)
            else:
                result.failed_before.append((item, failure))
        elif key in last_seen:
            if item.updated and item.updated != last_seen[key]:
                result.fetch.append(item)
        elif item.id not in seen:
            result.fetch.append(item)
    return result


def capture_feed(url, *, fetcher, on_url=None, retry_failed=False, browser=None):
    """Capture the new and changed items of a feed (created as a Feed record if new); returns (feed, report or
    None when the feed had not changed). :class:`CaptureError` when the feed itself cannot be read, after
    writing why to its ``last_error``. Items that failed for good are skipped (``on_url(address, "failed
    before", reason)``) unless their entry changed or ``retry_failed``. With ``browser`` items are rendered."""
    from ..models import Feed

    try:
        check_scheme(url)
    except AddressRefused as error:  # never stored: it may carry a password
        raise CaptureError(str(error)) from None
    feed, _ = Feed.objects.get_or_create(url=url)
    feed.last_run = timezone.now()
    try:
        return feed, _capture(feed, fetcher, on_url, retry_failed, browser)
    except (CaptureError, AddressRefused, ValueError, etree.Error) as error:
        reason = _with_address(url, error)
    except Exception as error:  # a bug or an input no rule foresaw: this feed fails, a run over many goes on
        logger.exception("reading the feed %s failed", url)
        reason = _with_address(url, error, unexpected=True)
    feed.last_error = reason[:2000]
    feed.save(update_fields=["last_run", "last_error"])
    raise CaptureError(reason)


def _capture(feed, fetcher, on_url, retry_failed, browser):
    from .archive import capture_urls

    hop = fetcher.fetch(feed.url, headers=conditional_headers(feed)).final
    if hop.status == 304:
        feed.last_error = ""
        feed.save(update_fields=["last_run", "last_error"])
        return None
    if hop.status != 200:
        raise CaptureError(f"{feed.url}: the server answered {hop.status} {hop.reason}".rstrip())
    items = read_items(fetcher, hop)
    usable, refused = _usable(items.found)
    todo = plan(usable, set(feed.seen), retry_failed=retry_failed)
    for error in items.errors + refused:
        if on_url:
            on_url(error.split(": ", 1)[0], "failed", error)
    for item, failure in todo.failed_before:
        if on_url:
            on_url(item.address, "failed before", failure.reason)
    failed = set()

    def tracked(link, status, detail):
        if status == "failed":
            failed.add(link)
        if on_url:
            on_url(link, status, detail)

    report = capture_urls([item.address for item in todo.fetch], fetcher=fetcher, on_url=tracked,
                          feed_updated={item.address: item.updated for item in todo.fetch}, browser=browser)
    report.failed += len(items.errors) + len(refused)
    report.failed_before = len(todo.failed_before)
    report.errors = items.errors + refused + report.errors
    seen = set(feed.seen)
    done = [item.id for item in todo.fetch if item.address not in failed and item.id not in seen]
    feed.seen = (feed.seen + list(dict.fromkeys(done)))[-SEEN_KEPT:]  # a failed item is tried again next run
    feed.etag, feed.last_modified = hop.header("etag")[:500], hop.header("last-modified")[:100]
    feed.items_captured += report.captured + report.updated
    feed.last_error = "; ".join(report.errors)[:2000]
    feed.save()
    return report
