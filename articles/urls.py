from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.search, name="search"),
    path("api/search", views.api_search, name="api_search"),
    path("articles/<slug:slug>/", views.article_detail, name="article"),
    path("articles/<slug:slug>/source/", views.article_source, name="article_source"),
    path("quotes/", views.quote_list, name="quotes"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("export.json", views.export_json, name="export_json"),
    path("feed.atom", views.search_feed, name="feed"),
    path("outlets/", views.outlet_list, name="outlets"),
    path("outlets/<slug:slug>/", views.outlet_detail, name="outlet"),
    path("people/", views.person_list, name="people"),
    path("people/<slug:slug>/", views.person_detail, name="person"),
    path("countries/", views.country_list, name="countries"),
    path("countries/<str:code>/", views.country_detail, name="country"),
    path("delegations/", views.delegation_list, name="delegations"),
    path("delegations/<slug:slug>/", views.delegation_detail, name="delegation"),
]
