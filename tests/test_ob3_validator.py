"""Open Badges 3.0 output judged by an independent stack: Digital Bazaar's Data Integrity
verifier (npm), in JSON-LD safe mode, with the 1EdTech JSON Schemas, fully offline."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from badgegen import build, config
from tests.conftest import NOW
from tests.keys_helper import signed_demo_repo
from tests.verifiers.ob3 import run_ob3_checks

pytestmark = pytest.mark.verifiers

BASE = "http://127.0.0.1:8765/"


@pytest.fixture(scope="module")
def signed_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo gallery with fresh keys, built for a local base_url (files are read, not served)."""
    root = signed_demo_repo(tmp_path_factory.mktemp("demo-ob3"))
    cfg = config.load(root).with_overrides(base_url=BASE)
    build.build(cfg, now=NOW)
    return root / "output"


def _state(credential: dict[str, Any], revoked: set[str]) -> str:
    if credential["id"] in revoked:
        return "revoked"
    until = credential.get("validUntil")
    return "expired" if until and until <= NOW.strftime("%Y-%m-%dT%H:%M:%SZ") else "valid"


def _revoked_ids(site: Path) -> set[str]:
    """Credential ids of the awards whose hosted 2.0 assertion says they are revoked."""
    return {
        BASE + path.parent.relative_to(site).as_posix() + "/credential.json"
        for path in site.glob("awards/*/assertion.json")
        if json.loads(path.read_text()).get("revoked") is True
    }


def test_every_demo_credential_passes_the_independent_verifier(signed_demo: Path) -> None:
    credentials = sorted(signed_demo.glob("awards/*/credential.json"))
    endorsements = sorted(signed_demo.glob("endorsements/*.credential.json"))
    assert len(credentials) >= 30 and len(endorsements) >= 6
    jobs = [{"credential": str(p)} for p in credentials + endorsements]
    reports = run_ob3_checks(signed_demo, BASE, jobs, now=NOW)
    revoked = _revoked_ids(signed_demo)
    counts = {"valid": 0, "revoked": 0, "expired": 0}
    for job, report in zip(jobs, reports, strict=True):
        credential = json.loads(Path(job["credential"]).read_text())
        state = _state(credential, revoked)
        counts[state] += 1
        assert report["schema_errors"] == [], (job, report)
        if state == "valid":
            assert report["verified"] and report["errors"] == [], (job, report)
        elif state == "revoked":
            assert not report["verified"] and report["status"]["revoked"], (job, report)
        else:
            assert not report["verified"], (job, report)
    assert counts["revoked"] >= 1 and counts["expired"] >= 1
    print(
        f"\nDigital Bazaar verifier: {counts['valid']} credentials verified, "
        f"{counts['revoked']} revoked and {counts['expired']} expired refused, of {len(jobs)}"
    )


def test_endorsements_of_the_three_kinds(signed_demo: Path) -> None:
    subjects = {
        json.loads(p.read_text())["credentialSubject"]["id"].rsplit("/", 1)[-1].split(":")[0]
        for p in signed_demo.glob("endorsements/*.credential.json")
    }
    assert subjects == {"credential.json", "achievement.json", "did"}


def _embedded_endorsements(site: Path) -> list[tuple[str, dict[str, Any]]]:
    """(where, endorsement) for every endorsement embedded in a credential or an Achievement."""
    found: list[tuple[str, dict[str, Any]]] = []
    for path in sorted(site.glob("awards/*/credential.json")):
        credential = json.loads(path.read_text())
        found += [("credential", e) for e in credential.get("endorsement", [])]
        found += [("issuer profile", e) for e in credential["issuer"].get("endorsement", [])]
        achievement = credential["credentialSubject"]["achievement"]
        found += [("achievement", e) for e in achievement.get("endorsement", [])]
    for path in sorted(site.glob("badges/*/achievement.json")):
        found += [
            ("achievement.json", e) for e in json.loads(path.read_text()).get("endorsement", [])
        ]
    return found


def test_every_embedded_endorsement_verifies_with_the_independent_stack(
    signed_demo: Path,
) -> None:
    embedded = _embedded_endorsements(signed_demo)
    places = {where for where, _ in embedded}
    assert places == {"credential", "issuer profile", "achievement", "achievement.json"}
    published = {
        json.loads(p.read_text())["id"]: json.loads(p.read_text())
        for p in signed_demo.glob("endorsements/*.credential.json")
    }
    unique = {json.dumps(e, sort_keys=True): e for _, e in embedded}
    for endorsement in unique.values():
        assert endorsement == published[endorsement["id"]]  # the very file published alone
    reports = run_ob3_checks(
        signed_demo, BASE, [{"credential": e} for e in unique.values()], now=NOW
    )
    for endorsement, report in zip(unique.values(), reports, strict=True):
        assert report["verified"] and report["errors"] == [], (endorsement["id"], report)
        assert report["schema"] == "endorsementcredential.json" and report["schema_errors"] == []
    print(
        f"\nDigital Bazaar verifier: {len(unique)} distinct embedded endorsements verified "
        f"({len(embedded)} embeddings: "
        + ", ".join(f"{sum(w == p for w, _ in embedded)} in {p}" for p in sorted(places))
        + ")"
    )


def _valid_credential(site: Path) -> dict[str, Any]:
    revoked = _revoked_ids(site)
    for path in sorted(site.glob("awards/*/credential.json")):
        credential = json.loads(path.read_text())
        if _state(credential, revoked) == "valid":
            return credential
    raise AssertionError("no valid credential in the demo")


@pytest.mark.parametrize(
    "field",
    [
        "name",
        "issuer.name",
        "validFrom",
        "credentialSubject.identifier",
        "credentialSubject.achievement.name",
        "credentialStatus.statusListIndex",
        "proof.created",
    ],
)
def test_tampering_with_any_field_is_rejected(signed_demo: Path, field: str) -> None:
    credential = _valid_credential(signed_demo)
    target: Any = credential
    *parents, last = field.split(".")
    for key in parents:
        target = target[key][0] if key == "proof" else target[key]
    if field == "proof.created":
        credential["proof"][0]["created"] = "2020-01-01T00:00:00Z"
    elif last == "identifier":
        target[last][0]["salt"] = "00" * 16
    elif last == "statusListIndex":
        target[last] = str(int(target[last]) + 1)
        target["id"] = target["statusListCredential"] + "#" + target[last]
    elif last == "validFrom":
        target[last] = "2024-01-01T00:00:00Z"
    else:
        target[last] = str(target[last]) + " (forged)"
    [report] = run_ob3_checks(signed_demo, BASE, [{"credential": credential}], now=NOW)
    assert not report["verified"], report


def test_a_key_not_in_the_issuers_did_document_is_rejected(signed_demo: Path) -> None:
    credential = _valid_credential(signed_demo)
    credential["proof"][0]["verificationMethod"] = credential["proof"][0][
        "verificationMethod"
    ].replace("#key-1", "#key-7")
    [report] = run_ob3_checks(signed_demo, BASE, [{"credential": credential}], now=NOW)
    assert not report["verified"]


def test_a_signature_by_another_issuers_key_is_rejected(signed_demo: Path) -> None:
    credential = _valid_credential(signed_demo)
    other = next(
        json.loads(p.read_text())
        for p in sorted(signed_demo.glob("awards/*/credential.json"))
        if json.loads(p.read_text())["issuer"]["id"] != credential["issuer"]["id"]
    )
    credential["proof"] = other["proof"]
    [report] = run_ob3_checks(signed_demo, BASE, [{"credential": credential}], now=NOW)
    assert not report["verified"]
