"""Work too long for a request, kept as a ``Job`` row and run by ``manage.py worker``.

A small queue on the Job table, with no broker and no new dependency. A worker claims the oldest queued job
with a compare-and-swap update (queued → running), which is atomic on SQLite and PostgreSQL alike, so two
workers never run one job. While it runs, the job's heartbeat is written every few seconds and with each
address's outcome; a running job whose heartbeat has gone silent lost its worker (killed, crashed, the
machine restarted) and is queued again, to go on from the first address without an outcome — or failed with
the reason once its workers have died on it MAX_ATTEMPTS times.
"""
from datetime import timedelta
import logging
import threading

from django.db import connections
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from ..ingest.prepare import one_line
from ..models import Job

logger = logging.getLogger(__name__)

CAPTURE = "capture"
STALE_AFTER = timedelta(seconds=60)  # a running job silent this long has lost its worker
BEAT_EVERY = 10.0  # seconds between two heartbeats of a running job, however long one address takes
WAITING_TOO_LONG = timedelta(seconds=20)  # a queued job left this long while no job beats: no worker runs
MAX_ATTEMPTS = 3  # a job whose worker died this many times fails rather than kill the next one too
START_WORKER = "python manage.py worker"


def enqueue_capture(addresses, *, created_by=""):
    """A job capturing these addresses (in this order), for the worker."""
    return Job.objects.create(kind=CAPTURE, payload={"addresses": list(addresses)}, created_by=created_by[:150])


def claim_next():
    """The oldest queued job, now running for this worker; None when nothing waits.

    The update only succeeds while the row is still queued, so of two workers claiming one job, one wins
    and the other moves on to the next."""
    waiting = Job.objects.filter(state=Job.State.QUEUED).order_by("created_at", "pk")
    for pk in waiting.values_list("pk", flat=True)[:20]:
        now = timezone.now()
        claimed = Job.objects.filter(pk=pk, state=Job.State.QUEUED).update(
            state=Job.State.RUNNING, started_at=Coalesce("started_at", now), heartbeat=now)
        if claimed:
            job = Job.objects.get(pk=pk)
            job.payload["attempts"] = job.payload.get("attempts", 0) + 1
            Job.objects.filter(pk=pk).update(payload=job.payload)
            return job
    return None


def recover_stale():
    """Requeue (or, after MAX_ATTEMPTS, fail) every running job whose worker stopped beating; the jobs."""
    now = timezone.now()
    silent = Q(heartbeat__lt=now - STALE_AFTER) | Q(heartbeat__isnull=True)
    recovered = []
    for job in Job.objects.filter(silent, state=Job.State.RUNNING):
        last = timezone.localtime(job.heartbeat).strftime("%Y-%m-%d %H:%M:%S") if job.heartbeat else "never"
        done, total = progress(job)
        if job.payload.get("attempts", 1) >= MAX_ATTEMPTS:
            change = {"state": Job.State.FAILED, "finished_at": now, "summary": (
                f"failed: its worker stopped answering {job.payload.get('attempts', 1)} times "
                f"(last heartbeat {last}), {done} of {total} done")}
        else:
            change = {"state": Job.State.QUEUED, "summary": (
                f"queued again: its worker stopped answering (last heartbeat {last}); "
                f"{done} of {total} done are kept")}
        # only if no worker beat or finished it since it was read
        if Job.objects.filter(pk=job.pk, state=Job.State.RUNNING, heartbeat=job.heartbeat).update(**change):
            for name, value in change.items():
                setattr(job, name, value)
            recovered.append(job)
    return recovered


