# The two commands of a fresh machine: `make run` and `make test` (CONTRACT.md §1).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Demo-only credentials for `make run`; production sets its own environment.
export FATURA_ADMIN_PASSWORD ?= fatura-demo-2026
export API_TOKEN ?= demo-token

.PHONY: run test lint system-tools clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.run-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.test-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e ".[test]"
	touch $@ $(VENV)/.run-installed

run: $(VENV)/.run-installed
	$(BIN)/fatura init-db
	$(BIN)/fatura create-admin admin
	$(BIN)/fatura demo-data
	$(BIN)/fatura serve --port $(PORT)

# Debian tools the tests read documents back with (barcodes, PDF text and pages).
system-tools:
	@if ! command -v zbarimg >/dev/null || ! command -v pdftoppm >/dev/null; then \
		echo "installing zbar-tools and poppler-utils"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq zbar-tools poppler-utils >/dev/null; \
	fi

lint: $(VENV)/.test-installed
	$(BIN)/ruff check .

test: $(VENV)/.test-installed system-tools lint
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) instance .pytest_cache
