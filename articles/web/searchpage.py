"""One search as the page and the API show it: results, facet buckets, notices."""
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.utils.html import escape
from django.utils.safestring import mark_safe

from ..ingest.language import language_name
from ..kernel.memo import each_once_per_state, names_state, once_per_state
from ..kernel.statements import ListStatement, Statement
from ..models import Appearance, Article, Country, Delegation, Outlet, Person, Quote
from ..search.backend import get_backend
from ..search.schema import FACETS
from ..search.store import SearchUnavailable
from .charts import month_chart

PAGE_SIZE = 20
ORPHANS = 2  # a last page this short joins the one before: a page lists up to PAGE_SIZE + ORPHANS
RELATED_LIMIT = 5  # related articles an article page shows at most
FACET_SIZE = 10  # shown at once; the rest of FACET_SHOWN behind "more"
FACET_SHOWN = 30  # a facet of 5,000 speakers must not make a 1 MB page: the others are counted, not listed
COPY_LABELS = {"original": "Originals (copied elsewhere)", "copy": "Copies of another outlet's story"}
LABEL_MODELS = {"outlet": Outlet, "delegation": Delegation, "speaker": Person, "publisher": Outlet}
BUCKET_HTML = ('<li><a href="%s" class="bucket"><span class="box" aria-hidden="true"></span>'
               '<span class="label">%s</span> <span class="count">%d</span></a></li>')
SELECTED_BUCKET_HTML = ('<li><a href="%s" class="bucket selected" aria-current="true">'
                        '<span class="box" aria-hidden="true"></span><span class="label">%s'
                        '<span class="visually-hidden"> (selected, select to remove)</span></span> '
                        '<span class="count">%d</span></a></li>')


@dataclass
class Bucket:
    value: str
    label: str
    count: int
    selected: bool
    url: str

    def __html__(self):
        """The bucket's link as a facet list shows it. Written here rather than as an included template: a
        search page lists ~180 buckets, and including a template for each was a third of its rendering."""
        markup = SELECTED_BUCKET_HTML if self.selected else BUCKET_HTML
        return mark_safe(markup % (escape(self.url), escape(self.label), self.count))

    __str__ = __html__  # a template renders str(value)


@dataclass
class Facet:
    name: str
    label: str
    buckets: list[Bucket]
    unlisted: int = 0  # values with matches beyond the FACET_SHOWN listed

    @property
    def top(self):
        return self.buckets[:FACET_SIZE]

    @property
    def more(self):
        return self.buckets[FACET_SIZE:]

    def top_html(self):
        """The list items of the buckets shown at once, as one string: a template loop over ~180 buckets
        cost more than the buckets' own markup."""
        return _items(self.top)

    def more_html(self):
        return _items(self.more)

    @property
    def selected(self):
        return any(bucket.selected for bucket in self.buckets)


def _items(buckets):
    return mark_safe("".join(bucket.__html__() for bucket in buckets))  # each bucket escapes its own text


@dataclass
class Chip:
    label: str
    url: str


@dataclass
class SearchPage:
    page: object
    articles: list
    count: int
    facets: list[Facet] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    suggestion: str | None = None
    unavailable: str | None = None
    date_chip: Chip | None = None
    months: list = field(default_factory=list)  # [(YYYYMM, count)] of the matches, for the chart
    articles_count: int | None = None  # every copy counted, when ``count`` is of stories
    every_copy: bool = False
    links: "QueryString | None" = None
    chosen_dates: tuple = (None, None)

    @cached_property
    def chart(self):
        """The month chart's SVG, drawn only for the page that shows it (the API has no use for it)."""
        if self.links is None:
            return ""
        return month_chart(self.months, link=self.links.ranged, chosen=self.chosen_dates)


