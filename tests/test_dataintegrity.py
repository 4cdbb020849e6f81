"""eddsa-rdfc-2022 proofs: the published test vectors byte for byte, round trips, tampering."""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Callable
from typing import Any

import pytest
from nacl.signing import SigningKey

from badgegen.openbadges.dataintegrity import sign, verify
from badgegen.openbadges.jsonld import CanonicalizationError, canonicalize
from badgegen.openbadges.multikey import (
    decode_secret_key_multibase,
    multibase_decode,
    multibase_encode,
    public_key_multibase,
)
from tests.conftest import load_test_data

OB3 = load_test_data("ob3_eddsa_rdfc_2022_vector.json")
W3C = load_test_data("vc_di_eddsa_rdfc_2022_vector.json")
TYPICAL = load_test_data("ob3_typical_credential.json")

SEED = bytes.fromhex(OB3["privateKeyHex"])[:32]
PUBLIC = bytes.fromhex(OB3["publicKeyHex"])
VM = OB3["verificationMethod"]
CREATED = OB3["created"]

OWN_SEED = hashlib.sha256(b"badgegen test key").digest()
OWN_PUBLIC = bytes(SigningKey(OWN_SEED).verify_key)
OWN_VM = "did:web:org.github.io:badges:issuers:acme#key-1"


def _signed_typical() -> dict[str, Any]:
    return sign(TYPICAL, OWN_SEED, OWN_VM, "2024-05-01T00:00:00Z")


# --- published vectors --------------------------------------------------------------------------


def test_1edtech_ob3_vector_byte_for_byte() -> None:
    signed = sign(OB3["credential"], SEED, VM, CREATED)
    assert VM.endswith("#" + public_key_multibase(PUBLIC))
    assert signed == {**OB3["credential"], "proof": [OB3["signedProof"]]}
    assert signed["proof"][0]["proofValue"] == OB3["proofValue"]
    assert list(signed["proof"][0]) == [
        "type",
        "cryptosuite",
        "created",
        "verificationMethod",
        "proofPurpose",
        "proofValue",
    ]
    assert multibase_decode(OB3["proofValue"]).hex() == OB3["signatureHex"]


def test_1edtech_ob3_vector_intermediate_hashes() -> None:
    """Proof configuration hash first, then document hash (open-badges.md §5 step 5)."""
    proof = {k: v for k, v in OB3["signedProof"].items() if k != "proofValue"}
    config = {**proof, "@context": OB3["credential"]["@context"]}
    proof_hash = hashlib.sha256(canonicalize(config).encode()).hexdigest()
    document_hash = hashlib.sha256(canonicalize(OB3["credential"]).encode()).hexdigest()
    assert (proof_hash, document_hash) == (OB3["proofHashHex"], OB3["documentHashHex"])
    signature = SigningKey(SEED).sign(bytes.fromhex(proof_hash + document_hash)).signature
    assert signature.hex() == OB3["signatureHex"]


def test_1edtech_ob3_vector_verifies_in_both_proof_shapes() -> None:
    as_object = {**OB3["credential"], "proof": OB3["signedProof"]}  # the vector's own shape
    as_array = {**OB3["credential"], "proof": [OB3["signedProof"]]}  # 1EdTech schema's shape
    assert verify(as_object, PUBLIC) == []
    assert verify(as_array, PUBLIC) == []


def test_w3c_vc_di_eddsa_vector_signature() -> None:
    """vc-di-eddsa A.1: its document needs the examples context, so start from its N-Quads."""
    proof_hash = hashlib.sha256(W3C["proofCanon"].encode()).hexdigest()
    document_hash = hashlib.sha256(W3C["documentCanon"].encode()).hexdigest()
    assert (proof_hash, document_hash) == (W3C["proofHashHex"], W3C["documentHashHex"])
    seed = decode_secret_key_multibase(W3C["keyPair"]["privateKeyMultibase"])
    signature = SigningKey(seed).sign(bytes.fromhex(proof_hash + document_hash)).signature
    assert multibase_encode(signature) == W3C["proofValue"]


