"""Every page type, its bad parameters, and escaping of file-derived text (Django test client)."""
import csv
import datetime
import io
import json

import pytest

from articles.ingest import run
from articles.models import Article, Delegation, Outlet, Person

pytestmark = pytest.mark.django_db


def body(response):
    return b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()


def test_every_page_type_opens(seeded, client):
    article = Article.objects.get(source_file__startswith="000_")
    urls = ["/", "/?q=Chongqing", "/outlets/", "/outlets/?country=KZ", "/people/", "/countries/", "/delegations/",
            "/quotes/", "/quotes/?q=city", article.get_absolute_url(), article.get_absolute_url() + "source/",
            Outlet.objects.get(name="ORDA").get_absolute_url(), Person.objects.first().get_absolute_url(),
            "/countries/kz/", Delegation.objects.first().get_absolute_url()]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert len(response.content) < 100_000, url


def test_search_page_shows_facets_chips_and_counts(seeded, client):
    page = client.get("/", {"q": "Chongqing", "country": "KZ"}).content.decode()
    assert "<strong>1</strong> article" in page
    assert 'aria-label="Remove filter Kazakhstan"' in page
    assert 'class="month-chart"' in page or "date unknown" in page
    assert "Clear all" in page
    country = page.split('data-facet="country"', 1)[1].split("</section>", 1)[0]
    assert '<span class="hint">any of</span>' in country and 'aria-current="true"' in country
    assert '<span class="hint">any of</span>' not in page.split('data-facet="outlet"', 1)[1].split("</section>", 1)[0]


def test_bad_parameters_never_fail(seeded, client):
    for params in ({"country": "ZZ"}, {"page": "abc"}, {"page": "99999"}, {"sort": "sideways"},
                   {"outlet": "../../etc/passwd"}, {"year": "1'; DROP TABLE articles;--"}, {"q": "x" * 5000}):
        response = client.get("/", params)
        assert response.status_code == 200, params
    assert client.get("/countries/zz/").status_code == 404
    assert client.get("/articles/no-such-article/").status_code == 404
    assert client.get("/quotes/", {"speaker": "nobody", "country": "zz"}).status_code == 200


def test_article_page_marks_quotes_and_links_speakers(seeded, client):
    article = Article.objects.get(source_file__startswith="004_")
    page = client.get(article.get_absolute_url()).content.decode()
    williams = Person.objects.get(name="Nathan Williams")
    assert f'href="{williams.get_absolute_url()}"' in page
    assert page.count('<q class="quote"') == article.quotes.count()
    assert "<h2>Chongqing leads the digital future</h2>" in page
    assert "Photo: James Alexander" in page


def test_source_view_marks_removed_lines_with_reasons(seeded, client):
    article = Article.objects.get(source_file__startswith="001_")
    page = client.get(article.get_absolute_url() + "source/").content.decode()
    assert "cookie or privacy banner" in page and "site header" in page
    assert page.count('class="removed"') >= 10


def test_exports_carry_the_whole_search(seeded, client):
    rows = list(csv.DictReader(io.StringIO(body(client.get("/export.csv", {"country": "CN"})))))
    assert len(rows) == 5 and rows[0]["url"].startswith("http://testserver/articles/")
    data = json.loads(body(client.get("/export.json", {"q": "Belarus"})))
    assert data["count"] == 1 and data["articles"][0]["countries"] == ["BY", "CN", "KZ", "UZ"]
    feed = body(client.get("/feed.atom", {"q": "Chongqing"}))
    assert feed.startswith('<?xml') and feed.count("<entry>") == 5
    assert client.get("/export.csv", {"country": "ZZ"}).status_code == 400


def test_file_derived_script_is_escaped_everywhere(db, client, tmp_path, django_capture_on_commit_callbacks):
    evil = tmp_path / "evil.txt"
    evil.write_text('<script>alert(1)</script> Visit of Reporters\n\n'
                    'Ann Lee, a reporter from the <b>Bold</b> Daily, said, "<script>alert(2)</script> is fine here."\n')
    with django_capture_on_commit_callbacks(execute=True):
        run([evil])
    article = Article.objects.get()
    for url in ["/", "/?q=script", "/?q=%3Cscript%3E", article.get_absolute_url(), article.get_absolute_url() + "source/",
                "/quotes/", "/outlets/", "/people/"]:
        page = client.get(url).content.decode()
        assert "<script>alert" not in page, url
    assert "&lt;script&gt;alert(1)" in client.get(article.get_absolute_url()).content.decode()


