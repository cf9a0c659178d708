"""Pages whose article a script builds, rendered in headless Chromium (driven by Playwright) so the article is
captured as a reader sees it.

The browser never reaches the network itself. Every request it makes is intercepted (route interception) and
answered by the run's own :class:`~.fetch.Fetcher`, so each one is held to what a plain capture is: private
addresses refused on the connection itself (``NEWSROOM_CAPTURE_ALLOW_PRIVATE`` lifts it, as for the plain
client), robots.txt, the delay between requests to one host, the byte cap and the timeout. The page itself is
answered with the document the capture already fetched; what it asks for besides is admitted by the
requisites' rules (:class:`~.requisites.Requisites`: the page's own site and the common CDNs, at most
``NEWSROOM_CAPTURE_MAX_REQUISITES`` addresses and ``NEWSROOM_CAPTURE_REQUISITES_MAX_BYTES`` bytes), so
advertising and analytics are never asked for; a request that is no ``GET`` of an http(s) address is refused.
Each answer fetched is written to the capture's WARC file as it arrives, and kept as a requisite. What is not
intercepted (a WebSocket, a request a service worker would make) has nowhere to go: WebSockets are closed,
service workers blocked, and the browser's proxy is an address where nothing answers. Chromium keeps its
sandbox, except for root (:func:`sandboxed`).

Playwright's synchronous API runs an event loop in the thread that drives it, where Django refuses database
calls, so the browser lives in a thread of its own and renders one page at a time for the capture. A page is
given ``NEWSROOM_CAPTURE_TIMEOUT`` seconds in all (loading, then at most :data:`SETTLE_SECONDS` more for its
scripts' requests to finish); its DOM is then read as it is. Playwright is imported only when a browser is
asked for, so the archive runs without it.
"""
from contextlib import contextmanager
from dataclasses import dataclass, field
import logging
import os
from pathlib import Path
import queue
import re
import threading
import time

from django.conf import settings

from ..ingest.prepare import one_line
from .requisites import Requisites, absolute, fetch_one

logger = logging.getLogger(__name__)

SETTLE_SECONDS = 2.0  # after "load", the longest a page's scripts may still be fetching before its DOM is read
RESPONSIVE_SECONDS = 1.0  # a page whose scripts keep it busy this long is not read (its DOM cannot be)
SCREENSHOT_SECONDS = 10.0  # a screenshot of a long page is given this long, whatever is left of the page's time
LAUNCH_SECONDS = 30.0
GRACE_SECONDS = SCREENSHOT_SECONDS + 5.0  # past the page's time, before a browser that does not answer is given up
MAX_SCREENSHOT_HEIGHT = 10_000  # pixels; a longer page's screenshot is its top
VIEWPORT = {"width": 1280, "height": 900}
# what Chromium calls a request's resource, as a requisite's kind (CaptureRequisite.kind)
KINDS = {"stylesheet": "stylesheet", "image": "image", "font": "font", "script": "script", "xhr": "fetch",
         "fetch": "fetch", "document": "frame", "media": "media"}
NOT_FORWARDED = {"content-encoding", "content-length", "transfer-encoding"}  # the body handed on is decoded
LAUNCH_ARGS = [
    "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-sync",
    "--disable-background-networking", "--disable-component-update", "--disable-default-apps",
    "--disable-quic", "--dns-prefetch-disable", "--mute-audio",
    # nothing the interception misses reaches the network: no proxy listens there, loopback included
    "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
]


class BrowserUnavailable(Exception):
    """No browser to render with; the message is the one line the run prints before capturing plain."""


class RenderError(Exception):
    """A page the browser could not render; the capture keeps the page as fetched."""


@dataclass
class Rendered:
    """A page as the browser left it: its DOM as HTML, a PNG of it (b"" when none could be taken, ``notes``
    say why) and what the browser fetched for it."""

    html: str
    screenshot: bytes
    requisites: Requisites
    notes: list = field(default_factory=list)


@contextmanager
def browser_for_run(asked=False, *, say=logger.warning):
    """The run's browser (closed at its end), or None: when neither ``asked`` (``capture --browser``) nor
    ``NEWSROOM_CAPTURE_BROWSER`` asks for one, or when it cannot be started, which is said in one line
    (``say``)."""
    browser = None
    if asked or settings.NEWSROOM_CAPTURE_BROWSER:
        try:
            browser = start_browser()
        except BrowserUnavailable as error:
            say(str(error))
    try:
        yield browser
    finally:
        if browser is not None:
            browser.close()


def start_browser(executable=None):
    """A started :class:`Browser`; :class:`BrowserUnavailable` (one line) when Chromium is missing, Playwright
    is not installed or the browser cannot be started."""
    executable = str(executable or settings.NEWSROOM_CHROMIUM)
    if not Path(executable).is_file() or not os.access(executable, os.X_OK):
        raise BrowserUnavailable(f"Chromium not found at {executable}: capturing without a browser")
    browser = Browser(executable)
    browser.start()
    return browser


