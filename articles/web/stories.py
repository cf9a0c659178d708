"""A story's page (where and when one story travelled: its copies by date, outlet and country, what each
changed, its quotes once) and what an outlet's page says of its copies (its own reporting against the stories
it republished, and whose).

The stories themselves are grouped by :mod:`articles.records.stories`; these functions read them for a page.
"""
from dataclasses import dataclass, field

from django.db.models import Count, F, Q
from django.shortcuts import get_object_or_404, render

from ..models import Article, Outlet, Quote, Story


@dataclass
class StoryReport:
    story: Story
    copies: list  # the story's articles, by date (undated last), the original marked
    outlets: int = 0
    countries: list = field(default_factory=list)  # [(code, name)]
    quotes: list = field(default_factory=list)  # the original's (or, without one, the first copy's)


def story_report(story):
    """Everything a story's page shows, in a fixed number of queries."""
    copies = list(story.articles.listed().select_related("publisher", "publisher__country").order_by(
        F("published").asc(nulls_last=True), "pk"))
    for copy in copies:
        copy.is_original = copy.pk == story.original_id
        copy.change_notes = [] if copy.is_original else _change_notes(copy.copy_changes or {})
    countries = {c.publisher.country.code: c.publisher.country.name for c in copies
                 if c.publisher_id and c.publisher.country_id}
    first = next((c for c in copies if c.is_original), copies[0] if copies else None)
    quotes = list(Quote.objects.filter(article=first).select_related("speaker").order_by(
        "paragraph", "start", "pk")) if first else []
    return StoryReport(story=story, copies=copies, quotes=quotes,
                       outlets=len({c.publisher_id for c in copies if c.publisher_id}),
                       countries=sorted(countries.items(), key=lambda pair: pair[1]))


def _change_notes(changes):
    """What a copy changed, as a reader is told it: "new headline", "1 paragraph added", "2 paragraphs cut"."""
    notes = ["new headline"] if changes.get("headline") else []
    for key, verb in (("added_count", "added"), ("cut_count", "cut")):
        count = changes.get(key) or 0
        if count:
            notes.append(f"{count} paragraph{'s' if count != 1 else ''} {verb}")
    return notes or ["the same text"]


def story_detail(request, pk):
    story = get_object_or_404(Story.objects.select_related("original"), pk=pk)
    return render(request, "articles/story_detail.html", {"report": story_report(story)})


@dataclass
class OutletCopies:
    """How much of an outlet's published articles are its own, and which stories it took from whom."""
    published: int
    copies: int  # its articles that copy another outlet's original
    originals: int  # its articles that others copied
    sources: list  # [(outlet, how many of its stories this outlet copied)], most first


def outlet_copies(outlet, limit=10):
    counts = Article.objects.filter(publisher=outlet).aggregate(
        published=Count("pk"),
        copies=Count("pk", filter=Q(story__isnull=False) & ~Q(story__original=F("pk"))),
        originals=Count("pk", filter=Q(story__original=F("pk"))))
    sources = (Outlet.objects.filter(published_articles__story__articles__publisher=outlet,
                                     published_articles__story__original=F("published_articles__pk"))
               .exclude(pk=outlet.pk).annotate(taken=Count("published_articles__story", distinct=True))
               .order_by("-taken", "name")[:limit])
    return OutletCopies(published=counts["published"], copies=counts["copies"], originals=counts["originals"],
                        sources=[(source, source.taken) for source in sources])
