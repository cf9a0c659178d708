"""Copies of one story across outlets: made copies of real Wikinews articles (a new headline, a local first
paragraph and a cut ending, an agency's dateline with reworded verbs) join their original's story; articles
written independently about one event, or on one template, stay apart; ``group_copies`` gives the ingest's
groups; an editor's choice stays; search shows one result per story."""
from datetime import date, timedelta
import io
import tarfile

from django.conf import settings
from django.core.management import call_command
import pytest

from articles.bench.corpus import wikinews_rows
from articles.ingest import run
from articles.models import Article, CopyBand, Story
from articles.records import stories
from articles.search import indexing
from articles.search.backend import SearchRequest, get_backend

from .test_visits import AGENCY, RELEASE, VISITORS_PAPER

pytestmark = pytest.mark.django_db

LOCAL_LEAD = ("Readers in Lagos have followed this story closely this week, and our newsroom brings it to them "
              "from our partner agency, with the reporting it filed from abroad.")


def _dated(title, day, paragraphs, source=""):
    head = f"{title}\n\n" + (f"Source: {source}\n\n" if source else "")
    return f"{head}{day:%B} {day.day}, {day.year}\n\n" + "\n\n".join(paragraphs) + "\n"


def _paragraphs(row):
    return [p.strip() for p in row["text"].split("\n") if p.strip()]


def retitled(row, day):
    """The whole story under another headline, a day later."""
    return _dated(f"What happened: {row['title'].lower()}", day + timedelta(days=1), _paragraphs(row),
                  source="Evening Courier")


