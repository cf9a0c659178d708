"""The current search as CSV, JSON (streamed) and an Atom feed.

A stream that fails half-way cannot change its 200 status any more, so it ends
with a marker instead: a last CSV row starting ``# export incomplete``, or
``"complete": false`` and the error in the JSON. A complete JSON export says
``"complete": true``; an export cut at the anonymous row limit says so too.
"""
import csv
import json
import logging

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed

from .models import Article

logger = logging.getLogger(__name__)
CHUNK = 200
COLUMNS = ["slug", "title", "published", "publisher", "countries", "outlets", "delegations", "url"]


def _rows(ids, absolute):
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        found = Article.objects.select_related("publisher").prefetch_related(
            "countries", "outlets", "delegations").in_bulk(chunk)
        for pk in chunk:
            article = found.get(pk)
            if article is None:
                continue
            yield {
                "slug": article.slug, "title": article.title,
                "published": article.published.isoformat() if article.published else None,
                "publisher": article.publisher.name if article.publisher else None,
                "countries": sorted(c.code for c in article.countries.all()),
                "outlets": sorted(o.name for o in article.outlets.all()),
                "delegations": sorted(d.name for d in article.delegations.all()),
                "url": absolute(article.get_absolute_url()),
            }


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
            yield writer.writerow([_cell(row[c]) for c in COLUMNS])
    if total is not None and total > len(ids):
        yield writer.writerow([f"# export limited to the first {len(ids)} of {total} articles; "
                               "sign in for the whole search"])


def json_chunks(ids, absolute, *, total=None):
    total = len(ids) if total is None else total
    yield '{"count": %d, "exported": %d, "limited": %s, "articles": [' % (total, len(ids), json.dumps(total > len(ids)))
    index = 0
    for row in _guarded(_rows(ids, absolute)):
        if isinstance(row, str):
            yield "\n], \"complete\": false, \"error\": %s}\n" % json.dumps(row)
            return
        if row is not None:
            yield ("," if index else "") + "\n" + json.dumps(row, ensure_ascii=False)
            index += 1
    yield "\n], \"complete\": true}\n"


class SearchFeed(Feed):
    """An Atom feed of any search: a saved search becomes an alert in a feed reader."""

    feed_type = Atom1Feed
    description_template = None

    def get_object(self, request, ids=None, query=""):
        self.request, self.ids, self.query = request, ids or [], query
        return None

    def title(self):
        return f"newsroom: {self.query}" if self.query else "newsroom: latest articles"

    def link(self):
        return "/?" + self.request.GET.urlencode()

    def subtitle(self):
        return "Articles matching a search of the newsroom archive."

    def items(self):
        chosen = self.ids[:50]
        found = Article.objects.select_related("publisher").in_bulk(chosen)
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
