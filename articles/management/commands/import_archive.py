import sys

from django.core.management.base import CommandError

from articles.management.base import ArchiveCommand
from articles.records.archive import ArchiveError, import_archive, index_imported
from articles.search.store import SearchUnavailable


class Command(ArchiveCommand):
    help = ("Restore an export_archive file into an empty database, then build its search index: read and "
            "checked a record at a time, written in one transaction, so a refused file leaves nothing behind.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="a JSON file written by export_archive")

    def handle(self, *args, file, verbosity, **options):
        try:
            count = import_archive(file)
        except OSError as error:
            raise CommandError(f"cannot read {file}: {error.strerror}. Nothing was imported.") from None
        except ArchiveError as error:
            raise CommandError(f"{file}: {error}. Nothing was imported.") from None
        self.stdout.write(f"imported {count} article(s) from {file}")

        def progress(indexed):
            if verbosity and sys.stderr.isatty():
                self.stderr.write(f"\r{indexed} articles indexed", ending="")

        try:
            index_imported(progress)
        except SearchUnavailable as error:
            raise CommandError(f"the search index was not built ({str(error)[:200]}); the articles are imported "
                               "and the next start of any command indexes them") from None
        if verbosity and sys.stderr.isatty():
            self.stderr.write("")
        self.stdout.write(f"indexed {count} article(s)")
