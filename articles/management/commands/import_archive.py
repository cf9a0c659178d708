from django.core.management.base import CommandError

from articles.management.base import ArchiveCommand
from articles.records.archive import ArchiveError, import_archive
from articles.search.indexing import batched


class Command(ArchiveCommand):
    help = ("Restore an export_archive file into an empty database (and index it): read and checked a record "
            "at a time, written in one transaction, so a refused file leaves nothing behind.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="a JSON file written by export_archive")

    def handle(self, *args, file, **options):
        try:
            with batched():
                count = import_archive(file)
        except OSError as error:
            raise CommandError(f"cannot read {file}: {error.strerror}. Nothing was imported.") from None
        except ArchiveError as error:
            raise CommandError(f"{file}: {error}. Nothing was imported.") from None
        self.stdout.write(f"imported {count} article(s) from {file}")
