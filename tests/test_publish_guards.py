"""What must not be published: `check` and `build` warn, `build --publish` refuses (#10)."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from badgegen import build, config
from badgegen.errors import ContentError
from badgegen.guards import is_example_host
from badgegen.openbadges.keys import add_keys
from badgegen.scaffold import init_repository, new_record
from tests.conftest import NOW, ScratchRepo

REAL_SITE = """\
[site]
title = "Badges de l'Atelier"
base_url = "https://atelier.github.io/badges/"
contact_email = "badges@atelier.fr"
language = "{lang}"
"""


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "badgegen", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _guard_lines(root: Path, severity: str = "warning", now: datetime = NOW) -> list[str]:
    loaded = build.load(config.load(root), now, guards=severity)  # type: ignore[arg-type]
    return [p.format().split("\n")[0] for p in loaded.problems]


@pytest.mark.parametrize(
    ("host", "example"),
    [
        ("example.org", True),
        ("badges.example.com", True),
        ("reseau.example", True),
        ("localhost", True),
        ("127.0.0.1", True),
        ("atelier.github.io", False),
        ("exemple.fr", False),
        ("myexample.org", False),
    ],
)
def test_example_hosts(host: str, example: bool) -> None:
    assert is_example_host(host) is example


def test_check_warns_about_example_addresses(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo()  # base_url and contact_email on example.org
    assert _guard_lines(root) == [
        "badgegen.toml:3: warning: base_url is still an example address (example.org)",
        "badgegen.toml:4: warning: contact_email is still an example address (@example.org)",
    ]
    assert build.load(config.load(root), NOW).problems == []  # only where asked


@pytest.mark.slow
def test_publish_refuses_example_addresses_in_french(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo(
        {"badgegen.toml": REAL_SITE.format(lang="fr").replace("atelier.fr", "example.com")}
    )
    result = _run("build", "--publish", "--root", str(root))
    assert result.returncode == 1
    assert (
        "badgegen.toml:4: contact_email est encore une adresse d’exemple (@example.com)"
        in result.stderr
    )
    assert "piste : indiquez dans contact_email une adresse publique" in result.stderr
    assert not (root / "output").exists()
    plain = _run("build", "--root", str(root))  # a local build only warns
    assert plain.returncode == 0, plain.stderr
    assert "attention : contact_email est encore une adresse d’exemple" in plain.stderr


def test_template_marks_left_in_a_record(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo({"badgegen.toml": REAL_SITE.format(lang="en")})
    path = new_record(root, Path("content"), "issuer", "new-org", "en")
    rel = path.relative_to(root).as_posix()
    marked = [
        n
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if "# ← replace" in line or "(← replace)" in line
    ]
    assert marked  # the template marks its example values
    assert _guard_lines(root) == [
        f"{rel}:{n}: warning: text left from a template: this line still holds an example value"
        for n in marked
    ]
    with pytest.raises(ContentError) as raised:
        build.build(config.load(root), now=NOW, guards="error")
    assert {p.path for p in raised.value.problems} == {rel}
    path.write_text(path.read_text().replace("  # ← replace", "").replace("(← replace)", ""))
    assert _guard_lines(root) == []


def test_a_new_repository_given_its_address_is_ready_to_publish(tmp_path: Path) -> None:
    root = tmp_path / "badges"
    init_repository(root, "fr", base_url="https://atelier.github.io/badges", contact_email="a@b.fr")
    now = build.utc_now()  # `init` dates its example awards today
    assert _guard_lines(root, "error", now) == []
    assert 'base_url = "https://atelier.github.io/badges/"' in (root / "badgegen.toml").read_text()
    unset = tmp_path / "unset"
    init_repository(unset, "en")
    assert [line.split(": ", 1)[1] for line in _guard_lines(unset, "error", now)] == [
        "base_url is still an example address (example.org)",
        "contact_email is still an example address (@example.org)",
    ]


@pytest.mark.slow
def test_publish_refuses_published_keys_without_their_private_keys(
    scratch_repo: ScratchRepo, tmp_path: Path
) -> None:
    root = scratch_repo({"badgegen.toml": REAL_SITE.format(lang="en")})
    cfg = config.load(root)
    add_keys(cfg, ["atelier", "camille"], rotate=False, today=NOW.date())
    built = build.build(cfg, now=NOW, guards="error")
    assert built.stats.credentials > 0
    (root / "keys/signing-keys.json").rename(tmp_path / "elsewhere.json")
    # a local build without keys still builds Open Badges 2.0 and says why
    assert "no signing keys" in build.build(cfg, now=NOW).skipped
    with pytest.raises(ContentError) as raised:
        build.build(cfg, now=NOW, guards="error")
    [problem] = raised.value.problems
    assert problem.path == "content/public-keys/atelier.yml"
    assert problem.message.startswith("the signing key secret is missing")
    assert "(atelier, camille)" in problem.message
    assert "BADGEGEN_SIGNING_KEY" in problem.hint


def test_status_page_says_when_the_status_was_checked(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo({"badgegen.toml": REAL_SITE.format(lang="fr")})
    build.build(config.load(root), now=NOW)
    page = next((root / "output/awards").glob("*/index.html")).read_text(encoding="utf-8")
    assert "Statut constaté à la publication du site, le 23 novembre 2026." in page
