"""The base of the commands that read or write the archive."""
from django.core.management.base import BaseCommand

from articles.search.outbox import drain_left_behind


class ArchiveCommand(BaseCommand):
    """A command that first indexes what a crash left in the index outbox, so whatever it reads or reports
    about the index starts from an index true to the database."""

    def execute(self, *args, **options):
        drain_left_behind()
        return super().execute(*args, **options)
