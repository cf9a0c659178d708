import html
import json
import os
from pathlib import Path
import re
import tempfile

from django.core.management.base import BaseCommand, CommandError

from articles.bench.corpus import manage, wikinews_rows
from articles.capture.localsite import STYLED_HEAD, LocalSite, Page, article_html, photo_html, png, styled_routes
from articles.management import benchmarks_page


PEAK_BUDGET_MB = 300  # what one capture run may hold, pages and their requisites together


class Command(BaseCommand):
    help = ("Measure capture: pages from the Wikinews corpus served on 127.0.0.1, each shown with a stylesheet, "
            "a font and a background image it names, and a photograph of its own, captured with them into a fresh "
            "archive by `capture --from-file` (politeness delay zero), then captured again unchanged; prints "
            "pages/s and peak memory.")

    def add_arguments(self, parser):
        parser.add_argument("--pages", type=int, default=200, help="Wikinews pages to capture (default 200)")
        parser.add_argument("--write-docs", nargs="?", const=True, default=False, metavar="FILE",
                            help="rewrite this benchmark's section of docs/benchmarks.md (or of FILE) with "
                                 "the figures")

    def handle(self, *args, pages, write_docs, **options):
        rows = [row for row in wikinews_rows() if len(row["text"]) > 400][:pages]
        if len(rows) < pages:
            raise CommandError(f"the corpus has only {len(rows)} articles long enough; ask for fewer --pages")
        routes = {"/robots.txt": Page(b"User-agent: *\nAllow: /\n", content_type="text/plain"),
                  **styled_routes(font=bytes(range(256)) * 64)}  # 16 KiB, about a web font's size
        for number, row in enumerate(rows):
            paragraphs = [html.escape(p) for p in row["text"].split("\n") if p.strip()]
            page = article_html(html.escape(row["title"]), paragraphs, head=STYLED_HEAD,
                                figure=photo_html(f"/img/{number}.png"))
            routes[f"/news/{number}"] = Page(page, gzip=number % 2 == 0)
            routes[f"/img/{number}.png"] = Page(png(64 + number % 64, 48), content_type="image/png")
        os.environ.update(NEWSROOM_CAPTURE_ALLOW_PRIVATE="true", NEWSROOM_CAPTURE_DELAY="0")
        with tempfile.TemporaryDirectory() as tmp, LocalSite(routes) as site:
            listing = Path(tmp) / "urls.txt"
            listing.write_text("\n".join(f"{site.url}/news/{n}" for n in range(len(rows))), encoding="utf-8")
            data = Path(tmp) / "archive"
            manage(data, "migrate", "--noinput", "-v0")
            elapsed, peak, summary = manage(data, "capture", "-v0", "--from-file", str(listing))
            warc_mb = sum(f.stat().st_size for f in (data / "warc").rglob("*.warc.gz")) / 1e6
            kept = re.search(r"requisites kept (\d+)", summary)
            requisites = int(kept.group(1)) if kept else 0
            self.stdout.write(f"capture: {len(rows)} pages with {requisites} requisites in {elapsed:.1f} s with the "
                              f"process's start, {len(rows) / elapsed:.0f} pages/s; peak {peak:.0f} MB; "
                              f"WARC {warc_mb:.1f} MB; it said: {summary}")
            if peak >= PEAK_BUDGET_MB:
                self.stderr.write(f"peak memory {peak:.0f} MB is over the {PEAK_BUDGET_MB} MB budget")
            again, _, summary_again = manage(data, "capture", "-v0", "--from-file", str(listing))
            self.stdout.write(f"again, unchanged: {again:.1f} s, {len(rows) / again:.0f} pages/s; it said: "
                              f"{summary_again}")
        figures = {"pages": len(rows), "requisites": requisites, "pages_per_s": round(len(rows) / elapsed, 1),
                   "unchanged_pages_per_s": round(len(rows) / again, 1), "peak_mb": round(peak),
                   "warc_mb": round(warc_mb, 1)}
        self.stdout.write(json.dumps(figures))
        if write_docs:
            benchmarks_page.write(write_docs, "bench_capture", figures, pages=pages)
