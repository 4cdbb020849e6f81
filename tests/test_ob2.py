"""The Open Badges 2.0 objects themselves: ids, recipients, dates, endorsements, revocation."""

from __future__ import annotations

import json
import re
from pathlib import Path

from badgegen.content.model import derived_salt
from badgegen.identity import hash_identity
from badgegen.openbadges.bake import unbake
from tests.conftest import AWARD_ID, ScratchRepo, build_repo

BASE = "https://example.org/badges/"


def _json(out: Path, path: str) -> dict:
    return json.loads((out / path).read_text(encoding="utf-8"))


def test_every_id_is_the_url_of_its_file(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo()
    build_repo(root)
    out = root / "output"
    files = sorted(out.rglob("*.json"))
    assert len(files) >= 6
    for path in files:
        document = json.loads(path.read_text(encoding="utf-8"))
        assert document["@context"] == "https://w3id.org/openbadges/v2"
        assert document["id"] == BASE + path.relative_to(out).as_posix()


def test_assertion_fields(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo()
    build_repo(root)
    assertion = _json(root / "output", f"awards/{AWARD_ID}/assertion.json")
    assert assertion["recipient"] == {
        "type": "email",
        "hashed": True,
        "salt": "00112233445566778899aabbccddeeff",
        "identity": "sha256$0e4b2d1f8a3c5e7d9b1f3a5c7e9d1b3f5a7c9e1d3b5f7a9c1e3d5b7f9a1c3e5d",
    }
    assert assertion["issuedOn"] == "2025-03-14T00:00:00Z"
    assert assertion["verification"] == {"type": "hosted"}
    assert assertion["badge"] == BASE + "badges/first-steps/badge.json"
    assert assertion["image"] == BASE + f"awards/{AWARD_ID}/badge.svg"
    assert assertion["evidence"] == [
        {
            "id": BASE + "files/evidence/photo.png",
            "name": "Photo of the workshop",
            "narrative": "Added on 2025-03-14.",
        }
    ]
    assert "expires" not in assertion


def test_earner_without_email_is_identified_by_showcase_url(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo({"content/earners/camille.yml": "name: Camille\n"})
    build_repo(root)
    recipient = _json(root / "output", f"awards/{AWARD_ID}/assertion.json")["recipient"]
    salt = derived_salt("camille")
    assert recipient == {
        "type": "url",
        "hashed": True,
        "salt": salt,
        "identity": hash_identity(BASE + "earners/camille/", salt),
    }


def test_recipient_hash_is_stable_across_builds(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo({"content/earners/camille.yml": "name: Camille\nemail: c@example.net\n"})
    build_repo(root)
    first = _json(root / "output", f"awards/{AWARD_ID}/assertion.json")["recipient"]
    build_repo(root)
    assert _json(root / "output", f"awards/{AWARD_ID}/assertion.json")["recipient"] == first


def test_expiry_from_valid_for(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo(
        {
            "content/badges/first-steps.md": "---\nname: First steps\nissuer: atelier\n"
            "image: images/first-steps.svg\nimage_alt: A circle\ndescription: D.\nvalid_for: 2 years\n"
            "---\nCriteria.\n"
        }
    )
    build_repo(root)
    assertion = _json(root / "output", f"awards/{AWARD_ID}/assertion.json")
    assert assertion["expires"] == "2027-03-14T00:00:00Z"


def test_revoked_assertion_is_stripped_and_listed(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo()
    award = root / "content/awards/2025/camille-first-steps.yml"
    award.write_text(
        award.read_text(encoding="utf-8") + "revoked:\n  date: 2025-06-01\n  reason: Mistake\n",
        encoding="utf-8",
    )
    build_repo(root)
    out = root / "output"
    assertion_id = BASE + f"awards/{AWARD_ID}/assertion.json"
    assert _json(out, f"awards/{AWARD_ID}/assertion.json") == {
        "@context": "https://w3id.org/openbadges/v2",
        "type": "Assertion",
        "id": assertion_id,
        "revoked": True,
        "revocationReason": "Mistake",
    }
    revocations = _json(out, "issuers/atelier/revocations.json")
    assert revocations["revokedAssertions"] == [{"id": assertion_id, "revocationReason": "Mistake"}]


def test_endorsements_of_the_three_kinds_are_linked_both_ways(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo(
        {
            "content/endorsements/of-award.yml": f"id: e-award-0001\nendorser: atelier\naward: {AWARD_ID}\n"
            "comment: Well done.\nissued_on: 2025-04-02\n",
            "content/endorsements/of-issuer.yml": "id: e-issuer-0001\nendorser: camille\n"
            "issuer: atelier\ncomment: Serious.\nissued_on: 2025-04-03\n",
        }
    )
    build_repo(root)
    out = root / "output"
    targets = {
        "e-award-0001": f"awards/{AWARD_ID}/assertion.json",
        "5d6e7f80-91a2-4b3c-8d4e-5f60718293a4": "badges/first-steps/badge.json",
        "e-issuer-0001": "issuers/atelier/profile.json",
    }
    for endorsement_id, target in targets.items():
        endorsement = _json(out, f"endorsements/{endorsement_id}.json")
        assert endorsement["type"] == "Endorsement"
        assert endorsement["claim"]["id"] == BASE + target
        assert endorsement["issuedOn"].endswith("T00:00:00Z")
        assert BASE + f"endorsements/{endorsement_id}.json" in _json(out, target)["endorsement"]
    # an earner who endorses gets a complete profile, with the public contact address
    profile = _json(out, "issuers/camille/profile.json")
    assert profile["email"] == "badges@example.org"
    assert profile["url"] == BASE + "earners/camille/"


def test_demo_output_holds_no_private_email(built_gallery: Path) -> None:
    """Only public contact addresses may appear anywhere in the demo site."""
    public = {"badges@reseau-inclusion.example"}
    for issuer in (Path(__file__).parent.parent / "content/issuers").glob("*.md"):
        public.update(re.findall(r"^email:\s*(\S+)", issuer.read_text(encoding="utf-8"), re.M))
    found: set[str] = set()
    for path in built_gallery.rglob("*"):
        if path.suffix in (".html", ".json", ".svg", ".css", ".js", ".txt"):
            text = path.read_text(encoding="utf-8")
        elif path.suffix == ".png":
            text = " ".join(unbake(path.read_bytes()).values())
        else:
            continue  # media files copied from content/ are the earners' own evidence
        found.update(re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", text))
    assert found <= public, found - public


def test_ampersands_are_escaped_in_published_json(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo(
        {
            "content/issuers/atelier.md": "---\nname: Atelier R&D &amp; Co\n"
            "url: https://atelier.example.org\n---\nA & B.\n"
        }
    )
    build_repo(root)
    raw = (root / "output/issuers/atelier/profile.json").read_text(encoding="utf-8")
    assert "&" not in raw
    assert json.loads(raw)["name"] == "Atelier R&D &amp; Co"
