"""Readers of the archive: searches, facet clicks and page views (20 of them in the load test).

Readers are locust's FastHttpUser (geventhttpclient): the load test shares a two-core machine with the
server, and locust's default HttpUser (requests) spent 2.7 ms of CPU a request, a tenth of the machine at
68 requests/s, capacity the server did not have. Each waits LOADTEST_WAIT seconds between requests (a
range, "0.02,0.1" by default): a capacity test, so the readers are quick. At 0.2-1.0 s, 20 readers could not
send more than ~31 requests a second whatever the server did.

LOADTEST_MIX chooses the traffic: "longtail" (the default) asks what rarely repeats, as a public archive's
readers do — two words drawn from the vocabulary of the corpus the archive is made of (thousands of words of
middling frequency), one to three countries of thirty, any year, pages one to five, any article — so the kept
pages answer few of them and most of the work is done; "repeating" asks from a small list (15 words, 10
countries), which the kept pages answer mostly. Every search page's ``X-Page-Cache`` header is counted, and
the counts are written to LOADTEST_CACHE (JSON) when locust quits. A search refused as too broad (400 within
its time budget, the server guarding itself) is answered, under a name of its own.
"""
import csv
from collections import Counter
import gzip
import json
import os
from pathlib import Path
import random
import re
from urllib.parse import urlencode

from locust import FastHttpUser, between, events, task

MIX = os.environ.get("LOADTEST_MIX", "longtail")
REPEATING_WORDS = ["president", "election", "police", "government", "minister", "storm", "court", "football",
                   "vaccine", "market", "school", "fire", "climate", "parliament", "protest"]
REPEATING_COUNTRIES = ["FR", "DE", "US", "GB", "PL", "JP", "BR", "IN", "CN", "ZA"]
MANY_COUNTRIES = REPEATING_COUNTRIES + ["RU", "UA", "IT", "ES", "CA", "AU", "MX", "AR", "TR", "IR", "IQ", "SY",
                                        "IL", "EG", "NG", "KE", "KR", "ID", "PK", "SE"]
CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "wikinews"


def vocabulary():
    """Words of middling frequency in the corpus the synthetic archive is made of: in at least three of its
    articles, and in no more than a tenth of them (so each query matches something, and few match much)."""
    counts, articles = Counter(), 0
    for path in sorted(CORPUS.glob("*.csv.gz")):
        with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                articles += 1
                counts.update(set(re.findall(r"[a-z]{4,14}", row["text"].lower())))
    return sorted(word for word, n in counts.items() if 3 <= n <= articles // 10)


WORDS = vocabulary() if MIX == "longtail" else REPEATING_WORDS
COUNTRIES = MANY_COUNTRIES if MIX == "longtail" else REPEATING_COUNTRIES
PAGES = 5 if MIX == "longtail" else 1
WAIT = [float(seconds) for seconds in os.environ.get("LOADTEST_WAIT", "0.02,0.1").split(",")]
_cache = Counter()
TOO_BROAD = " refused (too broad)"


class Reader(FastHttpUser):
    wait_time = between(*WAIT)

    def get(self, path, params, name, paged=True):
        """A page of results, one of the first PAGES (the API refuses a page past the last, as it should: it
        is asked for the first only)."""
        if paged and PAGES > 1 and random.random() < 0.3:
            params = {**params, "page": random.randint(2, PAGES)}
        with self.client.get(f"{path}?{urlencode(params, doseq=True)}", name=name, catch_response=True) as response:
            if response.status_code == 400 and b"too broad" in (response.content or b""):
                response.request_meta["name"] = name + TOO_BROAD  # refused within its budget: answered
                response.success()

    @task(4)
    def search(self):
        words = " ".join(random.sample(WORDS, random.choice([1, 2] if MIX == "repeating" else [2])))
        self.get("/", {"q": words}, name="/?q=…")

    @task(3)
    def facet_click(self):
        params = {"q": random.choice(WORDS), "country": random.sample(COUNTRIES, random.choice([1, 2] if MIX == "repeating" else [1, 2, 3])),
                  "year": str(random.randint(2006, 2025))}
        self.get("/", params, name="/?q=…&country=…&year=…")

    @task(2)
    def api(self):
        self.get("/api/search", {"q": random.choice(WORDS)}, name="/api/search", paged=False)

    @task(3)
    def article(self):
        self.client.get(f"/articles/synthetic-{random.randint(1, 10_000)}/", name="/articles/…")

    @task(1)
    def browse(self):
        self.client.get(random.choice(["/outlets/", "/countries/", "/quotes/", "/delegations/"]), name="/browse")


@events.request.add_listener
def count_kept_pages(response=None, **kwargs):
    """Whether the kept pages answered a search page or API answer (the header is absent elsewhere)."""
    state = response.headers.get("X-Page-Cache") if response is not None and response.headers else None
    if state:
        _cache[state] += 1


@events.quitting.add_listener
def write_cache_counts(environment, **kwargs):
    path = os.environ.get("LOADTEST_CACHE")
    if path:
        with open(path, "w") as handle:
            json.dump(dict(_cache), handle)
