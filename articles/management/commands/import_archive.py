import json

from django.core.management.base import CommandError

from articles.management.base import ArchiveCommand
from articles.archive import ArchiveError, import_archive
from articles.search.indexing import batched


class Command(ArchiveCommand):
    help = "Restore an export_archive file into an empty database (and index it)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="a JSON file written by export_archive")

    def handle(self, *args, file, **options):
        try:
            with open(file, encoding="utf-8") as handle:
                data = json.load(handle)
        except OSError as error:
            raise CommandError(f"cannot read {file}: {error.strerror}") from None
        except json.JSONDecodeError as error:
            raise CommandError(f"{file} is not JSON ({error.msg} at line {error.lineno})") from None
        except RecursionError:
            raise CommandError(f"{file} is nested too deeply to be a newsroom archive. Nothing was imported.") from None
        except UnicodeDecodeError:
            raise CommandError(f"{file} is not UTF-8 text. Nothing was imported.") from None
        try:
            with batched():
                count = import_archive(data)
        except ArchiveError as error:
            raise CommandError(f"{file}: {error}. Nothing was imported.") from None
        self.stdout.write(f"imported {count} article(s) from {file}")
