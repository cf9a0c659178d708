"""The anonymous exports' budget: NEWSROOM_EXPORT_CONCURRENCY at a time across every worker, past that 429
with ``Retry-After``.

A gunicorn sync worker serves one request at a time, and an export holds its worker for as long as it streams.
So the limit counts the exports of all the workers together and stays below their number: readers always keep
a worker. The slots are keys in the ``exports`` cache, which every worker shares (``settings.CACHES``: files
under the data directory, each operation locked; or the Redis or memcached of ``NEWSROOM_CACHE_URL``):
``newsroom:export-slot:N``, taken with an atomic ``add`` for SLOT_SECONDS and renewed while the export
streams. A slot is given back when the response ends or is closed, or when a response dropped unclosed is
collected. A worker killed mid-export gives nothing back: its slot expires SLOT_SECONDS after its last
renewal, and the next export's ``add`` takes it over.

Signed-in readers are not counted: their archive is private or they are known.
"""
import time
import uuid
import weakref

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.urls import reverse

EXPORT_VIEWS = ("articles:export_csv", "articles:export_json", "articles:export_warc", "articles:quote_export_csv",
                "articles:quote_export_json")
CACHE = "exports"
SLOT_KEY = "newsroom:export-slot:%d"
SLOT_SECONDS = 60  # a killed worker's slot is free again this long after its last renewal
RENEW_EVERY = 15.0  # seconds; a live export renews its slot between chunks


def _give_back(key, token):
    slots = caches[CACHE]
    if slots.get(key) == token:  # not a slot another export took over after ours expired
        slots.delete(key)


class ExportSlot:
    """One export's place among the NEWSROOM_EXPORT_CONCURRENCY shared slots, once acquired."""

    def __init__(self):
        self.key = None
        self._token = uuid.uuid4().hex
        self._renewed = 0.0
        self._give_back = None

    def acquire(self):
        slots = caches[CACHE]
        for number in range(settings.NEWSROOM_EXPORT_CONCURRENCY):
            key = SLOT_KEY % number
            if slots.add(key, self._token, SLOT_SECONDS):  # an expired slot is no longer there: taken over
                self.key, self._renewed = key, time.monotonic()
                # runs once: at release, or when the slot is collected (a response dropped without being closed)
                self._give_back = weakref.finalize(self, _give_back, key, self._token)
                return True
        return False

    def renew(self):
        if self.key and time.monotonic() - self._renewed > RENEW_EVERY:
            caches[CACHE].touch(self.key, SLOT_SECONDS)
            self._renewed = time.monotonic()

    def release(self):
        if self._give_back is not None:
            self._give_back()
        self.key = None


class _Held:
    """A response's content, giving its slot back when the last chunk is sent or the response is closed."""

    def __init__(self, content, slot):
        self._content, self._slot = content, slot

    def __iter__(self):
        try:
            for chunk in self._content:
                self._slot.renew()
                yield chunk
        finally:
            self._slot.release()

    def close(self):
        self._slot.release()


def too_busy():
    response = HttpResponse("Too many exports are running; try again in a little while.\n", status=429,
                            content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(settings.NEWSROOM_EXPORT_RETRY_AFTER)
    return response


class ExportBudgetMiddleware:
    """Anonymous exports, NEWSROOM_EXPORT_CONCURRENCY at a time across the workers; 429 with Retry-After past
    that, at once, without waiting in a queue. The slot is taken before the search runs."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._paths = None

    def __call__(self, request):
        if self._paths is None:
            self._paths = {reverse(name) for name in EXPORT_VIEWS}
        if request.path not in self._paths or request.user.is_authenticated:
            return self.get_response(request)
        slot = ExportSlot()
        if not slot.acquire():
            return too_busy()
        try:
            response = self.get_response(request)
        except BaseException:
            slot.release()
            raise
        if not response.streaming:
            slot.release()
            return response
        response.streaming_content = _Held(response.streaming_content, slot)
        return response
