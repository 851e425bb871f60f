# Two entry points for a fresh Linux machine with Python 3.11:
#   make run    set up .venv and open the viewer on the bundled seeds
#   make test   set up .venv, lint and type-check the code, and run the whole test suite
#   make eval   score grouping, event days and alignment against gold annotations
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-quick lint typecheck bench eval package clean qt-system-libs

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

# A real (xcb) window needs X libraries that minimal machines lack.
qt-system-libs:
	@sh packaging/ensure-qt-libs.sh

run: $(STAMP) qt-system-libs
	$(BIN)/python -m viewer $(ARGS)

# The linter and the type checker (configured in pyproject.toml) run before the tests.
lint: $(STAMP)
	$(BIN)/python -m ruff check viewer tests

typecheck: $(STAMP)
	$(BIN)/python -m mypy

test: lint typecheck
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

test-quick: $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow" $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python -m viewer.bench

# Quality harness: grouping, event days and alignment against gold annotations.
# The seeds always; the development corpus too when ../shared/dev is present.
DEV ?= ../shared/dev
eval: $(STAMP)
	$(BIN)/python -m viewer.eval seeds --gold tests/gold_seeds.json $(ARGS)
	@if [ -f $(DEV)/gold.json ]; then \
		$(BIN)/python -m viewer.eval $(DEV)/articles --gold $(DEV)/gold.json $(ARGS); fi

package: $(STAMP)
	sh packaging/build.sh

clean:
	rm -rf $(VENV) build dist *.egg-info
