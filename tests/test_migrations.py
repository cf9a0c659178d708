"""An archive made before collections is moved into them in place: no article is lost, doubled or renamed,
and a later ingest of its folder adopts its files instead of storing them again."""
import hashlib

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
import pytest

BEFORE, AFTER = ("articles", "0009_archive_change_names"), ("articles", "0010_collections_outbox")


@pytest.mark.django_db(transaction=True)
def test_articles_of_an_older_archive_move_into_collections_in_place(tmp_path, django_capture_on_commit_callbacks):
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    old = executor.loader.project_state([BEFORE]).apps
    Article, DuplicateSource = old.get_model("articles", "Article"), old.get_model("articles", "DuplicateSource")
    story = "Harbour Council Approves Ferry Plan\n\nThe harbour council approved the ferry plan on Monday.\n"
    digest = hashlib.sha256(story.strip().encode()).hexdigest()  # as the ingest hashes a text: without its last line end
    kept = Article.objects.create(title="Harbour Council Approves Ferry Plan", slug="harbour-ferry", raw_text=story,
                                  body="The harbour council approved the ferry plan on Monday.",
                                  source_file="news/001.txt", content_hash=digest)
    DuplicateSource.objects.create(article=kept, source_file="copies/001.txt")
    Article.objects.create(title="A captured page", slug="captured", raw_text="x", source_file="https://example.org/a",
                           content_hash="0" * 64)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    from articles.ingest import run
    from articles.models import Article as Current, DuplicateSource as CurrentDuplicate

    assert dict(Current.objects.values_list("source_file", "collection__name")) == {
        "news/001.txt": "earlier ingests", "https://example.org/a": "web captures"}
    assert CurrentDuplicate.objects.get().collection.name == "earlier ingests"
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "001.txt").write_text(story)
    with django_capture_on_commit_callbacks(execute=True):
        report = run([str(tmp_path)])
    assert (report.unchanged + report.updated, report.created, report.duplicates) == (1, 0, 0)
    article = Current.objects.get(slug="harbour-ferry")
    assert (article.collection.root, article.source_file) == (str(tmp_path.resolve()), "news/001.txt")


@pytest.mark.django_db(transaction=True)
def test_captures_kept_before_learn_their_response_record_from_their_warc_files(isolated_warc):
    """A capture made before captures knew their record reads it from its WARC file; one whose file is gone
    keeps blank fields."""
    import datetime
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    before, after = ("articles", "0017_capture_checks"), ("articles", "0018_capture_records")
    executor = MigrationExecutor(connection)
    executor.migrate([before])
    Capture = executor.loader.project_state([before]).apps.get_model("articles", "Capture")
    (isolated_warc / "2025").mkdir(parents=True)
    with open(isolated_warc / "2025" / "old.warc.gz", "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        writer.write_record(writer.create_warcinfo_record("old.warc.gz", {"software": "newsroom"}))
        offset = handle.tell()
        response = writer.create_warc_record(
            "https://courier.example/news/ferry", "response", payload=io.BytesIO(b"<html>ferry</html>"),
            http_headers=StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1"))
        writer.write_record(response)
        length = handle.tell() - offset
    moment = datetime.datetime(2025, 5, 6, tzinfo=datetime.timezone.utc)
    common = dict(requested_url="https://courier.example/news/ferry", url="https://courier.example/news/ferry",
                  normalized_url="https://courier.example/news/ferry", status=200, content_hash="0" * 64,
                  captured_at=moment, last_checked=moment, warc_offset=offset, warc_length=length,
                  response_offset=offset)
    kept = Capture.objects.create(warc_file="2025/old.warc.gz", **common)
    gone = Capture.objects.create(warc_file="2025/gone.warc.gz", **common)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([after])
    Capture = executor.loader.project_state([after]).apps.get_model("articles", "Capture")
    assert Capture.objects.filter(pk=kept.pk).values("record_id", "payload_digest", "response_length").get() == {
        "record_id": response.rec_headers.get_header("WARC-Record-ID"),
        "payload_digest": response.rec_headers.get_header("WARC-Payload-Digest"), "response_length": length}
    assert Capture.objects.filter(pk=gone.pk).values("record_id", "payload_digest", "response_length").get() == {
        "record_id": "", "payload_digest": "", "response_length": 0}
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_people_named_in_chinese_characters_get_their_pinyin_key_in_place():
    before, after = ("articles", "0020_capture_screenshot"), ("articles", "0021_chinese_name_keys")
    executor = MigrationExecutor(connection)
    executor.migrate([before])
    Person = executor.loader.project_state([before]).apps.get_model("articles", "Person")
    chinese = Person.objects.create(name="王毅", slug="wang-yi", name_key="")
    russian = Person.objects.create(name="Сергей Лавров", slug="sergey-lavrov", name_key="lavrov sergei")
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([after])
    Person = executor.loader.project_state([after]).apps.get_model("articles", "Person")
    from articles.kernel.transliteration import name_key

    assert Person.objects.get(pk=chinese.pk).name_key == name_key("Wang Yi") != ""
    assert Person.objects.get(pk=russian.pk).name_key == "lavrov sergei"  # a key given before stays
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
