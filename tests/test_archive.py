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
    assert data["format"] == "newsroom-archive" and data["version"] == 2
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


def test_a_valid_archive_still_imports_and_is_indexed_whole(dump):
    from articles.models import IndexOutbox
    from articles.search.backend import get_backend

    call_command("import_archive", str(dump))
    ids = set(Article.objects.values_list("pk", flat=True))
    assert len(ids) == 5 and get_backend().indexed(ids) == ids
    assert not IndexOutbox.objects.exists()


def make_large_archive(articles=2_200, people=2_700):
    """An archive of thousands of articles and people, written in bulk: relations of every kind, text in several
    scripts, articles without a date, duplicates in another collection, outlets with parents."""
    import datetime

    from articles.models import (
        Appearance, Caption, Collection, Delegation, DuplicateSource, Person, Provenance, Quote,
    )

    files = Collection.objects.create(name="files", root="/srv/press/files")
    copies = Collection.objects.create(name="copies", root="/srv/press/copies")
    outlets = Outlet.objects.bulk_create([Outlet(name=f"Outlet {n}", slug=f"outlet-{n}", kind="newspaper",
                                                 country_id=["PL", "DE", None][n % 3]) for n in range(40)])
    for outlet in outlets[1:10]:
        outlet.parent = outlets[0]
    Outlet.objects.bulk_update(outlets[1:10], ["parent"])
    persons = Person.objects.bulk_create([Person(name=f"Person {n} Ñandú", slug=f"person-{n}", aliases=[f"P{n}"],
                                                 country_id="PL" if n % 2 else None) for n in range(people)])
    delegations = Delegation.objects.bulk_create([Delegation(name=f"Tour {n}", slug=f"tour-{n}", regions=["Asia"],
                                                             start=datetime.date(2024, 1, n + 1)) for n in range(8)])
    delegations[0].people.set(persons[:30])
    delegations[0].outlets.set(outlets[:5])
    delegations[0].countries.set(["PL", "CN"])
    rows = Article.objects.bulk_create([Article(
        collection=files, slug=f"story-{n}", title=f"Story {n}: «quoted» 中文", source_file=f"sport/{n:05}.txt",
        body=f"Paragraph one of {n}.\n\nParagraph two.", raw_text=f"Story {n}\n\nraw", content_hash=f"{n:064x}",
        published=None if n % 7 == 0 else datetime.date(2020 + n % 5, 1 + n % 12, 1 + n % 28),
        date_source="stated", publisher=outlets[n % 40], edited_fields=["title"] if n % 11 == 0 else [],
        review_reasons=["no speaker"] if n % 13 == 0 else [], needs_review=n % 13 == 0,
    ) for n in range(articles)])
    Article.outlets.through.objects.bulk_create([
        Article.outlets.through(article_id=a.pk, outlet_id=outlets[(n + k) % 40].pk)
        for n, a in enumerate(rows) for k in range(2)])
    Article.countries.through.objects.bulk_create([
        Article.countries.through(article_id=a.pk, country_id=code) for a in rows for code in ("PL", "CN")])
    Article.delegations.through.objects.bulk_create([
        Article.delegations.through(article_id=a.pk, delegation_id=delegations[n % 8].pk)
        for n, a in enumerate(rows) if n % 3 == 0])
    Appearance.objects.bulk_create([
        Appearance(article=a, person=persons[(n * 3 + k) % people], role="minister", outlet=outlets[k],
                   country_id="PL", source=Provenance.EXTRACTED) for n, a in enumerate(rows) for k in range(3)])
    Quote.objects.bulk_create([
        Quote(article=a, speaker=persons[(n * 3) % people] if k else None, text=f"Quote {k} of {n} \"said\"",
              paragraph=k, start=k * 3, end=k * 3 + 10, published=a.published, needs_review=not k)
        for n, a in enumerate(rows) for k in range(2)])
    Caption.objects.bulk_create([Caption(article=a, position=1, text=f"Photo {n}", credit="AFP")
                                 for n, a in enumerate(rows) if n % 5 == 0])
    DuplicateSource.objects.bulk_create([DuplicateSource(article=a, collection=copies, source_file=f"{n:05}.txt")
                                         for n, a in enumerate(rows) if n % 4 == 0])


def empty_database():
    from articles.records.countries import load_countries
    from articles.models import Country

    call_command("flush", interactive=False, verbosity=0)
    load_countries(Country)


def test_thousands_of_articles_and_people_round_trip_byte_for_byte(tmp_path):
    from articles.models import Collection, DuplicateSource, Person

    make_large_archive()
    first, second = tmp_path / "one.json", tmp_path / "two.json"
    call_command("export_archive", "--output", str(first))
    data = json.loads(first.read_text())
    assert list(data) == ["format", "version", "collections", "outlets", "people", "delegations", "articles"]
    assert len(data["articles"]) == 2_200 and len(data["people"]) == 2_700
    assert data["collections"] == [{"name": "copies", "root": "/srv/press/copies"},
                                   {"name": "files", "root": "/srv/press/files"}]
    assert data["articles"][0]["collection"] == "files"
    assert data["articles"][0]["duplicates"] == [{"collection": "copies", "source_file": "00000.txt"}]
    empty_database()
    call_command("import_archive", str(first), stdout=open(tmp_path / "out.txt", "w"))
    assert Article.objects.count() == 2_200 and Person.objects.count() == 2_700
    assert dict(Collection.objects.values_list("name", "root")) == {"copies": "/srv/press/copies",
                                                                    "files": "/srv/press/files"}
    assert DuplicateSource.objects.filter(collection__name="copies").count() == 550
    call_command("export_archive", "--output", str(second))
    assert first.read_bytes() == second.read_bytes()


