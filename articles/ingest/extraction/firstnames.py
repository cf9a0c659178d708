"""Whether a first name is a woman's or a man's, from name data compiled for research.

The table (``data/first_names.tsv.gz``: a folded first name and "f" or "m") keeps the names that
nomquamgender's data (MIT licence; many national name registers and lists combined) gives to one gender at
least nine times in ten, counted at least ten times. A name used for both ("Jean", "Kim", "Andrea") is not in
it: its gender stays unknown, and the article's own words decide. ``write_table`` makes the table again from
the package's ``name_data.json``.
"""
from functools import lru_cache
import gzip
import json
from pathlib import Path
import re
import unicodedata

TABLE = Path(__file__).with_name("data") / "first_names.tsv.gz"
SURE = 0.9  # the share of one gender a name must have
MIN_COUNT = 10  # the times a name must have been counted
NAME_RE = re.compile(r"[a-z]+(?:-[a-z]+)?")


def fold(word):
    """Lower-case, without accents ("José" → "jose"), as the table keeps names."""
    return "".join(c for c in unicodedata.normalize("NFKD", word.casefold()) if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def _table():
    with gzip.open(TABLE, "rt", encoding="ascii") as handle:
        return dict(line.rstrip("\n").split("\t") for line in handle)


def first_name_gender(word):
    """"f", "m" or None for a first name ("Nerys" → "f", "Dafydd" → "m", "Jean" → None)."""
    return _table().get(fold(word))


def write_table(name_data_json, target=TABLE):
    """Write the table from nomquamgender's ``name_data.json`` ({name: [sources, count, p(female), …]})."""
    data = json.loads(Path(name_data_json).read_text(encoding="utf-8"))
    rows = sorted((name, "f" if share >= SURE else "m") for name, (_, count, share, *_) in data.items()
                  if count >= MIN_COUNT and (share >= SURE or share <= 1 - SURE) and NAME_RE.fullmatch(name))
    with gzip.open(target, "wt", encoding="ascii", compresslevel=9) as handle:
        handle.writelines(f"{name}\t{gender}\n" for name, gender in rows)
    return len(rows)
