import datetime
import time

import pytest

from articles.ingest.cleaning import SiteText, clean_text
from articles.ingest.document import CAPTION, HEADING, PARAGRAPH

from .conftest import SEEDS

PAGE = """SiteName Title

Delegates Tour the Harbour and Meet Local Editors

Portville - On May 3, reporters from five countries visited the harbour of Portville and met editors of local papers.

The visit ended with a round table on cooperation between newsrooms.

Reporters at the harbour on Monday. (Photo/Jane Doe)

Sharing stories

"We learned a lot about the port," said Anna Berg, a reporter from the Northern Herald.

Ports of the Future, Today

Report illegal information by calling +00-000-0000

备案号 12345

I Agree
Our Privacy Statement & Cookie Policy

By continuing to browse our site you agree to our use of cookies and our Privacy Policy.

For any inquiries, please email desk@example.org

About UsContact Us
"""


def test_site_chrome_is_removed_and_article_kept():
    doc = clean_text(PAGE)
    assert doc.title == "Delegates Tour the Harbour and Meet Local Editors"
    assert doc.publisher == "SiteName"
    assert doc.dateline == "Portville"
    paragraphs = [b.text for b in doc.blocks if b.kind == PARAGRAPH]
    assert paragraphs[0].startswith("On May 3, reporters from five countries")
    assert paragraphs[-1].startswith('"We learned a lot about the port,"')
    body = doc.body_text()
    for boilerplate in ("illegal", "备案号", "Agree", "cookies", "desk@example.org", "UsContact", "Ports of the Future"):
        assert boilerplate not in body


def test_removed_lines_carry_their_reason():
    reasons = {r.text: r.reason for r in clean_text(PAGE).removed}
    assert reasons == {
        "SiteName Title": "site header (a short line above the headline)",
        "Portville -": "dateline",
        "Reporters at the harbour on Monday. (Photo/Jane Doe)": "photo caption (kept as a caption)",
        "Ports of the Future, Today": "footer (a short line at the end, no sentence)",
        "Report illegal information by calling +00-000-0000":
            "illegal-information report line (a short line at the end, no sentence)",
        "备案号 12345": "licence or registration number (a short legal line)",
        "I Agree": "cookie or privacy banner (a short label)",
        "Our Privacy Statement & Cookie Policy": "cookie or privacy banner (a short label)",
        "By continuing to browse our site you agree to our use of cookies and our Privacy Policy.":
            "cookie or privacy banner (a sentence between footer lines)",
        "For any inquiries, please email desk@example.org": "contact line (a short label)",
        "About UsContact Us": "navigation or sharing links (menu items run together, at the end)",
    }


def test_captions_and_subheadings():
    doc = clean_text(PAGE)
    captions = [b for b in doc.blocks if b.kind == CAPTION]
    assert [(c.text, c.credit) for c in captions] == [("Reporters at the harbour on Monday.", "Jane Doe")]
    assert [b.text for b in doc.blocks if b.kind == HEADING] == ["Sharing stories"]
    assert doc.captions()[0][0] == 2  # before the third body block


def test_meta_lines_and_wire_dateline_become_fields():
    doc = clean_text(
        " date 2025-04-22 RIVERTON, Examplia, April 22, 2025 /ABCNewswire/ — A news report from PortalOne – "
        "On April 21, a briefing on river trade took place in Riverton for visiting editors.\n\n"
        "Over 100 guests attended the event, which lasted all afternoon.\n"
    )
    assert doc.published == datetime.date(2025, 4, 22)
    assert doc.date_source == "stated"
    assert doc.distributor == "ABC Newswire"
    assert doc.publisher == "PortalOne"
    assert doc.dateline == "Riverton, Examplia"
    assert doc.body_blocks()[0].text.startswith("On April 21, a briefing")
    assert doc.title_derived and doc.title.startswith("A briefing on river trade")
    assert doc.review_reasons


def test_chinese_meta_line():
    doc = clean_text("Editors Meet\n\n日期:2024年03月06日 来源:某某国际传播中心\n\nCity- Editors met on Tuesday to discuss the news.\n")
    assert doc.published == datetime.date(2024, 3, 6)
    assert doc.publisher == "某某国际传播中心"
    assert doc.dateline == "City"
    assert doc.body_text() == "Editors met on Tuesday to discuss the news."


def test_whitespace_normalised_without_merging_paragraphs():
    doc = clean_text("A Title Here\n\nFirst\u00a0paragraph  ends here.   \nSecond paragraph\u200b ends too.\n")
    assert [b.text for b in doc.body_blocks()] == ["First paragraph ends here.", "Second paragraph ends too."]


def site_text_of(texts, site=""):
    counted = SiteText()
    for text in texts:
        counted.add(text, site)
    return counted


