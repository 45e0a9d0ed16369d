# The two commands of the quick start: `make run` and `make test`. Both install what they need.
SHELL := /bin/bash
export PATH := $(HOME)/.local/bin:$(PATH)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup lint typecheck pytest demo-data bench

run: setup
	DEBUG=true scripts/demo-data
	@echo "Inspectorate is at http://$(HOST):$(PORT)/ (Ctrl-C stops it)"
	DEBUG=true uv run --frozen inspectorate serve $(HOST):$(PORT)

test:
	scripts/setup --for-tests
	$(MAKE) --no-print-directory lint typecheck pytest

setup:
	scripts/setup

lint:
	uv run --frozen ruff check .
	uv run --frozen ruff format --check .

typecheck:
	uv run --frozen mypy inspectorate

pytest:
	uv run --frozen pytest --cov --cov-report=term:skip-covered --cov-report=html:var/coverage $(PYTEST_ARGS)

bench:
	uv run --frozen python bench/grading.py
	uv run --frozen python bench/import.py
	uv run --frozen python bench/planning.py
