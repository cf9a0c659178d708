import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.models import Article, Outlet

pytestmark = pytest.mark.django_db(transaction=True)


def test_export_import_export_is_identical(seeded, tmp_path):
    first, second = tmp_path / "one.json", tmp_path / "two.json"
    call_command("export_archive", "--output", str(first))
    data = json.loads(first.read_text())
    assert data["format"] == "newsroom-archive" and data["version"] == 1
    assert len(data["articles"]) == 5
    article = next(a for a in data["articles"] if a["source_file"].startswith("003_"))
    assert article["published"] == "2025-04-22" and "PL" in article["countries"]
    assert {"name", "role", "outlet", "country"} <= set(article["people"][0])
    for model in (Article, Outlet):
        model.objects.all().delete()
    from articles.models import Delegation, Person
    Person.objects.all().delete()
    Delegation.objects.all().delete()
    call_command("import_archive", str(first))
    call_command("export_archive", "--output", str(second))
    assert first.read_text() == second.read_text()


def test_import_refuses_a_non_empty_archive_and_bad_files(seeded, tmp_path):
    dump = tmp_path / "dump.json"
    call_command("export_archive", "--output", str(dump))
    with pytest.raises(CommandError, match="not empty"):
        call_command("import_archive", str(dump))
    bad = tmp_path / "bad.json"
    bad.write_text("{nope")
    with pytest.raises(CommandError, match="is not JSON"):
        call_command("import_archive", str(bad))
    bad.write_text('{"format": "something-else"}')
    with pytest.raises(CommandError, match="not a newsroom archive"):
        call_command("import_archive", str(bad))
    assert Article.objects.count() == 5
