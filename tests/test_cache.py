"""The cache folder: results kept between builds and processes, never stale (#12)."""

from __future__ import annotations

import filecmp
import subprocess
import sys
from pathlib import Path

import pytest

from badgegen import memo
from badgegen.pinned import code_digest
from tests.conftest import ScratchRepo

CALLS: list[str] = []


@memo.kept(maxsize=4, disk=memo.BYTES)
def _shout(text: str) -> bytes:
    CALLS.append(text)
    return text.upper().encode()


def test_a_result_is_read_back_in_a_new_process(disk: Path) -> None:
    CALLS.clear()
    assert _shout("bonjour") == b"BONJOUR"
    memo.forget()  # what a new process starts with: nothing in memory
    assert _shout("bonjour") == b"BONJOUR"
    assert CALLS == ["bonjour"]
    [entry] = [p for p in disk.rglob("*") if p.is_file()]
    assert entry.read_bytes() == b"BONJOUR"
    assert "bonjour" not in str(entry)  # entries are named by a digest, never by their inputs
    assert _shout("salut") == b"SALUT" and CALLS == ["bonjour", "salut"]


@memo.kept(maxsize=4, disk=memo.BYTES, in_builds=False)
def _card(text: str) -> bytes:
    CALLS.append(text)
    return text.encode()


def test_a_result_kept_for_the_preview_only_is_not_written_by_a_build(disk: Path) -> None:
    """`in_builds=False`: the preview reads and writes it in the cache folder; a build (within
    `held_at_most`) does neither, it takes such files from the previous site."""
    CALLS.clear()
    with memo.held_at_most(256):
        assert _card("carte") == b"carte"
    assert not [p for p in disk.rglob("*") if p.is_file()]
    memo.forget()
    assert _card("carte") == b"carte"  # the preview: computed, then kept on disk
    memo.forget()
    assert _card("carte") == b"carte"  # read back
    assert CALLS == ["carte", "carte"]
    assert [p.read_bytes() for p in disk.rglob("*") if p.is_file()] == [b"carte"]


def test_other_namespaces_are_never_read_and_prune_keeps_only_what_was_used(disk: Path) -> None:
    CALLS.clear()
    _shout("un")
    _shout("deux")
    memo.use_disk(disk, "other-badgegen")
    memo.forget()
    _shout("un")
    assert CALLS == ["un", "deux", "un"]  # computed again: another badgegen's cache
    memo.use_disk(disk, "ns")
    memo.forget()
    _shout("deux")  # this build uses "deux" only
    assert memo.prune() == 2  # the other namespace and the entry of "un"
    assert [p.name for p in disk.iterdir()] == ["ns"]
    memo.forget()
    _shout("deux")
    assert CALLS == ["un", "deux", "un"]


def test_a_damaged_entry_is_computed_again(tmp_path: Path) -> None:
    store = memo.store("tests.damaged", maxsize=4, disk=memo.COMPRESSED)
    memo.use_disk(tmp_path / "cache", "ns")
    try:
        store.put("page", b"<html>")
        [entry] = [p for p in (tmp_path / "cache").rglob("*") if p.is_file()]
        entry.write_bytes(b"not zlib")
        store.cache_clear()
        assert store.get("page") is None  # a miss, not an exception
    finally:
        memo.use_disk(None)


def test_an_unwritable_cache_costs_time_not_the_result(tmp_path: Path) -> None:
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the folder should be")
    memo.use_disk(blocked, "ns")
    try:
        CALLS.clear()
        memo.forget()
        assert _shout("quand même") == "QUAND MÊME".encode()
    finally:
        memo.use_disk(None)
        memo.forget()


def test_the_namespace_changes_with_badgegen_itself() -> None:
    digest = code_digest()
    assert len(digest) == 24 and digest == code_digest()


def _build(root: Path, *options: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "badgegen", "build", "--root", str(root), *options],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def _same_trees(left: Path, right: Path) -> bool:
    compared = filecmp.dircmp(left, right)
    if compared.left_only or compared.right_only or compared.funny_files:
        return False
    _, mismatch, errors = filecmp.cmpfiles(left, right, compared.common_files, shallow=False)
    return (
        not mismatch
        and not errors
        and all(_same_trees(left / name, right / name) for name in compared.common_dirs)
    )


@pytest.mark.slow
def test_cached_builds_are_byte_identical_to_cold_ones(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo()
    _build(root)  # fills .badgegen-cache/
    assert any((root / ".badgegen-cache").rglob("*"))
    _build(root)  # from the cache
    cached = root.parent / "cached"
    (root / "output").rename(cached)
    _build(root, "--no-cache")
    assert _same_trees(cached, root / "output")
    # an edit reaches the output through the cache exactly as without it
    award = next((root / "content/awards").rglob("*.yml"))
    award.write_text(award.read_text().replace("her first email", "her first emails"))
    _build(root)
    edited = root.parent / "edited"
    (root / "output").rename(edited)
    _build(root, "--no-cache")
    assert _same_trees(edited, root / "output")
    assert not _same_trees(edited, cached)
