"""Attacks on the repository around the content: the output folder, write faults, a killed build.

Each test is one attack on a real scratch repository and asserts its exact outcome: refused
before any work with the reason, or survived with the previous site intact and nothing left over.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from badgegen import build, config, memo, write
from badgegen.errors import ContentError, UsageError
from badgegen.outdir import MARKER
from badgegen.write import OutputError
from tests.conftest import NOW, REPO_ROOT, ScratchRepo, build_repo

TOML_BUILD = """\
[site]
title = "Scratch badges"
base_url = "https://example.org/badges/"
contact_email = "badges@example.org"
language = "en"

[build]
output = "{output}"
"""


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under `folder` (relative path → digest): what must survive an attack."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".git/" not in p.as_posix()
    }


def leftovers(parent: Path, name: str = "output") -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith(f".{name}."))


def cli(
    root: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "badgegen", *args, "--root", str(root)],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        check=False,
        timeout=600,
    )


# --- the output folder ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("output", "reason"),
    [
        ("content", "it is the content folder, which the build would replace"),
        ("keys", "it is the signing keys' folder, which the build would replace"),
        (".git", "it is the git history (.git), which the build would replace"),
        (".", "it is the repository root, which the build would replace"),
        ("themes", "it is the themes folder, which the build would replace"),
        ("content/awards", "it is inside the content folder"),
        ("themes/default/static", "it is inside the themes folder"),
    ],
)
def test_output_over_a_repository_folder_is_refused_in_badgegen_toml(
    scratch_repo: ScratchRepo, output: str, reason: str
) -> None:
    root = scratch_repo(
        {
            "badgegen.toml": TOML_BUILD.format(output=output),
            "keys/signing-keys.json": "{}",
            ".git/HEAD": "ref: refs/heads/main\n",
            "themes/default/static/extra.css": "body {}\n",
        }
    )
    before = snapshot(root)
    with pytest.raises(ContentError) as caught:
        config.load(root)
    assert [p.format() for p in caught.value.problems] == [
        f"badgegen.toml:8: build.output {output!r} cannot be the output folder: {reason}\n"
        '    hint: use a folder of its own, e.g. output = "output" (missing, empty, or made by an '
        "earlier badgegen build)"
    ]
    result = cli(root, "build")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert snapshot(root) == before


def test_output_option_at_a_parent_of_the_repository_is_refused(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo()
    before = snapshot(root.parent)
    result = cli(root, "build", "--output", str(root.parent))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"badgegen: error: --output {root.parent}: it holds the repository root, which the build "
        'would replace; use a folder of its own, e.g. output = "output" (missing, empty, or made '
        "by an earlier badgegen build)"
    ]
    assert snapshot(root.parent) == before


def test_output_option_at_a_folder_of_someone_elses_files_is_refused(
    scratch_repo: ScratchRepo,
) -> None:
    root = scratch_repo({"docs/handbook.md": "# Our handbook\n"})
    result = cli(root, "build", "--output", "docs")
    assert result.returncode == 2
    assert "holds files that badgegen did not write (no .badgegen-output file)" in result.stderr
    assert (root / "docs/handbook.md").read_text(encoding="utf-8") == "# Our handbook\n"
    assert leftovers(root, "docs") == []


def test_output_option_through_a_symlink_to_content_is_refused(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo()
    (root / "site").symlink_to(root / "content", target_is_directory=True)
    before = snapshot(root / "content")
    with pytest.raises(UsageError, match="it is the content folder"):
        build_repo(root, output="site")
    assert snapshot(root / "content") == before


def test_a_file_as_output_is_refused(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo({"notes.txt": "mine\n"})
    with pytest.raises(UsageError, match="it is a file, not a folder"):
        build_repo(root, output="notes.txt")
    assert (root / "notes.txt").read_text(encoding="utf-8") == "mine\n"


def test_serve_output_into_content_is_refused_before_serving(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo()
    before = snapshot(root)
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    result = cli(root, "serve", "--output", "content", "--port", str(port))
    assert result.returncode == 2
    assert "it is the content folder, which the build would replace" in result.stderr
    assert snapshot(root) == before


def test_an_empty_folder_and_a_folder_badgegen_made_are_accepted(
    scratch_repo: ScratchRepo,
) -> None:
    root = scratch_repo()
    (root / "public").mkdir()
    build_repo(root, output="public")
    assert (root / "public" / MARKER).is_file() and (root / "public/index.html").is_file()
    build_repo(root, output="public")  # its own folder: replaced
    assert leftovers(root, "public") == []


# --- faults while writing ---------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MB tmpfs: a real full disk and a real read-only filesystem (needs root)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (root only); the injected faults below still run")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True, check=False)


def _fill(disk: Path) -> None:
    """Leave about 8 kB free on `disk`."""
    stat = os.statvfs(disk)
    free = stat.f_bavail * stat.f_frsize
    (disk / "filler").write_bytes(b"\0" * max(0, free - 8192))


def test_a_full_disk_keeps_the_old_site_and_says_so_in_one_line(
    scratch_repo: ScratchRepo, small_disk: Path
) -> None:
    root = scratch_repo()
    site = small_disk / "site"
    build_repo(root, output=str(site))
    before = snapshot(site)
    _fill(small_disk)
    (root / "content/awards/2025/camille-first-steps.yml").write_text(
        (root / "content/awards/2025/camille-first-steps.yml").read_text() + "expires: 2030-01-01\n"
    )
    result = cli(root, "build", "--output", str(site))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"badgegen: error: cannot write the site to {site}: No space left on device. The "
        "previous site is kept; free some space or make the folder writable, then build again"
    ]
    assert snapshot(site) == before
    assert leftovers(small_disk, "site") == []


def test_a_read_only_output_filesystem_keeps_the_old_site(
    scratch_repo: ScratchRepo, small_disk: Path
) -> None:
    root = scratch_repo()
    site = small_disk / "site"
    build_repo(root, output=str(site))
    before = snapshot(site)
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    try:
        with pytest.raises(OutputError, match="Read-only file system"):
            build_repo(root, output=str(site))
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], check=True)
    assert snapshot(site) == before
    assert leftovers(small_disk, "site") == []


@pytest.mark.parametrize(
    ("code", "text"),
    [(errno.ENOSPC, "No space left on device"), (errno.EACCES, "Permission denied")],
)
def test_a_fault_in_the_middle_of_writing_leaves_nothing_behind(
    scratch_repo: ScratchRepo, monkeypatch: pytest.MonkeyPatch, code: int, text: str
) -> None:
    """Without root: the fault is raised by the writer's one write function, after 10 files."""
    root = scratch_repo()
    build_repo(root)
    before = snapshot(root / "output")
    real = write._write_file
    calls: list[Path] = []

    def failing(path: Path, data: bytes) -> None:
        calls.append(path)
        if len(calls) > 10:
            raise OSError(code, text, str(path))
        real(path, data)

    monkeypatch.setattr(write, "_write_file", failing)
    with pytest.raises(OutputError) as caught:
        build_repo(root)
    assert str(caught.value) == (
        f"cannot write the site to {root / 'output'}: {text}. The previous site is kept; free "
        "some space or make the folder writable, then build again"
    )
    assert len(calls) == 11
    assert snapshot(root / "output") == before
    assert leftovers(root) == []


