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
# Debian packages: browser tests, translations, read-aloud audio (espeak-ng + opus), Khmer font.
SYSTEM_PACKAGES := chromium gettext espeak-ng opus-tools fonts-khmeros

.PHONY: run test test-sqlite test-pg lint typecheck system-deps bench messages messages-update setup clean

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
	$(PY) manage.py load_frameworks
	$(PY) manage.py load_content
	$(PY) manage.py load_questions
	$(PY) manage.py load_holidays
	$(PY) manage.py seed_demo --people $(DEMO_PEOPLE) --seed 67 --if-empty
	$(PY) manage.py seed_campaign_demo --if-empty
	$(PY) manage.py fill_kpi
	$(PY) manage.py collectstatic --noinput -v0

## run: install, migrate, load units and the demo province, print logins, serve on http://127.0.0.1:8000
run: setup
	$(PY) manage.py demo_logins
	$(PY) manage.py runserver $(HOST):$(PORT)

## test: lint, layer contract, types, translations, the whole suite on SQLite (incl. browser + schemathesis)
test: $(VENV)/.dev system-deps lint typecheck messages test-sqlite

test-sqlite: $(VENV)/.dev
	$(VENV)/bin/pytest -q -n 2 --dist loadfile

## test-pg: the same suite on PostgreSQL (DATABASE_URL=$(PG_URL))
test-pg: $(VENV)/.dev system-deps
	DATABASE_URL=$(PG_URL) $(VENV)/bin/pytest -q -n 2 --dist loadfile

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

typecheck: $(VENV)/.dev
	$(VENV)/bin/mypy hocvuso config

## messages: compile translations (the suite fails on untranslated strings)
messages: $(VENV)/.runtime
	$(PY) manage.py compilemessages -v0 --ignore=.venv

## messages-update: collect new strings into locale/*/django.po (then translate them)
messages-update: $(VENV)/.runtime
	$(PY) manage.py makemessages -l vi -l km -l en --no-obsolete --no-location -v0 --ignore=.venv --ignore=tests --ignore=bench --ignore=var

## system-deps: $(SYSTEM_PACKAGES), installed when missing (root)
system-deps:
	@if ! command -v chromium >/dev/null || ! command -v msgfmt >/dev/null || ! command -v espeak-ng >/dev/null \
	    || ! command -v opusenc >/dev/null || [ ! -d /usr/share/fonts/truetype/khmeros ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_PACKAGES) >/dev/null; \
	  else echo "missing system packages: run 'sudo apt-get install $(SYSTEM_PACKAGES)'"; exit 1; fi; fi

## bench: roster import at 1M people, a 100k-row XLSX, search at 1M people, learner page weight and speed, certificates (docs/benchmarks.md)
bench: $(VENV)/.dev
	$(PY) bench/import.py --people 1000000
	$(PY) bench/import.py --xlsx-rows 100000
	$(PY) bench/search.py
	$(PY) bench/pages.py
	$(PY) bench/certificates.py

clean:
	rm -rf var