def local_lead_cut_end(row, day):
    """A local first paragraph, then the story without its last third."""
    paragraphs = _paragraphs(row)
    kept = paragraphs[:max(2, len(paragraphs) * 2 // 3)]
    return _dated(row["title"], day + timedelta(days=2), [LOCAL_LEAD, *kept], source="Lagos Ledger")


def reworded_with_credit(row, day):
    """The agency's dateline, "said" and "says" reworded, two days later."""
    paragraphs = [p.replace(" said", " stated").replace(" says", " states") for p in _paragraphs(row)]
    paragraphs[0] = f"LIMA, {day:%B} {day.day} (Wikinews) -- {paragraphs[0]}"
    return _dated(f"{row['title']} (update)", day + timedelta(days=2), paragraphs, source="Andes Wire")


COPIES = [retitled, local_lead_cut_end, reworded_with_credit]


def _long_rows(count):
    """Wikinews articles long enough to be copied (a brief is never grouped), one per title."""
    rows = [row for row in wikinews_rows() if 250 <= len(row["text"].split()) <= 1500
            and not row["title"].startswith("Wikinews interviews")]
    return rows[:count]


@pytest.fixture
def copied(tmp_path):
    """Ten Wikinews articles as their agency filed them, and three copies of each by other outlets."""
    originals, copies = tmp_path / "wire", tmp_path / "outlets"
    originals.mkdir(), copies.mkdir()
    rows = _long_rows(10)
    for number, row in enumerate(rows):
        day = date.fromisoformat(row["date"][:10])
        (originals / f"{number:02d}.txt").write_text(_dated(row["title"], day, _paragraphs(row), source="Wikinews"))
        for make in COPIES:
            (copies / f"{number:02d}-{make.__name__}.txt").write_text(make(row, day))
    assert run([str(originals)]).created == 10
    assert run([str(copies)]).created == 30
    return rows


def _groups():
    """The archive's stories as sets of source files."""
    groups = {}
    for article in Article.objects.exclude(story=None):
        groups.setdefault(article.story_id, set()).add(article.source_file)
    return sorted(sorted(files) for files in groups.values())


def test_every_made_copy_joins_its_originals_story_and_the_original_is_the_agencys(copied):
    for number in range(len(copied)):
        original = Article.objects.get(source_file=f"{number:02d}.txt")
        assert original.story is not None, original.title
        assert original.story.original == original
        for make in COPIES:
            copy = Article.objects.get(source_file=f"{number:02d}-{make.__name__}.txt")
            assert copy.story_id == original.story_id, (make.__name__, copy.title)
            assert 0.7 <= copy.copy_overlap <= 1.0
    assert Story.objects.count() == len(copied)


def test_a_copy_says_what_it_changed(copied):
    cut = Article.objects.get(source_file="00-local_lead_cut_end.txt")
    assert cut.copy_changes["added_count"] == 1 and cut.copy_changes["added"][0].startswith("Readers in Lagos")
    assert cut.copy_changes["cut_count"] >= 1
    assert cut.copy_changes["headline"] == ""
    retitled_copy = Article.objects.get(source_file="00-retitled.txt")
    assert retitled_copy.copy_changes["headline"].startswith("What happened")
    assert retitled_copy.copy_changes["added_count"] == retitled_copy.copy_changes["cut_count"] == 0


def test_independent_reports_of_one_event_stay_apart(tmp_path):
    """Three reports of one visit (names, places and date in common) and Wikinews interviews written on one
    questionnaire share words, not text."""
    interviews = [row for row in wikinews_rows() if row["title"].startswith("Wikinews interviews")][:8]
    assert len(interviews) >= 5
    for name, text in {"agency.txt": AGENCY, "release.txt": RELEASE, "paper.txt": VISITORS_PAPER}.items():
        (tmp_path / name).write_text(text)
    for number, row in enumerate(interviews):
        (tmp_path / f"interview-{number}.txt").write_text(f"{row['title']}\n\n{row['text']}\n")
    assert run([str(tmp_path)]).created == 3 + len(interviews)
    assert Story.objects.count() == 0


def test_independently_written_russian_articles_on_one_subject_stay_apart(tmp_path):
    """A hundred of one reporter's articles on the same beat (Meduza): none is another's copy."""
    with tarfile.open(settings.BASE_DIR / "corpus" / "ru-meduza" / "meduza_golunov.tar.gz") as archive:
        for member in [m for m in archive.getmembers() if m.isfile() and m.name.endswith(".txt")][:40]:
            text = io.TextIOWrapper(archive.extractfile(member), encoding="utf-8").read()
            (tmp_path / member.name.rsplit("/", 1)[-1]).write_text(f"{member.name[-60:]}\n\n{text}\n")
    assert run([str(tmp_path)]).created >= 30
    assert Story.objects.count() == 0


def test_group_copies_gives_the_ingests_groups(copied):
    at_ingest = _groups()
    call_command("group_copies", stdout=io.StringIO())
    assert _groups() == at_ingest
    assert len(at_ingest) == len(copied) and all(len(files) == 4 for files in at_ingest)


def test_a_dry_run_of_group_copies_times_grouping_and_keeps_nothing(copied):
    at_ingest = _groups()
    out = io.StringIO()
    call_command("group_copies", "--dry-run", stdout=out)
    assert f"{len(copied) * 4} article(s) compared: {len(copied)} stories with copies would be made" in out.getvalue()
    assert " ms an article (median)" in out.getvalue()
    assert _groups() == at_ingest and CopyBand.objects.count() > 0


def test_an_editors_detached_copy_stays_detached(copied):
    copy = Article.objects.get(source_file="01-retitled.txt")
    story = copy.story
    copy.story = None
    copy.mark_edited(["story"])
    copy.save()
    stories.settle(story)
    call_command("group_copies", stdout=io.StringIO())
    copy.refresh_from_db()
    assert copy.story is None
    original = Article.objects.get(source_file="01.txt")
    assert Article.objects.filter(story=original.story).count() == 3


def test_deleting_a_storys_original_makes_another_copy_the_original_and_keeps_the_index_current(copied):
    original = Article.objects.get(source_file="02.txt")
    story = original.story
    original.delete()
    story.refresh_from_db()
    members = set(story.articles.values_list("pk", flat=True))
    assert len(members) == 3 and story.original_id in members
    assert Article.objects.get(pk=story.original_id).copy_overlap is None
    report = indexing.check()
    assert report["stale"] == report["missing"] == report["orphaned"] == []
    for pk in sorted(members - {story.original_id})[:1]:
        Article.objects.get(pk=pk).delete()
    Article.objects.filter(pk__in=members).exclude(pk=story.original_id).exclude(
        pk__in=sorted(members - {story.original_id})[:1]).delete()
    assert not Story.objects.filter(pk=story.pk).exists()  # one article left: no story
    assert Article.objects.get(pk=story.original_id).story is None
    report = indexing.check()
    assert report["stale"] == report["missing"] == report["orphaned"] == []


def test_search_lists_one_result_per_story_unless_asked_for_every_copy(copied):
    title_word = copied[0]["title"].split()[0]
    backend = get_backend()
    backend.reset()
    stories_only = backend.search(SearchRequest(filters={"copy": ["original", "copy"]}))
    every_copy = backend.search(SearchRequest(filters={"copy": ["original", "copy"]}, every_copy=True))
    assert stories_only.count() == len(copied)
    assert stories_only.articles() == every_copy.count() == 4 * len(copied)
    shown = [Article.objects.get(pk=hit.article_id).story_id for hit in stories_only[:20]]
    assert len(shown) == len(set(shown)) == len(copied)
    originals = backend.search(SearchRequest(filters={"copy": ["original"]}, every_copy=True))
    assert originals.count() == len(copied)
    assert title_word


def test_the_search_page_folds_copies_into_their_story_and_lists_them_on_request(copied, client):
    page = client.get("/", {"copy": ["original", "copy"]}).content.decode()
    assert f"<strong>{len(copied)}</strong> stories" in page
    assert f"in {4 * len(copied)} articles" in page
    assert page.count('class="story-reach') == len(copied)
    assert "Also published by 3 outlets" in page
    every = client.get("/", {"copy": ["original", "copy"], "every_copy": "on"}).content.decode()
    assert f"<strong>{4 * len(copied)}</strong> articles" in every and "one result per story" in every


def test_a_story_page_shows_where_the_story_travelled_and_what_each_copy_changed(copied, client):
    original = Article.objects.get(source_file="00.txt")
    page = client.get(f"/stories/{original.story_id}/").content.decode()
    assert page.count("<tr") == 1 + 4  # the header and the four articles
    assert "<strong>original</strong>" in page and "new headline" in page and "1 paragraph added" in page
    assert "Published by 4 outlets" in page
    article_page = client.get(original.get_absolute_url()).content.decode()
    assert "The original of a story other outlets copied" in article_page


def test_an_outlets_page_says_how_much_of_it_is_copy_and_whose(copied, client):
    courier = Article.objects.get(source_file="00-retitled.txt").publisher
    page = client.get(courier.get_absolute_url()).content.decode()
    assert f"Of its {len(copied)} articles in the archive, {len(copied)} are copies" in page
    assert "Wikinews</a> (10)" in page


def test_a_backup_keeps_the_stories_and_an_editors_choice(copied, tmp_path):
    detached = Article.objects.get(source_file="02-retitled.txt")
    story = detached.story
    detached.story = None
    detached.mark_edited(["story"])
    detached.save()
    stories.settle(story)
    groups = _groups()
    first, second = tmp_path / "one.json", tmp_path / "two.json"
    call_command("export_archive", "--output", str(first))
    from articles.models import Delegation, Outlet, Person
    for model in (Article, Story, Outlet, Person, Delegation):
        model.objects.all().delete()
    call_command("import_archive", str(first), stdout=io.StringIO())
    assert _groups() == groups
    assert all(s.original.source_file[2:] == ".txt" for s in Story.objects.select_related("original"))
    call_command("export_archive", "--output", str(second))
    assert first.read_text() == second.read_text()
    # the bands are written again: a copy ingested after the import joins its story
    (tmp_path / "late").mkdir()
    row = copied[3]
    late = retitled(row, date.fromisoformat(row["date"][:10])) + "\nThe story was republished on Monday.\n"
    (tmp_path / "late" / "late.txt").write_text(late)
    run([str(tmp_path / "late")])
    assert Article.objects.get(source_file="late.txt").story == Article.objects.get(source_file="03.txt").story


def test_a_visits_coverage_report_counts_unique_stories_and_copies(tmp_path):
    from articles.models import Delegation
    from articles.web.coverage import coverage_report

    republished = AGENCY.replace("Uzbek trade delegation opens talks in Riga",
                                 "Textile exporters from Uzbekistan arrive in Latvia\n\nSource: Riga Morning")
    for name, text in {"agency.txt": AGENCY, "release.txt": RELEASE, "paper.txt": VISITORS_PAPER,
                       "republished.txt": republished}.items():
        (tmp_path / name).write_text(text)
    assert run([str(tmp_path)]).created == 4
    assert Article.objects.get(source_file="republished.txt").story == Article.objects.get(
        source_file="agency.txt").story is not None
    totals = coverage_report(Delegation.objects.get(articles__source_file="agency.txt")).totals
    assert (totals.articles, totals.stories, totals.copies) == (4, 3, 1)


def test_an_editor_detaches_a_copy_and_merges_two_stories_in_the_admin(copied, admin_client,
                                                                      django_capture_on_commit_callbacks):
    from django.urls import reverse

    from .test_admin import change_form_data

    copy = Article.objects.get(source_file="04-local_lead_cut_end.txt")
    url = reverse("admin:articles_article_change", args=[copy.pk])
    data = change_form_data(admin_client.get(url))
    data["story"] = ""
    with django_capture_on_commit_callbacks(execute=True):  # the index is written after the commit
        assert admin_client.post(url, data).status_code == 302
    copy.refresh_from_db()
    assert copy.story is None and "story" in copy.edited_fields and copy.copy_overlap is None
    backend = get_backend()
    backend.reset()
    assert backend.search(SearchRequest(filters={"copy": ["copy"]}, every_copy=True)).count() == 3 * len(copied) - 1

    first, second = (Article.objects.get(source_file=f"0{n}.txt").story for n in (5, 6))
    response = admin_client.post(reverse("admin:articles_story_changelist"), {
        "action": "merge_stories", "_selected_action": [first.pk, second.pk]})
    assert response.status_code == 302
    merged = Article.objects.get(source_file="05.txt").story
    assert Article.objects.filter(story=merged).count() == 8
    assert Story.objects.filter(pk__in=[first.pk, second.pk]).count() == 1
    run([str(settings.BASE_DIR / "seeds")])  # a later ingest, and a regrouping, leave the editors' choices
    call_command("group_copies", stdout=io.StringIO())
    assert Article.objects.get(source_file="06.txt").story == Article.objects.get(source_file="05.txt").story
    assert Article.objects.get(source_file="04-local_lead_cut_end.txt").story is None


def test_band_keys_are_those_already_stored_in_archives():
    """Bands are compared with those stored by earlier ingests (datasketch 2.0's "affine32" MinHash, seed 1,
    CRC-32 of each shingle): the signature computed here must give the same keys, or no new copy would meet
    its original."""
    text = ("The delegation of journalists from Belarus visited the port of Qingdao on Monday and met the harbour "
            "master, who said the port handled more containers this year than ever before.")
    keys = stories.bands(stories.shingles(text))
    assert len(keys) == stories.BANDS == 32
    assert keys[:3] == [-3991536467299709370, -6849979733972967679, 2883652983999045140]
    assert len(set(stories.bands(set()))) == 32  # an empty text: one key per band, all distinct, never a match
