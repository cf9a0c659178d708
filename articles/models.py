"""The archive's records: articles and the outlets, people, quotes and
delegations extracted from them.

Every record an ingest writes remembers which of its fields an editor has
changed (``edited_fields``), so a later ingest refreshes only what the machine
owns and never overwrites a human correction.
"""
import functools
import secrets

from django.conf import settings
from django.db import models
from django.urls import get_script_prefix, reverse
from django.utils.text import slugify

from .kernel.transliteration import in_latin_letters, name_key


def unique_slug(model, text, *, exclude_pk=None, max_length=200, is_taken=None):
    """A slug for ``text`` not yet used by ``model`` (``-2``, ``-3``… on clashes).

    ``is_taken(slug)`` replaces the database query (an ingest knows the slugs in use). Text in other scripts is
    romanised first: slugified as it is, every Russian, Chinese or Arabic name was "item", and the thousandth
    such record tried a thousand numbered slugs before finding a free one.
    """
    base = slugify(in_latin_letters(text), allow_unicode=False)[: max_length - 8].strip("-") or "item"
    if is_taken is None:
        others = model._default_manager.exclude(pk=exclude_pk)

        def is_taken(slug):
            return others.filter(slug=slug).exists()

    candidate, n = base, 1
    while is_taken(candidate):
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def without_credentials(url):
    """``url`` without its user name and password (``https://user:secret@host/a`` → ``https://host/a``), the rest
    exactly as written. Addresses stored before such addresses were refused may still hold them, and no page may
    show them."""
    scheme, separator, rest = url.partition("://")
    ends = [at for at in (rest.find(mark) for mark in "/?#") if at >= 0]
    authority = rest[:min(ends, default=len(rest))]
    if not separator or "@" not in authority:
        return url
    return f"{scheme}://{authority.rpartition('@')[2]}{rest[len(authority):]}"


def page_url(name, key):
    """``reverse(name, args=[key])`` for a record's page, kept: a results page links twenty articles and their
    publishers, and reversing each was 3% of a loaded web worker. The URLs are fixed by the URL configuration
    and the script prefix, which is part of the key."""
    return _page_url(get_script_prefix(), name, key)


@functools.lru_cache(maxsize=50_000)
def _page_url(prefix, name, key):
    return reverse(name, args=[key])


class Provenance(models.TextChoices):
    EXTRACTED = "extracted", "machine-extracted"
    EDITOR = "editor", "set by an editor"


class EditableRecord(models.Model):
    """A record whose fields are filled by the ingest and corrected by editors."""

    edited_fields = models.JSONField(
        default=list, blank=True,
        help_text="Fields an editor changed; a later ingest leaves them alone.",
    )

    class Meta:
        abstract = True

    def mark_edited(self, field_names):
        names = sorted(set(self.edited_fields) | set(field_names))
        changed = names != sorted(self.edited_fields)
        self.edited_fields = names
        return changed

    def apply_extracted(self, **values):
        """Set extracted values, skipping fields an editor owns.

        Returns the number of editor changes that were kept because the
        extracted value differed from the edited one.
        """
        kept = 0
        for name, value in values.items():
            if name.removesuffix("_id") in self.edited_fields:
                kept += getattr(self, name) != value
            else:
                setattr(self, name, value)
        return kept


class Country(models.Model):
    """An ISO 3166-1 country; the table is filled from pycountry by a migration."""

    code = models.CharField("ISO alpha-2 code", max_length=2, primary_key=True)
    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return page_url("articles:country", self.code.lower())


