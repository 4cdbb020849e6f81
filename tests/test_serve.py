"""`badgegen serve` without a browser: what counts as a change, the preview's rebuilds, the WSGI
app and the overlay. The browser test (tests/browser/test_serve.py) drives the whole loop."""

from __future__ import annotations

import io
import json
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any
from wsgiref.util import setup_testing_defaults

import pytest

from badgegen import build, config, memo
from badgegen.content.media import MEDIA_TYPES
from badgegen.errors import Problem
from badgegen.serve.app import PreviewApp, media_type
from badgegen.serve.overlay import OVERLAY_ID, overlay_html
from badgegen.serve.server import reload_paths
from badgegen.serve.session import Outcome, Preview
from badgegen.serve.watch import ChangeQueue, Watching, is_temporary, watch_plan
from tests.conftest import AWARD_ID, NOW, REPO_ROOT, ScratchRepo

LOCAL = "http://127.0.0.1:8123/"


# --- what counts as a change ----------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        ".first-steps.md.swp",
        "first-steps.md~",
        "4913",
        ".#first-steps.md",
        "#first-steps.md#",
        ".~lock.awards.csv#",
        "~$awards.xlsx",
        "first-steps.md___jb_tmp___",
        ".DS_Store",
        "photo.png.part",
    ],
)
def test_editor_scratch_files_are_not_content(name: str) -> None:
    assert is_temporary(name)


@pytest.mark.parametrize("name", ["first-steps.md", "camille.yml", "photo.png", "card.ttf"])
def test_content_files_count(name: str) -> None:
    assert not is_temporary(name)


