"""Feeds and sitemaps: which of their items are new, remembered per feed so a run every few minutes is cheap.

A feed is asked for with the ETag and Last-Modified of its last answer (a 304 costs nothing more); its items
are known by their id (or link), and an item already captured under its address is not fetched again.
"""
from django.utils import timezone
import feedparser
from lxml import etree

from .addresses import normalise
from .fetch import CaptureError, decoded

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


def _items(fetcher, feed, hop):
    data = decoded(hop, fetcher.max_bytes)
    if not is_sitemap(data):
        return feed_items(data)
    items, pending, read = [], [hop.url], 0
    while pending and read < MAX_SITEMAPS:
        url = pending.pop(0)
        if url != hop.url:
            data = decoded(fetcher.fetch(url).final, fetcher.max_bytes)
        read += 1
        kind, locations = sitemap_entries(data)
        if kind == "sitemaps":
            pending.extend(locations)
        else:
            items.extend((location, location) for location in locations)
    return items


def capture_feed(url, *, fetcher, on_url=None):
    """Capture the new items of a feed (created as a Feed record if new); returns (feed, report or None when
    the feed had not changed)."""
    from ..models import Capture, Feed
    from .archive import capture_urls

    feed, _ = Feed.objects.get_or_create(url=url)
    feed.last_run = timezone.now()
    conditional = {}
    if feed.etag:
        conditional["If-None-Match"] = feed.etag
    if feed.last_modified:
        conditional["If-Modified-Since"] = feed.last_modified
    try:
        hop = fetcher.fetch(url, headers=conditional).final
        if hop.status == 304:
            feed.last_error = ""
            feed.save(update_fields=["last_run", "last_error"])
            return feed, None
        if hop.status != 200:
            raise CaptureError(f"{url}: the server answered {hop.status} {hop.reason}".rstrip())
        items = _items(fetcher, feed, hop)
    except (CaptureError, ValueError, etree.Error) as error:
        feed.last_error = str(error)
        feed.save(update_fields=["last_run", "last_error"])
        raise CaptureError(str(error) if str(error).startswith(url) else f"{url}: {error}") from None
    seen = set(feed.seen)
    new = [(item_id, link) for item_id, link in dict.fromkeys(items) if item_id not in seen]
    known = set(Capture.objects.filter(normalized_url__in=[normalise(link) for _, link in new])
                .values_list("normalized_url", flat=True))
    todo = [(item_id, link) for item_id, link in new if normalise(link) not in known]
    failed = set()

    def tracked(link, status, detail):
        if status == "failed":
            failed.add(link)
        if on_url:
            on_url(link, status, detail)

    report = capture_urls([link for _, link in todo], fetcher=fetcher, on_url=tracked)
    done = [item_id for item_id, link in new if link not in failed]  # a failed item is tried again next run
    feed.seen = (feed.seen + done)[-SEEN_KEPT:]
    feed.etag, feed.last_modified = hop.header("etag")[:500], hop.header("last-modified")[:100]
    feed.items_captured += report.captured + report.updated
    feed.last_error = "; ".join(report.errors)[:2000]
    feed.save()
    return feed, report
