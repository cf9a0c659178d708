"""The load test: a production server (gunicorn, 2 workers of 4 threads as make production runs it;
LOADTEST_WORKERS, LOADTEST_THREADS for others) on an archive of 10,000 articles, 20 concurrent readers for
60 seconds, while an edit loop saves articles and an ingest runs. Afterwards every edit and every ingested
article must be found by search, and no request may have got a 5xx.

``run.py exports``: the same server, 10 readers beside 10 anonymous exporters downloading /export.csv
and /export.json (1,000 rows each) for 60 seconds. The readers' 95th percentile must stay under
LOADTEST_READER_P95_MS (1,000 ms); exports past the budget are refused with 429 and counted.

The readers' traffic rarely repeats (LOADTEST_MIX=longtail, the default; "repeating" asks from a short list,
see locustfile.py); the figures say how much of it the kept pages answered and the workers' resident memory
before and after. Traffic goes to 127.0.0.1 only; the run is bounded in time. Usage: make loadtest, make
loadtest-exports
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


def resident_mb(pid):
    """A running process's resident memory in MB (Linux's /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024)
    return None


def workers_of(server):
    return [int(pid) for pid in Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()]


MEMORY_EVERY = 20  # seconds between two readings of the workers' resident memory during a run


def finished(process, timeout, *, watched=(), readings=None):
    """(return code, CPU seconds) of a child once it ends, killed after ``timeout`` seconds. Meanwhile the
    resident memory of the ``watched`` processes is appended to ``readings`` every MEMORY_EVERY seconds (a
    worker's memory over the run: whether it levels off after warming up or keeps growing)."""
    deadline = time.monotonic() + timeout
    next_reading = time.monotonic() + MEMORY_EVERY
    while time.monotonic() < deadline:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            process.returncode = os.waitstatus_to_exitcode(status)
            return process.returncode, usage.ru_utime + usage.ru_stime
        if watched and time.monotonic() >= next_reading:
            readings.append([resident_mb(worker) for worker in watched])
            next_reading += MEMORY_EVERY
        time.sleep(0.1)
    process.kill()
    raise TimeoutError(f"{process.args[:3]} ran past {timeout} s")


def manage(env, *args, **kwargs):
    return subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True, **kwargs)


def found(base, query):
    with urllib.request.urlopen(f"{base}/api/search?{urllib.parse.urlencode({'q': query})}", timeout=30) as r:
        return json.load(r)["count"]


def cache_share(work):
    """The share of search pages and API answers the kept pages answered (locustfile.py counts them)."""
    path = work / "cache.json"
    counts = json.loads(path.read_text()) if path.exists() else {}
    answered = counts.get("hit", 0) + counts.get("miss", 0)
    return round(counts.get("hit", 0) / answered, 3) if answered else None


