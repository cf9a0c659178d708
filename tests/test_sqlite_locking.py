"""SQLite held by another writer: an editor's save and a log-in wait for it (up to the database timeout).

Each scenario runs in a process of its own on a database file (the tests' in-memory database shares one
cache between connections, where locks behave differently), with the settings as production reads them
from the environment. Another connection holds SQLite's write lock meanwhile, as an ingest's transaction
or a backup does.
"""
import json
import os
import subprocess
import sys

from .conftest import ROOT

SCENARIO = r"""
import json, os, sqlite3, sys, threading, time
os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
import django; django.setup()
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from articles.models import Article
from articles.bench.pages import form_data
from tests.factories import make_article

hold_for = float(sys.argv[1])
call_command("migrate", verbosity=0)
User.objects.create_superuser("editor", "editor@example.org", "a long pass phrase")
article = make_article("Harbour report")
client = Client(HTTP_HOST="localhost")


def holding(request):
    # another connection takes the write lock and changes the database, then commits hold_for seconds later
    ready = threading.Event()

    def hold():
        db = sqlite3.connect(settings.DATABASES["default"]["NAME"], isolation_level=None)
        db.execute("BEGIN IMMEDIATE")
        db.execute("CREATE TABLE IF NOT EXISTS lock_probe (x)")
        db.execute("INSERT INTO lock_probe VALUES (1)")
        ready.set()
        time.sleep(hold_for)
        db.execute("COMMIT")
        db.close()

    holder = threading.Thread(target=hold)
    holder.start()
    ready.wait()
    started = time.monotonic()
    response = request()
    seconds = time.monotonic() - started
    holder.join()
    return {"status": response.status_code, "seconds": round(seconds, 2),
            "busy_page": "The archive is busy" in response.content.decode()}


login = holding(lambda: client.post(reverse("admin:login"), {
    "username": "editor", "password": "a long pass phrase", "next": "/admin/"}))
client.force_login(User.objects.get(username="editor"))
url = reverse("admin:articles_article_change", args=[article.pk])
data = form_data(client.get(url).content.decode())  # the change form read first: the save's reads come next
data["title"] = "Harbour report, corrected"
save = holding(lambda: client.post(url, data))
save["saved"] = Article.objects.get(pk=article.pk).title == "Harbour report, corrected"
print(json.dumps({"login": login, "save": save}))
"""


def run_scenario(tmp_path, hold_for, timeout):
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}}
    env.update(NEWSROOM_DATA_DIR=str(tmp_path / "data"), NEWSROOM_DB_TIMEOUT=str(timeout),
               NEWSROOM_INDEX_DIR=str(tmp_path / "index"), DJANGO_LOG_LEVEL="CRITICAL")
    done = subprocess.run([sys.executable, "-c", SCENARIO, str(hold_for)], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_save_and_a_log_in_wait_for_a_writer_that_holds_the_database_for_a_second(tmp_path):
    outcome = run_scenario(tmp_path, hold_for=1.0, timeout=20)
    # a save reads the article before it writes: it waits for the lock at its start, never failing at once
    # when the other writer commits under it
    assert outcome["save"]["status"] == 302 and outcome["save"]["saved"], outcome
    assert outcome["save"]["seconds"] >= 0.8, outcome
    assert outcome["login"]["status"] == 302 and outcome["login"]["seconds"] >= 0.8, outcome


def test_a_save_past_the_database_timeout_gets_the_busy_page(tmp_path):
    outcome = run_scenario(tmp_path, hold_for=3.0, timeout=0.5)
    assert outcome["save"]["status"] == 503 and outcome["save"]["busy_page"] and not outcome["save"]["saved"], outcome
    assert 0.4 <= outcome["save"]["seconds"] < 3.0, outcome
    assert outcome["login"]["status"] == 503 and outcome["login"]["busy_page"], outcome
