"""`init` sets a new repository up for CI, Pages publishing and badge requests (#6)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from badgegen import __version__
from badgegen.pinned import INSTALL_COMMAND
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
    assert {"push", "pull_request", "schedule"} <= set(triggers)
    assert triggers["schedule"] == [{"cron": "17 4 * * *"}]  # rebuilt daily: statuses stay true
    check, publish = workflow["jobs"]["check"], workflow["jobs"]["publish"]
    assert _steps(check)[2:] == [
        INSTALL_COMMAND,
        "badgegen --version",
        "badgegen check --format github",
    ]
    assert publish["needs"] == "check"
    assert "pull_request" in publish["if"] and "default_branch" in publish["if"]
    assert publish["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    build = next(s for s in publish["steps"] if s.get("run") == "badgegen build --publish")
    assert build["env"] == {"BADGEGEN_SIGNING_KEY": "${{ secrets.BADGEGEN_SIGNING_KEY }}"}
    steps = _steps(publish)
    assert steps[2] == INSTALL_COMMAND
    assert steps.index("badgegen build --publish") < steps.index("actions/upload-pages-artifact@v3")
    assert steps[-1] == "actions/deploy-pages@v4"
    cache = next(s for s in publish["steps"] if s.get("uses") == "actions/cache@v4")
    # the previous site too: a build whose inputs did not change then leaves it as it is, and
    # the parts that did not change are taken from it
    assert cache["with"]["path"].split() == [".badgegen-cache", "output"]
    # keyed on the exact badgegen; entries are keyed on their inputs, so a restored cache
    # can only save time
    assert "hashFiles('.badgegen/requirements.txt')" in cache["with"]["key"]
    assert steps.index("actions/cache@v4") < steps.index("badgegen build --publish")
    upload = next(
        s for s in publish["steps"] if s.get("uses") == "actions/upload-pages-artifact@v3"
    )
    assert upload["with"] == {"path": "output"}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_ci_never_installs_badgegen_by_name(tmp_path: Path, lang: str) -> None:
    """Every install line takes the repository's own copy, pinned by hash; no variable can
    swap in another package."""
    root = tmp_path / "repo"
    init_repository(root, lang)
    for name in (".github/workflows/badges.yml", ".gitlab-ci.yml"):
        text = (root / name).read_text(encoding="utf-8")
        installs = [line for line in text.splitlines() if "pip" in line and "install" in line]
        assert installs and all(INSTALL_COMMAND in line for line in installs), name
        assert "BADGEGEN_PACKAGE" not in text and "badgegen==" not in text
    requirements = (root / ".badgegen/requirements.txt").read_text(encoding="utf-8")
    wheel = next((root / ".badgegen").glob("*.whl"))
    assert wheel.name == f"badgegen_openbadges-{__version__}-py3-none-any.whl"
    assert f".badgegen/{wheel.name} --hash=sha256:" in requirements
    assert "\nbadgegen" not in requirements  # the foreign package name never appears


def test_ci_comments_speak_the_repository_language(tmp_path: Path) -> None:
    init_repository(tmp_path / "fr", "fr")
    init_repository(tmp_path / "en", "en")
    fr = (tmp_path / "fr/.github/workflows/badges.yml").read_text(encoding="utf-8")
    en = (tmp_path / "en/.github/workflows/badges.yml").read_text(encoding="utf-8")
    assert "chaque jour" in fr and "badgegen ci update" in fr and "every day" not in fr
    assert "One-time set-up on GitHub" in en and "chaque jour" not in en
    gitlab = (tmp_path / "fr/.gitlab-ci.yml").read_text(encoding="utf-8")
    assert "Pipeline schedules" in gitlab and "sur la branche principale" in gitlab


def test_gitlab_ci_publishes_public(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    init_repository(root, "en")
    ci = yaml.safe_load((root / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert ci["default"]["before_script"] == [INSTALL_COMMAND, "badgegen --version"]
    assert ci["pages"]["script"] == ["badgegen build --publish --output public"]
    assert ci["pages"]["artifacts"]["paths"] == ["public"]
    assert ci["pages"]["cache"] == {
        "key": {"files": [".badgegen/requirements.txt"]},
        "paths": [".badgegen-cache/", "public/"],
    }
    assert ci["check"]["script"] == ["badgegen check"]


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
