"""The CI that `badgegen init` writes passes on the first push (#10).

The `run:` steps of the generated GitHub workflow are executed in order, as a runner would: in a
fresh clone, in a fresh virtual environment for each job, with no variable set (only the signing
key secret, where a case gives it). pip reaches the package registry for the pinned dependencies;
badgegen itself comes from the repository's `.badgegen/` copy, never from the registry.
"""

from __future__ import annotations

import filecmp
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest
import yaml

import badgegen
from badgegen import __version__
from badgegen.scaffold import init_repository
from tests.conftest import git

pytestmark = pytest.mark.install

BASE_URL = "https://reseau-exemple.github.io/badges/"
CONTACT = "badges@reseau-exemple.fr"


def _clone(source: Path, target: Path) -> Path:
    subprocess.run(["git", "clone", "-q", str(source), str(target)], check=True)
    return target


def _fresh_env(folder: Path) -> dict[str, str]:
    """A new virtual environment (as setup-python gives each job) and a minimal environment."""
    venv.EnvBuilder(with_pip=True).create(folder)
    path = f"{folder / 'bin'}{os.pathsep}{os.environ['PATH']}"
    keep = {k: v for k, v in os.environ.items() if k in ("HOME", "LANG", "TMPDIR")}
    return {**keep, "PATH": path, "CI": "true"}


def _run_job(job: dict, repo: Path, env: dict[str, str]) -> list[subprocess.CompletedProcess[str]]:
    """Every `run:` step of `job`, in order, with the step's `env:` resolved from `env`.
    Stops at the first step that fails, as a runner does."""
    done = []
    for step in job["steps"]:
        if "run" not in step:
            continue  # `uses:` steps: checkout is the clone, setup-python the fresh venv
        step_env = dict(env)
        for name, expression in step.get("env", {}).items():
            secret = expression.removeprefix("${{ secrets.").removesuffix(" }}")
            step_env[name] = env.get(secret, "")  # GitHub passes an unset secret as ""
        result = subprocess.run(
            ["bash", "-e", "-c", step["run"]],
            cwd=repo,
            env=step_env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        done.append(result)
        if result.returncode != 0:
            break
    return done


@pytest.fixture(scope="module")
def new_repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository made by `badgegen init`, as its creator commits it."""
    root = tmp_path_factory.mktemp("ci") / "badges"
    init_repository(root, "fr", base_url=BASE_URL, contact_email=CONTACT)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Dépôt de badges")
    return root


def _workflow(repo: Path) -> dict:
    return yaml.safe_load((repo / ".github/workflows/badges.yml").read_text(encoding="utf-8"))


def _installed_badgegen(env: dict[str, str]) -> Path:
    found = subprocess.run(
        ["python", "-c", "import badgegen, pathlib; print(pathlib.Path(badgegen.__file__).parent)"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return Path(found.stdout.strip())


def test_first_push_passes_check_and_publish_without_any_setting(
    new_repository: Path, tmp_path: Path
) -> None:
    clone = _clone(new_repository, tmp_path / "clone")
    workflow = _workflow(clone)
    assert "schedule" in workflow[True]

    env = _fresh_env(tmp_path / "check-venv")
    steps = _run_job(workflow["jobs"]["check"], clone, env)
    assert [s.returncode for s in steps] == [0, 0, 0], steps[-1].stderr
    assert steps[1].stdout.strip() == f"badgegen {__version__}"
    # the badgegen CI runs is this one, file for file
    installed = _installed_badgegen(env)
    source = Path(badgegen.__file__).parent
    for name in ("cli.py", "pinned.py", "guards.py", "build.py"):
        assert filecmp.cmp(installed / name, source / name, shallow=False), name

    env = _fresh_env(tmp_path / "publish-venv")
    steps = _run_job(workflow["jobs"]["publish"], clone, env)
    assert [s.returncode for s in steps] == [0, 0], steps[-1].stderr
    assert "Construit : 2 badges" in steps[-1].stdout  # the French repository speaks French
    assert (clone / "output/index.html").is_file()
    assert (clone / "output").stat().st_mode & 0o005 == 0o005  # readable by the web server


def test_publish_with_keys_needs_the_secret(new_repository: Path, tmp_path: Path) -> None:
    """Once public keys are committed, publishing signs with the secret and refuses without it."""
    work = _clone(new_repository, tmp_path / "work")
    subprocess.run(
        [sys.executable, "-m", "badgegen", "keys", "generate", "--root", str(work)],
        check=True,
        capture_output=True,
        env={k: v for k, v in os.environ.items() if k != "BADGEGEN_SIGNING_KEY"},
    )
    secret = (work / "keys/signing-keys.json").read_text(encoding="utf-8")
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", "Clés publiques")
    clone = _clone(work, tmp_path / "clone")
    publish = _workflow(clone)["jobs"]["publish"]
    env = _fresh_env(tmp_path / "venv")

    steps = _run_job(publish, clone, {**env, "BADGEGEN_SIGNING_KEY": secret})
    assert [s.returncode for s in steps] == [0, 0], steps[-1].stderr
    assert "5 attestations signées" in steps[-1].stdout
    assert not list((clone / "output").rglob("signing-keys*"))

    steps = _run_job(publish, clone, env)
    assert steps[-1].returncode == 1
    assert "le secret de la clé de signature manque" in steps[-1].stderr
    assert "BADGEGEN_SIGNING_KEY" in steps[-1].stderr


def test_gitlab_jobs_pass_too(new_repository: Path, tmp_path: Path) -> None:
    clone = _clone(new_repository, tmp_path / "clone")
    ci = yaml.safe_load((clone / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    env = _fresh_env(tmp_path / "venv")
    for job in ("check", "pages"):
        script = [*ci["default"]["before_script"], *ci[job]["script"]]
        result = subprocess.run(
            ["bash", "-e", "-c", "\n".join(script)],
            cwd=clone,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert result.returncode == 0, result.stderr
    assert (clone / "public/index.html").is_file()
