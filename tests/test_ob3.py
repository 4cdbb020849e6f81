"""Open Badges 3.0 credentials: contents, determinism, status list, baking, badgegen's verify."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from badgegen.content.ledger_file import read_ledger
from badgegen.errors import ContentError
from badgegen.openbadges import credentials
from badgegen.openbadges.bake import OB3_KEYWORD, unbake
from badgegen.openbadges.schema import schema_problems
from badgegen.openbadges.status_list import LIST_SIZE, decode_list, is_set, status_list_credential
from tests.conftest import AWARD_ID, BASE_FILES, ScratchRepo, build_repo
from tests.keys_helper import generate_keys

BASE = "https://example.org/badges/"


@pytest.fixture
def signed_repo(scratch_repo: ScratchRepo) -> Path:
    root = scratch_repo()
    generate_keys(root)
    build_repo(root)
    return root


def _read(root: Path, path: str) -> dict:
    return json.loads((root / "output" / path).read_text(encoding="utf-8"))


def test_credential_contents(signed_repo: Path) -> None:
    credential = _read(signed_repo, f"awards/{AWARD_ID}/credential.json")
    assert credential["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["id"] == BASE + f"awards/{AWARD_ID}/credential.json"
    assert credential["issuer"]["id"] == "did:web:example.org:badges:issuers:atelier"
    assert credential["validFrom"] == "2025-03-14T00:00:00Z"
    [identity] = credential["credentialSubject"]["identifier"]
    assertion = _read(signed_repo, f"awards/{AWARD_ID}/assertion.json")
    assert identity["identityHash"] == assertion["recipient"]["identity"]
    assert identity["salt"] == assertion["recipient"]["salt"]
    achievement = credential["credentialSubject"]["achievement"]
    assert achievement["id"] == BASE + "badges/first-steps/achievement.json"
    assert achievement["criteria"]["narrative"].startswith("Send an email")
    [proof] = credential["proof"]
    assert proof["cryptosuite"] == "eddsa-rdfc-2022"
    assert proof["verificationMethod"] == "did:web:example.org:badges:issuers:atelier#key-1"
    assert schema_problems(credential) == []
    endorsement = _read(
        signed_repo, "endorsements/5d6e7f80-91a2-4b3c-8d4e-5f60718293a4.credential.json"
    )
    assert endorsement["credentialSubject"]["id"] == BASE + "badges/first-steps/achievement.json"
    assert endorsement["issuer"]["id"] == "did:web:example.org:badges:issuers:camille"
    assert (signed_repo / "output/.nojekyll").is_file()


def test_signing_is_deterministic(signed_repo: Path, tmp_path: Path) -> None:
    first = {
        p.relative_to(signed_repo / "output"): p.read_bytes()
        for p in (signed_repo / "output").rglob("*.json")
    }
    build_repo(signed_repo, output=str(tmp_path / "again"))
    again = {
        p.relative_to(tmp_path / "again"): p.read_bytes()
        for p in (tmp_path / "again").rglob("*.json")
    }
    assert again == first


@pytest.mark.slow
def test_status_index_is_recorded_and_revocation_flips_the_bit(signed_repo: Path) -> None:
    recorded = read_ledger(signed_repo, signed_repo / "content")[0].awards
    index = recorded[AWARD_ID]
    assert 0 <= index < LIST_SIZE
    credential = _read(signed_repo, f"awards/{AWARD_ID}/credential.json")
    assert credential["credentialStatus"]["statusListIndex"] == str(index)
    status = _read(signed_repo, "issuers/atelier/status-list.json")
    assert not is_set(decode_list(status["credentialSubject"]["encodedList"]), index)
    award = signed_repo / "content/awards/2025/camille-first-steps.yml"
    award.write_text(award.read_text() + "revoked:\n  date: 2025-06-01\n  reason: Mistake\n")
    build_repo(signed_repo)
    status = _read(signed_repo, "issuers/atelier/status-list.json")
    assert is_set(decode_list(status["credentialSubject"]["encodedList"]), index)
    assert read_ledger(signed_repo, signed_repo / "content")[0].awards == recorded
    assert _read(signed_repo, f"awards/{AWARD_ID}/credential.json")["id"] == credential["id"]


def test_baked_images_carry_both_payloads(signed_repo: Path) -> None:
    credential = _read(signed_repo, f"awards/{AWARD_ID}/credential.json")
    for name in ("badge.png", "badge.svg"):
        payloads = unbake((signed_repo / "output/awards" / AWARD_ID / name).read_bytes())
        assert json.loads(payloads[OB3_KEYWORD]) == credential
        assert "openbadges" in payloads


def _verify(root: Path, target: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "badgegen", "verify", target, "--root", str(root)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.slow
def test_verify_command_accepts_files_images_and_urls(signed_repo: Path) -> None:
    award_dir = signed_repo / "output/awards" / AWARD_ID
    for target in (
        str(award_dir / "credential.json"),
        str(award_dir / "badge.png"),
        str(award_dir / "badge.svg"),
        BASE + f"awards/{AWARD_ID}/credential.json",
    ):
        result = _verify(signed_repo, target)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "✓ signature: valid" in result.stdout
        assert "self-declared issuer" in result.stdout
        assert "Result: VALID" in result.stdout


@pytest.mark.slow
def test_verify_command_rejects_tampering_wrong_key_and_revocation(
    signed_repo: Path, tmp_path: Path
) -> None:
    path = signed_repo / "output/awards" / AWARD_ID / "credential.json"
    credential = json.loads(path.read_text())
    tampered = json.loads(json.dumps(credential))
    tampered["credentialSubject"]["achievement"]["name"] = "Forged"
    (tmp_path / "tampered.json").write_text(json.dumps(tampered))
    result = _verify(signed_repo, str(tmp_path / "tampered.json"))
    assert result.returncode == 1 and "✗ signature" in result.stdout
    generate_keys(signed_repo, rotate=True)  # key-2 signs; key-1 stays published
    wrong = json.loads(json.dumps(credential))
    wrong["proof"][0]["verificationMethod"] = wrong["proof"][0]["verificationMethod"].replace(
        "key-1", "key-9"
    )
    (tmp_path / "wrong.json").write_text(json.dumps(wrong))
    build_repo(signed_repo)
    assert "✗ issuer key" in _verify(signed_repo, str(tmp_path / "wrong.json")).stdout
    # the credential signed before the rotation still verifies against the published key-1
    (tmp_path / "old.json").write_text(json.dumps(credential))
    assert _verify(signed_repo, str(tmp_path / "old.json")).returncode == 0
    award = signed_repo / "content/awards/2025/camille-first-steps.yml"
    award.write_text(award.read_text() + "revoked:\n  date: 2025-06-01\n  reason: Mistake\n")
    build_repo(signed_repo)
    revoked = _verify(signed_repo, str(path))
    assert revoked.returncode == 1 and "REVOKED" in revoked.stdout


@pytest.mark.slow
def test_verify_command_with_nothing_to_verify(signed_repo: Path) -> None:
    photo = signed_repo / "content/evidence/photo.png"
    result = _verify(signed_repo, str(photo))
    assert result.returncode == 2
    assert "no Open Badges 3.0 credential" in result.stderr
    assert _verify(signed_repo, "https://elsewhere.example/x.json").returncode == 2


def test_award_page_links_the_credential_and_explains_the_check(signed_repo: Path) -> None:
    page = (signed_repo / "output/awards" / AWARD_ID / "index.html").read_text(encoding="utf-8")
    assert f'href="../../awards/{AWARD_ID}/credential.json"' in page
    assert f'href="../../awards/{AWARD_ID}/assertion.json"' in page
    assert "digital signature" in page


def test_a_document_strict_verifiers_would_refuse_is_never_signed(signed_repo: Path) -> None:
    from badgegen import config as config_module
    from badgegen.errors import ContentError
    from badgegen.openbadges.credentials import _sign
    from badgegen.openbadges.keys import load_keyring, signing_keys

    cfg = config_module.load(signed_repo)
    keyring = load_keyring(cfg)
    assert keyring is not None
    current, _published, _problems = signing_keys(cfg, keyring, ["atelier"])
    document = _read(signed_repo, f"awards/{AWARD_ID}/credential.json")
    document["credentialSubject"]["favouriteColour"] = "green"  # no context defines it
    with pytest.raises(ContentError) as caught:
        _sign(
            document,
            current["atelier"],
            document["issuer"]["id"],
            document["validFrom"],
            "content/x.yml",
        )
    [problem] = caught.value.problems
    assert problem.path == "content/x.yml"
    assert "favouriteColour" in problem.message


@pytest.mark.slow
def test_subject_name_only_for_earners_with_a_showcase(scratch_repo: ScratchRepo) -> None:
    names = {}
    for showcase in ("public", "unlisted", "private"):
        root = scratch_repo(
            {
                "content/earners/camille.yml": f"name: Camille Martin\nshowcase: {showcase}\n",
                # An endorsement by a private earner would publish them: drop it here.
                "content/endorsements/atelier-badge.yml": None,
            },
            name=showcase,
        )
        generate_keys(root)
        build_repo(root)
        subject = _read(root, f"awards/{AWARD_ID}/credential.json")["credentialSubject"]
        names[showcase] = subject.get("name")
    assert names == {"public": "Camille Martin", "unlisted": "Camille Martin", "private": None}


def test_endorsements_are_embedded_signed_where_they_apply(signed_repo: Path) -> None:
    published = _read(
        signed_repo, "endorsements/5d6e7f80-91a2-4b3c-8d4e-5f60718293a4.credential.json"
    )
    credential = _read(signed_repo, f"awards/{AWARD_ID}/credential.json")
    # The base endorsement is of the badge class: it goes into the Achievement, whole.
    assert credential["credentialSubject"]["achievement"]["endorsement"] == [published]
    assert "endorsement" not in credential and "endorsement" not in credential["issuer"]
    achievement = _read(signed_repo, "badges/first-steps/achievement.json")
    assert achievement["endorsement"] == [published]
    assert schema_problems(credential) == []


def test_endorsements_of_the_award_and_the_issuer_are_embedded(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo(
        {
            "content/endorsements/of-award.yml": f"""\