class Browser:
    """Headless Chromium in a thread of its own, rendering one page at a time for the capture's thread."""

    def __init__(self, executable):
        self.executable = executable
        self.broken = ""  # why the browser stopped answering; no page is given to it after that
        self._jobs = queue.Queue()
        self._started = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="capture-browser", daemon=True)

    def start(self):
        self._thread.start()
        try:
            error = self._started.get(timeout=LAUNCH_SECONDS + 5)
        except queue.Empty:
            error = f"Chromium at {self.executable} did not start within {LAUNCH_SECONDS:g} s"
        if error:
            self._jobs.put(None)
            raise BrowserUnavailable(f"{error}: capturing without a browser")

    def _run(self):
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:
            self._started.put("Playwright is not installed")
            return
        try:
            with sync_playwright() as playwright:
                try:
                    chromium = playwright.chromium.launch(executable_path=self.executable, args=LAUNCH_ARGS,
                                                          chromium_sandbox=sandboxed(),
                                                          timeout=LAUNCH_SECONDS * 1000)
                except Exception as error:  # Playwright's own error, whatever went wrong launching
                    self._started.put(f"Chromium at {self.executable} could not be started "
                                      f"({one_line(error)[:200]})")
                    return
                self._started.put("")
                while (job := self._jobs.get()) is not None:
                    job.run(chromium)
                chromium.close()
        except Exception as error:  # the driver failed: the capture's thread is told, by the job or at start
            logger.warning("the capture browser stopped: %s", one_line(error))
            self.broken = f"the browser stopped ({one_line(error)[:200]})"
            self._started.put(f"Playwright could not drive Chromium ({one_line(error)[:200]})")

    def render(self, page_url, final, payload, fetcher, warc):
        """:class:`Rendered` of a page the capture fetched (``final``: its final hop; ``payload``: its body,
        decoded), what it asks for fetched by ``fetcher`` into ``warc``; :class:`RenderError` when it cannot
        be rendered."""
        if self.broken:
            raise RenderError(f"{page_url}: not rendered, {self.broken}")
        job = _Job(page_url, final, payload, fetcher, warc, time.monotonic() + fetcher.timeout)
        self._jobs.put(job)
        given_up = job.deadline + GRACE_SECONDS
        while not job.done.wait(0.25):
            if not self._thread.is_alive():
                self.broken = self.broken or "the browser stopped"
            elif time.monotonic() > given_up:
                self.broken = f"the browser did not answer within {fetcher.timeout + GRACE_SECONDS:g} s"
            else:
                continue
            with job.lock:
                job.cancelled.set()  # nothing more is fetched or written for it
            raise RenderError(f"{page_url}: not rendered, {self.broken}")
        if job.error:
            raise RenderError(f"{page_url}: not rendered ({job.error})")
        return job.rendered

    def close(self):
        self._jobs.put(None)
        self._thread.join(timeout=10)


def sandboxed():
    """Whether Chromium keeps its sandbox, which holds a page's scripts away from the machine: always, but for
    root, which Chromium cannot sandbox (a container's root user; Playwright would drop it for everyone)."""
    return os.geteuid() != 0


def _ms(seconds):
    return max(int(seconds * 1000), 1)  # 0 would be no timeout at all to Playwright


