# newsroom: `make serve` installs and serves the archive with the seeds ingested;
# `make test` installs and runs the whole test suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

WORKERS ?= 2
THREADS ?= 4

.PHONY: install serve production production-local port-free test test-postgres loadtest loadtest-exports \
	browser-deps validators lock clean

# Every version is pinned, with its hashes, in requirements/*.txt (made from pyproject.toml by `make lock`).
install: $(VENV)/.installed

$(VENV)/.installed: requirements/dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  echo "newsroom needs Python 3.11 or newer as '$(PYTHON)': install it, or name it with PYTHON=python3.12" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes --no-deps -r requirements/dev.txt
	touch $@

$(VENV)/.installed-prod: requirements/prod.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes --no-deps -r requirements/prod.txt
	touch $@

# Re-resolves the lock files from pyproject.toml at the newest versions its ranges allow (uv, in its own venv).
LOCK := $(VENV)-lock/bin/uv pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes --quiet --upgrade
lock:
	$(PYTHON) -m venv $(VENV)-lock && $(VENV)-lock/bin/pip install --quiet uv
	$(LOCK) --extra prod -o requirements/prod.txt
	$(LOCK) --extra dev -c requirements/prod.txt -o requirements/dev.txt
	$(LOCK) --extra load -c requirements/dev.txt -o requirements/load.txt
	$(VENV)-lock/bin/uv pip compile requirements/validators.in --universal --python-version 3.11 --generate-hashes \
	  --quiet --upgrade -o requirements/validators.txt
	cd .browser && npm install --package-lock-only --no-audit --no-fund

# Fails at once, naming PORT=, when another program already listens on the port.
port-free:
	@$(PYTHON) -c 'import socket, sys; s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("$(HOST)", $(PORT)))' 2>/dev/null \
	  || { echo "Port $(PORT) on $(HOST) is already in use: stop what uses it, or pick another with PORT=8001 make $(MAKECMDGOALS)" >&2; exit 1; }

# The job worker (`manage.py worker`: the admin's "Add by address") runs beside the server and stops with it;
# `$(call WITH_WORKER,ENV=value) server command` starts it in the background, ends it when the server ends.
WITH_WORKER = trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	trap 'exit 130' INT; trap 'exit 143' TERM; $(1) $(PY) manage.py worker & worker=$$!;

serve: port-free install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py ingest seeds/
	$(PY) manage.py rebuild_index
	@echo
	@echo "newsroom is at http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	@echo "Create an editor account with:  $(PY) manage.py createsuperuser"
	@echo "The worker capturing pages added by address runs beside the server; Ctrl-C stops both."
	@echo
	$(call WITH_WORKER) $(PY) manage.py runserver $(HOST):$(PORT)

AXE := .browser/node_modules/axe-core/axe.min.js

# Optional: the production server (gunicorn, debug off, hashed and compressed static files), with the job worker.
# WORKERS processes of THREADS threads each (gunicorn's gthread worker): a reader is not queued behind a whole
# export in a worker (docs/operations.md, "Workers and threads"). WEB_CONCURRENCY tells the settings how many
# workers there are: anonymous exports run one fewer at a time.
# Needs DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS in the environment; see the README.
production: port-free $(VENV)/.installed-prod
	DJANGO_DEBUG=false $(PY) manage.py check --deploy --fail-level WARNING
	DJANGO_DEBUG=false $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=false $(PY) manage.py collectstatic --noinput --verbosity 0
	$(call WITH_WORKER,DJANGO_DEBUG=false) \
	DJANGO_DEBUG=false WEB_CONCURRENCY=$(WORKERS) $(PY) -m gunicorn newsroom.wsgi --workers $(WORKERS) \
	  --threads $(THREADS) --bind $(HOST):$(PORT) --access-logfile -

# The production server on this machine over plain HTTP, to try it: HTTPS-only settings relaxed (and logged).
production-local:
	NEWSROOM_PLAIN_HTTP=true DJANGO_ALLOWED_HOSTS=$${DJANGO_ALLOWED_HOSTS:-localhost,127.0.0.1} \
	DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')} \
	$(MAKE) --no-print-directory production

