"""What every page may weigh, whatever the archive's size, and how its weight and server time are measured.

The pages are fetched through Django's test client (the whole view: middleware, queries, template), for the
heaviest record of each kind (the outlet, person, delegation and country with the most articles), signed out
for the public pages and as an editor for the admin. ``tests/test_pagebudget.py`` asserts the sizes at a size
CI runs; ``bench_pages`` prints sizes and server times at 100,000 articles.
"""
import re
import statistics
import time

from bs4 import BeautifulSoup
from django.db.models import Count
from django.test import Client
from django.urls import reverse

from ..models import Article, Country, Delegation, Outlet, Person
from ..web import pagecache

KB = 1000
BUDGET_BYTES = {
    "search": 150 * KB, "browse": 150 * KB, "api": 100 * KB, "article": 150 * KB, "outlet": 120 * KB,
    "person": 120 * KB, "delegation": 120 * KB, "country": 120 * KB, "outlets": 120 * KB, "people": 120 * KB,
    "delegations": 120 * KB, "countries": 120 * KB, "quotes": 120 * KB, "admin_change": 150 * KB,
    "admin_list": 150 * KB, "compare": 120 * KB, "quote": 60 * KB, "quotes_api": 100 * KB,
}
TARGET_MS = {"search": 200, "admin_change": 300, "admin_save": 500, "compare": 300, "person": 150,
             "outlet": 150, "country": 150}
# five searches compared: the most a comparison takes
COMPARED = "/compare?q=government&q=police&q=election&q=%22prime+minister%22&q=president"
KEPT = ("search", "api")  # also measured as served again from the kept pages (the search still runs)


class PageFailed(Exception):
    """A measured page did not answer as a reader or editor would expect."""


def _heaviest(model, relation):
    return model.objects.annotate(n=Count(relation)).order_by("-n", "pk").first()


def public_urls():
    """{page: address} for each public page type, at its heaviest record."""
    article = Article.objects.annotate(n=Count("quotes")).order_by("-n", "pk").first()
    urls = {"search": "/?q=government+said", "browse": "/", "api": "/api/search?q=government",
            "outlets": reverse("articles:outlets"), "people": reverse("articles:people"),
            "delegations": reverse("articles:delegations"), "countries": reverse("articles:countries"),
            "quotes": reverse("articles:quotes"), "compare": COMPARED,
            "quotes_api": reverse("articles:api_quotes") + "?q=said"}
    if article:
        urls["article"] = article.get_absolute_url()
        quote = article.quotes.order_by("pk").first()
        if quote:
            urls["quote"] = quote.get_absolute_url()
    for name, model, relation in (("outlet", Outlet, "articles"), ("person", Person, "appearances"),
                                  ("delegation", Delegation, "articles"), ("country", Country, "articles")):
        record = _heaviest(model, relation)
        if record:
            urls[name] = record.get_absolute_url()
    return urls


def admin_urls(article):
    return {"admin_change": reverse("admin:articles_article_change", args=[article.pk]),
            "admin_list": reverse("admin:articles_article_changelist")}


def _timed(client, url, method="get", data=None):
    started = time.perf_counter()
    response = client.post(url, data) if method == "post" else client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return response, elapsed, len(content)


def form_data(html):
    """The values a browser would send back for an admin change form as shown (inputs, text areas, selects,
    the inlines' management forms included)."""
    form = BeautifulSoup(html, "html.parser").find("form", id=re.compile(r"_form$"))
    data = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if not name or field.get("type") in ("submit", "button", "file"):
            continue
        if field.name == "textarea":
            data[name] = field.text.removeprefix("\n")  # the parser keeps the newline the HTML rules drop
        elif field.name == "select":
            data[name] = [o.get("value", o.text) for o in field.find_all("option") if o.has_attr("selected")]
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data.setdefault(name, []).append(field.get("value", "on"))
        else:
            data[name] = field.get("value", "")
    return data


def measure(editor, *, rounds=5):
    """{page: {"median_ms", "p95_ms", "bytes", "budget_bytes"}} for every page type, and the admin's save."""
    reader, signed_in = Client(), Client()
    signed_in.force_login(editor)
    article = Article.objects.annotate(n=Count("quotes")).order_by("-n", "pk").first()
    pages = [(name, url, reader) for name, url in public_urls().items()]
    pages += [(name, url, signed_in) for name, url in admin_urls(article).items()] if article else []
    figures = {}
    for name, url, client in pages:
        client.get(url)  # the first request of a kind warms caches the others share
        figures[name] = _rounds(client, url, rounds, BUDGET_BYTES.get(name), made=True)
        if name in KEPT:
            figures[f"{name}_kept"] = _rounds(client, url, rounds, None, made=False)
    if article:
        figures["admin_save"] = _saves(signed_in, article, rounds)
    return figures


def _rounds(client, url, rounds, budget, *, made):
    """The page's figures over ``rounds`` requests; ``made``: each made anew, not served from the pages
    kept by what they show (:mod:`.pagecache`), which would otherwise answer every round after the first."""
    times, size = [], 0
    for _ in range(rounds):
        if made:
            pagecache.forget()
        response, elapsed, size = _timed(client, url)
        if response.status_code != 200:
            raise PageFailed(f"{url} answered {response.status_code}")
        times.append(elapsed)
    return _figures(times, size, budget)


def _saves(client, article, rounds):
    """An editor changes the title and saves (the form as the browser shows it, posted back)."""
    url = reverse("admin:articles_article_change", args=[article.pk])
    times = []
    for number in range(rounds):
        data = form_data(client.get(url).content.decode())
        data["title"] = f"{article.title.split(' [')[0]} [edit {number}]"
        data["_save"] = "Save"
        response, elapsed, _ = _timed(client, url, "post", data)
        if response.status_code != 302:
            raise PageFailed(f"saving {url} answered {response.status_code} instead of going back to the list")
        times.append(elapsed)
    return _figures(times, 0, None)


def _figures(times, size, budget):
    ordered = sorted(times)
    return {"median_ms": round(statistics.median(times), 1),
            "p95_ms": round(ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))], 1),
            "bytes": size, "budget_bytes": budget}
