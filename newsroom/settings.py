"""Settings for newsroom, read from the environment.

Development works with nothing set: SQLite and the Whoosh index live under
``NEWSROOM_DATA_DIR`` (default ``var/`` in the checkout). With debug off the
server refuses to start without a real secret key, so an insecure default can
never reach production.
"""
from pathlib import Path
import os
import sys

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_flag("DJANGO_DEBUG", default=True)

DATA_DIR = Path(os.environ.get("NEWSROOM_DATA_DIR", BASE_DIR / "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. With DJANGO_DEBUG off the archive needs a "
            "secret key: export DJANGO_SECRET_KEY to a long random string."
        )
    SECRET_KEY = "django-insecure-development-only-key-not-for-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_filters",
    "axes",
    "articles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",  # nosniff, HSTS, referrer policy: static files too
    "newsroom.middleware.ContentSecurityPolicyMiddleware",  # CSP and X-Frame-Options: static files too
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "newsroom.logins.LoginThrottleMiddleware",
    "newsroom.middleware.PrivateArchiveMiddleware",
    "newsroom.middleware.ReaderCacheMiddleware",  # ETag / 304 / Cache-Control for readers' pages
    "articles.web.exportbudget.ExportBudgetMiddleware",  # anonymous exports a few at a time, else 429
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "newsroom.middleware.DatabaseUnavailableMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# After 5 failed logins from one address for one user name, that pair waits an hour (newsroom/logins.py);
# an address that fails 30 times, across any user names, waits too. `manage.py unlock_login NAME` ends a lockout.
AXES_FAILURE_LIMIT = int(os.environ.get("NEWSROOM_LOGIN_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["ip_address", "username"]]
AXES_CLIENT_IP_CALLABLE = "newsroom.logins.client_ip"
NEWSROOM_LOGIN_ADDRESS_LIMIT = int(os.environ.get("NEWSROOM_LOGIN_ADDRESS_LIMIT", 30))
# How many reverse proxies (that append to X-Forwarded-For) stand in front of the app; 0 ignores the header.
NEWSROOM_TRUSTED_PROXIES = int(os.environ.get("NEWSROOM_TRUSTED_PROXIES", 0))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "lockout.html"

# A login with no safe "next" lands on the admin's index (there is no /accounts/profile/ page); readers of a
# private archive sign in at /accounts/login/ (newsroom/views.py) and land on the search page.
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "admin:index"
LOGOUT_REDIRECT_URL = "articles:search"

ROOT_URLCONF = "newsroom.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            "builtins": ["articles.templatetags.dates"],
        },
    },
]

WSGI_APPLICATION = "newsroom.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'newsroom.sqlite3'}",
        # a worker keeps its connection between requests (checked before reuse): opening one per request,
        # with its PRAGMAs, was 3% of a web worker's CPU under the load test
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")), conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a concurrent writer (an ingest beside the web server) instead of failing: SQLite's busy timeout.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = float(os.environ.get("NEWSROOM_DB_TIMEOUT", 20))
    # Transactions take the write lock at BEGIN, where a busy timeout waits for it. A transaction begun
    # DEFERRED reads first (an admin save reads its record) and fails at once, without waiting, with "database
    # is locked" when its first write finds that another writer committed since its read: a 503 in 0.02 s.
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
    # WAL with synchronous=NORMAL: a commit is not fsynced on its own (the WAL is, at checkpoints), so an
    # ingest's per-file transactions cost ~0.1 ms instead of ~3 ms; a power cut may lose the last commits,
    # never the database's consistency.
    DATABASES["default"]["OPTIONS"]["init_command"] = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"

