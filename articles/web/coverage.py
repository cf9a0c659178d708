"""A delegation's coverage report: what was written about a visit, when, by whom, and what followed.

The report is what a communication office hosting a press tour (or a researcher of press tours) quotes: the
articles linked to the visit before, during and after it; the outlets, outlet countries and languages they
came from; the follow-up coverage (articles the participating outlets or the participants themselves
published in the weeks after the visit that name the host place, not linked to the visit); the participants'
quotes; the itinerary sites that were written about; and the totals.

:func:`coverage_report` reads it in a fixed number of queries, however many articles the visit has.
"""
from dataclasses import dataclass, field
from datetime import date, timedelta
import re

from django.db.models import Count, Q

from ..ingest.geo import country_name
from ..models import Appearance, Article, Delegation, Quote

DEFAULT_FOLLOW_UP_WEEKS = 8
MAX_FOLLOW_UP_WEEKS = 52
ABOUT, FOLLOW_UP = "about the visit", "follow-up"
BEFORE, DURING, AFTER, UNDATED = "before", "during", "after", "date unknown"
PHASES = (BEFORE, DURING, AFTER, UNDATED)
AUTHOR = "author"  # the role an article's byline gives its authors


def follow_up_weeks(value):
    """The follow-up window asked for (``?weeks=``) within 0–MAX_FOLLOW_UP_WEEKS; the default for a bad one."""
    try:
        return min(max(int(value), 0), MAX_FOLLOW_UP_WEEKS)
    except (TypeError, ValueError):
        return DEFAULT_FOLLOW_UP_WEEKS


@dataclass(frozen=True)
class Window:
    """The days the visit lasted, and what they are known from ("the visit's dates" or "the first article")."""

    start: date | None = None
    end: date | None = None
    basis: str = ""

    def phase(self, day):
        if day is None or self.start is None:
            return UNDATED
        if day < self.start:
            return BEFORE
        return DURING if day <= self.end else AFTER


@dataclass
class Entry:
    """One article of the report: about the visit (in a phase of it) or a follow-up, with why it is a follow-up."""

    article: Article
    relation: str
    phase: str
    reasons: list = field(default_factory=list)

    @property
    def reason(self):
        return "; ".join(self.reasons)

    @property
    def outlet(self):
        return self.article.publisher

    @property
    def outlet_country(self):
        return self.article.publisher.country if self.article.publisher else None


@dataclass
class Bucket:
    """A count of the visit's articles by one value (an outlet, a country, a language, a phase)."""

    label: str
    count: int
    record: object = None  # the outlet or country, for its link


@dataclass
class Member:
    """A participant, with the roles and outlets the visit's articles give them."""

    person: object
    outlets: list
    roles: list
    is_leader: bool = False


@dataclass
class Totals:
    articles: int
    outlets: int
    countries: int
    days_to_first: int | None
    follow_ups: int
    stories: int = 0  # the articles as unique stories: a story's copies count once
    copies: int = 0  # the articles beyond the first of each story (copies of one already counted)

    def as_dict(self):
        return {"articles": self.articles, "unique_stories": self.stories, "copies": self.copies,
                "outlets": self.outlets, "outlet_countries": self.countries,
                "days_to_first_publication": self.days_to_first, "follow_up_articles": self.follow_ups}


@dataclass
class Coverage:
    delegation: Delegation
    window: Window
    weeks: int
    places: list
    entries: list
    follow_ups: list
    by_phase: list
    by_outlet: list
    by_country: list
    by_language: list | None  # None when articles carry no language
    members: list
    quotes: list
    quote_count: int
    sites: list
    totals: Totals

    @property
    def follow_up_end(self):
        return self.window.end + timedelta(weeks=self.weeks) if self.window.end else None

    def rows(self):
        """Every article of the report: the visit's own in date order, then the follow-ups."""
        return [*self.entries, *self.follow_ups]


def visit_window(delegation, first_published):
    """The visit's days: its stated or inferred dates, else the day of its first dated article, else none."""
    if delegation.start:
        return Window(delegation.start, max(delegation.end or delegation.start, delegation.start), "the visit's dates")
    if first_published:
        return Window(first_published, first_published, "the first article's date")
    return Window()