def test_csv_export_defuses_spreadsheet_formulas(db, client, tmp_path, django_capture_on_commit_callbacks):
    evil = tmp_path / "formula.txt"
    evil.write_text("=HYPERLINK(\"http://example.invalid\") Reporters Visit\n\nReporters visited the harbour on Monday.\n")
    with django_capture_on_commit_callbacks(execute=True):
        run([evil])
    rows = list(csv.DictReader(io.StringIO(body(client.get("/export.csv")))))
    assert rows[0]["title"].startswith("'=HYPERLINK")


@pytest.mark.parametrize("opening, closing", [('"', '"'), ("“", "”"), ('"', "”"), ("“", '"'), ("«", "»")])
def test_a_quote_shows_one_pair_of_marks_and_its_speaker_outside_them(opening, closing):
    from types import SimpleNamespace

    from articles.web.body import mark_quotes

    text = f"The mayor spoke. {opening}We will build it,{closing} said Ann Lee on Monday."
    start = text.index("We")
    quote = SimpleNamespace(start=start, end=text.index(",") + 1)
    segments = mark_quotes(text, [quote])
    assert segments == [("The mayor spoke. ", None), ("We will build it,", quote), (" said Ann Lee on Monday.", None)]


def test_quotes_on_an_article_page_carry_no_marks_of_their_own(seeded, client):
    import re

    from articles.models import Quote

    article = Quote.objects.filter(speaker__isnull=False).first().article
    page = client.get(article.get_absolute_url()).content.decode()
    assert '<q class="quote"' in page
    assert not re.search(r'["“”«»]<q class="quote"|</q>["“”«»]|<q class="quote"[^>]*>["“”«»]', page)


def test_an_article_links_its_source_and_offers_citations(db, client):
    import json

    from .factories import make_article, make_outlet

    article = make_article("Harbour {Expansion} & 100% of $ costs_approved", source_url="https://harbour.example/a?b=1",
                           published=datetime.date(2024, 3, 6), publisher=make_outlet("Harbour Daily"))
    page = client.get(article.get_absolute_url()).content.decode()
    assert 'href="https://harbour.example/a?b=1"' in page and "Read it at its original address" in page
    assert "Harbour Daily. (2024, March 6). Harbour {Expansion} &amp; 100% of $ costs_approved." in page
    bib = client.get(f"/articles/{article.slug}/cite.bib")
    assert bib["Content-Type"].startswith("application/x-bibtex")
    text = bib.content.decode()
    assert r"title = {{Harbour \{Expansion\} \& 100\% of \$ costs\_approved}}" in text
    assert "year = 2024" in text and "journal = {Harbour Daily}" in text and "url = {https://harbour.example/a?b=1}" in text
    item = json.loads(client.get(f"/articles/{article.slug}/cite.json").content)[0]
    assert item["title"] == article.title and item["issued"] == {"date-parts": [[2024, 3, 6]]}
    assert item["container-title"] == "Harbour Daily" and item["archive_location"].endswith(article.get_absolute_url())
    assert client.get(f"/articles/{article.slug}/cite.exe").status_code == 404


