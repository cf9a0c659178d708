"""The README and docs/ stay true: short, naming only make targets, commands and pages that exist; the
benchmark page's sections are each written by their own command."""
import re

import pytest
from django.core.management import call_command, get_commands, load_command_class

from articles.management import benchmarks_page

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
DOCS = {path.name: path.read_text(encoding="utf-8") for path in (ROOT / "docs").glob("*.md")}
BENCH_COMMANDS = ["bench_search", "bench_pages", "bench_ingest", "bench_capture", "bench_relevance"]


def make_targets():
    return set(re.findall(r"^([A-Za-z][\w-]*):", (ROOT / "Makefile").read_text(), re.MULTILINE))


def named(pattern, *texts):
    return {name for text in texts for name in re.findall(pattern, text)}


def test_the_readme_is_short():
    assert len(README.splitlines()) <= 200


def test_every_make_target_the_readme_and_docs_name_exists():
    # `make X`, a line of a code block starting with it, or VARIABLE=value make X
    targets = named(r"(?m)(?:`|^\s*|=\S* )make ([a-z][\w-]*)", README, *DOCS.values())
    assert {"serve", "test", "demo", "production", "benchmarks"} <= targets
    assert targets - make_targets() == set()


def test_every_manage_py_command_the_readme_and_docs_name_exists():
    commands = named(r"manage\.py ([a-z_]+)", README, *DOCS.values())
    assert {"ingest", "createsuperuser", "capture", "worker"} <= commands
    assert commands - set(get_commands()) == set()


def test_every_page_the_readme_links_exists():
    links = named(r"\]\(((?:docs/)?[\w./-]+\.(?:md|png))(?:#[\w-]*)?\)", README)
    assert "docs/settings.md" in links and "docs/benchmarks.md" in links
    assert [link for link in links if not (ROOT / link).exists()] == []


def test_every_page_the_docs_link_exists():
    missing = [(name, link) for name, text in DOCS.items()
               for link in named(r"\]\(([\w./-]+\.md)(?:#[\w-]*)?\)", text)
               if not (ROOT / "docs" / link).exists() and not (ROOT / link.removeprefix("../")).exists()]
    assert missing == []


def test_every_module_the_readme_and_docs_name_exists():
    paths = named(r"`(articles/[\w/]+\.py)", README, *DOCS.values())
    dotted = named(r"`(articles(?:\.[a-z_]+)+)\.[A-Za-z_]+`", README, *DOCS.values())
    assert paths and dotted
    modules = paths | {name.replace(".", "/") + ".py" for name in dotted}
    assert [module for module in modules if not (ROOT / module).exists()] == []


def test_every_setting_the_code_reads_is_in_docs_settings():
    read = named(r"\b((?:NEWSROOM|DJANGO)_[A-Z_]+)\b", (ROOT / "newsroom" / "settings.py").read_text())
    read -= {"DJANGO_SETTINGS_MODULE"}
    assert read - named(r"`((?:NEWSROOM|DJANGO)_[A-Z_]+)`", DOCS["settings.md"]) == set()


@pytest.mark.parametrize("name", BENCH_COMMANDS)
def test_each_benchmark_has_one_section_on_the_page_and_writes_it(name):
    assert DOCS["benchmarks.md"].count(f"<!-- {name} -->") == 1
    assert DOCS["benchmarks.md"].count(f"<!-- /{name} -->") == 1
    parser = load_command_class("articles", name).create_parser("manage.py", name)
    assert parser.parse_args(["--write-docs"]).write_docs is True
    assert parser.parse_args(["--write-docs", "out.md"]).write_docs == "out.md"


PAGE = """# Benchmarks

Prose before.

<!-- bench_search -->
old search figures
<!-- /bench_search -->

Prose between.

<!-- bench_pages -->
old page figures
<!-- /bench_pages -->

Prose after.
"""


def test_writing_a_section_replaces_only_that_section(tmp_path):
    page = tmp_path / "benchmarks.md"
    page.write_text(PAGE, encoding="utf-8")
    benchmarks_page.write_section("bench_search", "python manage.py bench_search --articles 2000", ["| a | b |"],
                                  path=page, today="2026-12-07", where="2 cores, 8 GB of memory, load average 0.5")
    assert page.read_text(encoding="utf-8") == PAGE.replace("old search figures", (
        "`python manage.py bench_search --articles 2000` — 2026-12-07 — 2 cores, 8 GB of memory, load average 0.5\n"
        "\n"
        "| a | b |"))


def test_writing_a_section_twice_leaves_one_section(tmp_path):
    page = tmp_path / "benchmarks.md"
    page.write_text(PAGE, encoding="utf-8")
    for figures in ("first", "second"):
        benchmarks_page.write_section("bench_pages", "python manage.py bench_pages", [figures], path=page)
    text = page.read_text(encoding="utf-8")
    assert text.count("<!-- bench_pages -->") == 1 and "second" in text and "first" not in text
    assert "old search figures" in text and text.endswith("Prose after.\n")


def test_a_section_the_page_lacks_is_added_at_its_end(tmp_path):
    page = tmp_path / "benchmarks.md"
    page.write_text(PAGE, encoding="utf-8")
    benchmarks_page.write_section("loadtest", "make loadtest", ["42 requests/s"], path=page, today="2026-12-07",
                                  where="2 cores")
    assert page.read_text(encoding="utf-8") == PAGE + (
        "\n## loadtest\n\n<!-- loadtest -->\n`make loadtest` — 2026-12-07 — 2 cores\n\n42 requests/s\n"
        "<!-- /loadtest -->\n")


def test_the_machine_line_names_cores_memory_and_load():
    assert re.fullmatch(r"\d+ cores( \(.+\))?, \d+ GB of memory, load average [\d.]+ / [\d.]+ / [\d.]+ when written",
                        benchmarks_page.machine())


def test_bench_search_writes_its_own_section_of_the_page(tmp_path):
    page = tmp_path / "benchmarks.md"
    page.write_text(PAGE, encoding="utf-8")
    call_command("bench_search", articles=200, rounds=1, engines="whoosh,fts5", write_docs=str(page),
                 stdout=open(tmp_path / "out.txt", "w"))
    text = page.read_text(encoding="utf-8")
    section = text.split("<!-- bench_search -->\n")[1].split("<!-- /bench_search -->")[0]
    assert section.startswith("`python manage.py bench_search --articles 200 --rounds 1 --engines whoosh,fts5` — ")
    assert "| query | Whoosh (newsroom) | SQLite FTS5 |" in section
    assert "| **the whole mix** |" in section and "Abusive queries: prefix storm" in section
    assert text.replace(section, "old search figures\n") == PAGE