# The demo: the bundled Wikinews articles (corpus/wikinews, CC BY 2.5) and the seeds written as text files to a
# scratch folder (less one Wikinews test page without text) and ingested into the archive (NEWSROOM_DATA_DIR) as
# the collection "wikinews": 299 articles. Works while `make serve` runs in another terminal; run again, it finds
# every file unchanged.
.PHONY: demo
demo: install
	$(PY) manage.py migrate --noinput
	@scratch=$$(mktemp -d) && trap 'rm -rf "$$scratch"' EXIT && \
	echo "writing the Wikinews articles and the seeds to $$scratch/wikinews" && \
	$(PY) manage.py shell -v0 -c "from articles.bench.corpus import write_text_corpus; \
	[f.unlink() for f in write_text_corpus('$$scratch/wikinews') if f.stat().st_size < 200]" && \
	$(PY) manage.py ingest --collection wikinews "$$scratch/wikinews"
	@echo "Search them at http://$(HOST):$(PORT)/?q=election (with make serve running)."

# The load test (loadtest/run.py): 2 gunicorn workers of 4 threads, 10,000 articles, 20 readers for 60 s, edits and
# an ingest.
loadtest: install
	$(PY) -m pip install --quiet --require-hashes --no-deps -r requirements/load.txt
	$(PY) loadtest/run.py

# The same server with 10 anonymous exporters (CSV and JSON, 1,000 rows) beside 10 readers for 60 s: the readers'
# p95 must stay under 1 s; exports past the budget get 429 (docs/benchmarks.md).
loadtest-exports: install
	$(PY) -m pip install --quiet --require-hashes --no-deps -r requirements/load.txt
	$(PY) loadtest/run.py exports

# Every benchmark at its standard size, each rewriting its own section of docs/benchmarks.md (bench_search and
# bench_pages build archives of 100,000 articles). A quick try elsewhere: BENCH_ARTICLES=2000 BENCH_DOCS=/tmp/b.md
BENCH_ARTICLES ?= 100000
BENCH_DOCS ?=
.PHONY: benchmarks
benchmarks: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py bench_relevance --write-docs $(BENCH_DOCS)
	$(PY) manage.py bench_ingest --write-docs $(BENCH_DOCS)
	$(PY) manage.py bench_capture --write-docs $(BENCH_DOCS)
	$(PY) manage.py bench_search --articles $(BENCH_ARTICLES) --write-docs $(BENCH_DOCS)
	$(PY) manage.py bench_pages --articles $(BENCH_ARTICLES) --write-docs $(BENCH_DOCS)

# The browser tests drive Debian's Chromium and inject axe-core (from npm); install them when missing.
browser-deps: $(AXE)
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Chromium is missing: run 'sudo apt-get install chromium' for the browser tests." >&2; exit 1; fi; }

$(AXE): .browser/package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "npm is missing (the accessibility scan needs axe-core): run 'sudo apt-get install npm'" >&2; exit 1; }
	cd .browser && npm ci --silent --no-audit --no-fund
	touch $@

# The reference validators the tests run on the exports (py-wacz), in an environment of their own: their
# dependencies are not the archive's.
validators: .venv-validators/.installed

.venv-validators/.installed: requirements/validators.txt
	$(PYTHON) -m venv .venv-validators
	.venv-validators/bin/pip install --quiet --require-hashes --no-deps -r requirements/validators.txt
	touch $@

test: install browser-deps validators
	$(PY) -m pytest $(PYTEST_ARGS)

# The same suite on a real PostgreSQL server, started in a temporary directory (.ci/postgres).
test-postgres: install browser-deps validators
	eval "$$(.ci/postgres start)" && $(PY) -m pytest $(PYTEST_ARGS); status=$$?; .ci/postgres stop; exit $$status

clean:
	rm -rf $(VENV) $(VENV)-lock .venv-validators var test-artifacts .browser/node_modules
