"""The editors' side: every record is correctable here.

Whatever an editor changes is recorded (``edited_fields`` on records,
``source = editor`` on rows), so a later ingest keeps the correction.
"""
from django.contrib import admin, messages
from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Count, Max, Min
from django.forms.models import BaseInlineFormSet
from django.template.response import TemplateResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from .capture import jobs
from .models import (
    Appearance, Article, Caption, Capture, CaptureFailure, CaptureRequisite, Country, Delegation, DuplicateSource,
    Feed, Job, Outlet, Person, Provenance, Quote, SavedSearch, Story,
)
from .records import stories
from .records.merge import merge_records
from .search import indexing
from .web.forms import AddressesForm, ArticleAdminForm, DelegationAdminForm


# the admin names the archive, not Django, in its header, its pages' titles and its index
admin.site.site_header = admin.site.site_title = "newsroom"
admin.site.index_title = "Archive records"

# an address typed without its scheme is https (Django 6's default, chosen now)
HTTPS_ADDRESSES = {models.URLField: {"assume_scheme": "https"}}


def _plain(value):
    return value.replace("\r\n", "\n").strip() if isinstance(value, str) else value


def really_changed(form, obj):
    """The fields whose value the editor changed. A browser sends a textarea back with CRLF line ends, which
    Django's form counts as a change: such a field is stored with its line ends as they were, and not marked."""
    changed = []
    for name in form.changed_data:
        before, after = _plain(form.initial.get(name)), _plain(form.cleaned_data.get(name))
        if isinstance(form.cleaned_data.get(name), str) and hasattr(obj, name):
            setattr(obj, name, after if before != after else form.initial.get(name))
        if before != after:
            changed.append(name)
    return changed


UNINDEXED_WARNING = "Saved. Search will show this change shortly: the index could not be written just now."


def credit_to_editor(form):
    """A quote whose speaker or body an editor set is credited by the editor, not by the extraction pass that
    found the one before (the row is the editor's, so a later ingest keeps it and its credit)."""
    if isinstance(form.instance, Quote) and {"speaker", "outlet"} & set(form.changed_data):
        form.instance.credited_by = Provenance.EDITOR


class EditorTrackingAdmin(admin.ModelAdmin):
    """Records which fields an editor changed, and marks edited rows as the editor's."""

    def save_model(self, request, obj, form, change):
        indexing.take_unwritten()  # what an earlier request in this thread left is not this save's
        if change and hasattr(obj, "mark_edited"):
            obj.mark_edited(name for name in really_changed(form, obj) if name != "edited_fields")
        if hasattr(obj, "source") and form.has_changed():
            obj.source = Provenance.EDITOR
        credit_to_editor(form)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        concrete = {f.name for f in obj._meta.concrete_fields}
        m2m_changed = [name for name in form.changed_data if name not in concrete]
        if change and m2m_changed and hasattr(obj, "mark_edited"):
            obj.mark_edited(m2m_changed)
            type(obj)._default_manager.filter(pk=obj.pk).update(edited_fields=obj.edited_fields)
        # after the index write that the commit runs (queued by the saves above, so it runs first)
        transaction.on_commit(lambda: self.warn_if_unindexed(request))

    def warn_if_unindexed(self, request):
        """The edit is committed whatever the index does; when the index could not be written, the editor is
        told that search catches up a little later (the articles wait in the index outbox)."""
        if indexing.take_unwritten():
            self.message_user(request, UNINDEXED_WARNING, messages.WARNING)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        changed = {f.instance for f in formset.forms if f.has_changed()}
        for changed_form in formset.forms:
            credit_to_editor(changed_form)
        for instance in instances:
            if hasattr(instance, "source") and instance in changed:
                instance.source = Provenance.EDITOR
            instance.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()


def review_cell(flagged, reasons):
    """"Needs review" and why for a flagged record; nothing for one that is fine (Django's boolean icons
    showed a red ✖ for "fine")."""
    if not flagged:
        return ""
    return format_html('<strong class="needs-review">Needs review</strong>: {}', "; ".join(reasons) or "flagged")