# --- sign ---------------------------------------------------------------------------------------


def test_round_trip_of_a_typical_credential() -> None:
    signed = _signed_typical()
    assert verify(signed, OWN_PUBLIC) == []
    assert {k: v for k, v in signed.items() if k != "proof"} == TYPICAL
    assert isinstance(signed["proof"], list) and len(signed["proof"]) == 1


def test_signing_is_deterministic() -> None:
    assert json.dumps(_signed_typical()) == json.dumps(_signed_typical())


def test_sign_returns_a_new_dict_and_leaves_the_input_alone() -> None:
    document = copy.deepcopy(TYPICAL)
    signed = sign(document, OWN_SEED, OWN_VM, "2024-05-01T00:00:00Z")
    signed["credentialSubject"]["achievement"]["name"] = "changed"
    assert document == TYPICAL


def test_signing_again_replaces_the_old_proof() -> None:
    resigned = sign(_signed_typical(), OWN_SEED, OWN_VM, "2024-05-01T00:00:00Z")
    assert resigned == _signed_typical()
    other = sign(_signed_typical(), SEED, OWN_VM, "2025-01-01T00:00:00Z")
    assert len(other["proof"]) == 1 and verify(other, PUBLIC) == []


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (lambda d: d["credentialSubject"].update(foo=1), "'foo' (at credentialSubject.foo)"),
        (lambda d: d.update(type=["VerifiableCredential", "MyType"]), "type 'MyType'"),
    ],
)
def test_sign_refuses_what_safe_mode_verifiers_reject(
    change: Callable[[dict[str, Any]], None], named: str
) -> None:
    document = copy.deepcopy(TYPICAL)
    change(document)
    with pytest.raises(CanonicalizationError, match=named.replace("(", r"\(").replace(")", r"\)")):
        sign(document, OWN_SEED, OWN_VM, "2024-05-01T00:00:00Z")


