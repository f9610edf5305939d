# PeerCircle: `make run` serves the demo, `make test` runs lint and every test.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: run test lint setup demo migrate bench clean audit

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --upgrade "pip>=24"
	$(BIN)/pip install --quiet --disable-pip-version-check -c requirements.lock -e ".[dev]"
	touch $(STAMP)

setup: $(STAMP)

migrate: setup
	$(BIN)/peercircle migrate --noinput

demo: migrate
	$(BIN)/peercircle demo

run: demo
	@echo ""
	@echo "PeerCircle: http://127.0.0.1:8000"
	$(BIN)/peercircle run --no-migrate

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

test: lint
	$(BIN)/pytest

bench: setup
	$(BIN)/python -m bench.screening
	$(BIN)/python -m bench.matching --quick

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache

audit: setup
	$(BIN)/pip install --quiet pip-audit
	$(BIN)/pip-audit -r requirements.lock
