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
