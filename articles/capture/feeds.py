"""Feeds and sitemaps: which of their items are new, remembered per feed so a run every few minutes is cheap.

A feed is asked for with the ETag and Last-Modified of its last answer (a 304 costs nothing more); its items
are known by their id (or link), and an item already captured under its address is not fetched again.

Feeds, nested sitemaps and pages are all read through the run's one :class:`~.fetch.Fetcher`, so they meet
the same byte cap and time limit. Every item fails alone: a refused address, a nested sitemap that cannot be
read or a link that is no address is written to the feed's ``last_error`` and the other items are captured;
a feed that fails as a whole raises :class:`~.fetch.CaptureError` after recording why, so a run over many
feeds goes on to the next.
"""
from dataclasses import dataclass, field
import logging

from django.utils import timezone
import feedparser
from lxml import etree

from ..ingest.prepare import one_line
from ..ingest.urls import normalise
from .addresses import AddressRefused, check_scheme, without_credentials
from .fetch import CaptureError

logger = logging.getLogger(__name__)
SEEN_KEPT = 5000
MAX_SITEMAPS = 20
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
# no entities, no network, no huge trees: a hostile sitemap cannot expand or reach out
_XML = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=True)


def is_sitemap(data):
    head = data[:2000].lower()
    return b"<urlset" in head or b"<sitemapindex" in head


def sitemap_entries(data):
    """(kind, addresses): ("urls", page addresses) or ("sitemaps", nested sitemap addresses)."""
    root = etree.fromstring(data, parser=_XML)
    if root is None:
        return "urls", []
    locations = [el.text.strip() for el in root.iter(f"{SITEMAP_NS}loc", "loc") if el.text and el.text.strip()]
    kind = "sitemaps" if etree.QName(root).localname == "sitemapindex" else "urls"
    return kind, locations


def feed_items(data):
    """[(item id, address)] of an RSS/Atom feed, in the feed's order."""
    parsed = feedparser.parse(data)
    if parsed.bozo and not parsed.entries:
        raise ValueError(f"not a feed or sitemap ({one_reason(parsed.bozo_exception)})")
    items = []
    for entry in parsed.entries:
        link = entry.get("link") or ""
        if link:
            items.append((entry.get("id") or link, link))
    return items


def one_reason(error):
    return str(error).splitlines()[0][:200] if error else "unreadable"


@dataclass
class Items:
    """A feed's items as (id, address), and the errors of the parts of it that could not be read."""

    found: list = field(default_factory=list)
    errors: list = field(default_factory=list)


def read_items(fetcher, hop):
    """The items of a feed or sitemap whose answer is ``hop``; a nested sitemap that fails is an error of its
    own and the others are still read."""
    data = hop.payload
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
                data = nested.payload
            kind, locations = sitemap_entries(data)
        except (CaptureError, AddressRefused, ValueError, etree.Error) as error:
            items.errors.append(_with_address(url, error))
            continue
        if kind == "sitemaps":
            pending.extend(locations)
        else:
            items.found.extend((location, location) for location in locations)
    return items


def _with_address(url, error, *, unexpected=False):
    """One line saying why, starting with the address (never with a password in it)."""
    text = one_line(error) if unexpected else (str(error).strip().splitlines() or [type(error).__name__])[0][:500]
    url = without_credentials(url)
    return text if text.startswith(url) else f"{url}: {text}"


def _usable(items):
    """(items whose address may be fetched, with its normalised form; errors of the others)."""
    usable, errors = [], []
    for item_id, link in dict.fromkeys(items):
        try:
            usable.append((item_id, link, normalise(check_scheme(link.strip()))))
        except (AddressRefused, ValueError) as error:
            errors.append(_with_address(link, error))
    return usable, errors


def capture_feed(url, *, fetcher, on_url=None):
    """Capture the new items of a feed (created as a Feed record if new); returns (feed, report or None when
    the feed had not changed). :class:`CaptureError` when the feed itself cannot be read, after writing why
    to its ``last_error``."""
    from ..models import Feed

    try:
        check_scheme(url)
    except AddressRefused as error:  # never stored: it may carry a password
        raise CaptureError(str(error)) from None
    feed, _ = Feed.objects.get_or_create(url=url)
    feed.last_run = timezone.now()
    try:
        return feed, _capture(feed, fetcher, on_url)
    except (CaptureError, AddressRefused, ValueError, etree.Error) as error:
        reason = _with_address(url, error)
    except Exception as error:  # a bug or an input no rule foresaw: this feed fails, a run over many goes on
        logger.exception("reading the feed %s failed", url)
        reason = _with_address(url, error, unexpected=True)
    feed.last_error = reason[:2000]
    feed.save(update_fields=["last_run", "last_error"])
    raise CaptureError(reason)


def _capture(feed, fetcher, on_url):
    from ..models import Capture
    from .archive import capture_urls

    conditional = {}
    if feed.etag:
        conditional["If-None-Match"] = feed.etag
    if feed.last_modified:
        conditional["If-Modified-Since"] = feed.last_modified
    hop = fetcher.fetch(feed.url, headers=conditional).final
    if hop.status == 304:
        feed.last_error = ""
        feed.save(update_fields=["last_run", "last_error"])
        return None
    if hop.status != 200:
        raise CaptureError(f"{feed.url}: the server answered {hop.status} {hop.reason}".rstrip())
    items = read_items(fetcher, hop)
    seen = set(feed.seen)
    new, refused = _usable([(item_id, link) for item_id, link in items.found if item_id not in seen])
    known = set(Capture.objects.filter(normalized_url__in=[key for _, _, key in new])
                .values_list("normalized_url", flat=True))
    todo = [link for _, link, key in new if key not in known]
    for error in items.errors + refused:
        if on_url:
            on_url(error.split(": ", 1)[0], "failed", error)
    failed = set()

    def tracked(link, status, detail):
        if status == "failed":
            failed.add(link)
        if on_url:
            on_url(link, status, detail)

    report = capture_urls(todo, fetcher=fetcher, on_url=tracked)
    report.failed += len(items.errors) + len(refused)
    report.errors = items.errors + refused + report.errors
    done = [item_id for item_id, link, _ in new if link not in failed]  # a failed item is tried again next run
    feed.seen = (feed.seen + done)[-SEEN_KEPT:]
    feed.etag, feed.last_modified = hop.header("etag")[:500], hop.header("last-modified")[:100]
    feed.items_captured += report.captured + report.updated
    feed.last_error = "; ".join(report.errors)[:2000]
    feed.save()
    return report