class _Job:
    """One page to render, in the browser's thread: the capture's thread waits for ``done``."""

    def __init__(self, page_url, final, payload, fetcher, warc, deadline):
        self.page_url, self.final, self.payload = page_url, final, payload
        self.fetcher, self.warc, self.deadline = fetcher, warc, deadline
        self.requisites = Requisites.of_page(page_url)
        # (method, address): (status, headers, body) of what was fetched, or None when it was refused or failed:
        # an address a script asks for again is answered from memory, not fetched or counted again
        self.answered = {}
        self.document_served = False
        self.done, self.cancelled, self.lock = threading.Event(), threading.Event(), threading.Lock()
        self.rendered, self.error = None, ""

    def left(self):
        return self.deadline - time.monotonic()

    def run(self, chromium):
        from playwright.sync_api import Error as PlaywrightError

        context = None
        try:
            context = chromium.new_context(viewport=VIEWPORT, service_workers="block", accept_downloads=False)
            context.route("**/*", self.answer)  # the context's: a window the page opens is held to it too
            context.route_web_socket(re.compile(".*"), lambda socket: socket.close())
            page = context.new_page()
            self.rendered = self.rendered_page(page, PlaywrightError)
        except RenderError as error:
            self.error = str(error)
        except PlaywrightError as error:
            self.error = one_line(error)[:300]
        except Exception as error:  # a page or an answer no rule foresaw: it is captured as fetched, the run goes on
            logger.exception("rendering %s failed", self.page_url)
            self.error = one_line(error)[:300]
        finally:
            if context is not None:
                try:
                    context.close()
                except PlaywrightError:
                    pass
            self.done.set()

    def rendered_page(self, page, PlaywrightError):  # noqa: N803 (Playwright's class, imported lazily)
        notes = []
        try:
            page.goto(self.page_url, wait_until="load", timeout=_ms(self.left()))
        except PlaywrightError as error:  # not loaded in time: its DOM as far as it got
            notes.append(f"not loaded in full ({one_line(error)[:120]})")
        try:
            page.wait_for_load_state("networkidle", timeout=_ms(min(SETTLE_SECONDS, self.left())))
        except PlaywrightError:
            pass  # still fetching: what it has is what is kept
        try:  # a script that never stops holds every later call: the page's DOM cannot be read
            page.wait_for_function("() => true", timeout=_ms(RESPONSIVE_SECONDS))
        except PlaywrightError:
            raise RenderError(f"its scripts were still running after {RESPONSIVE_SECONDS:g} s more") from None
        size = page.evaluate("document.documentElement ? document.documentElement.outerHTML.length : 0")
        if size > self.fetcher.max_bytes:  # told before the page is copied out of the browser
            raise RenderError(f"its rendered page is over {self.fetcher.max_bytes:,} characters "
                              "(NEWSROOM_CAPTURE_MAX_BYTES)")
        html = page.content()
        if len(html.encode("utf-8")) > self.fetcher.max_bytes:  # characters outside ASCII take more than one byte
            raise RenderError(f"its rendered page is over {self.fetcher.max_bytes:,} bytes "
                              "(NEWSROOM_CAPTURE_MAX_BYTES)")
        screenshot = b""
        try:
            screenshot = self.screenshot(page)
        except PlaywrightError as error:
            notes.append(f"no screenshot ({one_line(error)[:120]})")
        if len(screenshot) > self.fetcher.max_bytes:
            screenshot = b""
            notes.append(f"no screenshot (over {self.fetcher.max_bytes:,} bytes, NEWSROOM_CAPTURE_MAX_BYTES)")
        return Rendered(html, screenshot, self.requisites, notes)

    @staticmethod
    def screenshot(page):
        """A PNG of the whole page, at most :data:`MAX_SCREENSHOT_HEIGHT` pixels of it from the top."""
        height = page.evaluate("Math.max(document.documentElement.scrollHeight,"
                               " document.body ? document.body.scrollHeight : 0)")
        clip = {"x": 0, "y": 0, "width": VIEWPORT["width"], "height": min(max(int(height), 1), MAX_SCREENSHOT_HEIGHT)}
        return page.screenshot(full_page=True, clip=clip, type="png", animations="disabled",
                               timeout=_ms(SCREENSHOT_SECONDS))

    # -- every request the page makes ----------------------------------------------------------------------
    def answer(self, route):
        """Answer one of the browser's requests: the page with its document as fetched, what it asks for
        through the capture's client when the requisites' rules admit it; refuse the rest."""
        from playwright.sync_api import Error as PlaywrightError

        request = route.request
        try:
            if request.is_navigation_request() and request.frame.parent_frame is None:
                if self.document_served:  # a script leading the page elsewhere: the page stays
                    return route.abort("blockedbyclient")
                self.document_served = True
                return route.fulfill(status=self.final.status, headers=forwarded(self.final.headers),
                                     body=self.payload)
            answered = self.fetched(request)
            if answered is None:
                return route.abort("blockedbyclient")
            status, headers, body = answered
            return route.fulfill(status=status, headers=headers, body=body)
        except PlaywrightError:
            pass  # the page was closed meanwhile (its time was up): nothing to answer

    def fetched(self, request):
        """(status, headers, body) for a request the page makes, fetched once, or None when it is refused."""
        key = (request.method, request.url)
        if key not in self.answered:
            self.answered[key] = self.fetched_once(request)
        return self.answered[key]

    def fetched_once(self, request):
        address = request.url
        if request.method != "GET":
            self.requisites.failed.append(f"{address[:200]}: a {request.method} request, which a capture does "
                                          "not send")
            return None
        if not absolute(address, address):
            self.requisites.failed.append(f"{address[:200]}: not an http(s) address")
            return None
        if not self.requisites.admits(address):
            return None
        with self.lock:
            if self.cancelled.is_set():
                return None
            fetched = fetch_one(address, KINDS.get(request.resource_type, "other"), self.fetcher, self.warc,
                                self.requisites, deadline=self.deadline)
        if fetched is None:
            return None
        final, body = fetched
        return final.status, forwarded(final.headers), body


def forwarded(headers):
    """An answer's headers as handed to the browser with its decoded body: no encoding, no length."""
    return {name: value for name, value in headers if name.lower() not in NOT_FORWARDED}


def write_rendering(warc, final, response_record_id, rendered):
    """Write what the browser made of a page after its records — its DOM as a ``conversion`` record of the
    page's response (``response_record_id``), its screenshot as a ``resource`` record named
    ``urn:fullPage:<address>`` as Browsertrix names one — and return the Capture fields that find them."""
    moment = final.fetched_at
    rendered_offset, _ = warc.write_record(final.url, "conversion", "text/html; charset=utf-8",
                                           rendered.html.encode("utf-8"), date=moment,
                                           refers_to=response_record_id)
    fields = {"rendered_offset": rendered_offset}
    if rendered.screenshot:
        fields["screenshot_offset"], fields["screenshot_length"] = warc.write_record(
            f"urn:fullPage:{final.url}", "resource", "image/png", rendered.screenshot, date=moment)
    return fields
