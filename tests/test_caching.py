"""Readers' pages carry validators and are answered 304 while nothing changed; editors always get fresh pages."""
import pytest
from django.contrib.auth import get_user_model

from articles.models import Article

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_unchanged_public_page_is_answered_304_and_a_change_shows_at_once(seeded, client, settings):
    settings.NEWSROOM_PUBLIC_MAX_AGE = 30
    article = Article.objects.get(source_file__startswith="000_")
    for url in ("/", "/?q=Chongqing", article.get_absolute_url(), "/outlets/", "/api/search?q=Chongqing"):
        first = client.get(url)
        assert first.status_code == 200 and first["ETag"].startswith('"'), url
        assert "public" in first["Cache-Control"] and "max-age=30" in first["Cache-Control"]
        assert "Cookie" in first["Vary"] and first["Last-Modified"]
        again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304 and again.content == b"", url
    etag = client.get("/?q=Chongqing")["ETag"]
    article.title = "Zanzibarian headline"
    article.save()
    changed = client.get("/?q=Zanzibarian", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag and b"Zanzibarian headline" in changed.content


def test_one_transaction_bumps_the_counter_once(seeded):
    from django.db import transaction

    from articles.models import ArchiveChange

    before = ArchiveChange.objects.get(pk=1).counter
    with transaction.atomic():
        for article in Article.objects.all():
            article.title += "!"
            article.save()
    assert ArchiveChange.objects.get(pk=1).counter == before + 1
    with pytest.raises(RuntimeError), transaction.atomic():
        Article.objects.first().save()
        raise RuntimeError("rolled back")
    Article.objects.first().save()  # after a rollback, changes are still counted
    assert ArchiveChange.objects.get(pk=1).counter == before + 2


def test_the_state_reads_the_counter_row_as_the_orm_does(db):
    from articles.records import freshness
    from articles.models import ArchiveChange

    ArchiveChange.objects.filter(pk=1).delete()
    assert freshness._counters() == (0, None, 0)
    ArchiveChange.objects.create(pk=1, counter=7, names_counter=3)
    ArchiveChange.objects.filter(pk=1).update(changed_at="2026-11-30T19:48:36.123456+00:00")
    counters = freshness._counters()
    assert counters == ArchiveChange.objects.values_list("counter", "changed_at", "names_counter").get(pk=1)
    assert counters[1].utcoffset().total_seconds() == 0 and counters[1].microsecond == 123456
    etag, changed_at, names = freshness.state()
    assert changed_at == counters[1] and names == 3 and etag.startswith('"')


def test_an_ingest_bumps_the_counter_about_once_a_second_and_at_its_end(seeded, tmp_path, monkeypatch):
    from articles.records import freshness
    from articles.ingest import run
    from articles.models import ArchiveChange

    for number in range(6):
        (tmp_path / f"story-{number}.txt").write_text(
            f"Harbour story number {number}\n\nThe harbour board met on Tuesday about berth {number}.\n", "utf-8")
    before = ArchiveChange.objects.get(pk=1).counter
    assert run([tmp_path]).created == 6
    assert ArchiveChange.objects.get(pk=1).counter == before + 1  # six files in well under a second: once

    monkeypatch.setattr(freshness, "SETTLE_SECONDS", 0.0)  # a slow ingest: a bump between its files
    for number in range(6):
        (tmp_path / f"story-{number}.txt").write_text(
            f"Harbour story {number}, revised\n\nThe harbour board met again about berth {number}.\n", "utf-8")
    before = ArchiveChange.objects.get(pk=1).counter
    assert run([tmp_path]).updated == 6
    assert ArchiveChange.objects.get(pk=1).counter == before + 6
    Article.objects.first().save()  # after the ingest, each transaction bumps again
    assert ArchiveChange.objects.get(pk=1).counter == before + 7


def test_editors_and_private_archives_always_get_fresh_pages(seeded, client, settings):
    etag = client.get("/")["ETag"]
    editor = get_user_model().objects.create_superuser("editor", "e@example.org", "a long test password")
    client.force_login(editor)
    response = client.get("/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and "private" in response["Cache-Control"] and "ETag" not in response
    assert "public" not in client.get("/admin/").get("Cache-Control", "")
    client.logout()
    settings.NEWSROOM_PRIVATE = True
    assert "public" not in client.get("/").get("Cache-Control", "")
