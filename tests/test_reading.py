import codecs

import pytest

from articles.ingest.reading import IngestError, collect_paths, read_source

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
