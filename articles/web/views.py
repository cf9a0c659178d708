"""The public pages: thin views over QuerySets and the search layer.

Every list a page shows is paged or capped (with a link to the whole list, paged), so no page grows
without bound with the archive.
"""
from dataclasses import dataclass
from functools import wraps
import logging

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from ..models import Appearance, Article, Country, Delegation, Outlet, Person, Quote
from ..records.merge import merged_into
from ..search.budget import TooBroad
from . import citations
from .body import body_parts, opening_blocks, part_blocks
from .entities import country_chart, outlet_profile, person_profile
from .exports import SearchFeed, csv_lines, json_chunks
from .filters import (
    UNDATED_CHOICES, UNDATED_DEFAULT, OutletListFilter, PersonListFilter,
)
from .lookup import address_in_query, archived
from .searching import matching, search_page
from .searchpage import PAGE_SIZE, related_articles
from .source import source_lines
from .stories import outlet_copies

logger = logging.getLogger(__name__)


DETAIL_LIST_LIMIT = 30
OWN_ARTICLES_PAGE = 10  # an outlet's page shows its analysis and the articles that mention it under the list


def iso_code(value):
    """An ISO 3166-1 alpha-2 code from user input, or "" (never a raw string into a query)."""
    value = (value or "").strip().upper()
    return value if len(value) == 2 and value.isascii() and value.isalpha() else ""


def paginate(request, queryset, per_page=PAGE_SIZE):
    """A page of ``queryset``; a bad or out-of-range ``page`` gives the nearest valid page."""
    paginator = Paginator(queryset, per_page, orphans=2)
    return paginator.get_page(request.GET.get("page"))


def refuses_too_broad(view):
    """A search over its budget answers 400 at once: a page to narrow the query from, or JSON for the API
    and the downloads."""
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except TooBroad as refusal:
            logger.info("refused a too broad search at %s: %r", refusal.stage, request.GET.get("q", "")[:100])
            if view is not search:
                return JsonResponse({"error": "too broad", "message": str(refusal)}, status=400)
            return render(request, "articles/too_broad.html", {
                "q": request.GET.get("q", "")[:1000], "message": str(refusal),
                "budget": settings.NEWSROOM_SEARCH_BUDGET}, status=400)
    return wrapper


def bad_parameters(errors):
    """400 with each invalid parameter's messages, as the API and the downloads answer."""
    return JsonResponse({"error": "invalid parameters", "fields": {
        name: [str(m) for m in messages] for name, messages in errors.items()}}, status=400)


def _rendered(answer, render):
    """The page kept for what this search shows, else ``render(search request, search page)``, kept in turn.
    ``X-Page-Cache`` says which ("hit", "miss"; none for a page that is never kept), for the load test's count
    of the pages the cache answered."""
    if answer.kept is not None:
        content, content_type = answer.kept
        response = HttpResponse(content, content_type=content_type)
        response["X-Page-Cache"] = "hit"
        return response
    response = render(answer.request, answer.result)
    answer.keep(response)
    if answer.digest:
        response["X-Page-Cache"] = "miss"
    return response


def search(request):
    """The search page; a page's address typed as the query opens its archived article instead (or says it is
    not archived), unless ``words=on`` asks for the address's words."""
    address = "" if request.GET.get("words") else address_in_query(request.GET.get("q"))
    if address:
        found = archived(address)
        if len(found.articles) == 1:
            return redirect(found.articles[0].get_absolute_url())
        return render(request, "articles/address_lookup.html", {
            "found": found, "as_words": replaced(request.GET, words="on"),
            "may_capture": request.user.has_perm("articles.add_article")},
            status=200 if found.articles else 404)
    answer = search_page(request, kind="page")
    return _rendered(answer, lambda search_request, result: _search_page(request, search_request, result))


