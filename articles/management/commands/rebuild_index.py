import sys

from django.core.management.base import BaseCommand

from articles.search.indexing import rebuild


class Command(BaseCommand):
    help = "Build a fresh search index beside the live one and swap it in (searches keep working)."

    def handle(self, *args, verbosity, **options):
        def progress(count):
            if verbosity and sys.stderr.isatty():
                self.stderr.write(f"\r{count} articles indexed", ending="")

        count = rebuild(progress=progress)
        if verbosity and sys.stderr.isatty():
            self.stderr.write("")
        self.stdout.write(f"indexed {count} article(s)")
