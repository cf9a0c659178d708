"""`make demo`: the bundled Wikinews articles ingested into a running archive, searchable at once."""
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

from .conftest import ROOT


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fresh_archive_env(data_dir):
    """The environment of an archive of its own in ``data_dir``: SQLite, its index and WARC files beside it."""
    env = {key: value for key, value in os.environ.items()
           if key not in {"DATABASE_URL", "NEWSROOM_INDEX_DIR", "NEWSROOM_WARC_DIR", "NEWSROOM_SEARCH_BACKEND"}}
    return {**env, "NEWSROOM_DATA_DIR": str(data_dir), "DJANGO_DEBUG": "true"}


def api_search(port, query, timeout=20.0):
    """The API's answer for ``query``, waiting for the server to come up."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/search?q={query}", timeout=10) as response:
                return json.load(response)
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def test_make_demo_ingests_the_bundled_corpus_into_an_archive_being_served(tmp_path):
    env, port = fresh_archive_env(tmp_path / "data"), free_port()
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True, timeout=120)
    server = subprocess.Popen([*manage, "runserver", "--noreload", f"127.0.0.1:{port}"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert api_search(port, "election")["count"] == 0  # the server has its searcher open on an empty index
        # as `make demo`, with the interpreter running the tests (no install step)
        demo = subprocess.run(["make", "--no-print-directory", "-o", "install", "demo", f"PY={sys.executable}",
                               f"PORT={port}"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)
        assert demo.returncode == 0, demo.stdout + demo.stderr
        assert "299 files: created 299, updated 0, unchanged 0, duplicates 0, failed 0" in demo.stdout

        assert api_search(port, "election")["count"] > 10
        found = api_search(port, "Magnitogorsk+apartment+collapses")
        assert found["results"][0]["title"] == "Magnitogorsk apartment building collapses after explosion, dozens dead"
    finally:
        server.terminate()
        server.wait(timeout=30)

    checked = subprocess.run([*manage, "check_index"], cwd=ROOT, env=env, capture_output=True, text=True,
                             timeout=120)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "index matches the database (299 articles)" in checked.stdout
