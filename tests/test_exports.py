"""Exports: anonymous ones run NEWSROOM_EXPORT_CONCURRENCY at a time across every worker process (past that they
are answered 429 with Retry-After), a slot is given back however the response ends and taken over once a killed
worker's expires; rows are read as plain values, byte for byte what model instances gave; no export publishes a
password in an address."""
import csv
import gc
import io
import json
import os
from pathlib import Path
import subprocess
import sys
import time

from django.contrib.auth import get_user_model
from django.core.cache import caches
import pytest

from articles.web.exportbudget import CACHE, SLOT_KEY
from newsroom.filecache import LockedFileCache

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent

# Another worker process: takes an export slot (kept SECONDS) through the same settings, says so, and holds it
# until its standard input closes, then gives it back.
OTHER_WORKER = """
import sys
import django; django.setup()
from articles.web import exportbudget
exportbudget.SLOT_SECONDS = float(sys.argv[1])
slot = exportbudget.ExportSlot()
print("held" if slot.acquire() else "refused", flush=True)
sys.stdin.read()
slot.release()
"""


@pytest.fixture
def budget(settings):
    settings.NEWSROOM_EXPORT_CONCURRENCY = 2
    settings.NEWSROOM_EXPORT_RETRY_AFTER = 7
    return settings


