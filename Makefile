# Quartiernetz: `make run` sets everything up and starts; `make test` runs every test.
# Needs only python3 (>= 3.11) and, for the Cypher linter test, node/npm.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
DB     ?= $(or $(QUARTIERNETZ_DB),quartiernetz.db)
LINT   := tests/cypher_lint

.PHONY: run test install lint bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,dev]'
	touch $@

install: $(VENV)/.installed

$(LINT)/node_modules/.installed: $(LINT)/package.json $(LINT)/package-lock.json
	npm ci --prefix $(LINT) --no-audit --no-fund --loglevel=error
	touch $@

# The service on http://127.0.0.1:8000 with the Zurich sample; prints an admin token and a
# login link on first start (the token is stored only as a hash: keep it).
run: install
	$(VENV)/bin/quartiernetz --db $(DB) init
	$(VENV)/bin/quartiernetz --db $(DB) load-sample zurich --if-empty
	$(VENV)/bin/quartiernetz --db $(DB) users first-admin --url http://127.0.0.1:8000
	$(VENV)/bin/quartiernetz --db $(DB) serve --host 127.0.0.1 --port 8000

test: install $(LINT)/node_modules/.installed
	$(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check graph api loaders tests bench
	$(VENV)/bin/mypy

bench: install
	$(PY) bench/store.py

clean:
	rm -rf $(VENV) $(LINT)/node_modules .pytest_cache
