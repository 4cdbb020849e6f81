"""Real-browser fixtures: the demo gallery built once, served on 127.0.0.1, and one Chromium.

The browser is Debian's chromium at /usr/bin/chromium, driven by Playwright's sync API; Playwright's
own browser download is never used. `make test` installs both (tests/browser/setup.sh) and axe-core
(`npm ci --prefix tests/browser`). When they are missing the tests fail, never skip: a skipped
browser suite would look green in CI.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest
from playwright.sync_api import Browser, sync_playwright

from badgegen import build
from tests.conftest import NOW, REPO_ROOT, demo_config
from tests.served import free_port, serve

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
AXE_JS = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = REPO_ROOT / "tests" / "artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
AXE_REPORTS = ARTIFACTS / "axe"


class BrowserSite(NamedTuple):
    browser: Browser
    base_url: str
    """`http://127.0.0.1:<port>/`, the demo's base_url, so absolute links stay on this server."""
    output: Path


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """One headless Debian chromium for the whole run (contexts are cheap, browsers are not)."""
    missing = []
    if not os.access(CHROMIUM, os.X_OK):
        missing.append(f"Debian's chromium ({CHROMIUM})")
    if not AXE_JS.is_file():
        missing.append(f"axe-core ({AXE_JS.relative_to(REPO_ROOT)})")
    if missing:
        pytest.fail(f"the browser tests need {' and '.join(missing)}: run `make test`")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def site(chromium: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserSite]:
    """Build the demo for a free local port and serve it."""
    port = free_port()
    output = tmp_path_factory.mktemp("browser-demo") / "output"
    build.build(demo_config(output, f"http://127.0.0.1:{port}/"), now=NOW)
    with serve(output, port) as base_url:
        yield BrowserSite(chromium, base_url, output)


@pytest.fixture(scope="session")
def screenshots_dir() -> Path:
    """tests/artifacts/screenshots/ (git-ignored), emptied once per run so no stale image stays."""
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True)
    return SCREENSHOTS


# axe-core summary, printed after the run even with -q (a passing test's print is hidden).

_axe_summary: list[tuple[str, str, int, int, int]] = []


def record_axe(kind: str, url: str, result: dict[str, list[dict[str, object]]]) -> None:
    """Keep one page's axe result for the summary, and its full JSON under tests/artifacts/axe/."""
    AXE_REPORTS.mkdir(parents=True, exist_ok=True)
    (AXE_REPORTS / f"{kind}.json").write_text(
        json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8"
    )
    _axe_summary.append(
        (kind, url, len(result["passes"]), len(result["violations"]), len(result["incomplete"]))
    )


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not _axe_summary:
        return
    terminalreporter.section("axe-core (WCAG 2.1 A + AA)")
    for kind, url, passes, violations, incomplete in _axe_summary:
        terminalreporter.write_line(
            f"{kind:<9} {passes:3d} rules passed, {violations} violated, "
            f"{incomplete} to review by hand  {url}"
        )
    total = sum(violations for _, _, _, violations, _ in _axe_summary)
    terminalreporter.write_line(
        f"{len(_axe_summary)} pages checked, {total} violations; "
        f"details in {AXE_REPORTS.relative_to(REPO_ROOT)}/"
    )