id: 6e7f8091-a2b3-4c4d-9e5f-607182930a4b
endorser: camille
award: {AWARD_ID}
comment: Proud of it.
issued_on: 2025-04-02
""",
            "content/endorsements/of-issuer.yml": """\
id: 7f8091a2-b3c4-4d5e-8f60-7182930a4b5c
endorser: camille
issuer: atelier
comment: A serious workshop.
issued_on: 2025-04-03
""",
        }
    )
    generate_keys(root)
    build_repo(root)
    credential = _read(root, f"awards/{AWARD_ID}/credential.json")
    [of_award] = credential["endorsement"]
    [of_issuer] = credential["issuer"]["endorsement"]
    assert of_award == _read(
        root, "endorsements/6e7f8091-a2b3-4c4d-9e5f-607182930a4b.credential.json"
    )
    assert of_issuer == _read(
        root, "endorsements/7f8091a2-b3c4-4d5e-8f60-7182930a4b5c.credential.json"
    )
    assert of_award["credentialSubject"]["id"] == credential["id"]
    assert of_issuer["credentialSubject"]["id"] == credential["issuer"]["id"]
    assert schema_problems(credential) == []


def test_a_credential_embeds_only_the_latest_endorsements_of_its_badge_and_issuer(
    scratch_repo: ScratchRepo,
) -> None:
    """Five endorsements of the issuer and five more of the badge class: the award's credential
    embeds the three latest of each, oldest first; the published Achievement keeps all of the
    badge class's, and every endorsement keeps its own credential."""
    files: dict[str, str] = {}
    for day in range(1, 6):
        for number, target in ((1, "issuer: atelier"), (2, "badge: first-steps")):
            files[f"content/endorsements/e{number}-{day}.yml"] = (
                f"id: {number}{day}f8091a-b3c4-4d5e-8f60-7182930a4b5c\nendorser: camille\n"
                f"{target}\ncomment: Seen at work.\nissued_on: 2025-05-0{day}\n"
            )
    root = scratch_repo(files)
    generate_keys(root)
    build_repo(root)
    credential = _read(root, f"awards/{AWARD_ID}/credential.json")

    def days(found: list[dict[str, Any]]) -> list[str]:
        return [e["validFrom"][:10] for e in found]

    latest = ["2025-05-03", "2025-05-04", "2025-05-05"]
    assert days(credential["issuer"]["endorsement"]) == latest
    assert days(credential["credentialSubject"]["achievement"]["endorsement"]) == latest
    achievement = _read(root, "badges/first-steps/achievement.json")
    assert len(achievement["endorsement"]) == 6  # the base endorsement and the five new ones
    for day in range(1, 6):
        endorsement_id = f"1{day}f8091a-b3c4-4d5e-8f60-7182930a4b5c"
        assert _read(root, f"endorsements/{endorsement_id}.credential.json")["id"].endswith(
            f"{endorsement_id}.credential.json"
        )
    assert schema_problems(credential) == []