def run(job, *, stop=None, on_item=None):
    """Run a claimed job to its end: done (each address's outcome in ``items``, even a failed one), failed
    (the job itself could not run, with the reason), or queued again when ``stop`` is set midway, to go on
    from where it stopped. ``on_item(job, item)`` hears each outcome as it is recorded."""
    runner = RUNNERS.get(job.kind)
    stop = stop or threading.Event()
    with Heartbeat(job.pk):
        try:
            if runner is None:
                raise ValueError(f"no worker runs jobs of kind {job.kind!r}")
            finished = runner(job, stop=stop, on_item=on_item)
        except Exception as error:  # the job fails with its reason; the worker goes on to the next one
            logger.exception("job %s failed", job.pk)
            return _finish(job, Job.State.FAILED, f"failed: {one_line(error)}")
        except BaseException:  # the worker told to stop at once: the address it was on is done again later
            done, total = progress(job)
            _finish(job, Job.State.QUEUED, f"queued again: the worker stopped at once; {done} of {total} done are kept")
            raise
    if not finished:
        done, total = progress(job)
        return _finish(job, Job.State.QUEUED, f"queued again: the worker stopped; {done} of {total} done are kept")
    return _finish(job, Job.State.DONE, job.summary)


def _finish(job, state, summary):
    job.state, job.summary = state, summary
    requeued = state == Job.State.QUEUED  # no worker holds it now: its heartbeat says so
    job.finished_at = None if requeued else timezone.now()
    job.heartbeat = None if requeued else timezone.now()
    Job.objects.filter(pk=job.pk).update(state=job.state, summary=job.summary, finished_at=job.finished_at,
                                         heartbeat=job.heartbeat)
    return job


def run_capture(job, *, stop, on_item):
    """Capture the job's addresses not yet done, recording each outcome as it comes; False when stopped. Pages
    are rendered in headless Chromium when ``NEWSROOM_CAPTURE_BROWSER`` says so."""
    from .archive import CaptureReport, capture_urls
    from .rendering import browser_for_run

    done = {item["address"] for item in job.items}
    left = [address for address in job.payload.get("addresses", []) if address not in done]

    def record(url, status, detail):
        item = {"address": url, "status": status, "detail": detail, "at": timezone.now().isoformat()}
        job.items.append(item)
        Job.objects.filter(pk=job.pk).update(items=job.items, heartbeat=timezone.now())
        if on_item:
            on_item(job, item)

    with browser_for_run() as browser:
        capture_urls((address for address in left if not stop.is_set()), on_url=record, browser=browser)
    report = CaptureReport()
    for item in job.items:
        setattr(report, item["status"], getattr(report, item["status"], 0) + 1)
    job.summary = report.summary()
    return len(job.items) >= len(job.payload.get("addresses", []))


RUNNERS = {CAPTURE: run_capture}


class Heartbeat:
    """Writes a running job's heartbeat every BEAT_EVERY seconds from a thread of its own, so one address
    slow to answer (retries, backoff) never makes a live job look dead."""

    def __init__(self, pk):
        self.pk = pk
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._beat, name=f"job-{pk}-heartbeat", daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stopped.set()
        self.thread.join()

    def _beat(self):
        try:
            while not self.stopped.wait(BEAT_EVERY):
                try:
                    Job.objects.filter(pk=self.pk, state=Job.State.RUNNING).update(heartbeat=timezone.now())
                except Exception:  # a missed beat is only a late one (the database busy): the next one tries again
                    logger.warning("job %s: the heartbeat could not be written", self.pk, exc_info=True)
        finally:
            connections.close_all()  # this thread's own connections


# -- what the admin shows ------------------------------------------------------------------------------
def progress(job):
    """(addresses with an outcome, addresses in all)."""
    return len(job.items), len(job.payload.get("addresses", []))


def outcomes(job):
    """Every address of the job with its outcome, in the job's order; "waiting" for those not reached yet."""
    reached = {item["address"]: item for item in job.items}
    return [reached.get(address, {"address": address, "status": "waiting", "detail": ""})
            for address in job.payload.get("addresses", [])]


def is_stale(job):
    """A running job whose worker has not beaten within STALE_AFTER: the next worker to look queues it again."""
    return job.state == Job.State.RUNNING and (job.heartbeat is None or job.heartbeat < timezone.now() - STALE_AFTER)


def worker_missing():
    """True when a job has waited WAITING_TOO_LONG and no job beat within STALE_AFTER: no worker is running
    (a worker asks for work every few seconds, and a busy one beats)."""
    now = timezone.now()
    waiting = Job.objects.filter(state=Job.State.QUEUED, created_at__lt=now - WAITING_TOO_LONG).exists()
    return waiting and not Job.objects.filter(heartbeat__gte=now - STALE_AFTER).exists()
