"""When two reports are of one visit: the rule that links articles (and languages) to one delegation record.

Two reports are one visit when they went to the same country and agree on who came — the same leader, or
visitor countries in common, or sites of the itinerary in common — at dates that overlap or lie within a
week of each other (a report without dates agrees with any date, but then needs two kinds of agreement).
Works on extracted facts and on stored delegations alike (anything with the same attributes).
"""
import datetime

NEAR = datetime.timedelta(days=7)


def _fold(values):
    return {" ".join(str(value).casefold().split()) for value in values if value}


def _days(report):
    start = getattr(report, "start", None)
    end = getattr(report, "end", None) or start
    return start, end


def _dates_agree(a, b):
    (start_a, end_a), (start_b, end_b) = _days(a), _days(b)
    if not (start_a and start_b):
        return None
    return start_a - NEAR <= end_b and start_b - NEAR <= end_a


def agreements(a, b):
    """What two reports agree on about who came and what they saw."""
    found = []
    if a.leader and b.leader and _fold([a.leader]) == _fold([b.leader]):
        found.append("leader")
    if set(a.countries) & set(b.countries):
        found.append("visitor countries")
    if _fold(a.itinerary) & _fold(b.itinerary):
        found.append("itinerary")
    if a.host_city and b.host_city and _fold([a.host_city]) == _fold([b.host_city]):
        found.append("host city")
    return found


def same_visit(a, b):
    if not (a.host_country and a.host_country == b.host_country):
        return False
    agreed = agreements(a, b)
    dates = _dates_agree(a, b)
    if dates is False:
        return False
    if set(a.countries) and set(b.countries) and not set(a.countries) & set(b.countries):
        return False  # two groups from different countries
    needed = 1 if dates else 2
    return len(agreed) >= needed
