"""`badgegen serve` in a real browser: an edit rebuilds the site and the open page reloads by
itself, a content error shows over the page while the last good site stays, and a stylesheet
change is swapped in without a reload. The server runs as a real `badgegen serve` process."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import AXE_JS
from tests.conftest import REPO_ROOT, ScratchRepo
from tests.served import free_port

pytestmark = pytest.mark.browser

TIMEOUT_MS = 20_000
BADGE = "content/badges/first-steps.md"

AXE_OVERLAY_JS = """async () => {
  const result = await axe.run({include: ['#badgegen-overlay']},
    {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
  return result.violations.map((rule) => rule.id + ': ' + rule.help);
}"""


class ServeProcess:
    """A running `badgegen serve`, its output read line by line from a background thread."""

    def __init__(self, root: Path, port: int, sigint: signal.Handlers = signal.SIG_DFL) -> None:
        """`sigint`: how the process starts with SIGINT (SIG_IGN: as a shell's background job)."""
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "badgegen", "serve", "--root", str(root), "--port", str(port)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONFAULTHANDLER": "1"},
            preexec_fn=lambda: signal.signal(signal.SIGINT, sigint),
        )
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, text: str, timeout: float = 60) -> str:
        """The next output line containing `text` (earlier lines are kept in `seen`)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                if self.process.poll() is not None:
                    break
                continue
            self.seen.append(line)
            if text in line:
                return line
        pytest.fail(
            f"`badgegen serve` never printed {text!r}; it printed:\n" + "\n".join(self.seen)
        )

    STOP_SECONDS = 60
    """Ctrl+C stops the preview in a fraction of a second; on a loaded machine its threads get
    5 s each to end (the watcher, the builder), so only a much longer wait means it hangs."""

    def stop(self) -> int:
        self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(timeout=self.STOP_SECONDS)
        except subprocess.TimeoutExpired:
            # where it hangs: faulthandler prints every thread's stack on SIGABRT
            self.process.send_signal(signal.SIGABRT)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
            self.reader.join(timeout=5)
            while not self.lines.empty():
                self.seen.append(self.lines.get())
            pytest.fail(
                f"`badgegen serve` did not stop {self.STOP_SECONDS} s after Ctrl+C; it printed:\n"
                + "\n".join(self.seen[-120:])
            )

    def close(self) -> None:
        if self.process.poll() is None:
            self.stop()
        self.reader.join(timeout=5)
        assert self.process.stdout is not None
        self.process.stdout.close()


@pytest.fixture
def served_repo(scratch_repo: ScratchRepo) -> Iterator[tuple[Path, str, ServeProcess]]:
    """The scratch repository with its own copy of the default stylesheet, being served."""
    style = (REPO_ROOT / "themes/default/static/style.css").read_text(encoding="utf-8")
    root = scratch_repo(
        {"themes/default/static/style.css": style + "\nh1 { color: rgb(1, 2, 3); }\n"}
    )
    port = free_port()
    server = ServeProcess(root, port)
    try:
        server.wait_for("Serving the preview on")
        yield root, f"http://127.0.0.1:{port}/", server
    finally:
        server.close()


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _open_connected(browser: Browser, url: str) -> Page:
    """Open `url` and wait until livereload's websocket has said hello (before that, a reload
    message would find nobody listening)."""
    page = browser.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    frames: list[Any] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda f: frames.append(f)))
    page.goto(url)
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while not any("hello" in str(f) for f in frames):
        assert time.monotonic() < deadline, "livereload never connected"
        page.wait_for_timeout(100)
    page.evaluate("window.badgegenNotReloaded = true")
    return page


def _wait_for_reload(page: Page) -> None:
    page.wait_for_function("() => window.badgegenNotReloaded === undefined")
    page.wait_for_load_state("load")
    page.evaluate("window.badgegenNotReloaded = true")


def test_an_edit_rebuilds_and_reloads_the_open_page(
    chromium: Browser, served_repo: tuple[Path, str, ServeProcess]
) -> None:
    root, base_url, server = served_repo
    page = _open_connected(chromium, base_url + "badges/first-steps/")
    heading = page.locator("main h1")
    expect(heading).to_have_text("First steps online")

    _edit(root / BADGE, "name: First steps online", "name: First steps on the web")
    server.wait_for(f"{BADGE} changed: rebuilt")
    _wait_for_reload(page)
    expect(heading).to_have_text("First steps on the web")

    # A content error: the terminal names the file and line, the page shows it over the last
    # good site, and the overlay passes axe.
    _edit(root / BADGE, "issuer: atelier", "issuer: nobody")
    server.wait_for(f"{BADGE} changed: not rebuilt")
    assert f"{BADGE}:3: unknown issuer or earner 'nobody'" in server.seen
    _wait_for_reload(page)
    overlay = page.locator("#badgegen-overlay")
    expect(overlay).to_be_visible()
    expect(overlay).to_contain_text(f"{BADGE}:3")
    expect(overlay).to_contain_text("unknown issuer or earner 'nobody'")
    expect(heading).to_have_text("First steps on the web")
    page.add_script_tag(path=AXE_JS)
    assert page.evaluate(AXE_OVERLAY_JS) == []

    _edit(root / BADGE, "issuer: nobody", "issuer: atelier")
    server.wait_for(f"{BADGE} changed: rebuilt")
    _wait_for_reload(page)
    expect(overlay).to_have_count(0)

    # A stylesheet change is swapped into the open page without reloading it.
    expect(heading).to_have_css("color", "rgb(1, 2, 3)")
    _edit(root / "themes/default/static/style.css", "rgb(1, 2, 3)", "rgb(4, 5, 6)")
    server.wait_for("themes/default/static/style.css changed: rebuilt in")
    expect(heading).to_have_css("color", "rgb(4, 5, 6)")
    assert page.evaluate("window.badgegenNotReloaded") is True

    # The preview is a build for the local address, served with the right media type.
    response = page.request.get(base_url + "badges/first-steps/badge.json")
    assert response.headers["content-type"] == "application/json"
    assert response.json()["id"] == base_url + "badges/first-steps/badge.json"
    assert not (root / "output").exists()

    assert server.stop() == 0
    server.wait_for("Stopped.")


def test_ctrl_c_stops_a_preview_started_with_it_ignored(scratch_repo: ScratchRepo) -> None:
    """A shell starts a background job (`badgegen serve &`, a make job) with SIGINT ignored, and
    Python keeps it so; the preview still stops on Ctrl+C, as it says it does."""
    root = scratch_repo()
    port = free_port()
    server = ServeProcess(root, port, sigint=signal.SIG_IGN)
    try:
        server.wait_for("http://127.0.0.1")
        deadline = time.monotonic() + 30
        while True:  # serving (Ctrl+C before that ends the start-up, with status 130)
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    assert response.status == 200
                break
            except OSError:
                assert time.monotonic() < deadline, "the preview never answered"
                time.sleep(0.2)
        assert server.stop() == 0
    finally:
        server.close()
