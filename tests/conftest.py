from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
CORPUS = ROOT.parent / "shared" / "corpus"


@pytest.fixture(autouse=True)
def isolated_index(settings, tmp_path):
    """Each test gets its own, empty search index directory."""
    from articles.search.backend import get_backend
    from articles.search.store import create_empty

    settings.NEWSROOM_INDEX_DIR = tmp_path / "index"
    create_empty()
    get_backend().reset()
    yield settings.NEWSROOM_INDEX_DIR
    get_backend().reset()


@pytest.fixture
def seeded(db, django_capture_on_commit_callbacks):
    """The five seed files ingested (and indexed)."""
    from articles.ingest import run

    with django_capture_on_commit_callbacks(execute=True):
        report = run([SEEDS])
    assert report.created == 5
    return report
