import pytest


@pytest.fixture(autouse=True)
def isolated_index(settings, tmp_path):
    """Each test gets its own search index directory."""
    settings.NEWSROOM_INDEX_DIR = tmp_path / "index"
    return settings.NEWSROOM_INDEX_DIR
