import os
from pathlib import Path
import sys

from django.core.management.base import CommandError
from django.db import DatabaseError

from articles.management.base import ArchiveCommand
from articles.records.archive import export_archive


class Command(ArchiveCommand):
    help = ("Write the whole archive as JSON (the backup format), a chunk of articles at a time, from one "
            "consistent view of the database.")

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="file to write (default: standard output); written under a "
                                                   "temporary name and renamed when complete")

    def handle(self, *args, output, **options):
        if not output:
            self._export(sys.stdout, "standard output")
            return
        target = Path(output)
        partial = target.with_name(f".{target.name}.partial-{os.getpid()}")
        try:
            with open(partial, "w", encoding="utf-8", buffering=1 << 20) as handle:
                count = self._export(handle, output)
            os.replace(partial, target)
        except OSError as error:
            raise CommandError(f"cannot write {output}: {error.strerror}") from None
        finally:
            partial.unlink(missing_ok=True)
        if options["verbosity"]:
            self.stderr.write(f"wrote {count} article(s) to {output}")

    def _export(self, handle, where):
        try:
            return export_archive(handle)
        except DatabaseError as error:
            first = (str(error).strip().splitlines() or [type(error).__name__])[0][:200]
            raise CommandError(f"cannot read the archive for {where}: {first}") from None
