"""The layout keeps the architecture ARCHITECTURE.md describes: imports flow one way between the layers, no
module imports itself through others, the code map names every package there is, and a search request has
one owner below its view."""
import ast
from pathlib import Path
import re
import subprocess
import sys

import pytest

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "articles"

# What each part of the app may import of the app, mirroring ARCHITECTURE.md's code map. A part is a package
# under articles/ or one of the app's top modules; the layers run kernel → models → search → records →
# (warc) → ingest → capture → web, and the tools (bench, management) and Django's hooks (admin, apps) sit on
# top. Nothing below web imports it.
BELOW_WEB = {"kernel", "models", "search", "records", "warc", "ingest", "capture"}
MAY_IMPORT = {
    "kernel": set(),
    "warc": set(),
    "models": {"kernel"},
    "templatetags": set(),
    "search": {"models", "kernel"},
    "records": {"search", "models", "kernel"},
    "migrations": {"records", "models", "kernel"},
    "ingest": {"records", "search", "warc", "models", "kernel"},
    "capture": {"ingest", "records", "search", "warc", "models", "kernel"},
    "web": {"capture", "ingest", "records", "search", "warc", "models", "kernel"},
    "bench": {"web", *BELOW_WEB},
    "admin": {"web", *BELOW_WEB},
    "apps": {"web", *BELOW_WEB},
    "management": {"web", "bench", *BELOW_WEB},
    "articles": set(),
}


def module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        return ".".join(parts[:-1]), True
    return ".".join(parts), False


def app_modules():
    return {module_name(path)[0]: path for path in APP.rglob("*.py")}


def imports_of(path, modules):
    """The app's modules ``path`` imports, at its top or inside functions alike. ``from package import name``
    is an import of the submodule ``name`` when there is one, else of the package's ``__init__``."""
    name, is_package = module_name(path)
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if is_package else name.split(".")[:-1]
                base = base[:len(base) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module
            targets = [f"{source}.{alias.name}" if f"{source}.{alias.name}" in modules else source
                       for alias in node.names]
        else:
            continue
        for target in targets:
            while target not in modules and "." in target:
                target = target.rsplit(".", 1)[0]
            if target in modules and target != name:
                found.add(target)
    return found


def import_graph():
    modules = app_modules()
    return {name: imports_of(path, modules) for name, path in modules.items()}


def cycles(graph):
    """The strongly connected components of more than one module (Tarjan's algorithm, iteratively)."""
    index, low, stack, on_stack, found, counter = {}, {}, [], set(), [], [0]
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter[0]
        counter[0] += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, successors = work[-1]
            for successor in successors:
                if successor not in index:
                    index[successor] = low[successor] = counter[0]
                    counter[0] += 1
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(sorted(graph[successor]))))
                    break
                if successor in on_stack:
                    low[node] = min(low[node], index[successor])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
    return found


def part_of(module):
    """The part of the app a module belongs to: its package under articles/, or its own name at the top."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "articles"


def test_no_module_imports_itself_through_others():
    assert cycles(import_graph()) == []


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_imports_flow_one_way_between_the_layers():
    graph = import_graph()
    assert set(MAY_IMPORT) >= {part_of(module) for module in graph}, "a new part: give it its row in MAY_IMPORT"
    crossings = sorted(f"{module} imports {target}" for module, targets in graph.items() for target in targets
                       if part_of(target) != part_of(module)
                       and part_of(target) not in MAY_IMPORT[part_of(module)])
    assert crossings == []


def test_the_kernel_and_the_warc_files_know_nothing_of_django_models():
    graph = import_graph()
    assert not {t for m, ts in graph.items() if part_of(m) in ("kernel", "warc") for t in ts
                if part_of(t) not in ("kernel", "warc")}


def code_map_paths():
    text = (ROOT / "ARCHITECTURE.md").read_text()
    section = text.split("## Code Map", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^###\s+`(articles/[\w/]*)`", section, re.MULTILINE))


def test_the_code_map_names_every_package_and_only_packages_that_exist():
    named = code_map_paths()
    packages = {str(init.parent.relative_to(ROOT)) + "/" for init in APP.rglob("__init__.py")}
    assert named == packages


def test_the_code_map_rows_match_the_import_table():
    """Every part in MAY_IMPORT that is a package has its section in the code map."""
    named = {path.rstrip("/").split("/", 1)[1] if "/" in path.rstrip("/") else "articles"
             for path in code_map_paths()}
    packages = {part for part in MAY_IMPORT if (APP / part / "__init__.py").exists()}
    assert packages <= named


# Words that tell the history of how the code came about rather than what it does and why.
HISTORY_WORDS = re.compile(r"\bsessions? \d+|\bround \d+|\bissue #?\d+|\(#\d+\)|\bthe reviewer\b|\bPR #\d+",
                           re.IGNORECASE)
NOT_PROSE = re.compile(r"^(corpus|seeds)/|\.(png|jpe?g|gif|ico|gz|warc|wacz|zip|sqlite3|woff2?|pdf)$")


def tracked_text_files():
    try:
        listed = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    for name in listed.splitlines():
        path = ROOT / name
        if NOT_PROSE.search(name) or not path.is_file() or path == Path(__file__).resolve():  # (its examples)
            continue
        try:
            yield name, path.read_text()
        except UnicodeDecodeError:
            continue


def test_comments_docs_and_tests_say_what_the_code_does_not_how_it_came_about():
    found = [f"{name}:{number}: {line.strip()}" for name, text in tracked_text_files()
             for number, line in enumerate(text.splitlines(), 1) if HISTORY_WORDS.search(line)]
    assert found == []


N = 6  # the examples are built when the test runs, so this file holds no history words of its own


@pytest.mark.parametrize("line", [
    f"# session {N}: name particles", f"measured in session {N}", f"the constructions issue #{N} lists",
    f"fixed in round {N}", "as the " + "reviewer asked", f"a regression (#{N})",
])
def test_history_words_are_found(line):
    assert HISTORY_WORDS.search(line)


@pytest.mark.parametrize("line", [
    "request.session is Django's", "the second session of the 14th National People's Congress",
    "issued 3 licences", "the paper's 12 May issue", "round(x, 2)", "every round after the first",
])
def test_ordinary_words_are_not_history(line):
    assert not HISTORY_WORDS.search(line)


def calls_in_request(client, path, params):
    """(searching.search_page calls, views functions called while search_page ran) during one request."""
    from articles.web import searching, views

    owner, views_file = searching.search_page.__code__, views.__file__
    depth, asked, called_back = [0], [0], []

    def profile(frame, event, arg):
        if event == "call":
            if frame.f_code is owner:
                depth[0] += 1
                asked[0] += 1
            elif depth[0] and frame.f_code.co_filename == views_file:
                called_back.append(frame.f_code.co_name)
        elif event == "return" and frame.f_code is owner:
            depth[0] -= 1

    sys.setprofile(profile)
    try:
        response = client.get(path, params)
    finally:
        sys.setprofile(None)
    assert response.status_code in (200, 400)
    return asked[0], called_back


@pytest.mark.parametrize("path, params", [
    ("/", {"q": "Chongqing"}), ("/api/search", {"q": "Chongqing"}), ("/", {"q": "Chongqing", "from": "not a date"}),
    ("/api/search", {"q": "Chongqing", "from": "not a date"}), ("/", {}),
])
def test_a_search_request_asks_the_search_layer_once_and_is_not_called_back(seeded, client, path, params):
    for _ in range(2):  # the second time, the page kept from the first
        asked, called_back = calls_in_request(client, path, params)
        assert (asked, called_back) == (1, [])
