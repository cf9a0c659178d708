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
        if policy:
            response.headers.setdefault("Content-Security-Policy", policy)
        if not getattr(response, "xframe_options_exempt", False):
            response.headers.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
        return response


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
