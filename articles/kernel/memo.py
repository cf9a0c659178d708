"""Work done once per state of the archive, not once per request.

Some answers depend only on what the archive holds: the facet counts and month histogram of the whole
archive or of one facet value, an article's related coverage. They are kept under the archive's state —
its change counter and the search index's state, the same pair that makes a reader's ETag
(:func:`articles.records.freshness.validator`) — so any committed edit or index change makes them stale at
once, with nothing to invalidate by hand. The state is read through the functions given to
:func:`use_states` when the app starts.

Two layers: this process keeps the answers of the current state in a dict (no copying, no pickling), and
Django's cache framework (``CACHES["default"]``, see NEWSROOM_CACHE_URL) shares them between the web
workers when it is a shared cache (a file-based cache on one machine, Redis or Memcached across several).
"""
import hashlib
import logging
import threading

from django.core.cache import cache

logger = logging.getLogger(__name__)

TIMEOUT = 3600  # seconds; a state rarely lasts that long, and a later state never reads an earlier one's keys
MAX_LOCAL = 2000  # answers of one name this process keeps for the current state

_local = {}  # {name: (state, {key: answer})}: the answers of the latest state seen for each name
_lock = threading.Lock()
_MISSING = object()


_states = {}  # "archive" and "names": the functions that read those states, given at start


def use_states(*, archive, names):
    """Read the archive's state with ``archive()`` and the names' with ``names()`` (the app gives its change
    counters when it starts: :mod:`articles.records.freshness`). Given, not imported: this module knows
    nothing of what the state is made of."""
    _states.update(archive=archive, names=names)


def _state_of(name):
    try:
        return _states[name]()
    except KeyError:
        raise RuntimeError("memo.use_states() was not called: no archive state to keep answers under") from None


def archive_state():
    """A short digest that changes whenever the archive or its index does."""
    return _state_of("archive")


def names_state():
    """A short value that changes whenever a country, outlet, person or delegation does (and nothing else):
    for answers that read only their names, which an edit of an article leaves as they were."""
    return _state_of("names")


def _answers(name, state):
    """This process's {key: answer} of ``name`` for ``state``, those of an earlier state dropped (under _lock)."""
    kept = _local.get(name)
    if kept is None or kept[0] != state:
        kept = _local[name] = (state, {})
    return kept[1]


def once_per_state(name, key, compute, *, state=None):
    """``compute()``'s answer for (``name``, ``key``), computed once per archive state and shared.

    ``key`` is any value with a stable ``repr`` (tuples of strings and numbers); ``compute`` must return
    something picklable, never changed by its callers. ``state`` narrows the archive's state to what the
    answer depends on (the index generation a searcher reads, for answers from the index alone). A cache
    that cannot be reached costs the computation, never the answer.
    """
    state = state or archive_state()
    with _lock:
        found = _answers(name, state).get(key, _MISSING)
    if found is not _MISSING:
        return found
    shared_key = f"newsroom:{name}:{state}:{hashlib.sha1(repr(key).encode()).hexdigest()}"
    try:
        found = cache.get(shared_key, _MISSING)
    except Exception:  # a cache server down: compute, as if it were empty
        logger.warning("the shared cache could not be read", exc_info=True)
    if found is _MISSING:
        found = compute()
        try:
            cache.set(shared_key, found, TIMEOUT)
        except Exception:
            logger.warning("the shared cache could not be written", exc_info=True)
    with _lock:
        if _local.get(name, (None,))[0] == state and len(_local[name][1]) < MAX_LOCAL:
            _local[name][1][key] = found
    return found


def each_once_per_state(name, keys, compute, *, state=None):
    """{key: answer} for ``keys``, each answer kept item by item for the archive's state (or ``state``) in
    this process: ``compute(missing)`` answers the keys not kept yet. For answers that recur from request to
    request in ever-changing combinations (the labels of facet values), which once_per_state would keep set
    by set."""
    state = state or archive_state()  # read outside the lock: it may query the database
    with _lock:
        answers = _answers(name, state)
        missing = [key for key in keys if key not in answers]
    found = compute(missing) if missing else {}
    with _lock:
        if len(answers) < MAX_LOCAL * 50:
            answers.update(found)
    return {key: found[key] if key in found else answers[key] for key in keys}


def forget():
    """Drop this process's answers (tests, whose databases start again from the same counter)."""
    with _lock:
        _local.clear()