class PublicationYearFilter(admin.SimpleListFilter):
    title = "publication year"
    parameter_name = "year"

    def lookups(self, request, model_admin):
        """Every year from the newest article's back to the oldest's: two index lookups, where listing the
        distinct years read the whole table (330 ms at 100,000 articles)."""
        span = Article.objects.aggregate(first=Min("published"), last=Max("published"))
        if not span["first"]:
            return []
        return [(str(year), str(year)) for year in range(span["last"].year, span["first"].year - 1, -1)]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(published__year=int(self.value()))
        return queryset


INLINE_ROWS = 20
RAW_SOURCE_CHARS = 20_000


class BoundedInlineFormSet(BaseInlineFormSet):
    """An article's first INLINE_ROWS rows of a kind, so its change form stays small whatever it holds; the
    rest are a link away, in that kind's own list filtered by the article."""

    def get_queryset(self):
        if not hasattr(self, "_bounded"):
            rows = super().get_queryset()
            self.total = rows.count()
            self._bounded = rows.filter(pk__in=list(rows.values_list("pk", flat=True)[:INLINE_ROWS]))
        return self._bounded

    @property
    def more_url(self):
        self.get_queryset()
        if self.total <= INLINE_ROWS or self.instance.pk is None:
            return ""
        return reverse(f"admin:articles_{self.model._meta.model_name}_changelist") + f"?article__id__exact={self.instance.pk}"


class BoundedInline:
    formset = BoundedInlineFormSet
    extra = 0


class AppearanceInline(BoundedInline, admin.TabularInline):
    model = Appearance
    template = "admin/articles/bounded_tabular.html"
    autocomplete_fields = ["person", "outlet", "country"]
    fields = ["person", "role", "outlet", "country", "source"]
    readonly_fields = ["source"]


class QuoteInline(BoundedInline, admin.StackedInline):
    model = Quote
    template = "admin/articles/bounded_stacked.html"
    classes = ["collapse"]
    autocomplete_fields = ["speaker", "outlet"]
    fields = [("speaker", "outlet", "needs_review"), "text", ("paragraph", "start", "end", "source", "credited_by")]
    readonly_fields = ["source", "credited_by"]


class CaptionInline(BoundedInline, admin.TabularInline):
    model = Caption
    template = "admin/articles/bounded_tabular.html"
    classes = ["collapse"]
    fields = ["position", "text", "credit", "source"]
    readonly_fields = ["source"]


