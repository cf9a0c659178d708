"""The current search as CSV, JSON (streamed) and an Atom feed.

A stream that fails half-way cannot change its 200 status any more, so it ends
with a marker instead: a last CSV row starting ``# export incomplete``, or
``"complete": false`` and the error in the JSON. A complete JSON export says
``"complete": true``; an export cut at the anonymous row limit says so too.

Anonymous exports are the heaviest answers anyone may ask for, so they have a
budget of their own (:class:`ExportBudgetMiddleware`): a few at a time per
process and across the workers sharing Django's cache; past that, 429 with
``Retry-After``. A slot is held until the stream ends or the client goes away.
"""
import csv
import gc
import json
import logging
import threading
import time
import uuid
import weakref

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.cache import cache
from django.http import HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from ..capture.addresses import without_credentials
from ..models import Article

logger = logging.getLogger(__name__)
CHUNK = 200
COLUMNS = ["slug", "title", "published", "date_source", "publisher", "countries", "outlets", "delegations", "quotes",
           "source_url", "url"]
FEED_PAGE = 50


def _quote(quote):
    return {"text": quote.text, "speaker": quote.speaker.name if quote.speaker else None,
            "source_organisation": quote.outlet.name if quote.outlet else None}


def _rows(ids, absolute, *, body=False):
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        found = Article.objects.listed().select_related("publisher").prefetch_related(
            "countries", "outlets", "delegations", "quotes__speaker", "quotes__outlet").in_bulk(chunk)
        for pk in chunk:
            article = found.get(pk)
            if article is None:
                continue
            row = {
                "slug": article.slug, "title": article.title,
                "published": article.published.isoformat() if article.published else None,
                "date_source": article.date_source,  # stated, inferred or unknown
                "publisher": article.publisher.name if article.publisher else None,
                "countries": sorted(c.code for c in article.countries.all()),
                "outlets": sorted(o.name for o in article.outlets.all()),
                "delegations": sorted(d.name for d in article.delegations.all()),
                "quotes": [_quote(q) for q in sorted(article.quotes.all(), key=lambda q: (q.paragraph, q.start))],
                # an address captured with a password in it, before such addresses were refused: never published
                "source_url": without_credentials(article.source_url) if article.source_url else None,
                "url": absolute(article.get_absolute_url()),
            }
            if body:
                row["body"] = article.body
            yield row


def _quotes_cell(quotes):
    return [f"{q['text']} — {q['speaker'] or q['source_organisation'] or 'unattributed'}" for q in quotes]


class _Echo:
    def write(self, value):
        return value


def _cell(value):
    """A CSV cell a spreadsheet will not run: file-derived text starting with = + - @ is quoted."""
    text = "; ".join(value) if isinstance(value, list) else ("" if value is None else str(value))
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _guarded(rows):
    """The rows, then None if they all came, or the reason they stopped."""
    try:
        yield from rows
    except Exception as error:  # the response has started: say so in it, and in the log
        logger.exception("export stream failed")
        yield f"the archive could not be read to the end ({type(error).__name__}); try again"
        return
    yield None


def csv_lines(ids, absolute, *, total=None):
    writer = csv.writer(_Echo())
    yield writer.writerow(COLUMNS)
    for row in _guarded(_rows(ids, absolute)):
        if isinstance(row, str):
            yield writer.writerow([f"# export incomplete: {row}"])
        elif row is not None:
            row["quotes"] = _quotes_cell(row["quotes"])
            yield writer.writerow([_cell(row[c]) for c in COLUMNS])
    if total is not None and total > len(ids):
        yield writer.writerow([f"# export limited to the first {len(ids)} of {total} articles; "
                               "sign in for the whole search"])


def json_chunks(ids, absolute, *, total=None):
    total = len(ids) if total is None else total
    yield '{"count": %d, "exported": %d, "limited": %s, "articles": [' % (total, len(ids), json.dumps(total > len(ids)))
    index = 0
    for row in _guarded(_rows(ids, absolute, body=True)):
        if isinstance(row, str):
            yield "\n], \"complete\": false, \"error\": %s}\n" % json.dumps(row)
            return
        if row is not None:
            yield ("," if index else "") + "\n" + json.dumps(row, ensure_ascii=False)
            index += 1
    yield "\n], \"complete\": true}\n"


class PagedAtomFeed(Atom1Feed):
    """Atom with RFC 5005 paging links, so a reader can walk a whole search 50 entries at a time."""

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        for relation in ("next", "previous"):
            if self.feed.get(f"{relation}_link"):
                handler.addQuickElement("link", "", {"rel": relation, "href": self.feed[f"{relation}_link"]})


