# Trunkline set-up. Two commands matter: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DATA   ?= var

.PHONY: run test lint typecheck install assets system-deps bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall when the project's dependencies change.
$(VENV)/.installed: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

install: $(VENV)/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/dist/.built: node_modules/.installed static/build.mjs $(shell find static/src -type f)
	npm run --silent build
	touch $@

assets: static/dist/.built

# Debian packages the tests drive (Chromium for the browser tests).
system-deps:
	@scripts/system-deps.sh

run: install assets
	TRUNKLINE_DATA_DIR=$(DATA) $(BIN)/trunkline init
	@if [ ! -f $(DATA)/.demo-seeded ]; then \
		TRUNKLINE_DATA_DIR=$(DATA) $(BIN)/trunkline demo && touch $(DATA)/.demo-seeded; fi
	TRUNKLINE_DATA_DIR=$(DATA) $(BIN)/trunkline run

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy

# The suite runs on every core up to four (pytest-xdist); a file's tests stay on one worker,
# so a browser test module starts its server once.
test: install assets system-deps lint typecheck
	$(BIN)/pytest -n auto --maxprocesses=4 --dist loadfile

bench: install assets
	@scripts/system-deps.sh wrk || echo "bench: wrk unavailable; the HTTP figures use an httpx client"
	$(BIN)/python bench/http_api.py
	$(BIN)/python bench/scriptforge.py
	$(BIN)/python bench/querybuilder.py
	$(BIN)/python bench/pagebuilder.py
	$(BIN)/python bench/connexml.py
	$(BIN)/python bench/rating.py

clean:
	rm -rf $(VENV) node_modules static/dist .pytest_cache .mypy_cache .ruff_cache
