"""Captures exported as a WACZ read back whole: its members, pages, digests and an index whose every line
points at the record it names; the CDXJ index's keys and order."""
import hashlib
import io
import json
import subprocess
import sys
import zipfile

from django.core.management import call_command
from django.core.management.base import CommandError
import pytest
from warcio.archiveiterator import ArchiveIterator

from articles.warc.cdxj import sorted_lines, surt

from .conftest import ROOT

MEMBERS = {"archive/data.warc.gz", "indexes/index.cdxj", "pages/pages.jsonl", "datapackage.json",
           "datapackage-digest.json"}


def sha256(data):
    return f"sha256:{hashlib.sha256(data).hexdigest()}"


VALIDATOR = ROOT / ".venv-validators" / "bin" / "wacz"


def warcio_check(path):
    return subprocess.run([sys.executable, "-m", "warcio.cli", "check", "-v", str(path)], capture_output=True,
                          text=True, timeout=60)


@pytest.mark.django_db(transaction=True)
def test_captures_export_as_a_wacz_that_reads_back_whole(captured_twice, tmp_path, capsys):
    address, (first, second), ferry = captured_twice
    output = tmp_path / "captures.wacz"
    call_command("export_warc", "--wacz", str(output))
    assert capsys.readouterr().out.strip() == f"wrote 3 capture(s) to {output}"
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(("captures", ".captures"))] == [
        "captures.wacz"]  # no temporary file left beside it

    with zipfile.ZipFile(output) as wacz:
        assert set(wacz.namelist()) == MEMBERS
        assert wacz.getinfo("archive/data.warc.gz").compress_type == zipfile.ZIP_STORED
        data = {name: wacz.read(name) for name in MEMBERS}

    package = json.loads(data["datapackage.json"])
    assert package["profile"] == "data-package" and package["wacz_version"] == "1.1.1"
    assert {resource["path"] for resource in package["resources"]} == MEMBERS - {"datapackage.json",
                                                                              "datapackage-digest.json"}
    for resource in package["resources"]:
        assert resource["hash"] == sha256(data[resource["path"]]) and resource["bytes"] == len(data[resource["path"]])
    assert json.loads(data["datapackage-digest.json"]) == {"path": "datapackage.json",
                                                          "hash": sha256(data["datapackage.json"])}

    header, *pages = [json.loads(text) for text in data["pages/pages.jsonl"].decode().splitlines()]
    assert header["format"] == "json-pages-1.0"
    assert pages == [{"url": capture.url, "ts": capture.captured_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                      "title": capture.article.title} for capture in (first, second, ferry)]
    assert pages[1]["title"] == "Council reopens the old swing bridge" and pages[2]["url"] == f"{address}/news/ferry"

    warc = data["archive/data.warc.gz"]
    lines = data["indexes/index.cdxj"].decode().splitlines()
    assert lines == sorted(lines, key=str.encode) and len(lines) == 3
    host = "1,0,0,127:" + address.rsplit(":", 1)[1]
    keys = [text.split(" ", 2)[:2] for text in lines]
    assert keys == [[f"{host})/news/bridge", first.captured_at.strftime("%Y%m%d%H%M%S")],
                    [f"{host})/news/bridge", second.captured_at.strftime("%Y%m%d%H%M%S")],
                    [f"{host})/news/ferry", ferry.captured_at.strftime("%Y%m%d%H%M%S")]]
    for text, capture in zip(lines, (first, second, ferry)):
        fields = json.loads(text.split(" ", 2)[2])
        assert fields["filename"] == "data.warc.gz" and fields["mime"] == "text/html" and fields["status"] == "200"
        offset, length = int(fields["offset"]), int(fields["length"])
        record = next(iter(ArchiveIterator(io.BytesIO(warc[offset:offset + length]))))
        assert record.rec_type == "response" and record.rec_headers.get_header("WARC-Target-URI") == fields["url"]
        assert record.rec_headers.get_header("WARC-Record-ID") == capture.record_id
        assert fields["digest"] == capture.payload_digest == record.rec_headers.get_header("WARC-Payload-Digest")
        assert length == capture.response_length

    (tmp_path / "data.warc.gz").write_bytes(warc)
    checked = warcio_check(tmp_path / "data.warc.gz")
    assert checked.returncode == 0, checked.stdout + checked.stderr


@pytest.mark.django_db(transaction=True)
def test_the_plain_warc_export_passes_warcio_check(captured_twice, tmp_path):
    output = tmp_path / "all.warc.gz"
    call_command("export_warc", str(output))
    checked = warcio_check(output)
    assert checked.returncode == 0 and "digest pass" in checked.stdout, checked.stdout + checked.stderr