class NamedRecord(EditableRecord):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    aliases = models.JSONField(default=list, blank=True, help_text="Other names for the same record.")

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(type(self), self.name, exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def all_names(self):
        return [self.name, *self.aliases]

    def add_aliases(self, names):
        """Keep ``names`` as aliases, skipping any the record already goes by (in any case)."""
        known = {name.casefold() for name in self.all_names() if name}
        for name in names:
            if name and name.casefold() not in known:
                self.aliases.append(name)
                known.add(name.casefold())


class Outlet(NamedRecord):
    class Kind(models.TextChoices):
        NEWS_AGENCY = "agency", "news agency"
        NEWSPAPER = "newspaper", "newspaper"
        BROADCASTER = "broadcaster", "broadcaster"
        ONLINE = "online", "online portal"
        MAGAZINE = "magazine", "magazine"
        DISTRIBUTOR = "distributor", "press-release distributor"
        OTHER = "other", "other"
        ORGANISATION = "organisation", "organisation (not media): a source of quotes"

    abbreviation = models.CharField(max_length=30, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    country = models.ForeignKey(Country, null=True, blank=True, on_delete=models.SET_NULL, related_name="outlets")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children",
        help_text="The organisation this outlet belongs to (a paper under an agency).",
    )

    class Meta(NamedRecord.Meta):
        pass

    def get_absolute_url(self):
        return page_url("articles:outlet", self.slug)

    def all_names(self):
        return [*super().all_names(), *([self.abbreviation] if self.abbreviation else [])]


class Person(NamedRecord):
    country = models.ForeignKey(Country, null=True, blank=True, on_delete=models.SET_NULL, related_name="people")
    # the name whatever its script or romanisation (Сергей Лавров, Sergei Lavrov): people who may be one person,
    # offered to editors, never merged by the archive itself
    name_key = models.CharField(max_length=200, blank=True, db_index=True, editable=False)

    class Meta(NamedRecord.Meta):
        verbose_name_plural = "people"

    def save(self, *args, **kwargs):
        self.name_key = name_key(self.name)
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_key"}
        super().save(*args, **kwargs)

    def same_person_elsewhere(self):
        """Other people whose name is this one in another script or romanisation."""
        if not self.name_key:
            return Person.objects.none()
        return Person.objects.filter(name_key=self.name_key).exclude(pk=self.pk).exclude(name=self.name)

    def get_absolute_url(self):
        return page_url("articles:person", self.slug)


class DelegationQuerySet(models.QuerySet):
    def for_country(self, code):
        # one country is linked once (the relation is unique), so no DISTINCT over whole rows is needed
        return self.filter(countries__code=code.upper())


class Delegation(NamedRecord):
    class Kind(models.TextChoices):
        PRESS_TOUR = "press_tour", "press tour"
        OFFICIAL = "official", "official delegation"
        PARLIAMENTARY = "parliamentary", "parliamentary delegation"
        BUSINESS = "business", "business or trade mission"
        MILITARY = "military", "military delegation"
        CULTURAL_ACADEMIC = "cultural_academic", "cultural or academic delegation"
        FORUM = "forum", "forum or briefing"
        OTHER = "other", "other visit"

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PRESS_TOUR)
    organiser = models.CharField(max_length=300, blank=True)
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)
    location = models.CharField(max_length=200, blank=True)
    countries = models.ManyToManyField(Country, blank=True, related_name="delegations")
    regions = models.JSONField(default=list, blank=True, help_text="Regions named, e.g. Latin America.")
    outlets = models.ManyToManyField(Outlet, blank=True, related_name="delegations")
    people = models.ManyToManyField(Person, blank=True, related_name="delegations")
    stated_size = models.CharField(max_length=300, blank=True, help_text='As stated, e.g. "22 media organizations from 20 countries".')
    visitors = models.CharField(max_length=300, blank=True, help_text="Who came, as the first report describes them.")
    leader = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="led_delegations")
    host_city = models.CharField(max_length=100, blank=True)
    host_region = models.CharField(max_length=100, blank=True)
    host_country = models.ForeignKey(Country, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="hosted_delegations")
    host_organisation = models.CharField(max_length=300, blank=True)
    itinerary = models.JSONField(default=list, blank=True, help_text="The sites visited, as the reports name them.")
    date_basis = models.CharField(max_length=10, blank=True, choices=[("stated", "stated"),
                                                                     ("inferred", "inferred from the reports")])

    objects = DelegationQuerySet.as_manager()

    class Meta(NamedRecord.Meta):
        pass

    def get_absolute_url(self):
        return page_url("articles:delegation", self.slug)


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Articles whose publication date is known."""
        return self.filter(published__isnull=False)

    def for_country(self, code):
        # one country is linked once (the relation is unique), so no DISTINCT over whole rows is needed
        return self.filter(countries__code=code.upper())

    def for_outlet(self, outlet):
        """Articles that mention, published or distributed an outlet (as its search facet counts them). A
        subquery of ids, not a join made DISTINCT: counting DISTINCT whole articles (bodies included) took
        0.35 s for an outlet of 134 articles among 100,000; the subquery 15 ms."""
        mentioned = Article.outlets.through.objects.filter(outlet=outlet).values("article_id")
        return self.filter(models.Q(pk__in=mentioned) | models.Q(publisher=outlet) | models.Q(distributor=outlet))

    def published_by(self, outlet):
        """Articles an outlet published or distributed: its own."""
        return self.filter(models.Q(publisher=outlet) | models.Q(distributor=outlet))

    def mentioning(self, outlet):
        """Articles of other outlets that mention this one."""
        mentioned = Article.outlets.through.objects.filter(outlet=outlet).values("article_id")
        return self.filter(pk__in=mentioned).exclude(publisher=outlet).exclude(distributor=outlet)

    def in_delegation(self, delegation):
        return self.filter(delegations=delegation)

    def quoting(self, person):
        return self.filter(pk__in=Quote.objects.filter(speaker=person).values("article_id"))

    def newest_first(self):
        return self.order_by(models.F("published").desc(nulls_last=True), "-pk")

    def listed(self):
        """Articles as lists and results show them: without their source text (a saved page can weigh
        megabytes, and a list never shows it)."""
        return self.defer("raw_text")


class Collection(models.Model):
    """A body of files ingested together (a folder, a web archive's pages, the live web's captures).

    A file is known by its collection and its path inside it, so two folders holding ``001.txt`` are two
    articles whatever order they are ingested in. ``root`` is the resolved folder last ingested into it:
    ingesting a folder whose root no collection has makes a new collection, unless the ingest names one.
    """

    CAPTURES = "web captures"  # pages captured from the live web, known by their address
    EARLIER = "earlier ingests"  # files stored before collections existed: their folder is not known

    name = models.CharField(max_length=200, unique=True)
    root = models.CharField(max_length=1000, blank=True, db_index=True,
                            help_text="The folder last ingested into this collection (resolved path).")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


# languages written right to left: their text is shown with dir="rtl"
RIGHT_TO_LEFT = frozenset({"ar", "fa", "he", "ur", "ps", "yi", "dv", "ug", "ckb", "sd"})


class Story(models.Model):
    """One story published more than once: an agency's wire copy republished by other outlets, a press
    release run by several papers. Its articles are its copies; ``original`` is the one the others copy (the
    agency's own when a copy credits it, else the earliest dated)."""

    original = models.ForeignKey("Article", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "stories"

    def __str__(self):
        return self.original.title if self.original_id else f"Story {self.pk}"

    def get_absolute_url(self):
        return page_url("articles:story", self.pk)


class Article(EditableRecord):
    class DateSource(models.TextChoices):
        STATED = "stated", "stated"
        INFERRED = "inferred", "inferred from context"
        ADDRESS = "address", "from the address"
        UNKNOWN = "unknown", "unknown"

    class LanguageSource(models.TextChoices):
        PAGE = "page", "declared by the page"
        DETECTED = "detected", "detected from the text"
        EDITOR = "editor", "set by an editor"
        UNKNOWN = "", "unknown"

    title = models.CharField(max_length=500)
    slug = models.SlugField(max_length=200, unique=True)
    language = models.CharField(max_length=16, blank=True, db_index=True,
                                help_text='The language code the text is written in ("en", "ru", "zh"); empty when '
                                          'it could not be told.')
    language_source = models.CharField(max_length=10, choices=LanguageSource.choices, blank=True,
                                       default=LanguageSource.UNKNOWN)
    language_confidence = models.FloatField(null=True, blank=True,
                                            help_text="How sure the detection was, 0 to 1.")
    published = models.DateField("publication date", null=True, blank=True, db_index=True)
    date_source = models.CharField(max_length=10, choices=DateSource.choices, default=DateSource.UNKNOWN)
    publisher = models.ForeignKey(
        Outlet, null=True, blank=True, on_delete=models.SET_NULL, related_name="published_articles",
        help_text="The site or agency that published the article.",
    )
    distributor = models.ForeignKey(
        Outlet, null=True, blank=True, on_delete=models.SET_NULL, related_name="distributed_articles",
        help_text="A wire or press-release service that carried it.",
    )
    dateline = models.CharField(max_length=200, blank=True)
    body = models.TextField(
        blank=True,
        help_text='The cleaned text: paragraphs separated by a blank line; a sub-heading starts with "## ".',
    )
    raw_text = models.TextField(help_text="The source file's text, verbatim.")
    collection = models.ForeignKey(Collection, on_delete=models.PROTECT, related_name="articles")
    source_file = models.CharField(
        max_length=1000, db_index=True, help_text="The file's path inside its collection's folder.")
    content_hash = models.CharField(max_length=64, db_index=True)
    source_url = models.URLField(max_length=500, blank=True)
    ingested_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    extractor_version = models.CharField(max_length=20, blank=True)
    needs_review = models.BooleanField(default=False)
    review_reasons = models.JSONField(default=list, blank=True)
    story = models.ForeignKey(
        Story, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles",
        help_text="The story this article is a copy of (or the original of). Set by the copy detection; an "
                  "editor's choice, including none, stays.",
    )
    copy_overlap = models.FloatField(
        null=True, blank=True,
        help_text="The share of this copy's word sequences found in its story's original (0 to 1).")
    copy_changes = models.JSONField(
        default=dict, blank=True,
        help_text="What this copy changed from its story's original: headline, paragraphs added and cut.")

    outlets = models.ManyToManyField(Outlet, blank=True, related_name="articles", help_text="Outlets mentioned.")
    people = models.ManyToManyField(Person, through="Appearance", related_name="articles")
    delegations = models.ManyToManyField(Delegation, blank=True, related_name="articles")
    countries = models.ManyToManyField(Country, blank=True, related_name="articles")

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = [models.F("published").desc(nulls_last=True), "-pk"]
        constraints = [models.UniqueConstraint(fields=["collection", "source_file"], name="article_file_once")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Article, self.title, exclude_pk=self.pk)
        # browsers send a textarea back with CRLF line ends; blocks are split on blank lines
        self.body = self.body.replace("\r\n", "\n").replace("\r", "\n")
        adding = self._state.adding
        super().save(*args, **kwargs)
        if adding:
            return  # no quotes yet
        stale = self.quotes.exclude(published=self.published) if self.published else self.quotes.exclude(
            published=None)
        stale.update(published=self.published)  # (no per-row signals: the article is re-indexed anyway)

    @property
    def text_direction(self):
        """"rtl" for a language written right to left, else "" (the page's own direction)."""
        return "rtl" if self.language in RIGHT_TO_LEFT else ""

    def get_absolute_url(self):
        return page_url("articles:article", self.slug)

    @property
    def shown_source_url(self):
        """The original address as pages and citations show it: never with a user name or password."""
        return without_credentials(self.source_url)

    def paragraphs(self):
        """The body as blocks: ``("heading"|"paragraph", text)`` in order."""
        blocks = []
        for chunk in self.body.split("\n\n"):
            chunk = chunk.strip()
            if chunk.startswith("## "):
                blocks.append(("heading", chunk[3:].strip()))
            elif chunk:
                blocks.append(("paragraph", chunk))
        return blocks


class DuplicateSource(models.Model):
    """Another file whose content is already in the archive under ``article``."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="duplicate_sources")
    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="duplicate_sources")
    source_file = models.CharField(max_length=1000)
    seen_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["collection", "source_file"], name="duplicate_file_once")]

    def __str__(self):
        return self.source_file


class ExtractedRow(models.Model):
    """A row the ingest writes for an article; editor-made rows survive a re-ingest."""

    source = models.CharField(max_length=10, choices=Provenance.choices, default=Provenance.EDITOR)

    class Meta:
        abstract = True


class Appearance(ExtractedRow):
    """A person as an article presents them: role and outlet as stated there."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="appearances")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="appearances")
    role = models.CharField(max_length=300, blank=True)
    outlet = models.ForeignKey(Outlet, null=True, blank=True, on_delete=models.SET_NULL, related_name="appearances")
    country = models.ForeignKey(Country, null=True, blank=True, on_delete=models.SET_NULL, related_name="appearances")

    class Meta:
        ordering = ["article", "pk"]
        constraints = [models.UniqueConstraint(fields=["article", "person"], name="one_appearance_per_article")]

    def __str__(self):
        return f"{self.person} in {self.article}"


class Caption(ExtractedRow):
    """A photo caption, kept out of the body, with its credit."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="captions")
    position = models.PositiveIntegerField(default=0, help_text="Index of the body block the photo precedes.")
    text = models.TextField()
    credit = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["article", "position", "pk"]

    def __str__(self):
        return self.text[:80]


class Quote(ExtractedRow):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="quotes")
    speaker = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="quotes")
    text = models.TextField()
    paragraph = models.PositiveIntegerField(default=0, help_text="Index of the body block holding the quote.")
    start = models.PositiveIntegerField(default=0, help_text="Character offset within that block.")
    end = models.PositiveIntegerField(default=0)
    outlet = models.ForeignKey(
        Outlet, null=True, blank=True, on_delete=models.SET_NULL, related_name="quotes",
        help_text="The speaker's outlet at the time.",
    )
    needs_review = models.BooleanField(default=False, help_text="Set when no speaker could be attributed.")
    credited_by = models.CharField(
        max_length=40, blank=True,
        help_text="How the speaker or body was found: the extraction pass that credited the quote (\"verb-after\": "
                  "'“…,” Ann Lee said'; \"verb-before\": 'Ann Lee said: “…”'; \"pronoun\": 'he said', taken as "
                  "someone named before; \"continuation\": the speaker of the quote before; \"body-…\": an "
                  "organisation), or \"editor\" once an editor set the speaker or body. Empty when nobody was "
                  "credited.",
    )
    # the article's date, copied here so the quotes page is read newest first from an index: sorting every quote
    # by its article's date took 0.5 s at 200,000 quotes (Article.save keeps it in step)
    published = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["article", "paragraph", "start", "pk"]
        indexes = [models.Index(fields=["published", "id"], name="quote_by_date")]  # read backwards: newest first

    def __str__(self):
        return self.text[:80]

    def get_absolute_url(self):
        return page_url("articles:quote", self.pk)

    def save(self, *args, **kwargs):
        if self.article_id:
            self.published = self.article.published
        super().save(*args, **kwargs)


class ArchiveChange(models.Model):
    """One row: how many committed writes the archive has seen, and when the last one was. Pages carry it in
    their ETag, so a reader's cache (or a proxy's) revalidates cheaply and learns of any change at once."""

    counter = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(auto_now=True)
    # bumped only when a country, outlet, person or delegation changes: what facet labels are kept under
    names_counter = models.PositiveBigIntegerField(default=0)


class CaptureQuerySet(models.QuerySet):
    def of_address(self, spellings):
        """The captures of one address, known by any of its ``spellings`` (each as ``ingest.urls.normalise``
        gives it), oldest first."""
        return self.filter(normalized_url__in=spellings).order_by("captured_at", "pk")

    def holding(self, record_id, normalized_url, content_hash):
        """The captures already holding a response record: the same WARC-Record-ID, or the same page (address
        and payload) — so a web archive ingested twice, or one the archive exported, adds no copy."""
        same_page = models.Q(normalized_url=normalized_url, content_hash=content_hash)
        return self.filter(models.Q(record_id=record_id) | same_page if record_id else same_page)


class Capture(models.Model):
    """One fetch of a page from the web, kept as WARC records (``warc_file`` from ``warc_offset``, ``warc_length``
    bytes; the final response at ``response_offset``). A re-capture that finds the page changed is a new
    capture of the same article; one that finds it unchanged only counts a check (and writes a revisit record).
    The page's ETag and Last-Modified are kept for asking again conditionally, and the date its feed entry
    gave, so a feed's unchanged entry is not fetched again."""

    article = models.ForeignKey(Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="captures")
    requested_url = models.URLField("address asked for", max_length=2000)
    url = models.URLField("final address", max_length=2000)
    normalized_url = models.CharField(max_length=2000, db_index=True,
                                      help_text="The address asked for, without tracking parameters or fragment.")
    status = models.PositiveSmallIntegerField("HTTP status")
    content_type = models.CharField(max_length=200, blank=True)
    content_hash = models.CharField(max_length=64, db_index=True, help_text="SHA-256 of the page as served.")
    captured_at = models.DateTimeField(db_index=True)
    last_checked = models.DateTimeField()
    checks = models.PositiveIntegerField(default=1, help_text="Times fetched and found unchanged, plus one.")
    warc_file = models.CharField(max_length=300, help_text="Relative to NEWSROOM_WARC_DIR.")
    warc_offset = models.PositiveBigIntegerField()
    warc_length = models.PositiveBigIntegerField()
    response_offset = models.PositiveBigIntegerField()
    etag = models.CharField(max_length=500, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)
    feed_updated = models.CharField(max_length=100, blank=True, editable=False,
                                    help_text="When its feed or sitemap entry said the page was last changed.")
    response_length = models.PositiveBigIntegerField(default=0, help_text="Bytes of the final response record.")
    record_id = models.CharField(max_length=200, blank=True, db_index=True,
                                 help_text="The final response record's WARC-Record-ID.")
    payload_digest = models.CharField(max_length=100, blank=True,
                                      help_text="The final response record's WARC-Payload-Digest.")
    rendered_offset = models.PositiveBigIntegerField(
        null=True, blank=True, editable=False,
        help_text="The page as headless Chromium rendered it (a conversion record), when captured with a browser.")
    screenshot_offset = models.PositiveBigIntegerField(
        null=True, blank=True, editable=False,
        help_text="Its full-page screenshot (a resource record, urn:fullPage:<address>), when captured with a browser.")
    screenshot_length = models.PositiveBigIntegerField(default=0, editable=False)

    objects = CaptureQuerySet.as_manager()

    class Meta:
        ordering = ["-captured_at", "-pk"]

    def __str__(self):
        return f"{self.shown_url} at {self.captured_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return page_url("articles:capture", self.pk)

    @property
    def shown_url(self):
        """The final address as pages show it: never with a user name or password."""
        return without_credentials(self.url)

    @property
    def shown_requested_url(self):
        return without_credentials(self.requested_url)


class CaptureRequisite(models.Model):
    """A stylesheet, image, font or script a captured page is shown with, fetched with the page and kept in the
    same WARC file (its final response at ``response_offset``): what replay serves in its place."""

    capture = models.ForeignKey(Capture, on_delete=models.CASCADE, related_name="requisites")
    url = models.URLField("address as the page names it", max_length=2000,
                          help_text="Made absolute against the page (or its stylesheet), without a fragment.")
    final_url = models.URLField("final address", max_length=2000)
    kind = models.CharField(max_length=20, help_text="stylesheet, image, font or script; for a page rendered "
                                                     "in a browser also fetch, frame, media or other")
    content_type = models.CharField(max_length=200, blank=True)
    response_offset = models.PositiveBigIntegerField()
    response_length = models.PositiveBigIntegerField()

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["capture", "url"], name="one_requisite_per_address")]

    def __str__(self):
        return f"{self.kind} {self.url}"


