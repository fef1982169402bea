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

run: install
	$(VENV)/bin/quartiernetz --db $(DB) init
	$(VENV)/bin/quartiernetz --db $(DB) stats

test: install $(LINT)/node_modules/.installed
	$(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check graph api loaders tests bench
	$(VENV)/bin/mypy

bench: install
	$(PY) bench/store.py

clean:
	rm -rf $(VENV) $(LINT)/node_modules .pytest_cache
