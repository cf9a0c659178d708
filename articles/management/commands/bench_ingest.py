import json
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from articles.bench import copies
from articles.bench.corpus import manage, write_collection, write_language_corpus, write_text_corpus
from articles.ingest import clean_html, clean_text, extract
from articles.management import benchmarks_page


class Command(BaseCommand):
    help = ("Measure the ingest: extraction alone on one core (seeds + Wikinews), then a fixed collection of "
            "over 2,000 files in nested folders ingested end to end into a fresh archive, ingested again "
            "unchanged, and at three sizes for memory.")

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=5, help="passes of the extraction measurement")
        parser.add_argument("--files", type=int, default=2_000, help="text files in the collection (plus 92 more)")
        parser.add_argument("--lookup-articles", type=int, default=100_000,
                            help="synthetic articles the copy look-up is timed against, in a transaction rolled "
                                 "back (0: not measured)")
        parser.add_argument("--write-docs", nargs="?", const=True, default=False, metavar="FILE",
                            help="rewrite this benchmark's section of docs/benchmarks.md (or of FILE) with "
                                 "the figures")

    def handle(self, *args, repeat, files, lookup_articles, write_docs, **options):
        try:
            figures = self._measure(repeat, files)
            if lookup_articles:
                figures["copies_lookup"] = self._lookup(lookup_articles)
        except RuntimeError as error:  # a step in its own process failed; its output says why
            raise CommandError(str(error)) from None
        if write_docs:
            benchmarks_page.write(write_docs, "bench_ingest", figures, repeat=repeat, files=files,
                                  lookup_articles=lookup_articles)

    def _measure(self, repeat, files):
        with tempfile.TemporaryDirectory() as tmp:
            try:
                texts = [f.read_text(encoding="utf-8") for f in write_text_corpus(f"{tmp}/corpus")]
            except FileNotFoundError as error:
                raise CommandError(str(error)) from None
            passes = []
            for _ in range(repeat):
                started = time.perf_counter()
                for text in texts:
                    extract(clean_text(text))
                passes.append(len(texts) / (time.perf_counter() - started))
            extraction = statistics.median(passes)
            self.stdout.write(f"extraction: {len(texts)} articles, median {extraction:.0f} articles/s "
                              f"over {repeat} passes (one core)")

            figures = {"extraction_per_s": round(extraction, 1)}
            collection = Path(tmp) / "collection"
            total = write_collection(collection, text_files=files)
            self.stdout.write(f"collection: {total} files in nested folders ({collection.name}/site/section/NNN.txt, "
                              "saved pages, duplicates)")
            data = Path(tmp) / "archive"
            manage(data, "migrate", "--noinput", "-v0", production=True)
            elapsed, peak, summary = manage(data, "ingest", str(collection), production=True)
            figures.update(files=total, end_to_end_per_s=round(total / elapsed, 1), peak_mb=round(peak))
            self.stdout.write(f"  first ingest: {elapsed:.1f} s with the process's start, {total / elapsed:.0f} files/s; "
                              f"peak {peak:.0f} MB; it said: {summary}")
            elapsed, _, summary = manage(data, "ingest", str(collection), production=True)
            figures["unchanged_files_per_s"] = round(total / elapsed, 1)
            self.stdout.write(f"  again, unchanged: {elapsed:.1f} s with the process's start, {total / elapsed:.0f} files/s; "
                              f"it said: {summary}")
            _, _, checked = manage(data, "check_index", production=True)
            figures["check_index"] = checked
            self.stdout.write(f"  check_index: {checked}")
            # what grouping copies adds to each article's ingest: timed alone over the same archive, from nothing
            _, _, summary = manage(data, "group_copies", "--dry-run", production=True)
            grouping_ms = float(re.search(r"grouping ([\d.]+) ms an article \(median\), ([\d.]+)", summary).group(2))
            per_file_ms = 1000 / figures["end_to_end_per_s"]
            figures.update(grouping_ms=round(grouping_ms, 2), per_file_ms=round(per_file_ms, 1))
            self.stdout.write(f"  grouping copies: {grouping_ms:.2f} ms an article (mean), "
                              f"{grouping_ms / (per_file_ms - grouping_ms):.0%} added to the rest of an article's "
                              f"ingest ({per_file_ms:.1f} ms a file end to end); it said: {summary}")

            figures["languages"] = self._languages(Path(tmp), repeat)

            memory = {}
            for size in (files // 4, files // 2):
                part = Path(tmp) / f"collection-{size}"
                count = write_collection(part, text_files=size)
                data = Path(tmp) / f"archive-{size}"
                manage(data, "migrate", "--noinput", "-v0", production=True)
                _, peak, _ = manage(data, "ingest", str(part), production=True)
                memory[count] = round(peak)
            memory[total] = figures["peak_mb"]
            figures["peak_mb_by_files"] = memory
            self.stdout.write("  peak memory by collection size: "
                              + ", ".join(f"{count} files {mb} MB" for count, mb in memory.items()))
            self.stdout.write(json.dumps(figures))
            return figures

    def _languages(self, tmp, repeat):
        """Russian and French articles: extraction alone on one core, and each language's folder ingested end to
        end into a fresh archive (the Russian ones are long investigations, eight times a Wikinews article)."""
        found = {}
        for language, paths in write_language_corpus(tmp / "languages").items():
            texts = [path.read_text(encoding="utf-8") for path in paths]
            passes = []
            for _ in range(repeat):
                started = time.perf_counter()
                for path, text in zip(paths, texts):
                    extract(clean_html(text) if path.suffix == ".html" else clean_text(text))
                passes.append(len(texts) / (time.perf_counter() - started))
            data = tmp / f"archive-{language}"
            manage(data, "migrate", "--noinput", "-v0", production=True)
            elapsed, peak, summary = manage(data, "ingest", str(paths[0].parent), production=True)
            # the ingest's own clock, from its first file to its last commit, as its summary line gives it
            ingest_seconds = float(re.search(r"— ([\d.]+) s, ", summary).group(1))
            found[language] = {"articles": len(texts), "chars": round(sum(map(len, texts)) / len(texts)),
                               "extraction_per_s": round(statistics.median(passes), 1),
                               "end_to_end_per_s": round(len(texts) / elapsed, 1),
                               "ingest_per_s": round(len(texts) / ingest_seconds, 1), "peak_mb": round(peak)}
            self.stdout.write(f"  {language}: {len(texts)} articles ({found[language]['chars']:,} characters on "
                              f"average): extraction {found[language]['extraction_per_s']:.0f} articles/s, end to "
                              f"end {found[language]['end_to_end_per_s']:.0f} files/s with the process's start, "
                              f"{found[language]['ingest_per_s']:.0f} by the ingest's own clock; peak {peak:.0f} MB")
        return found

    def _lookup(self, articles):
        def progress(done, total):
            if sys.stderr.isatty():
                self.stderr.write(f"\r  {done:,} of {total:,} synthetic articles stored with their bands", ending="")

        figures = copies.measure(articles, progress=progress)
        if sys.stderr.isatty():
            self.stderr.write("")
        self.stdout.write(f"copy look-up among {figures['articles']:,} articles ({connection.vendor}): median "
                          f"{figures['lookup_median_ms']} ms, p95 {figures['lookup_p95_ms']} ms; whole grouping "
                          f"median {figures['group_median_ms']} ms, p95 {figures['group_p95_ms']} ms; candidates "
                          f"median {figures['candidates_median']}, at most {figures['candidates_max']}; peak "
                          f"{figures['peak_mb']} MB (was {figures['peak_mb_before']} MB)")
        figures["database"] = connection.vendor
        return figures
