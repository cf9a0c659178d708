from axes.utils import reset
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "End a login lockout: of a user name (from every address), or of an address (--address)."

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="?", help="the locked-out user name")
        parser.add_argument("--address", help="an IP address whose failed log-ins are forgotten")

    def handle(self, *args, username, address, **options):
        if not username and not address:
            raise CommandError("name a user name, or an address with --address")
        removed = reset(username=username) if username else 0
        removed += reset(ip=address) if address else 0
        self.stdout.write(f"forgot {removed} record(s) of failed log-ins; {username or address} may log in again")
