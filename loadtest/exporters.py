"""Anonymous exporters beside the readers (loadtest/run.py exports): each downloads /export.csv or
/export.json of the whole archive (the anonymous limit: 1,000 rows) again and again, waiting
LOADTEST_EXPORT_WAIT seconds in between ("0.5,1.5" by default) and ignoring Retry-After, as a script would.

Run with locustfile.py (``-f locustfile.py,exporters.py``): LOADTEST_EXPORTERS of the users are exporters
and the rest are its readers. An export refused with 429 counts as answered, under a name of its own. Every
request's time is kept, by kind, and written to LOADTEST_TIMINGS (JSON) when locust quits, for the readers'
percentiles across all their pages (locust's own figures are per page or for everything together).
"""
import json
import os
import random

from locust import FastHttpUser, between, events, task

EXPORTS = ["/export.csv", "/export.json"]
WAIT = [float(seconds) for seconds in os.environ.get("LOADTEST_EXPORT_WAIT", "0.5,1.5").split(",")]
REFUSED = " refused (429)"
_timings = {"reader": [], "export": [], "refused": []}
_statuses = {}


class Exporter(FastHttpUser):
    fixed_count = int(os.environ.get("LOADTEST_EXPORTERS", 10))
    wait_time = between(*WAIT)

    @task
    def export(self):
        path = random.choice(EXPORTS)
        with self.client.get(path, name=path, catch_response=True) as response:
            if response.status_code == 429:
                response.request_meta["name"] = path + REFUSED
                response.success()


@events.request.add_listener
def keep_timing(name, response_time, exception=None, response=None, **kwargs):
    kind = "refused" if name.endswith(REFUSED) else "export" if name in EXPORTS else "reader"
    _timings[kind].append(response_time)
    status = f"{kind} {getattr(response, 'status_code', None) or type(exception).__name__}"
    _statuses[status] = _statuses.get(status, 0) + 1


@events.quitting.add_listener
def write_timings(environment, **kwargs):
    path = os.environ.get("LOADTEST_TIMINGS")
    if path:
        with open(path, "w") as handle:
            json.dump({"timings_ms": _timings, "statuses": _statuses}, handle)
