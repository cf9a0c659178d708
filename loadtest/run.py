"""The load test: a production server (gunicorn, 2 workers) on an archive of 10,000 articles, 20
concurrent readers for 60 seconds, while an edit loop saves articles and an ingest runs. Afterwards
every edit and every ingested article must be found by search, and no request may have got a 5xx.

Traffic goes to 127.0.0.1 only; the run is bounded in time. Usage: make loadtest
"""
import csv
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
ARTICLES = int(os.environ.get("LOADTEST_ARTICLES", 10_000))
USERS, SECONDS = int(os.environ.get("LOADTEST_USERS", 20)), int(os.environ.get("LOADTEST_SECONDS", 60))

EDITOR = """
import os, sys, time
os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
import django; django.setup()
from articles.models import Article
deadline, n = time.monotonic() + float(sys.argv[1]), 0
while time.monotonic() < deadline:
    n += 1
    article = Article.objects.get(slug=f"synthetic-{n * 37 % 10000 + 1}")
    article.title = f"Editmarker{n:04d} {article.title}"
    article.save()   # the admin's save: on-commit indexing, racing the web workers and the ingest
    print(f"Editmarker{n:04d}", flush=True)
    time.sleep(0.5)
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(env, *args, **kwargs):
    return subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True, **kwargs)


def found(base, query):
    with urllib.request.urlopen(f"{base}/api/search?{urllib.parse.urlencode({'q': query})}", timeout=30) as r:
        return json.load(r)["count"]


def main():
    work = Path(tempfile.mkdtemp(prefix="newsroom-load-"))
    port = free_port()
    env = {**os.environ, "NEWSROOM_DATA_DIR": str(work / "data"), "DJANGO_DEBUG": "false",
           "DJANGO_SECRET_KEY": secrets.token_urlsafe(50), "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
           "DJANGO_SECURE_SSL_REDIRECT": "false", "DJANGO_SECURE_COOKIES": "false", "DJANGO_LOG_LEVEL": "WARNING"}
    print(f"building an archive of {ARTICLES} articles in {work} …", flush=True)
    manage(env, "migrate", "-v0")
    manage(env, "load_synthetic", "--articles", str(ARTICLES), stderr=subprocess.DEVNULL)
    manage(env, "rebuild_index")
    manage(env, "collectstatic", "--noinput", "-v0")
    corpus = work / "incoming"
    corpus.mkdir()
    for n in range(30):
        (corpus / f"incoming-{n:02d}.txt").write_text(
            f"Ingestmarker{n:02d} Reporters Visit the Harbour\n\nReporters from ten countries visited the harbour "
            f"on Monday, number {n}.\n\n\"It was remarkable,\" said Anna Berg, a reporter from the Nord Daily.\n")

    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([PY, "-m", "gunicorn", "newsroom.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}",
                               "--timeout", "60", "--error-logfile", str(work / "gunicorn.log")], cwd=ROOT, env=env)
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/outlets/", timeout=5)
                break
            except OSError:
                time.sleep(0.2)
        editor = subprocess.Popen([PY, "-c", EDITOR, str(SECONDS - 10)], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                  text=True)
        ingest = subprocess.Popen([PY, "manage.py", "ingest", str(corpus)], cwd=ROOT, env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        locust = subprocess.run([PY, "-m", "locust", "-f", str(ROOT / "loadtest" / "locustfile.py"), "--headless",
                                 "-u", str(USERS), "-r", str(USERS), "-t", f"{SECONDS}s", "--host", base,
                                 "--csv", str(work / "stats"), "--only-summary", "--stop-timeout", "5"],
                                cwd=ROOT, env=env, capture_output=True, text=True, timeout=SECONDS + 120)
        edits = editor.communicate(timeout=120)[0].split()
        ingest_output = ingest.communicate(timeout=300)[0]
        time.sleep(2)
        missing_edits = [m for m in edits if found(base, m) < 1]
        missing_ingested = [f"Ingestmarker{n:02d}" for n in range(30) if found(base, f"Ingestmarker{n:02d}") < 1]
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)

    with open(work / "stats_stats.csv") as handle:
        total = next(row for row in csv.DictReader(handle) if row["Name"] == "Aggregated")
    with open(work / "stats_failures.csv") as handle:
        failures = list(csv.DictReader(handle))
    server_errors = [f for f in failures if "50" in f.get("Error", "")]
    figures = {
        "articles": ARTICLES, "users": USERS, "seconds": SECONDS,
        "requests": int(total["Request Count"]), "failures": int(total["Failure Count"]),
        "requests_per_s": round(float(total["Requests/s"]), 1),
        "median_ms": float(total["Median Response Time"]), "p95_ms": float(total["95%"]),
        "server_errors": len(server_errors), "edits": len(edits), "edits_missing_from_search": len(missing_edits),
        "ingested_missing_from_search": len(missing_ingested), "ingest": ingest_output.strip().splitlines()[-1:],
    }
    print(json.dumps(figures))
    ok = not server_errors and not figures["failures"] and not missing_edits and not missing_ingested
    if not ok:
        print(locust.stderr[-2000:], failures[:5], missing_edits[:5], missing_ingested[:5], ingest_output[-2000:],
              file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
