import sys

from django.core.management.base import BaseCommand

from articles.records.stories import regroup_all


class Command(BaseCommand):
    help = ("Group the archive's copies of one story again, in the order the articles were stored (the groups "
            "the ingest makes): stories made by detection are dissolved and found again; an editor's choice "
            "of story stays.")

    def handle(self, *args, verbosity, **options):
        def progress(done, total):
            if verbosity and sys.stderr.isatty():
                self.stderr.write(f"\r{done} of {total} articles compared", ending="")

        articles, stories = regroup_all(progress=progress)
        if verbosity and sys.stderr.isatty():
            self.stderr.write("")
        self.stdout.write(f"{articles} article(s) compared: {stories} stories with copies")
