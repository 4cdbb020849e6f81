#!/bin/sh
# Set-up for the real-browser tests, run by `make test` (target tests/browser/.installed).
#
# - Debian's chromium at /usr/bin/chromium (Playwright drives it through executable_path:
#   Playwright's own browser download is never used, and fails on closed networks anyway);
# - the Python `playwright` package, from the `test` extra of pyproject.toml (its wheel bundles
#   the node driver it needs).
# axe-core comes from npm: the Makefile runs `npm ci --prefix tests/browser` after this script.
set -eu

PY="${PY:-.venv/bin/python}"
CHROMIUM=/usr/bin/chromium

if [ ! -x "$CHROMIUM" ]; then
    if [ "$(id -u)" = 0 ]; then
        SUDO=""
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        SUDO="sudo"
    else
        echo "tests/browser/setup.sh: $CHROMIUM is missing and this user cannot install it." >&2
        echo "  Install it as root, then run \`make test\` again:" >&2
        echo "    apt-get update && apt-get install -y --no-install-recommends chromium fonts-dejavu-core" >&2
        exit 1
    fi
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "tests/browser/setup.sh: $CHROMIUM is missing and there is no apt-get here." >&2
        echo "  Install Chromium so that it answers at $CHROMIUM, then run \`make test\` again." >&2
        exit 1
    fi
    echo "Installing Debian's chromium for the browser tests…"
    $SUDO apt-get update
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends \
        chromium fonts-dejavu-core
fi
"$CHROMIUM" --version

# The playwright package comes with `pip install -e '.[test]'`; make sure, without a browser.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
if ! "$PY" -c "import playwright" 2>/dev/null; then
    "$PY" -m pip --disable-pip-version-check --quiet install "playwright>=1.45"
fi
"$PY" -c "from importlib.metadata import version; print('playwright', version('playwright'))"
