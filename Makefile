# Two commands a newcomer needs: `make run` (install and start the app) and `make test` (install and run every test).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test install install-dev browser lint bench clean

$(BIN)/python:
	$(PY) -m venv $(VENV)

install: $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt

install-dev: $(BIN)/python
	$(BIN)/pip install -q -r requirements-dev.txt

# Debian's Chromium for the real-browser tests (never `playwright install`: it downloads a browser).
browser:
	@test -x /usr/bin/chromium || { SUDO=$$(command -v sudo || true); $$SUDO apt-get update && $$SUDO apt-get install -y chromium fonts-noto-color-emoji; }

# One BLAS/OpenMP thread: on a small machine, numpy's and torch's spinning threads fight each other and
# the browser (a heavy /bptt redraw went from ~0.4 s to ~2 s with the default).
export OMP_NUM_THREADS ?= 1
export OPENBLAS_NUM_THREADS ?= 1

run: install
	$(BIN)/streamlit run app.py

lint: install-dev
	$(BIN)/ruff check .

test: install-dev browser
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

bench: install-dev browser
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) artifacts .pytest_cache .ruff_cache .hypothesis
