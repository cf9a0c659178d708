"""A small web site served on 127.0.0.1, for the capture tests and ``bench_capture``.

``LocalSite`` serves what ``routes`` holds ({path: Page}) from a thread, counts requests per path and
answers conditional requests for pages with an ETag — enough to exercise redirects, robots.txt, rate
limits, feeds and size caps without touching the network.
"""
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
import gzip
import threading
import time


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


def article_html(title, paragraphs, *, published="2026-03-14", site="The Harbour Courier"):
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{title} | {site}</title>"
            f"<meta property='og:site_name' content='{site}'>"
            f"<meta property='article:published_time' content='{published}T08:00:00Z'></head>"
            f"<body><header><nav><a href='/'>Home</a> <a href='/world'>World</a></nav></header>"
            f"<article><h1>{title}</h1><time datetime='{published}'>{published}</time>{body}</article>"
            f"<footer>© {site}. All rights reserved. Cookie settings.</footer></body></html>").encode()


class LocalSite:
    def __init__(self, routes=None):
        self.routes = dict(routes or {})
        self.hits = {}
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body are two writes: no 40 ms wait between them

            def do_GET(self):  # noqa: N802 (http.server's name)
                path = self.path.split("?", 1)[0]
                site.hits[path] = site.hits.get(path, 0) + 1
                page = site.routes.get(path)
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
                self._send(page.status, headers, body)

            def _send(self, status, headers, body):
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