class QueryString:
    """A search's parameters (without ``page``) as links vary them: each facet bucket toggles one value, each
    chart bar sets a date range, the date chip drops it. A page has hundreds of these links; copying the
    QueryDict and encoding it again for each was a tenth of the search page's time, so every pair is encoded
    once. The output is QueryDict.urlencode's: keys in their first order, a new key last."""

    def __init__(self, params, followed=()):
        """``followed``: the filter values that were slugs of merged records, which links give as the slugs of the
        records they became (a selected bucket is then removed by its link)."""
        self.lists = {name: values for name, values in params.lists() if name != "page"}
        new = {(f.param, f.old): f.new for f in followed}
        for name in {f.param for f in followed} & self.lists.keys():
            self.lists[name] = list(dict.fromkeys(new.get((name, v), v) for v in self.lists[name]))

    def toggled(self, name, value):
        """The query string with ``value`` of ``name`` switched on or off, back to page 1."""
        values = self.lists.get(name, [])
        return self._encoded({**self.lists, name: [v for v in values if v != value] if value in values
                              else [*values, value]})

    def without(self, *names):
        """The query string without the parameters ``names``, back to page 1."""
        return self._encoded({name: values for name, values in self.lists.items() if name not in names})

    def ranged(self, first, last):
        """The query string narrowed to the days ``first``–``last``, back to page 1."""
        return self._encoded({**self.lists, "from": [first.isoformat()], "to": [last.isoformat()]})

    @staticmethod
    def _encoded(lists):
        return "?" + "&".join(_pair(name, value) for name, values in lists.items() for value in values)


@lru_cache(maxsize=4096)
def _pair(name, value):
    return urlencode({name: value})


def date_chip(links, request):
    """A removable chip for the date range (or undated rule) in force, or None."""
    if not request.limits_dates:
        return None
    start, end = request.date_from, request.date_to
    label = (f"{start:%-d %b %Y} – {end:%-d %b %Y}" if start and end else f"from {start:%-d %b %Y}" if start
             else f"until {end:%-d %b %Y}" if end else "")
    rule = {"include": "with undated", "only": "undated only", "exclude": "dated only"}[request.undated_rule]
    if rule != "dated only" or not label:
        label = f"{label}, {rule}" if label else rule
    return Chip(label, links.without("from", "to", "undated"))


def _labels(name, values):
    """{value: its name} (the value itself where it has none), kept value by value until a name changes:
    the same outlets and countries head page after page, and their five queries were 7% of a loaded worker.
    Kept per archive state instead, each edit of an article (two a second under the load test) dropped them."""
    if name == "language":
        return {v: language_name(v) for v in values}
    if name == "copy":
        return {v: COPY_LABELS.get(v, v) for v in values}
    if name != "country" and name not in LABEL_MODELS:
        return {v: v for v in values}
    return each_once_per_state(f"labels:{name}", values,
                               lambda missing: {**{v: v for v in missing}, **_named(name, missing)},
                               state=names_state())


def _named(name, values):
    if name == "country":
        return dict(Country.objects.filter(code__in=values).values_list("code", "name"))
    return dict(LABEL_MODELS[name].objects.filter(slug__in=values).values_list("slug", "name"))


def _listed(name, pairs, filters):
    """(the (value, count) pairs a facet lists: its most frequent FACET_SHOWN and every selected one, how many
    more it has)."""
    if name == "year":
        pairs = sorted(pairs, key=lambda p: p[0], reverse=True)
    selected = set(filters.get(name, []))
    listed = pairs[:FACET_SHOWN]
    if selected:  # read past the first FACET_SHOWN only to find a selected value
        listed += [(v, c) for v, c in pairs[FACET_SHOWN:] if v in selected]
    return listed, len(pairs) - len(listed)


def build_facets(raw, filters, links):
    """Each facet's most frequent FACET_SHOWN values (and every selected one), labelled."""
    facets = []
    for name, (_field, param, label) in FACETS.items():
        listed, unlisted = _listed(name, raw.get(name, []), filters)
        selected = set(filters.get(name, []))
        labels = _labels(name, [v for v, _ in listed])
        buckets = [Bucket(v, labels.get(v, v), c, v in selected, links.toggled(param, v)) for v, c in listed]
        facets.append(Facet(name, label, buckets, unlisted=unlisted))
    return facets


