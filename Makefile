# vzmap: two commands for a fresh machine (see README.md).
#   make map    set everything up, then serve the story map of the shipped data
#   make test   set everything up (Chromium, GDAL, test tools), then run the whole test suite

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 5000
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: map test setup setup-test system-deps lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

setup: $(BIN)/python
	$(BIN)/pip install --quiet -e .

setup-test: $(BIN)/python system-deps
	$(BIN)/pip install --quiet -e '.[test]'

# Debian packages the browser and interop tests use (never a browser download).
system-deps:
	@if ! command -v chromium >/dev/null || ! command -v ogrinfo >/dev/null; then \
	  echo "Installing Debian packages chromium and gdal-bin..."; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium gdal-bin >/dev/null; \
	fi

map: setup
	$(BIN)/vzmap validate data/places.geojson
	$(BIN)/vzmap serve --places data/places.geojson --port $(PORT)

test: setup-test
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest

lint: setup-test
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy

bench: setup-test
	$(BIN)/pip install --quiet geotext
	$(BIN)/python benchmarks/geoparse_accuracy.py
	$(BIN)/python benchmarks/speed.py
	$(BIN)/python benchmarks/bench_events.py
	$(BIN)/python benchmarks/bench_map.py

clean:
	rm -rf $(VENV) artifacts .pytest_cache .ruff_cache