def test_a_failed_swap_puts_the_old_site_back(
    scratch_repo: ScratchRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = scratch_repo()
    build_repo(root)
    before = snapshot(root / "output")
    real = os.replace

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if ".output.staging-" in str(src):
            raise OSError(errno.EXDEV, "Invalid cross-device link", str(src))
        real(src, dst)

    monkeypatch.setattr(write.os, "replace", replace)
    with pytest.raises(OutputError, match="Invalid cross-device link"):
        build_repo(root)
    assert snapshot(root / "output") == before
    assert leftovers(root) == []


def test_leftovers_of_a_killed_build_are_removed_but_not_foreign_folders(
    scratch_repo: ScratchRepo,
) -> None:
    root = scratch_repo()
    build_repo(root)
    staging = root / ".output.staging-k1ll3d"
    (staging / "awards").mkdir(parents=True)
    (staging / MARKER).write_text("x")
    (staging / "awards/half.html").write_text("<p>half")
    old = root / ".output.old-k1ll3d"
    shutil.copytree(root / "output", old / "site")
    empty = root / ".output.staging-empty"
    empty.mkdir()
    foreign = root / ".output.staging-notes"
    foreign.mkdir()
    (foreign / "mine.txt").write_text("not badgegen's")
    build_repo(root)
    assert leftovers(root) == [".output.staging-notes"]
    assert (foreign / "mine.txt").read_text() == "not badgegen's"


def test_a_build_killed_between_its_two_renames_gets_the_old_site_back(
    scratch_repo: ScratchRepo,
) -> None:
    root = scratch_repo()
    build_repo(root)
    before = snapshot(root / "output")
    old = root / ".output.old-between"
    old.mkdir()
    os.replace(root / "output", old / "site")  # where a kill -9 at that moment leaves it
    assert write.recover(root / "output") == [old]  # what the next build does first
    assert snapshot(root / "output") == before
    assert leftovers(root) == []


# --- kill -9 in the middle of a real build ----------------------------------------------------


def _big_repo(where: Path, copies: int) -> Path:
    """The demo gallery with every award copied `copies` times: thousands of files to write."""
    root = where / "big"
    shutil.copytree(
        REPO_ROOT / "content", root / "content", ignore=shutil.ignore_patterns("public-keys")
    )
    shutil.copy(REPO_ROOT / "badgegen.toml", root / "badgegen.toml")
    awards = sorted((root / "content/awards").rglob("*.yml"))
    for copy in range(1, copies):
        for path in awards:
            text = path.read_text(encoding="utf-8")
            old_id = text.split("id:", 1)[1].split()[0]
            path.with_name(f"{path.stem}-copy{copy}.yml").write_text(
                text.replace(old_id, str(uuid.uuid4()), 1), encoding="utf-8"
            )
    return root


def test_kill_9_in_the_middle_of_writing(tmp_path: Path) -> None:
    root = _big_repo(tmp_path, copies=4)
    build.build(config.load(root), now=NOW)
    before = snapshot(root / "output")
    toml = root / "badgegen.toml"  # a new title: every page changes
    toml.write_text(toml.read_text(encoding="utf-8").replace("title = ", 'title = "New" # ', 1))
    process = subprocess.Popen(
        [sys.executable, "-m", "badgegen", "build", "--root", str(root)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    killed_mid_write = False
    try:
        while process.poll() is None:
            staging = [p for p in root.glob(".output.staging-*") if (p / "awards").is_dir()]
            if staging:
                os.kill(process.pid, signal.SIGKILL)
                killed_mid_write = True
                break
            time.sleep(0.002)
    finally:
        process.kill()
        process.wait()
    assert killed_mid_write, f"the build ended ({process.returncode}) before it was seen writing"
    assert process.returncode == -signal.SIGKILL
    assert snapshot(root / "output") == before
    assert leftovers(root) != []
    memo.forget()
    build.build(config.load(root), now=NOW)
    assert leftovers(root) == []
    assert snapshot(root / "output") != before


# --- reproducibility --------------------------------------------------------------------------


def test_the_same_repository_in_two_folders_builds_byte_identical_sites(tmp_path: Path) -> None:
    from tests.keys_helper import generate_keys

    first = tmp_path / "a" / "repo"
    shutil.copytree(
        REPO_ROOT / "content", first / "content", ignore=shutil.ignore_patterns("public-keys")
    )
    shutil.copy(REPO_ROOT / "badgegen.toml", first / "badgegen.toml")
    generate_keys(first)
    second = tmp_path / "elsewhere" / "deeper" / "copy"
    shutil.copytree(first, second, symlinks=True)
    memo.forget()
    build.build(config.load(first), now=NOW)
    memo.forget()  # a cold build, as in another process
    build.build(config.load(second), now=NOW)
    one, two = snapshot(first / "output"), snapshot(second / "output")
    assert len(one) > 300
    assert one == two
    assert any(name.endswith("credential.json") for name in one)
