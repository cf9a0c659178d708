from django.contrib import admin
from django.contrib.auth.views import LogoutView
from django.urls import include, path

from .views import ArchiveLoginView, favicon

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/login/", ArchiveLoginView.as_view(), name="login"),
    path("accounts/logout/", LogoutView.as_view(), name="logout"),
    # pages without an icon link (the admin's) make browsers ask for /favicon.ico
    path("favicon.ico", favicon),
    path("", include("articles.web.urls")),
]