@pytest.mark.parametrize(
    ("seed", "method", "created", "message"),
    [
        (b"\x01" * 31, OWN_VM, "2024-05-01T00:00:00Z", "32 bytes"),
        (OWN_SEED, OWN_VM, "2024-05-01", "xsd:dateTime"),
        (OWN_SEED, OWN_VM, "2024-05-01t00:00:00z", "xsd:dateTime"),
        (OWN_SEED, OWN_VM, "2024-13-01T00:00:00Z", "xsd:dateTime"),
        (OWN_SEED, "#key-1", "2024-05-01T00:00:00Z", "absolute IRI"),
    ],
)
def test_sign_checks_its_arguments(seed: bytes, method: str, created: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        sign(TYPICAL, seed, method, created)


def test_sign_needs_a_context() -> None:
    with pytest.raises(ValueError, match="@context"):
        sign({"id": "urn:uuid:1"}, OWN_SEED, OWN_VM, "2024-05-01T00:00:00Z")


# --- verify -------------------------------------------------------------------------------------


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = document
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        node[int(last) if last.isdigit() else last] = value

    return change


TAMPERINGS: dict[str, Callable[[dict[str, Any]], object]] = {
    "credential name": _set("name", "Soldering Expert"),
    "achievement name": _set("credentialSubject.achievement.name", "Soldering Expert"),
    "recipient hash": _set("credentialSubject.identifier.0.identityHash", "sha256$00"),
    "validFrom": _set("validFrom", "2024-05-02T00:00:00Z"),
    "issuer id": _set("issuer.id", "did:web:evil.example"),
    "types": _set("type", ["VerifiableCredential", "EndorsementCredential"]),
    "evidence removed": lambda d: d.pop("evidence"),
    "tag added": lambda d: d["credentialSubject"]["achievement"]["tag"].append("expert"),
    "status index": _set("credentialStatus.statusListIndex", "4712"),
    "proof created": _set("proof.0.created", "2024-05-01T00:00:01Z"),
    "proof method": _set("proof.0.verificationMethod", OWN_VM.replace("key-1", "key-2")),
    "proof value": lambda d: d["proof"][0].update(
        proofValue=multibase_encode(bytes(64 - 1) + b"\x01")
    ),
}


@pytest.mark.parametrize("name", list(TAMPERINGS))
def test_tampering_with_any_field_is_detected(name: str) -> None:
    signed = _signed_typical()
    TAMPERINGS[name](signed)
    problems = verify(signed, OWN_PUBLIC)
    assert problems, name
    assert "signature does not match" in problems[0]


def test_the_signature_covers_the_graph_not_the_json_bytes() -> None:
    """`AchievementCredential` is the OB context's alias of `OpenBadgeCredential` (same IRI)."""
    signed = _signed_typical()
    signed["type"] = ["VerifiableCredential", "AchievementCredential"]
    signed = json.loads(json.dumps(signed, indent=4, sort_keys=True))
    assert verify(signed, OWN_PUBLIC) == []


def test_a_wrong_key_is_detected() -> None:
    assert verify(_signed_typical(), PUBLIC) == [
        "the signature does not match: wrong key, or the document or its proof options changed "
        "after signing"
    ]


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        ("type", "Ed25519Signature2020", "proof.type must be 'DataIntegrityProof'"),
        ("cryptosuite", "eddsa-jcs-2022", "proof.cryptosuite must be 'eddsa-rdfc-2022'"),
        ("proofPurpose", "authentication", "proof.proofPurpose must be 'assertionMethod'"),
        ("verificationMethod", "key-1", "proof.verificationMethod must be an absolute IRI"),
        ("created", "yesterday", "proof.created must be an xsd:dateTime"),
        ("proofValue", "0abc", "proof.proofValue is not base58btc multibase"),
        ("proofValue", "z" + "1" * 10, "proof.proofValue must hold a 64-byte Ed25519 signature"),
        ("proofValue", None, "proof.proofValue is missing"),
    ],
)
def test_proof_fields_are_checked(field: str, value: Any, problem: str) -> None:
    signed = _signed_typical()
    signed["proof"][0][field] = value
    problems = verify(signed, OWN_PUBLIC)
    assert len(problems) == 1 and problems[0].startswith(problem), problems


def test_missing_or_extra_proofs_are_reported() -> None:
    unsigned = copy.deepcopy(TYPICAL)
    assert verify(unsigned, OWN_PUBLIC) == ["the document has no proof"]
    signed = _signed_typical()
    signed["proof"] = signed["proof"] * 2
    assert verify(signed, OWN_PUBLIC) == ["expected exactly one proof, found 2"]
    signed["proof"] = "z123"
    assert verify(signed, OWN_PUBLIC) == ["proof must be an object or an array of objects"]


def test_a_document_that_no_longer_canonicalizes_is_reported() -> None:
    signed = _signed_typical()
    signed["credentialSubject"]["foo"] = 1
    [problem] = verify(signed, OWN_PUBLIC)
    assert problem.startswith("cannot canonicalize: property 'foo' (at credentialSubject.foo)")


def test_a_proof_context_must_prefix_the_document_context() -> None:
    signed = _signed_typical()
    signed["proof"][0]["@context"] = signed["@context"][:1]
    assert verify(signed, OWN_PUBLIC) != []  # signed without it: the proof config changed
    signed["proof"][0]["@context"] = ["https://w3id.org/security/data-integrity/v2"]
    assert verify(signed, OWN_PUBLIC) == [
        "the proof's @context is not a prefix of the document's @context"
    ]


def test_verify_needs_a_32_byte_key() -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        verify(_signed_typical(), OWN_PUBLIC + b"\x00")
