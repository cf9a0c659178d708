import json
import sys
import time

from django.core.management.base import CommandError

from articles.management.base import ArchiveCommand
from articles.ingest import IngestError, run


def progress_bar(done, total, width=30):
    filled = int(width * done / total) if total else width
    return f"[{'#' * filled}{' ' * (width - filled)}] {done}/{total}"


class Command(ArchiveCommand):
    help = "Ingest raw article files (.txt, .html) and directories into the archive."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", default=["seeds"], help="files or directories (default: seeds/)")
        parser.add_argument("--dry-run", action="store_true", help="print what would be stored as JSON; write nothing")
        parser.add_argument("--max-bytes", type=int, default=None,
                            help="refuse files larger than this (default: NEWSROOM_MAX_FILE_BYTES, 5 MB)")
        parser.add_argument("--collection", default=None, metavar="NAME",
                            help="put every file into this collection (a moved folder names its old collection); "
                                 "by default each folder is its own collection, named after it")
        parser.add_argument("--restore-deleted", action="store_true",
                            help="store again the files whose articles editors deleted (skipped by default)")

    def handle(self, *args, paths, dry_run, max_bytes, verbosity, collection, restore_deleted, **options):
        interactive = sys.stderr.isatty() and verbosity >= 1
        done, total = [0], [0]

        def on_file(path, status, detail):
            done[0] += 1
            if status == "failed":
                self.stderr.write(("\n" if interactive and verbosity < 2 else "") + f"failed     {path}: {detail}")
            elif verbosity >= 2:
                self.stdout.write(f"{status:<10} {path}: {detail}")
            elif interactive:
                self.stderr.write(f"\r{progress_bar(done[0], total[0])} files", ending="")

        started = time.perf_counter()
        try:
            report = run(paths, dry_run=dry_run, max_bytes=max_bytes, on_file=on_file, collection=collection,
                         restore_deleted=restore_deleted, on_start=lambda count: total.__setitem__(0, count))
        except IngestError as error:
            raise CommandError(f"{error}. Nothing was ingested.") from None
        if interactive and verbosity < 2:
            self.stderr.write("")
        if dry_run:
            self.stdout.write(json.dumps(report.dry_run_output, ensure_ascii=False, indent=2))
        summary = report.summary()
        if report.kept_edits:
            summary += f"; kept {report.kept_edits} editor change(s)"
        elapsed = time.perf_counter() - started
        summary += f" — {elapsed:.1f} s, {report.files / elapsed:.0f} files/s" if elapsed and report.files else ""
        (self.stderr if dry_run else self.stdout).write(summary)
        if report.failed:
            raise CommandError(f"{report.failed} file(s) failed; the others were ingested. See the lines above.")
