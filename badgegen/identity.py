"""Private identities: an earner's email is only ever published as a salted SHA-256 hash."""

from __future__ import annotations

import hashlib
import re
import secrets

HASH_PATTERN = re.compile(r"^sha256\$[0-9a-f]{64}$")
SALT_PATTERN = re.compile(r"^[0-9A-Za-z]{8,128}$")
EMAIL_PATTERN = re.compile(r"^[^@\s<>(),;:\"]+@[^@\s<>(),;:\"]+\.[^@\s<>(),;:\"]+$")


def normalise_email(email: str) -> str:
    """Backpacks compare with the address the user registered: strip and lowercase it."""
    return email.strip().lower()


def new_salt() -> str:
    """16 random bytes as hex, never shared between earners."""
    return secrets.token_hex(16)


def hash_identity(value: str, salt: str) -> str:
    """Open Badges identity hash: sha256 of the value with the salt appended, as `sha256$<hex>`."""
    digest = hashlib.sha256((value + salt).encode("utf-8")).hexdigest()
    return f"sha256${digest}"


def hash_email(email: str, salt: str) -> str:
    return hash_identity(normalise_email(email), salt)


def is_email(value: str) -> bool:
    return bool(EMAIL_PATTERN.match(value.strip()))
