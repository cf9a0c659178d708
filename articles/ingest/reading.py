"""Reading source files: which files, and their text whatever the encoding."""
from dataclasses import dataclass
import codecs
import hashlib
from pathlib import Path
import re

from charset_normalizer import from_bytes

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
META_CHARSET_RE = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)


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

    @property
    def name(self):
        return self.path.name


def collect_paths(paths):
    """The supported files under ``paths`` (files and directories, recursively), sorted."""
    found = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise IngestError(path, "no such file or directory")
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in KINDS)
            if not files:
                raise IngestError(path, f"no supported files here (looked for {', '.join(sorted(KINDS))})")
            found.extend(files)
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def decode(data, *, html=False):
    """Text from bytes: a BOM wins, then an HTML meta charset, then UTF-8, then detection."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return data.decode(encoding)
    for signature, what in BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise ValueError(f"this is {what}, not a text or HTML file")
    if b"\x00" in data[:4096]:
        raise ValueError("this is a binary file (it contains NUL bytes), not a text or HTML file")
    if html:
        declared = META_CHARSET_RE.search(data[:4096])
        if declared:
            try:
                return data.decode(declared.group(1).decode("ascii"))
            except (LookupError, UnicodeDecodeError):
                pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding is None:
        raise ValueError("its bytes are in no encoding that could be recognised")
    try:
        return data.decode(best.encoding)
    except UnicodeDecodeError as error:
        raise ValueError(f"its bytes do not decode as {best.encoding} ({error.reason})") from None


def read_source(path, *, max_bytes):
    """Read one file, refusing what cannot be an article."""
    path = Path(path)
    kind = KINDS.get(path.suffix.lower())
    if kind is None:
        raise IngestError(path, f"unsupported file type {path.suffix or '(none)'}; use .txt, .html or .htm")
    size = path.stat().st_size
    if size > max_bytes:
        raise IngestError(path, f"file is {size:,} bytes, over the {max_bytes:,}-byte limit "
                                "(raise NEWSROOM_MAX_FILE_BYTES or --max-bytes to allow it)")
    data = path.read_bytes()
    if not data.strip():
        raise IngestError(path, "file is empty")
    try:
        text = decode(data, html=kind == "html")
    except ValueError as error:
        raise IngestError(path, str(error)) from None
    if not text.strip():
        raise IngestError(path, "file has no text")
    # The same article saved in another encoding or with other line ends is the same content.
    normalised = "\n".join(line.rstrip() for line in text.lstrip("\ufeff").splitlines()).strip()
    return SourceFile(path=path, kind=kind, text=text, content_hash=hashlib.sha256(normalised.encode()).hexdigest())
