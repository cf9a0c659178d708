"""An index that refuses writes never turns a committed edit into a server error.

The admin's save commits, the index write after the commit fails and is logged, the article's row stays in
the index outbox, and the editor is redirected as usual with a warning. The web process drains the outbox a
little later, once the index takes writes again.
"""
import subprocess
import sys
from datetime import timedelta

import pytest
from django.core.signals import request_finished
from django.urls import reverse
from django.utils import timezone

from articles.admin import UNINDEXED_WARNING
from articles.bench.pages import form_data
from articles.models import Article, IndexOutbox
from articles.search import backend, indexing, retry
from articles.search.store import current_path

from .factories import make_article

pytestmark = pytest.mark.django_db(transaction=True)  # real commits: the index is written after them


@pytest.fixture(autouse=True)
def no_retry_left_armed(monkeypatch):
    """A test's failed writes arm the process's retry; the next test starts with it disarmed."""
    monkeypatch.setitem(retry._state, "due", float("inf"))
    yield
    thread = retry._state["thread"]
    if thread is not None:
        thread.join(timeout=30)
    request_finished.disconnect(dispatch_uid="index_outbox_retry")
    indexing.take_unwritten()


def edit_title(client, article, title):
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(client.get(url).content.decode())
    data["title"] = title
    return client.post(url, data, follow=True)


def outbox_ids():
    return set(IndexOutbox.objects.values_list("article_id", flat=True))


def test_an_edit_saved_while_the_index_cannot_be_written_redirects_with_a_warning_and_is_indexed_later(
        admin_client, caplog):
    article = make_article("Harbour report")
    assert outbox_ids() == set()
    # A read-only index folder makes Whoosh's open of its lock file fail with PermissionError. The tests may run
    # as root, whom file modes do not stop (chmod would change nothing), so the lock file's place is taken by
    # a directory: opening it for writing fails with IsADirectoryError, an OSError too, for root as well.
    lock = current_path() / "MAIN_WRITELOCK"
    lock.unlink(missing_ok=True)
    lock.mkdir()

    response = edit_title(admin_client, article, "Harbour report, corrected")

    assert response.redirect_chain == [(reverse("admin:articles_article_changelist"), 302)]
    assert [(m.level_tag, m.message) for m in response.context["messages"]][-1] == ("warning", UNINDEXED_WARNING)
    article.refresh_from_db()
    assert article.title == "Harbour report, corrected"  # committed whatever the index did
    assert outbox_ids() == {article.pk}
    assert any("search index not updated" in r.message and "IsADirectoryError" in r.getMessage()
               for r in caplog.records)

    # the index takes writes again; a row older than LEFT_FOR is drained after the next request
    lock.rmdir()
    IndexOutbox.objects.update(queued_at=timezone.now() - timedelta(seconds=retry.LEFT_FOR + 1))
    retry._state["due"] = 0.0
    assert admin_client.get(reverse("admin:index")).status_code == 200
    retry._state["thread"].join(timeout=30)
    assert outbox_ids() == set()
    report = indexing.check()
    assert (report["missing"], report["stale"]) == ([], [])


def test_a_retry_leaves_fresh_rows_to_the_write_under_way(admin_client):
    article = make_article("Harbour report")
    IndexOutbox.objects.create(article_id=article.pk)  # as if its own write had not run yet
    retry.drain_old_rows()
    assert outbox_ids() == {article.pk}


def test_an_edit_saved_while_another_process_holds_the_index_lock_redirects_with_a_warning(
        admin_client, monkeypatch):
    article = make_article("Harbour report")
    monkeypatch.setattr(backend, "WRITE_TIMEOUT", 0.3)  # a writer waits this long for the lock, then gives up
    holder = subprocess.Popen([sys.executable, "-c", (
        "import fcntl, os, sys, time\n"
        "fd = os.open(sys.argv[1], os.O_CREAT | os.O_WRONLY)\n"
        "fcntl.flock(fd, fcntl.LOCK_EX)\n"  # the lock Whoosh's writers take
        "print('held', flush=True)\n"
        "time.sleep(60)\n"), str(current_path() / "MAIN_WRITELOCK")], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        response = edit_title(admin_client, article, "Harbour report, corrected")
    finally:
        holder.kill()
        holder.wait()
    assert response.status_code == 200 and len(response.redirect_chain) == 1
    assert [m.message for m in response.context["messages"]][-1] == UNINDEXED_WARNING
    assert Article.objects.get(pk=article.pk).title == "Harbour report, corrected"
    assert outbox_ids() == {article.pk}
