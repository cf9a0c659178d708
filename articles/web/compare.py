"""Comparison over time: up to MAX_QUERIES searches, each one's matching articles counted per month and as a
share of all the articles of that month (the search page's filters apply to every query and to the whole),
drawn as lines, with the table under them and as CSV and JSON.

Each query is one search of the index (its month facet), so a comparison costs as many searches as it has
queries plus one; a query too broad to answer is named and left out, the others stand. A date range counts
the whole months it touches.
"""
import csv
from dataclasses import dataclass, field, replace
import io

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.html import escape
from django.utils.safestring import mark_safe

from ..search.backend import get_backend
from ..search.budget import TooBroad
from ..search.store import SearchUnavailable
from .charts import month_label
from .exports import cell
from .filters import checked_search
from .searching import search_filter
from .views import bad_parameters

MAX_QUERIES = 5
MAX_MONTHS = 120  # past ten years, periods are years
# each 4.5:1 or more against white; site.css's .swatch-N are the same, in the same order
COLOURS = ["#0b5cad", "#b35900", "#1a7f37", "#8250df", "#cf222e"]


@dataclass
class Series:
    query: str
    counts: dict = field(default_factory=dict)  # {period: articles}
    refused: str = ""

    @property
    def total(self):
        return sum(self.counts.values())


@dataclass
class Comparison:
    series: list = field(default_factory=list)
    periods: list = field(default_factory=list)  # [(key, label)]
    whole: dict = field(default_factory=dict)  # {period: articles matching the filters alone}
    errors: dict = field(default_factory=dict)
    by_year: bool = False

    def share(self, series, period):
        """The query's percentage of the period's articles; None for a period without any."""
        total = self.whole.get(period, 0)
        return round(100 * series.counts.get(period, 0) / total, 1) if total else None

    def rows(self):
        """[(label, whole, [(count, share %) per query])] in period order."""
        return [(label, self.whole.get(key, 0), [(s.counts.get(key, 0), self.share(s, key)) for s in self.series])
                for key, label in self.periods]


def _months(request):
    """{YYYYMM: articles} of a search, within the months its date range touches (the month facet counts whole
    months: the search page's chart shows the months outside the range too, dimmed)."""
    first = request.date_from.year * 100 + request.date_from.month if request.date_from else 0
    last = request.date_to.year * 100 + request.date_to.month if request.date_to else 999999
    results = get_backend().search(request)
    return {int(month): count for month, count in results.facets.get("month", []) if first <= int(month) <= last}


