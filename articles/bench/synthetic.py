"""A fixed synthetic archive for ``bench_search``: real paragraphs recombined,
with realistic facet sizes (150 countries, 2,000 outlets, 300 delegations,
5,000 speakers, 20 years). No prose is invented.
"""
import hashlib
import random

import pycountry

from .corpus import wikinews_rows

QUERY_MIX = [
    ("two_words", "president election", {}),
    ("phrase", '"prime minister"', {}),
    ("field", "outlet:gazette police", {}),
    ("facets", "government", {"country": ["FR", "DE"], "year": ["2019"]}),
    ("browse", "", {"year": ["2020"]}),
]

# Abuse, each answered or refused as too broad within one second: a hostile query must be cheap to refuse.
PATHOLOGICAL = [
    ("prefix_storm", " ".join(f"{a}{b}*" for a in "bcdfgmprst" for b in "aeiou")),
    ("many_terms", " OR ".join(f"{w}" for w in ("the of and to in a is that for on with as was by at from his "
                                                 "her it an be this which or are were has have had not but")
                               .split())),
    ("deep_nesting", "(" * 120 + "government" + ")" * 120),
    ("huge_word", "government" * 30),
    ("common_phrase", '"' + " ".join(["the government said"] * 20) + '"'),
    ("negations", " ".join(f"-{w}" for w in "the of and to in is that for on with as was by at".split()) + " a*"),
]


def _paragraphs():
    paragraphs, titles = [], []
    for row in wikinews_rows():
        titles.append(row["title"])
        paragraphs.extend(p.strip() for p in row["text"].split("\n") if len(p.strip()) > 80)
    return titles, paragraphs


def synthetic_documents(count, *, seed=7):
    """``count`` synthetic documents as a list (``iter_synthetic_documents`` one at a time, for large counts)."""
    return list(iter_synthetic_documents(count, seed=seed))


def iter_synthetic_documents(count, *, seed=7):
    """The same documents as ``synthetic_documents``, made one at a time: a million are several gigabytes."""
    rng = random.Random(seed)
    titles, paragraphs = _paragraphs()
    countries = sorted(c.alpha_2 for c in pycountry.countries)[:150]
    outlets = [f"gazette-{i:04d}" if i % 10 == 0 else f"outlet-{i:04d}" for i in range(2000)]
    delegations = [f"delegation-{i:03d}" for i in range(300)]
    speakers = [f"speaker-{i:04d}" for i in range(5000)]
    for number in range(1, count + 1):
        body = "\n\n".join(rng.sample(paragraphs, rng.randint(4, 9)))
        quotes = [p for p in rng.sample(paragraphs, 2)]
        year = 2006 + rng.randrange(20)
        month = rng.randint(1, 12)
        chosen_outlets = rng.sample(outlets, rng.randint(1, 3))
        chosen_countries = rng.sample(countries, rng.randint(1, 3))
        document = {
            "id": str(number), "title": rng.choice(titles), "body": body, "quotes": "\n".join(quotes),
            "speakers_text": "", "people_text": "", "delegation_text": "", "publisher_text": "",
            "outlets_text": " ".join(o.replace("-", " ") for o in chosen_outlets),
            "countries_text": " ".join(chosen_countries), "extra": "", "spelling": "",
            "country": ",".join(sorted(chosen_countries)), "outlet": ",".join(sorted(chosen_outlets)),
            "delegation": rng.choice(delegations) if rng.random() < 0.3 else "",
            "speaker": ",".join(sorted(rng.sample(speakers, rng.randint(0, 3)))),
            "publisher": chosen_outlets[0], "year": year, "month": year * 100 + month,
            "published": 732000 + (year - 2006) * 365 + month * 30, "dated": 1, "_quotes": quotes,
        }
        document["fingerprint"] = hashlib.sha1(document["id"].encode()).hexdigest()
        yield document