def _search_page(request, search_request, result):
    chips = [bucket for facet in result.facets for bucket in facet.buckets if bucket.selected]
    chips += [result.date_chip] if result.date_chip else []
    return render(request, "articles/search.html", {
        "result": result, "page": result.page, "chips": chips, "q": search_request.q, "sort": search_request.sort,
        "dates": search_request, "undated_choices": [("", UNDATED_DEFAULT), *UNDATED_CHOICES],
        "query_string": request.GET.urlencode(),
        "suggestion_query": replaced(request.GET, q=result.suggestion) if result.suggestion else "",
        "every_copy_query": (replaced(request.GET, drop=["every_copy"]) if search_request.every_copy
                             else replaced(request.GET, every_copy="on")),
    })


def replaced(params, drop=(), **changes):
    """The query string with some parameters changed or dropped (the others kept) and back on the first page."""
    query = params.copy()
    for name, value in changes.items():
        query[name] = value
    for name in (*drop, "page"):
        query.pop(name, None)
    return query.urlencode()


def api_search(request):
    answer = search_page(request, kind="api")
    if answer.errors:
        return bad_parameters(answer.errors)
    return _rendered(answer, lambda search_request, result: _api_answer(request, search_request, result))


def _api_answer(request, search_request, result):
    page_param = request.GET.get("page")
    if page_param and str(result.page.number) != page_param:
        return JsonResponse({"error": f"page {page_param} is out of range (1–{result.page.paginator.num_pages})"},
                            status=400)
    return JsonResponse({
        "count": result.count, "page": result.page.number,
        # "count" is of stories (a story's copies are one result) unless every_copy is given; this is of articles
        "articles": result.articles_count if result.articles_count is not None else result.count,
        "results": [{
            "slug": a.slug, "title": a.title, "url": request.build_absolute_uri(a.get_absolute_url()),
            "published": a.published.isoformat() if a.published else None, "date_source": a.date_source,
            "language": a.language, "snippet": getattr(a, "snippet", ""),
            "countries": [code for code, _name in a.listed_countries], "outlets": a.listed_outlets,
            "story": a.story_id, "also_published": dict(zip(("copies", "outlets", "countries"), a.story_reach))
            if getattr(a, "story_reach", None) else None,
        } for a in result.articles],
        "facets": {facet.name: [{
            "value": b.value, "label": b.label, "count": b.count, "selected": b.selected, "url": b.url,
        } for b in facet.buckets] for facet in result.facets},
        "facets_unlisted": {facet.name: facet.unlisted for facet in result.facets if facet.unlisted},
        "dates": _date_range(search_request),
        "suggestion": result.suggestion,
        "notices": result.notices,
        "unavailable": result.unavailable,
    })


def _date_range(request):
    return {"from": request.date_from and request.date_from.isoformat(),
            "to": request.date_to and request.date_to.isoformat(), "undated": request.undated_rule}


def article_detail(request, slug):
    """The article, one bounded part of its body at a time (``?part=N``), and capped lists beside it."""
    article = get_object_or_404(
        Article.objects.listed().select_related("publisher", "distributor", "publisher__country"), slug=slug
    )
    blocks = article.paragraphs()
    parts = body_parts(blocks)
    number = _part_number(request.GET.get("part"), len(parts))
    pieces = parts[number - 1]
    last = number == len(parts)
    # one article's rows in their order within it: the models' own order begins with the article's (a join)
    quotes = (article.quotes.filter(paragraph__in={piece.index for piece in pieces}).select_related("speaker")
              .order_by("paragraph", "start", "pk"))
    shown_captions = Q(position__in=opening_blocks(pieces))
    if last:
        shown_captions |= Q(position__gte=len(blocks))  # the photos after the body's last block
    captions = article.captions.filter(shown_captions).order_by("position", "pk")
    body, trailing = part_blocks(pieces, quotes, captions)
    linked = f"?article={article.slug}"
    delegations = list(article.delegations.all()[:DETAIL_LIST_LIMIT])
    return render(request, "articles/article_detail.html", {
        "related": related_articles(article, delegations=delegations),
        "article": article,
        "body": body, "trailing": trailing, "part": number, "parts": len(parts),
        "appearances": capped(article.appearances.select_related("person", "outlet", "country").order_by("pk"),
                              reverse("articles:people") + linked),
        "outlets": capped(article.outlets.select_related("country").order_by("name"),
                          reverse("articles:outlets") + linked),
        "countries": article.countries.order_by("name"),  # at most the world's 250
        "delegations": delegations,
        "captures": article.captures.only("pk", "captured_at", "article_id", "normalized_url")[:10],
        "citations": citations.styles(article, request.build_absolute_uri(article.get_absolute_url())),
    })