@admin.register(Article)
class ArticleAdmin(EditorTrackingAdmin):
    form = ArticleAdminForm
    list_display = ["title", "published", "publisher", "review", "source_file"]
    # no list of every outlet or delegation in the sidebar: thousands of links on every page of the list;
    # an outlet's or delegation's own change page links to its articles (?outlets__id__exact=…)
    list_filter = ["needs_review", PublicationYearFilter, "language", ("countries", admin.RelatedFieldListFilter)]
    search_fields = ["title", "body"]
    autocomplete_fields = ["publisher", "distributor", "outlets", "delegations", "countries"]
    raw_id_fields = ["story"]
    inlines = [AppearanceInline, QuoteInline, CaptionInline]
    formfield_overrides = HTTPS_ADDRESSES
    readonly_fields = ["raw_source", "source_file", "content_hash", "ingested_at", "updated_at",
                       "extractor_version", "edited_fields", "language_source", "language_confidence",
                       "copy_overlap", "copy_changes"]
    fieldsets = [
        (None, {"fields": ["title", "slug", ("published", "date_source"), ("publisher", "distributor"),
                           "dateline", ("language", "language_source", "language_confidence"), "source_url"]}),
        ("Review", {"fields": ["needs_review", "review_reasons"]}),
        ("Text (cleaned, editable)", {"fields": ["body"]}),
        ("Relations", {"fields": ["outlets", "delegations", "countries"]}),
        ("Story (copies of one story across outlets)", {"fields": [
            "story", "copy_overlap", "copy_changes"],
            "description": "Clear the story to detach a copy, or give another story's number to move it: "
                           "either stays through every later ingest."}),
        ("Raw source (as read, for comparison)", {"classes": ["collapse"], "fields": ["raw_source"]}),
        ("Provenance", {"classes": ["collapse"], "fields": [
            "source_file", "content_hash", "ingested_at", "updated_at", "extractor_version", "edited_fields"]}),
    ]

    @admin.display(description="review", ordering="needs_review")
    def review(self, obj):
        return review_cell(obj.needs_review, obj.review_reasons)

    def save_model(self, request, obj, form, change):
        if "language" in form.changed_data:  # the editor's word on the language, kept by every later ingest
            obj.language = obj.language.strip().lower()
            obj.language_source, obj.language_confidence = Article.LanguageSource.EDITOR, None
        super().save_model(request, obj, form, change)
        if change and "story" in form.changed_data:
            stories.editor_moved(obj, form.initial.get("story"))

    @admin.display(description="raw source")
    def raw_source(self, obj):
        """The file as read, up to RAW_SOURCE_CHARS (the whole of it on the public source view)."""
        shown = format_html('<pre class="raw-source" style="white-space:pre-wrap;max-width:40em">{}</pre>',
                            obj.raw_text[:RAW_SOURCE_CHARS])
        if len(obj.raw_text) <= RAW_SOURCE_CHARS or not obj.slug:
            return shown
        return format_html('{}<p>… the first {} of {} characters; <a href="{}">the whole file</a></p>', shown,
                           f"{RAW_SOURCE_CHARS:,}", f"{len(obj.raw_text):,}",
                           reverse("articles:article_source", args=[obj.slug]))


def merge_action(modeladmin, request, queryset):
    """Merge the selected records into the one the editor picks on a confirmation page."""
    records = list(queryset.order_by("pk"))
    if len(records) < 2:
        modeladmin.message_user(request, "Select at least two records to merge.", messages.WARNING)
        return None
    target_pk = request.POST.get("merge_target")
    if request.POST.get("confirm_merge") and target_pk:
        target = next((r for r in records if str(r.pk) == target_pk), None)
        if target is None:
            modeladmin.message_user(request, "Pick one of the selected records to keep.", messages.ERROR)
            return None
        duplicates = [r for r in records if r.pk != target.pk]
        with transaction.atomic():
            log_merge(modeladmin, request, target, duplicates)
            merged = merge_records(target, duplicates)
        modeladmin.message_user(request, f"Merged {merged} record(s) into “{target}”.", messages.SUCCESS)
        return None
    return TemplateResponse(request, "admin/articles/merge_confirmation.html", {
        **modeladmin.admin_site.each_context(request),
        "title": f"Merge {modeladmin.model._meta.verbose_name_plural}",
        "records": records,
        "opts": modeladmin.model._meta,
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    })


def log_merge(modeladmin, request, target, duplicates):
    """The merge in the admin History (before it, while the duplicates still exist): a change of the record
    kept, naming the records merged into it, and a deletion of each of them saying where it went."""
    names = ", ".join(f"“{duplicate}” (#{duplicate.pk})" for duplicate in duplicates)
    modeladmin.log_change(request, target, f"Merged {names} into this record.")
    LogEntry.objects.log_actions(user_id=request.user.pk, queryset=duplicates, action_flag=DELETION,
                                 change_message=f"Merged into “{target}” (#{target.pk}).")


merge_action.short_description = "Merge selected records into one"
# A merge deletes records: it needs the model's change *and* delete permissions (``has_merge_permission``);
# Django offers an action when any one of its listed permissions holds, so both are checked in one.
merge_action.allowed_permissions = ("merge",)


class MergeableAdmin(EditorTrackingAdmin):
    actions = [merge_action]

    def has_merge_permission(self, request):
        return self.has_change_permission(request) and self.has_delete_permission(request)