@pytest.mark.django_db(transaction=True)
def test_a_capture_whose_warc_is_gone_is_left_out_and_said_so(captured_twice, tmp_path, isolated_warc, capsys):
    _, (first, second), ferry = captured_twice
    (isolated_warc / ferry.warc_file).unlink()
    output = tmp_path / "captures.wacz"
    with pytest.raises(CommandError, match=r"^1 capture\(s\) left out: their WARC files are missing or damaged$"):
        call_command("export_warc", "--wacz", str(output))
    assert f"left out capture {ferry.pk}: no WARC file" in capsys.readouterr().err
    with zipfile.ZipFile(output) as wacz:
        pages = wacz.read("pages/pages.jsonl").decode().splitlines()[1:]
        lines = wacz.read("indexes/index.cdxj").decode().splitlines()
    assert [json.loads(page)["url"] for page in pages] == [first.url, second.url] and len(lines) == 2


@pytest.mark.django_db
def test_an_unwritable_wacz_is_a_one_line_error_naming_its_path(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    output = folder / "missing" / "captures.wacz"
    with pytest.raises(CommandError) as raised:
        call_command("export_warc", "--wacz", str(output))
    assert str(raised.value) == f"cannot write {output}: No such file or directory"
    with pytest.raises(CommandError, match="ends in .wacz"):
        call_command("export_warc", "--wacz", str(folder / "captures.zip"))
    with pytest.raises(CommandError, match="one of the two"):
        call_command("export_warc", str(folder / "a.warc.gz"), "--wacz", str(folder / "a.wacz"))
    assert list(folder.iterdir()) == []


def test_surt_keys_are_the_indexers():
    """As the ``surt`` package, which pywb's and the WACZ tools' indexer use, writes them."""
    assert surt("https://www.Example.org:8443/News/Story?b=2&a=1") == "org,example:8443)/news/story?a=1&b=2"
    assert surt("http://example.org") == "org,example)/"
    assert surt("https://www.bbc.co.uk:443/news") == "uk,co,bbc)/news"
    assert surt("http://127.0.0.1:8001/a b") == "1,0,0,127:8001)/a%20b"
    assert surt("http://www.example/x") == "example)/x"
    assert surt("http://www2.example.org/x?utm_source=1&B=2") == "org,example)/x?b=2&utm_source=1"
    assert surt("https://example.org/café") == surt("https://example.org/caf%C3%A9") == "org,example)/caf%c3%a9"


def test_an_index_longer_than_a_chunk_is_sorted_through_runs_on_disk():
    lines = [f"org,example)/{n % 7} 2025{n:010d} {{}}" for n in range(50, 0, -1)] + ["é 1", "z 1"]
    assert list(sorted_lines(iter(lines), chunk=8)) == sorted(lines, key=str.encode)
    assert list(sorted_lines(iter(lines[:5]), chunk=8)) == sorted(lines[:5], key=str.encode)


@pytest.mark.django_db(transaction=True)
def test_a_long_export_says_how_far_it_is(captured_twice, tmp_path, capsys, monkeypatch):
    from articles.management.commands import export_warc

    monkeypatch.setattr(export_warc, "PROGRESS_EVERY", 2)  # a line every two captures rather than 1,000
    call_command("export_warc", "--wacz", str(tmp_path / "captures.wacz"))
    assert capsys.readouterr().out.splitlines()[:-1] == ["2 of 3 captures read"]
    call_command("export_warc", str(tmp_path / "captures.warc.gz"))
    assert capsys.readouterr().out.splitlines()[:-1] == ["2 of 3 captures read"]
    call_command("export_warc", "--wacz", str(tmp_path / "quiet.wacz"), verbosity=0)
    assert capsys.readouterr().out.splitlines() == [f"wrote 3 capture(s) to {tmp_path / 'quiet.wacz'}"]


@pytest.mark.django_db(transaction=True)
def test_the_wacz_export_passes_webrecorders_validator(captured_twice, tmp_path):
    """py-wacz, Webrecorder's reference tool, accepts the export (its version, members, index and digests);
    `make test` installs it in an environment of its own (`make validators`)."""
    assert VALIDATOR.exists(), "the WACZ validator is missing: run `make validators` (make test does)"
    output = tmp_path / "captures.wacz"
    call_command("export_warc", "--wacz", str(output))
    result = subprocess.run([str(VALIDATOR), "validate", "-f", str(output)], capture_output=True, text=True,
                            timeout=120)
    said = result.stdout + result.stderr
    assert result.returncode == 0 and "Validation succeeded" in said, said
