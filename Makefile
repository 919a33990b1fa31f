# The two commands of a fresh machine: `make run` and `make test` (docs/interfaces.md#commands).
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

# The intent classifier, trained from bot/nlu/train.yml (scikit-learn at build time only).
NLU_MODEL := bot/nlu/model.npz
$(NLU_MODEL): bot/nlu/train.yml bot/nlu/features.py bot/nlu/build.py | $(VENV)/.run-installed
	$(BIN)/python -m bot.nlu.build

run: $(VENV)/.run-installed $(NLU_MODEL)
	$(BIN)/fatura init-db
	$(BIN)/fatura create-admin admin
	$(BIN)/fatura demo-data
	$(BIN)/fatura serve --port $(PORT)

# Debian packages the tests need: zbar-tools and poppler-utils read barcodes and PDFs back;
# libharfbuzz-subset0 lets WeasyPrint subset fonts 5x faster than its fontTools fallback;
# chromium and chromium-driver run the browser tests (Selenium uses the system driver).
SYSTEM_PACKAGES := zbar-tools poppler-utils libharfbuzz-subset0 chromium chromium-driver
system-tools:
	@if ! command -v zbarimg >/dev/null || ! command -v pdftoppm >/dev/null \
		|| ! command -v chromedriver >/dev/null || ! ldconfig -p | grep -q libharfbuzz-subset; then \
		echo "installing $(SYSTEM_PACKAGES)"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $(SYSTEM_PACKAGES) >/dev/null; \
	fi

# ruff for style; lint-imports for the import contracts in pyproject.toml (docs/architecture.md).
lint: $(VENV)/.test-installed
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-logo

test: $(VENV)/.test-installed system-tools lint $(NLU_MODEL)
	$(BIN)/python -m pytest -n 2

clean:
	rm -rf $(VENV) instance .pytest_cache $(NLU_MODEL)