class CaptureFailure(models.Model):
    """An address whose answer will not change by asking again (gone, withheld, too large, not a page): a
    scheduled run skips it until its feed entry changes (``feed_updated``) or it is run with --retry-failed.
    What the server sent is in the WARC file all the same."""

    normalized_url = models.CharField(max_length=2000, db_index=True)
    url = models.URLField("address", max_length=2000)
    status = models.PositiveSmallIntegerField("HTTP status", null=True, blank=True)
    reason = models.TextField()
    feed_updated = models.CharField(max_length=100, blank=True,
                                    help_text="When its feed or sitemap entry said the page was last changed.")
    failed_at = models.DateTimeField()
    attempts = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-failed_at", "-pk"]

    def __str__(self):
        return self.reason


class Feed(models.Model):
    """An RSS/Atom feed or a sitemap whose new items are captured each time ``capture --feed`` runs."""

    url = models.URLField("address", max_length=2000, unique=True)
    active = models.BooleanField(default=True, help_text="Read by capture --feeds (the scheduled run).")
    etag = models.CharField(max_length=500, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)
    seen = models.JSONField(default=list, blank=True, editable=False,
                            help_text="Ids of the items already captured (the latest 5,000).")
    last_run = models.DateTimeField(null=True, blank=True, editable=False)
    last_error = models.TextField(blank=True, editable=False)
    items_captured = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["url"]

    def __str__(self):
        return self.url


