import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from articles.bench.synthetic import synthetic_documents
from articles.models import Appearance, Article, Collection, Country, Delegation, Outlet, Person, Quote


class Command(BaseCommand):
    help = ("Fill an empty archive with N synthetic articles from bench_search's corpus (real paragraphs "
            "recombined), with their outlets, countries, delegations, speakers and quotes: the archive the load "
            "test and bench_pages run against.")

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=10_000)
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, *args, articles, seed, **options):
        if Article.objects.exists():
            raise CommandError("the archive is not empty; load synthetic articles only into an empty one")
        documents = synthetic_documents(articles, seed=seed)
        known = set(Country.objects.values_list("code", flat=True))
        with transaction.atomic():
            outlets = {}
            for slug in sorted({o for d in documents for o in d["outlet"].split(",") if o}):
                outlets[slug] = Outlet(name=slug.replace("-", " ").title(), slug=slug)
            Outlet.objects.bulk_create(outlets.values())
            outlets = {o.slug: o for o in Outlet.objects.all()}
            collection = Collection.objects.get_or_create(name="synthetic")[0]
            rows = [Article(
                collection=collection,
                title=d["title"], slug=f"synthetic-{d['id']}", body=d["body"], raw_text=d["body"],
                source_file=f"synthetic-{d['id']}.txt", content_hash=d["fingerprint"], extractor_version="synthetic",
                published=datetime.date(d["year"], d["month"] % 100, 1),
                date_source=Article.DateSource.STATED, publisher=outlets[d["publisher"]],
            ) for d in documents]
            for start in range(0, len(rows), 1000):
                Article.objects.bulk_create(rows[start:start + 1000])
                self.stderr.write(f"\r{min(start + 1000, len(rows))}/{len(rows)} articles", ending="")
            self.stderr.write("")
            ids = dict(Article.objects.filter(slug__startswith="synthetic-").values_list("slug", "pk"))
            outlet_links, country_links = [], []
            for d in documents:
                pk = ids[f"synthetic-{d['id']}"]
                outlet_links += [Article.outlets.through(article_id=pk, outlet_id=outlets[o].pk)
                                 for o in d["outlet"].split(",") if o]
                country_links += [Article.countries.through(article_id=pk, country_id=c)
                                  for c in d["country"].split(",") if c in known]
            Article.outlets.through.objects.bulk_create(outlet_links, batch_size=2000)
            Article.countries.through.objects.bulk_create(country_links, batch_size=2000)
            self._people_and_delegations(documents, ids)
        if connection.vendor == "postgresql":
            # the planner learns the new sizes now, not when autovacuum next passes: with the tables' old
            # statistics (empty), a quotes page joined four tables by nested loops for minutes
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(f"loaded {len(rows)} synthetic articles; now run: python manage.py rebuild_index")

    def _people_and_delegations(self, documents, ids):
        """Each article's speakers (as appearances, each quoted once) and its delegation."""
        speakers = sorted({s for d in documents for s in d["speaker"].split(",") if s})
        Person.objects.bulk_create([Person(name=slug.replace("-", " ").title(), slug=slug) for slug in speakers],
                                   batch_size=2000)
        people = dict(Person.objects.filter(slug__in=speakers).values_list("slug", "pk"))
        names = sorted({d["delegation"] for d in documents if d["delegation"]})
        Delegation.objects.bulk_create([Delegation(name=slug.replace("-", " ").title(), slug=slug) for slug in names])
        delegations = dict(Delegation.objects.filter(slug__in=names).values_list("slug", "pk"))
        appearances, quotes, members = [], [], []
        for d in documents:
            pk = ids[f"synthetic-{d['id']}"]
            chosen = [people[s] for s in d["speaker"].split(",") if s]
            appearances += [Appearance(article_id=pk, person_id=person) for person in chosen]
            quotes += [Quote(article_id=pk, speaker_id=chosen[n % len(chosen)] if chosen else None, text=text[:500],
                             published=datetime.date(d["year"], d["month"] % 100, 1), needs_review=not chosen)
                       for n, text in enumerate(d["_quotes"])]
            if d["delegation"]:
                members.append(Article.delegations.through(article_id=pk, delegation_id=delegations[d["delegation"]]))
        Appearance.objects.bulk_create(appearances, batch_size=2000)
        Quote.objects.bulk_create(quotes, batch_size=2000)
        Article.delegations.through.objects.bulk_create(members, batch_size=2000)
