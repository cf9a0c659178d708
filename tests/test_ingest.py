"""The ingest end to end: files in, records out, editors' changes kept."""
import json
import shutil

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.ingest import run
from articles.models import Article, Delegation, DuplicateSource, Outlet, Person, Provenance, Quote

from .conftest import SEEDS

pytestmark = pytest.mark.django_db


def test_seeds_are_ingested_with_their_records(seeded):
    assert Article.objects.count() == 5
    assert Outlet.objects.filter(abbreviation="BelTA", country="BY").exists()
    assert Outlet.objects.get(name="Seven Days").parent.abbreviation == "BelTA"
    assert Person.objects.get(name="Duisenova Sandugash").country_id == "KZ"
    assert Quote.objects.filter(speaker__name="Nathan Williams").count() == 1
    assert not Quote.objects.filter(speaker__isnull=False, credited_by="").exists()  # each keeps how it was found
    assert Delegation.objects.filter(articles__isnull=False).count() >= 3
    derived = Article.objects.get(source_file__startswith="003_")
    assert derived.needs_review and derived.publisher.name == "iChongqing" and derived.distributor.name == "PR Newswire"
    assert derived.published.isoformat() == "2025-04-22" and derived.date_source == "stated"


def test_one_outlet_across_articles(seeded):
    assert Outlet.objects.filter(name="China News Service").count() == 1
    assert Outlet.objects.get(name="China News Service").articles.count() == 2
    assert Outlet.objects.filter(name="iChongqing").count() == 1


def test_second_run_changes_nothing(seeded):
    before = list(Article.objects.values_list("pk", "updated_at"))
    report = run([SEEDS])
    assert (report.created, report.updated, report.unchanged) == (0, 0, 5)
    assert list(Article.objects.values_list("pk", "updated_at")) == before


def test_editor_changes_survive_a_reingest(seeded, tmp_path):
    article = Article.objects.get(source_file__startswith="004_")
    article.title = "An editor's title"
    article.mark_edited(["title"])
    article.save()
    quote = article.quotes.get(speaker__name="Chen Yang")
    quote.speaker = Person.objects.get(name="Nathan Williams")
    quote.source = quote.credited_by = Provenance.EDITOR
    quote.save()
    copy = tmp_path / article.source_file
    copy.write_text((SEEDS / article.source_file).read_text() + "\nA new last paragraph was added later on.\n")
    report = run([copy], collection=article.collection.name)
    assert report.updated == 1 and report.kept_edits >= 2
    article.refresh_from_db()
    assert article.title == "An editor's title"
    assert article.body.endswith("A new last paragraph was added later on.")
    assert article.quotes.get(text=quote.text).speaker.name == "Nathan Williams"
    assert article.quotes.get(text=quote.text).credited_by == "editor"
    assert article.quotes.filter(text=quote.text).count() == 1


def test_same_content_under_another_name_is_a_duplicate(seeded, tmp_path):
    copy = tmp_path / "copy.txt"
    shutil.copy(next(SEEDS.glob("000_*.txt")), copy)
    report = run([copy])
    assert report.duplicates == 1 and Article.objects.count() == 5
    assert DuplicateSource.objects.get(source_file="copy.txt").article.source_file.startswith("000_")


def test_dry_run_prints_json_and_writes_nothing(db, capsys):
    call_command("ingest", str(next(SEEDS.glob("001_*.txt"))), "--dry-run")
    output = json.loads(capsys.readouterr().out)
    assert output[0]["title"] == "Media Delegation from Latin America, Eurasia Visits Chongqing"
    assert output[0]["delegations"][0]["stated_size"].startswith("22 media organizations")
    assert Article.objects.count() == 0


