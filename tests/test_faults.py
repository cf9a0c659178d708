"""Faults with real processes: an ingest killed with SIGKILL leaves no half-written article."""
import os
import signal
import sqlite3
import subprocess
import sys
import time

from .conftest import ROOT


def test_kill_during_ingest_leaves_whole_articles_and_a_rerun_completes(tmp_path):
    from articles.bench.corpus import wikinews_rows

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    rows = [r for r in wikinews_rows() if len(r["text"].strip()) > 200][:150]
    for number, row in enumerate(rows):
        (corpus / f"w{number:03d}.txt").write_text(f"{row['title']}\n\n{row['text']}")
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}}
    env["NEWSROOM_DATA_DIR"] = str(tmp_path / "data")
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=300)
    database = tmp_path / "data" / "newsroom.sqlite3"

    def articles():
        with sqlite3.connect(database, timeout=30) as db:
            return db.execute("SELECT count(*) FROM articles_article").fetchone()[0]

    ingest = subprocess.Popen([*manage, "ingest", str(corpus)], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while articles() < 60 and time.monotonic() < deadline and ingest.poll() is None:  # the indexer runs by then
        time.sleep(0.05)
    ingest.send_signal(signal.SIGKILL)
    ingest.wait()
    stored = articles()
    time.sleep(1)
    leftovers = subprocess.run(["pgrep", "-f", str(corpus)], capture_output=True, text=True).stdout.split()
    assert leftovers == [], "the indexing process outlived the killed ingest"
    assert 0 < stored < len(rows), "the kill should land mid-ingest"

    with sqlite3.connect(database) as db:
        # every stored article is whole: its body, its raw text, its extractor version all written together
        broken = db.execute("SELECT count(*) FROM articles_article WHERE body = '' OR raw_text = '' "
                            "OR extractor_version = ''").fetchone()[0]
        assert broken == 0
        orphans = db.execute("SELECT count(*) FROM articles_quote q LEFT JOIN articles_article a "
                             "ON a.id = q.article_id WHERE a.id IS NULL").fetchone()[0]
        assert orphans == 0

    # the next command indexes what the killed ingest committed but never indexed: clean without --fix
    check = subprocess.run([*manage, "check_index"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert check.returncode == 0, check.stdout + check.stderr
    assert f"index matches the database ({stored} articles)" in check.stdout

    rerun = subprocess.run([*manage, "ingest", str(corpus)], cwd=ROOT, env=env, capture_output=True, text=True,
                           timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert f"unchanged {stored}," in rerun.stdout
    assert articles() == len(rows)
    check = subprocess.run([*manage, "check_index"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "index matches the database" in check.stdout


def test_locked_database_gives_a_retry_page_then_recovers(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}}
    # no persistent connection: SQLite grants the exclusive lock below only while no connection is open
    env.update(NEWSROOM_DATA_DIR=str(tmp_path / "data"), NEWSROOM_DB_TIMEOUT="0.5", DJANGO_CONN_MAX_AGE="0")
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=300)
    server, fetch = _serve(env, tmp_path)
    try:
        assert fetch("/outlets/")[0] == 200
        lock = sqlite3.connect(tmp_path / "data" / "newsroom.sqlite3", isolation_level=None)
        lock.execute("PRAGMA locking_mode=EXCLUSIVE")  # in WAL mode, the way to keep readers out too
        lock.execute("BEGIN EXCLUSIVE")
        lock.execute("CREATE TABLE IF NOT EXISTS _lock_probe (x)")
        status, page = fetch("/outlets/")
        assert status == 503 and "The archive is busy" in page and "Traceback" not in page
        lock.execute("ROLLBACK")
        lock.close()
        assert fetch("/outlets/")[0] == 200
    finally:
        server.terminate()
        server.wait(timeout=30)


def _free_port():
    """A port nothing listens on now, the system's choice: a port picked by rule (say, from the process id)
    may be one another test's server or client holds at that moment."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _serve(env, tmp_path):
    """A real development server on a free port, and a fetch() that never raises for an HTTP status."""
    import urllib.error
    import urllib.request

    port = _free_port()
    server = subprocess.Popen([sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def fetch(path):
        for _ in range(150):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=20) as response:
                    return response.status, response.read().decode()
            except urllib.error.HTTPError as error:
                return error.code, error.read().decode()
            except (ConnectionError, urllib.error.URLError):
                time.sleep(0.1)
        raise AssertionError("server did not answer")

    return server, fetch


def test_index_deleted_under_a_running_server_then_restored(tmp_path):
    import shutil

    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}}
    env["NEWSROOM_DATA_DIR"] = str(tmp_path / "data")
    for command in (["migrate", "-v0"], ["ingest", str(ROOT / "seeds")]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, timeout=300,
                       stdout=subprocess.DEVNULL)
    server, fetch = _serve(env, tmp_path)
    try:
        status, page = fetch("/?q=Chongqing")
        assert status == 200 and page.count('class="result"') == 5
        shutil.rmtree(tmp_path / "data" / "index")
        status, page = fetch("/?q=Chongqing&country=KZ")
        assert status == 200 and "Search is unavailable" in page and "rebuild_index" in page
        assert page.count('class="result"') == 1  # browsing by filters from the database
        fixed = subprocess.run([sys.executable, "manage.py", "check_index", "--fix"], cwd=ROOT, env=env,
                               capture_output=True, text=True, timeout=300)
        assert fixed.returncode == 0, fixed.stderr
        status, page = fetch("/?q=Chongqing")
        assert status == 200 and "Search is unavailable" not in page and page.count('class="result"') == 5
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_postgres_restart_gives_a_retry_page_then_recovers(tmp_path):
    import shutil
    import tempfile

    # the server runs as the postgres user, who cannot enter pytest's private temporary directories
    pg_dir = tempfile.mkdtemp(prefix="newsroom-pg-restart-")
    pg = {**os.environ, "NEWSROOM_PG_DIR": pg_dir, "NEWSROOM_PG_PORT": str(_free_port())}
    pg.pop("DATABASE_URL", None)
    script = str(ROOT / ".ci" / "postgres")
    started = subprocess.run([script, "start"], env=pg, capture_output=True, text=True, timeout=600)
    assert started.returncode == 0, started.stderr
    url = started.stdout.strip().split("=", 1)[1]
    env = {k: v for k, v in pg.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(DATABASE_URL=url, NEWSROOM_DATA_DIR=str(tmp_path / "data"))
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=300)
    server, fetch = _serve(env, tmp_path)
    try:
        assert fetch("/outlets/")[0] == 200
        subprocess.run([script, "stop"], env=pg, check=True, timeout=120)
        status, page = fetch("/outlets/")
        assert status == 503 and "The archive is busy" in page and "Traceback" not in page
        subprocess.run([script, "start"], env=pg, check=True, timeout=600, stdout=subprocess.DEVNULL)
        assert fetch("/outlets/")[0] == 200
    finally:
        server.terminate()
        server.wait(timeout=30)
        subprocess.run([script, "stop"], env=pg, timeout=120)
        shutil.rmtree(pg_dir, ignore_errors=True)


def test_kill_during_capture_leaves_whole_warc_records_and_whole_articles(tmp_path):
    from warcio.archiveiterator import ArchiveIterator

    from articles.capture.localsite import LocalSite, Page, article_html

    pages = {f"/story/{n}": Page(article_html(f"Harbour report number {n}", [
        f"The harbour office published its report number {n} on the state of the eastern quay on Monday.",
        f"It counted {n * 7 + 3} ferry crossings and {n + 2} closures because of wind during the month.",
    ]), delay=0.05) for n in range(40)}
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}}
    env.update(NEWSROOM_DATA_DIR=str(tmp_path / "data"), NEWSROOM_CAPTURE_ALLOW_PRIVATE="true",
               NEWSROOM_CAPTURE_DELAY="0")
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=300)
    database = tmp_path / "data" / "newsroom.sqlite3"
    warc_dir = tmp_path / "data" / "warc"

    def stored(query="SELECT count(*) FROM articles_capture"):
        with sqlite3.connect(database, timeout=30) as db:
            return db.execute(query).fetchall()

    with LocalSite(pages) as site:
        urls = [f"{site.url}{path}" for path in pages]
        capture = subprocess.Popen([*manage, "capture", *urls], cwd=ROOT, env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while stored()[0][0] < 8 and time.monotonic() < deadline and capture.poll() is None:
            time.sleep(0.02)
        capture.send_signal(signal.SIGKILL)
        capture.wait()
        kept = stored("SELECT warc_file, warc_offset, warc_length, article_id FROM articles_capture")
        assert 0 < len(kept) < len(pages), "the kill should land mid-run"
        assert stored("SELECT count(*) FROM articles_article")[0][0] == len(kept)  # no article without its capture
        for name, offset, length, article in kept:  # every stored capture's records are whole on disk
            with open(warc_dir / name, "rb") as handle:
                handle.seek(offset)
                data = handle.read(length)
            import io

            kinds = [record.rec_type for record in ArchiveIterator(io.BytesIO(data))]
            assert kinds == ["response", "request"] and article is not None
        check = subprocess.run([*manage, "check_index"], cwd=ROOT, env=env, capture_output=True, text=True,
                               timeout=300)  # the next command indexes what the killed capture left unindexed
        assert check.returncode == 0 and f"index matches the database ({len(kept)} articles)" in check.stdout, (
            check.stdout + check.stderr)
        with open(warc_dir / kept[-1][0], "ab") as handle:  # as if the kill had cut the next record in half
            handle.write(open(warc_dir / kept[-1][0], "rb").read()[kept[-1][1]:kept[-1][1] + kept[-1][2] // 2])

        rerun = subprocess.run([*manage, "capture", *urls], cwd=ROOT, env=env, capture_output=True, text=True,
                               timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert f"captured {len(pages) - len(kept)}, updated 0, unchanged {len(kept)}" in rerun.stdout
    export = tmp_path / "all.warc.gz"
    subprocess.run([*manage, "export_warc", str(export)], cwd=ROOT, env=env, check=True, timeout=300,
                   stdout=subprocess.DEVNULL)
    with open(export, "rb") as handle:
        responses = [r.rec_headers.get_header("WARC-Target-URI") for r in ArchiveIterator(handle)
                     if r.rec_type == "response"]
    assert sorted(responses) == sorted(urls)
