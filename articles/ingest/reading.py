"""Reading source files: which files, and their text whatever the encoding."""
from dataclasses import dataclass
import codecs
import hashlib
import logging
import os
from pathlib import Path
import re
import stat

from charset_normalizer import from_bytes

from ..warc.reading import Listing, brief, is_web_archive, list_records, read_record

KINDS = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html"}
BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
]
BINARY_SIGNATURES = {
    b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image", b"GIF8": "a GIF image",
    b"%PDF": "a PDF document", b"PK\x03\x04": "a ZIP archive", b"\x1f\x8b": "a gzip archive",
    b"RIFF": "a media file", b"\x7fELF": "a program",
}
logger = logging.getLogger(__name__)
# A file in which at most this share of the bytes is not UTF-8 is UTF-8 with a few damaged bytes.
MAX_BAD_UTF8_SHARE = 0.01
META_CHARSET_RE = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)
# Chinese, Japanese and Korean codecs: detection names them for Western text with a stray byte or two ("£15.8m"
# read as Shift-JIS gives "｣15.8m"), so one is taken only when the text then reads as such (see _reads_as_cjk).
CJK_CODECS = {codecs.lookup(name).name for name in (
    "gb2312", "gbk", "gb18030", "hz", "big5", "big5hkscs", "shift_jis", "cp932", "shift_jis_2004", "euc_jp",
    "iso2022_jp", "euc_kr", "cp949", "johab", "iso2022_kr")}
# Han, kana, Hangul, CJK punctuation and full-width forms, two or more together: a word, not a stray symbol.
CJK_RUN_RE = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff01-\uff60]{2,}")
MIN_CJK_CHARACTERS = 8
NON_ASCII_RUN_RE = re.compile(rb"[\x80-\xff]+")
# Western text in a single-byte code page: its non-ASCII bytes (accents, £, €, quotes, dashes) are at most this
# share of its bytes, and come alone or in pairs; Cyrillic, Greek or Arabic words are longer runs of them.
MAX_WESTERN_SHARE = 0.3
UNDEFINED_IN_CP1252_RE = re.compile("[\udc80-\udcff]")


class IngestError(Exception):
    """A file that cannot be ingested; the message names the file and what to do."""

    def __init__(self, path, reason):
        self.path, self.reason = str(path), reason
        super().__init__(f"{path}: {reason}")


@dataclass
class SourceFile:
    path: Path
    kind: str
    text: str
    content_hash: str
    name: str = ""  # the file's identity in the archive: its path relative to the folder given to the ingest
    warning: str = ""
    url: str = ""  # a page from a web archive: its address,
    record: object = None  # and its response (warcs.Response), kept as a capture

    def __post_init__(self):
        self.name = self.name or self.path.name


@dataclass(frozen=True)
class FoundFile:
    """A file to ingest, or one refused before reading (``refusal`` says why)."""

    path: Path
    name: str
    refusal: str = ""
    record: object = None  # in a web archive file: which of its records (warcs.Record)
    root: str = ""  # the resolved folder ``name`` is relative to: what names the file's collection


MAX_NAME = 1000  # characters of a file's path inside its folder (Article.source_file)


def _refusal(path, root):
    """Why a file under ``root`` must not be read: a link out of the folder, not a regular file, a path too long."""
    if len(path.relative_to(root).as_posix()) > MAX_NAME:
        return f"its path inside {root} is over {MAX_NAME} characters"
    if path.is_symlink():
        target = path.resolve()
        if not target.is_relative_to(root):
            return f"a link to {target}, outside the folder {root}: not followed"
        path = target
    try:
        mode = os.stat(path).st_mode
    except OSError as error:
        return f"cannot be read ({error.strerror})"
    if not stat.S_ISREG(mode):
        kind = "a FIFO" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device or special file"
        return f"{kind}, not a regular file: not read"
    return ""


def _walk(root):
    """The supported files below ``root``, never leaving it: linked folders are not entered, and a link
    to a folder outside it is reported."""
    found = []
    for folder, subfolders, names in os.walk(root):
        subfolders.sort()
        for name in sorted(names + subfolders):
            path = Path(folder) / name
            if name in subfolders:
                if path.is_symlink() and not path.resolve().is_relative_to(root):
                    refusal = f"a link to the folder {path.resolve()}, outside the folder {root}: not followed"
                    found.append(FoundFile(path, path.relative_to(root).as_posix(), refusal, root=str(root)))
            elif path.suffix.lower() in KINDS or is_web_archive(path):
                found.append(FoundFile(path, path.relative_to(root).as_posix(), _refusal(path, root),
                                       root=str(root)))
    return found


