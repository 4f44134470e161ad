# MDC Analytics: the single command surface. `make help` lists the targets.
# Configuration comes from MDC_* environment variables (README, "Configuration").

SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | md5sum | cut -c1-12)
DBT := $(BIN)/mdc dbt
SCALE ?= demo

.DEFAULT_GOAL := help
.PHONY: help setup browser demo synth load build check test lint docs dashboard bench bench-group bench-load doctor clean

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

setup: $(STAMP) ## create .venv and install the project with its dev tools (idempotent)

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	$(BIN)/mdc dbt deps --quiet
	rm -f $(VENV)/.installed-* && touch $@

demo: setup ## the whole pipeline on the synthetic demo practice: synth, load, dbt build, dashboard check
	$(BIN)/mdc synth --scale $(SCALE)
	@# synth made a new practice: its rows keep timestamps an incremental load would take for already copied
	$(BIN)/mdc load --full-refresh
	$(DBT) build --full-refresh
	$(BIN)/mdc dashboard --check
	@echo "demo ready: 'make dashboard' serves it on http://127.0.0.1:$${MDC_DASHBOARD_PORT:-8501}, 'make docs' the data dictionary"

synth: setup ## create the synthetic OpenDental practice (SCALE=tiny|small|demo|large; with MDC_PRACTICES every practice)
	$(BIN)/mdc synth --scale $(SCALE)

load: setup ## copy OpenDental into MDC_RAW_SCHEMA (incremental)
	$(BIN)/mdc load

build: setup ## dbt build (models, seeds, tests) into MDC_DBT_SCHEMA
	$(DBT) build

check: setup ## every dbt test over the whole history (weekly; a nightly build checks what it changed)
	$(DBT) test --vars 'full_check: true'

doctor: setup ## check connections, privileges and settings
	$(BIN)/mdc doctor

browser: ## install Debian's headless chromium if missing (browser tests)
	@.ci/install-browser

test: setup browser ## run the whole test suite (real MariaDB; each test in its own database)
	$(BIN)/pytest -n 2 --dist loadgroup

lint: setup ## lint SQL (sqlfluff, dbt templater, no database needed) and Python (ruff, mypy)
	$(BIN)/ruff check mdc loaders synth tests dashboards bench examples
	$(BIN)/mypy mdc loaders synth bench examples
	cd dashboards && ../$(BIN)/mypy .  # the pages import each other by module name
	@mkdir -p .make
	@# two passes, one per mode of dbt_project.yml (a disabled model is skipped): the practice build's
	@# folders, then the group layer with a sample MDC_GROUP_PRACTICES
	cd dbt_project && ../$(BIN)/sqlfluff lint $$(find models tests -mindepth 1 -maxdepth 1 -type d ! -name group) \
		analyses 2>&1 | tee ../.make/sqlfluff.log; exit $${PIPESTATUS[0]}
	cd dbt_project && MDC_GROUP_PRACTICES='[{"id": "lint", "name": "Lint"}]' ../$(BIN)/sqlfluff lint models/group \
		tests/group 2>&1 | tee -a ../.make/sqlfluff.log; exit $${PIPESTATUS[0]}
	@if grep -n "Skipped file" .make/sqlfluff.log; then echo "sqlfluff skipped the files above"; exit 1; fi
	$(BIN)/sqlfluff lint macros --templater jinja

docs: setup ## generate the data dictionary and serve it on 127.0.0.1:8080
	$(DBT) docs generate
	$(DBT) docs serve --host 127.0.0.1 --port 8080 --no-browser

dashboard: setup ## serve the dashboards on 127.0.0.1 (port MDC_DASHBOARD_PORT, default 8501; reads only the marts)
	$(BIN)/mdc dashboard

bench-load: setup ## load the large practice with the loader and with mysqldump; print the ratio
	$(BIN)/python bench/bench_load.py --scale $${BENCH_SCALE:-large}

bench: setup ## full vs nightly load + build, query latency (BENCH_SCALE=large|demo), then bench-group (BENCH_GROUP=0: not)
	$(BIN)/python bench/bench.py --scale $${BENCH_SCALE:-large}
	@if [ "$${BENCH_GROUP:-1}" != 0 ]; then $(MAKE) --no-print-directory bench-group; fi

bench-group: setup ## 1, 2 and 4 practices in one warehouse: load, full and nightly build, size (BENCH_GROUP_SCALE=demo)
	$(BIN)/python bench/bench_group.py --scale $${BENCH_GROUP_SCALE:-demo}

clean: ## remove the virtualenv and build outputs
	rm -rf $(VENV) dbt_project/target dbt_project/dbt_packages dbt_project/logs
