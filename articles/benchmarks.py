"""Fixed benchmark corpora from the seeds and the Wikinews articles shipped in corpus/."""
import csv
import gzip
import os
from pathlib import Path

from django.conf import settings


def corpus_dir():
    return Path(os.environ.get("NEWSROOM_CORPUS_DIR", settings.BASE_DIR / "corpus"))


def wikinews_rows():
    rows = []
    for path in sorted((corpus_dir() / "wikinews").glob("*.csv.gz")):
        with gzip.open(path, "rt", newline="", encoding="utf-8") as handle:
            rows.extend(csv.DictReader(handle))
    if not rows:
        raise FileNotFoundError(f"no Wikinews CSV files (*.csv.gz) under {corpus_dir() / 'wikinews'}; set NEWSROOM_CORPUS_DIR")
    return rows


def write_text_corpus(directory):
    """The seeds plus every Wikinews article as a .txt file (title, blank line, text)."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    for seed in sorted((settings.BASE_DIR / "seeds").glob("*.txt")):
        (directory / seed.name).write_bytes(seed.read_bytes())
    for number, row in enumerate(wikinews_rows()):
        (directory / f"wikinews_{number:04d}.txt").write_text(f"{row['title']}\n\n{row['text']}", encoding="utf-8")
    return sorted(directory.glob("*.txt"))