def collect_paths(paths):
    """The files under ``paths`` (files, and directories walked recursively) with the names they are kept by.

    A file inside a folder given to the ingest is known by its path relative to that folder (its ``root``),
    so ``sport/001.txt`` and ``business/001.txt`` are two articles; a file named alone, by its name in its
    own folder. The root names the file's collection (see :mod:`articles.ingest.collections`).
    """
    found = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise IngestError(path, "no such file or directory")
        if path.is_dir():
            files = _walk(path.resolve())
            if not files:
                raise IngestError(path, f"no supported files here (looked for {', '.join(sorted(KINDS))}, "
                                        ".warc, .warc.gz and .wacz)")
            found.extend(files)
        else:
            parent = path.resolve().parent
            found.append(FoundFile(path, path.name, _refusal(path.resolve(), parent), root=str(parent)))
    return list({file.path: file for file in found}.values())


def web_archive_pages(found_files, max_bytes=None):
    """The files with each web archive (.warc, .warc.gz, .wacz) replaced by its HTML pages, and how many of
    its other records were skipped (each reason logged). A damaged, page-less or hostile archive stays one
    file, refused with the reason; its pages listed before the damage are kept. One archive's failure,
    whatever it is, never stops the others."""
    expanded, skipped = [], 0
    for found in found_files:
        if found.refusal or not is_web_archive(found.path):
            expanded.append(found)
            continue
        try:
            listing = list_records(found.path, max_bytes)
        except Exception as error:  # a failure of the reader itself: this file fails, the run goes on
            listing = Listing([], error=f"cannot be read as a web archive ({brief(error)})")
        skipped += listing.skipped
        for reason, count in sorted(listing.reasons.items()):
            logger.info("%s: %d record(s) skipped: %s", found.path, count, reason)
        expanded.extend(FoundFile(found.path, f"{found.name}#{record.uri}"[:MAX_NAME], record=record,
                                  root=found.root) for record in listing.records)
        if listing.error or not listing.records:
            refusal = listing.error or f"a web archive with no HTML pages in it ({listing.skipped} other records)"
            expanded.append(FoundFile(found.path, found.name, refusal, root=found.root))
    return expanded, skipped


def _decode_damaged_utf8(data):
    """UTF-8 with a few bad bytes stays UTF-8 (bad bytes replaced), rather than becoming mojibake.

    Only when the file's non-ASCII text is mostly valid UTF-8: a Latin-1 or cp1252 file has no valid
    multi-byte sequences at all, and is left to detection.
    """
    text = data.decode("utf-8", errors="replace")
    clean = data.decode("utf-8", errors="ignore")
    bad = text.count("\ufffd") - clean.count("\ufffd")
    multibyte = len(clean.encode("utf-8")) - len(clean)
    if bad <= len(data) * MAX_BAD_UTF8_SHARE and multibyte >= 2 * bad:
        return text, f"{bad} damaged byte sequence(s) are not valid UTF-8 and were replaced with \ufffd"
    return None, ""


