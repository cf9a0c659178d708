"""Fetching a page the way a polite archive crawler does, keeping every byte the server sent.

One client per run: robots.txt read once per site and obeyed, requests to one host spaced by
``NEWSROOM_CAPTURE_DELAY``, 429 and 503 answers retried after their ``Retry-After`` (or a doubling
backoff), redirects followed one by one so each hop is kept, bodies capped at
``NEWSROOM_CAPTURE_MAX_BYTES`` before and after decompression, and every connection checked by
:class:`~.addresses.GuardedBackend`.
"""
from dataclasses import dataclass, field
import datetime
import time
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser
import zlib

from django.conf import settings
import httpcore
import httpx

from ..ingest.warcs import media_type
from .addresses import AddressRefused, GuardedBackend, check_scheme

MAX_REDIRECTS = 10
MAX_RETRY_WAIT = 60.0
ROBOTS_AGENT = "newsroom"
REDIRECTS = {301, 302, 303, 307, 308}


class CaptureError(Exception):
    """A page that could not be captured; the message names the address and says why."""


def user_agent():
    contact = settings.NEWSROOM_CAPTURE_CONTACT or "contact not configured (NEWSROOM_CAPTURE_CONTACT)"
    return f"newsroom/0.1 (web archive of press coverage; {contact})"


@dataclass
class Hop:
    """One request and the response to it, as sent over the wire (content encoding kept, chunking undone)."""

    url: str
    request_headers: list
    http_version: str
    status: int
    reason: str
    headers: list  # [(name, value)] as str
    body: bytes
    address: str
    fetched_at: datetime.datetime

    def header(self, name):
        name = name.lower()
        return next((value for key, value in self.headers if key.lower() == name), "")

    @property
    def content_type(self):
        return media_type(self.header("content-type"))[0]

    @property
    def charset(self):
        return media_type(self.header("content-type"))[1]


@dataclass
class Exchange:
    requested: str
    hops: list = field(default_factory=list)

    @property
    def final(self):
        return self.hops[-1]


class _GuardedTransport(httpx.HTTPTransport):
    """httpx's transport with its connection pool on the guarded network backend."""

    def __init__(self, backend):
        super().__init__(retries=0)
        self._pool = httpcore.ConnectionPool(ssl_context=httpx.create_ssl_context(), network_backend=backend,
                                             max_connections=4, retries=0)


def decoded(hop, max_bytes):
    """The body with its content encoding undone, refusing a small body that inflates past the cap."""
    encoding = hop.header("content-encoding").strip().lower()
    if encoding in ("", "identity"):
        return hop.body
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise CaptureError(f"{hop.url}: the server sent an encoding newsroom did not ask for ({encoding})")
    inflater = zlib.decompressobj(zlib.MAX_WBITS | 32 if encoding != "deflate" else zlib.MAX_WBITS)
    try:
        data = inflater.decompress(hop.body, max_bytes + 1)
    except zlib.error as error:
        raise CaptureError(f"{hop.url}: its {encoding} body is damaged ({error})") from None
    if len(data) > max_bytes:
        raise CaptureError(f"{hop.url}: the page is over {max_bytes:,} bytes once decompressed "
                           "(NEWSROOM_CAPTURE_MAX_BYTES)")
    return data


