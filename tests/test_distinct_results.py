"""A search counts distinct articles and lists each once — through the API, the results page and the exports —
on real collections: the bundled Wikinews corpus in one folder, and a 3,000-file collection whose site folders
(with the same relative file names in each) are ingested one after another, then partly changed and ingested
again."""
import csv
import io
import json
import re

from django.contrib.auth.models import User
import pytest

from articles.bench.corpus import write_collection, write_text_corpus
from articles.ingest import run
from articles.models import Article, Collection
from articles.search import indexing

pytestmark = pytest.mark.django_db

QUERIES = ["said", "election", "police", "government minister", ""]


def listed_by_api(client, q, **params):
    first = client.get("/api/search", {"q": q, **params}).json()
    slugs, page = [r["slug"] for r in first["results"]], 1
    while len(slugs) < first["count"]:
        page += 1
        answer = client.get("/api/search", {"q": q, "page": page, **params}).json()
        assert answer["results"], f"page {page} of {q!r} is empty before {first['count']} were listed"
        slugs += [r["slug"] for r in answer["results"]]
    return first["count"], slugs


def listed_by_page(client, q, pages=3, **params):
    """The article links of the first results pages (each page lists its articles once; pages do not overlap)."""
    slugs = []
    for page in range(1, pages + 1):
        html = client.get("/", {"q": q, "page": page, **params}).content.decode()
        found = re.findall(r'<li class="result">\s*<h3><a href="/articles/([^/"]+)/"', html)
        if not found or found[0] in slugs:  # past the last page, the paginator shows the last page again
            break
        slugs += found
    return slugs


def streamed(response):
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode()


def assert_each_article_once(client, editor_client, queries=QUERIES, *, json_export=True):
    """Every copy listed (every_copy): each article once, all of them when browsing; by default each story
    once (a story's copies are one result), all of them when browsing; the exports list what the page does."""
    articles = Article.objects.count()
    story_of = {slug: ("story", story) if story else ("article", slug)
                for slug, story in Article.objects.values_list("slug", "story_id")}
    for params, unit, total in (({"every_copy": "on"}, lambda slug: slug, articles),
                                ({}, story_of.get, len(set(story_of.values())))):
        for q in queries:
            count, slugs = listed_by_api(client, q, **params)
            units = [unit(slug) for slug in slugs]
            assert count == len(slugs) == len(set(units)), (q, params, count, len(slugs), len(set(units)))
            assert count <= total and (q or count == total), (q, params, count, total)
            shown = listed_by_page(client, q, **params)
            assert shown and len(shown) == len(set(shown)) and set(shown) <= set(slugs), (q, params)
            rows = list(csv.DictReader(io.StringIO(streamed(editor_client.get("/export.csv", {"q": q, **params})))))
            exported = [row["url"] for row in rows if not row["slug"].startswith("#")]
            assert len(exported) == len(set(exported)) == count, (q, params, len(exported), count)
            if json_export:
                data = json.loads(streamed(editor_client.get("/export.json", {"q": q, **params})))
                assert len({a["url"] for a in data["articles"]}) == len(data["articles"]) == count, (q, params)
    report = indexing.check()
    assert not (report["missing"] or report["duplicated"] or report["stale"] or report["orphaned"]), report


@pytest.fixture
def editor_client(client, db):
    editor = User.objects.create_user("editor", password="a long enough password 1")
    client_for_editor = type(client)()
    client_for_editor.force_login(editor)
    return client_for_editor


def test_the_wikinews_corpus_lists_each_article_once(tmp_path, client, editor_client,
                                                     django_capture_on_commit_callbacks):
    write_text_corpus(tmp_path / "corpus")
    with django_capture_on_commit_callbacks(execute=True):
        report = run([str(tmp_path / "corpus")])
    assert report.failed <= 1 and report.created > 290  # one Wikinews row is an empty test page
    assert_each_article_once(client, editor_client)


@pytest.mark.large  # its cost is its size, the same on either database: CI runs it once (.ci/run)
def test_a_3000_file_collection_in_folders_lists_each_article_once(tmp_path, client, editor_client,
                                                                  django_capture_on_commit_callbacks):
    root = tmp_path / "collection"
    write_collection(root, text_files=3_000)
    folders = sorted(path for path in root.iterdir() if path.is_dir())
    for folder in folders:  # each site folder its own collection: their section/NNN.txt names repeat
        with django_capture_on_commit_callbacks(execute=True):
            assert run([str(folder)]).failed == 0
    assert Collection.objects.count() == len(folders)
    assert Article.objects.count() >= 3_000
    changed = sorted((root / "harbour").rglob("*.txt"))[:40]
    for path in changed:  # an edited story: the site corrected its last paragraph
        path.write_text(path.read_text() + "\nThe story was corrected after publication.\n")
    with django_capture_on_commit_callbacks(execute=True):
        again = run([str(root / "harbour")])
    assert (again.updated, again.created) == (len(changed), 0)
    assert_each_article_once(client, editor_client, queries=["police", ""], json_export=False)  # CSV is the same list
