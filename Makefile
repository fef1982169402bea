# Quartiernetz: `make run` sets everything up and starts; `make test` runs every test.
# Needs only python3 (>= 3.11) with a C compiler (cc) and, for the tests, node/npm.
#   make run                         # http://127.0.0.1:8000
#   make run HOST=0.0.0.0 PORT=8080  # another address or port

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
DB     ?= $(or $(QUARTIERNETZ_DB),quartiernetz.db)
HOST   ?= 127.0.0.1
PORT   ?= 8000
URL    ?= http://$(if $(filter 0.0.0.0,$(HOST)),127.0.0.1,$(HOST)):$(PORT)
LINT   := tests/cypher_lint
AXE    := tests/axe
# a change to any of these reinstalls (the C kernel is compiled by pip install)
SOURCES := pyproject.toml setup.py graph/analysis/_kernel.c

.PHONY: run test install install-test lint bench clean

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# the service alone: runtime dependencies only
$(VENV)/.installed: $(SOURCES) | $(VENV)/bin/activate
	$(PY) -m pip install --quiet -e .
	touch $@

# the service plus the test and development tools
$(VENV)/.installed-test: $(SOURCES) | $(VENV)/bin/activate
	$(PY) -m pip install --quiet -e '.[test,dev]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

$(LINT)/node_modules/.installed: $(LINT)/package.json $(LINT)/package-lock.json
	npm ci --prefix $(LINT) --no-audit --no-fund --loglevel=error
	touch $@

$(AXE)/node_modules/.installed: $(AXE)/package.json $(AXE)/package-lock.json
	npm ci --prefix $(AXE) --no-audit --no-fund --loglevel=error
	touch $@

# The service on http://$(HOST):$(PORT) with the Zurich sample; prints an admin token and a
# login link on first start (the token is stored only as a hash: keep it).
run: install
	$(VENV)/bin/quartiernetz --db $(DB) init
	$(VENV)/bin/quartiernetz --db $(DB) load-sample zurich --if-empty
	$(VENV)/bin/quartiernetz --db $(DB) users first-admin --url $(URL)
	$(VENV)/bin/quartiernetz --db $(DB) serve --host $(HOST) --port $(PORT)

test: install-test $(LINT)/node_modules/.installed $(AXE)/node_modules/.installed
	$(PY) -m pytest

lint: install-test
	$(VENV)/bin/ruff check graph api loaders tests bench
	$(VENV)/bin/mypy

bench: install-test
	$(PY) bench/store.py

clean:
	rm -rf $(VENV) $(LINT)/node_modules $(AXE)/node_modules .pytest_cache
