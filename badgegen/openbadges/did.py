"""did:web documents: one DID per issuer, listing every public key it ever signed with."""

from __future__ import annotations

from typing import Any

from badgegen.openbadges.keys import PublicKey
from badgegen.urls import Urls

DID_CONTEXT = "https://www.w3.org/ns/did/v1"
MULTIKEY_CONTEXT = "https://w3id.org/security/multikey/v1"


def verification_method_id(did: str, key_id: str) -> str:
    return f"{did}#{key_id}"


def did_document(urls: Urls, slug: str, keys: list[PublicKey]) -> dict[str, Any]:
    """The DID document: DID context first (verifiers skip framing then), absolute ids, arrays."""
    did = urls.did(slug)
    methods = [verification_method_id(did, key.id) for key in keys]
    return {
        "@context": [DID_CONTEXT, MULTIKEY_CONTEXT],
        "id": did,
        "alsoKnownAs": [urls.absolute(Urls.ob2_profile(slug))],
        "verificationMethod": [
            {
                "id": method,
                "type": "Multikey",
                "controller": did,
                "publicKeyMultibase": key.multibase,
            }
            for method, key in zip(methods, keys, strict=True)
        ],
        "assertionMethod": methods,
        "authentication": methods,
    }
