"""Attacks on the edges: login guessing, SQL-like and path-traversal parameters."""
import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db


def test_admin_login_is_locked_after_repeated_failures(client, settings):
    get_user_model().objects.create_superuser("editor", "e@example.org", "the-right-password-42")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post("/admin/login/", {"username": "editor", "password": "wrong"})
        assert response.status_code == 200
    assert client.post("/admin/login/", {"username": "editor", "password": "wrong"}).status_code == 429
    locked = client.post("/admin/login/", {"username": "editor", "password": "the-right-password-42"})
    assert locked.status_code == 429
    assert b"Too many failed log-ins" in locked.content


def test_correct_login_works(client):
    get_user_model().objects.create_superuser("editor", "e@example.org", "the-right-password-42")
    response = client.post("/admin/login/?next=/admin/", {"username": "editor", "password": "the-right-password-42"})
    assert response.status_code == 302 and response["Location"] == "/admin/"


@pytest.mark.parametrize("value", ["' OR 1=1 --", "../../../../etc/passwd", "%00", "<svg onload=alert(1)>", "\\x00"])
def test_hostile_parameters_are_harmless(seeded, client, value):
    for url in ("/", "/api/search", "/quotes/", "/outlets/", "/export.csv"):
        for name in ("q", "country", "outlet", "speaker", "delegation", "year", "sort", "page"):
            response = client.get(url, {name: value})
            assert response.status_code in (200, 400), (url, name)
            assert b"root:x:" not in (b"".join(response.streaming_content) if response.streaming else response.content)
    for path in (f"/articles/{value}/", f"/countries/{value}/", f"/outlets/{value}/"):
        assert client.get(path).status_code in (404, 400)


# Lockouts that protect editors ------------------------------------------------------------------------------
EDITOR_PASSWORD = "the-right-password-42"


def fail_login(client, username, **meta):
    return client.post("/admin/login/", {"username": username, "password": "wrong"}, **meta)


def test_behind_a_trusted_proxy_a_stranger_cannot_lock_an_editor_out(client, settings):
    settings.NEWSROOM_TRUSTED_PROXIES = 1
    get_user_model().objects.create_superuser("editor", "e@example.org", EDITOR_PASSWORD)
    proxy = {"REMOTE_ADDR": "10.0.0.2"}  # every visitor arrives from the proxy
    for _ in range(settings.AXES_FAILURE_LIMIT):
        fail_login(client, "editor", HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy)
    assert fail_login(client, "editor", HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy).status_code == 429
    editor = client.post("/admin/login/?next=/admin/", {"username": "editor", "password": EDITOR_PASSWORD},
                         HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)
    assert editor.status_code == 302 and editor["Location"] == "/admin/"


def test_without_a_trusted_proxy_a_forged_forwarded_header_changes_nothing(client, settings):
    assert settings.NEWSROOM_TRUSTED_PROXIES == 0
    get_user_model().objects.create_superuser("editor", "e@example.org", EDITOR_PASSWORD)
    for number in range(settings.AXES_FAILURE_LIMIT):
        fail_login(client, "editor", HTTP_X_FORWARDED_FOR=f"198.51.100.{number}")
    assert fail_login(client, "editor", HTTP_X_FORWARDED_FOR="198.51.100.99").status_code == 429


def test_guessing_across_many_user_names_from_one_address_is_throttled(client, settings):
    settings.NEWSROOM_LOGIN_ADDRESS_LIMIT = 12
    get_user_model().objects.create_superuser("editor", "e@example.org", EDITOR_PASSWORD)
    statuses = [fail_login(client, f"guess{n % 30}").status_code for n in range(40)]
    assert statuses[:12] == [200] * 12 and set(statuses[12:]) == {429}
    blocked = client.post("/admin/login/", {"username": "editor", "password": EDITOR_PASSWORD})
    assert blocked.status_code == 429 and b"for several accounts" in blocked.content
    other = client.post("/admin/login/?next=/admin/", {"username": "editor", "password": EDITOR_PASSWORD},
                        REMOTE_ADDR="192.0.2.50")
    assert other.status_code == 302


def test_a_locked_out_editor_is_let_back_in_by_the_unlock_command(client, settings):
    from django.core.management import call_command

    get_user_model().objects.create_superuser("editor", "e@example.org", EDITOR_PASSWORD)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        fail_login(client, "editor")
    assert client.post("/admin/login/", {"username": "editor", "password": EDITOR_PASSWORD}).status_code == 429
    call_command("unlock_login", "editor")
    assert client.post("/admin/login/?next=/admin/",
                       {"username": "editor", "password": EDITOR_PASSWORD}).status_code == 302


def test_a_login_without_a_safe_next_lands_on_the_admin_index(client):
    get_user_model().objects.create_superuser("editor", "e@example.org", EDITOR_PASSWORD)
    response = client.post("/admin/login/?next=https://evil.example/", {"username": "editor",
                                                                       "password": EDITOR_PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/admin/"


# Permissions, methods and headers ---------------------------------------------------------------------------
def test_merging_needs_the_delete_permission(client):
    from django.contrib.auth.models import Permission
    from django.urls import reverse

    from articles.models import Outlet

    from .factories import make_outlet

    staff = get_user_model().objects.create_user("clerk", "c@example.org", EDITOR_PASSWORD, is_staff=True)
    staff.user_permissions.set(Permission.objects.filter(codename__in=["view_outlet", "change_outlet"]))
    keep, duplicate = make_outlet("Harbour Daily"), make_outlet("The Harbour Daily")
    client.force_login(staff)
    url = reverse("admin:articles_outlet_changelist")
    selection = {"action": "merge_action", "_selected_action": [keep.pk, duplicate.pk],
                 "confirm_merge": "yes", "merge_target": keep.pk}
    assert b"merge_action" not in client.get(url).content
    client.post(url, selection)
    assert Outlet.objects.count() == 2
    staff.user_permissions.add(Permission.objects.get(codename="delete_outlet"))
    staff = get_user_model().objects.get(pk=staff.pk)
    client.force_login(staff)
    confirm = client.post(url, {k: v for k, v in selection.items() if k != "confirm_merge"})
    assert b"deletes the other 1 selected record" in confirm.content
    client.post(url, selection)
    assert list(Outlet.objects.values_list("name", flat=True)) == ["Harbour Daily"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options", "trace"])
def test_public_views_answer_get_and_head_only(seeded, client, method):
    for url in ("/", "/api/search", "/export.csv", "/feed.atom", "/outlets/", "/quotes/"):
        assert getattr(client, method)(url).status_code == 405, (method, url)
    assert client.head("/").status_code == 200


def test_static_files_carry_the_security_headers(settings):
    from django.test import Client, override_settings

    with override_settings(WHITENOISE_USE_FINDERS=True, WHITENOISE_AUTOREFRESH=True):
        for path in ("/static/newsroom/favicon.svg", "/static/newsroom/site.css"):
            response = Client().get(path)
            assert response.status_code == 200, path
            assert "script-src 'self'" in response["Content-Security-Policy"]
            assert response["X-Frame-Options"] == "DENY" and response["X-Content-Type-Options"] == "nosniff"
