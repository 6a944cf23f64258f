# Two commands do all the set-up: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= $(or $(DALIL_DB),data/dalil.db)
CORPUS ?= $(or $(DALIL_CORPUS_DIR),seeds)

.PHONY: run test lint index clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

index: $(STAMP)
	$(BIN)/dalil --db $(DB) index --source $(CORPUS) --quiet

run: index
	@if [ -n "$$TELEGRAM_BOT_TOKEN" ] || grep -qs '^TELEGRAM_BOT_TOKEN=.\+' .env; then \
		$(BIN)/dalil --db $(DB) run; \
	else \
		echo "No TELEGRAM_BOT_TOKEN set: starting the terminal chat. Put the token in .env to go live on Telegram."; \
		$(BIN)/dalil --db $(DB) chat; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) data
