from django.core.management.base import CommandError

from articles.management.base import ArchiveCommand
from articles.search.indexing import check
from articles.search.store import SearchUnavailable

PROBLEMS = ("missing", "duplicated", "stale", "orphaned")


class Command(ArchiveCommand):
    help = ("Compare the database with the search index, article by article; --fix repairs missing, duplicated, "
            "stale and orphaned documents.")

    def add_arguments(self, parser):
        parser.add_argument("--fix", action="store_true", help="repair what is found")

    def handle(self, *args, fix, **options):
        try:
            report = check(fix=fix)
        except SearchUnavailable as error:
            raise CommandError(f"{error} (or run check_index --fix)") from None
        for kind in PROBLEMS:
            ids = report[kind]
            self.stdout.write(f"{kind}: {len(ids)}" + (f" (ids {', '.join(map(str, ids[:20]))}{'…' if len(ids) > 20 else ''})" if ids else ""))
        problems = sum(len(report[k]) for k in PROBLEMS)
        if report.get("rebuilt") is not None:
            self.stdout.write(f"the index was analysed by an older version: rebuilt it with {report['rebuilt']} article(s)")
            return
        if report["outdated"]:
            self.stdout.write("outdated: the index was analysed by an older version of newsroom")
            problems += 1
        if fix:
            self.stdout.write(f"fixed {problems} document(s); {report['articles']} article(s) in the archive")
        elif problems:
            raise CommandError(f"the index differs from the database in {problems} document(s) or its analysis; "
                               "run check_index --fix")
        else:
            self.stdout.write(f"index matches the database ({report['articles']} articles)")
