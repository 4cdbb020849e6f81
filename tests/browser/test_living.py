"""The demo's award that grew over three dates, in a real browser, in French and in English: its
history, its players (captions track with cues, transcript), axe, and phone widths (#16).

Screenshots of the award page at 1280 and 375 px in both languages are kept in
tests/artifacts/screenshots/ (`living-<lang>-<width>.png`).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, ViewportSize

from badgegen import build, config
from tests.browser.conftest import AXE_JS, record_axe
from tests.browser.test_pages import AXE_RUN_JS, AXE_TAGS, OPEN_FOLDS_JS, OVERFLOW_JS
from tests.conftest import NOW, REPO_ROOT
from tests.served import free_port, serve

pytestmark = pytest.mark.browser

GROWN = "56271a45-24e4-43dd-98bf-f696d0693289"
"""Aminata's award: issued 2025-03-31, endorsed 2025-04-10, evidence added 2025-06-18 and
2025-10-08 in files of their own; its video has WebVTT captions."""
SPOKEN = "awards/{}/".format("0035b0bf-ebf8-4055-bd8c-dc2a9cd1cb4d")
"""Odile's first award: a sound recording with its transcript."""
WIDTHS: list[ViewportSize] = [{"width": 1280, "height": 800}, {"width": 375, "height": 667}]
HISTORY = {
    "fr": [
        "31 mars 2025 Badge attribué avec 2 preuves",
        "10 avril 2025 Recommandation reçue\u00a0: Espace public numérique des Rives",
        "18 juin 2025 Preuve ajoutée\u00a0: Bilan de la deuxième session",
        "8 octobre 2025 Preuve ajoutée\u00a0: L'atelier appels vidéo",
    ],
    "en": [
        "March 31, 2025 Badge awarded with 2 pieces of evidence",
        "April 10, 2025 Endorsement received: Espace public numérique des Rives",
        "June 18, 2025 Evidence added: Bilan de la deuxième session",
        "October 8, 2025 Evidence added: L'atelier appels vidéo",
    ],
}

CUES_JS = """async () => {
  const video = document.querySelector('video');
  const track = video.querySelector('track');
  // A default track loads by itself; wait for it (or its failure) before reading the cues.
  if (track.readyState < 2) {
    await new Promise((done) => {
      track.addEventListener('load', done, {once: true});
      track.addEventListener('error', done, {once: true});
      setTimeout(done, 5000);
    });
  }
  const text = video.textTracks[0];
  return {
    tracks: video.textTracks.length, kind: text.kind, language: text.language, mode: text.mode,
    readyState: track.readyState,
    cues: [...(text.cues || [])].map((c) => [c.startTime, c.endTime, c.text]),
  };
}"""


def _build(lang: str, factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """The demo in `lang`, built for a free local port: its output folder and the port."""
    root = factory.mktemp(f"living-{lang}") / "repo"
    shutil.copytree(REPO_ROOT / "content", root / "content")
    text = (REPO_ROOT / "badgegen.toml").read_text(encoding="utf-8")
    text = re.sub(r'(?m)^language = "fr"', f'language = "{lang}"', text)
    (root / "badgegen.toml").write_text(text, encoding="utf-8")
    port = free_port()
    cfg = config.load(root).with_overrides(base_url=f"http://127.0.0.1:{port}/")
    build.build(cfg, now=NOW, frozen=True)
    return root / "output", port


@pytest.fixture(scope="module")
def sites(chromium: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The demo built and served twice: as it is (French) and with `language = "en"`."""
    with ExitStack() as stack:
        yield {
            lang: stack.enter_context(serve(*_build(lang, tmp_path_factory)))
            for lang in ("fr", "en")
        }


def _open(chromium: Browser, url: str, viewport: ViewportSize = WIDTHS[0]) -> Page:
    context = chromium.new_context(viewport=viewport)
    context.set_default_timeout(10_000)
    page = context.new_page()
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    return page


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_grown_award_tells_its_history(
    chromium: Browser, sites: dict[str, str], screenshots_dir: Path, lang: str
) -> None:
    for viewport in WIDTHS:
        page = _open(chromium, f"{sites[lang]}awards/{GROWN}/", viewport)
        items = page.locator(".history-item")
        texts = [re.sub(r"[ \t\r\n]+", " ", t).strip() for t in items.all_inner_texts()]
        assert texts == HISTORY[lang]
        page.screenshot(
            path=screenshots_dir / f"living-{lang}-{viewport['width']}.png", full_page=True
        )
        page.evaluate(OPEN_FOLDS_JS)
        layout = page.evaluate(OVERFLOW_JS)
        assert layout["scrollWidth"] <= layout["innerWidth"], layout["culprits"]
        # a line of the history leads to the piece it names
        page.locator(".history-evidence a").last.click()
        assert page.url.endswith("#evidence-4")
        assert page.locator("#evidence-4 img").evaluate("img => img.complete && img.naturalWidth")
        page.context.close()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_video_plays_with_its_captions(
    chromium: Browser, sites: dict[str, str], lang: str
) -> None:
    page = _open(chromium, f"{sites[lang]}awards/{GROWN}/")
    state = page.evaluate(CUES_JS)
    assert state["tracks"] == 1 and state["kind"] == "captions" and state["language"] == lang
    assert state["mode"] == "showing" and state["readyState"] == 2  # LOADED
    assert state["cues"] == [
        [0, 1.5, "[Son de test] Bienvenue à l'atelier « Ma tablette au quotidien »."],
        [1.5, 3, "Chaque mercredi, de 14 h à 16 h, au centre social des Rives."],
    ]
    played = page.evaluate(
        """async () => {
          const video = document.querySelector('video');
          video.muted = true;
          await video.play();
          await new Promise((done) => setTimeout(done, 300));
          video.pause();
          return video.currentTime;
        }"""
    )
    assert played > 0
    page.context.close()


@pytest.mark.parametrize("path", [f"awards/{GROWN}/", SPOKEN])
def test_players_pass_axe(chromium: Browser, sites: dict[str, str], path: str) -> None:
    page = _open(chromium, sites["fr"] + path)
    page.evaluate(OPEN_FOLDS_JS)
    page.add_script_tag(path=AXE_JS)
    result = page.evaluate(AXE_RUN_JS, AXE_TAGS)
    record_axe("living-" + ("video" if GROWN in path else "audio"), path, result)
    assert result["violations"] == [], result["violations"]
    if path == SPOKEN:
        transcript = page.locator("audio + .transcript, .transcript").first
        assert "je m'appelle Odile" in transcript.inner_text()
        described = page.locator("audio").get_attribute("aria-describedby")
        assert described == transcript.get_attribute("id")
        assert page.locator("audio").evaluate("a => a.readyState") >= 0
    page.context.close()
