"""Long work leaves the request: the admin queues a Job, ``manage.py worker`` runs it, the admin shows it.

Pages are served on 127.0.0.1 by the test itself (``LocalSite``), as in the capture tests.
"""
from datetime import timedelta
import io
import os
import signal
import threading
import time

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
import pytest
from pytest_django.asserts import assertInHTML

from articles.capture import jobs
from articles.capture.localsite import LocalSite, Page
from articles.models import Article, Capture, Job

from .pages import BRIDGE, FERRY

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(settings):
    settings.NEWSROOM_CAPTURE_ALLOW_PRIVATE = True
    settings.NEWSROOM_CAPTURE_DELAY = 0
    settings.NEWSROOM_CAPTURE_BACKOFF = 0
    with LocalSite({"/robots.txt": Page(b"User-agent: *\n", content_type="text/plain"),
                    "/news/ferry": Page(FERRY), "/news/bridge": Page(BRIDGE)}) as served:
        yield served


def refused_address():
    """An address on 127.0.0.1 where nothing listens: the connection is refused."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/news/gone"


def worker(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("worker", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def make_job(addresses, items=(), **fields):
    return Job.objects.create(kind=jobs.CAPTURE, payload={"addresses": list(addresses)}, items=list(items), **fields)


def item(address, status, detail=""):
    return {"address": address, "status": status, "detail": detail, "at": timezone.now().isoformat()}


@pytest.mark.django_db(transaction=True)
def test_the_admin_queues_a_job_and_returns_without_fetching_then_the_worker_captures_each_address(
        site, admin_client):
    good, missing, refused = f"{site.url}/news/ferry", f"{site.url}/news/missing", refused_address()
    response = admin_client.post(reverse("admin:articles_capture_add_by_address"),
                                 {"addresses": f"{good}\n{missing}\n{refused}\n"})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("admin:articles_job_change", args=[job.pk])
    assert site.received == [] and not Capture.objects.exists()  # nothing fetched in the request
    assert (job.kind, job.state, job.created_by, job.items) == ("capture", "queued", "admin", [])
    assert job.payload["addresses"] == [good, missing, refused]
    page = admin_client.get(response["Location"])
    assert [str(m) for m in page.context["messages"]] == ["Queued: 3 addresses; the worker captures them"]
    assert "Queued: 3 addresses; the worker captures them" in page.content.decode()
    assert "0 of 3" in page.content.decode() and '<meta http-equiv="refresh" content="5">' in page.content.decode()

    out, err = worker("--once")
    job.refresh_from_db()
    assert job.state == "done" and job.finished_at and job.heartbeat
    outcomes = [(i["address"], i["status"]) for i in job.items]
    assert outcomes == [(good, "captured"), (missing, "failed"), (refused, "failed")]
    assert job.items[0]["detail"] == "Harbour board approves new ferry berth"
    assert job.items[1]["detail"] == f"{missing}: the server answered 404 Not Found"
    assert job.items[2]["detail"].startswith(f"{refused}: ") and "Connection refused" in job.items[2]["detail"]
    assert job.summary == "3 addresses: captured 1, updated 0, unchanged 0, duplicates 0, failed 2"
    assert Article.objects.get().title == "Harbour board approves new ferry berth"
    assert f"job #{job.pk} done: {job.summary}" in out and "1 of 3 captured" in out
    assert "2 of 3 failed" in err and "3 of 3 failed" in err

    page = admin_client.get(reverse("admin:articles_job_change", args=[job.pk])).content.decode()
    assert "<strong>3 of 3</strong> addresses done (done)." in " ".join(page.split())
    assert "http-equiv" not in page  # done: no more refreshing
    assertInHTML(f'<tr class="failed"><td>{missing}</td><td><strong>failed</strong></td>'
                 f'<td>{job.items[1]["detail"]}</td></tr>', page)


def test_a_single_address_is_queued_by_its_address_shown_as_written(admin_client):
    response = admin_client.post(reverse("admin:articles_capture_add_by_address"),
                                 {"addresses": "http://example.org/news/1"}, follow=True)
    message = "http://example.org/news/1: queued; the worker captures it"
    assert [str(m) for m in response.context["messages"]] == [message]
    page = response.content.decode()
    assert f'<li class="success">{message}</li>' in page and "Http://" not in page
    assert Job.objects.count() == 1


def test_the_job_page_shows_progress_and_each_addresss_outcome_while_it_runs(admin_client):
    addresses = ["https://a.example/1", "https://a.example/2", "https://a.example/3"]
    job = make_job(addresses, [item(addresses[0], "captured", "Ferry berth approved"),
                               item(addresses[1], "failed", "https://a.example/2: the server answered 404 Not Found")],
                   state=Job.State.RUNNING, started_at=timezone.now(), heartbeat=timezone.now())
    page = admin_client.get(reverse("admin:articles_job_change", args=[job.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and "<strong>2 of 3</strong> addresses done (running);" in " ".join(html.split())
    assert '<meta http-equiv="refresh" content="5">' in html and "worker-missing" not in html
    rows = [("captured", "captured", "Ferry berth approved"),
            ("failed", "<strong>failed</strong>", "https://a.example/2: the server answered 404 Not Found"),
            ("waiting", "waiting", "")]
    for address, (css, shown, detail) in zip(addresses, rows):
        assertInHTML(f'<tr class="{css}"><td>{address}</td><td>{shown}</td><td>{detail}</td></tr>', html)
    listing = admin_client.get(reverse("admin:articles_job_changelist")).content.decode()
    assert "2 of 3" in listing and "running" in listing
    assert 'name="_save"' not in html  # read-only
    assert admin_client.get(reverse("admin:articles_job_add")).status_code == 403


def test_waiting_jobs_with_no_worker_seen_say_how_to_start_it(admin_client):
    job = make_job(["https://a.example/1"])
    url = reverse("admin:articles_job_change", args=[job.pk])
    assert "worker-missing" not in admin_client.get(url).content.decode()  # just queued: a worker may come
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(minutes=2))
    for page in (url, reverse("admin:articles_job_changelist")):
        html = admin_client.get(page).content.decode()
        html = " ".join(html.split())
        assert "No worker has been seen in the last minute" in html and "<code>python manage.py worker</code>" in html
    make_job(["https://b.example/1"], state=Job.State.RUNNING, heartbeat=timezone.now())  # a worker busy
    assert "worker-missing" not in admin_client.get(url).content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_running_job_whose_worker_died_is_queued_again_and_goes_on_where_it_stopped(site):
    done, left = f"{site.url}/news/ferry", f"{site.url}/news/bridge"
    silent_since = timezone.now() - timedelta(minutes=5)
    job = make_job([done, left], [item(done, "captured", "Harbour board approves new ferry berth")],
                   state=Job.State.RUNNING, started_at=silent_since, heartbeat=silent_since)
    alive = make_job([left], state=Job.State.RUNNING, heartbeat=timezone.now())
    assert jobs.is_stale(job) and not jobs.is_stale(alive)

    recovered = jobs.recover_stale()
    assert [j.pk for j in recovered] == [job.pk]
    job.refresh_from_db()
    assert job.state == "queued" and job.summary.startswith("queued again: its worker stopped answering")
    alive.refresh_from_db()
    assert alive.state == "running"  # its worker still beats

    Job.objects.filter(pk=alive.pk).delete()
    out, _ = worker("--once")
    job.refresh_from_db()
    assert job.state == "done" and [i["status"] for i in job.items] == ["captured", "captured"]
    assert site.hits.get("/news/ferry") is None and site.hits["/news/bridge"] == 1  # the done one not again
    assert "resumed, 1 of 2 already done" in out
    assert job.started_at == silent_since


def test_a_job_whose_workers_keep_dying_fails_with_the_reason():
    silent_since = timezone.now() - timedelta(minutes=5)
    job = Job.objects.create(kind=jobs.CAPTURE, payload={"addresses": ["https://a.example/1"],
                                                         "attempts": jobs.MAX_ATTEMPTS},
                             state=Job.State.RUNNING, heartbeat=silent_since)
    jobs.recover_stale()
    job.refresh_from_db()
    assert job.state == "failed" and job.finished_at
    assert job.summary.startswith(f"failed: its worker stopped answering {jobs.MAX_ATTEMPTS} times")
    assert job.summary.endswith("0 of 1 done")


def test_jobs_are_claimed_oldest_first_and_only_once():
    first, second = make_job(["https://a.example/1"]), make_job(["https://a.example/2"])
    claimed = jobs.claim_next()
    assert claimed.pk == first.pk and claimed.state == "running" and claimed.payload["attempts"] == 1
    assert jobs.claim_next().pk == second.pk
    assert jobs.claim_next() is None


def test_a_job_of_an_unknown_kind_fails_and_the_worker_goes_on():
    job = Job.objects.create(kind="reindex")
    out, _ = worker("--once")
    job.refresh_from_db()
    assert job.state == "failed" and job.summary == "failed: ValueError: no worker runs jobs of kind 'reindex'"
    assert f"job #{job.pk} failed" in out


def run_worker_signalled(site, signals):
    """``worker --poll 0.1`` sent these signals as soon as /news/slow is asked for; its output."""
    asked = threading.Event()

    def signal_while_the_slow_page_is_fetched():
        while not asked.wait(0.01):
            if site.hits.get("/news/slow"):
                for number in signals:
                    os.kill(os.getpid(), number)
                    time.sleep(0.05)
                return

    threading.Thread(target=signal_while_the_slow_page_is_fetched, daemon=True).start()
    try:
        return worker("--poll", "0.1")[0]
    finally:
        asked.set()


@pytest.mark.django_db(transaction=True)
def test_a_stopped_worker_finishes_its_address_and_queues_the_rest_again(site):
    site.routes["/news/slow"] = Page(BRIDGE, delay=1.0)
    job = make_job([f"{site.url}/news/slow", f"{site.url}/news/ferry"])
    before = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    out = run_worker_signalled(site, [signal.SIGTERM])
    job.refresh_from_db()
    assert "SIGTERM: stopping after the current address" in out and out.rstrip().endswith("worker: stopped")
    assert job.state == "queued" and [i["status"] for i in job.items] == ["captured"]
    assert job.summary == "queued again: the worker stopped; 1 of 2 done are kept" and job.heartbeat is None
    assert site.hits.get("/news/ferry") is None
    assert (signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)) == before  # given back


@pytest.mark.django_db(transaction=True)
def test_a_second_signal_stops_the_worker_at_once_and_queues_its_job_again(site):
    site.routes["/news/slow"] = Page(BRIDGE, delay=5.0)
    job = make_job([f"{site.url}/news/slow", f"{site.url}/news/ferry"])
    started = time.monotonic()
    out = run_worker_signalled(site, [signal.SIGINT, signal.SIGTERM])
    assert time.monotonic() - started < 4  # the slow page was not waited for
    job.refresh_from_db()
    assert "worker: SIGTERM: stopped at once" in out
    assert job.state == "queued" and job.items == [] and not Capture.objects.exists()
    assert job.summary == "queued again: the worker stopped at once; 0 of 2 done are kept"
