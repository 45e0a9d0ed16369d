# The two commands of the quick start: `make run` and `make test`. Both install what they need.
# `make test` is ruff, import-linter's contracts (pyproject.toml), mypy and the test suite.
SHELL := /bin/bash
export PATH := $(HOME)/.local/bin:$(PATH)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup lint typecheck pytest demo-data bench

# DEBUG and the secret key come from var/local.env, which setup writes when it is missing.
run: setup
	scripts/demo-data
	@echo "Inspectorate is at http://$(HOST):$(PORT)/ (Ctrl-C stops it)"
	uv run --frozen inspectorate serve $(HOST):$(PORT)

test:
	scripts/setup --for-tests
	$(MAKE) --no-print-directory lint typecheck pytest

setup:
	scripts/setup

lint:
	uv run --frozen ruff check .
	uv run --frozen ruff format --check .
	uv run --frozen lint-imports

typecheck:
	uv run --frozen mypy inspectorate

# Over every core (pytest-xdist), a test module per worker at a time so that each module's shared
# fixtures are built once; PYTEST_WORKERS=0 runs in one process.
PYTEST_WORKERS ?= auto
pytest:
	uv run --frozen pytest -n $(PYTEST_WORKERS) --dist loadscope \
	  --cov --cov-report=term:skip-covered --cov-report=html:var/coverage $(PYTEST_ARGS)

bench:
	uv run --frozen python bench/grading.py
	uv run --frozen python bench/import.py
