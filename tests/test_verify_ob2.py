"""`badgegen verify` on Open Badges 2.0 hosted assertions, award pages and short addresses.

A 2.0 assertion is checked as 2.0 (badge class, issuer, hosted scope, dates, revocation, and
the recipient when an address is given), never as a 3.0 credential without a proof.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from badgegen import config
from badgegen.identity import hash_email
from badgegen.openbadges.verify import load_credential
from badgegen.openbadges.verify_ob2 import verify_assertion
from tests.conftest import AWARD_ID, NOW, ScratchRepo, build_repo
from tests.keys_helper import generate_keys

BASE = "https://example.org/badges/"
SALT = "00112233445566778899aabbccddeeff"
EMAIL = "Camille.Martin@example.org"
EARNER = f"""\
name: Camille Martin
email_hash: "{hash_email(EMAIL, SALT)}"
salt: "{SALT}"
"""


@pytest.fixture
def unsigned_repo(scratch_repo: ScratchRepo) -> Path:
    root = scratch_repo({"content/earners/camille.yml": EARNER})
    build_repo(root)
    return root


def _report(root: Path, target: str, recipient: str | None = None) -> str:
    cfg = config.load(root)
    document, label = load_credential(target, cfg)
    report = verify_assertion(document, label, cfg, recipient=recipient, now=NOW)
    return report.format()


def _cli(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "badgegen", "verify", *args, "--root", str(root)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.slow
def test_a_hosted_assertion_is_checked_as_2_0_and_valid(unsigned_repo: Path) -> None:
    result = _cli(unsigned_repo, str(unsigned_repo / f"output/awards/{AWARD_ID}/assertion.json"))
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert out.startswith("Assertion (Open Badges 2.0): ")
    for line in (
        f"✓ hosted: {BASE}awards/{AWARD_ID}/assertion.json: the published copy",
        f"✓ badge class: First steps online ({BASE}badges/first-steps/badge.json)",
        f"✓ issuer: Atelier Numérique ({BASE}issuers/atelier/profile.json)",
        f"✓ verification: hosted by the issuer under {BASE}",
        "✓ dates: issued on 2025-03-14T00:00:00Z, no expiry",
        f"✓ revocation: not revoked (not in {BASE}issuers/atelier/revocations.json)",
        "Result: VALID",
    ):
        assert line in out, out
    assert "proof" not in out and "None" not in out


@pytest.mark.parametrize(
    "target",
    [
        f"{BASE}awards/{AWARD_ID}/assertion.json",
        f"{BASE}awards/{AWARD_ID}/",
        f"output/awards/{AWARD_ID}",
        f"output/awards/{AWARD_ID}/badge.png",
        f"output/awards/{AWARD_ID}/badge.svg",
        "short",
    ],
)
def test_urls_pages_short_addresses_and_images(unsigned_repo: Path, target: str) -> None:
    if target == "short":
        page = (unsigned_repo / f"output/awards/{AWARD_ID}/index.html").read_text()
        [code] = re.findall(r'<code class="award-code">([^<]+)</code>', page)
        target = f"{BASE}c/{code}/"
    elif target.startswith("output/"):
        target = str(unsigned_repo / target)
    out = _report(unsigned_repo, target)
    assert "✓ badge class" in out and out.endswith("Result: VALID"), out


@pytest.mark.slow
def test_the_recipient_is_checked_when_an_address_is_given(unsigned_repo: Path) -> None:
    target = f"{BASE}awards/{AWARD_ID}/assertion.json"
    assert "✓ recipient: awarded to this address" in _report(
        unsigned_repo, target, " camille.martin@EXAMPLE.org "
    )
    result = _cli(unsigned_repo, target, "--recipient", "someone@example.org")
    assert result.returncode == 1
    assert "✗ recipient: NOT awarded to this address" in result.stdout
    assert "Result: NOT VALID" in result.stdout
    assert EMAIL.lower() not in result.stdout + result.stderr


def test_revoked_and_expired_assertions_are_not_valid(scratch_repo: ScratchRepo) -> None:
    award = f"""\
id: {AWARD_ID}
badge: first-steps
earner: camille
issued_on: 2025-03-14
"""
    root = scratch_repo(
        {"content/awards/2025/camille-first-steps.yml": award + "expires: 2025-06-01\n"},
        name="expired",
    )
    build_repo(root)
    out = _report(root, f"{BASE}awards/{AWARD_ID}/assertion.json")
    assert "✗ dates: expired on 2025-06-01T00:00:00Z" in out and "NOT VALID" in out
    root = scratch_repo(
        {
            "content/awards/2025/camille-first-steps.yml": award
            + "revoked:\n  date: 2025-06-01\n  reason: Issued by mistake\n"
        },
        name="revoked",
    )
    build_repo(root)
    out = _report(root, f"{BASE}awards/{AWARD_ID}/assertion.json")
    assert "✗ revocation: REVOKED by the issuer (Issued by mistake)" in out
    assert out.endswith("Result: NOT VALID")


@pytest.mark.slow
def test_a_forged_assertion_from_elsewhere_is_not_valid(
    unsigned_repo: Path, tmp_path: Path
) -> None:
    path = unsigned_repo / f"output/awards/{AWARD_ID}/assertion.json"
    forged = json.loads(path.read_text())
    forged["id"] = f"{BASE}awards/00000000-0000-4000-8000-000000000000/assertion.json"
    (tmp_path / "forged.json").write_text(json.dumps(forged))
    result = _cli(unsigned_repo, str(tmp_path / "forged.json"))
    assert result.returncode == 1
    assert "✗ hosted:" in result.stdout and "is not published by this site" in result.stdout


@pytest.mark.slow
def test_an_award_page_of_a_signed_site_checks_the_3_0_credential(
    scratch_repo: ScratchRepo,
) -> None:
    root = scratch_repo()
    generate_keys(root)
    build_repo(root)
    result = _cli(root, f"{BASE}awards/{AWARD_ID}/")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("Credential: ") and "✓ signature: valid" in result.stdout
