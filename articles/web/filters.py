"""The search page's parameters, validated by django-filter.

The same FilterSet filters the database when the search index is unavailable,
so browsing by country, outlet or year keeps working without it.
"""
import functools
from typing import NamedTuple

import django_filters
from django import forms
from django.db.models import F, Q
import pycountry

from ..kernel.memo import names_state, once_per_state
from ..models import Article, Country, Delegation, Outlet, Person, Quote
from ..records.merge import KINDS, merged_into
from ..search.results import SearchRequest

SORTS = [("relevance", "Relevance"), ("date", "Newest first"), ("oldest", "Oldest first")]
UNDATED_CHOICES = [("include", "Include undated articles"), ("exclude", "Leave out undated articles"),
                   ("only", "Only undated articles")]
UNDATED_DEFAULT = "Left out with a range"
COPY_ROLES = [("original", "Originals"), ("copy", "Copies")]
YEARS = [(str(year), str(year)) for year in range(1900, 2101)]
# every ISO 639-1 code, by its English name: what detection, pages and editors write as an article's language
LANGUAGES = sorted(((language.alpha_2, language.name) for language in pycountry.languages
                    if hasattr(language, "alpha_2")), key=lambda pair: pair[1])


# The long lists of choices are given as functions: a filter set deep-copies its filters and its form's fields
# for each request, and a list of choices with them, 400 pairs for years and languages; a function is copied as
# it is. (Under a long tail of query strings, copying those lists was most of checking a request's parameters.)
def year_choices():
    return YEARS


def language_choices():
    return LANGUAGES


class SearchForm(forms.Form):
    def clean(self):
        data = super().clean()
        if data.get("from") and data.get("to") and data["from"] > data["to"]:
            self.add_error("to", "The end of the date range is before its start.")
        return data


def date_bound(label):
    return django_filters.DateFilter(method="filter_nothing", label=label,
                                     widget=forms.DateInput(attrs={"type": "date"}))