@pytest.mark.parametrize("name, content, reason", [
    ("empty.txt", b"", "file is empty"),
    ("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(64), "PNG image"),
    ("nothing.html", b"<html><body><nav>Home</nav></body></html>", "no article text"),
    ("garbage.txt", bytes(range(128, 256)) * 40, ""),
])
def test_bad_files_fail_clearly_and_others_are_stored(db, tmp_path, capsys, name, content, reason):
    (tmp_path / name).write_bytes(content)
    shutil.copy(next(SEEDS.glob("002_*.txt")), tmp_path / "good.txt")
    with pytest.raises(CommandError, match="1 file\\(s\\) failed"):
        call_command("ingest", str(tmp_path))
    err = capsys.readouterr().err
    assert name in err and reason in err
    assert Article.objects.count() == 1


def test_oversized_file_and_missing_path(db, tmp_path, capsys):
    big = tmp_path / "big.txt"
    big.write_bytes(b"Long line. " * 1000)
    with pytest.raises(CommandError):
        call_command("ingest", str(big), "--max-bytes", "100")
    assert "over the 100-byte limit" in capsys.readouterr().err
    with pytest.raises(CommandError, match="no such file or directory"):
        call_command("ingest", str(tmp_path / "missing"))


def test_nothing_stored_is_lost_when_a_file_fails(seeded, tmp_path):
    before = Article.objects.count(), Quote.objects.count()
    (tmp_path / "bad.txt").write_bytes(b"")
    report = run([tmp_path / "bad.txt"])
    assert report.failed == 1
    assert (Article.objects.count(), Quote.objects.count()) == before


def test_summary_line(db, capsys):
    call_command("ingest", str(SEEDS))
    assert "created 5, updated 0, unchanged 0, duplicates 0, failed 0" in capsys.readouterr().out


def test_directory_without_supported_files_fails_clearly(db, tmp_path):
    (tmp_path / "notes.md").write_text("# not an article")
    with pytest.raises(CommandError, match="no supported files here"):
        call_command("ingest", str(tmp_path))


def test_five_megabyte_single_line_finishes_in_seconds(db, tmp_path):
    import time

    huge = tmp_path / "huge.txt"
    huge.write_text("Headline of a Very Long File\n\n" + ("A reporter said \"yes\" to the (Photo/ " * 130_000)[:5_000_000])
    started = time.perf_counter()
    report = run([huge], max_bytes=6_000_000)
    assert time.perf_counter() - started < 60
    assert report.created + report.failed == 1


def test_ingests_send_documents_to_the_index_as_they_go_and_commit_in_steps(
        db, monkeypatch, django_capture_on_commit_callbacks):
    from articles.search import bulk, indexing
    from articles.search.backend import SearchRequest, get_backend

    monkeypatch.setattr(indexing, "SEND_EVERY", 2)  # every second article goes to the sub-writer
    monkeypatch.setattr(bulk, "COMMIT_EVERY", 3)  # and a commit after every third document
    with django_capture_on_commit_callbacks(execute=True):
        report = run([SEEDS])
    assert report.created == 5
    assert get_backend().search(SearchRequest(q="Chongqing")).count() == 5
    assert indexing.check()["missing"] == []


def test_a_large_batch_is_indexed_while_it_is_stored_and_reports_failures(db, tmp_path):
    from articles.search import indexing

    from .test_extraction import wikinews

    rows = [r for r in wikinews(200) if len(r["text"].strip()) > 200][:60]
    for number, row in enumerate(rows):
        (tmp_path / f"w{number:03d}.txt").write_text(f"{row['title']}\n\n{row['text']}")
    (tmp_path / "menu.html").write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    report = run([tmp_path])
    assert (report.created, report.failed) == (len(rows), 1)
    assert "menu.html: no article text found" in report.errors[0]
    assert indexing.check() == {"missing": [], "duplicated": [], "stale": [], "orphaned": [], "outdated": False,
                                "articles": len(rows)}


def test_the_same_file_twice_in_one_batch_is_one_article_and_a_duplicate(db, tmp_path):
    seed = sorted(SEEDS.glob("*.txt"))[0]
    (tmp_path / "a.txt").write_bytes(seed.read_bytes())
    (tmp_path / "b.txt").write_bytes(seed.read_bytes())
    report = run([tmp_path])
    assert (report.created, report.duplicates, report.failed) == (1, 1, 0)
    alone = run([seed], dry_run=True).dry_run_output[0]
    assert Article.objects.get().body == alone["body"]  # its paragraphs were not taken for repeated site text


def test_an_organisation_quoted_is_stored_as_the_quotes_source_and_kept_off_the_outlet_list(tmp_path, client):
    from articles.models import Outlet, Quote

    (tmp_path / "ministry.txt").write_text(
        "Quay closed at night\n\nThe Daily Harbour Times reported the closure. The Harbour Safety Ministry has, in "
        "a statement, urged drivers to “slow down near the quay at night.”\n", encoding="utf-8")
    run([tmp_path])
    quote = Quote.objects.get()
    assert quote.speaker is None and quote.outlet.name == "Harbour Safety Ministry"
    assert quote.outlet.kind == Outlet.Kind.ORGANISATION
    assert b"Harbour Safety Ministry" not in client.get("/outlets/").content
    assert b"Harbour Safety Ministry" in client.get("/outlets/", {"kind": "organisation"}).content
