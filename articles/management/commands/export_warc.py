import os
from pathlib import Path

from django.core.management.base import CommandError
from django.db.models import F
from django.http import QueryDict

from articles.management.base import ArchiveCommand
from articles.models import Article, Capture
from articles.warc.export import warc_chunks
from articles.warc.wacz import write_wacz
from articles.web.filters import ArticleSearchFilter
from articles.web.replay import EXPORTED_FIELDS, captures_of
from articles.web.searchpage import all_matching_ids

PROGRESS_EVERY = 1000  # captures between two progress lines


class Command(ArchiveCommand):
    help = ("Write captures to one WARC file (for pywb, SolrWayback or the Internet Archive's tools), or to a WACZ "
            "file (for ReplayWeb.page): all of them, or those of a search's articles.")

    def add_arguments(self, parser):
        parser.add_argument("output", type=Path, nargs="?", help="the .warc.gz file to write")
        parser.add_argument("--wacz", type=Path, metavar="OUT.wacz",
                            help="write a WACZ file (the WARC with its index and list of pages) instead")
        parser.add_argument("--search", default="", metavar="PARAMETERS",
                            help='a search as in the page address, e.g. "q=ferry&country=KE"')

    def handle(self, *args, output, wacz, search, verbosity, **options):
        if (output is None) == (wacz is None):
            raise CommandError("give the .warc.gz file to write, or --wacz OUT.wacz (one of the two)")
        if wacz is not None and wacz.suffix.lower() != ".wacz":
            raise CommandError(f"{wacz}: a WACZ file's name ends in .wacz")
        captures, total = self._captures(search)
        target, missing = wacz or output, []

        def progress(count):
            if verbosity and count % PROGRESS_EVERY == 0:
                self.stdout.write(f"{count:,} of {total:,} captures read")

        try:
            if wacz is not None:
                count = write_wacz(wacz, captures, missing=missing, on_capture=progress)
            else:
                count = _write_warc(output, captures, missing, progress)
        except OSError as error:
            raise CommandError(f"cannot write {target}: {error.strerror or error}") from None
        for capture, reason in missing:
            self.stderr.write(f"left out capture {capture.pk}: {reason}")
        self.stdout.write(f"wrote {count} capture(s) to {target}")
        if missing:
            raise CommandError(f"{len(missing)} capture(s) left out: their WARC files are missing or damaged")

    def _captures(self, search):
        """(the captures to write, how many there are): all of them, or a search's."""
        if not search:
            captures = Capture.objects.annotate(title=F("article__title")).only(*EXPORTED_FIELDS).order_by("pk")
            return captures.iterator(chunk_size=500), captures.count()
        filterset = ArticleSearchFilter(QueryDict(search), queryset=Article.objects.newest_first())
        if not filterset.is_valid():
            raise CommandError(f"--search {search!r}: {filterset.errors.as_text()}")
        captures = captures_of(all_matching_ids(filterset))
        return captures, len(captures)


def _write_warc(output, captures, missing, progress):
    """Write the captures to ``output`` as one WARC, whole or not at all; returns how many were written."""
    partial, count = output.with_name(output.name + ".part"), 0
    try:
        with open(partial, "wb") as handle:
            for chunk in warc_chunks(captures, output.name, missing):
                handle.write(chunk)
                count += 1
                if count > 1:
                    progress(count - 1)
        os.replace(partial, output)
    except OSError:
        partial.unlink(missing_ok=True)
        raise
    return count - 1  # the first chunk is the warcinfo record; a capture left out yields none
