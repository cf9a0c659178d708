import json
import statistics
import tempfile
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test import override_settings

from articles.benchmarks import write_text_corpus
from articles.ingest import clean_text, extract, run
from articles.search.store import create_empty


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = ("Measure ingest throughput on the seeds plus the Wikinews corpus: extraction alone (one core) and "
            "end to end with storing and indexing (in a rolled-back transaction and a temporary index).")

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=5, help="extraction passes; the median is reported")

    def handle(self, *args, repeat, **options):
        with tempfile.TemporaryDirectory() as tmp:
            try:
                files = write_text_corpus(f"{tmp}/corpus")
            except FileNotFoundError as error:
                raise CommandError(str(error)) from None
            texts = [f.read_text(encoding="utf-8") for f in files]
            passes = []
            for _ in range(repeat):
                started = time.perf_counter()
                for text in texts:
                    extract(clean_text(text))
                passes.append(len(texts) / (time.perf_counter() - started))
            extraction_rate = statistics.median(passes)
            self.stdout.write(f"extraction: {len(texts)} articles, median {extraction_rate:.0f} articles/s over {repeat} passes")

            with override_settings(NEWSROOM_INDEX_DIR=f"{tmp}/index"):
                create_empty()
                started = time.perf_counter()
                try:
                    with transaction.atomic():
                        report = run([f"{tmp}/corpus"])
                        elapsed = time.perf_counter() - started
                        raise Rollback
                except Rollback:
                    pass
            end_to_end = report.created / elapsed
            self.stdout.write(f"end to end (read, clean, extract, store, index): {report.created} articles in "
                              f"{elapsed:.1f} s = {end_to_end:.0f} articles/s ({report.summary()})")
            self.stdout.write(json.dumps({"articles": len(texts), "extraction_per_s": round(extraction_rate, 1),
                                          "end_to_end_per_s": round(end_to_end, 1)}))
