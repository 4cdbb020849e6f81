"""Signing keys: generated outside git, public halves committed, rotation keeps old keys."""

from __future__ import annotations

import json
import stat
import subprocess
from pathlib import Path

import pytest

from badgegen import config
from badgegen.errors import ContentError
from badgegen.openbadges.keys import ENV_VAR, KeyringError, load_keyring, load_public_keys
from tests.conftest import ScratchRepo, build_repo
from tests.keys_helper import generate_keys


def test_generate_writes_a_private_keyring_and_public_registry(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo()
    changes = generate_keys(root)
    assert sorted((c.slug, c.key_id) for c in changes) == [
        ("atelier", "key-1"),
        ("camille", "key-1"),
    ]
    key_file = root / "keys/signing-keys.json"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert json.loads(key_file.read_text())["format"] == "badgegen-keyring/1"
    [public] = load_public_keys(config.load(root), "atelier")
    assert public.id == "key-1" and public.multibase.startswith("z6Mk")
    assert generate_keys(root) == []  # nothing to do the second time


def test_rotate_adds_a_key_and_keeps_the_old_public_one(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo()
    generate_keys(root)
    first = load_public_keys(config.load(root), "atelier")
    generate_keys(root, rotate=True)
    keys = load_public_keys(config.load(root), "atelier")
    assert [k.id for k in keys] == ["key-1", "key-2"]
    assert keys[0] == first[0]
    build_repo(root)
    did = json.loads((root / "output/issuers/atelier/did.json").read_text())
    assert [vm["id"].split("#")[1] for vm in did["verificationMethod"]] == ["key-1", "key-2"]
    credential = json.loads(next((root / "output/awards").glob("*/credential.json")).read_text())
    assert credential["proof"][0]["verificationMethod"].endswith("#key-2")


def test_keyring_from_the_environment(
    scratch_repo: ScratchRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = scratch_repo()
    generate_keys(root)
    key_file = root / "keys/signing-keys.json"
    monkeypatch.setenv(ENV_VAR, key_file.read_text())
    key_file.unlink()
    keyring = load_keyring(config.load(root))
    assert keyring is not None and keyring.source == f"${ENV_VAR}"
    assert "z3u2" not in repr(keyring)
    result = build_repo(root)
    assert result.skipped == "" and result.stats.credentials > 0


def test_unreadable_keyring_does_not_echo_it(
    scratch_repo: ScratchRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = scratch_repo()
    monkeypatch.setenv(ENV_VAR, "z3u2SECRETSECRET")
    with pytest.raises(KeyringError) as caught:
        load_keyring(config.load(root))
    assert "SECRET" not in str(caught.value)


def test_build_refuses_a_key_file_tracked_by_git(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo()
    generate_keys(root)
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run(["git", "add", "-f", "keys/signing-keys.json"], cwd=root, check=True)
    with pytest.raises(KeyringError, match="tracked by git"):
        build_repo(root)


def test_missing_key_for_an_issuer_is_a_problem(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo()
    generate_keys(root)
    (root / "content/issuers/second.md").write_text(
        "---\nname: Second\nurl: https://second.example.org\n---\nAnother issuer.\n"
    )
    (root / "content/endorsements/second.yml").write_text(
        "id: second-endorses\nendorser: second\nbadge: first-steps\ncomment: Good.\nissued_on: 2025-05-01\n"
    )
    with pytest.raises(ContentError) as caught:
        build_repo(root)
    assert [p.message for p in caught.value.problems] == [
        "second has no signing key in keys/signing-keys.json"
    ]


def test_without_keys_the_20_site_is_built_and_30_is_skipped(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo()
    result = build_repo(root)
    assert "3.0 credentials were skipped" in result.skipped
    assert result.stats.credentials == 0
    assert list((root / "output/awards").glob("*/assertion.json"))
    assert not list((root / "output/awards").glob("*/credential.json"))


def test_no_private_key_reaches_the_output(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo()
    generate_keys(root)
    build_repo(root)
    secrets = [
        secret
        for ids in json.loads((root / "keys/signing-keys.json").read_text())["keys"].values()
        for secret in ids.values()
    ]
    assert secrets
    for path in Path(root / "output").rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert not any(secret.encode() in data for secret in secrets), path
