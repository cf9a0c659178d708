"""A small web site served on 127.0.0.1, for the capture tests and ``bench_capture``.

``LocalSite`` serves what ``routes`` holds ({path or path?query: Page}) from a thread, counts requests per path, keeps
each request's headers (``received``) and answers conditional requests for pages with an ETag — enough to
exercise redirects, robots.txt, rate limits, feeds and size caps without touching the network. A page can
also be hostile: ``endless`` (its body repeated until the client hangs up) or ``drip`` (a byte at a time).
"""
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
import gzip
import struct
import sys
import threading
import time
import zlib

ENDLESS_LIMIT = 1 << 30  # an endless page stops at 1 GiB all the same, so a test that fails cannot run forever

@dataclass
class Page:
    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict = field(default_factory=dict)
    etag: str = ""
    gzip: bool = False
    fail_first: int = 0  # answer fail_status (with Retry-After: 0) this many times first
    fail_status: int = 503
    delay: float = 0.0  # seconds before answering
    endless: bool = False  # the body sent again and again, with no length, until the client hangs up
    drip: float = 0.0  # seconds between two bytes of the body (and of the status line and headers, drip_head)
    drip_head: bool = False


def article_html(title, paragraphs, *, published="2026-03-14", site="The Harbour Courier", head="", figure=""):
    """A news page as sites send them; ``head`` and ``figure`` are markup put in its head and after its
    heading (a stylesheet's link, a photograph)."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{title} | {site}</title>"
            f"<meta property='og:site_name' content='{site}'>"
            f"<meta property='article:published_time' content='{published}T08:00:00Z'>{head}</head>"
            f"<body><header><nav><a href='/'>Home</a> <a href='/world'>World</a></nav></header>"
            f"<article><h1>{title}</h1>{figure}<time datetime='{published}'>{published}</time>{body}</article>"
            f"<footer>© {site}. All rights reserved. Cookie settings.</footer></body></html>").encode()


def png(width, height, rgb=(200, 40, 30)):
    """A PNG of one colour: an image a browser really decodes, for pages shown with images."""
    rows = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


STYLESHEET = (b"@font-face { font-family: Harbour; src: url('fonts/harbour.ttf') format('truetype'); }\n"
              b"body { color: rgb(10, 20, 30); }\nh1 { font-family: Harbour, serif; }\n"
              b"header { background: url(\"../img/band.png\") repeat-x; min-height: 8px; }\n")
STYLED_HEAD = "<link rel='stylesheet' href='/static/site.css'>"


def styled_routes(font=b"not a font"):
    """What a styled page of the local site is shown with: a stylesheet (``STYLED_HEAD`` links it) naming a
    font and a background image by url(…), both served. A browser test passes a real ``font``."""
    return {"/static/site.css": Page(STYLESHEET, content_type="text/css"),
            "/static/fonts/harbour.ttf": Page(font, content_type="font/ttf"),
            "/img/band.png": Page(png(4, 8, (30, 60, 90)), content_type="image/png")}


def photo_html(path, alt="A photograph"):
    return f"<img class='photo' src='{path}' srcset='{path} 1x, {path}?2x 2x' alt='{alt}'>"


class _QuietServer(ThreadingHTTPServer):
    """A client that hung up mid-answer (a byte cap or a timeout doing its work) is no error of the site's. Its
    traceback is not printed: Python 3.11 parses source lines to place a traceback's carets, and an AST built in
    a server thread while a test builds one corrupts the interpreter's shared depth count (CPython gh-106905)."""

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


class LocalSite:
    def __init__(self, routes=None):
        self.routes = dict(routes or {})
        self.hits = {}
        self.received = []  # (request line, {header: value}) of every request, in order
        self.closing = threading.Event()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body are two writes: no 40 ms wait between them

            def do_GET(self):  # noqa: N802 (http.server's name)
                path = self.path.split("?", 1)[0]
                site.hits[path] = site.hits.get(path, 0) + 1
                site.received.append((self.requestline, dict(self.headers.items())))
                page = site.routes.get(self.path) or site.routes.get(path)  # "/story?id=2" before "/story"
                if page is None:
                    return self._send(404, {"Content-Type": "text/plain"}, b"not found")
                if page.delay:
                    time.sleep(page.delay)
                if page.fail_first and site.hits[path] <= page.fail_first:
                    return self._send(page.fail_status, {"Retry-After": "0", "Content-Type": "text/plain"}, b"busy")
                headers = {"Content-Type": page.content_type, **page.headers}
                if page.etag:
                    headers["ETag"] = page.etag
                    if self.headers.get("If-None-Match") == page.etag:
                        return self._send(304, headers, b"")
                body = page.body
                if page.gzip:
                    body, headers["Content-Encoding"] = gzip.compress(body), "gzip"
                if page.endless or page.drip:
                    return self._send_hostile(page, headers, body)
                self._send(page.status, headers, body)

            def _send_hostile(self, page, headers, body):
                """An answer with no length (the connection's end is its end), sent forever or slowly."""
                self.close_connection = True
                lines = [f"HTTP/1.1 {page.status} {self.responses[page.status][0]}", "Connection: close",
                         *(f"{name}: {value}" for name, value in headers.items())]
                head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
                sent = 0
                try:
                    self._write(head, page.drip if page.drip_head else 0)
                    while not site.closing.is_set() and sent < ENDLESS_LIMIT:
                        self._write(body, page.drip)
                        sent += len(body)
                        if not page.endless:
                            break
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client hung up: what the test wanted

            def _write(self, data, drip):
                if not drip:
                    self.wfile.write(data)
                    return
                for index in range(len(data)):
                    if site.closing.wait(drip):
                        return
                    self.wfile.write(data[index:index + 1])
                    self.wfile.flush()

            def _send(self, status, headers, body):
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = _QuietServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.closing.set()
        self.server.shutdown()
        self.server.server_close()
