"""docs/benchmarks.md, written by the benchmark commands themselves.

Each command run with ``--write-docs`` rewrites its own section of the page: the text between
``<!-- name -->`` and ``<!-- /name -->``, holding the command line, the date, the machine (cores, memory, load
average) and the figures of that run. Everything outside the markers — what each benchmark measures, the other
commands' sections — stays as it is; a section the page lacks is added at its end.
"""
import datetime
import os
from pathlib import Path
import platform
import re
import tempfile
import textwrap

from django.conf import settings


def page_path():
    return Path(settings.BASE_DIR) / "docs" / "benchmarks.md"


def command_line(name, **options):
    """``python manage.py NAME --option value …`` from the options that shape a run (None and False left out)."""
    words = ["python", "manage.py", name]
    for option, value in options.items():
        if value is None or value is False:
            continue
        words.append(f"--{option.replace('_', '-')}")
        if value is not True:
            words.append(str(value))
    return " ".join(words)


def machine():
    """Cores, memory and load average (1, 5 and 15 minutes) of this machine, as one line."""
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor()
    try:
        kib = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal:"))
        memory = f"{kib / 1024 ** 2:.0f} GB of memory"
    except (OSError, StopIteration):
        memory = "memory unknown"
    load = " / ".join(f"{value:.2f}" for value in os.getloadavg())
    cores = f"{os.cpu_count()} cores" + (f" ({model})" if model else "")
    return f"{cores}, {memory}, load average {load} when written"


WIDTH = 120


def wrapped(line):
    """A line of prose or a list item wrapped at the page's width; table rows stay whole."""
    if line.startswith("|") or len(line) <= WIDTH:
        return line
    indent = "  " if line.startswith("- ") else ""
    return textwrap.fill(line, WIDTH, subsequent_indent=indent, break_long_words=False, break_on_hyphens=False)


def section(command, lines, *, today=None, where=None):
    """A section's text: the command line, the date and the machine, a blank line, then the figures."""
    today = today or datetime.date.today().isoformat()
    return "\n".join(wrapped(line) for line in [f"`{command}` — {today} — {where or machine()}", "", *lines])


def replace_section(text, name, body):
    """``text`` with the section ``name`` holding ``body``; nothing else changes. Added at the end if absent."""
    start, end = f"<!-- {name} -->", f"<!-- /{name} -->"
    block = f"{start}\n{body.strip()}\n{end}"
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.DOTALL)
    if pattern.search(text):
        return pattern.sub(lambda _: block, text, count=1)
    return text.rstrip("\n") + f"\n\n## {name}\n\n{block}\n"


def write_section(name, command, lines, *, path=None, today=None, where=None):
    """Rewrite section ``name`` of the page (docs/benchmarks.md unless ``path``) with this run's figures."""
    path = Path(path or page_path())
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    updated = replace_section(text, name, section(command, lines, today=today, where=where))
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False,
                                     prefix=f".{path.name}.") as handle:
        handle.write(updated)
    os.replace(handle.name, path)
    return path


def write(target, name, figures, **options):
    """Rewrite the section of benchmark ``name`` from the figures its command prints as JSON, naming the run's
    ``options``; ``target`` is a command's ``--write-docs``: True for docs/benchmarks.md, or another file.
    A bench_search run on PostgreSQL has a section of its own, ``bench_search_postgres``."""
    path = None if target is True else target
    section_name = f"{name}_postgres" if name == "bench_search" and figures.get("postgres") else name
    return write_section(section_name, command_line(name, **options), FORMATS[name](figures), path=path)


# -- each benchmark's figures as Markdown lines ---------------------------------------------------------------
def _n(value, digits=1):
    if value is None:
        return "—"
    return f"{value:,.{digits}f}" if isinstance(value, float) and digits else f"{round(value):,}"


QUERY_KINDS = {"two_words": "two words", "phrase": "a phrase", "field": "a field query",
               "facets": "facets selected", "browse": "browsing"}
