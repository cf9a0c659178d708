import datetime
from itertools import islice
import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries, transaction

from articles.bench.synthetic import iter_synthetic_documents
from articles.models import Appearance, Article, Collection, Country, Delegation, Outlet, Person, Quote

CHUNK = 5_000  # articles made and stored at a time: memory stays flat however many are asked for


class Command(BaseCommand):
    help = ("Fill an empty archive with N synthetic articles from bench_search's corpus (real paragraphs "
            "recombined), with their outlets, countries, delegations, speakers and quotes: the archive the load "
            "test and bench_pages run against. Stored in chunks, each committed: an interrupted load leaves part "
            "of them (start again from an empty archive).")

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=10_000)
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, *args, articles, seed, **options):
        if articles < 1:
            raise CommandError("--articles must be at least 1")
        if Article.objects.exists():
            raise CommandError("the archive is not empty; load synthetic articles only into an empty one")
        records = _Records()
        documents = iter_synthetic_documents(articles, seed=seed)
        stored = 0
        while chunk := list(islice(documents, CHUNK)):
            with transaction.atomic():
                records.store(chunk)
            stored += len(chunk)
            reset_queries()  # with DEBUG on, Django keeps the last 9,000 statements: each chunk's inserts carry
            # its articles' whole text, so the log alone grew past a gigabyte over 100,000 articles
            self.stderr.write(f"\r{stored:,}/{articles:,} articles", ending="")
            if not sys.stderr.isatty() and stored % 100_000 == 0:
                self.stderr.write("")
        self.stderr.write("")
        if connection.vendor == "postgresql":
            # the planner learns the new sizes now, not when autovacuum next passes: with the tables' old
            # statistics (empty), a quotes page joined four tables by nested loops for minutes
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(f"loaded {stored} synthetic articles; now run: python manage.py rebuild_index")


class _Records:
    """The outlets, people and delegations made so far (by slug: their primary keys), and each chunk's rows."""

    def __init__(self):
        self.countries = set(Country.objects.values_list("code", flat=True))
        self.collection = Collection.objects.get_or_create(name="synthetic")[0]
        self.outlets, self.people, self.delegations = {}, {}, {}

    @staticmethod
    def _named(model, known, slugs):
        """The primary keys of these slugs' records, those not made yet made now."""
        new = sorted(set(slugs) - known.keys())
        if new:
            model.objects.bulk_create([model(name=slug.replace("-", " ").title(), slug=slug) for slug in new],
                                      batch_size=2000)
            known.update(model.objects.filter(slug__in=new).values_list("slug", "pk"))
        return known

    def store(self, documents):
        outlets = self._named(Outlet, self.outlets, {o for d in documents for o in d["outlet"].split(",") if o})
        people = self._named(Person, self.people, {s for d in documents for s in d["speaker"].split(",") if s})
        delegations = self._named(Delegation, self.delegations, {d["delegation"] for d in documents if d["delegation"]})
        rows = Article.objects.bulk_create([Article(
            collection=self.collection,
            title=d["title"], slug=f"synthetic-{d['id']}", body=d["body"], raw_text=d["body"],
            source_file=f"synthetic-{d['id']}.txt", content_hash=d["fingerprint"], extractor_version="synthetic",
            published=datetime.date(d["year"], d["month"] % 100, 1),
            date_source=Article.DateSource.STATED, publisher_id=outlets[d["publisher"]],
        ) for d in documents], batch_size=1000)
        links = {"outlets": [], "countries": [], "delegations": []}
        appearances, quotes = [], []
        for d, row in zip(documents, rows):
            links["outlets"] += [Article.outlets.through(article_id=row.pk, outlet_id=outlets[o])
                                 for o in d["outlet"].split(",") if o]
            links["countries"] += [Article.countries.through(article_id=row.pk, country_id=c)
                                   for c in d["country"].split(",") if c in self.countries]
            if d["delegation"]:
                links["delegations"].append(Article.delegations.through(article_id=row.pk,
                                                                        delegation_id=delegations[d["delegation"]]))
            # each speaker appears, and is quoted once
            chosen = [people[s] for s in d["speaker"].split(",") if s]
            appearances += [Appearance(article_id=row.pk, person_id=person) for person in chosen]
            quotes += [Quote(article_id=row.pk, speaker_id=chosen[n % len(chosen)] if chosen else None, text=text[:500],
                             published=datetime.date(d["year"], d["month"] % 100, 1), needs_review=not chosen)
                       for n, text in enumerate(d["_quotes"])]
        for relation, made in links.items():
            getattr(Article, relation).through.objects.bulk_create(made, batch_size=2000)
        Appearance.objects.bulk_create(appearances, batch_size=2000)
        Quote.objects.bulk_create(quotes, batch_size=2000)
