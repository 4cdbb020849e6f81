"""Open Badges 2.0 output judged by the 1EdTech validator and the independent baker, offline.

The site is built with base_url on 127.0.0.1 and served from a thread; the validator runs in its
own virtualenv and may reach nothing but that server (see verifiers/ob2_check.py).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from badgegen.build import build
from badgegen.identity import hash_email
from tests.conftest import AWARD_ID, NOW, ScratchRepo, build_repo, demo_config
from tests.served import free_port, serve
from tests.verifiers.ob2 import run_ob2_checks

pytestmark = pytest.mark.verifiers

EMAIL = "camille.martin@example.net"
SALT = "a1b2c3d4e5f60718293a4b5c6d7e8f90"


@pytest.fixture
def served_scratch(scratch_repo: ScratchRepo) -> Iterator[tuple[Path, str]]:
    """A scratch repo whose earner's hash comes from a known address, built and served."""
    port = free_port()
    root = scratch_repo(
        {
            "content/earners/camille.yml": f'name: Camille\nemail_hash: "{hash_email(EMAIL, SALT)}"\n'
            f'salt: "{SALT}"\n'
        }
    )
    base = f"http://127.0.0.1:{port}/"
    build_repo(root, base_url=base)
    with serve(root / "output", port):
        yield root / "output", base


def test_assertion_and_baked_images_are_valid_for_the_right_recipient(
    served_scratch: tuple[Path, str],
) -> None:
    out, base = served_scratch
    award = out / "awards" / AWARD_ID
    jobs = [
        {"kind": "url", "input": f"{base}awards/{AWARD_ID}/assertion.json", "email": EMAIL},
        {"kind": "image", "input": str(award / "badge.png"), "email": EMAIL},
        {"kind": "image", "input": str(award / "badge.svg"), "email": EMAIL},
    ]
    for report in run_ob2_checks(jobs):
        assert report["valid"], report
        assert report["errors"] == []


def test_wrong_recipient_is_reported(served_scratch: tuple[Path, str]) -> None:
    _out, base = served_scratch
    [report] = run_ob2_checks(
        [
            {
                "kind": "url",
                "input": f"{base}awards/{AWARD_ID}/assertion.json",
                "email": "someone@example.net",
            }
        ]
    )
    assert not report["valid"]
    assert any("recipient" in error.lower() for error in report["errors"]), report["errors"]


def test_tampered_assertion_is_reported(served_scratch: tuple[Path, str]) -> None:
    out, base = served_scratch
    path = out / "awards" / AWARD_ID / "assertion.json"
    assertion = json.loads(path.read_text(encoding="utf-8"))
    assertion["badge"] = f"{base}badges/forged/badge.json"
    path.write_text(json.dumps(assertion), encoding="utf-8")
    [report] = run_ob2_checks([{"kind": "url", "input": assertion["id"], "email": EMAIL}])
    assert not report["valid"]


def test_revoked_award_is_refused(scratch_repo: ScratchRepo) -> None:
    port = free_port()
    award_file = "content/awards/2025/camille-first-steps.yml"
    root = scratch_repo()
    text = (root / award_file).read_text(encoding="utf-8")
    (root / award_file).write_text(
        text + "revoked:\n  date: 2025-05-01\n  reason: Evidence was not the earner's own\n",
        encoding="utf-8",
    )
    base = f"http://127.0.0.1:{port}/"
    build_repo(root, base_url=base)
    out = root / "output"
    with serve(out, port):
        reports = run_ob2_checks(
            [
                {"kind": "url", "input": f"{base}awards/{AWARD_ID}/assertion.json"},
                {"kind": "image", "input": str(out / "awards" / AWARD_ID / "badge.png")},
            ]
        )
    for report in reports:
        assert not report["valid"]
        assert report["errors"]


