import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles.models import Article, Country, Outlet
from articles.search.benchcorpus import synthetic_documents


class Command(BaseCommand):
    help = ("Fill an empty archive with N synthetic articles from bench_search's corpus (real paragraphs "
            "recombined) and index them: the archive the load test runs against.")

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
            rows = [Article(
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
        self.stdout.write(f"loaded {len(rows)} synthetic articles; now run: python manage.py rebuild_index")
