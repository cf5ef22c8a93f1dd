# hocvuso: the two commands a new user needs are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
DEMO_PEOPLE ?= 3000
HOST ?= 127.0.0.1
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/test

.PHONY: run test test-sqlite test-pg lint typecheck chromium bench messages setup demo clean

$(VENV)/.runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt $(VENV)/.runtime
	$(PIP) install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

setup: $(VENV)/.runtime
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py load_units
	$(PY) manage.py seed_demo --people $(DEMO_PEOPLE) --seed 67 --if-empty
	$(PY) manage.py collectstatic --noinput -v0

## run: install, migrate, load units and the demo province, print logins, serve on http://127.0.0.1:8000
run: setup
	$(PY) manage.py demo_logins
	$(PY) manage.py runserver $(HOST):$(PORT)

## test: lint, layer contract, types, translations, the whole suite on SQLite (incl. browser + schemathesis)
test: $(VENV)/.dev chromium lint typecheck messages test-sqlite

test-sqlite: $(VENV)/.dev
	$(VENV)/bin/pytest -q -n 2 --dist loadfile

## test-pg: the same suite on PostgreSQL (DATABASE_URL=$(PG_URL))
test-pg: $(VENV)/.dev chromium
	DATABASE_URL=$(PG_URL) $(VENV)/bin/pytest -q -n 2 --dist loadfile

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

typecheck: $(VENV)/.dev
	$(VENV)/bin/mypy hocvuso config

## messages: compile translations (the suite fails on untranslated strings)
messages: $(VENV)/.runtime
	$(PY) manage.py compilemessages -v0 --ignore=.venv

## chromium: Debian's chromium for the Playwright tests (installed when missing; needs root)
chromium:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium missing: run 'sudo apt-get install chromium'"; exit 1; fi; }

bench: $(VENV)/.dev
	$(PY) bench/import.py --people 1000000
	$(PY) bench/import.py --xlsx-rows 100000

clean:
	rm -rf var