@pytest.mark.parametrize("url, model", [("/outlets/", Outlet), ("/people/", Person), ("/delegations/", Delegation)])
def test_lists_are_filtered_by_name_sorted_and_paged(db, client, url, model):
    from .factories import make_article

    prefix = {Outlet: "Gazette", Person: "Ann", Delegation: "Tour"}[model]
    records = [model.objects.create(name=f"{prefix} Number {n:02d}", aliases=[f"Alias{n:02d}"]) for n in range(60)]
    busiest = records[37]
    for number in range(3):
        article = make_article(f"Story {number}", source_file=f"s{number}.txt")
        if model is Person:
            article.appearances.create(person=busiest)
        else:
            getattr(article, {Outlet: "outlets", Delegation: "delegations"}[model]).add(busiest)
    first = client.get(url)
    assert first.context["page"].paginator.count == 60 and len(first.context["page"]) == 50
    assert list(first.context["page"])[0] == busiest  # most articles first by default
    by_name = client.get(url, {"sort": "name", "page": "2"})
    assert [r.name for r in by_name.context["page"]] == [f"{prefix} Number {n:02d}" for n in range(50, 60)]
    found = client.get(url, {"name": "number 4"}).context["page"]
    assert sorted(r.name for r in found) == [f"{prefix} Number {n:02d}" for n in range(40, 50)]
    assert [r.name for r in client.get(url, {"name": "alias07"}).context["page"]] == [f"{prefix} Number 07"]
    assert client.get(url, {"sort": "sideways"}).status_code == 200


def test_detail_pages_cap_their_lists_and_link_to_the_whole_paged_list(db, client):
    from .factories import make_article, make_delegation, make_outlet, make_person

    person, outlet = make_person("Ann Lee"), make_outlet("Harbour Daily")
    article = make_article("A long day at the port")
    for number in range(45):
        article.quotes.create(speaker=person, outlet=outlet, text=f"Quote number {number} of the day.")
        make_delegation(f"Tour {number:02d}").people.add(person)
    page = client.get(person.get_absolute_url())
    assert len(page.context["profile"]["quotes"]) == 10 and len(page.context["delegations"].items) == 30
    content = page.content.decode()
    assert f'href="/quotes/?speaker={person.slug}">All 45 quotes' in content
    assert f'href="/delegations/?person={person.slug}">Show all delegations' in content
    quotes = client.get(f"/quotes/?speaker={person.slug}").context["page"]
    assert quotes.paginator.count == 45 and quotes.paginator.num_pages == 2
    delegations = client.get(f"/delegations/?person={person.slug}").context["page"]
    assert delegations.paginator.count == 45
    outlet_page = client.get(outlet.get_absolute_url())
    assert len(outlet_page.context["quotes"].items) == 30 and outlet_page.context["quotes"].more_url
    small = client.get(make_person("Bo Chen").get_absolute_url())
    assert small.context["profile"]["quotes"] == [] and "Show all" not in small.content.decode()


def test_exports_carry_body_quotes_source_and_date_kind(seeded, client):
    data = json.loads(b"".join(client.get("/export.json").streaming_content))
    quoted = next(a for a in data["articles"] if any(q["speaker"] for q in a["quotes"]))
    article = Article.objects.get(slug=quoted["slug"])
    assert quoted["body"] == article.body and quoted["date_source"] == article.date_source
    assert {"text", "speaker", "source_organisation"} == set(quoted["quotes"][0])
    assert "source_url" in quoted
    rows = list(csv.DictReader(io.StringIO(b"".join(client.get("/export.csv").streaming_content).decode())))
    assert {"date_source", "quote_count", "quotes_url", "source_url"} <= set(rows[0])
    row = next(r for r in rows if r["slug"] == quoted["slug"])
    assert int(row["quote_count"]) == len(quoted["quotes"]) and row["quotes_url"].endswith(f"?article={row['slug']}")


def test_the_atom_feed_pages_through_a_whole_search(db, client, django_capture_on_commit_callbacks):
    import re

    from .factories import make_article

    with django_capture_on_commit_callbacks(execute=True):
        for number in range(120):
            make_article(f"Harbour story {number}", source_file=f"h{number}.txt", published=datetime.date(2024, 1, 1))
    titles, url, pages = set(), "/feed.atom", 0
    while url and pages < 5:
        feed = client.get(url).content.decode()
        titles |= set(re.findall(r"<title>(Harbour story \d+)</title>", feed))
        following = re.search(r'<link href="http://testserver(/feed\.atom\?[^"]+)" rel="next"', feed)
        url, pages = following.group(1).replace("&amp;", "&") if following else None, pages + 1
    assert len(titles) == 120 and pages == 3


def test_the_search_page_lets_a_keyboard_skip_the_filters(seeded, client):
    page = client.get("/", {"q": "Chongqing"}).content.decode()
    skip, facets, results = page.index('href="#results"'), page.index('class="facets"'), page.index('id="results"')
    assert skip < facets < results


