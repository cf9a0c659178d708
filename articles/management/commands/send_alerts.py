from django.core.management.base import BaseCommand

from articles.web.alerts import send_due


class Command(BaseCommand):
    help = ("E-mail each saved search's new matches to its reader, one digest per search whose daily or weekly "
            "time has come (run it from cron, e.g. hourly); a search with nothing new sends nothing.")

    def add_arguments(self, parser):
        parser.add_argument("--site-url", default=None,
                            help="the archive's address for the digests' links (default: NEWSROOM_SITE_URL)")

    def handle(self, *args, site_url, verbosity, **options):
        def progress(saved, new):
            if verbosity > 1:
                self.stdout.write(f"  {saved.user.get_username()}: \u201c{saved.name}\u201d, {new} new")

        sent, checked = send_due(site_url=site_url, progress=progress)
        self.stdout.write(f"{checked} saved search(es) due: {sent} digest(s) sent")
