"""Addresses stored with a user name and password, from before such addresses were refused: the data migration
takes them out of what is stored, and the capture and article pages and the citations never show them."""
import datetime
import importlib

from django.apps import apps
from django.utils import timezone
import pytest

from articles.models import Article, ArchiveChange, Capture, DeletedArticle, without_credentials

from .factories import make_article

pytestmark = pytest.mark.django_db
MIGRATION = importlib.import_module("articles.migrations.0012_addresses_without_credentials")
SECRET = "https://editor:hunter2@courier.example/news/ferry?from=a@b#top"
CLEAN = "https://courier.example/news/ferry?from=a@b#top"


def make_capture(article, requested_url, url):
    moment = timezone.now()
    return Capture.objects.create(article=article, requested_url=requested_url, url=url,
                                  normalized_url="https://courier.example/news/ferry", status=200,
                                  content_hash="0" * 64, captured_at=moment, last_checked=moment,
                                  warc_file="x.warc.gz", warc_offset=0, warc_length=10, response_offset=0)


@pytest.mark.parametrize("stored, shown", [
    (SECRET, CLEAN),
    ("http://user@courier.example:8080", "http://courier.example:8080"),
    ("https://courier.example/people/@editor", "https://courier.example/people/@editor"),
    ("https://courier.example/?mail=a@b.example", "https://courier.example/?mail=a@b.example"),
    ("", ""),
])
def test_an_address_loses_only_its_user_name_and_password(stored, shown):
    assert without_credentials(stored) == shown == MIGRATION.without_credentials(stored)


def test_the_migration_strips_credentials_from_stored_addresses_and_bumps_the_change_counter():
    article = make_article("Ferry", source_url=SECRET)
    untouched = make_article("Harbour", source_file="harbour.txt", source_url="https://courier.example/@harbour")
    capture = make_capture(article, "http://editor:hunter2@courier.example/news/ferry", SECRET)
    deleted = DeletedArticle.objects.create(source_file="gone.txt", content_hash="1" * 64, title="Gone",
                                            source_url="https://u:p@courier.example/gone")
    counter = ArchiveChange.objects.get(pk=1).counter
    MIGRATION.strip_credentials(apps, None)
    capture.refresh_from_db()
    assert (capture.requested_url, capture.url) == ("http://courier.example/news/ferry", CLEAN)
    assert Article.objects.get(pk=article.pk).source_url == CLEAN
    assert Article.objects.get(pk=untouched.pk).source_url == "https://courier.example/@harbour"
    assert DeletedArticle.objects.get(pk=deleted.pk).source_url == "https://courier.example/gone"
    assert ArchiveChange.objects.get(pk=1).counter == counter + 1
    MIGRATION.strip_credentials(apps, None)  # nothing left to change: readers' copies stay current
    assert ArchiveChange.objects.get(pk=1).counter == counter + 1


def test_the_article_page_and_its_citations_never_show_a_stored_password(client):
    article = make_article("Ferry", source_url=SECRET, published=datetime.date(2024, 3, 6))
    page = client.get(article.get_absolute_url()).content.decode()
    assert f'href="{CLEAN}"' in page and "Read it at its original address" in page
    citations = [client.get(f"/articles/{article.slug}/cite.{kind}").content.decode() for kind in ("bib", "json")]
    assert all("hunter2" not in text and "editor:" not in text for text in [page, *citations])
    assert CLEAN in citations[0] and CLEAN in citations[1]


def test_the_capture_page_never_shows_a_stored_password(client):
    article = make_article("Ferry")
    capture = make_capture(article, "http://editor:hunter2@courier.example/news/ferry", SECRET)
    page = client.get(capture.get_absolute_url()).content.decode()
    assert "hunter2" not in page and "editor:" not in page
    assert f"<strong>{CLEAN}</strong>" in page and "asked for as http://courier.example/news/ferry" in page
    assert f'<a href="{CLEAN}" rel="nofollow noopener noreferrer">The live page</a>' in page
    assert str(capture).startswith(CLEAN)
