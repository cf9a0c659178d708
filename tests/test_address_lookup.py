"""Look-up by address: a page's address typed into search opens its archived article however the address is
written (scheme, www., tracking parameters, fragment, trailing slash); an address not archived says so, and
offers an editor its capture; words stay a search."""
from urllib.parse import quote

from django.contrib.auth import get_user_model
import pytest

from articles.web.lookup import address_in_query, loose

from .factories import make_article

pytestmark = pytest.mark.django_db
ADDRESS = "https://www.harbour-courier.example/politics/2020/ferry-deal-signed?id=7"


@pytest.mark.parametrize("typed", [
    ADDRESS,
    "http://harbour-courier.example/politics/2020/ferry-deal-signed?id=7",
    "www.harbour-courier.example/politics/2020/ferry-deal-signed/?id=7&utm_source=newsletter&fbclid=abc",
    "harbour-courier.example/politics/2020/ferry-deal-signed?utm_medium=social&id=7#comments",
    "HTTPS://WWW.HARBOUR-COURIER.EXAMPLE/politics/2020/ferry-deal-signed?id=7",
])
def test_any_spelling_of_an_archived_address_opens_its_article(client, typed):
    article = make_article("Ferry deal signed", source_url=ADDRESS)
    make_article("Ferry deal, another page", source_url=ADDRESS.replace("id=7", "id=8"), source_file="b.txt")
    response = client.get("/?q=" + quote(typed, safe=""))
    assert response.status_code == 302 and response["Location"] == article.get_absolute_url()


def test_an_address_not_archived_says_so_and_offers_an_editor_its_capture(client):
    make_article("Ferry deal signed", source_url=ADDRESS)
    missing = "https://harbour-courier.example/politics/2020/bridge-opened"
    response = client.get("/?q=" + quote(missing, safe=""))
    page = response.content.decode()
    assert response.status_code == 404 and "Not archived" in page and "bridge-opened" in page
    assert "Capture this page" not in page
    editor = get_user_model().objects.create_superuser("editor", "e@example.org", "pw")
    client.force_login(editor)
    page = client.get("/?q=" + quote(missing, safe="")).content.decode()
    assert "add-by-address/?address=" in page
    form = client.get("/admin/articles/capture/add-by-address/?address=" + quote(missing, safe="")).content.decode()
    assert missing in form


def test_words_stay_a_search_and_an_address_can_be_searched_as_words(client):
    make_article("Ferry deal signed", source_url=ADDRESS)
    assert address_in_query("ferry deal") == "" and address_in_query("prime minister.") == ""
    assert address_in_query("e.g. this") == "" and address_in_query("speaker:trump") == ""
    assert client.get("/?q=ferry").status_code == 200
    words = client.get("/?q=" + quote(ADDRESS, safe="") + "&words=on")
    assert words.status_code == 200 and "Not archived" not in words.content.decode()


def test_the_loose_key_sets_aside_scheme_www_and_tracking_only():
    assert loose("http://www.a.example/x/?utm_source=y&id=2") == loose("https://a.example/x?id=2")
    assert loose("https://a.example/x?id=2") != loose("https://a.example/x?id=3")
    assert loose("https://a.example/x") != loose("https://b.example/x")