def test_a_version_1_export_still_imports(dump):
    """Older exports have their sections in alphabetical order (articles first), no list of collections, and
    duplicates as bare file names."""
    data = json.loads(dump.read_text())
    data["version"] = 1
    collections = {c["name"] for c in data.pop("collections")}
    for article in data["articles"]:
        article["duplicates"] = [d["source_file"] for d in article["duplicates"]]
    data["articles"][0]["duplicates"] = ["copy of the first.txt"]
    old = dump.with_name("old.json")
    old.write_text(json.dumps(data, sort_keys=True))
    call_command("import_archive", str(old))
    from articles.models import DuplicateSource

    assert Article.objects.count() == 5
    assert {a.collection.name for a in Article.objects.all()} == collections
    duplicate = DuplicateSource.objects.get()
    assert duplicate.source_file == "copy of the first.txt" and duplicate.collection.name in collections


def refused_text(dump, text, *expected):
    path = dump.with_name("hostile.json")
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    with pytest.raises(CommandError) as raised:
        call_command("import_archive", str(path))
    message = str(raised.value)
    for part in expected:
        assert part in message, message
    assert "Traceback" not in message and message.endswith("Nothing was imported.")
    assert Article.objects.count() == Outlet.objects.count() == 0
    return message


def test_repeated_keys_are_refused_naming_the_record(dump):
    text = dump.read_text()
    slug = json.loads(text)["articles"][2]["slug"]
    message = refused_text(dump, text.replace(f'"slug": "{slug}"', f'"slug": "a/b", "slug": "{slug}"'),
                           "articles[2]: the key 'slug' appears twice in one object")
    assert "\n" not in message
    end = text.rindex("]")
    refused_text(dump, text[:end + 1] + ',\n "articles": []' + text[end + 1:],
                 "the top-level key 'articles' appears twice")


def test_a_person_twice_in_one_article_and_a_lone_surrogate_are_one_line_refusals(dump):
    data = json.loads(dump.read_text())
    article = next(a for a in data["articles"] if a["people"])
    article["people"].append(dict(article["people"][0]))
    message = refused(dump, data, f"({article['slug'][:60]!r}): people: person {article['people'][0]['name']!r} "
                                  "appears twice in this article")
    assert "\n" not in message
    data = json.loads(dump.read_text())
    text = json.dumps(data).replace('"body": "', '"body": "\\ud800', 1)
    message = refused_text(dump, text, "articles[0]", "body: a lone surrogate (U+D800) is not text that can be stored")
    assert "\n" not in message


def test_references_to_records_not_in_the_file_are_refused(dump):
    data = json.loads(dump.read_text())
    data["articles"][0]["collection"] = "a collection nobody has"
    data["articles"][1]["delegations"] = ["A Tour Nobody Made"]
    data["articles"][2]["people"][:0] = [{"name": "Nobody Known", "role": "", "outlet": None, "country": None,
                                          "source": "extracted"}]
    data["delegations"][0]["articles"].append("no-such-article")
    refused(dump, data, "articles[0]", "collection: collection 'a collection nobody has' is not in the archive",
            "delegation 'A Tour Nobody Made' is not in the archive", "person 'Nobody Known' is not in the archive",
            "article 'no-such-article' is not in the archive")


def test_a_database_error_is_a_one_line_refusal_naming_the_record(dump, monkeypatch):
    from django.db import IntegrityError

    from articles.models import Quote

    data = json.loads(dump.read_text())
    data["articles"][3]["quotes"].append({"text": "boom", "speaker": None, "outlet": None, "paragraph": 0,
                                          "start": 0, "end": 0, "source": "extracted", "needs_review": True})
    real = type(Quote.objects).bulk_create

    def refuse_boom(manager, objs, *args, **kwargs):
        if any(getattr(q, "text", None) == "boom" for q in objs):
            raise IntegrityError("CHECK constraint failed: no booms\nDETAIL: more")
        return real(manager, objs, *args, **kwargs)

    monkeypatch.setattr(type(Quote.objects), "bulk_create", refuse_boom)
    message = refused(dump, data, f"articles[3] ({data['articles'][3]['slug'][:60]!r}): the database refused it "
                                  "(CHECK constraint failed: no booms)")
    assert "\n" not in message


def test_an_export_is_written_whole_or_not_at_all(seeded, tmp_path, monkeypatch):
    from articles.records import archive

    folder = tmp_path / "backups"
    folder.mkdir()
    target = folder / "backup.json"
    target.write_text("the previous backup")

    def broken(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(archive, "_article", broken)
    with pytest.raises(CommandError, match="cannot write .*backup.json: No space left on device"):
        call_command("export_archive", "--output", str(target))
    assert target.read_text() == "the previous backup" and list(folder.iterdir()) == [target]