def test_the_plan_watches_content_themes_and_the_config_only(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo({"themes/default/static/extra.css": "p{}"}).resolve()
    served = root.parent / "preview" / "site"
    plan = watch_plan(config.load(root), served)
    assert plan.describe(root) == "content/, themes/, badgegen.toml"
    assert plan.counts(root / "content/badges/first-steps.md")
    assert plan.counts(root / "themes/default/templates/base.html")
    assert plan.counts(root / "badgegen.toml")
    assert not plan.counts(root / "README.md")
    assert not plan.counts(root / "content/badges/.first-steps.md.swp")
    assert not plan.counts(root / "output/index.html")
    assert not plan.counts(root / ".output.staging-abc123/index.html")
    assert not plan.counts(served / "index.html")
    assert not plan.counts(root / "content/.git/index")


def test_changes_are_handed_over_once_quiet() -> None:
    queue = ChangeQueue()
    stop = threading.Event()
    queue.add([Path("a")])
    queue.add([Path("b"), Path("a")])
    start = time.monotonic()
    assert queue.wait(stop, quiet=0.1) == {Path("a"), Path("b")}
    assert time.monotonic() - start >= 0.09
    stop.set()
    assert queue.wait(stop) == set()


@pytest.mark.slow
@pytest.mark.parametrize("poll", [False, True], ids=["events", "polling"])
def test_watchdog_reports_a_saved_file(scratch_repo: ScratchRepo, poll: bool) -> None:
    root = scratch_repo().resolve()
    plan = watch_plan(config.load(root), root / "output")
    queue = ChangeQueue()
    watching = Watching(plan, queue, poll=poll)
    stop = threading.Event()
    timer = threading.Timer(10, stop.set)
    timer.start()
    try:
        time.sleep(1.2 if poll else 0.2)  # the polling observer takes its first snapshot
        (root / "content/badges/.first-steps.md.swp").write_text("scratch", encoding="utf-8")
        badge = root / "content/badges/first-steps.md"
        badge.write_text(badge.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
        assert queue.wait(stop) == {badge}
    finally:
        timer.cancel()
        watching.stop()


# --- the preview's rebuilds -----------------------------------------------------------------


def _preview(root: Path) -> Preview:
    return Preview(root, root.parent / "preview" / "site", LOCAL)


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_the_preview_is_built_for_the_local_url_outside_output(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo()
    preview = _preview(root)
    outcome = preview.rebuild()
    assert outcome.ok, outcome.problems
    assert outcome.stats is not None and outcome.stats.awards == 1
    assertion = json.loads(
        (preview.served / f"awards/{AWARD_ID}/assertion.json").read_text(encoding="utf-8")
    )
    assert assertion["id"] == f"{LOCAL}awards/{AWARD_ID}/assertion.json"
    assert sorted(outcome.changed) == sorted(
        str(p.relative_to(preview.served)) for p in preview.served.rglob("*") if p.is_file()
    )
    assert not (root / "output").exists(), "serve must leave output/ alone"


def test_a_rebuild_reports_only_the_files_that_changed(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo()
    preview = _preview(root)
    assert preview.rebuild().ok
    assert preview.rebuild().changed == []
    _replace(root / "content/badges/first-steps.md", "Send an email", "Send a short email")
    changed = preview.rebuild().changed
    assert "badges/first-steps/index.html" in changed
    assert "static/style.css" not in changed
    assert f"awards/{AWARD_ID}/qr.svg" not in changed


def test_a_failed_rebuild_keeps_the_last_good_site(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo()
    preview = _preview(root)
    assert preview.rebuild().ok
    page = preview.served / "badges/first-steps/index.html"
    before = page.read_bytes()
    _replace(root / "content/badges/first-steps.md", "issuer: atelier", "issuer: nobody")
    failed = preview.rebuild()
    assert not failed.ok
    assert [p.location() for p in preview.errors] == ["content/badges/first-steps.md:3"]
    assert page.read_bytes() == before
    _replace(root / "content/badges/first-steps.md", "issuer: nobody", "issuer: atelier")
    assert preview.rebuild().ok
    assert preview.errors == []


def test_a_broken_config_is_a_problem_not_a_crash(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo()
    preview = _preview(root)
    assert preview.rebuild().ok
    _replace(root / "badgegen.toml", 'language = "en"', 'language = "en"\ncolour = "blue"')
    outcome = preview.rebuild()
    assert not outcome.ok
    assert any(p.path == "badgegen.toml" for p in outcome.problems)


def test_a_dropped_award_is_a_warning_in_the_preview(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo()
    build.build(config.load(root), now=NOW)  # output/ now publishes the award
    (root / "content/awards/2025/camille-first-steps.yml").unlink()
    (root / "content/endorsements/atelier-badge.yml").unlink()
    preview = _preview(root)
    outcome = preview.rebuild()
    assert outcome.ok
    dropped = [p for p in outcome.problems if AWARD_ID in p.message]
    assert sorted((p.severity, p.path) for p in dropped) == [
        ("warning", "content/published.yml"),
        ("warning", "output"),
    ]


@pytest.mark.parametrize(
    ("changed", "had_errors", "expected"),
    [
        (["static/style.css"], False, ["static/style.css"]),
        (["static/style.css", "index.html"], False, ["*"]),
        ([], False, []),
        ([], True, ["*"]),
    ],
)
def test_what_the_open_pages_are_told(
    changed: list[str], had_errors: bool, expected: list[str]
) -> None:
    outcome = Outcome(changed=changed, stats=build.BuildStats())
    assert reload_paths(outcome, had_errors) == expected
    assert reload_paths(Outcome(problems=[Problem("x", 1, "bad")]), False) == ["*"]


def test_unchanged_credentials_are_not_signed_again(scratch_repo: ScratchRepo) -> None:
    """The content-keyed caches: a second identical build reuses every signed credential, and
    gives the same bytes."""
    from tests.keys_helper import generate_keys

    root = scratch_repo()
    generate_keys(root)
    cfg = config.load(root)
    first = build.make_site(cfg, now=NOW)
    assert first.stats.credentials > 0
    name = "badgegen.openbadges.credentials._signed_text"
    before = memo.usage()[name]
    second = build.make_site(cfg, now=NOW)
    after = memo.usage()[name]
    assert after.misses == before.misses
    assert after.hits > before.hits
    assert [(f.path, f.data) for f in first.manifest.files] == [
        (f.path, f.data) for f in second.manifest.files
    ]
    _replace(
        root / "content/awards/2025/camille-first-steps.yml", "her first email", "her first emails"
    )
    third = build.make_site(cfg, now=NOW)
    assert memo.usage()[name].misses == after.misses + 1  # that award's credential alone
    credential = f"awards/{AWARD_ID}/credential.json"
    signed = {f.path: f.data for f in third.manifest.files}[credential]
    assert b"her first emails" in signed
    assert signed != {f.path: f.data for f in second.manifest.files}[credential]


def test_a_changed_name_redraws_the_card(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo()
    card = f"awards/{AWARD_ID}/card.png"

    def drawn() -> bytes:
        files = build.make_site(config.load(root), now=NOW).manifest.files
        return next(f.data for f in files if f.path == card)

    before = drawn()
    _replace(root / "content/earners/camille.yml", "Camille Martin", "Camille Durand")
    assert drawn() != before


# --- the WSGI app and the overlay -------------------------------------------------------------


def _get(app: PreviewApp, path: str, method: str = "GET") -> tuple[str, dict[str, str], bytes]:
    environ: dict[str, Any] = {"PATH_INFO": path, "REQUEST_METHOD": method}
    setup_testing_defaults(environ)
    environ["wsgi.input"] = io.BytesIO()
    found: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        found["status"], found["headers"] = status, dict(headers)

    body = b"".join(app(environ, start_response))
    return found["status"], found["headers"], body


@pytest.fixture
def site_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "site"
    (folder / "awards/x").mkdir(parents=True)
    (folder / "index.html").write_text("<html><body><h1>Home</h1></body></html>")
    (folder / "awards/x/index.html").write_text("<html><body>Award</body></html>")
    (folder / "awards/x/assertion.json").write_text("{}")
    (folder / "awards/x/credential.jsonld").write_text("{}")
    (tmp_path / "secret.txt").write_text("outside")
    return folder


def test_the_app_serves_like_a_static_host(site_folder: Path) -> None:
    app = PreviewApp(site_folder, lambda: "")
    assert _get(app, "/")[2] == (site_folder / "index.html").read_bytes()
    status, headers, _body = _get(app, "/awards/x")
    assert (status, headers["Location"]) == ("301 Moved Permanently", "/awards/x/")
    assert _get(app, "/awards/x/")[2] == b"<html><body>Award</body></html>"
    assert _get(app, "/awards/x/assertion.json")[1]["Content-Type"] == "application/json"
    assert _get(app, "/awards/x/credential.jsonld")[1]["Content-Type"] == "application/ld+json"
    assert _get(app, "/")[1]["Content-Type"] == "text/html; charset=utf-8"
    assert _get(app, "/nothing/")[0] == "404 Not Found"
    assert _get(app, "/../secret.txt")[0] == "404 Not Found"
    assert _get(app, "/awards/../../secret.txt")[0] == "404 Not Found"
    assert _get(app, "/", "POST")[0] == "405 Method Not Allowed"
    status, headers, body = _get(app, "/awards/x/assertion.json", "HEAD")
    assert (status, body) == ("200 OK", b"")


def test_the_preview_serves_the_media_types_of_the_build() -> None:
    """One table: what a page names as a file's type is what the preview sends."""
    assert media_type(Path("a/notes.txt")) == "text/plain; charset=utf-8"
    assert media_type(Path("site.webmanifest")) == "application/manifest+json"
    assert media_type(Path("talk.OPUS")) == "audio/ogg"
    for suffix, known in MEDIA_TYPES.items():
        sent = media_type(Path(f"file{suffix}"))
        assert sent == (f"{known}; charset=utf-8" if known.startswith("text/") else known)


def test_pages_carry_the_overlay_while_the_content_is_broken(site_folder: Path) -> None:
    problems: list[Problem] = []
    app = PreviewApp(site_folder, lambda: overlay_html(problems))
    assert OVERLAY_ID.encode() not in _get(app, "/")[2]
    problems.append(Problem("content/badges/a.md", 4, "unknown issuer 'x'", "known: atelier"))
    page = _get(app, "/")[2].decode()
    assert page.index(OVERLAY_ID) < page.index("</body>")
    assert "content/badges/a.md:4" in page and "known: atelier" in page
    assert OVERLAY_ID.encode() in _get(app, "/missing/")[2]
    assert _get(app, "/awards/x/assertion.json")[2] == b"{}"


def test_the_overlay_escapes_and_redacts() -> None:
    html = overlay_html(
        [Problem("content/earners/a.yml", 2, "bad value <script>alert(1)</script> a@b.org")]
    )
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "a@b.org" not in html
    assert overlay_html([Problem("x", 1, "just a warning", severity="warning")]) == ""


def test_a_new_themes_folder_is_seen_and_then_watched(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo().resolve()
    cfg = config.load(root)
    plan = watch_plan(cfg, root / "preview")
    assert plan.describe(root) == "content/, badgegen.toml"
    queue = ChangeQueue()
    watching = Watching(plan, queue)
    stop = threading.Event()
    timer = threading.Timer(10, stop.set)
    timer.start()
    try:
        time.sleep(0.2)
        (root / "themes/default/static").mkdir(parents=True)
        assert root / "themes" in queue.wait(stop)
        assert watching.update(watch_plan(cfg, root / "preview"))
        assert watching.plan.describe(root) == "content/, themes/, badgegen.toml"
        assert not watching.update(watch_plan(cfg, root / "preview"))
        style = root / "themes/default/static/style.css"
        style.write_text("h1 { color: red }", encoding="utf-8")
        assert style in queue.wait(stop)
    finally:
        timer.cancel()
        watching.stop()


@pytest.mark.slow
def test_a_taken_port_is_a_usage_error_before_any_build(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "badgegen", "serve", "--root", str(root), "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 2
    assert f"cannot serve on 127.0.0.1:{port}" in done.stderr
    assert f"try --port {port + 1}" in done.stderr
    assert "Built" not in done.stdout


@pytest.mark.slow
def test_kept_pages_follow_the_templates_and_the_content(scratch_repo: ScratchRepo) -> None:
    """Pages are rendered again when their data or any template changes, and only then."""
    root = scratch_repo()
    page = "badges/first-steps/index.html"

    def rendered() -> dict[str, bytes]:
        files = build.make_site(config.load(root), now=NOW).manifest.files
        return {f.path: f.data for f in files if f.path.endswith(".html")}

    first = rendered()
    before = memo.usage()["badgegen.site.render.PAGES"]
    assert rendered() == first
    after = memo.usage()["badgegen.site.render.PAGES"]
    assert (after.hits - before.hits, after.misses - before.misses) == (len(first), 0)

    builtin = (REPO_ROOT / "themes/default/templates/badge.html").read_text(encoding="utf-8")
    override = root / "themes/default/templates/badge.html"
    override.parent.mkdir(parents=True)
    override.write_text(builtin.replace("</h1>", "</h1><p>marker one</p>", 1), encoding="utf-8")
    assert b"marker one" in rendered()[page]
    override.write_text(builtin.replace("</h1>", "</h1><p>marker two</p>", 1), encoding="utf-8")
    assert b"marker two" in rendered()[page]

    _replace(root / "content/badges/first-steps.md", "Send an email", "Send a short email")
    changed = {path for path, data in rendered().items() if first.get(path) != data}
    assert page in changed and "index.html" not in changed
