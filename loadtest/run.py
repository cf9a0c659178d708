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


def cpu_seconds(pid):
    """User and system CPU seconds a running process has used so far (Linux's /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def workers_of(server):
    return [int(pid) for pid in Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()]


def finished(process, timeout):
    """(return code, CPU seconds) of a child once it ends, killed after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            process.returncode = os.waitstatus_to_exitcode(status)
            return process.returncode, usage.ru_utime + usage.ru_stime
        time.sleep(0.1)
    process.kill()
    raise TimeoutError(f"{process.args[:3]} ran past {timeout} s")


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
        workers = workers_of(server)
        server_cpu = sum(map(cpu_seconds, workers))
        logs = {name: open(work / f"{name}.log", "w+") for name in ("editor", "ingest", "locust")}
        editor = subprocess.Popen([PY, "-c", EDITOR, str(SECONDS - 10)], cwd=ROOT, env=env, stdout=logs["editor"],
                                  text=True)
        ingest = subprocess.Popen([PY, "manage.py", "ingest", str(corpus)], cwd=ROOT, env=env,
                                  stdout=logs["ingest"], stderr=subprocess.STDOUT, text=True)
        locust = subprocess.Popen([PY, "-m", "locust", "-f", str(ROOT / "loadtest" / "locustfile.py"), "--headless",
                                   "-u", str(USERS), "-r", str(USERS), "-t", f"{SECONDS}s", "--host", base,
                                   "--csv", str(work / "stats"), "--only-summary", "--stop-timeout", "5"],
                                  cwd=ROOT, env=env, stdout=logs["locust"], stderr=subprocess.STDOUT, text=True)
        _, locust_cpu = finished(locust, SECONDS + 120)
        server_cpu = sum(map(cpu_seconds, workers)) - server_cpu
        _, editor_cpu = finished(editor, 120)
        _, ingest_cpu = finished(ingest, 300)
        edits, ingest_output, locust_output = (Path(logs[name].name).read_text()
                                               for name in ("editor", "ingest", "locust"))
        edits = edits.split()
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
        # CPU seconds over the run, and each one's share of the machine's cores: the readers' own share is
        # capacity the server did not have
        "cpus": os.cpu_count(), "cpu_seconds": {"server_workers": round(server_cpu, 1), "load_generator": round(
            locust_cpu, 1), "editor": round(editor_cpu, 1), "ingest": round(ingest_cpu, 1)},
        "load_generator_cpu_share": round(locust_cpu / (SECONDS * os.cpu_count()), 3),
        "server_cpu_share": round(server_cpu / (SECONDS * os.cpu_count()), 3),
    }
    print(json.dumps(figures))
    ok = not server_errors and not figures["failures"] and not missing_edits and not missing_ingested
    if not ok:
        print(locust_output[-2000:], failures[:5], missing_edits[:5], missing_ingested[:5], ingest_output[-2000:],
              file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
