"""Exports: anonymous ones run a few at a time, per process and across the workers sharing the cache (past
that they are answered 429 with Retry-After), and no export publishes a password in an address."""
from django.contrib.auth import get_user_model
from django.core.cache import cache
import pytest

from articles.web.exports import SLOT_KEY

pytestmark = pytest.mark.django_db


@pytest.fixture
def budget(settings):
    settings.NEWSROOM_EXPORT_CONCURRENCY = 2
    settings.NEWSROOM_EXPORT_SHARED_CONCURRENCY = 4
    settings.NEWSROOM_EXPORT_RETRY_AFTER = 7
    return settings


def drain(response):
    return b"".join(response.streaming_content)


def test_exports_past_the_process_limit_get_429_until_one_ends(seeded, client, budget):
    running = [client.get("/export.csv"), client.get("/export.json", {"q": "Chongqing"})]
    assert [r.status_code for r in running] == [200, 200]
    refused = client.get("/export.csv")
    assert refused.status_code == 429 and refused["Retry-After"] == "7"
    assert client.get("/export.warc.gz").status_code == 429
    assert client.get("/api/search").status_code == 200  # only the exports are counted
    assert drain(running[0]).startswith(b"slug,title")  # the first one ends: its place is free again
    again = client.get("/export.csv")
    assert again.status_code == 200 and drain(again).startswith(b"slug,title")
    drain(running[1])


def test_exports_past_the_shared_limit_get_429(seeded, client, budget):
    for number in range(3):  # three exports running in other workers
        cache.add(SLOT_KEY % number, f"another worker {number}", 60)
    first = client.get("/export.json")
    assert first.status_code == 200
    assert client.get("/export.json").status_code == 429
    drain(first)
    assert cache.get(SLOT_KEY % 3) is None  # given back when it ended
    assert client.get("/export.json").status_code == 200


def test_an_export_closed_before_its_end_gives_its_place_back(seeded, client, budget):
    budget.NEWSROOM_EXPORT_CONCURRENCY = 1
    abandoned = client.get("/export.csv")
    assert client.get("/export.csv").status_code == 429
    abandoned.close()  # the client went away: the server closes the response
    assert client.get("/export.csv").status_code == 200


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
