"""Fetching a page the way a polite archive crawler does, keeping every byte the server sent.

One client per run reads everything a capture needs — robots.txt, feeds, sitemaps and pages — and bounds
every request the same way: at most ``NEWSROOM_CAPTURE_MAX_BYTES`` as sent (counted while it streams in,
so an endless answer is cut there) and once decompressed, and ``NEWSROOM_CAPTURE_TIMEOUT`` seconds for the
whole request, connection, answer and body (so a server sending a byte at a time is cut there too). Every
connection is checked by :class:`~.addresses.GuardedBackend`. Politeness: robots.txt read once per site and
obeyed, requests to one host spaced by ``NEWSROOM_CAPTURE_DELAY``, 429 and 503 answers retried after their
``Retry-After`` (or a doubling backoff), redirects followed one by one so each hop is kept.

A failure is one :class:`CaptureError` line naming the address and the limit it met. A capture asks for the
answer cut at the cap instead (``keep_truncated``), so the archive keeps what the server sent as far as it
was read.
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

from ..warc.reading import media_type
from .addresses import AddressRefused, GuardedBackend, check_scheme

MAX_REDIRECTS = 10
ROBOTS_REDIRECTS = 5  # RFC 9309 2.3.1.2
MAX_RETRY_WAIT = 60.0
# a site's robots.txt may ask for more time between requests (Crawl-delay): granted up to this, so a hostile
# "Crawl-delay: 100000" cannot stall a run
MAX_CRAWL_DELAY = 30.0
ROBOTS_AGENT = "newsroom"
REDIRECTS = {301, 302, 303, 307, 308}


class CaptureError(Exception):
    """A page that could not be captured; the message names the address and says why."""


class PermanentCaptureError(CaptureError):
    """A page that asking again will not change: gone (404, 410), withheld (451), over the byte cap or not an
    HTML page. Remembered, so a scheduled run does not fetch it again until its feed entry changes."""

    def __init__(self, message, status=None):
        super().__init__(message)
        self.status = status  # the HTTP status it was answered with, when that was the reason


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
    limit: int = 0  # the byte cap it was read under, which its decompressed body is held to as well
    limit_name: str = "NEWSROOM_CAPTURE_MAX_BYTES"
    truncated: str = ""  # "length" when the body was cut at the byte cap (a WARC-Truncated reason)

    def header(self, name):
        name = name.lower()
        return next((value for key, value in self.headers if key.lower() == name), "")

    @property
    def content_type(self):
        return media_type(self.header("content-type"))[0]

    @property
    def charset(self):
        return media_type(self.header("content-type"))[1]

    @property
    def payload(self):
        """The body with its content encoding undone, within the cap it was read under."""
        if self.truncated:
            raise PermanentCaptureError(f"{self.url}: over {self.limit:,} bytes ({self.limit_name})")
        return decoded(self, self.limit, self.limit_name)


@dataclass
class Exchange:
    requested: str
    hops: list = field(default_factory=list)

    @property
    def final(self):
        return self.hops[-1]


def conditional_headers(last):
    """If-None-Match and If-Modified-Since from what the last answer sent (``last``: a record with ``etag`` and
    ``last_modified``, a page's last capture or a feed; or None): an unchanged page or feed costs a 304."""
    headers = {}
    if last and last.etag:
        headers["If-None-Match"] = last.etag
    if last and last.last_modified:
        headers["If-Modified-Since"] = last.last_modified
    return headers


def decoded(hop, max_bytes, limit_name="NEWSROOM_CAPTURE_MAX_BYTES"):
    """The body with its content encoding undone, refusing a small body that inflates past the cap."""
    encoding = hop.header("content-encoding").strip().lower()
    if encoding in ("", "identity"):
        return hop.body
    if encoding not in ("gzip", "x-gzip", "deflate"):  # the encodings newsroom asks for (no br, no zstd)
        raise CaptureError(f"{hop.url}: the server sent an encoding newsroom did not ask for ({encoding})")
    return inflated(hop.body, hop.url, max_bytes, limit_name, what=f"{encoding} body",
                    wbits=zlib.MAX_WBITS | 32 if encoding != "deflate" else zlib.MAX_WBITS)


def inflated(data, url, max_bytes, limit_name="NEWSROOM_CAPTURE_MAX_BYTES", *, what="gzip file",
             wbits=zlib.MAX_WBITS | 32):
    """Compressed bytes inflated, never past ``max_bytes``: a small body that would inflate further (a bomb)
    is refused after that many bytes, not held whole in memory."""
    inflater = zlib.decompressobj(wbits)
    try:
        result = inflater.decompress(data, max_bytes + 1)
    except zlib.error as error:
        raise CaptureError(f"{url}: its {what} is damaged ({error})") from None
    if len(result) > max_bytes:
        raise PermanentCaptureError(f"{url}: over {max_bytes:,} bytes once decompressed ({limit_name})")
    return result


class _DeadlineStream(httpcore.NetworkStream):
    """A connection whose every read and write waits no longer than what is left of the request's time."""

    def __init__(self, stream, backend):
        self._stream, self._backend = stream, backend

    def read(self, max_bytes, timeout=None):
        return self._stream.read(max_bytes, self._backend.time_left(timeout, httpcore.ReadTimeout))

    def write(self, buffer, timeout=None):
        self._stream.write(buffer, self._backend.time_left(timeout, httpcore.WriteTimeout))

    def close(self):
        self._stream.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None):
        timeout = self._backend.time_left(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._stream.start_tls(ssl_context, server_hostname, timeout), self._backend)

    def get_extra_info(self, info):
        return self._stream.get_extra_info(info)