def test_expired_award_is_refused(scratch_repo: ScratchRepo) -> None:
    port = free_port()
    award_file = "content/awards/2025/camille-first-steps.yml"
    root = scratch_repo()
    text = (root / award_file).read_text(encoding="utf-8")
    (root / award_file).write_text(text + "expires: 2025-09-01\n", encoding="utf-8")
    base = f"http://127.0.0.1:{port}/"
    build_repo(root, base_url=base)
    with serve(root / "output", port):
        [report] = run_ob2_checks(
            [{"kind": "url", "input": f"{base}awards/{AWARD_ID}/assertion.json"}]
        )
    assert not report["valid"]
    assert any("expire" in error.lower() for error in report["errors"]), report["errors"]


@pytest.fixture(scope="module")
def served_demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    out = tmp_path_factory.mktemp("demo-ob2") / "output"
    build(demo_config(out, base), now=NOW)
    with serve(out, port):
        yield out, base


def _award_state(out: Path, award_id: str) -> str:
    data = json.loads((out / "awards" / award_id / "assertion.json").read_text(encoding="utf-8"))
    if data.get("revoked"):
        return "revoked"
    expires = data.get("expires")
    return "expired" if expires and expires <= NOW.strftime("%Y-%m-%dT%H:%M:%SZ") else "valid"


def test_every_demo_award_and_image_passes_the_validator(served_demo: tuple[Path, str]) -> None:
    out, base = served_demo
    award_ids = sorted(p.name for p in (out / "awards").iterdir())
    assert len(award_ids) >= 30
    jobs: list[dict[str, Any]] = []
    for award_id in award_ids:
        jobs.append(
            {"kind": "url", "input": f"{base}awards/{award_id}/assertion.json", "award": award_id}
        )
        for image in sorted((out / "awards" / award_id).glob("badge.*")):
            jobs.append({"kind": "image", "input": str(image), "award": award_id})
    reports = run_ob2_checks(jobs)
    states = {award_id: _award_state(out, award_id) for award_id in award_ids}
    assert set(states.values()) == {"valid", "revoked", "expired"}
    summary = {"valid": 0, "refused": 0}
    for job, report in zip(jobs, reports, strict=True):
        if states[job["award"]] == "valid":
            assert report["valid"] and report["errors"] == [], (job, report)
            summary["valid"] += 1
        else:
            assert not report["valid"], (job, report)
            summary["refused"] += 1
    print(
        f"\n1EdTech validator: {summary['valid']} checks valid, {summary['refused']} refused "
        f"(revoked or expired) over {len(award_ids)} awards"
    )


def test_every_demo_endorsement_passes_the_validator(served_demo: tuple[Path, str]) -> None:
    out, base = served_demo
    endorsements = sorted(
        p for p in (out / "endorsements").glob("*.json") if not p.name.endswith(".credential.json")
    )
    assert len(endorsements) >= 6
    kinds = set()
    jobs = []
    for path in endorsements:
        claim = json.loads(path.read_text(encoding="utf-8"))["claim"]["id"]
        kinds.add(claim.rsplit("/", 1)[-1])
        jobs.append({"kind": "url", "input": f"{base}endorsements/{path.name}"})
    assert kinds == {"assertion.json", "badge.json", "profile.json"}
    for report in run_ob2_checks(jobs):
        assert report["valid"] and report["errors"] == [], report


def test_independent_baker_reads_what_badgegen_baked(served_demo: tuple[Path, str]) -> None:
    out, _base = served_demo
    jobs = [
        {"kind": "image", "input": str(image)}
        for image in sorted((out / "awards").glob("*/badge.*"))
    ]
    for job, report in zip(jobs, run_ob2_checks(jobs), strict=True):
        award_dir = Path(job["input"]).parent
        hosted = json.loads((award_dir / "assertion.json").read_text(encoding="utf-8"))
        if job["input"].endswith(".png"):
            assert json.loads(report["unbaked"]) == hosted
        else:
            assert report["unbaked"] == hosted["id"]
