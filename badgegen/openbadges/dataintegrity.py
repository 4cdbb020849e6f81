"""Data Integrity proofs with the `eddsa-rdfc-2022` cryptosuite (W3C vc-di-eddsa §3.3).

The one proof format 1EdTech's OB 3.0 issuer conformance accepts for embedded proofs, and one
that both the 1EdTech validator and the DCC verifier check. The algorithm, as in
open-badges.md §5:

1. `unsecured` = the document without `proof`;
2. `proofConfig` = the proof options + `@context` of the document;
3. `hashData` = SHA-256(RDFC-1.0(proofConfig)) ‖ SHA-256(RDFC-1.0(unsecured)) — proof first;
4. `proofValue` = "z" + base58btc(Ed25519 signature of hashData).

Ed25519 signatures are deterministic and `created` is given by the caller, so the same inputs
always give the same bytes: a rebuild does not churn every published credential.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from datetime import datetime
from typing import Any

from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey

from badgegen.openbadges.jsonld import CanonicalizationError, canonicalize
from badgegen.openbadges.multikey import KEY_LENGTH, multibase_decode, multibase_encode

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-rdfc-2022"
PROOF_PURPOSE = "assertionMethod"
SIGNATURE_LENGTH = 64

# xsd:dateTime as Digital Bazaar accepts it: uppercase T and Z, seconds required.
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
# A scheme, a colon, no whitespace: what JSON-LD calls an absolute IRI.
_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+\-.]*:[^\s]*$")


def sign(
    document: dict[str, Any], seed: bytes, verification_method: str, created: str
) -> dict[str, Any]:
    """A new dict: `document` without any old proof, plus one `eddsa-rdfc-2022` proof.

    `proof` is written as a one-element array, the shape 1EdTech's JSON Schema requires.
    Raises ValueError for a bad seed, `created` or verification method, and
    `CanonicalizationError` for a document a safe-mode verifier would reject.
    """
    if len(seed) != KEY_LENGTH:
        raise ValueError(f"an Ed25519 seed must be {KEY_LENGTH} bytes, got {len(seed)}")
    if not _is_datetime(created):
        raise ValueError(
            f"created must be an xsd:dateTime such as 2024-05-01T00:00:00Z: {created!r}"
        )
    if not _ABSOLUTE_IRI.match(verification_method):
        raise ValueError(
            "verification_method must be an absolute IRI such as did:web:example.org#key-1: "
            f"{verification_method!r}"
        )
    if "@context" not in document:
        raise ValueError("the document has no @context: it cannot be canonicalized")
    # A copy, so that nothing done to the result reaches `document`: through JSON, which is
    # what a JSON-LD document is, in a tenth of the time of `copy.deepcopy`.
    unsecured = json.loads(
        json.dumps({key: value for key, value in document.items() if key != "proof"})
    )
    options = {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": created,
        "verificationMethod": verification_method,
        "proofPurpose": PROOF_PURPOSE,
    }
    signature = SigningKey(seed).sign(_hash_data(options, unsecured)).signature
    return {**unsecured, "proof": [{**options, "proofValue": multibase_encode(signature)}]}


def verify(document: dict[str, Any], public_key: bytes) -> list[str]:
    """Problems that keep `document`'s proof from verifying with `public_key`; [] = valid.

    Checks that there is exactly one proof (badgegen issues one; a proof set would need one key
    per proof), that it is a `DataIntegrityProof` / `eddsa-rdfc-2022` / `assertionMethod` proof,
    and that its signature matches the recomputed hashes. It does not resolve the verification
    method: the caller picks `public_key`. Raises ValueError if that key is not 32 bytes.
    """
    if len(public_key) != KEY_LENGTH:
        raise ValueError(f"an Ed25519 public key must be {KEY_LENGTH} bytes, got {len(public_key)}")
    proofs = document.get("proof")
    if proofs is None:
        return ["the document has no proof"]
    if isinstance(proofs, dict):
        proofs = [proofs]
    if not isinstance(proofs, list) or not all(isinstance(p, dict) for p in proofs):
        return ["proof must be an object or an array of objects"]
    if len(proofs) != 1:
        return [f"expected exactly one proof, found {len(proofs)}"]
    proof: dict[str, Any] = proofs[0]

    problems = _check_proof_fields(proof)
    signature = _decode_signature(proof.get("proofValue"), problems)
    if "@context" not in document:
        problems.append("the document has no @context")
    if problems or signature is None:
        return problems

    options = {key: value for key, value in proof.items() if key != "proofValue"}
    unsecured = {key: value for key, value in document.items() if key != "proof"}
    if "@context" in options:  # vc-data-integrity §4.4 step 4
        proof_context = _as_list(options.pop("@context"))
        if _as_list(unsecured["@context"])[: len(proof_context)] != proof_context:
            return ["the proof's @context is not a prefix of the document's @context"]
        unsecured["@context"] = proof_context
    try:
        data = _hash_data(options, unsecured)
    except CanonicalizationError as error:
        return [f"cannot canonicalize: {problem}" for problem in error.problems]
    try:
        VerifyKey(public_key).verify(data, signature)
    except BadSignatureError:
        return [
            "the signature does not match: wrong key, or the document or its proof options "
            "changed after signing"
        ]
    return []


def _hash_data(options: dict[str, Any], unsecured: dict[str, Any]) -> bytes:
    """SHA-256 of the canonical proof configuration, then of the canonical document."""
    proof_config = {**options, "@context": unsecured["@context"]}
    return _config_hash(json.dumps(proof_config, sort_keys=True)) + _sha256(canonicalize(unsecured))


@functools.lru_cache(maxsize=1024)
def _config_hash(proof_config: str) -> bytes:
    """The hash of a proof configuration, by its JSON text: the configurations of one issuer's
    credentials differ only in `created`, and many credentials share a date."""
    return _sha256(canonicalize(json.loads(proof_config)))


def _sha256(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()


def _check_proof_fields(proof: dict[str, Any]) -> list[str]:
    problems = [
        f"proof.{field} must be {expected!r}, not {proof.get(field)!r}"
        for field, expected in (
            ("type", PROOF_TYPE),
            ("cryptosuite", CRYPTOSUITE),
            ("proofPurpose", PROOF_PURPOSE),
        )
        if proof.get(field) != expected
    ]
    method = proof.get("verificationMethod")
    if not isinstance(method, str) or not _ABSOLUTE_IRI.match(method):
        problems.append(f"proof.verificationMethod must be an absolute IRI, not {method!r}")
    created = proof.get("created")
    if created is not None and not (isinstance(created, str) and _is_datetime(created)):
        problems.append(f"proof.created must be an xsd:dateTime, not {created!r}")
    return problems


def _decode_signature(proof_value: Any, problems: list[str]) -> bytes | None:
    if not isinstance(proof_value, str):
        problems.append("proof.proofValue is missing")
        return None
    try:
        signature = multibase_decode(proof_value)
    except ValueError as error:
        problems.append(f"proof.proofValue is not base58btc multibase: {error}")
        return None
    if len(signature) != SIGNATURE_LENGTH:
        problems.append(
            f"proof.proofValue must hold a {SIGNATURE_LENGTH}-byte Ed25519 signature, "
            f"not {len(signature)} bytes"
        )
        return None
    return signature


def _is_datetime(value: str) -> bool:
    if not _DATETIME.match(value):
        return False
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]
