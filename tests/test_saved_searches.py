"""Saved searches and alerts: a signed-in reader saves any search, sees its new matches since they last opened
it, reads it as a private Atom feed, and gets a digest of only its new matches when its time comes."""
from datetime import timedelta
import io

from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
import pytest

from articles.models import SavedSearch
from articles.web import alerts

from .factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(client, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    user = get_user_model().objects.create_user("reader", "reader@example.org", "a-long-test-password")
    client.force_login(user)
    return user


def _ferry(number, indexed):
    with indexed(execute=True):
        return make_article(f"Ferry report {number}", body=f"The ferry ran again, report {number}.",
                            source_file=f"ferry-{number}.txt")


def test_a_reader_saves_a_search_and_sees_what_is_new_since_they_opened_it(
        reader, client, django_capture_on_commit_callbacks):
    _ferry(1, django_capture_on_commit_callbacks)
    search = client.get("/?q=ferry").content.decode()
    assert 'action="/saved/new"' in search
    response = client.post("/saved/new", {"name": "Ferries", "query": "q=ferry&page=2", "frequency": "never"})
    assert response.status_code == 302
    saved = SavedSearch.objects.get(user=reader)
    assert saved.query == "q=ferry"
    assert alerts.overview(reader) == [(saved, 0)]
    _ferry(2, django_capture_on_commit_callbacks)
    _ferry(3, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        make_article("Bridge report", body="The bridge opened.", source_file="bridge.txt")
    page = client.get("/saved/").content.decode()
    assert "2 new" in page and "Ferries" in page
    opened = client.post(f"/saved/{saved.pk}/open")
    assert opened["Location"] == "/?q=ferry"
    assert "nothing new" in client.get("/saved/").content.decode()


def test_saving_refuses_a_bad_search_and_a_missing_name_and_readers_see_only_their_own(reader, client):
    client.post("/saved/new", {"name": "", "query": "q=ferry"})
    client.post("/saved/new", {"name": "Bad", "query": "from=yesterday"})
    assert SavedSearch.objects.count() == 0
    assert "Not saved: the search has an invalid parameter" in client.get("/saved/").content.decode()
    other = get_user_model().objects.create_user("other", "other@example.org", "another-long-password")
    theirs = SavedSearch.objects.create(user=other, name="Theirs", query="q=bridge")
    assert client.post(f"/saved/{theirs.pk}/open").status_code == 404
    assert client.post(f"/saved/{theirs.pk}/change", {"action": "delete"}).status_code == 404
    assert SavedSearch.objects.filter(pk=theirs.pk).exists()
    client.logout()
    assert client.get("/saved/")["Location"].startswith("/accounts/login/")
    assert client.post("/saved/new", {"name": "x", "query": "q=ferry"}).status_code == 302
    assert SavedSearch.objects.filter(name="x").count() == 0


def test_the_feed_needs_its_token(reader, client, django_capture_on_commit_callbacks):
    _ferry(1, django_capture_on_commit_callbacks)
    saved = alerts.save_search(reader, "Ferries", "q=ferry")
    client.logout()
    feed = client.get(f"/saved/{saved.token}.atom")
    assert feed.status_code == 200 and b"Ferry report 1" in feed.content
    assert client.get("/saved/not-the-token.atom").status_code == 404


def test_send_alerts_sends_one_digest_per_due_search_with_only_its_new_matches(
        reader, django_capture_on_commit_callbacks):
    _ferry(1, django_capture_on_commit_callbacks)
    daily = alerts.save_search(reader, "Ferries daily", "q=ferry", "daily")
    weekly = alerts.save_search(reader, "Ferries weekly", "q=ferry", "weekly")
    alerts.save_search(reader, "Never", "q=ferry", "never")
    _ferry(2, django_capture_on_commit_callbacks)
    call_command("send_alerts", stdout=io.StringIO())
    assert sorted(m.subject for m in mail.outbox) == ["newsroom: 1 new for \u201cFerries daily\u201d",
                                                      "newsroom: 1 new for \u201cFerries weekly\u201d"]
    assert all("Ferry report 2" in m.body and "Ferry report 1" not in m.body for m in mail.outbox)
    assert all(m.to == ["reader@example.org"] for m in mail.outbox)
    mail.outbox.clear()
    _ferry(3, django_capture_on_commit_callbacks)
    call_command("send_alerts", stdout=io.StringIO())  # within the hour: nothing is due
    assert mail.outbox == []
    tomorrow = timezone.now() + timedelta(days=1)
    assert alerts.send_due(now=tomorrow) == (1, 1)  # the daily one only; the weekly waits its week
    assert len(mail.outbox) == 1 and "Ferry report 3" in mail.outbox[0].body
    assert "Ferry report 2" not in mail.outbox[0].body
    daily.refresh_from_db(), weekly.refresh_from_db()
    assert daily.sent_at == tomorrow and weekly.sent_at < tomorrow
