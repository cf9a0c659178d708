"""What the pages of people, outlets and countries answer beyond their lists.

A person's: what they said (the newest quotes, dated, with the words around them), when they were in the news
(articles naming them and quotes per month), who quotes them, and the roles the articles give them with when
and where each was used. An outlet's: its own articles apart from those that only mention it, per month, the
countries it covers and the people it quotes. A country's: its articles per month.

Every list is bounded and every figure is one aggregate query, so the page costs the same for a person named
once or ten thousand times.
"""
from dataclasses import dataclass
import re
from urllib.parse import urlencode

from django.db.models import Count, Max, Min
from django.db.models.functions import TruncMonth
from django.urls import reverse

from ..models import Appearance, Article, Quote
from .body import QUOTE_MARKS
from .charts import month_chart

QUOTES_SHOWN = 10
OUTLETS_SHOWN = 8
ROLES_SHOWN = 8
ROLE_EVIDENCE_READ = 200  # the newest appearances with a role, read for an example article of each role
CONTEXT_CHARS = 110
# a record's page may hold two or three charts: past ten years of months their bars are years, which keeps the
# page within its budget (a bar is about 350 bytes)
CHART_BARS = 120
OPENING_MARK_RE = re.compile(rf"^([,.;:!?]?)[{re.escape(QUOTE_MARKS)}]")  # a closing mark after the quote


@dataclass
class Role:
    role: str
    count: int
    first: object
    last: object
    example: object = None  # an article that introduces the person so


def _per_month(queryset, date_field):
    return [(month.year * 100 + month.month, count) for month, count in
            queryset.exclude(**{f"{date_field}__isnull": True}).annotate(month=TruncMonth(date_field))
            .values_list("month").annotate(count=Count("pk")).order_by("month").values_list("month", "count")]


def _around(text, start, end):
    """The words before and after a quote in its paragraph, cut at a space (the quote's context)."""
    before = text[max(start - CONTEXT_CHARS, 0):start]
    after = text[end:end + CONTEXT_CHARS]
    if start > CONTEXT_CHARS and " " in before:
        before = "…" + before.split(" ", 1)[1]
    if end + CONTEXT_CHARS < len(text) and " " in after:
        after = after.rsplit(" ", 1)[0] + "…"
    # the quote's own marks stay with it (the page draws them): '… quay. "' and '," said …' lose theirs
    before = before.rstrip().rstrip(QUOTE_MARKS).rstrip()
    after = OPENING_MARK_RE.sub(r"\1", after.rstrip())
    return before.lstrip(), after


def newest_quotes(person):
    """The person's newest quotes with their article, publisher and the words around each."""
    quotes = list(person.quotes.select_related("article", "article__publisher", "outlet")
                  .defer("article__raw_text").order_by("-published", "-pk")[:QUOTES_SHOWN])
    for quote in quotes:
        blocks = quote.article.paragraphs()
        text = blocks[quote.paragraph][1] if quote.paragraph < len(blocks) else ""
        quote.before, quote.after = _around(text, quote.start, quote.end) if text else ("", "")
    return quotes


def roles_over_time(person):
    """The roles articles give the person, most used first, each with its first and last date and an article."""
    rows = (Appearance.objects.filter(person=person).exclude(role="").values("role")
            .annotate(count=Count("pk"), first=Min("article__published"), last=Max("article__published"))
            .order_by("-count", "role")[:ROLES_SHOWN])
    roles = [Role(r["role"], r["count"], r["first"], r["last"]) for r in rows]
    wanted = {role.role: role for role in roles}
    for role, article in ((a.role, a.article) for a in Appearance.objects.filter(
            person=person, role__in=list(wanted)).select_related("article").only(
            "role", "article__slug", "article__title", "article__published")
            .order_by("-article__published", "-pk")[:ROLE_EVIDENCE_READ]):
        if wanted[role].example is None:
            wanted[role].example = article
    return roles


def _search_link(**params):
    """A chart's bar link: the search page with these parameters over the bar's period."""
    def link(first, last):
        return f"{reverse('articles:search')}?{urlencode({**params, 'from': first, 'to': last})}"
    return link


def person_profile(person):
    """Everything a person's page shows beyond its paged list of articles."""
    quotes_url = f"{reverse('articles:quotes')}?speaker={person.slug}"
    named = f'"{person.name}"'

    def quotes_in(first, last):
        return f"{quotes_url}&since={first:%Y-%m-%d}&until={last:%Y-%m-%d}"

    quote_months = _per_month(Quote.objects.filter(speaker=person), "published")
    article_months = _per_month(Appearance.objects.filter(person=person), "article__published")
    return {
        "quote_count": sum(count for _, count in quote_months) + person.quotes.filter(published=None).count(),
        "article_count": person.appearances.count(),
        "quotes": newest_quotes(person), "quotes_url": quotes_url,
        "quotes_chart": month_chart(quote_months, link=quotes_in, noun="quote", what="Quotes",
                                    action="lists that period's quotes", max_bars=CHART_BARS),
        "articles_chart": month_chart(article_months, link=_search_link(q=named), noun="article", max_bars=CHART_BARS,
                                      what="Articles naming them", action="searches that period for the name"),
        "outlets": list(person.quotes.exclude(article__publisher=None)
                        .values("article__publisher__name", "article__publisher__slug")
                        .annotate(count=Count("pk")).order_by("-count", "article__publisher__name")[:OUTLETS_SHOWN]),
        "roles": roles_over_time(person),
    }


MENTIONS_SHOWN = 10
COUNTRIES_SHOWN = 10
PEOPLE_SHOWN = 10


def outlet_profile(outlet):
    """An outlet's own articles (published or distributed) and those of others that mention it, as two lists;
    its articles per month; the countries its articles cover and the people they quote, most first."""
    own = Article.objects.listed().published_by(outlet)
    mentions = Article.objects.listed().mentioning(outlet)
    countries = (Article.countries.through.objects.filter(article__publisher=outlet)
                 .values("country__code", "country__name").annotate(count=Count("pk"))
                 .order_by("-count", "country__name")[:COUNTRIES_SHOWN])
    quoted = (Quote.objects.filter(article__publisher=outlet).exclude(speaker=None)
              .values("speaker__name", "speaker__slug").annotate(count=Count("pk"))
              .order_by("-count", "speaker__name")[:PEOPLE_SHOWN])
    return {
        "own": own.select_related("publisher").newest_first(),
        "mention_count": mentions.count(),
        "mentions": list(mentions.select_related("publisher").defer("body").newest_first()[:MENTIONS_SHOWN]),
        "mentions_url": f"{reverse('articles:search')}?{urlencode({'outlet': outlet.slug})}",
        "chart": month_chart(_per_month(Article.objects.filter(publisher=outlet), "published"),
                             link=_search_link(publisher=outlet.slug), what="Articles it published",
                             action="searches its articles of that period", max_bars=CHART_BARS),
        "countries": list(countries), "quoted": list(quoted),
    }


def country_chart(country):
    """The country's articles per month, each bar searching that month's articles on it."""
    return month_chart(_per_month(Article.objects.for_country(country.code), "published"),
                       link=_search_link(country=country.code), what="Articles on the country",
                       action="searches that period's articles on it", max_bars=CHART_BARS)