def test_lines_repeated_across_many_pages_of_a_site_are_boilerplate():
    texts = [f"Title Number {n} Here\n\nBody {n} is a sentence.\n\nSlogan of the Site\n" for n in range(4)]
    site_text = site_text_of(texts)
    assert "Slogan of the Site" in site_text.lines_of(texts[0])
    doc = clean_text(texts[0], repeated_lines=site_text.lines_of(texts[0]))
    assert doc.body_text() == "Body 0 is a sentence."
    assert [r.reason for r in doc.removed] == ["repeated site text (on many pages of the site)"]


def test_a_line_two_or_three_articles_share_is_content():
    shared = "The ministry said the new rules take effect in March"
    texts = [f"{shared}\n\nBody {n} is a sentence of its own.\n\nTeam list: Smith, Jones, Brown\n" for n in range(3)]
    site_text = site_text_of(texts)
    for text in texts:
        doc = clean_text(text, repeated_lines=site_text.lines_of(text))
        assert doc.title == shared
        assert doc.body_text().endswith("Team list: Smith, Jones, Brown")


def test_site_text_is_counted_per_site_and_identical_files_count_once():
    texts = [f"Headline Number {n} For Us\n\nBody {n} is a sentence.\n\nWeekly Digest\n" for n in range(4)]
    split = SiteText()
    for n, text in enumerate(texts):
        split.add(text, site=f"site{n % 2}")
    assert split.lines_of(texts[0], "site0") == set()
    copies = SiteText()
    for _ in range(5):
        copies.add(texts[0], "one", content_hash="same")
    assert copies.lines_of(texts[0], "one") == set()


def test_site_text_forgets_single_lines_but_keeps_recurring_ones():
    counted = SiteText(prune_every=10)
    for n in range(40):
        counted.add(f"Unique Headline {n} Here Today\n\nA paragraph {n}.\n\nSite Footer Line\n", "site")
    assert len(counted.counts) < 25
    assert counted.lines_of("Site Footer Line", "site") == {"Site Footer Line"}


def test_a_story_syndicated_on_two_sites_keeps_its_paragraphs_in_both():
    story = ("Reporters Tour the Harbour City\n\nThe visiting reporters met the mayor on Monday.\n\n"
             "\"It was a long trip,\" one of them said after the meeting.\n\n"
             "The tour ends in the capital on Friday, the organisers said.\n")
    texts = [f"Harbour Daily\n{story}\nContact us | About\n", f"World Portal\n{story}\nAll rights reserved\n",
             "World Portal\nAnother Story Entirely Here\n\nIts only paragraph.\n\nAll rights reserved\n"]
    site_text = site_text_of(texts)
    for text in texts[:2]:
        doc = clean_text(text, repeated_lines=site_text.lines_of(text))
        assert doc.title == "Reporters Tour the Harbour City"
        assert doc.body_text().startswith("The visiting reporters met the mayor")
        assert doc.body_text().endswith("the organisers said.")


@pytest.mark.parametrize("seed, title, first, last", [
    ("000", "Belt and Road Journalists Explore Chongqing’s Transformation and Seek Deeper Media Cooperation",
     "As part of the Belt and Road", "The Discover Chongqing Tour served"),
    ("001", "Media Delegation from Latin America, Eurasia Visits Chongqing",
     "From September 3rd to 6th", "This foreign media delegation’s visit"),
    ("002", "Overseas Chinese Explore Ties and Cooperation, Drawn by Chongqing’s Hot Pot and 8D Skyline",
     "On July 17, over 200 guests", "Since its launch in 2008"),
    ("004", "Chongqing NPC Delegation Present Ambitions in Renewed Open Format",
     "The deputies to the second session", "Williams learned much information"),
])
def test_seed_articles_start_and_end_at_their_real_paragraphs(seed, title, first, last):
    path = next(SEEDS.glob(f"{seed}_*.txt"))
    doc = clean_text(path.read_text())
    paragraphs = [b.text for b in doc.blocks if b.kind == PARAGRAPH]
    assert doc.title == title
    assert paragraphs[0].startswith(first)
    assert paragraphs[-1].startswith(last)


def test_huge_single_line_is_linear():
    line = ("word " * 200_000) + '"' * 1000 + ("(Photo/" * 1000)
    started = time.perf_counter()
    doc = clean_text(line)
    assert time.perf_counter() - started < 10
    assert doc.blocks


# A story written the way BBC News wrote them in 2004-05: the headline, then one paragraph a line.
COPYRIGHT_STORY = """Band cleared in song copying case

A rock band accused of copying a 1970s folk song has won its case at the High Court in London.

The songwriter's family had claimed the chorus of the band's 2003 hit was taken from his recording.

Lawyers for the band told the court the melody was common to dozens of traditional tunes.

The judges said the band had not infringed copyright, and ordered the family to pay the costs of the case.
"""


def test_a_last_paragraph_about_copyright_is_the_article():
    doc = clean_text(COPYRIGHT_STORY)
    assert doc.title == "Band cleared in song copying case"
    assert doc.body_text().endswith("ordered the family to pay the costs of the case.")
    assert len(doc.body_blocks()) == 4
    assert doc.removed == []


