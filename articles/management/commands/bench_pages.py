import json
import tempfile
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from articles.bench.corpus import manage
from articles.bench.pages import TARGET_MS, PageFailed, measure
from articles.management import benchmarks_page


class Command(BaseCommand):
    help = ("Build a synthetic archive of N articles (load_synthetic, with people, quotes and delegations) in a "
            "fresh data directory, then fetch every page type at its heaviest record and the admin's change "
            "form and save: server time (median, p95) and size against each page's budget.")

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=10_000, help="archive size (default 10,000)")
        parser.add_argument("--rounds", type=int, default=5, help="requests per page")
        parser.add_argument("--data-dir", help="build (or reuse, if it holds an archive) the archive here")
        parser.add_argument("--measure-here", action="store_true",
                            help="measure the archive this process is configured with (used by the command)")
        parser.add_argument("--write-docs", nargs="?", const=True, default=False, metavar="FILE",
                            help="rewrite this benchmark's section of docs/benchmarks.md (or of FILE) with "
                                 "the figures")

    def handle(self, *args, articles, rounds, data_dir, measure_here, write_docs, **options):
        if measure_here:
            return self._measure(rounds)
        try:
            with tempfile.TemporaryDirectory() as tmp:
                data = Path(data_dir or tmp)
                if not (data / "newsroom.sqlite3").exists():
                    self.stderr.write(f"building a synthetic archive of {articles} articles in {data} …")
                    manage(data, "migrate", "--noinput", "-v0")
                    manage(data, "load_synthetic", "--articles", str(articles))
                    manage(data, "rebuild_index")
                _, peak, output = manage(data, "bench_pages", "--measure-here", "--rounds", str(rounds))
        except RuntimeError as error:
            raise CommandError(str(error)) from None
        figures = json.loads(output)
        self.stdout.write(f"{articles} articles; server time through the whole view (median / p95) and size")
        for page, f in figures.items():
            budget = f" (budget {f['budget_bytes'] // 1000} KB)" if f["budget_bytes"] else ""
            target = f"  target p95 ≤ {TARGET_MS[page]} ms" if page in TARGET_MS else ""
            self.stdout.write(f"  {page:<13} {f['median_ms']:7.1f} / {f['p95_ms']:7.1f} ms   "
                              f"{f['bytes'] / 1000:6.1f} KB{budget}{target}")
        summary = {"articles": articles, "pages": figures, "web_process_peak_mb": round(peak)}
        self.stdout.write(json.dumps(summary))
        if write_docs:
            benchmarks_page.write(write_docs, "bench_pages", summary, articles=articles, rounds=rounds)

    def _measure(self, rounds):
        editor, _ = get_user_model().objects.get_or_create(
            username="bench-editor", defaults={"is_staff": True, "is_superuser": True})
        try:
            with override_settings(ALLOWED_HOSTS=["testserver"]):
                self.stdout.write(json.dumps(measure(editor, rounds=rounds)))
        except PageFailed as error:
            raise CommandError(f"{error} (is the archive migrated? python manage.py migrate)") from None
