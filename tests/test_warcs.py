"""Web archives as untrusted input: bombs, truncation and odd addresses cost little and stop nothing else."""
import gzip
import io
import time
import tracemalloc
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.ingest import run
from articles.ingest.language import detect_language
from articles.models import Article
from articles.warc.reading import MAX_QUOTE, list_records

from .pages import BRIDGE, FERRY

NOTE = ("Port authority publishes its annual report\n\nThe port authority published its annual report on Monday, "
        "showing record passenger numbers on the island ferries.\n\nThe report credits the new timetable.\n")
ZEROS = 64 * 1024 * 1024


def warc_bytes(*records, compress=True):
    """A WARC of ``(address, content type, body)`` responses, written by warcio."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compress)
    for uri, content_type, body in records:
        headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers,
                                                      warc_headers_dict={"WARC-Date": "2025-05-06T07:08:09Z"}))
    return buffer.getvalue()


@pytest.fixture
def folder(tmp_path):
    path = tmp_path / "crawls"
    path.mkdir()
    (path / "note.txt").write_text(NOTE)
    return path


def measured(function):
    """What ``function`` returns, with its wall time and peak of allocated memory. The language identifier's
    model is loaded first: loading it once per process costs about 110 MB of its own, whatever the input."""
    detect_language(NOTE)
    tracemalloc.start()
    started = time.monotonic()
    try:
        result = function()
        return result, time.monotonic() - started, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.django_db
def test_a_zero_filled_wacz_member_is_refused_at_once_and_the_file_beside_it_is_stored(folder):
    with zipfile.ZipFile(folder / "bomb.wacz", "w", zipfile.ZIP_DEFLATED) as wacz:
        with wacz.open("archive/data.warc", "w") as member:
            for _ in range(ZEROS // (1 << 20)):
                member.write(bytes(1 << 20))
        wacz.writestr("datapackage.json", "{}")
    assert (folder / "bomb.wacz").stat().st_size < 200_000

    report, seconds, peak = measured(lambda: run([folder]))
    assert seconds < 5 and peak < 100 * 1024 * 1024, (seconds, peak)
    assert report.created == 1 and report.failed == 1
    assert Article.objects.get().source_file == "note.txt"
    assert "bomb.wacz" in report.errors[0] and "over 100 times" in report.errors[0]
    assert len(report.errors[0]) < 2 * MAX_QUOTE


@pytest.mark.django_db
def test_a_gzip_member_of_zeros_in_a_warc_is_refused_and_the_pages_before_it_are_kept(folder):
    good = warc_bytes(("https://courier.example/news/ferry", "text/html", FERRY))
    bomb = warc_bytes(("https://courier.example/zeros", "text/html", bytes(ZEROS)))
    (folder / "crawl.warc.gz").write_bytes(good + bomb)
    assert len(bomb) < 200_000

    listing, seconds, peak = measured(lambda: list_records(folder / "crawl.warc.gz"))
    assert seconds < 5 and peak < 100 * 1024 * 1024, (seconds, peak)
    assert len(listing.records) == 1 and "over 100 times" in listing.error
    report = run([folder])
    assert report.created == 2 and report.failed == 1, report.errors
    assert "damaged after 1 page(s)" in report.errors[0] and "over 100 times" in report.errors[0]
    assert len(report.errors[0]) < 2 * MAX_QUOTE


def test_a_long_line_of_zeros_in_a_plain_warc_is_a_short_error(tmp_path):
    path = tmp_path / "zeros.warc"
    with open(path, "wb") as handle:
        for _ in range(16):
            handle.write(bytes(1 << 20))
    listing = list_records(path)
    assert listing.records == [] and listing.error.startswith("the web archive is damaged after 0 page(s)")
    assert len(listing.error) < 2 * MAX_QUOTE


@pytest.mark.django_db
def test_a_truncated_warc_keeps_its_good_pages_and_reports_the_damage(folder, capsys):
    good = warc_bytes(("https://courier.example/news/ferry", "text/html", FERRY),
                      ("https://courier.example/news/bridge", "text/html", BRIDGE))
    cut = warc_bytes(("https://courier.example/news/third", "text/html", FERRY.replace(b"ferry", b"barge")))
    (folder / "crawl.warc.gz").write_bytes(good + cut[:len(cut) * 2 // 3])
    (folder / "plain.warc").write_bytes(gzip.decompress(good + cut)[:-200])  # uncompressed, its last record cut

    with pytest.raises(CommandError, match="2 file"):
        call_command("ingest", str(folder))
    errors = capsys.readouterr().err
    assert "crawl.warc.gz: the web archive is damaged after 2 page(s): a record is cut short" in errors
    assert "plain.warc: the web archive is damaged after 2 page(s): a record is cut short" in errors
    assert sorted(Article.objects.values_list("source_url", flat=True)) == [
        "", "https://courier.example/news/bridge", "https://courier.example/news/ferry"]


@pytest.mark.django_db
def test_records_without_an_http_address_are_skipped_and_counted(folder):
    (folder / "odd.warc.gz").write_bytes(warc_bytes(
        ("", "text/html", FERRY),
        ("javascript:alert(1)", "text/html", FERRY),
        ("/news/relative", "text/html", FERRY),
        ("https://courier.example/logo.png", "image/png", b"\x89PNG...."),
        ("https://courier.example/news/bridge", "text/html", BRIDGE)))

    listing = list_records(folder / "odd.warc.gz")
    assert [record.uri for record in listing.records] == ["https://courier.example/news/bridge"]
    assert listing.skipped == 4 and listing.error == ""
    assert listing.reasons == {"no http(s) address": 3, "not an HTML response": 1}
    report = run([folder])
    assert report.created == 2 and report.failed == 0 and report.skipped_records == 4, report.errors
