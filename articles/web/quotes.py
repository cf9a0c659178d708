"""Quotes as data: the quotes page's filters as a CSV or JSON download and a paged API, one row per quote,
and a permalink page per quote with its context and citation.

A row carries what a researcher cites a quote with: its words, the speaker (with the role and organisation
the article gives them), the article (title, date and whether it is stated, publisher, the archive's page and
the original address) and a ready-made citation. Rows are read as plain values, a chunk at a time, as the
article exports are (:mod:`.exports`), so a download of any size keeps a bounded memory.
"""
from django.http import JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render

from ..capture.addresses import without_credentials
from ..models import Appearance, Quote, page_url
from .body import body_parts
from .citations import apa_date
from .exports import CHUNK, csv_stream, json_stream
from .filters import QuoteFilter
from .views import bad_parameters, export_limit, paginate, replaced

COLUMNS = ["id", "text", "speaker", "role", "organisation", "speaker_country", "published", "date_source",
           "article_title", "publisher", "article_url", "source_url", "url", "citation"]
API_PAGE = 50


def filtered(params):
    """(the quotes the parameters ask for, newest first, or None when a parameter is wrong; the filter set)."""
    filterset = QuoteFilter(params, queryset=Quote.objects.order_by("-published", "-id"))
    return (filterset.qs if filterset.is_valid() else None), filterset


def citation(speaker, publisher, published, title, url):
    """'Ann Lee, quoted in The Harbour Times (2024, March 6). Title. https://…' — the quote's page as its address."""
    who = f"{speaker}, quoted in " if speaker else "Quoted in "
    return f"{who}{publisher or 'an unknown publisher'} ({apa_date(published)}). {title}. {url}"


FIELDS = ["pk", "text", "speaker_id", "speaker__name", "speaker__country_id", "outlet__name", "published",
          "article_id", "article__title", "article__slug", "article__date_source", "article__publisher__name",
          "article__source_url"]


def _roles(rows):
    """{(article id, person id): role} of the speakers of these rows, as their articles introduce them."""
    pairs = {(row[7], row[2]) for row in rows if row[2]}
    if not pairs:
        return {}
    found = Appearance.objects.filter(article_id__in={a for a, _ in pairs}, person_id__in={p for _, p in pairs})
    return {(a, p): role for a, p, role in found.exclude(role="").values_list("article_id", "person_id", "role")
            if (a, p) in pairs}


def rows(ids, absolute):
    """The quotes ``ids``, in that order, as dicts of COLUMNS: a few queries per CHUNK quotes."""
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        found = {row[0]: row for row in Quote.objects.filter(pk__in=chunk).order_by().values_list(*FIELDS)}
        roles = _roles(list(found.values()))
        for pk in chunk:
            row = found.get(pk)
            if row is None:
                continue
            (_, text, speaker_id, speaker, country, organisation, published, article_id, title, slug, date_source,
             publisher, source_url) = row
            url = absolute(page_url("articles:quote", pk))
            yield {
                "id": pk, "text": text, "speaker": speaker, "role": roles.get((article_id, speaker_id), ""),
                "organisation": organisation, "speaker_country": country,
                "published": published.isoformat() if published else None, "date_source": date_source,
                "article_title": title, "publisher": publisher,
                "article_url": absolute(page_url("articles:article", slug)) + f"#quote-{pk}",
                "source_url": without_credentials(source_url) if source_url else None,
                "url": url, "citation": citation(speaker, publisher, published, title, url),
            }


def csv_lines(ids, absolute, *, total):
    return csv_stream(COLUMNS, rows(ids, absolute), exported=len(ids), total=total, noun="quotes")


def json_chunks(ids, absolute, *, total):
    return json_stream(rows(ids, absolute), exported=len(ids), total=total, noun="quotes")


