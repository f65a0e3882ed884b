# Loket: two commands do all the set-up on a fresh machine.
#   make demo   virtualenv, packages, assets, database, demo data, server on :8000
#   make test   the whole test suite (installs the test tools it needs)
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# Demo and tests run on the embedded default: SQLite in ./var, DEBUG on.
DEMO_ENV := DEBUG=1

.PHONY: demo test install assets messages system-packages browser serve bench clean

demo: install assets messages
	$(DEMO_ENV) $(BIN)/loket migrate --noinput
	$(DEMO_ENV) $(BIN)/loket demo
	@echo ""
	@echo "Loket draait op http://$(HOST):$(PORT)/  (stoppen: Ctrl+C)"
	$(DEMO_ENV) $(BIN)/loket runserver $(HOST):$(PORT)

test: install assets messages browser
	$(BIN)/pytest $(PYTEST_ARGS)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Re-installs only when the dependency files change.
$(VENV)/.installed: $(BIN)/python pyproject.toml requirements.lock
	$(BIN)/pip install --quiet -c requirements.lock -e '.[test]'
	touch $@

install: $(VENV)/.installed

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

assets: node_modules/.package-lock.json

# gettext's msgfmt compiles the translations; Debian ships it in 'gettext'.
system-packages:
	@command -v msgfmt >/dev/null || { apt-get update -qq && apt-get install -y -qq gettext; }

messages: system-packages install
	cd src/loket && ../../$(BIN)/django-admin compilemessages --ignore=.venv >/dev/null

# Debian's chromium for the browser tests (Playwright never downloads its own).
browser:
	@test -x /usr/bin/chromium || { apt-get update -qq && apt-get install -y -qq chromium; }

serve:
	$(DEMO_ENV) $(BIN)/loket runserver $(HOST):$(PORT)

bench: install
	$(BIN)/python bench/esco_import.py
	$(BIN)/python bench/taxonomy_search.py
	$(BIN)/python bench/transitions.py  # full ESCO: DATABASE_URL, else loket_esco
	@if [ -z "$$DATABASE_URL" ]; then echo "bench/matching*.py: set DATABASE_URL to a database filled by loket generate"; else \
	  $(BIN)/python bench/matching.py && $(BIN)/python bench/matching_batch.py; fi
	@if [ -z "$$DATABASE_URL" ]; then echo "bench/routes.py, bench/catalog_search.py: set DATABASE_URL to a database filled by loket generate --offerings 20000"; else \
	  $(BIN)/python bench/routes.py && $(BIN)/python bench/catalog_search.py; fi
	@if [ -z "$$DATABASE_URL" ]; then echo "bench/ledger.py: set DATABASE_URL to a PostgreSQL database (e.g. a fresh loket_ledger_bench)"; else \
	  $(BIN)/python bench/ledger.py; fi
	@if [ -z "$$DATABASE_URL" ]; then echo "bench/snapshot.py, bench/dashboard.py: set DATABASE_URL to a database filled by loket generate --persons 1500000 --vacancies 100000"; else \
	  $(BIN)/python bench/snapshot.py && $(BIN)/python bench/dashboard.py; fi

clean:
	rm -rf $(VENV) node_modules var