def host_places(delegation):
    """The names the host place goes by, most precise first: city, region, country (its everyday name and the
    table's), else the place the first report gave."""
    names = [delegation.host_city, delegation.host_region]
    if delegation.host_country_id:
        names += [country_name(delegation.host_country_id), delegation.host_country.name]
    if not any(names):
        names.append(delegation.location)
    seen, places = set(), []
    for name in names:
        name = (name or "").strip()
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            places.append(name)
    return places


def mentioned(places, text):
    """The places named in ``text`` as whole words ("Oman" is not in "woman")."""
    return [place for place in places
            if re.search(r"(?<!\w)" + re.escape(place) + r"(?!\w)", text, re.IGNORECASE)]


def _report_articles(queryset, *extra):
    return (queryset.select_related("publisher", "publisher__country")
            .only("pk", "title", "slug", "published", "date_source", "story", *extra, *_language_field(),
                  "publisher__name", "publisher__slug", "publisher__country__name", "publisher__country__code"))


def _language_field():
    """("language",) when articles record their language, else () (the report then leaves languages out)."""
    return ("language",) if any(f.name == "language" for f in Article._meta.get_fields()) else ()


def _follow_ups(delegation, window, weeks, places, outlets, people):
    """Articles by a participating outlet or with a participant's byline, published within ``weeks`` after
    the visit's end, that name the host place and are not linked to the visit; each with its reasons."""
    if not window.end or not weeks or not places or not (outlets or people):
        return []
    bylines = Appearance.objects.filter(role=AUTHOR, person__in=[p.pk for p in people])
    by_participant = Q(pk__in=bylines.values("article_id"))
    by_outlet = Q(publisher__in=[o.pk for o in outlets])
    names_place = Q()
    for place in places:
        names_place |= Q(title__icontains=place) | Q(body__icontains=place)
    candidates = list(_report_articles(
        Article.objects.filter(published__gt=window.end, published__lte=window.end + timedelta(weeks=weeks))
        .filter(by_outlet | by_participant).filter(names_place).exclude(delegations=delegation)
        .order_by("published", "pk"), "body"))
    authors = {}
    for appearance in bylines.filter(article__in=[a.pk for a in candidates]).select_related("person"):
        authors.setdefault(appearance.article_id, []).append(appearance.person.name)
    participating = {o.pk for o in outlets}
    found = []
    for article in candidates:
        named = mentioned(places, f"{article.title}\n{article.body}")
        if not named:
            continue
        reasons = [f"by {name}, a participant" for name in sorted(authors.get(article.pk, []))]
        if article.publisher_id in participating:
            reasons.append(f"published by {article.publisher.name}, a participating outlet")
        reasons.append("mentions " + ", ".join(named))
        found.append(Entry(article, FOLLOW_UP, AFTER, reasons))
    return found


def _buckets(entries, key):
    """[Bucket] of ``entries`` by ``key(entry) -> (label, record)``, most first, unknowns last."""
    counts, records = {}, {}
    for entry in entries:
        label, record = key(entry)
        counts[label] = counts.get(label, 0) + 1
        records.setdefault(label, record)
    order = sorted(counts, key=lambda label: (label == "unknown", -counts[label], label.casefold()))
    return [Bucket(label, counts[label], records[label]) for label in order]


def _members(delegation, people, article_ids):
    """The participants, leader first, each with the roles and outlets the visit's articles name beside them."""
    outlets, roles = {}, {}
    for appearance in (Appearance.objects.filter(person__in=[p.pk for p in people], article__in=article_ids)
                       .select_related("outlet").order_by("pk")):
        named = outlets.setdefault(appearance.person_id, [])
        if appearance.outlet and appearance.outlet not in named:
            named.append(appearance.outlet)
        said = roles.setdefault(appearance.person_id, [])
        if appearance.role and appearance.role not in said and appearance.role != AUTHOR:
            said.append(appearance.role)
    members = [Member(p, outlets.get(p.pk, []), roles.get(p.pk, []), p.pk == delegation.leader_id)
               for p in people]
    return sorted(members, key=lambda m: (not m.is_leader, m.person.name.casefold()))