def attach(hits, results=None):
    """Articles for the hits, in the hits' order, each with its listing details and its snippet."""
    ids = [hit.article_id for hit in hits]
    # in the hits' order: the model's default order (by date, an expression) was a tenth of the query's cost
    articles = Article.objects.listed().select_related("publisher").order_by().in_bulk(ids)
    ordered = with_listing_details([articles[i] for i in ids if i in articles])
    for article in ordered:
        article.snippet = results.snippet(article) if results is not None else ""
    return ordered


def with_listing_details(articles):
    """The articles, each given what a result list shows of it: ``listed_countries`` ([(code, name)]),
    ``listed_outlets`` (names) and ``quote_texts`` (for its snippet), in their models' orders.

    Three flat queries: prefetch_related built a model instance and a related manager for every row, half of
    a results page's database time."""
    by_id = {article.pk: article for article in articles}
    for article in articles:
        article.listed_countries, article.listed_outlets, article.quote_texts = [], [], []
    for pk, code, name in _LISTED_COUNTRIES.rows(by_id):
        by_id[pk].listed_countries.append((code, name))
    for pk, name in _LISTED_OUTLETS.rows(by_id):
        by_id[pk].listed_outlets.append(name)
    for pk, text in _QUOTE_TEXTS.rows(by_id):
        by_id[pk].quote_texts.append(text)
    _with_story_reach(articles)
    return articles


def _with_story_reach(articles):
    """Each article in a story given ``story_reach``: (the story's other copies, the outlets that published
    them, those outlets' countries), for "also published by N outlets in M countries"."""
    in_stories = [article for article in articles if article.story_id]
    for article in articles:
        article.story_reach = None
    if not in_stories:
        return
    members = {}
    for story_id, pk, outlet_id, country_id in Article.objects.filter(
            story_id__in={a.story_id for a in in_stories}).order_by().values_list(
            "story_id", "pk", "publisher_id", "publisher__country_id"):
        members.setdefault(story_id, []).append((pk, outlet_id, country_id))
    for article in in_stories:
        others = [row for row in members.get(article.story_id, []) if row[0] != article.pk]
        outlets = {outlet for _pk, outlet, _country in others if outlet}
        countries = {country for _pk, _outlet, country in others if country}
        article.story_reach = (len(others), len(outlets), len(countries))


# a page's worth of articles at a time, each query compiled once (articles/kernel/statements.py)
_LISTED_COUNTRIES = ListStatement(lambda ids: Article.countries.through.objects.filter(article_id__in=ids).order_by(
    "country__name").values_list("article_id", "country__code", "country__name"), PAGE_SIZE + ORPHANS)
_LISTED_OUTLETS = ListStatement(lambda ids: Article.outlets.through.objects.filter(article_id__in=ids).order_by(
    "outlet__name", "outlet_id").values_list("article_id", "outlet__name"), PAGE_SIZE + ORPHANS)
# ordered within each article: the model's order starts with the article's, a join for nothing
_QUOTE_TEXTS = ListStatement(lambda ids: Quote.objects.filter(article_id__in=ids).order_by(
    "paragraph", "start", "pk").values_list("article_id", "text"), PAGE_SIZE + ORPHANS)


def all_matching_ids(filterset):
    """Every matching article id in result order (for exports); database order when search is down."""
    try:
        results = get_backend().search(filterset.search_request())
        return [hit.article_id for hit in results[:results.count()]]
    except SearchUnavailable:
        return list(filterset.qs.values_list("pk", flat=True))


def related_articles(article, limit=RELATED_LIMIT, delegations=None):
    """Articles related to this one, each with why (``related_reason``): the same delegation, two or more
    people in common, or much of the same distinctive wording. None rather than noise. Worked out once per
    archive state (:mod:`articles.kernel.memo`): any edit or index change may change them. ``delegations``: the
    article's, when the caller has read them already."""
    reasons = dict(once_per_state("related", (article.pk, limit),
                                  lambda: _related_reasons(article, limit, delegations)))
    found = Article.objects.listed().select_related("publisher").order_by().in_bulk(list(reasons))
    related = [found[pk] for pk in reasons if pk in found]
    for other in related:
        other.related_reason = reasons[other.pk]
    return related


