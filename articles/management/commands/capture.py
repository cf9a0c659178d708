from pathlib import Path

from django.core.management.base import CommandError

from articles.management.base import ArchiveCommand
from articles.capture import CaptureReport, capture_feed, capture_urls
from articles.capture.fetch import CaptureError, Fetcher
from articles.capture.rendering import browser_for_run


class Command(ArchiveCommand):
    help = ("Capture pages from the web into the archive (kept as WARC, made into articles): addresses, a file "
            "of addresses, or the new items of RSS/Atom feeds and sitemaps.")

    def add_arguments(self, parser):
        parser.add_argument("urls", nargs="*", help="page addresses")
        parser.add_argument("--from-file", type=Path, help="a file with one address per line (# comments)")
        parser.add_argument("--feed", action="append", default=[], metavar="URL",
                            help="capture the new items of this feed or sitemap (remembered as a Feed record)")
        parser.add_argument("--feeds", action="store_true", help="read every active Feed record (for cron)")
        parser.add_argument("--retry-failed", action="store_true",
                            help="fetch feed items again that failed for good (gone, withheld, too large, not a "
                                 "page); otherwise they wait until their feed entry changes")
        parser.add_argument("--ignore-robots", action="store_true",
                            help="fetch even where robots.txt disallows it (only for pages you may archive)")
        parser.add_argument("--browser", action="store_true",
                            help="render each page in headless Chromium (NEWSROOM_CHROMIUM), so an article a script "
                                 "builds is captured, with a screenshot; without Chromium, capture plain "
                                 "(NEWSROOM_CAPTURE_BROWSER=true makes it the default)")

    def handle(self, *args, urls, from_file, feed, feeds, retry_failed, ignore_robots, browser, verbosity,
               **options):
        from articles.models import Feed

        urls = list(urls) + (self._read_list(from_file) if from_file else [])
        feed_urls = list(feed) + (list(Feed.objects.filter(active=True).values_list("url", flat=True)) if feeds else [])
        if not urls and not feed_urls:
            raise CommandError("Give addresses, --from-file FILE, --feed URL or --feeds.")

        def on_url(url, status, detail):
            if status == "failed":
                self.stderr.write(f"failed     {detail}")
            elif status == "failed before":  # known, so no failure of this run: not fetched again
                self.stderr.write(f"skipped    {detail} (failed before; fetched again when its feed entry "
                                  "changes, or with --retry-failed)")
            elif verbosity >= 1:
                self.stdout.write(f"{status:<10} {url}: {detail}")

        failed = 0
        fetcher = Fetcher(obey_robots=not ignore_robots)
        with fetcher, browser_for_run(browser, say=self.stderr.write) as renderer:
            if urls:
                report = capture_urls(urls, fetcher=fetcher, on_url=on_url, browser=renderer)
                self.stdout.write(report.summary())
                failed += report.failed
            for url in feed_urls:
                try:
                    record, report = capture_feed(url, fetcher=fetcher, on_url=on_url, retry_failed=retry_failed,
                                                  browser=renderer)
                except CaptureError as error:
                    self.stderr.write(f"failed     feed {error}")
                    failed += 1
                    continue
                report = report or CaptureReport()
                self.stdout.write(f"feed {record.url}: " + (
                    report.summary() if report.captures or report.failed or report.failed_before else "nothing new"))
                failed += report.failed
        if failed:
            raise CommandError(f"{failed} address(es) or feed(s) failed; the others were captured. "
                               "See the lines above.")

    @staticmethod
    def _read_list(path):
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"--from-file {path}: cannot be read ({error})") from None
        return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]

