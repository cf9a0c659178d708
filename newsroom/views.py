"""Signing in and out of a private archive (NEWSROOM_PRIVATE): readers are not staff, so not the admin's."""
from django.contrib.auth.views import LoginView
from django.urls import reverse


class ArchiveLoginView(LoginView):
    def get_default_redirect_url(self):
        """Without a safe "next": editors to the admin, readers to the search page."""
        return reverse("admin:index") if self.request.user.is_staff else reverse("articles:search")


def favicon(request):
    """Pages without an icon link (the admin's) make browsers ask for /favicon.ico: the archive's icon."""
    from django.shortcuts import redirect
    from django.templatetags.static import static

    return redirect(static("newsroom/favicon.svg"), permanent=True)
