from django.conf import settings


class ContentSecurityPolicyMiddleware:
    """Adds the site's fixed Content-Security-Policy header (Django 5.2 has none built in).

    It stands before WhiteNoise, so static files (the SVG favicon too) get it, and X-Frame-Options,
    which Django's clickjacking middleware only gives the responses of views.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", "")
        if policy and settings.NEWSROOM_REPLAY_HOST:  # archived copies are framed from their own host
            policy += f"; frame-src 'self' {settings.NEWSROOM_REPLAY_HOST}"
        if policy:
            response.headers.setdefault("Content-Security-Policy", policy)
        if not getattr(response, "xframe_options_exempt", False):
            response.headers.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
        return response


class PrivateArchiveMiddleware:
    """With NEWSROOM_PRIVATE, every page, export and API answer needs a signed-in reader or editor.

    A visitor's page request goes to the log-in page and back; the API and exports answer 401 or 403
    (a script gets a status, not a log-in form). The admin guards itself; static files are served earlier.
    A replayed page's requisites come with the key it was served with (``access.replay_key``).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.contrib.auth.views import redirect_to_login
        from django.http import JsonResponse

        from articles.web.access import can_read, holds_replay_key, is_private

        if not is_private() or request.path.startswith(("/admin/", "/accounts/")) or can_read(request.user):
            return self.get_response(request)
        if holds_replay_key(request):  # a replayed page's stylesheet, image or font, named with its key
            return self.get_response(request)
        machine = request.path.startswith("/api/") or request.path.startswith("/export.") or request.path == "/feed.atom"
        if request.user.is_authenticated:
            return JsonResponse({"error": "this account may not read the archive"}, status=403) if machine else (
                _forbidden(request))
        if machine:
            return JsonResponse({"error": "this archive is private: sign in first"}, status=401)
        return redirect_to_login(request.get_full_path())


def _forbidden(request):
    from django.template.response import TemplateResponse

    return TemplateResponse(request, "403.html", status=403).render()


class DatabaseUnavailableMiddleware:
    """A locked or restarting database gives a short "try again" page (503), never a traceback."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.db import InterfaceError, OperationalError
        from django.template.response import TemplateResponse

        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        import logging

        logging.getLogger("newsroom").warning("database unavailable for %s: %s", request.path, exception)
        response = TemplateResponse(request, "503.html", status=503)
        response["Retry-After"] = "5"
        return response.render()


class ReaderCacheMiddleware:
    """HTTP caching for readers: a public page's ETag and Last-Modified come from the archive's change counter
    and the index's state (articles.records.freshness), a conditional request that still matches is answered 304
    before any view runs, and anonymous pages may be kept NEWSROOM_PUBLIC_MAX_AGE seconds by a browser or a
    proxy. Signed-in readers and editors always get a fresh page; the admin and log-in pages are left alone.
    """

    SKIPPED = ("/admin/", "/accounts/", "/static/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.db import InterfaceError, OperationalError
        from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers

        from articles.web.access import is_private
        from articles.records.freshness import for_this_request, state

        if request.method not in ("GET", "HEAD") or request.path.startswith(self.SKIPPED):
            return self.get_response(request)
        if request.user.is_authenticated or is_private():
            response = self.get_response(request)
            patch_cache_control(response, private=True, no_cache=True)
            return response
        try:
            etag, changed_at, names = state()
        except (OperationalError, InterfaceError):  # the view answers "busy" (DatabaseUnavailableMiddleware)
            return self.get_response(request)
        last_modified = int(changed_at.timestamp()) if changed_at else None
        response = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if response is None:
            with for_this_request((etag, changed_at, names)):
                response = self.get_response(request)
            if response.status_code != 200:
                return response
        response.headers.setdefault("ETag", etag)
        if last_modified:
            from django.utils.http import http_date

            response.headers.setdefault("Last-Modified", http_date(last_modified))
        patch_cache_control(response, public=True, max_age=settings.NEWSROOM_PUBLIC_MAX_AGE)
        patch_vary_headers(response, ["Cookie"])
        return response