def test_related_coverage_says_why_and_shows_none_rather_than_noise(db, django_capture_on_commit_callbacks):
    from articles.web.searchpage import related_articles

    from .factories import appear, make_article, make_delegation, make_person

    storm = ("The harbour flood barrier failed overnight and seawater flooded the lighthouse district; engineers "
             "blamed corroded floodgates, pumping stations and the breakwater.")
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article("Harbour flood barrier fails", body=storm, source_file="a.txt")
        tour = make_delegation("Harbour Press Tour")
        tour.articles.add(article)
        same_tour = make_article("Reporters visit the harbour", body="Reporters toured the town.", source_file="b.txt")
        tour.articles.add(same_tour)
        ann, bo = make_person("Ann Lee"), make_person("Bo Chen")
        appear(article, ann), appear(article, bo)
        shared_people = make_article("Council meets", body="The council met on Friday.", source_file="c.txt")
        appear(shared_people, ann), appear(shared_people, bo)
        one_person = make_article("Ann Lee runs", body="Ann Lee ran the marathon.", source_file="d.txt")
        appear(one_person, ann)
        similar = make_article("Floodgates failed again", source_file="e.txt",
                               body="Corroded floodgates and a failed flood barrier let seawater into the lighthouse "
                                    "district; pumping stations and the breakwater were blamed by engineers.")
        for number in range(6):  # the rest of the archive shares a common word or two
            make_article(f"Market day {number}", body="The harbour market opened overnight with fish.",
                         source_file=f"m{number}.txt")
    reasons = {other.title: other.related_reason for other in related_articles(article)}
    assert reasons == {same_tour.title: "same delegation: Harbour Press Tour",
                       shared_people.title: "2 people in common", similar.title: "similar wording"}


def test_words_common_in_the_archive_do_not_make_coverage_related(db, django_capture_on_commit_callbacks,
                                                                   monkeypatch):
    """A word in more than RELATED_COMMON_SHARE of the archive (and more than RELATED_COMMON_FLOOR articles) is
    no distinctive term: two articles sharing only such words are not related."""
    from articles.search import backend
    from articles.web.searchpage import related_articles

    from .factories import make_article

    wording = ("Corroded floodgates and a failed flood barrier let seawater into the lighthouse district; pumping "
               "stations and the breakwater were blamed by engineers.")
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article("Harbour flood barrier fails", body=wording, source_file="a.txt")
        make_article("Floodgates failed again", body=wording, source_file="b.txt")
        for number in range(6):
            make_article(f"Market day {number}", body="The harbour market opened with fish.",
                         source_file=f"m{number}.txt")
    monkeypatch.setattr(backend, "RELATED_COMMON_FLOOR", 1)  # every shared word is in two of eight articles
    assert related_articles(article) == []


def test_people_in_common_count_those_quoted_too(db, django_capture_on_commit_callbacks):
    from articles.web.searchpage import related_articles

    from .factories import appear, make_article, make_person, quote

    with django_capture_on_commit_callbacks(execute=True):
        article = make_article("Mayor meets reporters", body="The mayor spoke.", source_file="a.txt")
        ann, bo = make_person("Ann Lee"), make_person("Bo Chen")
        appear(article, ann)
        quote(article, bo, "We will rebuild the harbour.")  # quoted, not listed as appearing
        other = make_article("Council meets", body="The council met on Friday.", source_file="b.txt")
        appear(other, ann), appear(other, bo)
    assert {a.title: a.related_reason for a in related_articles(article)} == {"Council meets": "2 people in common"}


