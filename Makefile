# Set-up and everyday commands. `make run` and `make test` are the two the README shows.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test venv syslibs bench screenshots clean

run: venv syslibs
	$(PY) -m desktop

test: venv syslibs
	$(PY) -m pytest -q

venv: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	@sh tools/make_venv.sh $(PYTHON) $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install -q --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

syslibs:
	@sh tools/system_libs.sh

bench: venv syslibs
	$(PY) bench/run.py

screenshots: venv syslibs
	@sh tools/system_libs.sh xvfb xauth
	xvfb-run -a -s "-screen 0 1600x1000x24" $(PY) tools/screenshots.py screenshots

clean:
	rm -rf $(VENV) build dist screenshots .pytest_cache
include packaging/bundle.mk