def api_page(quotes, page, absolute, page_url_for):
    """One page of the API's answer: the count, this page's quotes and the addresses of the pages beside it."""
    total = quotes.count()
    last = max(1, -(-total // API_PAGE))
    page = min(max(page, 1), last)
    ids = list(quotes.values_list("pk", flat=True)[(page - 1) * API_PAGE:page * API_PAGE])
    return {"count": total, "page": page, "pages": last,
            "next": page_url_for(page + 1) if page < last else None,
            "previous": page_url_for(page - 1) if page > 1 else None,
            "quotes": list(rows(ids, absolute))}


def quote_page(pk):
    """What a quote's own page shows: the quote, the speaker's role there, the paragraph around it and the
    article's part that holds it (its link lands on the quote)."""
    quote = get_object_or_404(Quote.objects.select_related(
        "speaker", "speaker__country", "outlet", "article", "article__publisher").defer("article__raw_text"), pk=pk)
    article = quote.article
    blocks = article.paragraphs()
    context = blocks[quote.paragraph][1] if quote.paragraph < len(blocks) else ""
    part = next((number for number, pieces in enumerate(body_parts(blocks), 1)
                 if any(p.index == quote.paragraph and p.start <= quote.start < max(p.end, 1) for p in pieces)), 1)
    role = ""
    if quote.speaker_id:
        role = (Appearance.objects.filter(article=article, person_id=quote.speaker_id)
                .values_list("role", flat=True).first() or "")
    return {"quote": quote, "article": article, "context": context, "role": role,
            "article_link": article.get_absolute_url() + (f"?part={part}" if part > 1 else "") + f"#quote-{quote.pk}"}


# -- the views: each asks one function above and answers -------------------------------------------------------
def _page_address(request, page):
    params = request.GET.copy()
    params["page"] = page
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


def quote_list(request):
    quotes, filterset = filtered(request.GET)
    quotes = (quotes if quotes is not None else Quote.objects.none()).select_related(
        "speaker", "speaker__country", "article", "outlet").defer("article__raw_text", "article__body")
    linked = [(filterset.filters[name].label, record, "?" + replaced(request.GET, drop=[name]))
              for name in ("speaker", "outlet", "publisher", "delegation", "article")
              if filterset.is_valid() and (record := filterset.form.cleaned_data.get(name))]
    downloads = replaced(request.GET)
    return render(request, "articles/quote_list.html", {
        "filterset": filterset, "page": paginate(request, quotes, 30), "linked": linked, "downloads": downloads})


def quote_export(request, kind):
    """/quotes/export.csv or .json: every quote the filters match (the first NEWSROOM_EXPORT_LIMIT anonymously)."""
    quotes, filterset = filtered(request.GET)
    if quotes is None:
        return bad_parameters(filterset.errors)
    ids = list(quotes.values_list("pk", flat=True))
    shown = export_limit(request, ids)
    if kind == "csv":
        response = StreamingHttpResponse(csv_lines(shown, request.build_absolute_uri, total=len(ids)),
                                         content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="newsroom-quotes.csv"'
        return response
    return StreamingHttpResponse(json_chunks(shown, request.build_absolute_uri, total=len(ids)),
                                 content_type="application/json")


def api_quotes(request):
    """/api/quotes: the quotes the filters match, API_PAGE a page, with the addresses of the pages beside."""
    quotes, filterset = filtered(request.GET)
    if quotes is None:
        return bad_parameters(filterset.errors)
    try:
        page = int(request.GET.get("page") or 1)
    except ValueError:
        return bad_parameters({"page": ["a page number"]})
    return JsonResponse(api_page(quotes, page, request.build_absolute_uri, lambda n: _page_address(request, n)),
                        json_dumps_params={"ensure_ascii": False})


def quote_detail(request, pk):
    shown = quote_page(pk)
    shown["citation"] = citation(shown["quote"].speaker, shown["article"].publisher, shown["article"].published,
                                 shown["article"].title, request.build_absolute_uri(request.path))
    return render(request, "articles/quote_detail.html", shown)
