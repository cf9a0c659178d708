"""The current search as CSV, JSON (streamed) and an Atom feed.

A stream that fails half-way cannot change its 200 status any more, so it ends
with a marker instead: a last CSV row starting ``# export incomplete``, or
``"complete": false`` and the error in the JSON. A complete JSON export says
``"complete": true``; an export cut at the anonymous row limit says so too.

Rows are read as plain values, a few queries per 200 articles. Anonymous
exports are the heaviest answers anyone may ask for, so they have a budget of
their own (:mod:`.exportbudget`).
"""
import csv
import json
import logging

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from ..capture.addresses import without_credentials
from ..models import Article, Quote, page_url

logger = logging.getLogger(__name__)
CHUNK = 200
COLUMNS = ["slug", "title", "published", "date_source", "publisher", "countries", "outlets", "delegations",
           "quote_count", "quotes_url", "source_url", "url", "story", "story_original"]
FEED_PAGE = 50


def _grouped(pairs):
    """{article id: [values]} from (article id, value) rows."""
    grouped = {}
    for pk, value in pairs:
        grouped.setdefault(pk, []).append(value)
    return grouped


def _chunk_rows(chunk, *, body=False):
    """The articles of ``chunk`` that are there, as {id: (slug, title, published, date_source, publisher,
    source_url[, body])}, and {id: sorted codes or names} for countries, outlets and delegations, and {id: quotes
    in reading order}: five queries of plain values. Model instances and prefetches (about ten objects an
    article) were ~70% of an export's time."""
    fields = ["pk", "slug", "title", "published", "date_source", "publisher__name", "source_url", "story_id",
              "story__original__slug"]
    articles = {row[0]: row[1:] for row in Article.objects.filter(pk__in=chunk).order_by().values_list(
        *fields, *(["body"] if body else []))}
    links = {}
    for name, column in (("countries", "country_id"), ("outlets", "outlet__name"),
                         ("delegations", "delegation__name")):
        through = getattr(Article, name).through.objects.filter(article_id__in=chunk).order_by()
        links[name] = {pk: sorted(values) for pk, values in _grouped(through.values_list("article_id", column)).items()}
    # in the order the quotes are read: paragraph, then place in it, then the order they were stored
    quotes = _grouped(
        (pk, {"text": text, "speaker": speaker, "source_organisation": outlet})
        for pk, text, speaker, outlet in Quote.objects.filter(article_id__in=chunk).order_by(
            "article_id", "paragraph", "start", "pk").values_list("article_id", "text", "speaker__name",
                                                                  "outlet__name"))
    return articles, links, quotes


def _rows(ids, absolute, *, body=False):
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        articles, links, quotes = _chunk_rows(chunk, body=body)
        for pk in chunk:
            found = articles.get(pk)
            if found is None:
                continue
            slug, title, published, date_source, publisher, source_url, story, original, *text = found
            row = {
                "slug": slug, "title": title, "published": published.isoformat() if published else None,
                "date_source": date_source,  # stated, inferred or unknown
                "publisher": publisher,
                "countries": links["countries"].get(pk, []), "outlets": links["outlets"].get(pk, []),
                "delegations": links["delegations"].get(pk, []), "quotes": quotes.get(pk, []),
                # an address captured with a password in it, before such addresses were refused: never published
                "source_url": without_credentials(source_url) if source_url else None,
                "url": absolute(page_url("articles:article", slug)),
                # the story this article is a copy in (its number, as /stories/<number>/ shows it) and the page
                # of that story's original; both empty for an article no other outlet published
                "story": story,
                "story_original": absolute(page_url("articles:article", original)) if original else None,
            }
            if body:
                row["body"] = text[0]
            yield row


class _Echo:
    def write(self, value):
        return value


def cell(value):
    """A CSV cell a spreadsheet will not run: file-derived text starting with = + - @ is quoted."""
    text = "; ".join(value) if isinstance(value, list) else ("" if value is None else str(value))
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def guarded(rows):
    """The rows, then None if they all came, or the reason they stopped."""
    try:
        yield from rows
    except Exception as error:  # the response has started: say so in it, and in the log
        logger.exception("export stream failed")
        yield f"the archive could not be read to the end ({type(error).__name__}); try again"
        return
    yield None


def csv_stream(columns, rows, *, exported, total, noun):
    """CSV lines of ``rows`` (dicts), with the markers of an incomplete or a limited export."""
    writer = csv.writer(_Echo())
    yield writer.writerow(columns)
    for row in guarded(rows):
        if isinstance(row, str):
            yield writer.writerow([f"# export incomplete: {row}"])
        elif row is not None:
            yield writer.writerow([cell(row[c]) for c in columns])
    if total > exported:
        yield writer.writerow([f"# export limited to the first {exported} of {total} {noun}; "
                               "sign in for the whole list"])


def json_stream(rows, *, exported, total, noun):
    """A JSON object streamed: the counts, then ``noun``: the rows, then whether it came whole."""
    yield '{"count": %d, "exported": %d, "limited": %s, "%s": [' % (total, exported, json.dumps(total > exported), noun)
    index = 0
    for row in guarded(rows):
        if isinstance(row, str):
            yield "\n], \"complete\": false, \"error\": %s}\n" % json.dumps(row)
            return
        if row is not None:
            yield ("," if index else "") + "\n" + json.dumps(row, ensure_ascii=False)
            index += 1
    yield "\n], \"complete\": true}\n"


def csv_lines(ids, absolute, *, total=None):
    """The articles as CSV: one row each, its quotes counted with the address of their list (a quote's own words
    may hold any separator, so they are not joined in one cell; the JSON export and /quotes/export.csv carry
    them)."""
    def flat(rows):
        for row in rows:
            quotes = row.pop("quotes")
            row["quote_count"] = len(quotes)
            row["quotes_url"] = absolute(reverse("articles:quotes") + f"?article={row['slug']}") if quotes else ""
            yield row

    return csv_stream(COLUMNS, flat(_rows(ids, absolute)), exported=len(ids),
                      total=len(ids) if total is None else total, noun="articles")


def json_chunks(ids, absolute, *, total=None):
    return json_stream(_rows(ids, absolute, body=True), exported=len(ids), total=len(ids) if total is None else total,
                       noun="articles")


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

    def get_object(self, request, ids=None, query="", search_query=None):
        self.request, self.ids, self.query = request, ids or [], query
        # the search the feed follows, as the search page's parameters (a saved search's, else the address's)
        self.search_query = request.GET.urlencode() if search_query is None else search_query
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
        return "/?" + self.search_query

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
