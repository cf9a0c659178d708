"""Dates as pages give them: in their address, and which date an article takes as its publication date."""
import datetime

import pytest

from articles.ingest.cleaning import clean_text
from articles.ingest.dates import date_in_address
from articles.ingest.extraction import extract
from articles.models import Article

TODAY = datetime.date(2025, 1, 31)


@pytest.mark.parametrize("url, expected", [
    ("https://www.example-news.com/2022/07/22/port-expansion-approved/", datetime.date(2022, 7, 22)),
    ("https://www.example-news.com/world/2022/7/2/port", datetime.date(2022, 7, 2)),
    ("https://news.example.org/politics/2022-08-02/budget-vote", datetime.date(2022, 8, 2)),
    ("https://news.example.org/budget-vote-2022_08_02.html", datetime.date(2022, 8, 2)),
    ("https://wire.example.com/releases/20220802/budget-vote", datetime.date(2022, 8, 2)),
    ("https://wire.example.com/releases/20220802.htm", datetime.date(2022, 8, 2)),
])
def test_a_date_in_the_address_path(url, expected):
    assert date_in_address(url, today=TODAY) == expected


@pytest.mark.parametrize("url", [
    "https://wire.example.com/releases/202208021234/budget-vote",  # a longer number: an id
    "https://wire.example.com/releases/story-20220802-budget",  # eight digits inside a name: maybe an id
    "https://wire.example.com/releases/20221399/",  # no such day
    "https://www.example-news.com/2022/07/port-expansion",  # a month, not a day
    "https://www.example-news.com/2026/01/05/conference-preview",  # after today
    "https://www.example-news.com/story?date=2022-08-02",  # a query, not the page's path
    "", None,
])
def test_no_date_in_the_address(url):
    assert date_in_address(url, today=TODAY) is None


STORY = "{address}\n\nBudget passes after long debate\n\n{lead}\n\nThe vote ended a week of argument in parliament.\n"


def published(address, lead):
    extraction = extract(clean_text(STORY.format(address=address, lead=lead)))
    return extraction.published, extraction.date_source


def test_the_address_dates_an_article_whose_text_has_no_date():
    assert published("https://news.example.org/politics/2022/08/02/budget-vote",
                     "MPs approved the budget by 312 votes to 290.") == (datetime.date(2022, 8, 2), "address")
    assert Article.DateSource("address").label == "from the address"


def test_a_stated_or_inferred_date_comes_before_the_address():
    address = "https://news.example.org/politics/2022/08/02/budget-vote"
    assert published(f"{address}\nPublished: 2022-08-03", "MPs approved the budget by 312 votes to 290.") == (
        datetime.date(2022, 8, 3), "stated")
    assert published(address, "On August 1, 2022, MPs approved the budget by 312 votes to 290.") == (
        datetime.date(2022, 8, 1), "inferred")


def test_without_a_date_in_text_or_address_the_date_is_unknown():
    assert published("https://news.example.org/politics/budget-vote", "MPs approved the budget.") == (None, "unknown")


@pytest.mark.parametrize("lead, published", [
    ("Shares rose to their highest level since 13 July, traders in London said on Tuesday.", None),
    ("The exhibition, open until 2 May 2021, drew record crowds, its curators said.", None),
    ("The company, founded on 3 March 1982 in Paris, closed its last shop, its owners said.", None),
    ("On 3 March 2021, police in Lagos said they had arrested three men.", datetime.date(2021, 3, 3)),
])
def test_a_date_the_lead_measures_from_or_to_is_not_the_articles(lead, published):
    extraction = extract(clean_text(f"A headline for the test\n\n{lead}\n\nMore text follows here about it."))
    assert extraction.published == published


def test_a_day_range_written_before_its_month():
    from articles.ingest.dates import find_dates

    found = find_dates("a visit to Belarus on 3-5 July, and talks from 14 to 19 October 2024", default_year=2024)
    assert [(str(d.date), str(d.end_date)) for d in found] == [("2024-07-03", "2024-07-05"),
                                                              ("2024-10-14", "2024-10-19")]