class CopyBand(models.Model):
    """One band of an article's MinHash signature (see :mod:`articles.records.stories`): articles sharing a
    band are candidate copies of each other, checked word for word before they are grouped."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="copy_bands")
    band = models.BigIntegerField(db_index=True)

    def __str__(self):
        return f"{self.article_id}: {self.band}"


def _feed_token():
    return secrets.token_urlsafe(24)


class SavedSearch(models.Model):
    """A reader's saved search: its query string, how often its new matches are e-mailed, and the private
    token of its Atom feed. "New" is by article id: articles stored after the highest id of the archive when
    the reader last opened it (``seen_up_to``), or when the last digest went (``sent_up_to``)."""

    class Frequency(models.TextChoices):
        NEVER = "never", "no e-mail"
        DAILY = "daily", "daily"
        WEEKLY = "weekly", "weekly"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches")
    name = models.CharField(max_length=200)
    query = models.CharField(max_length=2000, blank=True, help_text="The search's parameters, as in its address.")
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.NEVER,
                                 help_text="How often its new matches are e-mailed (manage.py send_alerts).")
    token = models.CharField(max_length=64, unique=True, default=_feed_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    seen_up_to = models.BigIntegerField(default=0)
    visited_at = models.DateTimeField(null=True, blank=True)
    sent_up_to = models.BigIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["user", "name"], name="saved_search_name_once")]

    def __str__(self):
        return self.name


class IndexOutbox(models.Model):
    """An article whose index document must be written again (or removed, when the article is gone).

    A row is written in the same transaction as the change it stands for, so a change that committed is
    never lost to a crash before the index heard of it; the indexer removes rows once their article is
    indexed as it now is (see :mod:`articles.search.outbox`).
    """

    id = models.BigAutoField(primary_key=True)
    article_id = models.BigIntegerField(db_index=True)
    queued_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"index article {self.article_id}"


class DeletedArticle(models.Model):
    """An article an editor deleted: no later ingest brings its file (or its content) back unless asked."""

    collection = models.ForeignKey(Collection, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="deleted_articles")
    source_file = models.CharField(max_length=1000)
    content_hash = models.CharField(max_length=64, db_index=True)
    title = models.CharField(max_length=500)
    source_url = models.URLField(max_length=500, blank=True)
    deleted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-deleted_at"]
        indexes = [models.Index(fields=["collection", "source_file"], name="deleted_file")]

    def __str__(self):
        return self.title


class MergedRecord(models.Model):
    """A record merged into another: its old address and filter value lead to the record it became."""

    class Kind(models.TextChoices):
        OUTLET = "outlet", "outlet"
        PERSON = "person", "person"
        DELEGATION = "delegation", "delegation"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    old_slug = models.SlugField(max_length=200)
    old_pk = models.BigIntegerField()
    old_name = models.CharField(max_length=300)
    target_pk = models.BigIntegerField()
    merged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "old_slug"], name="merged_slug_once")]
        indexes = [models.Index(fields=["kind", "old_pk"], name="merged_pk")]

    def __str__(self):
        return f"{self.kind} {self.old_name}"


class Job(models.Model):
    """Work too long for a request (capturing many addresses), run by ``manage.py worker``.

    ``items`` holds one entry per unit of work (an address) with its outcome as the worker reaches it, so
    the admin shows progress while it runs.
    """

    class State(models.TextChoices):
        QUEUED = "queued", "queued"
        RUNNING = "running", "running"
        DONE = "done", "done"
        FAILED = "failed", "failed"

    kind = models.CharField(max_length=40)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED, db_index=True)
    payload = models.JSONField(default=dict, blank=True)
    items = models.JSONField(default=list, blank=True)
    summary = models.TextField(blank=True)
    created_by = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.kind} #{self.pk} ({self.state})"
