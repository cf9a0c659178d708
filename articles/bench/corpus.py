"""Fixed benchmark corpora from the seeds and the Wikinews articles shipped in corpus/."""
import csv
import gzip
import os
from pathlib import Path
import secrets
import subprocess
import sys
import time

from django.conf import settings


def corpus_dir():
    return Path(os.environ.get("NEWSROOM_CORPUS_DIR", settings.BASE_DIR / "corpus"))


def wikinews_rows():
    rows = []
    for path in sorted((corpus_dir() / "wikinews").glob("*.csv.gz")):
        with gzip.open(path, "rt", newline="", encoding="utf-8") as handle:
            rows.extend(csv.DictReader(handle))
    if not rows:
        raise FileNotFoundError(f"no Wikinews CSV files (*.csv.gz) under {corpus_dir() / 'wikinews'}; "
                                "set NEWSROOM_CORPUS_DIR")
    return rows


def manage(data_dir, *args, production=False):
    """A management command in its own process on a fresh data directory: (seconds, peak resident MB, output).

    ``production`` runs it with DEBUG off, as an archive's own ingest runs: Django's debug cursor formats
    and keeps every query (about a tenth of an ingest's storing).
    """
    env = {**os.environ, "NEWSROOM_DATA_DIR": str(data_dir)}
    if production:
        env.update(DJANGO_DEBUG="false", DJANGO_SECRET_KEY=os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50))
    env.pop("DATABASE_URL", None)  # a fresh SQLite archive, whatever the caller's database
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{output}")
    return elapsed, usage.ru_maxrss / 1024, output.strip().splitlines()[-1] if output.strip() else ""


LANGUAGE_ARCHIVES = {"ru": "ru-meduza/meduza_golunov.tar.gz", "fr": "fr-wikinews/fr_wikinews_2012.tar.gz"}


def write_language_corpus(directory):
    """The Russian (Meduza, text files) and French (Wikinews, saved pages) articles shipped in corpus/, one
    folder each: {language: [paths]}."""
    import tarfile

    written = {}
    for language, archive in LANGUAGE_ARCHIVES.items():
        folder = Path(directory) / language
        folder.mkdir(parents=True, exist_ok=True)
        with tarfile.open(corpus_dir() / archive) as members:
            for number, member in enumerate(m for m in members.getmembers() if m.isfile() and m.size
                                            and m.name.endswith((".txt", ".html"))):
                path = folder / f"{number:03d}{Path(member.name).suffix}"
                path.write_bytes(members.extractfile(member).read())
                written.setdefault(language, []).append(path)
    return written


def write_text_corpus(directory):
    """The seeds plus every Wikinews article as a .txt file (title, blank line, text)."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    for seed in sorted((settings.BASE_DIR / "seeds").glob("*.txt")):
        (directory / seed.name).write_bytes(seed.read_bytes())
    for number, row in enumerate(wikinews_rows()):
        (directory / f"wikinews_{number:04d}.txt").write_text(f"{row['title']}\n\n{row['text']}", encoding="utf-8")
    return sorted(directory.glob("*.txt"))


# -- a collection laid out the way real ones arrive ----------------------------------------------------------
SECTIONS = ["world", "business", "politics", "sport", "culture"]
PLACES = ["Nairobi", "Lagos", "Accra", "Jakarta", "Lima", "Hanoi", "Tunis", "Quito", "Dhaka", "Manila"]
AGENCIES = ["Reuters", "AFP", "AP", "Xinhua", "Anadolu", "Bernama"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


def _dateline(rng, row):
    """A wire dateline in one of the forms agencies use, dated as the article is."""
    year, month, day = (int(part) for part in row["date"][:10].split("-"))
    place, agency, name = rng.choice(PLACES), rng.choice(AGENCIES), MONTHS[month - 1]
    return rng.choice([
        f"{place.upper()}, {name} {day} ({agency}) -- ", f"{place.upper()}: ", f"{place} ({name} {day}, {year}) — ",
        f"{agency}, {day} {name} - ", f"{place.upper()} — ",
    ])


def _site_layouts(site):
    """How one site wraps its articles: (header lines, footer lines, page address or None)."""
    name = f"The {site.title()} Courier"
    return {
        "url": ([], [], f"https://www.{site}-courier.example/{{section}}/{{slug}}"),
        "masthead": ([name, "Home | World | Business | Sport | Culture", "Search"],
                     [f"© 2020 {name}. All rights reserved.", "About us | Contact | Privacy policy",
                      "Follow us on social media"], None),
        "wire": ([], [f"Distributed by {name}"], None),
        "meta": ([name], ["Back to top"], None),
    }


def write_collection(directory, *, text_files=2_000, duplicates=12, seed=11):
    """A fixed collection of at least ``text_files`` text pages plus the WCXB saved pages, in nested folders.

    Real Wikinews articles (CC BY 2.5) wrapped as several kinds of site wrap them — a page address on the first
    line, a masthead and footer, wire datelines of several forms, meta lines — in ``site/section/NNN.txt``
    folders (so file names repeat across folders), the WCXB pages (CC BY 4.0) as saved HTML, and a few exact
    duplicates in a folder of their own. No prose is invented. Returns the number of files written.
    """
    import gzip
    import random
    import shutil

    rng = random.Random(seed)
    directory = Path(directory)
    rows = [row for row in wikinews_rows() if len(row["text"].strip()) > 200]
    sites = ["harbour", "valley", "summit", "delta", "prairie", "coast", "island", "north"]
    written = []
    for index in range(text_files):
        row, site = rows[index % len(rows)], sites[index % len(sites)]
        layout = list(_site_layouts(site))[(index // len(sites)) % 4]
        header, footer, address = _site_layouts(site)[layout]
        section = SECTIONS[index % len(SECTIONS)]
        slug = "-".join(row["title"].lower().split()[:8])
        paragraphs = [p.strip() for p in row["text"].split("\n") if p.strip()]
        if layout == "wire":  # on the first paragraph of prose (Wikinews starts with the date on its own)
            first = next(i for i, p in enumerate(paragraphs) if len(p) > 80)
            paragraphs[first] = _dateline(rng, row) + paragraphs[first]
        lines = ([address.format(section=section, slug=slug)] if address else []) + header + [row["title"]]
        if layout == "meta":
            lines.append(f"Date: {row['date'][:10]}  Source: {site.title()} Courier")
        path = directory / site / section / f"{index // (len(sites) * len(SECTIONS)):03d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines) + "\n\n" + "\n\n".join(paragraphs + footer) + "\n", encoding="utf-8")
        written.append(path)
    pages = directory / "saved-pages"
    pages.mkdir(parents=True, exist_ok=True)
    for page in sorted((corpus_dir() / "wcxb" / "html").glob("*.html.gz")):
        (pages / page.name.removesuffix(".gz")).write_bytes(gzip.decompress(page.read_bytes()))
        written.append(page)
    copies = directory / "copies"
    copies.mkdir(exist_ok=True)
    for original in rng.sample(written[:text_files], duplicates):
        shutil.copyfile(original, copies / f"copy-of-{original.parent.parent.name}-{original.name}")
    return len(written) + duplicates
