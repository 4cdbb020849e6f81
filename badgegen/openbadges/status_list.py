"""W3C Bitstring Status List: one revocation list per issuer, one stable index per award.

Indexes are assigned once and recorded in `content/status-list/<issuer>.yml` (committed): never
reused, never reordered. A new award's index is found by probing from a hash of its id, so a
build on a clean clone that has not committed the record yet still computes the same index.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml

from badgegen.errors import ContentError, Problem

LIST_SIZE = 131_072
"""Bits per list: the minimum the specification sets, so that an index reveals nothing."""
RECORD_DIR = "status-list"


def assign(award_ids: Iterable[str], recorded: Mapping[str, int]) -> dict[str, int]:
    """Indexes for `award_ids` (in a stable order): recorded ones kept, new ones probed."""
    used = set(recorded.values())
    result: dict[str, int] = {}
    for award_id in award_ids:
        if award_id in recorded:
            result[award_id] = recorded[award_id]
            continue
        index = int.from_bytes(hashlib.sha256(award_id.encode()).digest()[:8], "big") % LIST_SIZE
        while index in used:
            index = (index + 1) % LIST_SIZE
        used.add(index)
        result[award_id] = index
    return result


def encoded_list(revoked: Iterable[int]) -> str:
    """`u` + base64url (no padding) of the gzipped bitstring; index 0 is the first byte's top bit."""
    bits = bytearray(LIST_SIZE // 8)
    for index in revoked:
        bits[index // 8] |= 0x80 >> (index % 8)
    packed = gzip.compress(bytes(bits), mtime=0)  # mtime=0: same content, same bytes
    return "u" + base64.urlsafe_b64encode(packed).decode("ascii").rstrip("=")


def decode_list(encoded: str) -> bytes:
    if not encoded.startswith("u"):
        raise ValueError("encodedList must start with the multibase prefix 'u'")
    data = encoded[1:]
    return gzip.decompress(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)))


def is_set(bits: bytes, index: int) -> bool:
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def record_path(content_dir: Path, slug: str) -> Path:
    return content_dir / RECORD_DIR / f"{slug}.yml"


def load_recorded(content_dir: Path, slug: str) -> dict[str, int]:
    path = record_path(content_dir, slug)
    if not path.is_file():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        indexes = {str(k): int(v) for k, v in (data.get("indexes") or {}).items()}
    except (yaml.YAMLError, ValueError, TypeError, AttributeError) as exc:
        raise ContentError(
            [
                Problem(
                    path.as_posix(),
                    None,
                    f"cannot read the status list record: {exc}",
                    "this file is written by badgegen; restore it from git",
                )
            ]
        ) from None
    if len(set(indexes.values())) != len(indexes):
        raise ContentError(
            [
                Problem(
                    path.as_posix(),
                    None,
                    "two awards share a status list index",
                    "this file is written by badgegen; restore it from git",
                )
            ]
        )
    return indexes


def save_recorded(content_dir: Path, slug: str, indexes: Mapping[str, int]) -> bool:
    """Write the record when it changed; True if it was written."""
    if dict(indexes) == load_recorded(content_dir, slug):
        return False
    path = record_path(content_dir, slug)
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [
        f"# Revocation status list indexes of {slug}'s awards, assigned once by badgegen.",
        "# Commit this file and never edit it: an index must never change or be reused.",
        "indexes:",
        *(f"  {award_id}: {index}" for award_id, index in sorted(indexes.items())),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return True


def status_entry(list_url: str, index: int) -> dict[str, Any]:
    return {
        "id": f"{list_url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(index),
        "statusListCredential": list_url,
    }


def status_list_credential(
    list_url: str, issuer_did: str, valid_from: str, revoked: Iterable[int]
) -> dict[str, Any]:
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": list_url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_did,
        "validFrom": valid_from,
        "credentialSubject": {
            "id": f"{list_url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encoded_list(revoked),
        },
    }
