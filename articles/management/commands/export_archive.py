import json
import sys

from django.core.management.base import CommandError

from articles.management.base import ArchiveCommand
from articles.archive import export_archive


class Command(ArchiveCommand):
    help = "Write the whole archive as JSON (the backup format)."

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="file to write (default: standard output)")

    def handle(self, *args, output, **options):
        text = json.dumps(export_archive(), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        if not output:
            sys.stdout.write(text)
            return
        try:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
        except OSError as error:
            raise CommandError(f"cannot write {output}: {error.strerror}") from None
        self.stderr.write(f"wrote {output}")
