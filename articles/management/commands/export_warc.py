import os
from pathlib import Path

from django.core.management.base import CommandError

from articles.management.base import ArchiveCommand
from django.http import QueryDict

from articles.models import Article, Capture
from articles.warc.export import warc_chunks
from articles.web.filters import ArticleSearchFilter
from articles.web.replay import captures_of
from articles.web.searchpage import all_matching_ids


class Command(ArchiveCommand):
    help = ("Write captures to one WARC file (for pywb, SolrWayback or the Internet Archive's tools): all of them, "
            "or those of a search's articles.")

    def add_arguments(self, parser):
        parser.add_argument("output", type=Path, help="the .warc.gz file to write")
        parser.add_argument("--search", default="", metavar="PARAMETERS",
                            help='a search as in the page address, e.g. "q=ferry&country=KE"')

    def handle(self, *args, output, search, **options):
        if search:
            filterset = ArticleSearchFilter(QueryDict(search), queryset=Article.objects.newest_first())
            if not filterset.is_valid():
                raise CommandError(f"--search {search!r}: {filterset.errors.as_text()}")
            captures = captures_of(all_matching_ids(filterset))
        else:
            captures = Capture.objects.only("pk", "warc_file", "warc_offset", "warc_length").order_by("pk").iterator()
        missing, count = [], 0
        partial = output.with_name(output.name + ".part")
        try:
            with open(partial, "wb") as handle:
                for chunk in warc_chunks(captures, output.name, missing):
                    handle.write(chunk)
                    count += 1
            os.replace(partial, output)
        except OSError as error:
            partial.unlink(missing_ok=True)
            raise CommandError(f"cannot write {output}: {error.strerror}") from None
        for capture, reason in missing:
            self.stderr.write(f"left out capture {capture.pk}: {reason}")
        self.stdout.write(f"wrote {count - 1} capture(s) to {output}")
        if missing:
            raise CommandError(f"{len(missing)} capture(s) left out: their WARC files are missing or damaged")