class StoryArticleInline(admin.TabularInline):
    model = Article
    fk_name = "story"
    fields = ["title", "publisher", "published", "copy_overlap"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


def merge_stories(modeladmin, request, queryset):
    """Merge the selected stories into the one with the most articles (the first stored on a tie)."""
    selected = sorted(queryset.annotate(size=models.Count("articles")), key=lambda s: (-s.size, s.pk))
    if len(selected) < 2:
        modeladmin.message_user(request, "Select at least two stories to merge.", messages.WARNING)
        return
    moved = stories.merge(selected[0], selected[1:])
    modeladmin.message_user(request, f"Moved {moved} article(s) into story {selected[0].pk}.", messages.SUCCESS)


merge_stories.short_description = "Merge the selected stories into one"


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ["__str__", "original", "created_at"]
    readonly_fields = ["original", "created_at"]  # chosen from its articles whenever they change
    inlines = [StoryArticleInline]
    actions = [merge_stories]


@admin.register(SavedSearch)
class SavedSearchAdmin(admin.ModelAdmin):
    """Readers' saved searches: their own page (/saved/) is where they are made; here an administrator sees
    them, changes how often one is e-mailed or removes one."""

    list_display = ["name", "user", "frequency", "created_at", "sent_at"]
    list_filter = ["frequency"]
    search_fields = ["name", "user__username", "query"]
    readonly_fields = ["user", "created_at", "seen_up_to", "visited_at", "sent_up_to", "sent_at"]
    fields = ["name", "user", "query", "frequency", *readonly_fields[1:]]

    def has_add_permission(self, request):
        return False  # a reader saves a search from its results


@admin.register(Outlet)
class OutletAdmin(MergeableAdmin):
    list_display = ["name", "abbreviation", "kind", "country", "parent"]
    list_filter = ["kind", ("country", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "abbreviation", "aliases"]
    autocomplete_fields = ["country", "parent"]
    readonly_fields = ["edited_fields"]


class WrittenOtherwiseFilter(admin.SimpleListFilter):
    """People another record names in another script or romanisation (Сергей Лавров, Sergei Lavrov): for an
    editor to read and, where they are one person, merge — the archive never merges them itself."""

    title = "name written otherwise too"
    parameter_name = "written_otherwise"

    def lookups(self, request, model_admin):
        return [("yes", "Yes: maybe one person")]

    def queryset(self, request, queryset):
        if self.value() != "yes":
            return queryset
        shared = (Person.objects.exclude(name_key="").values("name_key").annotate(names=Count("name", distinct=True))
                  .filter(names__gt=1).values("name_key"))
        return queryset.filter(name_key__in=shared).order_by("name_key", "name")


@admin.register(Person)
class PersonAdmin(MergeableAdmin):
    list_display = ["name", "country"]
    list_filter = [WrittenOtherwiseFilter, ("country", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "aliases"]
    autocomplete_fields = ["country"]
    readonly_fields = ["written_otherwise", "edited_fields"]

    @admin.display(description="Maybe the same person")
    def written_otherwise(self, person):
        """The people whose name is this one in another script or romanisation, each linked; merging them is
        the editor's choice (select them in the list, then "Merge selected records into one")."""
        others = list(person.same_person_elsewhere()[:10]) if person.pk else []
        if not others:
            return "—"
        return format_html_join(", ", '<a href="{}">{}</a>', (
            (reverse("admin:articles_person_change", args=[other.pk]), other.name) for other in others))


@admin.register(Delegation)
class DelegationAdmin(MergeableAdmin):
    list_display = ["name", "kind", "organiser", "start", "end", "location"]
    list_filter = ["kind", ("countries", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "organiser", "location"]
    autocomplete_fields = ["countries", "outlets", "people"]
    readonly_fields = ["edited_fields"]
    form = DelegationAdminForm
    fields = ["name", "slug", "kind", "organiser", ("start", "end"), "location", "stated_size",
              "countries", "regions", "outlets", "people", "articles", "aliases", "edited_fields"]
    actions = [merge_action, "split_per_article"]

    # what a delegation split off keeps of the one it came from (its articles, people and outlets are its own)
    SPLIT_COPIES = ["kind", "organiser", "start", "end", "location", "stated_size", "visitors", "leader",
                    "host_city", "host_region", "host_country", "host_organisation", "itinerary", "date_basis",
                    "regions"]

    @admin.action(description="Split into one delegation per article", permissions=["change"])
    def split_per_article(self, request, queryset):
        """Each article but the oldest of a selected delegation becomes a delegation of its own (a report
        joined to the wrong visit): it takes the visit's details, visitor countries, and the members and
        outlets the article itself names; what was one visit after all is merged back with the merge action."""
        made = 0
        with transaction.atomic():
            for delegation in queryset.prefetch_related("countries", "people", "outlets"):
                articles = list(delegation.articles.order_by("published", "pk").prefetch_related("people", "outlets"))
                for article in articles[1:]:
                    part = Delegation(name=f"{delegation.name} ({article.title[:80]})", edited_fields=["articles"],
                                      **{name: getattr(delegation, name) for name in self.SPLIT_COPIES})
                    part.save()
                    part.countries.set(delegation.countries.all())
                    part.people.set(set(delegation.people.all()) & set(article.people.all()))
                    part.outlets.set(set(delegation.outlets.all()) & ({*article.outlets.all(), article.publisher}))
                    article.delegations.remove(delegation)
                    article.delegations.add(part)
                    self.log_addition(request, part, f"Split from “{delegation}” (#{delegation.pk}).")
                    made += 1
                if len(articles) > 1:
                    delegation.mark_edited(["articles"])
                    delegation.save(update_fields=["edited_fields"])
                    self.log_change(request, delegation, f"Split: {len(articles) - 1} article(s) moved to new records.")
        level = messages.SUCCESS if made else messages.WARNING
        self.message_user(request, f"Split off {made} delegation(s)." if made
                          else "Nothing to split: each selected delegation has one article or none.", level)


@admin.register(Quote)
class QuoteAdmin(EditorTrackingAdmin):
    list_display = ["short_text", "speaker", "article", "source", "credited_by", "review"]
    list_filter = ["source", "needs_review"]
    search_fields = ["text", "speaker__name"]
    autocomplete_fields = ["speaker", "outlet", "article"]
    readonly_fields = ["source", "credited_by"]

    @admin.display(description="quote")
    def short_text(self, obj):
        return str(obj)

    @admin.display(description="review", ordering="needs_review")
    def review(self, obj):
        return review_cell(obj.needs_review, [] if obj.speaker_id else ["no speaker found"])


@admin.register(Appearance)
class AppearanceAdmin(EditorTrackingAdmin):
    list_display = ["person", "role", "outlet", "article", "source"]
    search_fields = ["person__name", "role"]
    autocomplete_fields = ["person", "outlet", "article", "country"]
    readonly_fields = ["source"]


@admin.register(Caption)
class CaptionAdmin(EditorTrackingAdmin):
    list_display = ["__str__", "credit", "article"]
    search_fields = ["text", "credit"]
    autocomplete_fields = ["article"]
    readonly_fields = ["source"]


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(DuplicateSource)
class DuplicateSourceAdmin(admin.ModelAdmin):
    list_display = ["source_file", "article", "seen_at"]
    search_fields = ["source_file"]
    autocomplete_fields = ["article"]


class CaptureRequisiteInline(admin.TabularInline):
    """What a capture was kept with (stylesheets, images, fonts, scripts): as fetched, never edited."""

    model = CaptureRequisite
    fields = readonly_fields = ["kind", "url", "final_url", "content_type"]
    extra = max_num = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Capture)
class CaptureAdmin(admin.ModelAdmin):
    """Captures are what a server sent: kept as they are (their articles are edited on their own pages)."""

    list_display = ["url", "article", "captured_at", "status", "checks", "last_checked"]
    list_filter = ["status"]
    search_fields = ["url", "requested_url"]
    list_select_related = ["article"]
    show_full_result_count = False
    change_list_template = "admin/articles/capture/change_list.html"
    formfield_overrides = HTTPS_ADDRESSES
    inlines = [CaptureRequisiteInline]

    def has_add_permission(self, request):
        return False  # captures come from "Add by address", the capture command and feeds

    def has_change_permission(self, request, obj=None):
        return False

    def get_urls(self):
        add_by_address = self.admin_site.admin_view(self.add_by_address)
        return [path("add-by-address/", add_by_address, name="articles_capture_add_by_address"), *super().get_urls()]

    def add_by_address(self, request):
        """Queue a job capturing pages from their addresses, and show it: fetching 45 pages politely takes
        minutes, far past a request's time (gunicorn's 30 s), so ``manage.py worker`` captures them."""
        if not request.user.has_perm("articles.add_article"):
            raise PermissionDenied
        # "capture it" from a search for an address not archived arrives with the address filled in
        form = AddressesForm(request.POST or None, initial={"addresses": request.GET.get("address", "")[:2000]})
        if request.method == "POST" and form.is_valid():
            addresses = form.cleaned_data["addresses"]
            job = jobs.enqueue_capture(addresses, created_by=request.user.get_username())
            self.message_user(request, queued_message(addresses), messages.SUCCESS)
            return redirect("admin:articles_job_change", job.pk)
        return TemplateResponse(request, "admin/articles/capture/add_by_address.html", {
            **self.admin_site.each_context(request), "title": "Add pages by address", "form": form,
            "opts": self.model._meta})


def queued_message(addresses):
    """What "Add by address" says it did: one address is named as written (the admin shows messages as they
    are, so never "Http://"), several are counted."""
    if len(addresses) == 1:
        return f"{addresses[0]}: queued; the worker captures it"
    return f"Queued: {len(addresses)} addresses; the worker captures them"


@admin.register(CaptureFailure)
class CaptureFailureAdmin(admin.ModelAdmin):
    """Addresses that failed for good, which ``capture --feeds`` skips until their feed entry changes:
    deleting one has the next run fetch it again (as ``--retry-failed`` does for all)."""

    list_display = ["url", "status", "reason", "failed_at", "attempts"]
    list_filter = ["status"]
    search_fields = ["url", "reason"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False  # failures are what a server answered

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    """Work queued for ``manage.py worker`` (pages added by address): read-only, its progress and each
    address's outcome; the page refreshes itself until the job is done."""

    list_display = ["__str__", "state", "progress", "created_by", "created_at", "finished_at"]
    list_filter = ["state", "kind"]
    search_fields = ["created_by"]
    fields = ["kind", "state", "summary", "created_by", "created_at", "started_at", "finished_at", "heartbeat"]
    change_form_template = "admin/articles/job/change_form.html"
    change_list_template = "admin/articles/job/change_list.html"

    def has_add_permission(self, request):
        return False  # jobs come from the admin's long actions ("Add by address")

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="progress")
    def progress(self, obj):
        return "{} of {}".format(*jobs.progress(obj))

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {**(extra_context or {}), **self._worker_context()})

    def change_view(self, request, object_id, form_url="", extra_context=None):
        job = self.get_object(request, unquote(object_id))
        context = dict(extra_context or {})
        if job is not None:
            done, total = jobs.progress(job)
            context.update(self._worker_context(), done=done, total=total, outcomes=jobs.outcomes(job),
                           refresh=job.state in (Job.State.QUEUED, Job.State.RUNNING), stale=jobs.is_stale(job))
        return super().change_view(request, object_id, form_url, context)

    @staticmethod
    def _worker_context():
        return {"worker_missing": jobs.worker_missing(), "start_worker": jobs.START_WORKER}


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    """Feeds and sitemaps read by ``capture --feeds`` (from cron or a systemd timer)."""

    list_display = ["url", "active", "last_run", "items_captured", "last_error"]
    list_filter = ["active"]
    search_fields = ["url"]
    readonly_fields = ["last_run", "items_captured", "last_error", "etag", "last_modified"]
    formfield_overrides = HTTPS_ADDRESSES
