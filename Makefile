# Quick start: `make reports` (build the data, run every notebook, export HTML reports)
# and `make test`. Each target creates .venv and installs requirements.txt when missing.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
# Every raw table the package lists, so that a deleted one is noticed.
RAW := data/datapackage.json data/hosts.csv $(shell sed -n 's|.*"path": *"\(raw/[^"]*\)".*|data/\1|p' data/datapackage.json)
# The modules the data build runs; a change to them rebuilds data/clean/.
BUILD_CODE := $(wildcard helpers/build/*.py) $(addprefix helpers/,periods.py timeline.py data.py query.py atomic.py)

.PHONY: help install data test reports pdf notebooks lab external benchmark clean linkcheck lock explore

help:
	@echo "make reports   build the dataset, execute every notebook, export HTML to reports/"
	@echo "make pdf       print every report to PDF (A4, charts as vectors) with headless Chromium"
	@echo "make test      run the test suite (unit tests + nbval on every notebook)"
	@echo "make data      validate data/raw/ and rebuild data/clean/"
	@echo "make notebooks rerun every notebook in place and save its outputs (after a data change)"
	@echo "make lab       open JupyterLab on notebooks/"
	@echo "make explore   browse and search the dataset in Datasette on 127.0.0.1 (no code)"
	@echo "make external download the CNS missile test database into data/external/"
	@echo "make benchmark time make reports against the naive baseline and the floor"
	@echo "make linkcheck request every cited page and list dead, moved and redirected ones (needs a network)"
	@echo "make lock      refresh requirements.lock: the newest versions requirements.txt allows, with hashes"

# JupyterLab's settings for this environment: no news or update pop-ups.
LAB_OVERRIDES := $(VENV)/share/jupyter/lab/settings/overrides.d/nk-diplomacy.json
# JupyterLab's kernels talk over local IPC sockets, not TCP (no "running over TCP without encryption" warning).
SERVER_CONFIG := $(VENV)/etc/jupyter/jupyter_server_config.json

$(INSTALLED): requirements.lock pyproject.toml scripts/jupyterlab-overrides.json scripts/jupyter-server-ipc.json
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@# Exact versions with hashes (requirements.lock, from requirements.txt by `make lock`), then the project itself.
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@# jsonschema's optional IRI checker compiles ~35 parsers on import (2+ s in every kernel); nothing here needs it.
	$(BIN)/python -m pip uninstall --quiet --yes rfc3987-syntax
	install -D -m 644 scripts/jupyterlab-overrides.json $(LAB_OVERRIDES)
	install -D -m 644 scripts/jupyter-server-ipc.json $(SERVER_CONFIG)
	@touch $@

install: $(INSTALLED)

# One command swaps in data/clean/ and its dictionary in data/README.md (helpers.build). Killed
# during it, make must not delete the target: the build itself never leaves it half-written.
.PRECIOUS: data/clean/datapackage.json
data/clean/datapackage.json: $(INSTALLED) $(RAW) $(BUILD_CODE)
	$(BIN)/python -m helpers.build

# A table the package lists but the folder lacks stops the build, not "Nothing to be done".
data/raw/%.csv:
	@echo "data/raw/$*.csv is missing: data/datapackage.json lists it (restore it, or remove it there)" >&2; exit 1

data: data/clean/datapackage.json

test: $(INSTALLED)
	$(BIN)/python -m pytest

# Reruns only the notebooks whose report is out of date (helpers/reports/freshness.py);
# `make reports REPORTS_FLAGS=--force` rebuilds every one.
reports: data
	$(BIN)/python -m helpers.reports $(REPORTS_FLAGS)

pdf: reports
	$(BIN)/python -m helpers.reports.pdf

notebooks: data
	$(BIN)/python -m helpers.reports --in-place

# The environment's kernels come first (JUPYTER_PATH), whatever ~/.local holds; root (containers, CI) is allowed.
lab: data
	JUPYTER_PATH=$(abspath $(VENV))/share/jupyter $(BIN)/jupyter lab --notebook-dir=notebooks \
	    $(if $(filter 0,$(shell id -u)),--allow-root)

# The clean tables as a SQLite database (build/nk-diplomacy.db, rebuilt when the data is newer) in Datasette, on loopback.
explore: data
	$(BIN)/python -m helpers.build.explore

external: $(INSTALLED)
	$(BIN)/python -m helpers.cns

benchmark: data
	$(BIN)/python scripts/benchmark.py

clean:
	rm -rf reports

# For a maintainer with a network: request every cited page politely and list the dead, moved and
# redirected ones with the rows citing them (build/linkcheck.csv). Never changes data/raw/.
linkcheck: $(INSTALLED)
	$(BIN)/python -m helpers.build.linkcheck

# Upgrading: the newest versions requirements.txt's ranges allow, pinned with hashes for this Python. Then rerun
# `make notebooks` and `make test`, and commit requirements.lock with the rerun notebooks (README, "Versions").
lock: $(INSTALLED)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "uv>=0.9,<1"
	$(BIN)/uv pip compile requirements.txt --generate-hashes --no-annotate --custom-compile-command "make lock" \
	    --python-version $(shell $(BIN)/python -c 'import platform; print(platform.python_version())') \
	    -o requirements.lock
