# The only entry point: `make build`, `make test`, `make quick`, `make lint`, `make serve`.
# Every target installs what it needs, so a fresh clone only needs Python 3.11, pip and npm.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
PIP    := $(PY) -m pip --disable-pip-version-check --quiet

.PHONY: build test quick lint format serve bench messages lock wheel vendor clean

# badgegen's dependencies come from the lock, pinned by hash: the same files that the CI of every
# badge repository installs (see badgegen/pinned.py). `make lock` refreshes it.
LOCK := badgegen/requirements.lock

$(VENV)/.installed: pyproject.toml $(LOCK)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --require-hashes --only-binary :all: -r $(LOCK)
	$(PIP) install --no-deps -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(PIP) install -e '.[test]'
	touch $@

# The independent Open Badges 2.0 validator lives in its own virtualenv: its old pins clash with ours.
VERIFIERS := .venv-verifiers
$(VERIFIERS)/.installed: tests/verifiers/ob2-requirements.txt
	test -x $(VERIFIERS)/bin/python || $(PYTHON) -m venv $(VERIFIERS)
	$(VERIFIERS)/bin/python -m pip --disable-pip-version-check --quiet install --no-deps -r $<
	touch $@

# The independent Open Badges 3.0 verifiers (Digital Bazaar's Data Integrity stack) come from npm.
tests/verifiers/node_modules/.installed: tests/verifiers/package-lock.json
	npm ci --prefix tests/verifiers --no-audit --no-fund
	touch $@

build: $(VENV)/.installed  ## set up and build content/ into output/
	$(BIN)/badgegen keys generate  # demo keys, made once per clone (see README)
	$(BIN)/badgegen build

# The real-browser tests: Debian's chromium (driven by Playwright, never its own browser download)
# and axe-core from npm. The venv comes first: the script checks the playwright package in it.
tests/browser/.installed: tests/browser/setup.sh tests/browser/package-lock.json | $(VENV)/.installed-test
	PY=$(PY) PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 sh tests/browser/setup.sh
	npm ci --prefix tests/browser --no-audit --no-fund
	touch $@

test: $(VENV)/.installed-test $(VERIFIERS)/.installed tests/verifiers/node_modules/.installed tests/browser/.installed lint  ## set up and run the whole test suite
	$(PY) -m pytest

# Day-to-day loop: the tests without a browser, the independent verifiers, fresh virtualenvs or
# wheel builds, and the few long ones (markers registered in pyproject.toml). `make test` runs all.
QUICK := not browser and not verifiers and not install and not slow
quick: $(VENV)/.installed-test  ## the fast tests, in under a minute
	$(PY) -m pytest -q -m "$(QUICK)"

lint: $(VENV)/.installed-test  ## ruff and mypy
	$(BIN)/ruff check badgegen tests benchmarks
	$(BIN)/ruff format --check badgegen tests benchmarks
	$(BIN)/mypy

format: $(VENV)/.installed-test
	$(BIN)/ruff check --fix badgegen tests benchmarks
	$(BIN)/ruff format badgegen tests benchmarks

PORT ?= 8000
serve: $(VENV)/.installed  ## live preview on http://127.0.0.1:8000/ (PORT=8001 for another port)
	$(BIN)/badgegen keys generate  # demo keys, made once per clone (see README)
	$(BIN)/badgegen serve --port $(PORT)

bench: $(VENV)/.installed tests/verifiers/node_modules/.installed  ## time builds of generated 1k and 10k repositories into benchmarks/RESULTS.md
	$(PY) benchmarks/bench_build.py $(BENCH_ARGS)
	$(PY) benchmarks/bench_import.py --rows 30000

lock: $(VENV)/.installed  ## pin the dependencies of pyproject.toml by hash into badgegen/requirements.lock
	$(PIP) install uv
	$(BIN)/uv pip compile pyproject.toml --universal --generate-hashes --python-version 3.11 \
		--no-header --no-annotate --quiet -o $(LOCK)

wheel: $(VENV)/.installed  ## build dist/badgegen_openbadges-VERSION-py3-none-any.whl, to install elsewhere
	$(PIP) wheel --no-deps -w dist .

messages: $(VENV)/.installed  ## add new UI strings from the templates to messages.po (ids of the other catalogs stay there)
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k count:1,2 --no-location -o badgegen/locale/messages.pot .
	$(PY) -m badgegen.site.i18n badgegen/locale/messages.pot
	$(BIN)/pybabel update -i badgegen/locale/messages.pot -d badgegen/locale --no-fuzzy-matching
	rm badgegen/locale/messages.pot

vendor:  ## refresh the JSON-LD library the verification page uses (themes/default/static/vendor/)
	sh themes/default/vendor/refresh.sh

clean:
	rm -rf $(VENV) $(VERIFIERS) output .output.staging-* .output.old-*
