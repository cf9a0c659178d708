"""The captures of one address as other web archives' tools ask for them: CDXJ lines pointing at the records in
the archive's WARC files, a Memento TimeMap, and the page listing them; a bad address is a short 400."""
import io
import json
from urllib.parse import quote

from django.utils.http import http_date
import pytest
from warcio.archiveiterator import ArchiveIterator

pytestmark = pytest.mark.django_db(transaction=True)


def test_cdx_answers_each_capture_of_an_address_pointing_at_its_record(captured_twice, client, isolated_warc):
    address, captures, _ = captured_twice
    response = client.get("/cdx", {"url": f"{address}/news/bridge"})
    assert response.status_code == 200 and response["Content-Type"] == "text/x-cdxj; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines == sorted(lines, key=str.encode) and len(lines) == 2
    key = "1,0,0,127:" + address.rsplit(":", 1)[1] + ")/news/bridge"
    for text, capture in zip(lines, captures):
        surt, when, fields = text.split(" ", 2)
        assert (surt, when) == (key, capture.captured_at.strftime("%Y%m%d%H%M%S"))
        fields = json.loads(fields)
        assert fields == {"url": f"{address}/news/bridge", "mime": "text/html", "status": "200",
                          "digest": capture.payload_digest, "length": str(capture.response_length),
                          "offset": str(capture.response_offset), "filename": capture.warc_file}
        with open(isolated_warc / fields["filename"], "rb") as handle:
            handle.seek(int(fields["offset"]))
            record = next(iter(ArchiveIterator(io.BytesIO(handle.read(int(fields["length"]))))))
        assert record.rec_type == "response" and record.rec_headers.get_header("WARC-Target-URI") == fields["url"]
        assert record.rec_headers.get_header("WARC-Record-ID") == capture.record_id

    # the same address written otherwise (https, a trailing slash, a tracking parameter) is the same address
    again = client.get("/cdx", {"url": f"{address.replace('http:', 'https:')}/news/bridge/?utm_source=feed#top"})
    assert again.content.decode().splitlines() == lines
    assert client.get("/cdx", {"url": f"{address}/news/elsewhere"}).content == b""


@pytest.mark.parametrize("query, says", [
    ({}, "give the address whose captures to list"),
    ({"url": "   "}, "give the address whose captures to list"),
    ({"url": "javascript:alert(1)"}, "not a web address"),
    ({"url": "<svg onload=alert(1)>"}, "not a web address"),
    ({"url": "https://example.org/" + "a" * 2000}, "longer than 2,000 characters"),
])
def test_a_bad_address_is_a_one_line_400(client, query, says):
    for path in ("/cdx", "/captures/"):
        response = client.get(path, query)
        assert response.status_code == 400, path
        text = response.content.decode()
        assert says in text and "Traceback" not in text and "<svg" not in text
    assert client.get("/cdx", query).content.decode().count("\n") == 1


def test_the_timemap_lists_each_capture_as_a_memento_with_its_time(captured_twice, client):
    address, (first, second), ferry = captured_twice
    response = client.get(f"/timemap/link/{address}/news/bridge")
    assert response.status_code == 200 and response["Content-Type"] == "application/link-format"
    first_time, second_time = http_date(first.captured_at.timestamp()), http_date(second.captured_at.timestamp())
    assert response.content.decode() == (
        f'<{address}/news/bridge>; rel="original",\n'
        f'<http://testserver/timemap/link/{address}/news/bridge>; rel="self"; type="application/link-format"; '
        f'from="{first_time}"; until="{second_time}",\n'
        f'<http://testserver/captures/{first.pk}/>; rel="first memento"; datetime="{first_time}",\n'
        f'<http://testserver/captures/{second.pk}/>; rel="last memento"; datetime="{second_time}"\n')
    assert first_time.endswith(" GMT") and first_time[3:5] == ", "  # RFC 1123: "Mon, 07 Dec 2026 18:22:23 GMT"

    alone = client.get(f"/timemap/link/{address}/news/ferry").content.decode()
    assert f'<http://testserver/captures/{ferry.pk}/>; rel="first last memento"' in alone
    assert client.get(f"/timemap/link/{address}/news/ferry?utm_source=x").content.decode() == alone
    merged = address.replace("http://", "http:/")  # a proxy that merges slashes in the path
    assert client.get(f"/timemap/link/{merged}/news/ferry").content.decode() == alone


def test_a_timemap_of_nothing_is_a_404_and_of_no_address_a_400(captured_twice, client):
    address, _, _ = captured_twice
    missing = client.get(f"/timemap/link/{address}/news/elsewhere")
    assert missing.status_code == 404
    assert missing.content.decode() == f"404 Not Found: no captures of {address}/news/elsewhere\n"
    bad = client.get("/timemap/link/" + quote("javascript:alert(1)"))
    assert bad.status_code == 400
    assert bad.content.decode() == "400 Bad Request: that is not a web address (http or https, with a host name)\n"
    nothing = client.get("/timemap/link/")
    assert nothing.status_code == 400 and nothing.content.startswith(b"400 Bad Request: give the address")
    too_long = client.get(f"/timemap/link/{address}/" + "a" * 2000)
    assert too_long.status_code == 400 and b"longer than 2,000 characters" in too_long.content
    assert client.post(f"/timemap/link/{address}/news/ferry").status_code == 405
    assert client.head(f"/timemap/link/{address}/news/ferry").status_code == 200


def test_the_captures_of_an_address_are_listed_and_linked_from_articles_and_captures(captured_twice, client):
    address, (first, second), ferry = captured_twice
    page = client.get("/captures/", {"url": f"{address}/news/bridge"})
    assert page.status_code == 200
    html = page.content.decode()
    assert f"Captures of {address}/news/bridge" in html and "holds 2 captures of this address" in html
    assert html.index(f'href="/captures/{first.pk}/"') < html.index(f'href="/captures/{second.pk}/"')
    assert ferry.get_absolute_url() not in html
    assert f'href="{second.article.get_absolute_url()}"' in html
    assert f'href="/cdx?url={quote(address, safe="")}%2Fnews%2Fbridge"' in html
    assert f'href="/timemap/link/{address}/news/bridge"' in html

    listed = f'href="/captures/?url={quote(first.normalized_url, safe="")}"'
    assert listed in client.get(first.get_absolute_url()).content.decode()
    assert listed in client.get(second.article.get_absolute_url()).content.decode()

    none = client.get("/captures/", {"url": f"{address}/news/elsewhere"})
    assert none.status_code == 200 and b"holds no capture of this address" in none.content