class Fetcher:
    def __init__(self, *, obey_robots=True, delay=None, retries=None, backoff=None, timeout=None, max_bytes=None,
                 allow_private=None):
        self.obey_robots = obey_robots
        self.delay = settings.NEWSROOM_CAPTURE_DELAY if delay is None else delay
        self.retries = settings.NEWSROOM_CAPTURE_RETRIES if retries is None else retries
        self.backoff = settings.NEWSROOM_CAPTURE_BACKOFF if backoff is None else backoff
        self.timeout = timeout or settings.NEWSROOM_CAPTURE_TIMEOUT
        self.max_bytes = max_bytes or settings.NEWSROOM_CAPTURE_MAX_BYTES
        allow = settings.NEWSROOM_CAPTURE_ALLOW_PRIVATE if allow_private is None else allow_private
        self._backend = GuardedBackend(allow_private=allow)
        self._client = httpx.Client(transport=_GuardedTransport(self._backend), timeout=self.timeout,
                                    trust_env=False, follow_redirects=False,
                                    headers={"User-Agent": user_agent(), "Accept-Encoding": "gzip, deflate"})
        self._robots, self._last_request = {}, {}

    def close(self):
        self._client.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def fetch(self, url, *, headers=None):
        """The exchange for an address, redirects included; :class:`CaptureError` or
        :class:`AddressRefused` when it must not or cannot be fetched."""
        current = check_scheme(url)
        exchange = Exchange(url)
        for _ in range(MAX_REDIRECTS + 1):
            if self.obey_robots and not self._robots_allow(current):
                raise CaptureError(f"{current}: its site's robots.txt asks archives not to fetch it "
                                   "(--ignore-robots overrides, for pages you may archive)")
            hop = self._request(current, headers)
            exchange.hops.append(hop)
            location = hop.header("location")
            if hop.status not in REDIRECTS or not location:
                return exchange
            current = check_scheme(urljoin(current, location.strip()))
        raise CaptureError(f"{url}: more than {MAX_REDIRECTS} redirects")

    # -- one request ---------------------------------------------------------------------
    def _request(self, url, headers=None):
        for attempt in range(self.retries + 1):
            self._wait_for_turn(url)
            hop = self._once(url, headers)
            if hop.status not in (429, 503) or attempt == self.retries:
                return hop
            time.sleep(min(self._retry_after(hop) or self.backoff * 2 ** attempt, MAX_RETRY_WAIT))
        return hop

    def _once(self, url, headers):
        started = time.monotonic()
        try:
            request = self._client.build_request("GET", url, headers=headers or {})
            with self._client.stream(request.method, request.url, headers=request.headers) as response:
                body = bytearray()
                for chunk in response.iter_raw():
                    body += chunk
                    if len(body) > self.max_bytes:
                        raise CaptureError(f"{url}: the page is over {self.max_bytes:,} bytes "
                                           "(NEWSROOM_CAPTURE_MAX_BYTES)")
                    if time.monotonic() - started > 3 * self.timeout:
                        raise CaptureError(f"{url}: the server took over {3 * self.timeout:.0f} s to send the page")
                return Hop(
                    url=url, request_headers=[(k.decode("latin-1"), v.decode("latin-1"))
                                              for k, v in response.request.headers.raw],
                    http_version=response.http_version, status=response.status_code,
                    reason=response.reason_phrase,
                    headers=[(k.decode("latin-1"), v.decode("latin-1")) for k, v in response.headers.raw
                             if k.lower() != b"transfer-encoding"],
                    body=bytes(body), address=self._backend.last_address,
                    fetched_at=datetime.datetime.now(datetime.timezone.utc),
                )
        except AddressRefused as error:
            raise AddressRefused(f"{url}: refused, {error}") from None
        except httpx.TimeoutException:
            raise CaptureError(f"{url}: no answer within {self.timeout:.0f} s (NEWSROOM_CAPTURE_TIMEOUT)") from None
        except httpx.HTTPError as error:
            raise CaptureError(f"{url}: {error or type(error).__name__}") from None

    def _wait_for_turn(self, url):
        host = urlsplit(url).netloc.lower()
        wait = self._last_request.get(host, -1e9) + self.delay - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self._last_request[host] = time.monotonic()

    @staticmethod
    def _retry_after(hop):
        value = hop.header("retry-after").strip()
        return float(value) if value.isdigit() else None

    # -- robots.txt ----------------------------------------------------------------------
    def _robots_allow(self, url):
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._robots:
            self._robots[origin] = self._read_robots(origin)
        return self._robots[origin].can_fetch(ROBOTS_AGENT, url)

    def _read_robots(self, origin):
        """The site's rules (RFC 9309): none when it has no robots.txt, everything disallowed when it cannot
        be reached or fails with a server error."""
        parser = RobotFileParser()
        self._wait_for_turn(origin)
        try:
            response = self._client.get(f"{origin}/robots.txt", follow_redirects=True)
            status, text = response.status_code, response.text[:500_000]
        except AddressRefused as error:
            raise AddressRefused(f"{origin}/robots.txt: refused, {error}") from None
        except httpx.HTTPError:
            status, text = 503, ""
        if status >= 500:
            parser.disallow_all = True
        elif status >= 400:
            parser.allow_all = True
        else:
            parser.parse(text.splitlines())
        return parser
