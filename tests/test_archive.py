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


@pytest.fixture
def dump(seeded, tmp_path):
    """The seeded archive exported, then the database emptied: ready for an import."""
    from articles.models import Delegation, Person

    path = tmp_path / "dump.json"
    call_command("export_archive", "--output", str(path))
    for model in (Article, Outlet, Person, Delegation):
        model.objects.all().delete()
    return path


def refused(dump, data, *expected):
    path = dump.with_name("changed.json")
    path.write_text(json.dumps(data))
    with pytest.raises(CommandError) as raised:
        call_command("import_archive", str(path))
    message = str(raised.value)
    for part in expected:
        assert part in message, message
    assert "Traceback" not in message and "Nothing was imported" in message
    assert Article.objects.count() == Outlet.objects.count() == 0
    return message


def test_import_validates_every_record_before_writing(dump):
    data = json.loads(dump.read_text())
    article, outlet, delegation = data["articles"][0], data["outlets"][0], data["delegations"][0]
    article["slug"] = "<script>alert(1)</script>"
    article["title"] = 42
    data["articles"][1]["title"] = "x" * 600
    data["articles"][2]["published"] = "2024-13-45"
    data["articles"][2]["countries"] = "PL"
    data["articles"][3]["captions"] = [{"position": 0, "text": "A caption", "credit": "", "source": "extracted",
                                       "article_id": 1}]
    outlet["kind"] = "carrier pigeon"
    delegation["start"] = "yesterday"
    delegation["kind"] = "a picnic"
    message = refused(dump, data, "articles[0]", "title: expected text, got int", "articles[1]",
                      "title: Ensure this value has at most 500 characters", "published:",
                      "countries: expected a list", "unknown field 'article_id'", "kind:", "start:",
                      "Value 'a picnic' is not a valid choice")
    assert message.count("\n  ") >= 8


def test_import_checks_names_slugs_and_references(dump):
    data = json.loads(dump.read_text())
    data["articles"][0]["slug"] = "<script>alert(1)</script>"
    refused(dump, data, "slug: Enter a valid “slug”")
    data = json.loads(dump.read_text())
    data["articles"][1]["slug"] = data["articles"][0]["slug"]
    data["articles"][2]["publisher"] = "An Outlet Nobody Has"
    data["articles"][3]["countries"] = ["ZZ"]
    refused(dump, data, "slug:", "appears twice", "outlet 'An Outlet Nobody Has' is not in the archive",
            "country code 'ZZ' is not in the archive")


def test_import_refuses_deep_nesting_and_huge_values_cleanly(dump, tmp_path):
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(CommandError, match="nested too deeply|not a newsroom archive"):
        call_command("import_archive", str(deep))
    data = json.loads(dump.read_text())
    data["articles"][0]["title"] = "T" * 20_000_000
    refused(dump, data, "at most 500 characters")


def test_a_valid_archive_still_imports(dump):
    call_command("import_archive", str(dump))
    assert Article.objects.count() == 5