def decode(data, *, html=False):
    """Text from bytes and a warning ("" when none): a BOM wins, then an HTML meta charset, then UTF-8
    (with a few damaged bytes replaced), then detection. Detection's Chinese, Japanese or Korean codec is
    taken when the text reads as such; otherwise mostly-ASCII bytes are Windows-1252 (Latin-1 for its
    undefined bytes), and others take the detected codec (Cyrillic, Greek, Central European)."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return data.decode(encoding), ""
    for signature, what in BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise ValueError(f"this is {what}, not a text or HTML file")
    if b"\x00" in data[:4096]:
        raise ValueError("this is a binary file (it contains NUL bytes), not a text or HTML file")
    if html:
        declared = META_CHARSET_RE.search(data[:4096])
        if declared:
            try:
                return data.decode(declared.group(1).decode("ascii")), ""
            except (LookupError, UnicodeDecodeError):
                pass
    try:
        return data.decode("utf-8"), ""
    except UnicodeDecodeError:
        pass
    text, warning = _decode_damaged_utf8(data)
    if text is not None:
        return text, warning
    best = from_bytes(data[:200_000]).best()
    encoding = best.encoding if best is not None else None
    if encoding and codecs.lookup(encoding).name in CJK_CODECS:
        text = _decoded_or_none(data, encoding)
        if text is not None and _reads_as_cjk(text):
            return text, ""
    if _mostly_western(data):
        return _decode_cp1252(data), ""
    if encoding is None:
        raise ValueError("its bytes are in no encoding that could be recognised")
    try:
        return data.decode(encoding), ""
    except UnicodeDecodeError as error:
        raise ValueError(f"its bytes do not decode as {encoding} ({error.reason})") from None


def _decoded_or_none(data, encoding):
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _reads_as_cjk(text):
    """Whether text is Chinese, Japanese or Korean: words of several such characters, most of its non-ASCII."""
    cjk = sum(len(run) for run in CJK_RUN_RE.findall(text))
    return cjk >= MIN_CJK_CHARACTERS and 2 * cjk >= sum(1 for character in text if character > "\x7f")


def _mostly_western(data):
    """Whether bytes that are not UTF-8 read as Western text in a single-byte code page: mostly ASCII, with the
    rest alone or in pairs."""
    sample = data[:200_000]
    runs = NON_ASCII_RUN_RE.findall(sample)
    non_ascii = sum(map(len, runs))
    short = sum(len(run) for run in runs if len(run) <= 2)
    return non_ascii <= MAX_WESTERN_SHARE * len(sample) and short >= 0.8 * non_ascii


def _decode_cp1252(data):
    """Windows-1252, the code page of Western text saved outside UTF-8 (a superset of Latin-1 but for the
    quotes, dashes and € it puts in 0x80-0x9F); its five undefined bytes read as Latin-1."""
    text = data.decode("cp1252", errors="surrogateescape")
    return UNDEFINED_IN_CP1252_RE.sub(lambda match: chr(ord(match.group()) - 0xDC00), text)


def decode_declared(data, charset):
    """A web page's text in the charset its server declared, else as a saved page is read."""
    if charset:
        try:
            return data.decode(charset), ""
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(data, html=True)


def read_found(found, *, max_bytes):
    """Read a file, or one page of a web archive."""
    if found.record is None:
        return read_source(found.path, max_bytes=max_bytes, name=found.name)
    where = f"{found.path}#{found.record.uri}"
    try:
        response = read_record(found.path, found.record, max_bytes)
    except Exception as error:  # warcio's and zipfile's errors alike: this page fails, the others go on
        raise IngestError(where, f"its record cannot be read ({type(error).__name__}: {brief(error)})") from None
    try:
        text, warning = decode_declared(response.payload, response.charset)
    except ValueError as error:
        raise IngestError(where, str(error)) from None
    if not text.strip():
        raise IngestError(where, "the page has no text")
    return text_source(Path(where), "html", text, found.name, warning, url=response.uri, record=response)


def text_source(path, kind, text, name, warning="", **extra):
    """A source from text already decoded; the same article saved in another encoding or with other line
    ends is the same content (one hash for files, web-archive pages and captures alike)."""
    normalised = "\n".join(line.rstrip() for line in text.lstrip("\ufeff").splitlines()).strip()
    if warning:
        logger.warning("%s: %s", path, warning)
    return SourceFile(path=path, kind=kind, text=text, content_hash=hashlib.sha256(normalised.encode()).hexdigest(),
                      name=name, warning=warning, **extra)


def read_source(path, *, max_bytes, name=""):
    """Read one file, refusing what cannot be an article."""
    path = Path(path)
    kind = KINDS.get(path.suffix.lower())
    if kind is None:
        raise IngestError(path, f"unsupported file type {path.suffix or '(none)'}; use .txt, .html or .htm")
    size = path.stat().st_size
    if size > max_bytes:
        raise IngestError(path, f"file is {size:,} bytes, over the {max_bytes:,}-byte limit "
                                "(raise NEWSROOM_MAX_FILE_BYTES or --max-bytes to allow it)")
    with open(path, "rb") as handle:
        data = handle.read(max_bytes + 1)
    if not data.strip():
        raise IngestError(path, "file is empty")
    try:
        text, warning = decode(data, html=kind == "html")
    except ValueError as error:
        raise IngestError(path, str(error)) from None
    if not text.strip():
        raise IngestError(path, "file has no text")
    return text_source(path, kind, text, name, warning)
