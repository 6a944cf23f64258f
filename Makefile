# Two commands do all the set-up: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# `make run` installs what the bot needs; `make test` adds the dev tools (pytest, ruff…).
RUNTIME := $(VENV)/.installed-runtime
DEV := $(VENV)/.installed-dev

.PHONY: run test lint index clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(RUNTIME): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $(RUNTIME)

$(DEV): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(RUNTIME) $(DEV)

# Settings (DALIL_DB, DALIL_CORPUS_DIR, the token…) are read by `dalil` itself from the
# environment and .env: make passes nothing on.
index: $(RUNTIME)
	$(BIN)/dalil index --quiet

# `dalil start` refreshes the index, then starts the bot, or the terminal chat without a token.
run: $(RUNTIME)
	$(BIN)/dalil start

lint: $(DEV)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) data