def compare(params):
    """The :class:`Comparison` of the queries ``q`` (repeated) under the other parameters, which every search
    page takes (country, outlet, dates…)."""
    queries = [q.strip() for q in params.getlist("q") if q.strip()][:MAX_QUERIES]
    shared = params.copy()
    shared.pop("page", None)
    shared.setlist("q", [])
    comparison = Comparison()
    base = checked_search(shared)
    if base is None:
        comparison.errors = search_filter(shared).errors
        return comparison
    # articles, every copy counted: the share is of articles (a copy: the request is kept for its query string)
    whole = _months(replace(base, every_copy=True))
    for query in queries:
        one = shared.copy()
        one["q"] = query
        request = checked_search(one)
        if request is None:
            comparison.series.append(Series(query, refused="; ".join(
                " ".join(m) for m in search_filter(one).errors.values())))
            continue
        try:
            comparison.series.append(Series(query, _months(replace(request, every_copy=True))))
        except TooBroad as refusal:
            comparison.series.append(Series(query, refused=str(refusal)))
    months = sorted(whole)
    if months and (months[-1] // 100 - months[0] // 100) * 12 + months[-1] % 100 - months[0] % 100 >= MAX_MONTHS:
        comparison.by_year = True
        whole = _per_year(whole)
        for series in comparison.series:
            series.counts = _per_year(series.counts)
    comparison.whole = whole
    comparison.periods = _periods(sorted(whole), by_year=comparison.by_year)
    return comparison


def _per_year(counts):
    years = {}
    for month, count in counts.items():
        years[month // 100] = years.get(month // 100, 0) + count
    return years


def _periods(keys, *, by_year):
    """Every period from the first to the last, empty ones included."""
    if not keys:
        return []
    if by_year:
        return [(year, str(year)) for year in range(keys[0], keys[-1] + 1)]
    periods, (year, month) = [], divmod(keys[0], 100)
    while year * 100 + month <= keys[-1]:
        periods.append((year * 100 + month, month_label(year * 100 + month)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return periods


def line_chart(comparison, *, width=720, height=240):
    """Each query's share of the period's articles as a line (SVG, drawn on the server); "" with nothing to
    draw. The table under the chart holds the same figures for screen readers."""
    drawn = [s for s in comparison.series if not s.refused]
    if not drawn or not comparison.periods:
        return ""
    top = max([comparison.share(s, key) or 0 for s in drawn for key, _ in comparison.periods] + [1.0])
    left, bottom, right = 52, height - 24, width - 8
    step = (right - left) / max(len(comparison.periods) - 1, 1)
    parts = [f'<svg class="compare-chart" viewBox="0 0 {width} {height}" role="img" aria-label="Share of the '
             f'articles of each {"year" if comparison.by_year else "month"} matching each query">',
             f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" class="axis-line"></line>',
             f'<text x="{left - 4}" y="14" class="axis" text-anchor="end">{top:g}%</text>',
             f'<text x="{left - 4}" y="{bottom}" class="axis" text-anchor="end">0</text>',
             f'<text x="{left}" y="{height - 6}" class="axis">{escape(comparison.periods[0][1])}</text>',
             f'<text x="{right}" y="{height - 6}" class="axis" text-anchor="end">'
             f'{escape(comparison.periods[-1][1])}</text>']
    for number, series in enumerate(comparison.series):
        if series.refused:
            continue
        points = " ".join(f"{left + i * step:.1f},{bottom - (comparison.share(series, key) or 0) / top * (bottom - 12):.1f}"
                          for i, (key, _) in enumerate(comparison.periods))
        parts.append(f'<polyline points="{points}" fill="none" stroke="{COLOURS[number]}" stroke-width="2.5">'
                     f'<title>{escape(series.query)}</title></polyline>')
    parts.append("</svg>")
    return mark_safe("".join(parts))


def _as_dict(comparison):
    return {"queries": [{"q": s.query, "total": s.total, "refused": s.refused or None} for s in comparison.series],
            "by": "year" if comparison.by_year else "month",
            "periods": [{"period": label, "articles": whole,
                         "matches": [{"q": s.query, "articles": count, "share": share}
                                     for s, (count, share) in zip(comparison.series, cells)]}
                        for label, whole, cells in comparison.rows()]}


# -- the views -------------------------------------------------------------------------------------------------
def compare_page(request):
    try:
        comparison = compare(request.GET)
    except SearchUnavailable:
        return render(request, "articles/compare.html", {"unavailable": True}, status=503)
    blank = [""] * (MAX_QUERIES - len(comparison.series))
    shared = request.GET.copy()
    shared.setlist("q", [])
    shared.pop("page", None)
    return render(request, "articles/compare.html", {
        "comparison": comparison, "chart": line_chart(comparison), "blank": blank, "shared": shared,
        "downloads": request.GET.urlencode()}, status=400 if comparison.errors else 200)


def compare_download(request, kind):
    try:
        comparison = compare(request.GET)
    except SearchUnavailable:
        return JsonResponse({"error": "search is unavailable; try again shortly"}, status=503)
    if comparison.errors:
        return bad_parameters(comparison.errors)
    if kind == "json":
        return JsonResponse(_as_dict(comparison), json_dumps_params={"ensure_ascii": False})
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["period", "articles"] + [cell(f"{s.query} ({what})") for s in comparison.series
                                              for what in ("articles", "share %")])
    for label, whole, cells in comparison.rows():
        writer.writerow([label, whole] + [value for cell in cells for value in cell])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="newsroom-comparison.csv"'
    return response
