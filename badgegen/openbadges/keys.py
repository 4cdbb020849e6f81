"""Signing keys: private keys outside the repository, public keys committed beside the content.

- Private keys of every issuer live in ONE keyring: the file `[keys] file` (git-ignored,
  default `keys/signing-keys.json`) or the BADGEGEN_SIGNING_KEY environment variable holding the
  same JSON, which CI fills from a single repository secret. They are never printed, logged or
  written anywhere but that file; a Keyring's repr shows no key material.
- Public keys live in `content/public-keys/<slug>.yml`, committed: rotating a key appends a new
  one and keeps the old ones, so the DID document still lists them and credentials signed
  earlier still verify.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import nacl.signing
import yaml

from badgegen.config import Config
from badgegen.errors import BadgegenError, ContentError, Problem, UsageError
from badgegen.gitfiles import Unknown, tracked
from badgegen.openbadges.multikey import (
    decode_secret_key_multibase,
    public_key_multibase,
    secret_key_multibase,
)

ENV_VAR = "BADGEGEN_SIGNING_KEY"
KEYRING_FORMAT = "badgegen-keyring/1"
PUBLIC_KEYS_DIR = "public-keys"


class KeyringError(BadgegenError):
    """A key source is unusable; the message never contains key material."""

    exit_code = 1


@dataclass(frozen=True, slots=True)
class PublicKey:
    id: str
    """Fragment of the verification method: `key-1`, `key-2`, …"""
    multibase: str
    created: str


@dataclass(frozen=True, slots=True)
class Keyring:
    """Private Ed25519 seeds by issuer slug and key id."""

    seeds: dict[str, dict[str, bytes]] = field(repr=False)
    source: str
    """Where the keys came from (file path or the environment variable's name), for messages."""

    def __repr__(self) -> str:
        return f"Keyring(source={self.source!r}, issuers={sorted(self.seeds)})"

    def seed(self, slug: str, key_id: str) -> bytes | None:
        return self.seeds.get(slug, {}).get(key_id)

    def to_json(self) -> str:
        keys = {
            slug: {key_id: secret_key_multibase(seed) for key_id, seed in sorted(ids.items())}
            for slug, ids in sorted(self.seeds.items())
        }
        return json.dumps({"format": KEYRING_FORMAT, "keys": keys}, indent=2) + "\n"


def _parse_keyring(text: str, source: str) -> Keyring:
    try:
        data = json.loads(text)
        if data.get("format") != KEYRING_FORMAT or not isinstance(data.get("keys"), dict):
            raise ValueError("not a badgegen keyring")
        seeds = {
            str(slug): {
                str(key_id): decode_secret_key_multibase(str(secret))
                for key_id, secret in ids.items()
            }
            for slug, ids in data["keys"].items()
        }
    except (ValueError, AttributeError, TypeError):
        # never echo the text: it holds secrets
        raise KeyringError(
            f"the signing keys in {source} cannot be read: expected the JSON written by "
            "`badgegen keys generate`"
        ) from None
    return Keyring(seeds, source)


def is_tracked_by_git(path: Path, root: Path) -> bool:
    """True when git tracks `path` (a key file committed by mistake); False when git cannot
    tell."""
    try:
        return bool(tracked(path, root))
    except Unknown:
        return False


def load_keyring(config: Config) -> Keyring | None:
    """The private keys from the environment or the key file; None when neither exists."""
    if os.environ.get(ENV_VAR, "").strip():
        return _parse_keyring(os.environ[ENV_VAR], f"${ENV_VAR}")
    path = config.key_file
    if not path.is_file():
        return None
    if is_tracked_by_git(path, config.root):
        raise KeyringError(
            f"{config.keys.file} is tracked by git: private keys must never be committed. "
            f"Run `git rm --cached {config.keys.file}`, make sure .gitignore lists it, then "
            "`badgegen keys rotate` (the committed keys must be considered public now)"
        )
    return _parse_keyring(path.read_text(encoding="utf-8"), config.keys.file)


def public_keys_path(config: Config, slug: str) -> Path:
    return config.content_dir / PUBLIC_KEYS_DIR / f"{slug}.yml"


_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml when PyYAML has it (the same data as the pure-Python loader, several times faster):
a build reads the public keys of every issuer and endorser, hundreds in a large network."""


def load_public_keys(config: Config, slug: str) -> list[PublicKey]:
    path = public_keys_path(config, slug)
    if not path.is_file():
        return []
    rel = path.relative_to(config.root).as_posix()
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER) or {}
        return [
            PublicKey(str(k["id"]), str(k["public_key_multibase"]), str(k["created"]))
            for k in data.get("keys", [])
        ]
    except (yaml.YAMLError, KeyError, TypeError, AttributeError) as exc:
        raise ContentError(
            [
                Problem(
                    rel,
                    None,
                    f"cannot read the public keys: {exc}",
                    "this file is written by `badgegen keys`; restore it from git",
                )
            ]
        ) from None


def _write_public_keys(config: Config, slug: str, keys: list[PublicKey]) -> Path:
    path = public_keys_path(config, slug)
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [
        f"# Public signing keys of {slug}, written by `badgegen keys`. Commit this file.",
        "# The last key signs; earlier ones stay published so that older credentials verify.",
        "keys:",
    ]
    for key in keys:
        lines += [
            f"  - id: {key.id}",
            f"    public_key_multibase: {key.multibase}",
            f"    created: {key.created}",
        ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _write_keyring(config: Config, keyring: Keyring) -> Path:
    path = config.key_file
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(keyring.to_json())
    return path


@dataclass(frozen=True, slots=True)
class KeyChange:
    slug: str
    key_id: str


def add_keys(config: Config, slugs: list[str], *, rotate: bool, today: date) -> list[KeyChange]:
    """Generate a key for each slug (all of them when rotating, only those without one otherwise).

    Writes the keyring file and the public key registry. Refuses when the keys come from the
    environment: a generated key must be stored somewhere the user controls.
    """
    if os.environ.get(ENV_VAR, "").strip():
        raise UsageError(
            f"{ENV_VAR} is set: keys are read from it, so new keys cannot be stored. "
            "Unset it and run this command on a machine holding the key file"
        )
    keyring = load_keyring(config) or Keyring({}, config.keys.file)
    seeds = {slug: dict(ids) for slug, ids in keyring.seeds.items()}
    changes: list[KeyChange] = []
    for slug in slugs:
        public = load_public_keys(config, slug)
        usable = [k for k in public if k.id in seeds.get(slug, {})]
        if usable and not rotate:
            continue
        key_id = f"key-{len(public) + 1}"
        signing = nacl.signing.SigningKey.generate()
        seeds.setdefault(slug, {})[key_id] = bytes(signing)
        public.append(
            PublicKey(key_id, public_key_multibase(bytes(signing.verify_key)), today.isoformat())
        )
        _write_public_keys(config, slug, public)
        changes.append(KeyChange(slug, key_id))
    if changes:
        _write_keyring(config, Keyring(seeds, keyring.source))
    return changes


@dataclass(frozen=True, slots=True)
class SigningKey:
    slug: str
    key_id: str
    seed: bytes = field(repr=False)


def signing_keys(
    config: Config, keyring: Keyring, slugs: list[str]
) -> tuple[dict[str, SigningKey], dict[str, list[PublicKey]], list[Problem]]:
    """For each slug: its current signing key (the newest public key whose private key we hold),
    all its published public keys, and problems (a private key that does not match its public
    key, an issuer without a key)."""
    current: dict[str, SigningKey] = {}
    published: dict[str, list[PublicKey]] = {}
    problems: list[Problem] = []
    for slug in slugs:
        public = load_public_keys(config, slug)
        published[slug] = public
        rel = public_keys_path(config, slug).relative_to(config.root).as_posix()
        for key in reversed(public):
            seed = keyring.seed(slug, key.id)
            if seed is None:
                continue
            derived = public_key_multibase(bytes(nacl.signing.SigningKey(seed).verify_key))
            if derived != key.multibase:
                problems.append(
                    Problem(
                        rel,
                        None,
                        f"the private key {key.id} of {slug} in {keyring.source} does not match its public key",
                        "the key file and content/public-keys/ come from different repositories or were edited",
                    )
                )
                break
            current[slug] = SigningKey(slug, key.id, seed)
            break
        else:
            problems.append(
                Problem(
                    rel,
                    None,
                    f"{slug} has no signing key in {keyring.source}",
                    f"run `badgegen keys generate {slug}` (then update the {ENV_VAR} secret in CI)",
                )
            )
    return current, published, problems