ENGINE_NAMES = {"whoosh": "Whoosh (newsroom)", "fts5": "SQLite FTS5", "tantivy": "tantivy",
                "postgres": "PostgreSQL backend"}


def _median_p95(engine, kind):
    return f"{_n(engine.get(f'{kind}_median_ms'))} / {_n(engine.get(f'{kind}_p95_ms'))}"


def search_lines(figures):
    engines = [name for name in ENGINE_NAMES if figures.get(name)]
    lines = [f"{figures['articles']:,} synthetic articles; median / p95 in ms of the search page's whole work.", "",
             "| query | " + " | ".join(ENGINE_NAMES[e] for e in engines) + " |",
             "| --- |" + " --- |" * len(engines)]
    for kind, label in QUERY_KINDS.items():
        lines.append(f"| {label} | " + " | ".join(_median_p95(figures[e], kind) for e in engines) + " |")
    lines.append("| **the whole mix** | " + " | ".join(f"**{_median_p95(figures[e], 'all')}**" for e in engines) + " |")
    lines.append("| built, articles/s | " + " | ".join(_n(figures[e]["build_per_s"], 0) for e in engines) + " |")
    lines.append("")
    whoosh = figures.get("whoosh")
    ratios = [f"{label} {figures[key]}×" for key, label in (("p95_ratio", "SQLite FTS5"),
                                                           ("p95_ratio_tantivy", "tantivy")) if figures.get(key)]
    if ratios:
        lines.append("Whoosh's p95 over the mix against its peers': " + ", ".join(ratios) + ".")
    if whoosh:
        memory = whoosh.get("web_process_rss_mb") or {}
        lines.append(f"An edit searchable in {_n(whoosh.get('edit_to_searchable_median_ms'))} ms (median), "
                     f"{_n(whoosh.get('edit_to_searchable_p95_ms'))} (p95); a fresh web process holding the searcher "
                     f"{memory.get('peak_resident_mb', '—')} MB resident at peak, "
                     f"{memory.get('private_mb', '—')} MB of it its own.")
        matched = figures.get("matched") or {}
        if matched:
            lines.append("Articles matched, the same for every engine (the benchmark stops otherwise): " + ", ".join(
                f"{QUERY_KINDS[kind]} {next(iter(counts.values()), 0):,}" for kind, counts in matched.items()) + ".")
        abuse = whoosh.get("pathological") or {}
        lines.append("Abusive queries: " + ", ".join(
            f"{kind.replace('_', ' ')} {f['ms']:.0f} ms ({f['outcome']})" for kind, f in abuse.items()
            if kind != "max_ms") + ".")
        if whoosh.get("refused_in_mix"):
            lines.append("Refused as too broad in the ordinary mix: " + ", ".join(whoosh["refused_in_mix"]) + ".")
    if figures.get("postgres"):
        lines.append(f"PostgreSQL: facet columns read in {figures['postgres'].get('columns_read_ms')} ms at the "
                     "first search of a process.")
    return lines


def pages_lines(figures):
    lines = [f"{figures['articles']:,} synthetic articles; server time through the whole view, median / p95 in ms, "
             "and size.", "", "| page | ms | size | budget |", "| --- | --- | --- | --- |"]
    for page, f in figures["pages"].items():
        budget = f"{f['budget_bytes'] // 1000} KB" if f.get("budget_bytes") else ""
        size = f"{f['bytes'] / 1000:.0f} KB" if f.get("bytes") else ""
        lines.append(f"| {page} | {_n(f['median_ms'])} / {_n(f['p95_ms'])} | {size} | {budget} |")
    lines += ["", f"A web process peaked at {figures['web_process_peak_mb']} MB."]
    return lines


