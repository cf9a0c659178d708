import json
import tempfile

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from articles.bench.relevance import NDCG_DEPTH, RECALL_DEPTH, load_judgments, measure
from articles.management import benchmarks_page


class Command(BaseCommand):
    help = ("Score search quality on the judged query set (corpus/relevance/judgments.json): nDCG@10 and "
            "recall@20 for the Whoosh backend, SQLite FTS5 (BM25) and, on PostgreSQL, the PostgreSQL backend, "
            "over the shipped articles. Nothing stays in the archive.")

    def add_arguments(self, parser):
        parser.add_argument("--judgments", help="a judgments file (default: the repository's)")
        parser.add_argument("--queries", action="store_true", help="also print each query's nDCG@10 and recall@20")
        parser.add_argument("--explain", action="append", default=[], metavar="QUERY",
                            help="print each engine's top ten for this judged query, with the grades")
        parser.add_argument("--write-docs", nargs="?", const=True, default=False, metavar="FILE",
                            help="rewrite this benchmark's section of docs/benchmarks.md (or of FILE) with "
                                 "the figures")

    def handle(self, *args, judgments, queries, explain, write_docs, **options):
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise CommandError("The database is not migrated: run 'python manage.py migrate' first "
                               "(this command leaves nothing in it).")
        try:
            judged = load_judgments(judgments)
            with tempfile.TemporaryDirectory() as tmp:
                scores = measure(judged, tmp, progress=self.stderr.write)
        except (ValueError, FileNotFoundError) as error:
            raise CommandError(str(error)) from None
        kinds = sorted({kind for _, kind, _ in judged})
        self.stdout.write(f"{len(judged)} judged queries; nDCG@{NDCG_DEPTH} and recall@{RECALL_DEPTH}, "
                          f"then nDCG@{NDCG_DEPTH} by kind of query")
        self.stdout.write(f"{'engine':<10}{'nDCG':>7}{'recall':>8}  " + "".join(f"{k[:11]:>12}" for k in kinds))
        for engine, figures in scores.items():
            self.stdout.write(f"{engine:<10}{figures[f'ndcg@{NDCG_DEPTH}']:>7.3f}{figures[f'recall@{RECALL_DEPTH}']:>8.3f}  "
                              + "".join(f"{figures['by_kind'].get(k, 0):>12.3f}" for k in kinds))
        if queries:
            for query, _, _ in judged:
                self.stdout.write(f"  {query[:40]:<42}" + "".join(f"{f['queries'][query][0]:>7.3f}/{f['queries'][query][1]:.2f}"
                                                                   for f in scores.values()))
        grades = {query: graded for query, _, graded in judged}
        for query in explain:
            if query not in grades:
                raise CommandError(f"--explain {query!r}: not a judged query")
            for engine, figures in scores.items():
                top = figures["rankings"][query][:10]
                self.stdout.write(f"{engine} {query!r}: " + " ".join(f"{name[:13]}={grades[query].get(name, 0)}" for name in top))
        summary = {engine: {k: v for k, v in f.items() if k not in ("queries", "rankings")}
                   for engine, f in scores.items()}
        self.stdout.write(json.dumps(summary))
        if write_docs:
            benchmarks_page.write(write_docs, "bench_relevance", summary, judgments=judgments)
