"""The command line, run as a user runs it: a subprocess, exit codes, what it prints."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.conftest import AWARD_ID, SVG, ScratchRepo
from tests.linkcheck import broken_links

pytestmark = pytest.mark.slow

COMMANDS = [
    [],
    ["build"],
    ["check"],
    ["init"],
    ["new"],
    ["earner"],
    ["earner", "hide-emails"],
    ["unbake"],
    ["import"],
    ["serve"],
    ["ci"],
    ["forget"],
]


ENGLISH_ENV = {
    k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG")) and k != "CI"
}
"""The environment with an English-neutral locale (outside a repository, badgegen speaks it),
as on a user's computer: not in CI, where builds only read content/published.yml."""


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """badgegen in `cwd` (by default the temporary folder, not this French demo repository)."""
    return subprocess.run(
        [sys.executable, "-m", "badgegen", *args],
        cwd=cwd or tempfile.gettempdir(),
        env={**ENGLISH_ENV, "LANG": "C.UTF-8"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "main")
def test_every_command_has_help(command: list[str]) -> None:
    result = run(*command, "--help")
    assert result.returncode == 0
    assert result.stdout.startswith("usage: badgegen")
    assert "--help" in result.stdout


def test_build_succeeds_and_prints_a_summary(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo()
    result = run("build", "--root", str(root))
    assert result.returncode == 0, result.stderr
    assert "Built 1 badge, 1 issuer, 1 earner, 1 award, 1 endorsement" in result.stdout
    assert (root / "output/index.html").is_file()


def test_invalid_content_exits_1_with_located_problems(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo(
        {"content/earners/camille.yml": "name: Camille\nshowcase: publik\nemail: nope\n"}
    )
    result = run("build", "--root", str(root))
    assert result.returncode == 1
    assert "content/earners/camille.yml:2: showcase: 'publik' is not allowed" in result.stderr
    assert "did you mean 'public'?" in result.stderr
    assert "content/earners/camille.yml:3: email is not a valid email address" in result.stderr
    assert not (root / "output").exists()


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run("build", "--no-such-option").returncode == 2
    missing = run("build", "--root", str(tmp_path))
    assert missing.returncode == 2
    assert "no badgegen.toml" in missing.stderr


def test_check_writes_nothing(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo()
    result = run("check", "--root", str(root))
    assert result.returncode == 0, result.stderr
    assert not (root / "output").exists()


def test_strict_turns_warnings_into_failures(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo({"content/earners/camille.yml": "name: Camille\nemail: cam@example.net\n"})
    assert run("check", "--root", str(root)).returncode == 0
    strict = run("check", "--strict", "--root", str(root))
    assert strict.returncode == 1
    assert "cam@example.net" not in strict.stderr + strict.stdout


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_init_then_build(tmp_path: Path, lang: str) -> None:
    target = tmp_path / f"badges-{lang}"
    created = run(
        "init", str(target), "--lang", lang, "--base-url", "https://org.github.io/b/",
        "--contact", "badges@org.fr",
    )  # fmt: skip
    assert created.returncode == 0, created.stderr
    checked = run("check", "--strict", "--root", str(target))
    assert checked.returncode == 0, checked.stderr  # the example has no warning either
    built = run("build", "--root", str(target))
    assert built.returncode == 0, built.stderr
    out = target / "output"
    assert (out / "index.html").is_file()
    assert f'lang="{lang}"' in (out / "index.html").read_text(encoding="utf-8")
    assert broken_links(out) == []


def test_new_award_then_build(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo()
    made = run("new", "award", "--badge", "first-steps", "--earner", "camille", "--root", str(root))
    assert made.returncode == 0, made.stderr
    assert run("build", "--root", str(root)).returncode == 0


def test_new_badge_says_where_its_picture_goes(scratch_repo: ScratchRepo) -> None:
    """A new badge has a provisional picture: the command names the file, check warns about it
    until the real picture is saved over it."""
    root = scratch_repo()
    made = run("new", "badge", "my-first-badge", "--issuer", "atelier", "--root", str(root))
    assert made.returncode == 0, made.stderr
    picture = "content/badges/images/my-first-badge.svg"
    assert f"The badge shows a provisional picture, {picture}" in made.stdout
    checked = run("check", "--root", str(root))
    assert "images/my-first-badge.svg is still the placeholder" in checked.stderr
    (root / picture).write_text(SVG, encoding="utf-8")
    assert "placeholder" not in run("check", "--root", str(root)).stderr


def test_unbake_prints_the_baked_assertion(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo()
    assert run("build", "--root", str(root)).returncode == 0
    image = root / "output/awards" / AWARD_ID / "badge.png"
    result = run("unbake", str(image))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# openbadges\n")
    assert f'"id": "https://example.org/badges/awards/{AWARD_ID}/assertion.json"' in result.stdout
    plain = root / "content/evidence/photo.png"
    assert run("unbake", str(plain)).returncode == 1
    assert run("unbake", str(root / "badgegen.toml")).returncode == 2


def test_check_formats_for_github_and_for_tools(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo({"content/earners/camille.yml": "name: Camille\nshowcase: publik\n"})
    github = run("check", "--format", "github", "--root", str(root))
    assert github.returncode == 1
    errors = [line for line in github.stderr.splitlines() if line.startswith("::error")]
    assert errors[0] == (
        "::error file=content/earners/camille.yml,line=2,title=badgegen error::"
        "showcase: 'publik' is not allowed%0Ahint: did you mean 'public'? "
        "use one of: public, unlisted, private"
    )
    as_json = run("check", "--format", "json", "--root", str(root))
    assert as_json.returncode == 1
    problems = [p for p in json.loads(as_json.stdout) if p["severity"] == "error"]
    assert problems[0]["path"] == "content/earners/camille.yml"
    assert problems[0]["line"] == 2
    assert problems[0]["severity"] == "error"


def test_import_command_dry_run_then_for_real(scratch_repo: ScratchRepo, tmp_path: Path) -> None:
    root = scratch_repo()
    csv_file = tmp_path / "awards.csv"
    csv_file.write_text(
        "badge;nom;courriel;date;récit\nfirst-steps;Dominique Roux;dominique@example.net;"
        "02/03/2025;Premier courriel envoyé.\n",
        encoding="utf-8-sig",
    )
    dry = run("import", str(csv_file), "--dry-run", "--root", str(root))
    assert dry.returncode == 0, dry.stderr
    assert not (root / "content/earners/dominique-roux.yml").exists()
    done = run("import", str(csv_file), "--root", str(root))
    assert done.returncode == 0, done.stderr
    earner = (root / "content/earners/dominique-roux.yml").read_text(encoding="utf-8")
    assert "email_hash" in earner and "dominique@example.net" not in earner
    assert "dominique@example.net" not in dry.stdout + done.stdout
    assert run("build", "--root", str(root)).returncode == 0
    again = run("import", str(csv_file), "--root", str(root))
    assert again.returncode == 0
    assert len(list((root / "content/awards").rglob("*.yml"))) == 2


HEAVY = ("badgegen.build", "jinja2", "PIL", "pyld", "jsonschema", "markdown", "nacl", "resvg_py")
"""What `--version` and `--help` never need: the build and the libraries under it."""


@pytest.mark.parametrize("argv", [["--version"], ["--help"], ["build", "--help"]])
def test_version_and_help_import_nothing_of_the_build(argv: list[str]) -> None:
    code = (
        "import sys\n"
        "from badgegen import cli\n"
        "try:\n"
        f"    cli.main({argv!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        f"heavy = {HEAVY!r}\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy or m in heavy))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd="/"
    )
    assert done.stdout.strip().splitlines()[-1] == "[]"
