"""Readers of the archive: searches, facet clicks and page views (20 of them in the load test).

Readers are locust's FastHttpUser (geventhttpclient): the load test shares a two-core machine with the
server, and locust's default HttpUser (requests) spent 2.7 ms of CPU a request, a tenth of the machine at
68 requests/s, capacity the server did not have. Each waits LOADTEST_WAIT seconds between requests (a
range, "0.02,0.1" by default): a capacity test, so the readers are quick. At 0.2-1.0 s, 20 readers could not
send more than ~31 requests a second whatever the server did.
"""
import os
import random
from urllib.parse import urlencode

from locust import FastHttpUser, between, task

WORDS = ["president", "election", "police", "government", "minister", "storm", "court", "football", "vaccine",
         "market", "school", "fire", "climate", "parliament", "protest"]
COUNTRIES = ["FR", "DE", "US", "GB", "PL", "JP", "BR", "IN", "CN", "ZA"]


WAIT = [float(seconds) for seconds in os.environ.get("LOADTEST_WAIT", "0.02,0.1").split(",")]


class Reader(FastHttpUser):
    wait_time = between(*WAIT)

    def get(self, path, params, name):
        self.client.get(f"{path}?{urlencode(params, doseq=True)}", name=name)

    @task(4)
    def search(self):
        words = " ".join(random.sample(WORDS, random.choice([1, 2])))
        self.get("/", {"q": words}, name="/?q=…")

    @task(3)
    def facet_click(self):
        params = {"q": random.choice(WORDS), "country": random.sample(COUNTRIES, random.choice([1, 2])),
                  "year": str(random.randint(2006, 2025))}
        self.get("/", params, name="/?q=…&country=…&year=…")

    @task(2)
    def api(self):
        self.get("/api/search", {"q": random.choice(WORDS)}, name="/api/search")

    @task(3)
    def article(self):
        self.client.get(f"/articles/synthetic-{random.randint(1, 10_000)}/", name="/articles/…")

    @task(1)
    def browse(self):
        self.client.get(random.choice(["/outlets/", "/countries/", "/quotes/", "/delegations/"]), name="/browse")
