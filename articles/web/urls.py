from django.urls import path
from django.views.decorators.http import require_safe

from . import alerts, compare, delegations, mementos, quotes, replay, stories, views

app_name = "articles"


def public(view):
    """Public pages only read: GET and HEAD, anything else is 405 Method Not Allowed."""
    return require_safe(view)


def searching(view):
    """A public page that runs a search: a query too broad to answer is refused with 400, quickly."""
    return public(views.refuses_too_broad(view))


urlpatterns = [
    path("", searching(views.search), name="search"),
    path("api/search", searching(views.api_search), name="api_search"),
    path("articles/<slug:slug>/", public(views.article_detail), name="article"),
    path("articles/<slug:slug>/source/", public(views.article_source), name="article_source"),
    path("articles/<slug:slug>/cite.<str:kind>", public(views.article_citation), name="article_citation"),
    path("compare", searching(compare.compare_page), name="compare"),
    path("compare.csv", searching(compare.compare_download), {"kind": "csv"}, name="compare_csv"),
    path("compare.json", searching(compare.compare_download), {"kind": "json"}, name="compare_json"),
    path("saved/", alerts.saved_list, name="saved"),
    path("saved/new", alerts.saved_save, name="saved_save"),
    path("saved/<int:pk>/open", alerts.saved_open, name="saved_open"),
    path("saved/<int:pk>/change", alerts.saved_change, name="saved_change"),
    path("saved/<str:token>.atom", alerts.saved_feed, name="saved_feed"),
    path("quotes/", public(quotes.quote_list), name="quotes"),
    path("quotes/<int:pk>/", public(quotes.quote_detail), name="quote"),
    path("quotes/export.csv", public(quotes.quote_export), {"kind": "csv"}, name="quote_export_csv"),
    path("quotes/export.json", public(quotes.quote_export), {"kind": "json"}, name="quote_export_json"),
    path("api/quotes", public(quotes.api_quotes), name="api_quotes"),
    path("export.csv", searching(views.export_csv), name="export_csv"),
    path("export.json", searching(views.export_json), name="export_json"),
    path("export.warc.gz", searching(views.export_warc), name="export_warc"),
    path("feed.atom", searching(views.search_feed), name="feed"),
    path("captures/", public(mementos.address_captures), name="address_captures"),
    path("cdx", public(mementos.cdx), name="cdx"),
    path("timemap/link/", public(mementos.timemap_link), {"url": ""}, name="timemap_link_missing"),
    path("timemap/link/<path:url>", public(mementos.timemap_link), name="timemap_link"),
    path("captures/<int:pk>/", public(replay.capture_detail), name="capture"),
    path("captures/<int:pk>/raw/", public(replay.capture_raw), name="capture_raw"),
    path("captures/<int:pk>/requisites/<int:requisite>", public(replay.capture_requisite),
         name="capture_requisite"),
    path("captures/<int:pk>/screenshot.png", public(replay.capture_screenshot), name="capture_screenshot"),
    path("captures/<int:pk>/capture.warc.gz", public(replay.capture_warc), name="capture_warc"),
    path("outlets/", public(views.outlet_list), name="outlets"),
    path("outlets/<slug:slug>/", public(views.outlet_detail), name="outlet"),
    path("people/", public(views.person_list), name="people"),
    path("people/<slug:slug>/", public(views.person_detail), name="person"),
    path("countries/", public(views.country_list), name="countries"),
    path("countries/<str:code>/", public(views.country_detail), name="country"),
    path("stories/<int:pk>/", public(stories.story_detail), name="story"),
    path("delegations/", public(delegations.delegation_list), name="delegations"),
    path("delegations/compare", public(delegations.delegation_compare), name="delegation_compare"),
    path("delegations/<slug:slug>/", public(delegations.delegation_detail), name="delegation"),
    path("delegations/<slug:slug>/coverage.<str:kind>", public(delegations.coverage_download),
         name="delegation_coverage"),
]
