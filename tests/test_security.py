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


# Exports ------------------------------------------------------------------------------------------------------
def test_anonymous_exports_are_capped_and_say_so_signed_in_ones_are_whole(seeded, client, settings):
    import json

    settings.NEWSROOM_EXPORT_LIMIT = 2
    data = json.loads(b"".join(client.get("/export.json").streaming_content))
    assert (data["count"], data["exported"], data["limited"], len(data["articles"])) == (5, 2, True, 2)
    assert data["complete"] is True
    lines = b"".join(client.get("/export.csv").streaming_content).decode().splitlines()
    assert len(lines) == 4 and lines[-1].startswith("# export limited to the first 2 of 5 articles")
    client.force_login(get_user_model().objects.create_user("reader", "r@example.org", EDITOR_PASSWORD))
    data = json.loads(b"".join(client.get("/export.json").streaming_content))
    assert (data["exported"], data["limited"], len(data["articles"])) == (5, False, 5)


def test_an_export_that_fails_midway_ends_visibly_incomplete(seeded, client, monkeypatch):
    import json

    from django.db import connection

    from articles.web import exports

    monkeypatch.setattr(exports, "CHUNK", 2)  # several reads, so one can fail after the response has started
    response = client.get("/export.json")
    stream = iter(response.streaming_content)
    started = next(stream) + next(stream)
    with connection.cursor() as cursor:  # the archive breaks under the running export
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no deferred checks may be pending on a dropped table
        cursor.execute("DROP TABLE articles_article_countries")
    data = json.loads(started + b"".join(stream))
    assert data["complete"] is False and "could not be read to the end" in data["error"]
    assert 0 < len(data["articles"]) < 5


# Private mode -------------------------------------------------------------------------------------------------
@pytest.fixture
def private(settings):
    settings.NEWSROOM_PRIVATE = True


def make_user(name, *groups, **fields):
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user(name, f"{name}@example.org", EDITOR_PASSWORD, **fields)
    user.groups.set(Group.objects.filter(name__in=groups))
    return user


def test_a_public_archive_needs_no_login(seeded, client):
    for url in ("/", "/api/search", "/export.json", "/outlets/", "/feed.atom"):
        assert client.get(url).status_code == 200, url


def test_a_private_archive_asks_visitors_to_sign_in(seeded, client, private):
    page = client.get("/outlets/?country=PL")
    assert page.status_code == 302 and page["Location"] == "/accounts/login/?next=/outlets/%3Fcountry%3DPL"
    for url in ("/api/search", "/export.json", "/export.csv", "/feed.atom"):
        assert client.get(url).status_code == 401, url
    assert client.get("/accounts/login/").status_code == 200


def test_readers_browse_and_export_a_private_archive_but_cannot_edit(seeded, client, private):
    reader = make_user("reader", "readers")
    signed_in = client.post("/accounts/login/", {"username": "reader", "password": EDITOR_PASSWORD})
    assert signed_in.status_code == 302 and signed_in["Location"] == "/"
    for url in ("/", "/api/search", "/export.json", "/outlets/"):
        assert client.get(url).status_code == 200, url
    assert reader.has_perm("articles.view_outlet") and not reader.has_perm("articles.change_outlet")
    assert client.get("/admin/articles/outlet/").status_code == 302  # not staff: no admin


def test_an_account_in_no_group_may_not_read_a_private_archive(seeded, client, private):
    client.force_login(make_user("stranger"))
    assert client.get("/outlets/").status_code == 403
    assert client.get("/api/search").status_code == 403


def test_editors_edit_a_private_archive(seeded, client, private):
    editor = make_user("editor", "editors", is_staff=True)
    assert editor.has_perm("articles.change_outlet") and editor.has_perm("articles.delete_outlet")
    client.force_login(editor)
    assert client.get("/admin/articles/outlet/").status_code == 200
    assert client.get("/outlets/").status_code == 200
