"""`init` sets a new repository up for CI, Pages publishing and badge requests (#6)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
import yaml

from badgegen import __version__
from badgegen.scaffold import init_repository

FORMS = {"fr": "demande-de-badge.yml", "en": "request-a-badge.yml"}


def _steps(job: dict) -> list[str]:
    return [step.get("run") or step.get("uses") for step in job["steps"]]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_github_workflow_checks_pull_requests_and_publishes_pages(
    tmp_path: Path, lang: str
) -> None:
    root = tmp_path / "repo"
    init_repository(root, lang)
    workflow = yaml.safe_load((root / ".github/workflows/badges.yml").read_text(encoding="utf-8"))
    triggers = workflow[True]  # PyYAML reads the key `on` as a boolean
    assert {"push", "pull_request"} <= set(triggers)
    check, publish = workflow["jobs"]["check"], workflow["jobs"]["publish"]
    install = next(s for s in check["steps"] if s.get("name") == "Install badgegen")
    assert install["env"] == {"BADGEGEN_PACKAGE": "${{ vars.BADGEGEN_PACKAGE }}"}
    assert _installs(install["run"], "") == f"badgegen=={__version__}"
    assert _installs(install["run"], "git+https://example.org/badgegen@v1") == (
        "git+https://example.org/badgegen@v1"
    )
    assert "badgegen check --format github" in _steps(check)
    assert publish["needs"] == "check"
    assert "pull_request" in publish["if"] and "default_branch" in publish["if"]
    assert publish["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    build = next(s for s in publish["steps"] if s.get("run") == "badgegen build")
    assert build["env"] == {"BADGEGEN_SIGNING_KEY": "${{ secrets.BADGEGEN_SIGNING_KEY }}"}
    steps = _steps(publish)
    assert steps.index("badgegen build") < steps.index("actions/upload-pages-artifact@v3")
    assert steps[-1] == "actions/deploy-pages@v4"
    upload = next(
        s for s in publish["steps"] if s.get("uses") == "actions/upload-pages-artifact@v3"
    )
    assert upload["with"] == {"path": "output"}


def _installs(command: str, package_variable: str) -> str:
    """What `pip install` would be given by this shell command, with BADGEGEN_PACKAGE set to
    `package_variable` (as GitHub and GitLab set an undefined variable: empty)."""
    assert command.startswith("pip install ")
    echo = "printf '%s\\n' " + command.removeprefix("pip install ")
    env = {"PATH": os.environ["PATH"], "BADGEGEN_PACKAGE": package_variable}
    return subprocess.run(
        ["sh", "-c", echo], env=env, capture_output=True, text=True, check=True
    ).stdout.strip()


def test_gitlab_ci_publishes_public(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    init_repository(root, "en")
    ci = yaml.safe_load((root / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    for job in ("check", "pages"):
        assert _installs(ci[job]["script"][0], "") == f"badgegen=={__version__}"
    assert ci["pages"]["script"][-1] == "badgegen build --output public"
    assert ci["pages"]["artifacts"]["paths"] == ["public"]
    assert "badgegen check" in ci["check"]["script"]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_badge_request_form_never_asks_for_an_email(tmp_path: Path, lang: str) -> None:
    root = tmp_path / "repo"
    init_repository(root, lang)
    form = yaml.safe_load(
        (root / ".github/ISSUE_TEMPLATE" / FORMS[lang]).read_text(encoding="utf-8")
    )
    fields = [item for item in form["body"] if item["type"] != "markdown"]
    assert {f["id"] for f in fields} == {"badge", "name", "narrative", "evidence", "public"}
    for field in fields:
        text = str(field["attributes"]).lower()
        assert "mail" not in text and "phone" not in text and "téléphone" not in text
    template = (root / ".github/pull_request_template.md").read_text(encoding="utf-8")
    assert "badgegen new earner" in template


def test_gitignore_keeps_keys_and_output_out(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    init_repository(root, "fr")
    ignored = (root / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "keys/" in ignored and "output/" in ignored
