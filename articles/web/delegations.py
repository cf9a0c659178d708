"""The delegations' pages: the list (filtered, sorted, and a comparison of the ones picked), and each
delegation's page, which is its coverage report, with the report's rows as CSV and JSON downloads.

The report itself is worked out by :func:`.coverage.coverage_report`; these views read the request and render.
"""
import csv
import io

from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse

from ..models import Article, Delegation
from ..records.merge import merged_into
from .coverage import PHASES, coverage_report, follow_up_weeks, report_row
from .exports import cell as spreadsheet_cell
from .filters import DelegationListFilter
from .timeline import legend, timeline_chart
from .views import count_of, merged_redirect, paginate

# what one page lists, so it weighs what any page may (articles per part, outlets, quotes); the downloads carry
# every article, and the totals count them all
REPORT_LIST_LIMIT = 40
OUTLET_LIMIT = 40
QUOTE_LIMIT = 20
COMPARE_LIMIT = 12
CSV_COLUMNS = ["date", "title", "outlet", "outlet_country", "relation", "reason", "url"]


def _reported():
    """Delegations as the report reads them: with their host country and leader."""
    return Delegation.objects.select_related("host_country", "leader")


def delegation_list(request):
    delegations = (Delegation.objects.select_related("host_country").prefetch_related("countries")
                   .annotate(article_count=count_of(Article.delegations.through, "delegation")))
    filterset = DelegationListFilter(request.GET, queryset=delegations)
    records = filterset.qs if filterset.is_valid() else delegations.none()
    return render(request, "articles/delegation_list.html", {
        "filterset": filterset, "page": paginate(request, records, 50), "compare_limit": COMPARE_LIMIT})


def _capped(entries, limit=REPORT_LIST_LIMIT):
    return entries[:limit], len(entries) > limit


def delegation_detail(request, slug):
    """The delegation and its coverage report (``?weeks=`` sets the follow-up window)."""
    delegation = _reported().filter(slug=slug).first()
    if delegation is None:
        return merged_redirect(request, Delegation, slug)
    report = coverage_report(delegation, follow_up_weeks(request.GET.get("weeks")), quote_limit=QUOTE_LIMIT)
    phases = []
    for phase in PHASES:
        entries, more = _capped([e for e in report.entries if e.phase == phase])
        if entries:
            phases.append({"phase": phase, "entries": entries, "more": more})
    follow_ups, more_follow_ups = _capped(report.follow_ups)
    by_outlet, more_outlets = _capped(report.by_outlet, OUTLET_LIMIT)
    return render(request, "articles/delegation_detail.html", {
        "delegation": delegation, "report": report, "totals": report.totals, "phases": phases,
        "follow_ups": follow_ups, "more_follow_ups": more_follow_ups, "chart": timeline_chart(report),
        "by_outlet": by_outlet, "more_outlets": len(report.by_outlet) - len(by_outlet),
        "legend": legend(), "countries": delegation.countries.all(),
        "outlets": delegation.outlets.select_related("country").order_by("name"),
        "all_articles": f"{reverse('articles:search')}?delegation={delegation.slug}&sort=oldest",
        "downloads": {kind: reverse("articles:delegation_coverage", args=[delegation.slug, kind])
                      + (f"?weeks={report.weeks}" if "weeks" in request.GET else "") for kind in ("csv", "json")},
    })


def _download_target(slug, kind):
    """The delegation named by ``slug``; a redirect to the same download of the delegation it was merged into."""
    delegation = _reported().filter(slug=slug).first()
    if delegation is not None:
        return delegation, None
    merge = merged_into(Delegation, [slug]).get(slug)
    if merge is None:
        raise Http404(f"No delegation {slug!r}.")
    return None, HttpResponseRedirect(reverse("articles:delegation_coverage", args=[merge.target.slug, kind]))


def coverage_download(request, slug, kind):
    """The report's articles, one row each (``coverage.csv``); with the totals too (``coverage.json``)."""
    if kind not in ("csv", "json"):
        raise Http404("the coverage report downloads as .csv or .json")
    delegation, redirect = _download_target(slug, kind)
    if redirect:
        return redirect
    report = coverage_report(delegation, follow_up_weeks(request.GET.get("weeks")), quote_limit=0)
    rows = [report_row(entry, request.build_absolute_uri) for entry in report.rows()]
    if kind == "json":
        window = report.window
        response = JsonResponse({
            "delegation": {"name": delegation.name, "slug": delegation.slug, "kind": delegation.kind,
                           "url": request.build_absolute_uri(delegation.get_absolute_url()),
                           "start": window.start and window.start.isoformat(),
                           "end": window.end and window.end.isoformat(), "dates_from": window.basis,
                           "host_places": report.places},
            "follow_up_weeks": report.weeks, "totals": report.totals.as_dict(), "articles": rows,
        }, json_dumps_params={"ensure_ascii": False})
    else:
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(CSV_COLUMNS)
        writer.writerows([spreadsheet_cell(row[column]) for column in CSV_COLUMNS] for row in rows)
        response = HttpResponse(text.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{delegation.slug}-coverage.{kind}"'
    return response


def delegation_compare(request):
    """The totals of the delegations named by ``?d=slug`` (up to COMPARE_LIMIT), side by side."""
    slugs = list(dict.fromkeys(request.GET.getlist("d")))[:COMPARE_LIMIT]
    found = {d.slug: d for d in _reported().prefetch_related("countries").filter(slug__in=slugs)}
    weeks = follow_up_weeks(request.GET.get("weeks"))
    reports = [coverage_report(found[slug], weeks, quote_limit=0) for slug in slugs if slug in found]
    return render(request, "articles/delegation_compare.html", {
        "reports": reports, "weeks": weeks, "missing": [slug for slug in slugs if slug not in found],
        "compare_limit": COMPARE_LIMIT, "cut": len(set(request.GET.getlist("d"))) > COMPARE_LIMIT,
    })
