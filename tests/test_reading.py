import codecs

import pytest

from articles.ingest.reading import IngestError, collect_paths, decode, read_source

LIMIT = 5 * 1024 * 1024


def test_utf8_with_and_without_bom(tmp_path):
    plain, bom = tmp_path / "a.txt", tmp_path / "b.txt"
    plain.write_bytes("Café in Chongqing".encode())
    bom.write_bytes(codecs.BOM_UTF8 + "Café in Chongqing".encode())
    assert read_source(plain, max_bytes=LIMIT).text == "Café in Chongqing"
    assert read_source(bom, max_bytes=LIMIT).text == "Café in Chongqing"
    assert read_source(plain, max_bytes=LIMIT).content_hash == read_source(bom, max_bytes=LIMIT).content_hash


def test_utf16_with_bom(tmp_path):
    path = tmp_path / "u16.txt"
    path.write_bytes("Reporters from Minsk\n\nThey said hello.".encode("utf-16"))
    assert read_source(path, max_bytes=LIMIT).text.startswith("Reporters from Minsk")


def test_gb18030_chinese_page_comes_out_right(tmp_path):
    text = "重庆国际传播中心\n\n日期:2024年03月06日 来源:重庆国际传播中心\n\n记者们参观了重庆的物流枢纽，并采访了相关负责人。" * 3
    path = tmp_path / "gb.txt"
    path.write_bytes(text.encode("gb18030"))
    assert read_source(path, max_bytes=LIMIT).text == text


def test_html_meta_charset_is_honoured(tmp_path):
    path = tmp_path / "page.html"
    path.write_bytes('<html><head><meta charset="windows-1251"></head><body><p>Привет, Минск</p></body></html>'.encode("cp1251"))
    assert "Привет, Минск" in read_source(path, max_bytes=LIMIT).text


@pytest.mark.parametrize("content, reason", [
    (b"", "empty"), (b"   \n\n", "empty"),
    (b"\x89PNG\r\n\x1a\n" + bytes(100), "PNG image"),
    (b"abc\x00def" * 10, "binary"),
])
def test_bad_files_are_refused_with_a_reason(tmp_path, content, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(IngestError) as error:
        read_source(path, max_bytes=LIMIT)
    assert reason in str(error.value)
    assert "bad.txt" in str(error.value)


def test_oversized_file_is_refused(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"word " * 300)
    with pytest.raises(IngestError, match="over the 1,000-byte limit"):
        read_source(path, max_bytes=1000)


def test_collect_paths_recurses_and_rejects_nonsense(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("x")
    (tmp_path / "b.html").write_text("x")
    (tmp_path / "c.jpg").write_text("x")
    assert sorted(p.name for p in collect_paths([tmp_path])) == ["b.html", "sub/a.txt"]
    with pytest.raises(IngestError, match="no such file"):
        collect_paths([tmp_path / "missing"])
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(IngestError, match="no supported files"):
        collect_paths([empty])


# Bytes that are not UTF-8: detection guesses from statistics, which a stray byte or two cannot give.
@pytest.mark.parametrize("text", [
    "Profits rose to £15.8m.",
    "Chelsea paid £15.8m for the striker, the club said on Tuesday.",
    "Tickets now cost €10 at the box office.",
    "He said “no” – and left. It’s over, the minister’s office confirmed.",
    "The café on the Rue de la Paix reopened in the spring, its owner said.",
])
def test_mostly_ascii_bytes_that_are_not_utf8_are_windows_1252(text):
    assert decode(text.encode("cp1252")) == (text, "")


def test_windows_1252_in_a_longer_article(tmp_path):
    text = ("Shares rise after record year\n\nShares in the group rose 4% after it reported profits of £15.8m, "
            "up from £12.1m a year earlier.\n\n“We have had a strong year,” the chief executive said.\n\n" +
            "Analysts said the results were better than expected in every division. " * 5)
    path = tmp_path / "story.txt"
    path.write_bytes(text.encode("cp1252"))
    assert read_source(path, max_bytes=LIMIT).text == text


def test_bytes_windows_1252_leaves_undefined_read_as_latin_1():
    data = b"The caf\xe9 is \x93open\x94 again; coffee costs \x802 and a stray \x81 byte stays."
    assert decode(data) == ("The café is “open” again; coffee costs €2 and a stray \x81 byte stays.", "")


@pytest.mark.parametrize("text, encoding", [
    ("東京で開かれた記者会見で、首相は新しい経済対策を発表した。対策には、中小企業への支援や電気料金の"
     "引き下げが含まれる。記者たちは財源について質問した。", "shift_jis"),
    ("来自二十个国家的记者参观了重庆的物流枢纽，并采访了相关负责人。他们表示，这次访问加深了对中国西部"
     "发展的了解。", "gbk"),
    ("서울에서 열린 기자회견에서 장관은 새로운 경제 대책을 발표했다. 대책에는 중소기업 지원과 전기 요금 "
     "인하가 포함된다. 기자들은 재원에 대해 질문했다.", "euc_kr"),
])
def test_chinese_japanese_and_korean_texts_keep_their_codecs(text, encoding):
    headed = f"Press briefing, 2024-03-06 (No. 12)\n\n{text}\n"
    assert decode(headed.encode(encoding)) == (headed, "")


def test_a_cyrillic_text_in_windows_1251_is_not_read_as_windows_1252():
    text = "Журналисты из пяти стран посетили Минск и встретились с редакторами местных газет. " * 3
    assert decode(text.encode("cp1251"))[0] == text