def percentile(values, share):
    """The value below which ``share`` of ``values`` lie (nearest rank); None for no values."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))] if ordered else None


def build(work):
    """The production settings' environment, and an archive of ARTICLES synthetic articles, indexed; with
    LOADTEST_DATA, the data folder an earlier run built (printed at its start: ``…/data``), used as it is
    (a run's edits and ingest stay in it; every check still holds)."""
    reused = os.environ.get("LOADTEST_DATA")
    env = {**os.environ, "NEWSROOM_DATA_DIR": reused or str(work / "data"), "DJANGO_DEBUG": "false",
           "DJANGO_SECRET_KEY": secrets.token_urlsafe(50), "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
           "DJANGO_SECURE_SSL_REDIRECT": "false", "DJANGO_SECURE_COOKIES": "false", "DJANGO_LOG_LEVEL": "WARNING"}
    if reused:
        print(f"using the archive in {reused}", flush=True)
        return env
    print(f"building an archive of {ARTICLES} articles in {work} …", flush=True)
    manage(env, "migrate", "-v0")
    manage(env, "load_synthetic", "--articles", str(ARTICLES), stderr=subprocess.DEVNULL)
    manage(env, "rebuild_index")
    manage(env, "collectstatic", "--noinput", "-v0")
    return env


WORKERS = int(os.environ.get("LOADTEST_WORKERS", 2))
THREADS = int(os.environ.get("LOADTEST_THREADS", 4))  # gunicorn's gthread workers, as make production; 1: sync


def serve(env, work, port):
    """The production server (gunicorn, LOADTEST_WORKERS workers of LOADTEST_THREADS threads), once it answers."""
    server = subprocess.Popen([PY, "-m", "gunicorn", "newsroom.wsgi", "--workers", str(WORKERS), "--threads",
                               str(THREADS), "--bind", f"127.0.0.1:{port}", "--timeout", "60", "--error-logfile",
                               str(work / "gunicorn.log")], cwd=ROOT, env={**env, "WEB_CONCURRENCY": str(WORKERS)})
    for _ in range(300):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/outlets/", timeout=5)
            break
        except OSError:
            time.sleep(0.2)
    return server


def main():
    work = Path(tempfile.mkdtemp(prefix="newsroom-load-"))
    port = free_port()
    env = {**build(work), "LOADTEST_CACHE": str(work / "cache.json")}
    corpus = work / "incoming"
    corpus.mkdir()
    for n in range(30):
        (corpus / f"incoming-{n:02d}.txt").write_text(
            f"Ingestmarker{n:02d} Reporters Visit the Harbour\n\nReporters from ten countries visited the harbour "
            f"on Monday, number {n}.\n\n\"It was remarkable,\" said Anna Berg, a reporter from the Nord Daily.\n")

    base = f"http://127.0.0.1:{port}"
    server = serve(env, work, port)
    try:
        workers = workers_of(server)
        server_cpu = sum(map(cpu_seconds, workers))
        memory_before = [resident_mb(pid) for pid in workers]
        logs = {name: open(work / f"{name}.log", "w+") for name in ("editor", "ingest", "locust")}
        editor = subprocess.Popen([PY, "-c", EDITOR, str(SECONDS - 10)], cwd=ROOT, env=env, stdout=logs["editor"],
                                  text=True)
        ingest = subprocess.Popen([PY, "manage.py", "ingest", str(corpus)], cwd=ROOT, env=env,
                                  stdout=logs["ingest"], stderr=subprocess.STDOUT, text=True)
        locust = subprocess.Popen([PY, "-m", "locust", "-f", str(ROOT / "loadtest" / "locustfile.py"), "--headless",
                                   "-u", str(USERS), "-r", str(USERS), "-t", f"{SECONDS}s", "--host", base,
                                   "--csv", str(work / "stats"), "--only-summary", "--stop-timeout", "5"],
                                  cwd=ROOT, env=env, stdout=logs["locust"], stderr=subprocess.STDOUT, text=True)
        memory_during = []
        _, locust_cpu = finished(locust, SECONDS + 120, watched=workers, readings=memory_during)
        server_cpu = sum(map(cpu_seconds, workers)) - server_cpu
        memory_after = [resident_mb(pid) for pid in workers]
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
    with open(work / "stats_stats.csv") as handle:
        refused = sum(int(row["Request Count"]) for row in csv.DictReader(handle) if "too broad" in row["Name"])
    figures = {
        "articles": ARTICLES, "users": USERS, "seconds": SECONDS,
        "requests": int(total["Request Count"]), "failures": int(total["Failure Count"]),
        "refused_as_too_broad": refused,
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
        # the traffic, how much of it the kept pages answered, and the workers' resident memory before and after
        "mix": os.environ.get("LOADTEST_MIX", "longtail"), "search_pages_from_cache": cache_share(work),
        "worker_resident_mb": {"before": memory_before, "after": memory_after},
        f"worker_resident_mb_every_{MEMORY_EVERY}_s": memory_during,
    }
    print(json.dumps(figures))
    ok = not server_errors and not figures["failures"] and not missing_edits and not missing_ingested
    if not ok:
        print(locust_output[-2000:], failures[:5], missing_edits[:5], missing_ingested[:5], ingest_output[-2000:],
              file=sys.stderr)
    return 0 if ok else 1


READER_P95_MS = float(os.environ.get("LOADTEST_READER_P95_MS", 1000))
EXPORTERS = int(os.environ.get("LOADTEST_EXPORTERS", 10))
READERS = int(os.environ.get("LOADTEST_READERS", 10))  # beside the exporters


def exports():
    """Readers beside anonymous exporters: the readers' times, and how many exports ran or were refused."""
    work = Path(tempfile.mkdtemp(prefix="newsroom-load-exports-"))
    port = free_port()
    env = {**build(work), "LOADTEST_TIMINGS": str(work / "timings.json"), "LOADTEST_EXPORTERS": str(EXPORTERS)}
    users = EXPORTERS + READERS
    server = serve(env, work, port)
    load_before = os.getloadavg()
    try:
        workers = workers_of(server)
        server_cpu = sum(map(cpu_seconds, workers))
        with open(work / "locust.log", "w+") as log:
            locust = subprocess.Popen([PY, "-m", "locust", "-f", ",".join(
                str(ROOT / "loadtest" / name) for name in ("locustfile.py", "exporters.py")), "--headless",
                "-u", str(users), "-r", str(users), "-t", f"{SECONDS}s", "--host", f"http://127.0.0.1:{port}",
                "--csv", str(work / "stats"), "--only-summary", "--stop-timeout", "30"],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, text=True)
            _, locust_cpu = finished(locust, SECONDS + 150)
        server_cpu = sum(map(cpu_seconds, workers)) - server_cpu
        load_after = os.getloadavg()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)

    recorded = json.loads((work / "timings.json").read_text())
    timings, statuses = recorded["timings_ms"], recorded["statuses"]
    with open(work / "stats_stats.csv") as handle:
        per_name = {row["Name"]: row for row in csv.DictReader(handle)}
    answered = [per_name[name] for name in ("/export.csv", "/export.json") if name in per_name]
    server_errors = {status: count for status, count in statuses.items() if status.split()[-1].startswith("5")}
    figures = {
        "articles": ARTICLES, "readers": READERS, "exporters": EXPORTERS, "seconds": SECONDS,
        "reader_requests": len(timings["reader"]),
        "reader_median_ms": percentile(timings["reader"], 0.5), "reader_p95_ms": percentile(timings["reader"], 0.95),
        "reader_p99_ms": percentile(timings["reader"], 0.99), "reader_max_ms": max(timings["reader"], default=None),
        "exports_answered": len(timings["export"]), "exports_refused_429": len(timings["refused"]),
        "export_median_ms": percentile(timings["export"], 0.5), "export_p95_ms": percentile(timings["export"], 0.95),
        "export_average_bytes": [round(float(row["Average Content Size"])) for row in answered],
        "statuses": statuses, "server_errors": sum(server_errors.values()),
        "cpus": os.cpu_count(), "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in load_after],
        "cpu_seconds": {"server_workers": round(server_cpu, 1), "load_generator": round(locust_cpu, 1)},
        "server_cpu_share": round(server_cpu / (SECONDS * os.cpu_count()), 3),
        "workers": WORKERS, "threads": THREADS,
        "budget": {name: os.environ.get(name, "(default)") for name in (
            "NEWSROOM_CACHE_URL", "NEWSROOM_EXPORT_CONCURRENCY")},
    }
    print(json.dumps(figures))
    failed = {status: count for status, count in statuses.items()
              if not status.split()[-1].isdigit() or int(status.split()[-1]) >= 400 and "refused" not in status}
    ok = figures["reader_p95_ms"] is not None and figures["reader_p95_ms"] < READER_P95_MS and not failed
    if not ok:
        print(f"readers' p95 {figures['reader_p95_ms']} ms (target < {READER_P95_MS:.0f} ms); failed: {failed}",
              file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(exports() if sys.argv[1:] == ["exports"] else main())
