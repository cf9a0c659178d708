# newsroom: `make serve` installs and serves the archive with the seeds ingested;
# `make test` installs and runs the whole test suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

WORKERS ?= 2

.PHONY: install serve production test test-postgres loadtest browser-deps clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

serve: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py ingest seeds/
	$(PY) manage.py rebuild_index
	@echo
	@echo "newsroom is at http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	@echo "Create an editor account with:  $(PY) manage.py createsuperuser"
	@echo
	$(PY) manage.py runserver $(HOST):$(PORT)

AXE_VERSION := 4.14.1
AXE := .browser/node_modules/axe-core/axe.min.js

# Optional: the production server (gunicorn, debug off, hashed and compressed static files).
# Needs DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS in the environment; see the README.
production: install
	DJANGO_DEBUG=false $(PY) manage.py check --deploy --fail-level WARNING
	DJANGO_DEBUG=false $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=false $(PY) manage.py collectstatic --noinput --verbosity 0
	DJANGO_DEBUG=false $(PY) -m gunicorn newsroom.wsgi --workers $(WORKERS) --bind $(HOST):$(PORT) --access-logfile -

# The load test (loadtest/run.py): 2 gunicorn workers, 10,000 articles, 20 readers for 60 s, edits and an ingest.
loadtest: install
	$(PY) -m pip install --quiet -e '.[load]'
	$(PY) loadtest/run.py

# The browser tests drive Debian's Chromium and inject axe-core (from npm); install them when missing.
browser-deps: $(AXE)
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Chromium is missing: run 'sudo apt-get install chromium' for the browser tests." >&2; exit 1; fi; }

$(AXE):
	npm install --silent --no-audit --no-fund --no-save --no-package-lock --prefix .browser axe-core@$(AXE_VERSION)

test: install browser-deps
	$(PY) -m pytest $(PYTEST_ARGS)

# The same suite on a real PostgreSQL server, started in a temporary directory (.ci/postgres).
test-postgres: install browser-deps
	eval "$$(.ci/postgres start)" && $(PY) -m pytest $(PYTEST_ARGS); status=$$?; .ci/postgres stop; exit $$status

clean:
	rm -rf $(VENV) var test-artifacts .browser