# A read replica, when configured: read-only queries go there (newsroom.routers.ReplicaRouter).
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(os.environ["DATABASE_REPLICA_URL"])
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["newsroom.routers.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage" if DEBUG
                    else "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Production hardening: on whenever debug is off.
if not DEBUG:
    # Trying the production server over plain HTTP on one's own machine (`make production-local`) turns off
    # exactly the HTTPS-only settings and their deploy checks, and says so wherever the settings load.
    PLAIN_HTTP = env_flag("NEWSROOM_PLAIN_HTTP")
    SECURE_SSL_REDIRECT = env_flag("DJANGO_SECURE_SSL_REDIRECT", default=not PLAIN_HTTP)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 0 if PLAIN_HTTP else int(os.environ.get("DJANGO_HSTS_SECONDS", 60 * 60 * 24 * 365))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_flag("DJANGO_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_flag("DJANGO_SECURE_COOKIES", default=not PLAIN_HTTP)
    CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
    if PLAIN_HTTP:
        SILENCED_SYSTEM_CHECKS = ["security.W004", "security.W008", "security.W012", "security.W016"]
        print("WARNING: NEWSROOM_PLAIN_HTTP is on: no HTTPS redirect, no HSTS, cookies sent over plain HTTP. "
              "For trying the archive on this machine only; never in front of the internet.", file=sys.stderr)
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No inline scripts anywhere; inline style attributes are allowed for the admin's widgets.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)

# The search engine: "whoosh" (an index directory on disk) or "postgres" (full-text search in the database).
NEWSROOM_SEARCH_BACKEND = os.environ.get("NEWSROOM_SEARCH_BACKEND", "whoosh")
# The search index: a Whoosh directory on disk beside the database.
NEWSROOM_INDEX_DIR = Path(os.environ.get("NEWSROOM_INDEX_DIR", DATA_DIR / "index"))
# A private archive: every page, export and API answer needs a signed-in reader or editor (articles/web/access.py).
NEWSROOM_PRIVATE = env_flag("NEWSROOM_PRIVATE")
# Rows in an anonymous CSV/JSON export of a search; signed-in users (and export_archive) get everything.
NEWSROOM_EXPORT_LIMIT = int(os.environ.get("NEWSROOM_EXPORT_LIMIT", 1000))

# Saved searches' e-mail digests (manage.py send_alerts): the archive's own address for the links they carry,
# the sender, and Django's e-mail backend (printed to the console unless one is named, e.g.
# django.core.mail.backends.smtp.EmailBackend with EMAIL_HOST and EMAIL_PORT).
NEWSROOM_SITE_URL = os.environ.get("NEWSROOM_SITE_URL", "http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = os.environ.get("NEWSROOM_FROM_EMAIL", "newsroom@localhost")
EMAIL_BACKEND = os.environ.get("NEWSROOM_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("NEWSROOM_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("NEWSROOM_EMAIL_PORT", 25))
# The web server's worker processes (gunicorn reads the same variable for its --workers default; `make production`
# sets it from WORKERS).
WEB_WORKERS = int(os.environ.get("WEB_CONCURRENCY", 2))
# Anonymous exports running at once across all the workers (their slots in the "exports" cache below), one fewer
# than the workers by default so readers always keep one; past them an export is answered 429 with Retry-After
# this many seconds (docs/operations.md).
NEWSROOM_EXPORT_CONCURRENCY = int(os.environ.get("NEWSROOM_EXPORT_CONCURRENCY", max(1, WEB_WORKERS - 1)))
NEWSROOM_EXPORT_RETRY_AFTER = int(os.environ.get("NEWSROOM_EXPORT_RETRY_AFTER", 10))
# Seconds a browser or proxy may keep an anonymous reader's page before revalidating it (304 when unchanged).
NEWSROOM_PUBLIC_MAX_AGE = int(os.environ.get("NEWSROOM_PUBLIC_MAX_AGE", 30))
# Answers kept per archive state (articles/kernel/memo.py) live in each worker and in this cache, which the workers
# share when it is shared: NEWSROOM_CACHE_URL = locmem:// (the default: each process its own),
# file:///a/directory (the workers of one machine), redis://host:6379/0 (with the redis package) or
# memcached://host:11211 (with pymemcache), for workers on several machines.
CACHE_BACKENDS = {"locmem": "django.core.cache.backends.locmem.LocMemCache",
                  "file": "django.core.cache.backends.filebased.FileBasedCache",
                  "redis": "django.core.cache.backends.redis.RedisCache",
                  "memcached": "django.core.cache.backends.memcached.PyMemcacheCache"}
_cache_url = os.environ.get("NEWSROOM_CACHE_URL", "locmem://")
_cache_scheme, _, _cache_location = _cache_url.partition("://")
if _cache_scheme not in CACHE_BACKENDS:
    raise ImproperlyConfigured(f"NEWSROOM_CACHE_URL={_cache_url!r}: use one of "
                               + ", ".join(f"{scheme}://" for scheme in CACHE_BACKENDS))
CACHES = {"default": {"BACKEND": CACHE_BACKENDS[_cache_scheme],
                      "LOCATION": _cache_url if _cache_scheme == "redis" else _cache_location}}
# The anonymous exports' slots need a cache every worker shares, with an atomic add: the Redis or memcached named
# above (workers on several machines), else files under the data directory, each operation locked (the workers
# of one machine, which share its database). Not the database cache: taking a slot would be a write, waiting
# behind an ingest's or a backup's transaction for SQLite's one write lock.
CACHES["exports"] = dict(CACHES["default"]) if _cache_scheme in ("redis", "memcached") else {
    "BACKEND": "newsroom.filecache.LockedFileCache", "LOCATION": str(DATA_DIR / "export-slots")}
# One search request's time (seconds) and reading (postings) before it is refused as too broad.
NEWSROOM_SEARCH_BUDGET = float(os.environ.get("NEWSROOM_SEARCH_BUDGET", 1.5))
NEWSROOM_SEARCH_MAX_POSTINGS = int(os.environ.get("NEWSROOM_SEARCH_MAX_POSTINGS", 500_000))
# Files larger than this are refused by the ingest (bytes).
NEWSROOM_MAX_FILE_BYTES = int(os.environ.get("NEWSROOM_MAX_FILE_BYTES", 5 * 1024 * 1024))

# Web capture (articles/capture/). WARC files of everything captured:
NEWSROOM_WARC_DIR = Path(os.environ.get("NEWSROOM_WARC_DIR", DATA_DIR / "warc"))
# Named in the user agent, so a site's operator can reach whoever runs the archive (an address or a URL).
NEWSROOM_CAPTURE_CONTACT = os.environ.get("NEWSROOM_CAPTURE_CONTACT", "")
# Seconds between two requests to one host; the time one request may take in all (connecting, the answer and
# its whole body: a server sending a byte at a time is cut there); retries (and first backoff) on 429/503.
NEWSROOM_CAPTURE_DELAY = float(os.environ.get("NEWSROOM_CAPTURE_DELAY", 1.0))
NEWSROOM_CAPTURE_TIMEOUT = float(os.environ.get("NEWSROOM_CAPTURE_TIMEOUT", 15.0))
NEWSROOM_CAPTURE_RETRIES = int(os.environ.get("NEWSROOM_CAPTURE_RETRIES", 2))
NEWSROOM_CAPTURE_BACKOFF = float(os.environ.get("NEWSROOM_CAPTURE_BACKOFF", 2.0))
# The most a page, feed or sitemap may be, as sent and once decompressed (bytes); robots.txt's own limit
# (RFC 9309 asks crawlers to read at least 500 KiB; a longer one is treated as unreadable: nothing fetched).
NEWSROOM_CAPTURE_MAX_BYTES = int(os.environ.get("NEWSROOM_CAPTURE_MAX_BYTES", 10 * 1024 * 1024))
NEWSROOM_CAPTURE_ROBOTS_MAX_BYTES = int(os.environ.get("NEWSROOM_CAPTURE_ROBOTS_MAX_BYTES", 512 * 1024))
# What a captured page is shown with (its stylesheets, images, fonts and scripts, and what its stylesheets
# name), fetched with it: at most this many addresses per page, and this many bytes in all per page, as sent.
NEWSROOM_CAPTURE_MAX_REQUISITES = int(os.environ.get("NEWSROOM_CAPTURE_MAX_REQUISITES", 40))
NEWSROOM_CAPTURE_REQUISITES_MAX_BYTES = int(os.environ.get("NEWSROOM_CAPTURE_REQUISITES_MAX_BYTES", 20 * 1024 * 1024))
# Pages rendered in headless Chromium (driven by Playwright) by every `capture`, as `capture --browser` does, so
# an article a script builds is captured; the browser's executable. Without it, pages are captured plain.
NEWSROOM_CAPTURE_BROWSER = env_flag("NEWSROOM_CAPTURE_BROWSER")
NEWSROOM_CHROMIUM = os.environ.get("NEWSROOM_CHROMIUM", "/usr/bin/chromium")
# Off: private, loopback and link-local addresses are never fetched (checked after DNS, on every redirect).
NEWSROOM_CAPTURE_ALLOW_PRIVATE = env_flag("NEWSROOM_CAPTURE_ALLOW_PRIVATE")
# Optional: a host name of its own for archived copies ("replay.example.org", also in DJANGO_ALLOWED_HOSTS),
# so they never share an origin with the archive; by default they come from a path, sandboxed.
NEWSROOM_REPLAY_HOST = os.environ.get("NEWSROOM_REPLAY_HOST", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "plain"}},
    "root": {"handlers": ["stdout"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO" if not DEBUG else "WARNING")},
    # the Russian morphology says where it loads its dictionary from, at INFO, in every ingest's output
    "loggers": {"pymorphy3": {"level": "WARNING"}},
}