def test_linkedin_organization_id_in_the_profile_and_the_add_to_profile_link(
    scratch_repo: ScratchRepo,
) -> None:
    from tests.conftest import BASE_FILES

    issuer = str(BASE_FILES["content/issuers/atelier.md"]).replace(
        "kind: organization\n", "kind: organization\nlinkedin_organization_id: 2414183\n"
    )
    root = scratch_repo({"content/issuers/atelier.md": issuer})
    generate_keys(root)
    build_repo(root)
    credential = _read(root, f"awards/{AWARD_ID}/credential.json")
    assert {
        "type": "IdentifierEntry",
        "identifier": "2414183",
        "identifierType": "ext:LinkedIn:organizationId",
    } in credential["issuer"]["otherIdentifier"]
    assert schema_problems(credential) == []
    page = (root / "output" / f"awards/{AWARD_ID}/index.html").read_text(encoding="utf-8")
    assert "organizationId=2414183" in page


def test_the_count_of_signed_credentials_is_what_was_signed(scratch_repo: ScratchRepo) -> None:
    """An issuer with a badge and no award yet has no status list: nothing signed for it."""
    root = scratch_repo(
        {
            "content/issuers/reseau.md": (
                "---\nname: Réseau\nurl: https://reseau.example.org\nkind: organization\n"
                "---\nA network.\n"
            ),
            "content/badges/mediation.md": (
                "---\nname: Médiation\nissuer: reseau\nimage: images/first-steps.svg\n"
                "image_alt: A green circle\ndescription: Helps others online.\n---\nHelp.\n"
            ),
        }
    )
    generate_keys(root)
    result = build_repo(root)
    signed = [
        path
        for path in (root / "output").rglob("*.json")
        if "proof" in json.loads(path.read_text(encoding="utf-8"))
    ]
    assert result.stats.credentials == len(signed) == 3  # the award, the endorsement, one list
    assert not (root / "output/issuers/reseau/status-list.json").exists()


def test_a_status_list_that_cannot_be_signed_names_the_record_from_the_root(
    scratch_repo: ScratchRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With `content = "./content/"`, the path is the one every other message shows."""
    root = scratch_repo(
        {"badgegen.toml": BASE_FILES["badgegen.toml"] + '\n[build]\ncontent = "./content/"\n'}
    )
    generate_keys(root)

    def undefined_term(*args: Any) -> dict[str, Any]:
        return {**status_list_credential(*args), "termNoContextDefines": "x"}  # a real refusal

    monkeypatch.setattr(credentials, "status_list_credential", undefined_term)
    with pytest.raises(ContentError) as caught:
        build_repo(root)
    [problem] = caught.value.problems
    assert problem.path == "content/published.yml"
    assert problem.message.startswith("cannot sign the Open Badges 3.0 credential")
