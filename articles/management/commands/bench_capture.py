import html
import json
import os
from pathlib import Path
import tempfile

from django.core.management.base import BaseCommand, CommandError

from articles.bench.corpus import manage, wikinews_rows
from articles.capture.localsite import LocalSite, Page, article_html
from articles.management import benchmarks_page


class Command(BaseCommand):
    help = ("Measure capture: pages from the Wikinews corpus served on 127.0.0.1, captured into a fresh archive "
            "by `capture --from-file` (politeness delay zero), then captured again unchanged; prints pages/s and "
            "peak memory.")

    def add_arguments(self, parser):
        parser.add_argument("--pages", type=int, default=200, help="Wikinews pages to capture (default 200)")
        parser.add_argument("--write-docs", nargs="?", const=True, default=False, metavar="FILE",
                            help="rewrite this benchmark's section of docs/benchmarks.md (or of FILE) with "
                                 "the figures")

    def handle(self, *args, pages, write_docs, **options):
        rows = [row for row in wikinews_rows() if len(row["text"]) > 400][:pages]
        if len(rows) < pages:
            raise CommandError(f"the corpus has only {len(rows)} articles long enough; ask for fewer --pages")
        routes = {"/robots.txt": Page(b"User-agent: *\nAllow: /\n", content_type="text/plain")}
        for number, row in enumerate(rows):
            paragraphs = [html.escape(p) for p in row["text"].split("\n") if p.strip()]
            routes[f"/news/{number}"] = Page(article_html(html.escape(row["title"]), paragraphs), gzip=number % 2 == 0)
        os.environ.update(NEWSROOM_CAPTURE_ALLOW_PRIVATE="true", NEWSROOM_CAPTURE_DELAY="0")
        with tempfile.TemporaryDirectory() as tmp, LocalSite(routes) as site:
            listing = Path(tmp) / "urls.txt"
            listing.write_text("\n".join(f"{site.url}/news/{n}" for n in range(len(rows))), encoding="utf-8")
            data = Path(tmp) / "archive"
            manage(data, "migrate", "--noinput", "-v0")
            elapsed, peak, summary = manage(data, "capture", "-v0", "--from-file", str(listing))
            warc_mb = sum(f.stat().st_size for f in (data / "warc").rglob("*.warc.gz")) / 1e6
            self.stdout.write(f"capture: {len(rows)} pages in {elapsed:.1f} s with the process's start, "
                              f"{len(rows) / elapsed:.0f} pages/s; peak {peak:.0f} MB; WARC {warc_mb:.1f} MB; "
                              f"it said: {summary}")
            again, _, summary_again = manage(data, "capture", "-v0", "--from-file", str(listing))
            self.stdout.write(f"again, unchanged: {again:.1f} s, {len(rows) / again:.0f} pages/s; it said: "
                              f"{summary_again}")
        figures = {"pages": len(rows), "pages_per_s": round(len(rows) / elapsed, 1),
                   "unchanged_pages_per_s": round(len(rows) / again, 1), "peak_mb": round(peak),
                   "warc_mb": round(warc_mb, 1)}
        self.stdout.write(json.dumps(figures))
        if write_docs:
            benchmarks_page.write(write_docs, "bench_capture", figures, pages=pages)