class BoundedBackend(GuardedBackend):
    """The guarded backend, holding every connection to the deadline of the request being made."""

    deadline = None  # time.monotonic() by which the current request must be done

    def time_left(self, timeout, error):
        if self.deadline is None:
            return timeout
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise error("the request's time is up")
        return left if timeout is None else min(timeout, left)

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        timeout = self.time_left(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(super().connect_tcp(host, port, timeout, local_address, socket_options), self)


class _Transport(httpx.HTTPTransport):
    """httpx's transport with its connection pool on the bounded network backend."""

    def __init__(self, backend):
        super().__init__(retries=0)
        self._pool = httpcore.ConnectionPool(ssl_context=httpx.create_ssl_context(), network_backend=backend,
                                             max_connections=4, retries=0)


class Fetcher:
    """The client every capture reads through; used by one thread at a time."""

    def __init__(self, *, obey_robots=True, delay=None, retries=None, backoff=None, timeout=None, max_bytes=None,
                 allow_private=None):
        self.obey_robots = obey_robots
        self.delay = settings.NEWSROOM_CAPTURE_DELAY if delay is None else delay
        self.retries = settings.NEWSROOM_CAPTURE_RETRIES if retries is None else retries
        self.backoff = settings.NEWSROOM_CAPTURE_BACKOFF if backoff is None else backoff
        self.timeout = timeout or settings.NEWSROOM_CAPTURE_TIMEOUT
        self.max_bytes = max_bytes or settings.NEWSROOM_CAPTURE_MAX_BYTES
        allow = settings.NEWSROOM_CAPTURE_ALLOW_PRIVATE if allow_private is None else allow_private
        self._backend = BoundedBackend(allow_private=allow)
        self._client = httpx.Client(transport=_Transport(self._backend), timeout=self.timeout,
                                    trust_env=False, follow_redirects=False,
                                    headers={"User-Agent": user_agent(), "Accept-Encoding": "gzip, deflate"})
        self._robots, self._last_request = {}, {}

    def close(self):
        self._client.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def fetch(self, url, *, headers=None, keep_truncated=False, max_bytes=None,
              limit_name="NEWSROOM_CAPTURE_MAX_BYTES", deadline=None):
        """The exchange for an address, redirects included; :class:`CaptureError` or
        :class:`AddressRefused` when it must not or cannot be fetched. An answer over the byte cap (the
        client's, or a smaller ``max_bytes`` named ``limit_name``) is an error, or with ``keep_truncated`` a hop
        cut there (``truncated="length"``), for the archive to keep. With ``deadline`` (a ``time.monotonic()``
        time: a rendered page's whole time) no request starts after it, and none goes on past it."""
        limit = ((max_bytes, limit_name) if max_bytes and max_bytes < self.max_bytes
                 else (self.max_bytes, "NEWSROOM_CAPTURE_MAX_BYTES"))
        current = check_scheme(url)
        exchange = Exchange(url)
        for _ in range(MAX_REDIRECTS + 1):
            if self.obey_robots:
                self._check_robots(current)
            hop = self._request(current, headers, keep_truncated, limit, deadline)
            exchange.hops.append(hop)
            location = hop.header("location")
            if hop.status not in REDIRECTS or not location:
                return exchange
            current = check_scheme(urljoin(current, location.strip()))
        raise CaptureError(f"{url}: more than {MAX_REDIRECTS} redirects")

    # -- one request ---------------------------------------------------------------------
    def _request(self, url, headers, keep_truncated, limit, deadline=None):
        for attempt in range(self.retries + 1):
            self._wait_for_turn(url)
            if deadline is not None and time.monotonic() >= deadline:
                raise CaptureError(f"{url}: not fetched, the page's {self.timeout:g} s were up "
                                   "(NEWSROOM_CAPTURE_TIMEOUT, the limit for a rendered page)")
            hop = self._once(url, headers, *limit, keep_truncated, deadline)
            if hop.status not in (429, 503) or attempt == self.retries:
                return hop
            time.sleep(min(self._retry_after(hop) or self.backoff * 2 ** attempt, MAX_RETRY_WAIT))
        return hop

    def _once(self, url, headers, max_bytes, limit_name, keep_truncated=False, deadline=None):
        """One request, read whole within the byte cap and the request's time, and before ``deadline`` when
        given (or, ``keep_truncated``, cut at the cap)."""
        answered = False
        self._backend.deadline = min(time.monotonic() + self.timeout, deadline or float("inf"))
        try:
            request = self._client.build_request("GET", url, headers=headers or {})
            with self._client.stream(request.method, request.url, headers=request.headers) as response:
                answered = True
                body, truncated = bytearray(), ""
                for chunk in response.iter_raw():
                    body += chunk
                    if len(body) > max_bytes:
                        if not keep_truncated:
                            raise CaptureError(f"{url}: over {max_bytes:,} bytes ({limit_name})")
                        del body[max_bytes:]
                        truncated = "length"
                        break
                return Hop(
                    url=url, request_headers=[(k.decode("latin-1"), v.decode("latin-1"))
                                              for k, v in response.request.headers.raw],
                    http_version=response.http_version, status=response.status_code,
                    reason=response.reason_phrase,
                    headers=[(k.decode("latin-1"), v.decode("latin-1")) for k, v in response.headers.raw
                             if k.lower() != b"transfer-encoding"],
                    body=bytes(body), address=self._backend.last_address,
                    fetched_at=datetime.datetime.now(datetime.timezone.utc),
                    limit=max_bytes, limit_name=limit_name, truncated=truncated,
                )
        except AddressRefused as error:
            refused = AddressRefused(f"{url}: refused, {error}")
            refused.reason = f"refused, {error}"  # what another address on the same site is refused for
            raise refused from None
        except httpx.TimeoutException:
            what = "not sent in full" if answered else "no answer"
            raise CaptureError(f"{url}: {what} within {self.timeout:g} s (NEWSROOM_CAPTURE_TIMEOUT, the limit "
                               "for a whole request)") from None
        except httpx.HTTPError as error:
            raise CaptureError(f"{url}: {error or type(error).__name__}") from None
        finally:
            self._backend.deadline = None

    def _wait_for_turn(self, url):
        parts = urlsplit(url)
        host = parts.netloc.lower()
        delay = self._delay_for(f"{parts.scheme}://{parts.netloc}")
        wait = self._last_request.get(host, -1e9) + delay - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self._last_request[host] = time.monotonic()

    def _delay_for(self, origin):
        """The seconds between two requests to a site: the setting, or the site's Crawl-delay when longer."""
        rules = self._robots.get(origin)
        asked = rules.crawl_delay(ROBOTS_AGENT) if isinstance(rules, RobotFileParser) else None
        return max(self.delay, min(asked or 0, MAX_CRAWL_DELAY))

    @staticmethod
    def _retry_after(hop):
        value = hop.header("retry-after").strip()
        return float(value) if value.isdigit() else None

    # -- robots.txt ----------------------------------------------------------------------
    def _check_robots(self, url):
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._robots:
            try:
                self._robots[origin] = self._read_robots(origin)
            except (CaptureError, AddressRefused) as error:
                self._robots[origin] = error  # remembered: a site's endless robots.txt is read once a run
        rules = self._robots[origin]
        if isinstance(rules, AddressRefused):
            raise AddressRefused(f"{url}: {getattr(rules, 'reason', rules)}")
        if isinstance(rules, CaptureError):
            raise CaptureError(f"{url}: its site's robots.txt could not be read, so nothing there is fetched "
                               f"({rules})")
        if not rules.can_fetch(ROBOTS_AGENT, url):
            raise CaptureError(f"{url}: its site's robots.txt asks archives not to fetch it "
                               "(--ignore-robots overrides, for pages you may archive)")

    def _read_robots(self, origin):
        """The site's rules (RFC 9309): none when it has no robots.txt, everything disallowed when it fails with
        a server error; :class:`CaptureError` when it cannot be read (too slow, too long, unreachable)."""
        parser = RobotFileParser()
        url, limit = f"{origin}/robots.txt", settings.NEWSROOM_CAPTURE_ROBOTS_MAX_BYTES
        for _ in range(ROBOTS_REDIRECTS + 1):
            self._wait_for_turn(url)
            hop = self._once(url, None, limit, "NEWSROOM_CAPTURE_ROBOTS_MAX_BYTES")
            location = hop.header("location")
            if hop.status not in REDIRECTS or not location:
                break
            url = check_scheme(urljoin(url, location.strip()))
        else:
            raise CaptureError(f"{origin}/robots.txt: more than {ROBOTS_REDIRECTS} redirects")
        if hop.status >= 500 or hop.status in REDIRECTS:
            parser.disallow_all = True
        elif hop.status >= 400:
            parser.allow_all = True
        else:
            parser.parse(hop.payload.decode("utf-8", "replace").splitlines())
        return parser