class SearchFeed(Feed):
    """An Atom feed of any search, a page at a time: a saved search becomes an alert in a feed reader."""

    feed_type = PagedAtomFeed
    description_template = None

    def get_object(self, request, ids=None, query=""):
        self.request, self.ids, self.query = request, ids or [], query
        try:
            self.page = max(1, int(request.GET.get("page", 1)))
        except ValueError:
            self.page = 1
        return None

    def _page_link(self, page):
        params = self.request.GET.copy()
        params["page"] = page
        return self.request.build_absolute_uri(f"{self.request.path}?{params.urlencode()}")

    def feed_extra_kwargs(self, obj):
        more = self.page * FEED_PAGE < len(self.ids)
        return {"next_link": self._page_link(self.page + 1) if more else "",
                "previous_link": self._page_link(self.page - 1) if self.page > 1 else ""}

    def title(self):
        return f"newsroom: {self.query}" if self.query else "newsroom: latest articles"

    def link(self):
        return "/?" + self.request.GET.urlencode()

    def subtitle(self):
        return "Articles matching a search of the newsroom archive."

    def items(self):
        chosen = self.ids[(self.page - 1) * FEED_PAGE:self.page * FEED_PAGE]
        found = Article.objects.listed().select_related("publisher").in_bulk(chosen)
        return [found[pk] for pk in chosen if pk in found]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.body.split("\n\n")[0][:500]

    def item_pubdate(self, item):
        import datetime
        return datetime.datetime.combine(item.published, datetime.time()) if item.published else item.ingested_at

    def item_updateddate(self, item):
        return item.updated_at


# The anonymous exports' budget -------------------------------------------------------------------------------
EXPORT_VIEWS = ("articles:export_csv", "articles:export_json", "articles:export_warc")
SLOT_KEY = "newsroom:export-slot:%d"
SLOT_SECONDS = 120  # a slot a killed worker never gave back is free again after this; a live export renews it
RENEW_EVERY = 30.0
# This process's running exports. Weak: a response dropped without being closed (WSGI servers close every
# one; a test may not) stops counting once collected, so a process never loses its slots for good.
_running = weakref.WeakSet()
_running_lock = threading.Lock()
_last_sweep = [0.0]


def _take_process_slot(slot):
    for attempt in range(2):
        with _running_lock:
            if len(_running) < settings.NEWSROOM_EXPORT_CONCURRENCY:
                _running.add(slot)
                return True
        if attempt or time.monotonic() - _last_sweep[0] < 1.0:
            return False
        _last_sweep[0] = time.monotonic()
        gc.collect()  # at most once a second: responses dropped unclosed give their place back
    return False


class ExportSlot:
    """One export's place: one of this process's and one of the shared slots in the cache, or neither."""

    def __init__(self):
        self._key = None
        self._token = uuid.uuid4().hex
        self._renewed = 0.0

    def acquire(self):
        if not _take_process_slot(self):
            return False
        for number in range(settings.NEWSROOM_EXPORT_SHARED_CONCURRENCY):
            if cache.add(SLOT_KEY % number, self._token, SLOT_SECONDS):
                self._key, self._renewed = SLOT_KEY % number, time.monotonic()
                return True
        with _running_lock:
            _running.discard(self)
        return False

    def renew(self):
        if self._key and time.monotonic() - self._renewed > RENEW_EVERY:
            cache.touch(self._key, SLOT_SECONDS)
            self._renewed = time.monotonic()

    def release(self):
        if self._key is None:
            return
        if cache.get(self._key) == self._token:  # not a slot another export took after ours expired
            cache.delete(self._key)
        self._key = None
        with _running_lock:
            _running.discard(self)


class _Held:
    """A response's content, giving its slot back when the last chunk is sent or the response is closed."""

    def __init__(self, content, slot):
        self._content, self._slot = content, slot

    def __iter__(self):
        try:
            for chunk in self._content:
                self._slot.renew()
                yield chunk
        finally:
            self._slot.release()

    def close(self):
        self._slot.release()


def too_busy():
    response = HttpResponse("Too many exports are running; try again in a little while.\n", status=429,
                            content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(settings.NEWSROOM_EXPORT_RETRY_AFTER)
    return response


class ExportBudgetMiddleware:
    """Anonymous exports, a few at a time: NEWSROOM_EXPORT_CONCURRENCY per process and
    NEWSROOM_EXPORT_SHARED_CONCURRENCY across the workers sharing the cache; 429 with Retry-After past that.
    Signed-in readers are not counted (their archive is private or they are known)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._paths = None

    def __call__(self, request):
        if self._paths is None:
            self._paths = {reverse(name) for name in EXPORT_VIEWS}
        if request.path not in self._paths or request.user.is_authenticated:
            return self.get_response(request)
        slot = ExportSlot()
        if not slot.acquire():
            logger.info("an anonymous export refused: the exports' concurrency limit is reached")
            return too_busy()
        try:
            response = self.get_response(request)
        except BaseException:
            slot.release()
            raise
        if not response.streaming:
            slot.release()
            return response
        response.streaming_content = _Held(response.streaming_content, slot)
        return response
