"""Scoring visit extraction against hand-labelled articles (corpus/delegations/devset.json, heldout.json).

Article level: does the article report a visit (precision, recall); for the articles found, is the host
country right (any visit's host country among the labelled ones), are the visitor countries right (the set
of them equal to the labelled set), is the start date right; and for each sieve, how precise it is alone.
Cross-article: of the pairs of articles the extraction puts into one visit, how many the labels do too.
"""
from collections import Counter, defaultdict
import csv
import datetime
from dataclasses import dataclass, field
import gzip
import json
from pathlib import Path

from django.conf import settings

from .cleaning import clean_text
from .extraction import extract
from .visitlinks import same_visit


@dataclass
class Labelled:
    key: str
    text: str
    visits: list


@dataclass
class VisitScore:
    articles: int = 0
    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0
    host_right: int = 0
    host_judged: int = 0
    visitors_right: int = 0
    visitors_judged: int = 0
    dates_right: int = 0
    dates_judged: int = 0
    pairs_linked: int = 0
    pairs_linked_right: int = 0
    pairs_labelled: int = 0
    by_sieve: Counter = field(default_factory=Counter)
    by_sieve_right: Counter = field(default_factory=Counter)
    misses: list = field(default_factory=list)
    false_alarms: list = field(default_factory=list)

    @staticmethod
    def _ratio(part, whole):
        return part / whole if whole else 0.0

    def figures(self):
        tp = self.true_positive
        return {
            "articles": self.articles, "precision": self._ratio(tp, tp + self.false_positive),
            "recall": self._ratio(tp, tp + self.false_negative),
            "host_country": self._ratio(self.host_right, self.host_judged),
            "visitor_countries": self._ratio(self.visitors_right, self.visitors_judged),
            "dates": self._ratio(self.dates_right, self.dates_judged),
            "merge_precision": self._ratio(self.pairs_linked_right, self.pairs_linked),
            "merge_recall": self._ratio(self.pairs_linked_right, self.pairs_labelled),
        }


def _wikinews_rows(corpus):
    rows = {}
    for path in sorted((corpus / "wikinews").glob("*.csv.gz")):
        with gzip.open(path, "rt", newline="", encoding="utf-8") as handle:
            rows[path.name] = list(csv.DictReader(handle))
    return rows


def labelled_articles(path):
    """The labelled articles of one file, each with the text the ingest would read."""
    corpus = Path(path).parent.parent
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    rows = None
    found = []
    for article in data["articles"]:
        if article["source"] == "wikinews":
            rows = rows if rows is not None else _wikinews_rows(corpus)
            row = rows[article["file"]][article["row"]]
            text, key = f"{row['title']}\n\n{row['text']}", f"{article['file']}#{article['row']}"
        elif article["source"] == "seed":
            text, key = (settings.BASE_DIR / "seeds" / article["file"]).read_text(encoding="utf-8"), article["file"]
        else:  # written for the set: dated as a saved page's metadata would date it
            day = datetime.date.fromisoformat(article["date"])
            text, key = f"{article['title']}\n\n{day:%B} {day.day}, {day.year}\n\n{article['text']}", article["id"]
        found.append(Labelled(key, text, article["visits"]))
    return found


def score_visits(path):
    score, found = VisitScore(), []
    for article in labelled_articles(path):
        document = clean_text(article.text)
        facts = extract(document).delegations if document else []
        found.append((article, facts))
        _judge(score, article, facts)
    _judge_links(score, found)
    return score


def _judge(score, article, facts):
    score.articles += 1
    labelled = bool(article.visits)
    if facts:
        sieve = facts[0].sieve or "named"
        score.by_sieve[sieve] += 1
        score.by_sieve_right[sieve] += labelled
    if labelled and facts:
        score.true_positive += 1
    elif facts:
        score.false_positive += 1
        score.false_alarms.append((article.key, facts[0].name, facts[0].evidence[:1]))
    elif labelled:
        score.false_negative += 1
        score.misses.append((article.key, article.visits[0].get("evidence", [""])[:1]))
    if not (labelled and facts):
        return
    hosts = {(v.get("host_place") or {}).get("country") for v in article.visits} - {None}
    if hosts:
        score.host_judged += 1
        score.host_right += any(f.host_country in hosts for f in facts)
    visitors = {code for v in article.visits for code in v.get("visitor_countries") or []}
    if visitors:
        score.visitors_judged += 1
        score.visitors_right += {code for f in facts for code in f.countries} == visitors
    starts = {v["start"] for v in article.visits if v.get("start")}
    if starts:
        score.dates_judged += 1
        score.dates_right += any(f.start and f.start.isoformat() in starts for f in facts)


def _judge_links(score, found):
    """Pairs of articles: labelled as one visit (a shared visit_key) against linked by ``same_visit``."""
    keys = defaultdict(set)
    for article, _facts in found:
        for visit in article.visits:
            keys[article.key].add(visit.get("visit_key"))
    for left in range(len(found)):
        for right in range(left + 1, len(found)):
            a, b = found[left][0], found[right][0]
            labelled = bool(keys[a.key] & keys[b.key] - {None})
            score.pairs_labelled += labelled
            linked = any(same_visit(x, y) for x in found[left][1] for y in found[right][1])
            if linked:
                score.pairs_linked += 1
                score.pairs_linked_right += labelled