@pytest.fixture
def other_worker(settings, tmp_path):
    """Starts another process sharing this one's export slots (the same data directory's file cache)."""
    data = tmp_path / "data"
    settings.CACHES = {**settings.CACHES, "exports": {"BACKEND": "newsroom.filecache.LockedFileCache",
                                                      "LOCATION": str(data / "export-slots")}}
    started = []

    def start(seconds=60):
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "newsroom.settings", "NEWSROOM_DATA_DIR": str(data),
               "NEWSROOM_EXPORT_CONCURRENCY": str(settings.NEWSROOM_EXPORT_CONCURRENCY)}
        process = subprocess.Popen([sys.executable, "-c", OTHER_WORKER, str(seconds)], cwd=ROOT, env=env,
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        started.append(process)
        assert process.stdout.readline().strip() == "held"
        return process

    yield start
    for process in started:
        process.kill()
        process.wait()


def drain(response):
    return b"".join(response.streaming_content)


def test_the_export_past_the_limit_across_processes_gets_429_with_retry_after(seeded, client, budget,
                                                                               other_worker):
    other = other_worker()  # one export running in another worker
    running = client.get("/export.json", {"q": "Chongqing"})
    assert running.status_code == 200
    refused = client.get("/export.csv")
    assert refused.status_code == 429 and refused["Retry-After"] == "7"
    assert client.get("/export.warc.gz").status_code == 429
    assert client.get("/api/search").status_code == 200  # only the exports are counted
    other.communicate("")  # the other worker's export ends: its place is free again
    again = client.get("/export.csv")
    assert again.status_code == 200 and drain(again).startswith(b"slug,title")
    assert drain(running).startswith(b'{"count": ')
    assert caches[CACHE].get(SLOT_KEY % 0) is None and caches[CACHE].get(SLOT_KEY % 1) is None


def test_an_export_read_to_its_end_gives_its_place_back(seeded, client, budget):
    budget.NEWSROOM_EXPORT_CONCURRENCY = 1
    first = client.get("/export.csv")
    assert client.get("/export.csv").status_code == 429
    assert drain(first).startswith(b"slug,title")
    again = client.get("/export.csv")
    assert again.status_code == 200
    drain(again)


def test_an_export_closed_before_its_end_gives_its_place_back(seeded, client, budget):
    budget.NEWSROOM_EXPORT_CONCURRENCY = 1
    abandoned = client.get("/export.csv")
    assert client.get("/export.csv").status_code == 429
    abandoned.close()  # the client went away: the server closes the response
    assert caches[CACHE].get(SLOT_KEY % 0) is None
    assert client.get("/export.csv").status_code == 200


def test_an_export_dropped_unclosed_gives_its_place_back_once_collected(seeded, client, budget):
    budget.NEWSROOM_EXPORT_CONCURRENCY = 1
    dropped = client.get("/export.csv")
    assert client.get("/export.csv").status_code == 429
    del dropped
    gc.collect()
    assert client.get("/export.csv").status_code == 200


def test_a_killed_workers_slot_expires_and_is_taken_over(seeded, client, budget, other_worker):
    budget.NEWSROOM_EXPORT_CONCURRENCY = 1
    other = other_worker(seconds=1)
    other.kill()  # killed mid-export: nothing gives its slot back
    other.wait()
    assert client.get("/export.csv").status_code == 429
    time.sleep(1.2)
    taken_over = client.get("/export.csv")
    assert taken_over.status_code == 200
    assert caches[CACHE].get(SLOT_KEY % 0) is not None  # now this export's
    drain(taken_over)
    assert caches[CACHE].get(SLOT_KEY % 0) is None


def test_two_clients_of_one_file_cache_share_its_keys_and_expiry(tmp_path):
    first, second = (LockedFileCache(str(tmp_path / "slots"), {}) for _ in range(2))
    assert first.add("slot", "first's", 1) and not second.add("slot", "second's", 60)
    time.sleep(1.1)
    assert second.add("slot", "second's", 60) and first.get("slot") == "second's"


# Processes adding the same 300 keys at once: each prints how many it took.
ADDERS = """
import sys
from django.conf import settings; settings.configure()
from newsroom.filecache import LockedFileCache
slots = LockedFileCache(sys.argv[1], {"OPTIONS": {"MAX_ENTRIES": 10_000}})
print(sum(slots.add(f"key-{n}", sys.argv[2], 60) for n in range(300)))
"""


def test_processes_adding_the_same_keys_at_once_take_each_exactly_once(tmp_path):
    processes = [subprocess.Popen([sys.executable, "-c", ADDERS, str(tmp_path / "slots"), str(n)], cwd=ROOT,
                                  stdout=subprocess.PIPE, text=True) for n in range(4)]
    assert sum(int(process.communicate()[0]) for process in processes) == 300


def test_signed_in_exports_are_not_counted(seeded, client, budget):
    budget.NEWSROOM_EXPORT_CONCURRENCY = 1
    client.force_login(get_user_model().objects.create_user("reader", "r@example.org", "a-long-password-42"))
    responses = [client.get("/export.csv") for _ in range(3)]
    assert [r.status_code for r in responses] == [200, 200, 200]
    for response in responses:
        drain(response)


def test_an_address_with_a_password_stored_before_it_was_refused_is_exported_without_it(seeded, client):
    import json

    from articles.models import Article

    Article.objects.filter(pk=Article.objects.order_by("pk").first().pk).update(
        source_url="https://editor:hunter2@courier.example/news/ferry")
    data = json.loads(drain(client.get("/export.json")))
    assert "https://courier.example/news/ferry" in [row["source_url"] for row in data["articles"]]
    assert b"hunter2" not in drain(client.get("/export.csv")) and "hunter2" not in json.dumps(data)


# Export rows ---------------------------------------------------------------------------------------------------
def _reference_rows(ids, absolute, *, body=False):
    """The rows as exports made them from model instances with their prefetches, kept as the test's measure."""
    from articles.capture.addresses import without_credentials
    from articles.models import Article

    found = Article.objects.listed().select_related("publisher", "story__original").prefetch_related(
        "countries", "outlets", "delegations", "quotes__speaker", "quotes__outlet").in_bulk(ids)
    for pk in ids:
        article = found.get(pk)
        if article is None:
            continue
        quotes = sorted(article.quotes.all(), key=lambda q: (q.paragraph, q.start))
        row = {
            "slug": article.slug, "title": article.title,
            "published": article.published.isoformat() if article.published else None,
            "date_source": article.date_source, "publisher": article.publisher.name if article.publisher else None,
            "countries": sorted(c.code for c in article.countries.all()),
            "outlets": sorted(o.name for o in article.outlets.all()),
            "delegations": sorted(d.name for d in article.delegations.all()),
            "quotes": [{"text": q.text, "speaker": q.speaker.name if q.speaker else None,
                        "source_organisation": q.outlet.name if q.outlet else None} for q in quotes],
            "source_url": without_credentials(article.source_url) if article.source_url else None,
            "url": absolute(article.get_absolute_url()),
            "story": article.story_id,
            "story_original": absolute(article.story.original.get_absolute_url())
            if article.story_id and article.story.original_id else None,
        }
        if body:
            row["body"] = article.body
        yield row


@pytest.fixture
def mixed_archive(django_capture_on_commit_callbacks):
    """300 synthetic articles, the seeds, and the odd cases: no date, no publisher, a password in the address,
    a formula for a title, quotes in one place and an unattributed one with only an outlet."""
    from django.core.management import call_command

    from articles.ingest import run
    from articles.models import Article, Outlet, Quote

    from .conftest import SEEDS

    call_command("load_synthetic", articles=300, stdout=io.StringIO(), stderr=io.StringIO())
    with django_capture_on_commit_callbacks(execute=True):
        assert run([SEEDS]).created == 5
    odd = Article.objects.filter(slug__startswith="synthetic-").order_by("pk")
    Article.objects.filter(pk=odd[0].pk).update(published=None, publisher=None, date_source="unknown",
                                                title='=HYPERLINK("x") "quoted", comma')
    Article.objects.filter(pk=odd[1].pk).update(source_url="https://editor:hunter2@courier.example/news/ferry")
    outlet = Outlet.objects.order_by("pk").first()
    Quote.objects.bulk_create([Quote(article=odd[2], text=f"Said in one place {n}.", paragraph=1, start=5)
                               for n in (3, 1, 2)] + [Quote(article=odd[2], text="Only the outlet.", outlet=outlet)])
    return list(Article.objects.order_by("-published", "-pk").values_list("pk", flat=True))


def test_export_bytes_are_the_same_as_from_model_instances(mixed_archive, monkeypatch):
    from articles.web import exports

    def absolute(path):
        return "http://testserver" + path

    ids = [*mixed_archive[:250], 987654321, *mixed_archive[250:]]  # an article deleted while exporting
    made = ("".join(exports.csv_lines(ids, absolute, total=400)), "".join(exports.json_chunks(ids, absolute)))
    monkeypatch.setattr(exports, "_rows", _reference_rows)
    expected = ("".join(exports.csv_lines(ids, absolute, total=400)), "".join(exports.json_chunks(ids, absolute)))
    assert len(mixed_archive) == 305 and made[0].count("\n") > 305 and '"text": "Only the outlet."' in made[1]
    quoted = {row["slug"]: len(row["quotes"]) for row in json.loads(made[1])["articles"]}
    for row in csv.DictReader(io.StringIO(made[0])):
        if not row["slug"].startswith("#"):
            assert int(row["quote_count"]) == quoted[row["slug"]]
            assert row["quotes_url"].endswith(f"/quotes/?article={row['slug']}") == bool(quoted[row["slug"]])
    assert made == expected


def test_export_rows_are_read_in_a_few_queries_per_chunk(mixed_archive, django_assert_num_queries):
    from articles.web.exports import CHUNK, _rows

    with django_assert_num_queries(5 * -(-len(mixed_archive) // CHUNK)):
        rows = list(_rows(mixed_archive, str, body=True))
    assert len(rows) == len(mixed_archive)