def _people_in_common(article_pk):
    """(article id, how many people) of the articles with two or more of this one's people (those who appear
    in it, those quoted: subqueries of one statement), the most first, the first related ones at most."""
    appearing = Appearance.objects.filter(article_id=article_pk).values("person_id")
    quoted = Quote.objects.filter(article_id=article_pk, speaker__isnull=False).values("speaker_id")
    return (Article.objects.exclude(pk=article_pk)
            .filter(Q(appearances__person__in=appearing) | Q(appearances__person__in=quoted))
            .annotate(n=Count("appearances__person", distinct=True)).filter(n__gte=2)
            .order_by("-n", "-published").values_list("pk", "n")[:RELATED_LIMIT])


_PEOPLE_IN_COMMON = Statement(_people_in_common)


def _related_reasons(article, limit, delegations=None):
    """[(article id, why)] of the articles related to this one, the strongest reasons first."""
    reasons = {}
    for delegation in article.delegations.all() if delegations is None else delegations:
        others = delegation.articles.exclude(pk=article.pk).order_by("-published").values_list("pk", flat=True)
        for pk in others[:limit]:
            reasons.setdefault(pk, f"same delegation: {delegation.name}")
    for pk, count in _PEOPLE_IN_COMMON.rows(article.pk)[:limit]:
        reasons.setdefault(pk, f"{count} people in common")
    try:
        for pk in get_backend().related(article, limit) or []:
            reasons.setdefault(pk, "similar wording")
    except SearchUnavailable:
        pass
    return list(reasons.items())[:limit]


@dataclass
class Found:
    """A search run and paged, before its articles are read from the database and its facets named: what
    the page will show is known (see :mod:`articles.web.pagecache`), the work of showing it not yet done."""
    request: object  # the SearchRequest
    results: object
    page: object
    links: QueryString

    def shown_facets(self):
        """[(facet, its listed (value, count) pairs, how many more)] as the page shows them, unlabelled."""
        return [(name, *_listed(name, self.results.facets.get(name, []), self.request.filters))
                for name in FACETS]


def find(request, params, page_number):
    """The search of a :class:`SearchRequest` (from ``params``), run and paged (SearchUnavailable when the
    index is not)."""
    results = get_backend().search(request)
    page = Paginator(results, PAGE_SIZE, orphans=ORPHANS).get_page(page_number)
    return Found(request=request, results=results, page=page, links=QueryString(params, request.followed))


def shown(found):
    """The page of a search found: its articles with their details and snippets, its facets labelled."""
    request, results, links = found.request, found.results, found.links
    return SearchPage(
        page=found.page, articles=attach(found.page.object_list, results), count=results.count(),
        articles_count=results.articles(), every_copy=request.every_copy,
        facets=build_facets(results.facets, request.filters, links),
        notices=[f.notice for f in request.followed] + results.notices,
        suggestion=results.suggestion, date_chip=date_chip(links, request),
        months=results.facets.get("month", []), links=links,
        chosen_dates=(request.date_from, request.date_to),
    )


def unavailable(filterset, params, page_number, error):
    """The page without the index: the filters' matches from the database, newest first."""
    page = Paginator(filterset.qs.select_related("publisher"), PAGE_SIZE, orphans=ORPHANS).get_page(page_number)
    return SearchPage(page=page, articles=with_listing_details(list(page.object_list)), count=page.paginator.count,
                      notices=[f.notice for f in filterset.search_request().followed],
                      unavailable=str(error), date_chip=date_chip(QueryString(params), filterset.search_request()))


def run_search(filterset, params, page_number):
    """Search with validated parameters; falls back to the database when the index is unavailable."""
    try:
        return shown(find(filterset.search_request(), params, page_number))
    except SearchUnavailable as error:
        return unavailable(filterset, params, page_number, error)
