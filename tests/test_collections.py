"""Ingesting real collections: nested folders, saved-page layouts, damaged files, hostile links.

Every file here is written for the test; none is a copy of a corpus article.
"""
import os
import socket

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from articles.ingest import run
from articles.ingest.cleaning import clean_text
from articles.ingest.extraction.facts import Extraction, PersonFact
from articles.ingest.reading import read_source
from articles.ingest.store import Directory, store
from articles.models import Article, Collection, DeletedArticle, DuplicateSource, Outlet
from articles.search import indexing
from articles.search.backend import SearchRequest, get_backend

pytestmark = pytest.mark.django_db


def story(title, *paragraphs):
    return "\n\n".join([title, *paragraphs]) + "\n"


HARBOUR = story("Port Authority Approves Harbour Expansion Plan",
                "The port authority approved a plan on Monday to expand the harbour, officials said.",
                "\"This will double our capacity,\" said Ann Lee, the authority's director.")
CUP = story("Local Team Wins the Regional Cup Final",
            "The local team won the regional cup final on Sunday in front of a full stadium.",
            "\"We played with heart,\" coach Tom Brown said after the match.")


def ingest(*paths, capture):
    with capture(execute=True):
        return run([str(p) for p in paths])


def index_is_clean():
    report = indexing.check()
    return not (report["missing"] or report["duplicated"] or report["stale"] or report["orphaned"])


