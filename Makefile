# enlace: `make demo` sets everything up and serves the demo; `make test` runs the tests.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
ENLACE := $(BIN)/enlace
STAMP := $(VENV)/.installed-stamp
PO := src/enlace/locale/es_MX/LC_MESSAGES/django.po
MO := $(PO:.po=.mo)

.DEFAULT_GOAL := help
.PHONY: help install demo serve test test-fast lint format messages bench clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'

install: $(STAMP) $(MO) ## Create .venv with pinned dependencies and the `enlace` command
$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $(STAMP)

$(MO): $(PO) $(STAMP)
	cd src/enlace && ../../$(BIN)/python -m django compilemessages --settings=enlace.config.settings.test -v 0

demo: install ## Install, migrate, load reference and demo data, serve on 127.0.0.1:8000
	$(ENLACE) demo
	$(ENLACE) serve

serve: install ## Serve the app on 127.0.0.1:8000 (no data loading)
	$(ENLACE) serve

test: install ## Run the tests (SQLite, or PostgreSQL when DATABASE_URL says so), one worker per core
	$(BIN)/python -m pytest -q -n auto --dist loadfile -m "not browser and not demo"
	$(BIN)/python -m pytest -q -n auto --dist loadfile -m "demo and not browser"
	$(BIN)/python -m pytest -q -n auto --dist loadfile -m browser

lint: install ## ruff, mypy, layer contracts, migrations and translation-catalog checks
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m django makemigrations --check --dry-run --settings=enlace.config.settings.test
	$(BIN)/python scripts/check_messages.py
	$(BIN)/python scripts/openapi.py --check

format: install ## Fix formatting and autofixable lint
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

messages: install ## Refresh the Spanish catalog from the code and compile it
	$(BIN)/python scripts/check_messages.py --update
	$(MAKE) $(MO)

bench: install ## Run the benchmarks in benchmarks/
	@for f in benchmarks/*.py; do [ -e "$$f" ] && $(BIN)/python $$f; done; true

clean: ## Remove the virtualenv and local data
	rm -rf $(VENV) var