def _sites(delegation, article_ids):
    """[(site, number of the visit's articles naming it)] for the itinerary, in its order: one query."""
    sites = [site for site in dict.fromkeys(delegation.itinerary or []) if isinstance(site, str) and site.strip()]
    if not sites or not article_ids:
        return [(site, 0) for site in sites]
    counts = Article.objects.filter(pk__in=article_ids).aggregate(**{
        f"site_{n}": Count("pk", filter=Q(title__icontains=site) | Q(body__icontains=site))
        for n, site in enumerate(sites)})
    return [(site, counts[f"site_{n}"]) for n, site in enumerate(sites)]


def coverage_report(delegation, weeks=DEFAULT_FOLLOW_UP_WEEKS, *, quote_limit=50):
    """The :class:`Coverage` of ``delegation`` (read with its host country) and ``weeks`` of follow-ups."""
    linked = list(_report_articles(delegation.articles.order_by("published", "pk")))
    dated = [a.published for a in linked if a.published]
    window = visit_window(delegation, min(dated) if dated else None)
    entries = [Entry(article, ABOUT, window.phase(article.published)) for article in linked]
    entries.sort(key=lambda e: (e.article.published is None, e.article.published or date.min, e.article.pk))
    outlets = list(delegation.outlets.select_related("country").order_by("name"))
    people = list(delegation.people.select_related("country").order_by("name"))
    places = host_places(delegation)
    follow_ups = _follow_ups(delegation, window, weeks, places, outlets, people)
    article_ids = [a.pk for a in linked]

    report_ids = article_ids + [e.article.pk for e in follow_ups]
    quotes = Quote.objects.filter(article__in=report_ids, speaker__in=[p.pk for p in people])
    quote_count = quotes.count() if people and report_ids else 0
    shown_quotes = list(quotes.select_related("speaker", "article").only(
        "text", "speaker__name", "speaker__slug", "article__title", "article__slug", "article__published")
        .order_by("article__published", "pk")[:quote_limit]) if quote_count else []

    by_outlet = _buckets(entries, lambda e: (e.outlet.name, e.outlet) if e.outlet else ("unknown", None))
    by_country = _buckets(entries, lambda e: (e.outlet_country.name, e.outlet_country)
                          if e.outlet_country else ("unknown", None))
    by_language = (_buckets(entries, lambda e: (e.article.language or "unknown", None))
                   if _language_field() else None)
    phase_counts = {phase: 0 for phase in PHASES}
    for entry in entries:
        phase_counts[entry.phase] += 1
    by_phase = [Bucket(phase, phase_counts[phase]) for phase in PHASES if phase_counts[phase] or phase != UNDATED]

    after_start = [d for d in dated if delegation.start and d >= delegation.start]
    stories = {("story", e.article.story_id) if e.article.story_id else ("article", e.article.pk) for e in entries}
    totals = Totals(
        articles=len(entries), outlets=len({e.outlet.pk for e in entries if e.outlet}),
        countries=len({e.outlet_country.pk for e in entries if e.outlet_country}),
        days_to_first=(min(after_start) - delegation.start).days if after_start else None,
        follow_ups=len(follow_ups), stories=len(stories), copies=len(entries) - len(stories))
    return Coverage(delegation=delegation, window=window, weeks=weeks, places=places, entries=entries,
                    follow_ups=follow_ups, by_phase=by_phase, by_outlet=by_outlet, by_country=by_country,
                    by_language=by_language, members=_members(delegation, people, article_ids),
                    quotes=shown_quotes, quote_count=quote_count, sites=_sites(delegation, article_ids),
                    totals=totals)


def report_row(entry, absolute):
    """One article of the report as the CSV and JSON downloads carry it."""
    article = entry.article
    return {"date": article.published.isoformat() if article.published else None, "title": article.title,
            "outlet": entry.outlet.name if entry.outlet else None,
            "outlet_country": entry.outlet_country.name if entry.outlet_country else None,
            "relation": entry.relation, "reason": entry.reason, "url": absolute(article.get_absolute_url())}
