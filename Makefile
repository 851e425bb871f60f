# Two entry points for a fresh Linux machine with Python 3.11:
#   make run    set up .venv and open the viewer on the bundled seeds
#   make test   set up .venv and run the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-quick bench package clean qt-system-libs

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

test: $(STAMP)
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

test-quick: $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow" $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python -m viewer.bench

package: $(STAMP)
	sh packaging/build.sh

clean:
	rm -rf $(VENV) build dist *.egg-info