# 1. one file never aborts the run ---------------------------------------------------------------
def test_two_spellings_of_one_name_are_one_appearance(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(HARBOUR)
    source = read_source(path, max_bytes=10_000)
    document = clean_text(source.text)
    extraction = Extraction(people=[PersonFact("Ann Lee", role="director"), PersonFact("ANN Lee")])
    collection = Collection.objects.create(name="harbour", root=str(tmp_path))
    outcome = store(source, document, extraction, Directory(), collection)
    assert outcome.status == "created"
    assert [a.person.name for a in outcome.article.appearances.all()] == ["Ann Lee"]


@pytest.fixture
def refuse_titles_with_boom():
    """A real database failure while one file is stored: a trigger refuses one article's insert."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("CREATE FUNCTION refuse_boom() RETURNS trigger AS $$ BEGIN IF NEW.title LIKE '%Boom%' "
                           "THEN RAISE EXCEPTION 'refused by a test trigger'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql")
            cursor.execute("CREATE TRIGGER refuse_boom BEFORE INSERT ON articles_article "
                           "FOR EACH ROW EXECUTE FUNCTION refuse_boom()")
        else:
            cursor.execute("CREATE TRIGGER refuse_boom BEFORE INSERT ON articles_article WHEN NEW.title LIKE '%Boom%' "
                           "BEGIN SELECT RAISE(ABORT, 'refused by a test trigger'); END")
    yield
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER refuse_boom" + (" ON articles_article" if connection.vendor == "postgresql" else ""))


def test_a_file_that_fails_while_stored_fails_alone(tmp_path, capsys, refuse_titles_with_boom):
    (tmp_path / "a.txt").write_text(HARBOUR)
    (tmp_path / "b.txt").write_text(story("Boom Times for the City Market", "Traders at the market had their best "
                                          "week of the year, the market's manager said on Friday."))
    (tmp_path / "c.txt").write_text(CUP)
    with pytest.raises(CommandError, match="1 file\\(s\\) failed"):
        call_command("ingest", str(tmp_path))
    output = capsys.readouterr()
    assert "b.txt: could not be stored, nothing of it was written" in output.err
    assert "refused by a test trigger" in output.err and "Traceback" not in output.err
    assert "3 files: created 2, updated 0, unchanged 0, duplicates 0, failed 1" in output.out
    assert sorted(Article.objects.values_list("source_file", flat=True)) == ["a.txt", "c.txt"]


# 2. identity is the path in the folder ------------------------------------------------------------
def test_same_file_name_in_two_folders_is_two_articles(tmp_path, django_capture_on_commit_callbacks):
    for folder, text in (("business", HARBOUR), ("sport", CUP)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "001.txt").write_text(text)
    report = ingest(tmp_path, capture=django_capture_on_commit_callbacks)
    assert (report.files, report.created) == (2, 2)
    assert sorted(Article.objects.values_list("source_file", flat=True)) == ["business/001.txt", "sport/001.txt"]
    again = ingest(tmp_path, capture=django_capture_on_commit_callbacks)
    assert (again.unchanged, again.created, again.updated) == (2, 0, 0)
    assert index_is_clean()


def test_two_folders_ingested_one_after_the_other_never_overwrite_each_other(
        tmp_path, django_capture_on_commit_callbacks):
    for folder, text in (("A", HARBOUR), ("B", CUP)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "001.txt").write_text(text)
    first = ingest(tmp_path / "A", capture=django_capture_on_commit_callbacks)
    second = ingest(tmp_path / "B", capture=django_capture_on_commit_callbacks)
    assert (first.created, second.created, second.updated) == (1, 1, 0)
    by_collection = dict(Article.objects.values_list("collection__name", "title"))
    assert by_collection == {"A": "Port Authority Approves Harbour Expansion Plan",
                             "B": "Local Team Wins the Regional Cup Final"}
    assert dict(Collection.objects.values_list("name", "root")) == {
        "A": str((tmp_path / "A").resolve()), "B": str((tmp_path / "B").resolve())}
    assert index_is_clean()


def test_a_renamed_folder_is_adopted_and_a_copied_one_is_a_duplicate(tmp_path, django_capture_on_commit_callbacks):
    (tmp_path / "2024").mkdir()
    (tmp_path / "2024" / "001.txt").write_text(HARBOUR)
    ingest(tmp_path / "2024", capture=django_capture_on_commit_callbacks)
    article = Article.objects.get()
    (tmp_path / "2024").rename(tmp_path / "coverage-2024")
    moved = ingest(tmp_path / "coverage-2024", capture=django_capture_on_commit_callbacks)
    assert (moved.unchanged, moved.created, moved.duplicates) == (1, 0, 0)
    article.refresh_from_db()
    assert (article.collection.name, article.source_file) == ("coverage-2024", "001.txt")
    (tmp_path / "copy").mkdir()
    (tmp_path / "copy" / "001.txt").write_text(HARBOUR)  # the original is still in its folder: a copy
    copied = ingest(tmp_path / "copy", capture=django_capture_on_commit_callbacks)
    assert (copied.duplicates, copied.created) == (1, 0) and Article.objects.count() == 1
    assert DuplicateSource.objects.get().collection.name == "copy"


def test_a_folder_named_into_a_collection_updates_its_articles(tmp_path, django_capture_on_commit_callbacks):
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "001.txt").write_text(HARBOUR)
    ingest(tmp_path / "old", capture=django_capture_on_commit_callbacks)
    (tmp_path / "new").mkdir()
    (tmp_path / "new" / "001.txt").write_text(HARBOUR + "\nThe work starts next spring, the authority said.\n")
    with django_capture_on_commit_callbacks(execute=True):
        report = run([str(tmp_path / "new")], collection="old")
    assert (report.updated, report.created) == (1, 0) and Article.objects.count() == 1
    assert Collection.objects.get(name="old").root == str((tmp_path / "new").resolve())
    assert index_is_clean()


def test_an_article_an_editor_deleted_stays_deleted_unless_restored(tmp_path, django_capture_on_commit_callbacks):
    (tmp_path / "001.txt").write_text(HARBOUR)
    (tmp_path / "002.txt").write_text(CUP)
    ingest(tmp_path, capture=django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        Article.objects.get(source_file="001.txt").delete()
    again = ingest(tmp_path, capture=django_capture_on_commit_callbacks)
    assert (again.deleted, again.created, again.unchanged) == (1, 0, 1)
    assert "deleted by editors 1" in again.summary()
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "harbour.txt").write_text(HARBOUR)  # the same content under another name
    assert ingest(tmp_path / "elsewhere", capture=django_capture_on_commit_callbacks).deleted == 1
    assert not Article.objects.filter(source_file__endswith="harbour.txt").exists() and index_is_clean()
    with django_capture_on_commit_callbacks(execute=True):
        restored = run([str(tmp_path)], restore_deleted=True)
    assert restored.created == 1 and Article.objects.filter(source_file="001.txt").exists()
    assert not DeletedArticle.objects.exists() and index_is_clean()


def test_a_file_ingested_alone_then_with_its_folder_is_one_article(tmp_path, django_capture_on_commit_callbacks):
    (tmp_path / "sport").mkdir()
    (tmp_path / "business").mkdir()
    (tmp_path / "sport" / "001.txt").write_text(CUP)
    (tmp_path / "business" / "001.txt").write_text(HARBOUR)
    ingest(tmp_path / "sport" / "001.txt", capture=django_capture_on_commit_callbacks)  # "001.txt" in "sport"
    alone = Article.objects.get()
    report = ingest(tmp_path, capture=django_capture_on_commit_callbacks)
    assert (report.created, report.unchanged, report.updated) == (1, 1, 0)  # moved to its path, not rewritten
    alone.refresh_from_db()
    assert alone.source_file == "sport/001.txt" and Article.objects.count() == 2
    assert alone.collection.root == str(tmp_path.resolve())


def test_a_moved_file_is_recognised_by_its_content(tmp_path, django_capture_on_commit_callbacks):
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "a.txt").write_text(HARBOUR)
    ingest(tmp_path, capture=django_capture_on_commit_callbacks)
    (tmp_path / "new").mkdir()
    (tmp_path / "old" / "a.txt").rename(tmp_path / "new" / "renamed.txt")
    report = ingest(tmp_path, capture=django_capture_on_commit_callbacks)
    assert (report.unchanged, report.created, report.duplicates) == (1, 0, 0) and Article.objects.count() == 1
    assert Article.objects.get().source_file == "new/renamed.txt" and not DuplicateSource.objects.exists()


# 3. the page address on the first line ----------------------------------------------------------------
@pytest.mark.parametrize("first_line", [
    "https://www.harbour-daily.co.uk/news/2024/05/port-expands?utm_source=feed&utm_medium=rss",
    "URL: https://www.harbour-daily.co.uk/news/2024/05/port-expands",
    "Source: www.harbour-daily.co.uk/news/2024/05/port-expands",
])
def test_a_url_line_is_the_source_address_not_the_title(first_line):
    document = clean_text(f"{first_line}\n{HARBOUR}")
    assert document.title == "Port Authority Approves Harbour Expansion Plan"
    assert document.source_url == "https://www.harbour-daily.co.uk/news/2024/05/port-expands"
    assert document.publisher == "harbour-daily.co.uk"
    assert [r.reason for r in document.removed] == ["page address (kept as the source URL)"]
    assert document.body_text().startswith("The port authority approved")


def test_a_site_header_names_the_publisher_before_the_address_does():
    document = clean_text(f"https://www.harbour-daily.co.uk/news/1\nHarbour Daily\n{HARBOUR}")
    assert document.publisher == "Harbour Daily"


def test_the_address_is_stored_with_the_article(tmp_path, django_capture_on_commit_callbacks):
    (tmp_path / "a.txt").write_text(f"https://news.example.org/world/2024/port\n{HARBOUR}")
    ingest(tmp_path, capture=django_capture_on_commit_callbacks)
    article = Article.objects.get()
    assert article.source_url == "https://news.example.org/world/2024/port"
    assert article.slug.startswith("port-authority-approves")
    assert article.publisher.name == "example.org"


# 4. datelines ----------------------------------------------------------------------------------------------
REST = "The government said on Monday it would open an inquiry into the contract."


@pytest.mark.parametrize("line, dateline, distributor", [
    (f"BEIJING, March 5 (Xinhua) -- {REST}", "Beijing", "Xinhua"),
    (f"NAIROBI: {REST}", "Nairobi", ""),
    (f"Lagos (March 5, 2024) — {REST}", "Lagos", ""),
    (f"Accra, Jan 12, GNA - {REST}", "Accra", "GNA"),
    (f"Dhaka, Jan 12 (UNB) - {REST}", "Dhaka", "UNB"),
    (f"Harbour News Agency, 5 March - {REST}", "", "Harbour News Agency"),
    (f"WASHINGTON — {REST}", "Washington", ""),
])
def test_dateline_forms_are_cut_at_their_own_punctuation(line, dateline, distributor):
    document = clean_text(story("A Headline For The Story Here", line, "A second paragraph follows here."))
    assert document.body_text().startswith("The government said on Monday")
    assert (document.dateline, document.distributor) == (dateline, distributor)


@pytest.mark.parametrize("first", [
    "The Anti-Corruption Commission said on Monday it would open an inquiry into the contract.",
    "Self-Driving Cars - A Review of the Year's Models is what the magazine called its survey.",
    "UPDATE: The government said on Monday it would open an inquiry into the contract.",
    "Note: The government said on Monday it would open an inquiry into the contract.",
])
def test_a_hyphenated_word_or_a_label_is_not_a_dateline(first):
    document = clean_text(story("A Headline For The Story Here", first, "A second paragraph follows here."))
    assert document.body_text().startswith(first) and document.dateline == ""


def test_a_dated_dateline_dates_the_article():
    document = clean_text(story("A Headline For The Story Here", f"Lagos (March 5, 2024) — {REST}"))
    assert document.published.isoformat() == "2024-03-05" and document.date_source == "stated"


# 5. lines shared by a few articles are content; a site's header is not ----------------------------------------
def test_a_headline_two_files_share_is_kept_in_both(tmp_path, django_capture_on_commit_callbacks):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(HARBOUR.replace("officials said", f"officials said ({name})"))
    ingest(tmp_path, capture=django_capture_on_commit_callbacks)
    assert set(Article.objects.values_list("title", flat=True)) == {"Port Authority Approves Harbour Expansion Plan"}


def test_a_sites_header_and_footer_across_its_pages_are_removed_with_their_reason(
        tmp_path, django_capture_on_commit_callbacks):
    for n in range(5):
        (tmp_path / f"{n}.txt").write_text(
            f"Harbour Daily\nNews Sport Business Weather\nHarbour Number {n} Opens a New Terminal Today\n\n"
            f"The harbour opened terminal {n} on Monday, officials said.\n\nThe Harbour Daily Team\n")
    ingest(tmp_path, capture=django_capture_on_commit_callbacks)
    article = Article.objects.get(source_file="3.txt")
    assert article.title == "Harbour Number 3 Opens a New Terminal Today"
    assert article.body == "The harbour opened terminal 3 on Monday, officials said."


def test_figures_at_the_end_are_content_not_footer():
    document = clean_text(story("Election Results In The Harbour District", "Counting ended overnight.",
                                "Turnout: 61%", "Lee: 12,450 votes", "Brown: 9,310 votes"))
    assert document.body_text().endswith("Brown: 9,310 votes")


# 7. encodings ----------------------------------------------------------------------------------------------------
def test_mostly_utf8_with_a_few_bad_bytes_stays_utf8(tmp_path, django_capture_on_commit_callbacks):
    text = story("Reporters Visit Łódź and Gdańsk This Week", "The reporters toured Łódź on Monday "
                 "and Gdańsk on Tuesday, the organisers said.", "Żaneta Kowalska guided the group.")
    data = text.encode("utf-8").replace(b"guided", b"gu\xe9ided")
    (tmp_path / "a.txt").write_bytes(data)
    ingest(tmp_path, capture=django_capture_on_commit_callbacks)
    article = Article.objects.get()
    assert "Łódź" in article.title and "Żaneta" in article.body and "gu\ufffdided" in article.body
    assert any("not valid UTF-8" in reason for reason in article.review_reasons)


def test_a_latin1_file_is_still_decoded_as_latin1(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(story("Café Owners Meet the Mayor", "The café owners met the mayor.").encode("latin-1"))
    assert "Café Owners" in read_source(path, max_bytes=10_000).text


# 8. links and special files ------------------------------------------------------------------------------------
def test_links_out_of_the_folder_and_special_files_are_refused(tmp_path, capsys):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(story("Secret Headline Outside The Folder", "Not to be read, ever."))
    folder = tmp_path / "collection"
    folder.mkdir()
    (folder / "good.txt").write_text(HARBOUR)
    (folder / "leak.txt").symlink_to(outside / "secret.txt")
    (folder / "linked-folder").symlink_to(outside, target_is_directory=True)
    (folder / "inside-link.txt").symlink_to(folder / "good.txt")
    os.mkfifo(folder / "pipe.txt")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(folder / "sock.txt"))
    try:
        with pytest.raises(CommandError, match="4 file\\(s\\) failed"):
            call_command("ingest", str(folder))
    finally:
        server.close()
    err = capsys.readouterr().err
    assert "leak.txt: a link to" in err and "outside the folder" in err
    assert "linked-folder: a link to the folder" in err
    assert "pipe.txt: a FIFO, not a regular file" in err and "sock.txt: a socket" in err
    assert not Article.objects.filter(title__contains="Secret").exists()
    assert Article.objects.count() == 1 and DuplicateSource.objects.count() == 1  # the inside link: same content


# 10. the index follows every record an ingest changes ----------------------------------------------------------
def test_an_alias_added_by_a_later_ingest_reindexes_the_outlets_articles(tmp_path, django_capture_on_commit_callbacks):
    (tmp_path / "a.txt").write_text(story("Harbour Workers Vote to Accept the Offer", "Harbour workers accepted "
                                          "the offer on Monday, the Harbour News Agency reported."))
    ingest(tmp_path / "a.txt", capture=django_capture_on_commit_callbacks)
    (tmp_path / "b.txt").write_text(story("Harbour Strike Ends After Two Weeks", "The strike ended on Friday, the "
                                          "Harbour News Agency (HNA) reported."))
    ingest(tmp_path / "b.txt", capture=django_capture_on_commit_callbacks)
    outlet = Outlet.objects.get(name="Harbour News Agency")
    assert outlet.abbreviation == "HNA" and outlet.articles.count() + Article.objects.filter(publisher=outlet).count() >= 1
    assert index_is_clean()
    assert get_backend().search(SearchRequest(q="outlet:HNA")).count() == 2


def test_an_outlet_changed_later_reindexes_the_articles_it_distributed(tmp_path, django_capture_on_commit_callbacks):
    (tmp_path / "a.txt").write_text(story("Dock Workers Return After the Strike", "PORT TOWN, June 3 (Harbour News Agency) "
                                          "-- Dock workers returned to the quays on Monday after a two-week strike."))
    ingest(tmp_path / "a.txt", capture=django_capture_on_commit_callbacks)
    wire = Article.objects.get().distributor
    assert wire is not None and wire.name == "Harbour News Agency"
    (tmp_path / "b.txt").write_text(story("Port Reopens to Shipping", "The port reopened on Tuesday, the Harbour "
                                          "News Agency (HNA) reported."))
    ingest(tmp_path / "b.txt", capture=django_capture_on_commit_callbacks)
    wire.refresh_from_db()
    assert wire.abbreviation == "HNA"
    assert index_is_clean()  # the distributed article shows the agency's names: it was indexed again
    assert get_backend().search(SearchRequest(q="outlet:HNA")).count() == 2


# 9. a file that is no article stays bounded -----------------------------------------------------------------
def test_a_huge_file_is_read_for_people_and_quotes_only_up_to_a_cap():
    from articles.ingest.extraction import MAX_EXTRACTED_CHARS, extract

    paragraph = "\"We will open the new terminal in {n} weeks,\" said Ann Lee, the port's director, on Monday."
    blocks = [paragraph.format(n=n) for n in range(12_000)]  # about a megabyte of quotes
    document = clean_text(story("A Port Log That Is Not One Article", *blocks))
    extraction = extract(document)
    assert len(extraction.quotes) < MAX_EXTRACTED_CHARS / len(paragraph) + 1
    assert extraction.review_reasons and "too long to be one article" in extraction.review_reasons[0]
    assert len(document.body_blocks()) == 12_000  # the text itself is all kept


# 6. saved HTML pages -------------------------------------------------------------------------------------------
STORM_PAGE = """<html><head><title>Storm Floods the Harbour District | Harbour Daily</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Storm Floods the Harbour District</h1>
<p class="dateline">Harbour Beach, FL<br>June 10, 2024</p>
<p>The storm flooded the harbour district on Monday night, officials said, and thousands of homes lost power.</p>
<figure><img src="pier.jpg"><figcaption>Waves break over the pier on Monday night.
  <span class="credit">Ann Lee / Harbour Daily</span></figcaption></figure>
<p>Rescue crews worked through the night to reach families stranded by the rising water, the fire chief said.</p>
<div class="photo-gallery"><h2>Photo gallery</h2><p>1 of 12</p><p>Swipe for more</p></div>
<div class="social-share"><h3>Share this story</h3><a href="#">Facebook</a></div>
<p>Forecasters expect more rain later in the week, and the council has opened two shelters for residents.</p>
</article><footer>Harbour Daily, all rights reserved</footer></body></html>"""

TABLE_PAGE = """<html><head><title>Harbour Ferry Timetable for the Summer Season</title></head><body><article>
<h1>Harbour Ferry Timetable for the Summer Season</h1>
<table><tr><th>Route</th><th>First ferry</th><th>Last ferry</th></tr>
<tr><td>Harbour to Island</td><td>06:10</td><td>22:40</td></tr>
<tr><td>Island to Harbour</td><td>06:45</td><td>23:15</td></tr>
<tr><td>Harbour to Lighthouse Point</td><td>07:30</td><td>19:00</td></tr></table>
</article></body></html>"""


def test_html_line_breaks_captions_and_widgets():
    from articles.ingest.html import clean_html

    document = clean_html(STORM_PAGE)
    body = document.body_text()
    assert "FLJune" not in body and "Photo gallery" not in body and "Share this story" not in body
    assert "1 of 12" not in body and "Waves break" not in body
    assert body.count("## ") == 0
    assert [(c.text, c.credit) for _, c in document.captions()] == [
        ("Waves break over the pier on Monday night.", "Ann Lee / Harbour Daily")]
    position, _ = document.captions()[0]
    assert document.body_blocks()[position].text.startswith("Rescue crews worked")


def test_an_article_that_is_a_table_keeps_its_rows():
    from articles.ingest.html import clean_html

    document = clean_html(TABLE_PAGE)
    assert document.title == "Harbour Ferry Timetable for the Summer Season"
    assert "Harbour to Island | 06:10 | 22:40" in document.body_text()
    assert "Harbour to Lighthouse Point | 07:30 | 19:00" in document.body_text()
