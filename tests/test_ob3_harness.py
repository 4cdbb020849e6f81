"""The Open Badges 3.0 harness is a real judge, independent of badgegen's signer.

A tiny site (a did:web DID document with a Multikey, a signed Bitstring status list, credentials)
is issued by Digital Bazaar's own stack (verifiers/make_fixture.mjs); the harness must accept what
is right and reject each kind of wrong, for the reason expected. Nothing here imports badgegen.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.verifiers.ob3 import FIXTURE_SCRIPT, run_node_script, run_ob3_checks

pytestmark = pytest.mark.verifiers

BASE_URL = "http://127.0.0.1:8765/"


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    site = tmp_path_factory.mktemp("ob3-site")
    manifest: dict[str, Any] = run_node_script(
        FIXTURE_SCRIPT, {"site": str(site), "base_url": BASE_URL}
    )
    return site, manifest


def check(
    fixture_site: tuple[Path, dict[str, Any]], case: str | dict[str, Any], **job: Any
) -> dict[str, Any]:
    site, manifest = fixture_site
    credential = manifest["files"][case] if isinstance(case, str) else case
    [report] = run_ob3_checks(site, BASE_URL, [{"credential": credential, **job}])
    return report


def load(fixture_site: tuple[Path, dict[str, Any]], case: str) -> dict[str, Any]:
    site, manifest = fixture_site
    data: dict[str, Any] = json.loads((site / manifest["files"][case]).read_text())
    return data


def test_fixture_uses_a_did_web_with_the_port_escaped(
    fixture_site: tuple[Path, dict[str, Any]],
) -> None:
    site, manifest = fixture_site
    assert manifest["did"] == "did:web:127.0.0.1%3A8765:issuers:fixture-issuer"
    assert (site / "issuers" / "fixture-issuer" / "did.json").is_file()
    assert isinstance(load(fixture_site, "valid")["proof"], list)


def test_valid_credential_verifies_with_status_checked(
    fixture_site: tuple[Path, dict[str, Any]],
) -> None:
    report = check(fixture_site, "valid", check_status=True)
    assert report == {
        "verified": True,
        "errors": [],
        "status": {"checked": True, "revoked": False},
        "schema": "achievementcredential.json",
        "schema_errors": [],
    }


def test_several_jobs_and_paths_of_every_kind(fixture_site: tuple[Path, dict[str, Any]]) -> None:
    site, manifest = fixture_site
    reports = run_ob3_checks(
        site,
        BASE_URL,
        [
            {"credential": site / manifest["files"]["valid"]},
            {"credential": str(site / manifest["files"]["revoked"])},
            {"credential": load(fixture_site, "valid")},
        ],
    )
    assert [r["verified"] for r in reports] == [True, False, True]


def test_endorsement_credential_verifies_against_its_own_schema(
    fixture_site: tuple[Path, dict[str, Any]],
) -> None:
    report = check(fixture_site, "endorsement")
    assert report["verified"], report
    assert report["schema"] == "endorsementcredential.json"
    assert report["status"] == {"checked": True, "revoked": False}


TAMPERINGS: dict[str, Callable[[dict[str, Any]], None]] = {
    "name": lambda c: c.update(name="Another badge"),
    "achievement": lambda c: c["credentialSubject"]["achievement"].update(name="Harder"),
    "recipient": lambda c: c["credentialSubject"]["identifier"][0].update(
        identityHash="sha256$" + "0" * 64
    ),
    "issuer-name": lambda c: c["issuer"].update(name="Someone else"),
    "validFrom": lambda c: c.update(validFrom="2024-03-01T10:00:01Z"),
    "status-index": lambda c: c["credentialStatus"].update(statusListIndex="1"),
    "proof-created": lambda c: c["proof"][0].update(created="2024-03-01T10:00:01Z"),
}


def test_any_tampered_field_breaks_the_proof(fixture_site: tuple[Path, dict[str, Any]]) -> None:
    site, _manifest = fixture_site
    jobs = []
    for tamper in TAMPERINGS.values():
        credential = copy.deepcopy(load(fixture_site, "valid"))
        tamper(credential)
        jobs.append({"credential": credential})
    reports = run_ob3_checks(site, BASE_URL, jobs)
    for name, report in zip(TAMPERINGS, reports, strict=True):
        assert not report["verified"], name
        assert "Invalid signature." in report["errors"], (name, report)
        assert report["schema_errors"] == [], name


def test_signature_by_another_key_under_the_same_id_is_rejected(
    fixture_site: tuple[Path, dict[str, Any]],
) -> None:
    report = check(fixture_site, "wrong-key")
    assert not report["verified"]
    assert report["errors"] == ["Invalid signature."]


def test_key_missing_from_the_did_document_is_rejected(
    fixture_site: tuple[Path, dict[str, Any]],
) -> None:
    report = check(fixture_site, "unknown-key")
    assert not report["verified"]
    assert any("#key-2 is not in the DID document" in e for e in report["errors"]), report


def test_set_status_bit_means_revoked_and_not_verified(
    fixture_site: tuple[Path, dict[str, Any]],
) -> None:
    report = check(fixture_site, "revoked")
    assert report["status"] == {"checked": True, "revoked": True}
    assert not report["verified"]
    assert report["errors"] == ["revoked"]
    # The proof itself is fine: without the status check the same credential verifies.
    unchecked = check(fixture_site, "revoked", check_status=False)
    assert unchecked["verified"], unchecked
    assert unchecked["status"] == {"checked": False, "revoked": None}


def test_tampered_status_list_is_rejected(
    fixture_site: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    site, manifest = fixture_site
    forged = tmp_path / "site"
    forged.mkdir()
    for relative in (manifest["files"]["did"], manifest["files"]["valid"]):
        target = forged / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((site / relative).read_bytes())
    status_list = load(fixture_site, "status-list")
    status_list["validFrom"] = "2025-01-01T00:00:00Z"
    (forged / manifest["files"]["status-list"]).write_text(json.dumps(status_list))
    [report] = run_ob3_checks(forged, BASE_URL, [{"credential": manifest["files"]["valid"]}])
    assert not report["verified"]
    assert any(
        "status list credential" in e and "Invalid signature." in e for e in report["errors"]
    )


def test_undefined_term_fails_in_json_ld_safe_mode(
    fixture_site: tuple[Path, dict[str, Any]],
) -> None:
    # Signed with safe mode off (what a PyLD signer would do): the signature is otherwise good.
    report = check(fixture_site, "undefined-term")
    assert not report["verified"]
    assert any("Safe mode" in e and "favouriteColour" in e for e in report["errors"]), report


def test_missing_required_property_is_a_schema_error(
    fixture_site: tuple[Path, dict[str, Any]],
) -> None:
    report = check(fixture_site, "no-criteria")
    assert report["errors"] == []  # the proof and status are fine
    assert report["schema_errors"] == [
        "/credentialSubject/achievement must have required property 'criteria'"
    ]
    assert not report["verified"]


def test_proof_as_a_single_object_verifies_but_breaks_the_schema(
    fixture_site: tuple[Path, dict[str, Any]],
) -> None:
    report = check(fixture_site, "proof-object")
    assert report["errors"] == []
    assert report["schema_errors"] == ["/proof must be array"]
    assert not report["verified"]


def test_valid_from_in_the_future_is_rejected_unless_the_clock_says_otherwise(
    fixture_site: tuple[Path, dict[str, Any]],
) -> None:
    site, manifest = fixture_site
    job = {"credential": manifest["files"]["future"]}
    [report] = run_ob3_checks(site, BASE_URL, [job])
    assert not report["verified"]
    assert any('is before "validFrom"' in e for e in report["errors"]), report
    [later] = run_ob3_checks(site, BASE_URL, [job], now="2030-06-01T00:00:00Z")
    assert later["verified"], later


def test_documents_outside_base_url_are_never_fetched(
    fixture_site: tuple[Path, dict[str, Any]],
) -> None:
    report = check(fixture_site, "foreign-did")
    assert not report["verified"]
    assert any("refusing to resolve did:web:badges.example.org" in e for e in report["errors"])


def test_a_credential_of_another_type_gets_no_schema(
    fixture_site: tuple[Path, dict[str, Any]],
) -> None:
    report = check(fixture_site, "status-list")
    assert report["schema"] is None
    assert not report["verified"]
    assert "no schema applies" in report["schema_errors"][0]


def test_did_web_with_a_base_path_maps_onto_an_https_base_url(tmp_path: Path) -> None:
    base_url = "https://org.example/badges/"
    manifest = run_node_script(FIXTURE_SCRIPT, {"site": str(tmp_path), "base_url": base_url})
    assert manifest["did"] == "did:web:org.example:badges:issuers:fixture-issuer"
    files = manifest["files"]
    reports = run_ob3_checks(
        tmp_path,
        base_url,
        [{"credential": files["valid"]}, {"credential": files["revoked"]}],
    )
    assert [(r["verified"], r["status"]["revoked"]) for r in reports] == [
        (True, False),
        (False, True),
    ]
    # The same files served under another base_url resolve nothing.
    [elsewhere] = run_ob3_checks(
        tmp_path, "https://org.example/other/", [{"credential": files["valid"]}]
    )
    assert not elsewhere["verified"]
    assert any("refusing to resolve" in e for e in elsewhere["errors"]), elsewhere
