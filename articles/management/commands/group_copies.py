import sys

from django.core.management.base import BaseCommand

from articles.records.stories import regroup_all, time_grouping


class Command(BaseCommand):
    help = ("Group the archive's copies of one story again, in the order the articles were stored (the groups "
            "the ingest makes): stories made by detection are dissolved and found again; an editor's choice "
            "of story stays.")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true",
                            help="group from nothing in a transaction rolled back, and say how long grouping takes "
                                 "an article (what it adds to each article's ingest); nothing is kept")

    def handle(self, *args, verbosity, dry_run, **options):
        def progress(done, total):
            if verbosity and sys.stderr.isatty():
                self.stderr.write(f"\r{done} of {total} articles compared", ending="")

        if dry_run:
            articles, stories, median, mean = time_grouping(progress=progress)
        else:
            articles, stories = regroup_all(progress=progress)
        if verbosity and sys.stderr.isatty():
            self.stderr.write("")
        if dry_run:
            self.stdout.write(f"{articles} article(s) compared: {stories} stories with copies would be made "
                              f"(dry run: nothing kept); grouping {median:.2f} ms an article (median), {mean:.2f} (mean)")
        else:
            self.stdout.write(f"{articles} article(s) compared: {stories} stories with copies")
