"""Call Digital Bazaar's Open Badges 3.0 verifier stack (npm, in tests/verifiers) from the tests."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
NODE_MODULES = HERE / "node_modules"
SCRIPT = HERE / "ob3_verify.mjs"
FIXTURE_SCRIPT = HERE / "make_fixture.mjs"
SCHEMAS = REPO / "badgegen" / "openbadges" / "schemas"


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not on PATH: the Open Badges 3.0 verifiers need Node.js 20")
    if not (NODE_MODULES / "@digitalbazaar" / "vc").is_dir():
        pytest.fail("the Open Badges 3.0 verifiers are not installed: run `make test`")
    return node


def run_node_script(script: Path, payload: dict[str, Any], timeout: int = 600) -> Any:
    """Run one of the scripts here with JSON on stdin; returns its parsed JSON stdout."""
    result = subprocess.run(
        [_node(), str(script)],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        cwd=HERE,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


def run_ob3_checks(
    site: Path,
    base_url: str,
    jobs: list[dict[str, Any]],
    *,
    now: datetime | str | None = None,
) -> list[dict[str, Any]]:
    """One report per job (see ob3_verify.mjs); all jobs run in one node process.

    A job is {"credential": path (relative: under site) | inline dict, "check_status": bool = True}.
    A report is {"verified", "errors", "status": {"checked", "revoked"}, "schema", "schema_errors"}.
    `now` replaces the verifier's clock (validFrom/validUntil checks), e.g. the clock of a test build.
    Nothing is fetched: contexts come from the npm packages, DIDs and URLs under base_url from site.
    """
    payload: dict[str, Any] = {
        "site": str(site),
        "base_url": base_url,
        "schemas": str(SCHEMAS),
        "jobs": [
            {**job, "credential": str(job["credential"])}
            if isinstance(job["credential"], Path)
            else job
            for job in jobs
        ],
    }
    if now is not None:
        payload["now"] = now.isoformat() if isinstance(now, datetime) else now
    reports: list[dict[str, Any]] = run_node_script(SCRIPT, payload)
    assert len(reports) == len(jobs)
    return reports
