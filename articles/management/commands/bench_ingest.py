import json
import statistics
import tempfile
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test import override_settings

from articles.benchmarks import write_text_corpus
from articles.ingest import clean_text, extract, run
from articles.search.backend import get_backend
from articles.search.store import create_empty


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = ("Measure ingest throughput on the seeds plus the Wikinews corpus: extraction alone (one core) and "
            "end to end with storing and indexing (in a rolled-back transaction and a temporary index).")

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=5,
                            help="passes of each measurement; the medians are reported")

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

            rates = []
            for number in range(repeat):
                report, elapsed = self._end_to_end(f"{tmp}/corpus", f"{tmp}/index-{number}")
                rates.append(report.created / elapsed)
                self.stdout.write(f"  end-to-end pass {number + 1}: {report.created} articles in {elapsed:.2f} s "
                                  f"({report.summary()})")
            end_to_end = statistics.median(rates)
            self.stdout.write(f"end to end (read, clean, extract, store, index): median {end_to_end:.0f} articles/s "
                              f"over {repeat} passes")
            self.stdout.write(json.dumps({"articles": len(texts), "extraction_per_s": round(extraction_rate, 1),
                                          "end_to_end_per_s": round(end_to_end, 1)}))

    @staticmethod
    def _end_to_end(corpus, index_dir):
        """One ingest of the corpus into a fresh index, in a transaction that is rolled back."""
        with override_settings(NEWSROOM_INDEX_DIR=index_dir):
            create_empty()
            get_backend().reset()
            started = time.perf_counter()
            try:
                with transaction.atomic():
                    report = run([corpus])
                    elapsed = time.perf_counter() - started
                    raise Rollback
            except Rollback:
                pass
        get_backend().reset()
        return report, elapsed