def ingest_lines(figures):
    memory = ", ".join(f"{mb} MB at {int(count):,} files" for count, mb in figures["peak_mb_by_files"].items())
    return [f"- extraction (cleaning included) on one core, seeds and Wikinews: **{_n(figures['extraction_per_s'], 0)} "
            "articles/s**",
            f"- {figures['files']:,} files into a fresh archive, end to end with the process's start: "
            f"**{_n(figures['end_to_end_per_s'], 0)} files/s**; again, unchanged: "
            f"{_n(figures['unchanged_files_per_s'], 0)} files/s",
            f"- `check_index` afterwards: {figures['check_index']}",
            f"- peak memory: {memory}"] + _language_lines(figures) + _grouping_lines(figures)


def _language_lines(figures):
    names = {"ru": "Russian (Meduza investigations, text files)", "fr": "French (Wikinews, saved pages)"}
    return [f"- {names.get(code, code)}: {f['articles']} articles of {f['chars']:,} characters on average, "
            f"extraction **{_n(f['extraction_per_s'], 0)} articles/s** on one core, end to end "
            f"**{_n(f['end_to_end_per_s'], 0)} files/s** with the process's start"
            + (f", {_n(f['ingest_per_s'], 0)} files/s by the ingest's own clock (its summary line), peak "
               f"{f['peak_mb']} MB" if "ingest_per_s" in f else "")
            for code, f in figures.get("languages", {}).items()]


def _grouping_lines(figures):
    lines = []
    if figures.get("grouping_ms"):
        rest = figures["per_file_ms"] - figures["grouping_ms"]
        lines.append(f"- grouping copies (`group_copies --dry-run` over the same archive: each article's shingles, "
                     f"bands, candidates and comparisons, as its ingest does them): {figures['grouping_ms']} ms an "
                     f"article, **{figures['grouping_ms'] / rest:.0%} added** to the rest of its ingest "
                     f"({_n(rest)} ms). The collection is the hard case: eight sites publish the same Wikinews articles, so "
                     f"most of its articles are another's copy")
    lookup = figures.get("copies_lookup")
    if lookup:
        lines.append(f"- a copy's candidates among {lookup['articles']:,} stored articles ({lookup['database']}, "
                     f"{lookup['bands']:,} bands): look-up **median {lookup['lookup_median_ms']} ms, p95 "
                     f"{lookup['lookup_p95_ms']} ms**; the whole grouping (look-up, reading and comparing the "
                     f"candidates) median {lookup['group_median_ms']} ms, p95 {lookup['group_p95_ms']} ms over "
                     f"{lookup['probes']} Wikinews articles, each with {lookup['candidates_median']:g} candidates "
                     f"(median, at most {lookup['candidates_max']}); the benchmark's process peaked at {lookup['peak_mb']} MB "
                     "writing them")
    return lines


def relevance_lines(scores):
    kinds = sorted({kind for f in scores.values() for kind in f.get("by_kind", {})})
    lines = ["| engine | nDCG@10 | recall@20 | " + " | ".join(kinds) + " |",
             "| --- | --- | --- |" + " --- |" * len(kinds)]
    for engine, f in scores.items():
        lines.append(f"| {ENGINE_NAMES.get(engine, engine)} | {f['ndcg@10']:.3f} | {f['recall@20']:.3f} | "
                     + " | ".join(f"{f['by_kind'].get(k, 0):.3f}" for k in kinds) + " |")
    return lines


def capture_lines(figures):
    requisites = f" with {figures['requisites']:,} requisites" if figures.get("requisites") else ""
    return [f"- {figures['pages']} pages{requisites}: **{_n(figures['pages_per_s'], 0)} pages/s** end to end with "
            f"the process's start; again, unchanged: {_n(figures['unchanged_pages_per_s'], 0)} pages/s",
            f"- peak {figures['peak_mb']} MB; {figures['warc_mb']} MB of WARC"]


FORMATS = {"bench_search": search_lines, "bench_pages": pages_lines, "bench_ingest": ingest_lines,
           "bench_relevance": relevance_lines, "bench_capture": capture_lines}
