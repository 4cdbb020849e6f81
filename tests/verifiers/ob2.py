"""Call the 1EdTech validator (in its own virtualenv) from the tests."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
VERIFIER_PYTHON = REPO / ".venv-verifiers" / "bin" / "python"
SCRIPT = Path(__file__).with_name("ob2_check.py")


def run_ob2_checks(jobs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One report per job (see ob2_check.py); all jobs run in one validator process."""
    if not VERIFIER_PYTHON.exists():
        pytest.fail("the Open Badges 2.0 validator is not installed: run `make test`")
    result = subprocess.run(
        [str(VERIFIER_PYTHON), str(SCRIPT)],
        input=json.dumps(jobs),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    reports: list[dict[str, Any]] = json.loads(result.stdout)
    return reports