class SlugMultipleChoiceFilter(django_filters.ModelMultipleChoiceFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        super().__init__(*args, **kwargs)


class Followed(NamedTuple):
    """A filter value that was the slug of a merged record, and the slug of the record it became."""
    param: str
    old: str
    new: str
    notice: str


def follow_merges(data, params):
    """(``data`` with each value of ``params`` ({parameter: model}) that is the slug of a merged record replaced
    by the slug of the record it became, [:class:`Followed`]); ``data`` itself when none is."""
    given = {name: values for name in params if name in data
             and (values := data.getlist(name) if hasattr(data, "getlist") else [data[name]])}
    merged = {}  # {(parameter, old slug): its MergedRecord}
    for model in {params[name] for name in given}:
        names = [name for name in given if params[name] is model]
        found = merged_into(model, {value for name in names for value in given[name]})
        merged.update({(name, value): found[value] for name in names for value in given[name] if value in found})
    if not merged:
        return data, []
    data = data.copy()
    for name in {name for name, _old in merged}:
        values = list(dict.fromkeys(merged[name, v].target.slug if (name, v) in merged else v for v in given[name]))
        if hasattr(data, "setlist"):
            data.setlist(name, values)
        else:
            data[name] = values[0]
    return data, [Followed(name, old, record.target.slug, f"{record.old_name} was merged into {record.target.name}.")
                  for (name, old), record in merged.items()]


class FollowsMerges:
    """A FilterSet whose outlet, person and delegation values may be slugs of records since merged: each filters
    as the record it became, with no error (``followed`` says which, for a notice), so old links keep working."""

    def __init__(self, data=None, *args, **kwargs):
        self.followed = []
        if data is not None:
            data, self.followed = follow_merges(data, self.merged_params())
        super().__init__(data, *args, **kwargs)

    @classmethod
    @functools.cache
    def merged_params(cls):
        """{parameter: model} of the filters whose values are slugs of outlets, people or delegations."""
        return {name: f.queryset.model for name, f in cls.base_filters.items()
                if getattr(f, "queryset", None) is not None and f.queryset.model in KINDS
                and f.extra.get("to_field_name") == "slug"}


class ArticleSearchFilter(FollowsMerges, django_filters.FilterSet):
    # the choices' querysets only check that chosen values exist: unordered, their SQL compiles in less time
    q = django_filters.CharFilter(method="filter_text", max_length=1000, label="Search")
    country = django_filters.ModelMultipleChoiceFilter(
        queryset=Country.objects.order_by(), to_field_name="code", method="filter_country", label="Country")
    outlet = SlugMultipleChoiceFilter(queryset=Outlet.objects.order_by(), method="filter_outlet", label="Outlet")
    delegation = SlugMultipleChoiceFilter(queryset=Delegation.objects.order_by(), field_name="delegations",
                                          label="Delegation")
    speaker = SlugMultipleChoiceFilter(queryset=Person.objects.order_by(), field_name="quotes__speaker",
                                       label="Speaker")
    publisher = SlugMultipleChoiceFilter(queryset=Outlet.objects.order_by(), field_name="publisher",
                                         label="Publisher")
    year = django_filters.MultipleChoiceFilter(choices=year_choices, method="filter_year", label="Year")
    language = django_filters.MultipleChoiceFilter(choices=language_choices, field_name="language", label="Language")
    copy = django_filters.MultipleChoiceFilter(choices=COPY_ROLES, method="filter_copy", label="Original or copy")
    every_copy = django_filters.BooleanFilter(method="filter_nothing", label="Every copy of a story",
                                              widget=forms.CheckboxInput)
    sort = django_filters.ChoiceFilter(choices=SORTS, method="filter_sort", label="Sort", empty_label="Default")
    undated = django_filters.ChoiceFilter(choices=UNDATED_CHOICES, method="filter_nothing", label="Undated articles",
                                          empty_label=UNDATED_DEFAULT)
    page = django_filters.NumberFilter(method="filter_nothing", min_value=1, label="Page")

    class Meta:
        model = Article
        fields = []
        form = SearchForm

    @classmethod
    def get_filters(cls):
        # the date range's parameters are "from" and "to", which are Python keywords
        return {**super().get_filters(), "from": date_bound("From"), "to": date_bound("To")}

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and "country" in data:
            data = data.copy()
            data.setlist("country", [code.upper() for code in data.getlist("country")])
        super().__init__(data, *args, **kwargs)

    @classmethod
    @functools.cache
    def _form_class(cls):
        form = super().get_form_class(cls(None))
        form.base_fields["page"].widget = forms.NumberInput()
        return form

    def get_form_class(self):
        """One form class for every request (each form copies its fields anyway): built anew from the filters,
        it was 4% of a search's time in a worker under the load test (py-spy)."""
        return self._form_class()

    def filter_text(self, queryset, name, value):
        return queryset.filter(title__icontains=value) | queryset.filter(body__icontains=value)

    def filter_country(self, queryset, name, value):
        return queryset.filter(countries__in=value).distinct() if value else queryset

    def filter_outlet(self, queryset, name, value):
        if not value:
            return queryset
        return (queryset.filter(outlets__in=value) | queryset.filter(publisher__in=value)).distinct()

    def filter_copy(self, queryset, name, value):
        """The database's answer when the index is down: a story's original, its copies, or both."""
        chosen = Q()
        if "original" in value:
            chosen |= Q(story__original=F("pk"))
        if "copy" in value:
            chosen |= Q(story__isnull=False) & ~Q(story__original=F("pk"))
        return queryset.filter(chosen) if value else queryset

    def filter_year(self, queryset, name, value):
        return queryset.filter(published__year__in=[int(v) for v in value]) if value else queryset

    def filter_sort(self, queryset, name, value):
        return queryset.order_by("published", "pk") if value == "oldest" else queryset

    def filter_nothing(self, queryset, name, value):
        return queryset

    def filter_queryset(self, queryset):
        """The database's answer when the index is down: the date range applies there too."""
        queryset = super().filter_queryset(queryset)
        request = self.search_request()
        if not request.limits_dates:
            return queryset
        inside = Q(published__isnull=False)
        if request.date_from:
            inside &= Q(published__gte=request.date_from)
        if request.date_to:
            inside &= Q(published__lte=request.date_to)
        return queryset.filter({"include": inside | Q(published__isnull=True), "exclude": inside,
                                "only": Q(published__isnull=True)}[request.undated_rule])

    def search_request(self):
        """The validated parameters as the search backends take them."""
        data = self.form.cleaned_data
        return SearchRequest(q=data.get("q") or "", filters=self.search_filters(), sort=data.get("sort") or "",
                             date_from=data.get("from"), date_to=data.get("to"), undated=data.get("undated") or "",
                             followed=tuple(self.followed), every_copy=bool(data.get("every_copy")))

    def search_filters(self):
        """The facet selections, as the search backend wants them (codes, slugs, years)."""
        data = self.form.cleaned_data
        return {
            "country": [c.code for c in data.get("country") or []],
            "outlet": [o.slug for o in data.get("outlet") or []],
            "delegation": [d.slug for d in data.get("delegation") or []],
            "speaker": [p.slug for p in data.get("speaker") or []],
            "publisher": [o.slug for o in data.get("publisher") or []],
            "year": list(data.get("year") or []),
            "language": list(data.get("language") or []),
            "copy": list(data.get("copy") or []),
        }


def checked_search(params):
    """The :class:`SearchRequest` of these search parameters, or None when one is invalid (a filter set of
    them says which). The filter set's verdict is kept per query string until a country, outlet, person or
    delegation changes (the only records it reads): under the load test, copying its filters and form fields
    and validating them took 1.4 ms of a plain search and 2.2 of a facet click, as long as finding the matches."""
    def verdict():
        filterset = ArticleSearchFilter(params, queryset=Article.objects.none())
        return filterset.search_request() if filterset.is_valid() else None

    return once_per_state("search-request", params.urlencode(), verdict, state=names_state())


def countries_of(related_name, field_name="country"):
    """A country choice limited to the countries some record of the list has."""
    return django_filters.ModelChoiceFilter(queryset=Country.objects.filter(**{f"{related_name}__isnull": False})
                                            .distinct(), to_field_name="code", field_name=field_name, label="Country")


def linked_to(model, field_name, label):
    """The records linked to one outlet, person or delegation (by slug): a detail page's "show all"."""
    return django_filters.ModelChoiceFilter(queryset=model.objects.all(), to_field_name="slug", field_name=field_name,
                                            distinct=True, label=label, widget=forms.HiddenInput)


class QuoteFilter(FollowsMerges, django_filters.FilterSet):
    """The quotes page, its exports and its API: words within quotes, the speaker's name and country, the dates
    of the articles; a person's, an outlet's, a visit's or an article's page links here with its own filter (no
    list of every speaker to choose from: it would grow with the archive)."""

    q = django_filters.CharFilter(field_name="text", lookup_expr="icontains", max_length=300, label="Words in the quote")
    who = django_filters.CharFilter(field_name="speaker__name", lookup_expr="icontains", max_length=200,
                                    label="Speaker's name")
    country = django_filters.ModelChoiceFilter(
        queryset=Country.objects.filter(people__isnull=False).distinct(), to_field_name="code",
        field_name="speaker__country", label="Speaker's country")
    since = django_filters.DateFilter(field_name="published", lookup_expr="gte", label="Published from",
                                      widget=forms.DateInput(attrs={"type": "date"}))
    until = django_filters.DateFilter(field_name="published", lookup_expr="lte", label="Published to",
                                      widget=forms.DateInput(attrs={"type": "date"}))
    speaker = linked_to(Person, "speaker", "Speaker")
    # the speaker's organisation (the outlet or body they spoke for), and the outlet that published the article
    outlet = linked_to(Outlet, "outlet", "Organisation")
    publisher = linked_to(Outlet, "article__publisher", "Published by")
    delegation = linked_to(Delegation, "article__delegations", "Visit")
    article = linked_to(Article, "article", "In the article")

    class Meta:
        model = Quote
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and data.get("country"):
            data = data.copy()
            data["country"] = data["country"].upper()
        super().__init__(data, *args, **kwargs)


class RecordListFilter(FollowsMerges, django_filters.FilterSet):
    """The outlets, people and delegations lists: a name (or alias) to look for, and an order."""

    name = django_filters.CharFilter(method="filter_name", max_length=200, label="Name")
    sort = django_filters.ChoiceFilter(
        choices=[("articles", "Most articles"), ("name", "Name (A–Z)")], method="filter_sort",
        empty_label=None, label="Sort")

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else {}
        data.setdefault("sort", "articles")
        if data.get("country"):
            data["country"] = data["country"].upper()
        super().__init__(data, *args, **kwargs)

    def filter_name(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(aliases__icontains=value))

    def filter_sort(self, queryset, name, value):
        return queryset.order_by("name", "pk") if value == "name" else queryset.order_by("-article_count", "name", "pk")


class OutletListFilter(RecordListFilter):
    kind = django_filters.ChoiceFilter(
        choices=[("organisation", "Organisations quoted (not media)"), ("all", "Both")], method="filter_kind",
        empty_label="News media", label="Show")
    country = countries_of("outlets")
    parent = linked_to(Outlet, "parent", "Part of")
    article = linked_to(Article, "articles", "Mentioned in")
    delegation = linked_to(Delegation, "delegations", "Delegation")

    class Meta:
        model, fields = Outlet, []

    def filter_queryset(self, queryset):
        """News media by default: the ministries and companies quotes come from are listed on request."""
        if not self.form.cleaned_data.get("kind"):
            queryset = queryset.exclude(kind=Outlet.Kind.ORGANISATION)
        return super().filter_queryset(queryset)

    def filter_kind(self, queryset, name, value):
        return queryset.filter(kind=Outlet.Kind.ORGANISATION) if value == "organisation" else queryset


class PersonListFilter(RecordListFilter):
    country = countries_of("people")
    outlet = linked_to(Outlet, "appearances__outlet", "Outlet")
    article = linked_to(Article, "appearances__article", "Appears in")
    delegation = linked_to(Delegation, "delegations", "Delegation")

    class Meta:
        model, fields = Person, []


class DelegationListFilter(RecordListFilter):
    """The delegations list: by kind, host country, visitors' country, dates and coverage, in any of five
    orders. A visit is within a date range when it began within it."""

    sort = django_filters.ChoiceFilter(
        choices=[("articles", "Most articles"), ("fewest", "Fewest articles"), ("name", "Name (A–Z)"),
                 ("start", "Newest first"), ("oldest", "Oldest first")],
        method="filter_sort", empty_label=None, label="Sort")
    kind = django_filters.ChoiceFilter(choices=Delegation.Kind.choices, label="Kind", empty_label="Any kind")
    host = django_filters.ModelChoiceFilter(
        queryset=Country.objects.filter(hosted_delegations__isnull=False).distinct(), to_field_name="code",
        field_name="host_country", label="Host country", empty_label="Any host")
    country = django_filters.ModelChoiceFilter(
        queryset=Country.objects.filter(delegations__isnull=False).distinct(), to_field_name="code",
        field_name="countries", label="Visitors from", empty_label="Anywhere")
    min_articles = django_filters.NumberFilter(field_name="article_count", lookup_expr="gte", min_value=0,
                                               label="At least (articles)")
    outlet = linked_to(Outlet, "outlets", "Outlet")
    person = linked_to(Person, "people", "Member")

    class Meta:
        model, fields = Delegation, []

    @classmethod
    def get_filters(cls):
        # "from" and "to" are Python keywords; they name the range of the visits' first days
        return {**super().get_filters(),
                "from": django_filters.DateFilter(field_name="start", lookup_expr="gte", label="From",
                                                  widget=forms.DateInput(attrs={"type": "date"})),
                "to": django_filters.DateFilter(field_name="start", lookup_expr="lte", label="To",
                                                widget=forms.DateInput(attrs={"type": "date"}))}

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and data.get("host"):
            data = data.copy()
            data["host"] = data["host"].upper()
        super().__init__(data, *args, **kwargs)

    def filter_sort(self, queryset, name, value):
        if value == "start":
            return queryset.order_by(F("start").desc(nulls_last=True), "name", "pk")
        if value == "oldest":
            return queryset.order_by(F("start").asc(nulls_last=True), "name", "pk")
        if value == "fewest":
            return queryset.order_by("article_count", "name", "pk")
        return super().filter_sort(queryset, name, value)
