from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
CORPUS = ROOT / "corpus"


@pytest.fixture(autouse=True)
def isolated_index(settings, tmp_path):
    """Each test gets its own, empty search index directory, and no answers kept from another test."""
    from articles.search.backend import get_backend
    from articles.search.store import create_empty

    from django.core.cache import cache

    from articles.kernel import memo
    from articles.web import pagecache

    settings.NEWSROOM_INDEX_DIR = tmp_path / "index"
    create_empty()
    get_backend().reset()
    cache.clear()  # answers kept per archive state: a test's database starts again from the same counter
    memo.forget()
    pagecache.forget()
    yield settings.NEWSROOM_INDEX_DIR
    get_backend().reset()


@pytest.fixture(autouse=True)
def isolated_export_slots(settings, tmp_path):
    """Each test's anonymous exports take their slots in a file cache of its own: test runs side by side, and
    a test that leaves an export unread, never count against another's."""
    settings.CACHES = {**settings.CACHES, "exports": {"BACKEND": "newsroom.filecache.LockedFileCache",
                                                      "LOCATION": str(tmp_path / "export-slots")}}
    return settings.CACHES["exports"]["LOCATION"]


@pytest.fixture(autouse=True)
def isolated_warc(settings, tmp_path):
    """Each test keeps its WARC files (captures, pages ingested from web archives) in its own directory."""
    settings.NEWSROOM_WARC_DIR = tmp_path / "warc"
    return settings.NEWSROOM_WARC_DIR


DB_FIXTURES = {"db", "transactional_db", "admin_client", "admin_user", "live_server", "seeded", "client"}


@pytest.fixture(autouse=True)
def countries(request):
    """The ISO country table, which a transactional test's flush empties, is there for every database test."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None and not DB_FIXTURES & set(request.fixturenames):
        return
    request.getfixturevalue("transactional_db" if marker and marker.kwargs.get("transaction") else "db")
    from articles.records.countries import load_countries
    from articles.models import Country

    load_countries(Country)


@pytest.fixture
def seeded(db, django_capture_on_commit_callbacks):
    """The five seed files ingested (and indexed)."""
    from articles.ingest import run

    with django_capture_on_commit_callbacks(execute=True):
        report = run([SEEDS])
    assert report.created == 5
    return report