def test_date_range_on_the_page_api_exports_and_feed(seeded, client):
    dated = list(Article.objects.exclude(published=None).order_by("published"))
    first, last = dated[0], dated[-1]
    window = {"from": first.published.isoformat(), "to": first.published.isoformat()}
    page = client.get("/", window).content.decode()
    assert "<strong>1</strong> article" in page and first.title in page
    assert f'value="{first.published.isoformat()}"' in page  # the form keeps the range
    assert "Remove filter" in page and "dated only" not in page
    api = client.get("/api/search", window).json()
    assert api["count"] == 1 and api["results"][0]["slug"] == first.slug
    assert api["dates"] == {**window, "undated": "exclude"}
    with_undated = client.get("/api/search", {**window, "undated": "include"}).json()
    assert with_undated["count"] == 1 + Article.objects.filter(published=None).count()
    rows = list(csv.DictReader(io.StringIO(body(client.get("/export.csv", {"from": last.published.isoformat()})))))
    assert {row["title"] for row in rows} == {a.title for a in dated if a.published >= last.published}
    exported = json.loads(body(client.get("/export.json", window)))
    assert [item["slug"] for item in exported["articles"]] == [first.slug]
    feed = body(client.get("/feed.atom", window))
    assert feed.count("<entry>") == 1 and first.title in feed


def test_month_chart_bars_are_links_that_narrow_the_range(seeded, client):
    import re

    page = client.get("/", {"q": "Chongqing", "country": "CN"}).content.decode()
    bars = re.findall(r'<a href="([^"]+)" aria-label="([^"]+)">', page)
    assert bars, "the chart has linked bars"
    linked = [(href, label) for href, label in bars if not label.endswith(": 0 articles")]
    href, label = linked[0]
    href = href.replace("&amp;", "&")
    assert "q=Chongqing" in href and "country=CN" in href and "from=" in href and "to=" in href
    narrowed = client.get("/" + href).content.decode()
    count = int(label.rsplit(": ", 1)[1].split()[0])
    assert f"<strong>{count}</strong> article" in narrowed
    assert 'class="bar outside"' in narrowed or len(bars) == 1  # other months dimmed, still shown


def test_a_backwards_or_malformed_date_range_is_explained_not_failed(seeded, client):
    page = client.get("/", {"from": "2025-01-01", "to": "2024-01-01"}).content.decode()
    assert "Ignored to: The end of the date range is before its start." in page
    assert client.get("/", {"from": "2025-13-45"}).status_code == 200
    response = client.get("/api/search", {"from": "yesterday"})
    assert response.status_code == 400 and "from" in response.json()["fields"]


def test_kept_day_formats_are_djangos_in_each_language():
    from django.template.defaultfilters import date as django_date
    from django.utils import timezone, translation

    from articles.templatetags.dates import day

    when = datetime.date(2024, 3, 9)
    for language in ("en", "fr", "en"):
        with translation.override(language):
            for fmt in ("j F Y", "Y-m-d", "M Y", None):
                assert day(when, fmt) == django_date(when, fmt)
    with translation.override("fr"):
        assert "mars" in day(when, "j F Y")
    moment = timezone.now()
    assert day(moment, "j F Y, H:i e") == django_date(moment, "j F Y, H:i e") and day(None, "Y") == ""


def test_the_date_form_shows_the_range_in_force(seeded, client):
    page = client.get("/", {"q": "Chongqing", "from": "2020-01-05", "undated": "only"}).content.decode()
    assert '<input type="date" name="from" value="2020-01-05" id="id_from">' in page
    assert '<input type="date" name="to" id="id_to">' in page
    assert '<option value="only" selected>Only undated articles</option>' in page
    assert '<option value="">Left out with a range</option>' in page and page.count(" selected>") == 1


def test_kept_checks_of_search_parameters_follow_new_names(seeded, client, django_capture_on_commit_callbacks):
    from .factories import make_outlet

    assert client.get("/api/search", {"outlet": "harbour-gazette"}).status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        make_outlet("Harbour Gazette", slug="harbour-gazette")
    assert client.get("/api/search", {"outlet": "harbour-gazette"}).status_code == 200


