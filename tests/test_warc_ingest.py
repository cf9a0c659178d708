"""A web archive ingested twice, or one the archive exported ingested back, adds nothing: each response
record is kept once, known by its WARC-Record-ID and by its address and payload."""
from django.core.management import call_command
import pytest
from warcio.archiveiterator import ArchiveIterator

from articles.ingest import run
from articles.models import Article, Capture

pytestmark = pytest.mark.django_db(transaction=True)


def record_ids(path):
    with open(path, "rb") as handle:
        return [record.rec_headers.get_header("WARC-Record-ID") for record in ArchiveIterator(handle)]


def test_each_capture_knows_its_response_record(captured_twice, isolated_warc):
    _, (first, second), ferry = captured_twice
    for capture in (first, second, ferry):
        with open(isolated_warc / capture.warc_file, "rb") as handle:
            handle.seek(capture.response_offset)
            records = ArchiveIterator(handle)
            record = next(records)
            records.read_to_end(record)
            assert record.rec_type == "response" and records.get_record_length() == capture.response_length
            assert record.rec_headers.get_header("WARC-Record-ID") == capture.record_id
            assert record.rec_headers.get_header("WARC-Payload-Digest") == capture.payload_digest
    assert len({first.record_id, second.record_id, ferry.record_id}) == 3


def test_an_exported_warc_ingested_twice_adds_no_capture_and_no_record_twice(captured_twice, tmp_path):
    exported, again = tmp_path / "out" / "export.warc.gz", tmp_path / "again.warc.gz"
    exported.parent.mkdir()
    call_command("export_warc", str(exported))
    ids = record_ids(exported)
    assert len(ids) == len(set(ids)) == 1 + 2 * 3  # the warcinfo, then each capture's response and request
    captures = sorted(Capture.objects.values_list("pk", "record_id"))

    articles = sorted(Article.objects.values_list("pk", "content_hash"))
    first = run([exported.parent])
    assert first.failed == 0 and first.unchanged == 3, first.errors  # the bridge's first copy included
    assert sorted(Article.objects.values_list("pk", "content_hash")) == articles
    second = run([exported.parent])
    assert second.failed == 0 and second.created == 0, second.errors
    assert sorted(Capture.objects.values_list("pk", "record_id")) == captures
    assert sorted(Article.objects.values_list("pk", "content_hash")) == articles

    call_command("export_warc", str(again))
    ids = record_ids(again)
    assert len(ids) == len(set(ids)) == 1 + 2 * 3


def test_a_crawl_holding_a_page_twice_ingested_twice_and_from_another_folder_is_kept_once(tmp_path):
    """The bridge story twice in one crawl, changed in between: both records are kept, once each, however often
    the crawl is ingested (its article is the page as last read)."""
    from .pages import BRIDGE, FERRY
    from .test_warcs import warc_bytes

    crawl = warc_bytes(("https://courier.example/news/ferry", "text/html", FERRY),
                       ("https://courier.example/news/bridge", "text/html", BRIDGE),
                       ("https://courier.example/news/bridge", "text/html",
                        BRIDGE.replace(b"twice a day", b"three times a day")))
    for folder in ("one", "two"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "crawl.warc.gz").write_bytes(crawl)
    run([tmp_path / "one"])
    kept = sorted(Capture.objects.values_list("pk", "record_id", "normalized_url"))
    assert len(kept) == 3 and all(record_id.startswith("<urn:uuid:") for _, record_id, _ in kept)
    run([tmp_path / "one"])
    run([tmp_path / "two"])
    assert sorted(Capture.objects.values_list("pk", "record_id", "normalized_url")) == kept


def test_an_exported_wacz_ingested_adds_no_capture(captured_twice, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    call_command("export_warc", "--wacz", str(folder / "captures.wacz"))
    captures = sorted(Capture.objects.values_list("pk", "record_id"))
    articles = sorted(Article.objects.values_list("pk", "content_hash"))
    report = run([folder])
    assert report.failed == 0 and report.unchanged == 3, report.errors
    assert sorted(Capture.objects.values_list("pk", "record_id")) == captures
    assert sorted(Article.objects.values_list("pk", "content_hash")) == articles  # the bridge as last captured
