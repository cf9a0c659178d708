import signal
import threading

from django.db import close_old_connections, connection

from articles.capture import jobs
from articles.management.base import ArchiveCommand


class StopAtOnce(BaseException):
    """A second SIGTERM or SIGINT: the worker leaves the address it is on (a BaseException, so no capture code
    takes it for a failure of that address)."""


class Command(ArchiveCommand):
    help = ("Run the queued jobs (the admin's \"Add by address\"), one at a time, recording each address's outcome; "
            "started beside the server by make serve and make production.")

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="run the jobs queued now, then exit")
        parser.add_argument("--poll", type=float, default=2.0, metavar="SECONDS",
                            help="seconds between two looks for new jobs when none waits (default 2; keep it well "
                                 "under 20, or the admin reports the worker missing while it sleeps)")

    def handle(self, *args, once, poll, verbosity, **options):
        stop = threading.Event()
        previous = {}

        def stopping(signum, frame):
            name = signal.Signals(signum).name
            if stop.is_set():  # a second signal: at once, the job queued again with the addresses done
                raise StopAtOnce(name)
            self.stdout.write(f"worker: {name}: stopping after the current address (again: at once)")
            stop.set()

        if threading.current_thread() is threading.main_thread():  # only the main thread hears signals
            for number in (signal.SIGTERM, signal.SIGINT):
                previous[number] = signal.signal(number, stopping)
        try:
            self._loop(stop, once, poll, verbosity)
        except StopAtOnce as signalled:
            self.stdout.write(f"worker: {signalled}: stopped at once")
        finally:
            for number, handler in previous.items():
                signal.signal(number, handler)

    def _loop(self, stop, once, poll, verbosity):
        if verbosity >= 1:
            self.stdout.write("worker: waiting for jobs" if not once else "worker: running the queued jobs")
        while not stop.is_set():
            if not connection.in_atomic_block:  # as after a request: a connection the database dropped is renewed
                close_old_connections()
            for job in jobs.recover_stale():
                self.stderr.write(f"worker: job #{job.pk}: {job.summary}")
            job = jobs.claim_next()
            if job is None:
                if once:
                    break
                stop.wait(poll)
                continue
            done, total = jobs.progress(job)
            self.stdout.write(f"job #{job.pk} ({job.kind}, {total} address{'' if total == 1 else 'es'}, "
                              f"by {job.created_by or 'unknown'}): "
                              + (f"resumed, {done} of {total} already done" if done else "started"))

            def on_item(job, item, total=total):
                if item["status"] == "failed":
                    self.stderr.write(f"  {len(job.items)} of {total} failed     {item['detail']}")
                elif verbosity >= 1:
                    self.stdout.write(f"  {len(job.items)} of {total} {item['status']:<10} {item['address']}: "
                                      f"{item['detail']}")

            job = jobs.run(job, stop=stop, on_item=on_item)
            self.stdout.write(f"job #{job.pk} {job.state}: {job.summary}")
        if verbosity >= 1:
            self.stdout.write("worker: stopped")