@pytest.mark.parametrize("last", [
    "The company said its privacy policy had been rewritten to follow the new law.",
    "He denied copyright infringement.",
    "Regulators said sites that use cookies without asking must change their terms and conditions by March.",
    "Readers can write to the programme at letters@example.org.",
    "The car's registration number was traced to a hire firm.",
    "Please call the helpline if you are worried, police said.",
])
def test_a_last_sentence_is_never_footer_for_its_words(last):
    doc = clean_text(f"Regulators tighten rules for websites\n\nThe new rules were announced on Monday.\n\n{last}\n")
    assert doc.body_text().endswith(last)
    assert doc.removed == []


def test_stories_about_cookies_and_a_privacy_law_keep_every_paragraph():
    cookies = ("Cookie maker to close Leeds factory\n\nA biscuit and cookie maker is to close its Leeds factory "
               "with the loss of 300 jobs.\n\nCookies\n\nThe firm said demand for its chocolate cookies had "
               "fallen by a fifth in two years.\n\nThe last cookies will leave the factory in June.\n")
    doc = clean_text(cookies)
    assert doc.title == "Cookie maker to close Leeds factory"
    assert [b.text for b in doc.body_blocks()][-1] == "The last cookies will leave the factory in June."
    assert doc.removed == []
    privacy = ("Privacy law passed after long debate\n\nMPs have passed a law giving people the right to see the "
               "data companies hold about them.\n\nWhy privacy rules matter\n\nEvery website will have to publish "
               "a privacy notice in plain English, the minister said.\n")
    doc = clean_text(privacy)
    assert doc.title == "Privacy law passed after long debate"
    assert [(b.kind, b.text[:20]) for b in doc.body_blocks()] == [
        (PARAGRAPH, "MPs have passed a la"), (HEADING, "Why privacy rules ma"), (PARAGRAPH, "Every website will h")]


@pytest.mark.parametrize("title", [
    "McDonald's to sponsor MTV show", "WorldCom boss 'left books in order'", "AstraZeneca hit by drug rejection",
    "Facebook to change privacy settings", "YouTube founders sell site to Google",
])
def test_headlines_are_never_dropped_for_their_capitals_or_their_words(title):
    doc = clean_text(f"{title}\n\nThe deal was announced on Tuesday, the company said.\n\nIt takes effect next year.\n")
    assert doc.title == title
    assert not doc.title_derived
    assert doc.removed == []


@pytest.mark.parametrize("footer, reason", [
    ("© 2024 Example News. All rights reserved.", "copyright line (a short legal line)"),
    ("We use cookies to improve your experience. Accept",
     "cookie or privacy banner (a short line at the end, no sentence)"),
    ("Privacy policy | Terms of use", "cookie or privacy banner (a list of links)"),
])
def test_site_notices_at_the_end_go_with_their_evidence(footer, reason):
    doc = clean_text(f"{COPYRIGHT_STORY}\n{footer}\n")
    assert doc.body_text().endswith("ordered the family to pay the costs of the case.")
    assert [(r.text, r.reason) for r in doc.removed] == [(footer, reason)]


def test_a_cookie_banner_above_the_headline_is_neither_title_nor_publisher():
    doc = clean_text(f"We use cookies to improve your experience. Accept\n\n{COPYRIGHT_STORY}")
    assert doc.title == "Band cleared in song copying case"
    assert doc.publisher == ""
    assert [r.reason for r in doc.removed] == ["cookie or privacy banner (a short line above the headline)"]


def test_a_banner_between_paragraphs_goes_but_a_heading_stays():
    text = COPYRIGHT_STORY.replace("Lawyers for the band", "We use cookies to improve your experience. Accept\n\n"
                                   "What the new privacy policy means\n\nLawyers for the band")
    doc = clean_text(text)
    reason = "cookie or privacy banner (a short line between paragraphs, no sentence)"
    assert [r.reason for r in doc.removed] == [reason]
    assert [b.text for b in doc.body_blocks() if b.kind == HEADING] == ["What the new privacy policy means"]


@pytest.mark.parametrize("address", [
    "https://www.newswire.example/archives/2022/07/22/port-expansion-approved",
    "https://www.example-news.com/gallery/harbour-at-night",
    "https://www.bbc.co.uk/tv/programmes/harbour-week",
    "http://198.51.100.7/news/story?id=42",
])
def test_a_leading_address_is_the_page_address_whatever_its_path_says(address):
    doc = clean_text(f"{address}\n\n{COPYRIGHT_STORY}")
    assert doc.source_url == address
    assert doc.title == "Band cleared in song copying case"
    assert [r.reason for r in doc.removed] == ["page address (kept as the source URL)"]


@pytest.mark.parametrize("line", ["ftp://files.example.org/story.txt", "https://localhost/story", "Source: the report"])
def test_a_line_without_a_web_address_is_not_the_page_address(line):
    assert clean_text(f"{line}\n\n{COPYRIGHT_STORY}").source_url == ""