def test_a_huge_article_is_read_in_bounded_parts(db, client):
    from articles.web.body import PART_CHARS, body_parts
    from articles.models import Appearance, Caption, Quote

    from .factories import make_article, make_person

    paragraphs = [f"Paragraph {n}: " + "the harbour commission met again and said " * 40 + f'"Quote number {n}."'
                  for n in range(3000)]
    giant = "Z" * (PART_CHARS * 2 + 500)  # one block longer than two parts, cut at the part size
    body = "\n\n".join(paragraphs[:1500] + [giant] + paragraphs[1500:])
    article = make_article("A very long hearing", body=body, source_file="long.txt")
    blocks = article.paragraphs()
    Quote.objects.bulk_create(Quote(article=article, text=f"Quote number {n}.", paragraph=n + (n >= 1500),
                                    start=len(blocks[n + (n >= 1500)][1]) - len(f"Quote number {n}.") - 1,
                                    end=len(blocks[n + (n >= 1500)][1]) - 1) for n in range(3000))
    people = [make_person(f"Speaker {n}") for n in range(200)]
    Appearance.objects.bulk_create(Appearance(article=article, person=p) for p in people)
    Caption.objects.bulk_create(Caption(article=article, text=f"Photo {n}", position=n * 10) for n in range(300))
    parts = body_parts(blocks)
    assert len(parts) > 10 and all(sum(p.end - p.start for p in part) <= PART_CHARS for part in parts)
    assert "".join(p.text for part in parts for p in part if p.index == 1500) == giant  # nothing lost when cut
    sizes = []
    for number in (1, len(parts) // 2, len(parts)):
        response = client.get(article.get_absolute_url(), {"part": number})
        page = response.content.decode()
        sizes.append(len(response.content))
        assert f"part {number} of {len(parts)}" in page
    assert max(sizes) < 200_000, sizes
    first = client.get(article.get_absolute_url()).content.decode()
    assert first.count('<q class="quote"') >= 20 and "Quote number 0." in first and "Quote number 2999." not in first
    assert 'href="?part=2"' in first and f"/people/?article={article.slug}" in first
    last = client.get(article.get_absolute_url(), {"part": len(parts)}).content.decode()
    assert "Quote number 2999." in last and 'rel="prev"' in last
    assert client.get(article.get_absolute_url(), {"part": "x"}).status_code == 200
    everyone = client.get("/people/", {"article": article.slug}).content.decode()
    assert "Speaker 199" in everyone or 'rel="next"' in everyone


def test_an_inferred_date_says_so_wherever_it_is_shown(db, client, django_capture_on_commit_callbacks):
    from .factories import make_article, make_outlet

    outlet = make_outlet("Harbour Gazette", "PL")
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article("Harbour report", body="The harbour reopened.", source_file="h.txt", publisher=outlet,
                               published=datetime.date(2020, 5, 1), date_source=Article.DateSource.INFERRED)
    for url in ("/?q=harbour", outlet.get_absolute_url(), article.get_absolute_url()):
        assert ">inferred<" in client.get(url).content.decode(), url
    assert client.get("/api/search", {"q": "harbour"}).json()["results"][0]["date_source"] == "inferred"


def test_citations_name_the_bylines_and_show_the_address_decoded(db, client):
    import json

    from .factories import appear, make_article, make_outlet, make_person

    article = make_article("Ferry deal signed", published=datetime.date(2024, 3, 6),
                           source_url="https://harbour.example/news/%C3%BCber-f%C3%A4hre?id=2",
                           publisher=make_outlet("Harbour Daily"))
    for name in ("Jane Doe", "John Roe"):
        appear(article, make_person(name), "author")
    appear(article, make_person("Tom Brown"), "operations director")
    page = client.get(article.get_absolute_url()).content.decode()
    assert ("Doe, J., &amp; Roe, J. (2024, March 6). Ferry deal signed. Harbour Daily. "
            "https://harbour.example/news/über-fähre?id=2") in page
    assert ("Doe, Jane, and John Roe. &quot;Ferry deal signed.&quot; Harbour Daily, March 6, 2024. "
            "https://harbour.example/news/über-fähre?id=2.") in page
    assert ("Doe, Jane, and John Roe. &quot;Ferry deal signed.&quot; Harbour Daily, 6 Mar. 2024, "
            "harbour.example/news/über-fähre?id=2. Archived at http://testserver/articles/") in page
    assert "Brown" not in page.split("<h2>Cite</h2>")[1].split("</section>")[0]
    bib = client.get(f"/articles/{article.slug}/cite.bib").content.decode()
    assert "author = {Doe, Jane and Roe, John}" in bib
    item = json.loads(client.get(f"/articles/{article.slug}/cite.json").content)[0]
    assert item["author"] == [{"family": "Doe", "given": "Jane"}, {"family": "Roe", "given": "John"}]