def _part_number(value, parts):
    """The part asked for, within 1–``parts`` (a bad or missing value gives the first)."""
    try:
        return min(max(int(value), 1), parts)
    except (TypeError, ValueError):
        return 1


def article_citation(request, slug, kind):
    """The article's citation as a file a reference manager imports (``.bib`` or CSL ``.json``)."""
    formats = {"bib": (citations.bibtex, "application/x-bibtex"),
               "json": (citations.csl_json, "application/vnd.citationstyles.csl+json")}
    if kind not in formats:
        raise Http404("citations come as .bib or .json")
    article = get_object_or_404(Article.objects.select_related("publisher", "distributor"), slug=slug)
    permalink = request.build_absolute_uri(article.get_absolute_url())
    text, content_type = formats[kind]
    response = HttpResponse(text(article, permalink), content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{article.slug}.{kind}"'
    return response


def article_source(request, slug):
    """The raw file with the lines cleaning removed marked, and why."""
    article = get_object_or_404(Article, slug=slug)
    return render(request, "articles/article_source.html", {"article": article, "lines": source_lines(article)})


def export_limit(request, ids):
    """The ids an export may carry: all of them signed in, else the first NEWSROOM_EXPORT_LIMIT."""
    if request.user.is_authenticated:
        return ids
    return ids[:settings.NEWSROOM_EXPORT_LIMIT]


def export_csv(request):
    ids, filterset = matching(request.GET)
    if ids is None:
        return bad_parameters(filterset.errors)
    lines = csv_lines(export_limit(request, ids), request.build_absolute_uri, total=len(ids))
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="newsroom-search.csv"'
    return response


def export_json(request):
    ids, filterset = matching(request.GET)
    if ids is None:
        return bad_parameters(filterset.errors)
    chunks = json_chunks(export_limit(request, ids), request.build_absolute_uri, total=len(ids))
    return StreamingHttpResponse(chunks, content_type="application/json")


def export_warc(request):
    """The WARC records of the search's captured articles, as one file (the same limit as other exports)."""
    from .replay import search_warc

    ids, filterset = matching(request.GET)
    if ids is None:
        return bad_parameters(filterset.errors)
    return search_warc(request, export_limit(request, ids))


def search_feed(request):
    ids, filterset = matching(request.GET)
    if ids is None:
        return bad_parameters(filterset.errors)
    return SearchFeed()(request, ids=ids, query=filterset.form.cleaned_data.get("q") or "")


def _record_list(request, filterset_class, queryset, template, per_page=50):
    """A list of outlets, people or delegations, filtered by name (and country), sorted and paged."""
    filterset = filterset_class(request.GET, queryset=queryset)
    records = filterset.qs if filterset.is_valid() else queryset.none()
    return render(request, template, {"filterset": filterset, "page": paginate(request, records, per_page)})


def count_of(model, link):
    """How many ``model`` rows point at each record through ``link``: a correlated count, one index lookup
    per record, where joining two relations multiplies their rows (the people list took 6 s at 100,000
    articles with both quotes and appearances joined)."""
    rows = model.objects.filter(**{link: OuterRef("pk")}).order_by().values(link).annotate(n=Count("*"))
    return Coalesce(Subquery(rows.values("n")), 0)


def outlet_list(request):
    outlets = Outlet.objects.select_related("country").annotate(
        article_count=count_of(Article.outlets.through, "outlet"))
    return _record_list(request, OutletListFilter, outlets, "articles/outlet_list.html")


@dataclass
class Capped:
    """At most ``limit`` records of a detail page's list, and where to see them all when there are more."""

    items: list
    more_url: str = ""


def capped(queryset, more_url, limit=DETAIL_LIST_LIMIT):
    items = list(queryset[:limit + 1])
    return Capped(items[:limit], more_url if len(items) > limit else "")


def merged_redirect(request, model, slug):
    """A detail page asked by the slug of a merged record: 301 to the page of the record it became (query
    string kept), so old links and bookmarks keep working; 404 when no record had the slug."""
    merge = merged_into(model, [slug]).get(slug)
    if merge is None:
        raise Http404(f"No {model._meta.verbose_name} {slug!r}.")
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(merge.target.get_absolute_url() + (f"?{query}" if query else ""))


def outlet_detail(request, slug):
    outlet = Outlet.objects.select_related("country", "parent").filter(slug=slug).first()
    if outlet is None:
        return merged_redirect(request, Outlet, slug)
    profile = outlet_profile(outlet)
    return render(request, "articles/outlet_detail.html", {
        "outlet": outlet, "profile": profile, "page": paginate(request, profile["own"], OWN_ARTICLES_PAGE),
        "journalists": capped(Person.objects.filter(appearances__outlet=outlet).distinct().order_by("name"),
                              f"{reverse('articles:people')}?outlet={outlet.slug}"),
        "quotes": capped(Quote.objects.filter(outlet=outlet).select_related("speaker", "article")
                         .defer("article__raw_text").order_by("pk"),
                         f"{reverse('articles:quotes')}?outlet={outlet.slug}"),
        "delegations": capped(outlet.delegations.order_by("name"),
                              f"{reverse('articles:delegations')}?outlet={outlet.slug}"),
        "children": capped(outlet.children.order_by("name"), f"{reverse('articles:outlets')}?parent={outlet.slug}"),
        "copies": outlet_copies(outlet),
    })


def person_list(request):
    people = Person.objects.select_related("country").annotate(
        quote_count=count_of(Quote, "speaker"), article_count=count_of(Appearance, "person"))
    return _record_list(request, PersonListFilter, people, "articles/person_list.html")


def person_detail(request, slug):
    person = Person.objects.select_related("country").filter(slug=slug).first()
    if person is None:
        return merged_redirect(request, Person, slug)
    return render(request, "articles/person_detail.html", {
        "person": person, "profile": person_profile(person),
        "page": paginate(request, person.appearances.select_related("article", "outlet")
                         .defer("article__raw_text", "article__body").order_by("-article__published", "pk")),
        "delegations": capped(person.delegations.order_by("name"),
                              f"{reverse('articles:delegations')}?person={person.slug}"),
    })


def country_list(request):
    countries = Country.objects.annotate(
        article_count=count_of(Article.countries.through, "country"), outlet_count=count_of(Outlet, "country"),
    ).filter(Q(article_count__gt=0) | Q(outlet_count__gt=0)).order_by("-article_count", "name")
    return render(request, "articles/country_list.html", {"countries": countries})


def country_detail(request, code):
    country = Country.objects.filter(code=iso_code(code)).first() if iso_code(code) else None
    if country is None:
        raise Http404(f"No country with the code {code!r}.")
    return render(request, "articles/country_detail.html", {
        "country": country,
        "outlets": capped(country.outlets.order_by("name"), f"{reverse('articles:outlets')}?country={country.code}"),
        "people": capped(country.people.order_by("name"), f"{reverse('articles:people')}?country={country.code}"),
        "delegations": capped(Delegation.objects.for_country(country.code).order_by("name"),
                              f"{reverse('articles:delegations')}?country={country.code}"),
        "page": paginate(request, Article.objects.listed().for_country(country.code).select_related("publisher")),
        "chart": country_chart(country),
    })

