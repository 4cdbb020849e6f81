"""Attacks on the repository around the content: the output folder, write faults, a killed build.

Each test is one attack on a real scratch repository and asserts its exact outcome: refused
before any work with the reason, or survived with the previous site intact and nothing left over.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from badgegen import build, config, memo, write
from badgegen.content.ledger import LIST_SIZE, first_index
from badgegen.content.ledger_file import read_ledger
from badgegen.errors import ContentError, UsageError, sorted_problems
from badgegen.outdir import MARKER
from badgegen.write import OutputError
from tests.conftest import AWARD_ID, NOW, REPO_ROOT, ScratchRepo, build_repo, git

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


@pytest.mark.slow
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


@pytest.mark.slow
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


@pytest.mark.slow
def test_output_option_at_a_folder_of_someone_elses_files_is_refused(
    scratch_repo: ScratchRepo,
) -> None:
    root = scratch_repo({"docs/handbook.md": "# Our handbook\n"})
    result = cli(root, "build", "--output", "docs")
    assert result.returncode == 2
    assert "holds files that badgegen did not write (no .badgegen-output file)" in result.stderr
    assert (root / "docs/handbook.md").read_text(encoding="utf-8") == "# Our handbook\n"
    assert leftovers(root, "docs") == []


def test_a_cache_folder_committed_to_the_repository_is_not_read(
    scratch_repo: ScratchRepo,
) -> None:
    """A pull request commits a cache folder whose kept link previews are its own files
    (entries are named by the digest of what they stand for, which anyone can work out). On a
    clean clone the build would take them from the cache as the site's images: it does not read
    a cache folder git tracks, says why, and draws them itself."""
    root = scratch_repo()
    git(root, "init", "-q")
    assert cli(root, "build").returncode == 0
    kept = list(root.glob(".badgegen-cache/*/badgegen.site.previews.page_card/*/*"))
    assert kept
    for entry in kept:
        entry.write_bytes(b"planted by a pull request")
    shutil.rmtree(root / "output")  # a clean clone of the merged branch
    git(root, "add", "-A", "-f")
    git(root, "commit", "-q", "-m", "content")
    done = cli(root, "build")
    assert done.returncode == 0, done.stderr
    assert "the cache folder .badgegen-cache holds files committed to the repository" in (
        done.stderr
    )
    assert "git rm -r --cached .badgegen-cache" in done.stderr
    made = [p.read_bytes() for p in (root / "output").rglob("*") if p.is_file()]
    assert made and not any(b"planted" in data for data in made)
    # the same folder, no longer tracked, is the machine's own cache again: read as it is
    git(root, "rm", "-r", "-q", "--cached", ".badgegen-cache")
    shutil.rmtree(root / "output")
    assert cli(root, "build").returncode == 0
    previews = [p.read_bytes() for p in (root / "output").rglob("*.png")]
    assert any(data == b"planted by a pull request" for data in previews)


def test_a_cache_folder_git_cannot_vouch_for_is_not_read(
    scratch_repo: ScratchRepo, tmp_path: Path
) -> None:
    """In a git checkout where git cannot answer (here it refuses the repository, as it does
    one owned by another user), the build cannot know the cache folder is not committed: it
    builds without it, and says why."""
    root = scratch_repo()
    git(root, "init", "-q")
    tools = tmp_path / "tools"
    tools.mkdir()
    fake = tools / "git"
    fake.write_text(
        "#!/bin/sh\necho 'fatal: detected dubious ownership in repository' >&2\nexit 128\n"
    )
    fake.chmod(0o755)
    done = cli(root, "build", env={"PATH": f"{tools}{os.pathsep}{os.environ['PATH']}"})
    assert done.returncode == 0, done.stderr
    assert (
        "git cannot say whether the cache folder .badgegen-cache holds files committed to the "
        "repository (fatal: detected dubious ownership in repository)" in done.stderr
    )
    assert (root / "output/index.html").is_file()
    assert not (root / ".badgegen-cache").exists()


def test_output_option_through_a_symlink_to_content_is_refused(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo()
    (root / "site").symlink_to(root / "content", target_is_directory=True)
    before = snapshot(root / "content")
    with pytest.raises(UsageError, match="it is the content folder"):
        build_repo(root, output="site")
    assert snapshot(root / "content") == before


def test_output_as_a_symlink_to_a_folder_outside_is_refused(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo()
    outside = root.parent / "elsewhere"
    outside.mkdir()
    (root / "output").symlink_to(outside, target_is_directory=True)
    with pytest.raises(UsageError, match="it is a symbolic link"):
        build_repo(root)
    assert list(outside.iterdir()) == []


@pytest.mark.slow
def test_check_still_runs_beside_a_refused_output_folder(scratch_repo: ScratchRepo) -> None:
    """Only the place is judged in badgegen.toml: `check` writes nothing and still works."""
    root = scratch_repo({"output/handbook.md": "# Ours\n"})
    assert cli(root, "check").returncode == 0
    result = cli(root, "build")
    assert result.returncode == 2 and "did not write" in result.stderr
    assert (root / "output/handbook.md").read_text(encoding="utf-8") == "# Ours\n"


def test_a_file_as_output_is_refused(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo({"notes.txt": "mine\n"})
    with pytest.raises(UsageError, match="it is a file, not a folder"):
        build_repo(root, output="notes.txt")
    assert (root / "notes.txt").read_text(encoding="utf-8") == "mine\n"


@pytest.mark.slow
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


def _built_on(scratch_repo: ScratchRepo, disk: Path) -> tuple[Path, Path, dict[str, str]]:
    """A repository built into `disk`/site: the repository, the site and its snapshot."""
    root = scratch_repo()
    site = disk / "site"
    build_repo(root, output=str(site))
    return root, site, snapshot(site)


@pytest.mark.slow
def test_a_full_disk_keeps_the_old_site_and_says_so_in_one_line(
    scratch_repo: ScratchRepo, small_disk: Path
) -> None:
    root, site, before = _built_on(scratch_repo, small_disk)
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
    root, site, before = _built_on(scratch_repo, small_disk)
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    try:
        with pytest.raises(OutputError, match="Read-only file system"):
            build_repo(root, output=str(site))
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], check=True)
    assert snapshot(site) == before
    assert leftovers(small_disk, "site") == []


def _retitle(root: Path) -> None:
    """A new site title: every page changes."""
    toml = root / "badgegen.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("title = ", 'title = "New" # ', 1))


@pytest.mark.parametrize(
    ("code", "text"),
    [(errno.ENOSPC, "No space left on device"), (errno.EACCES, "Permission denied")],
)
def test_a_fault_in_the_middle_of_writing_leaves_nothing_behind(
    scratch_repo: ScratchRepo, monkeypatch: pytest.MonkeyPatch, code: int, text: str
) -> None:
    """Without root: the fault is raised after 10 files by the writer's one function that
    writes a file, while a build that changes every page writes them."""
    root = scratch_repo()
    build_repo(root)
    before = snapshot(root / "output")
    real_write = write._write_file
    calls: list[str | Path] = []

    def failing_write(path: str | Path, data: bytes) -> None:
        calls.append(path)
        if len(calls) > 10:
            raise OSError(code, text, str(path))
        real_write(path, data)

    monkeypatch.setattr(write, "_write_file", failing_write)
    _retitle(root)
    with pytest.raises(OutputError) as caught:
        build_repo(root)
    assert str(caught.value) == (
        f"cannot write the site to {root / 'output'}: {text}. The previous site is kept; free "
        "some space or make the folder writable, then build again"
    )
    assert len(calls) == 11
    assert snapshot(root / "output") == before
    assert leftovers(root) == []


def test_a_failed_publish_puts_the_old_site_back(
    scratch_repo: ScratchRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fault comes while the new pages are moved in, after the old ones were moved aside
    and a few new ones are in place: the previous site is put back whole."""
    root = scratch_repo()
    build_repo(root)
    before = snapshot(root / "output")
    real = write._move
    moved_in: list[str] = []

    def move(source: str, target: str) -> None:
        if ".output.staging-" in source:
            moved_in.append(target)
            if len(moved_in) > 5:
                raise OSError(errno.EXDEV, "Invalid cross-device link", source)
        real(source, target)

    monkeypatch.setattr(write, "_move", move)
    _retitle(root)
    with pytest.raises(OutputError, match="Invalid cross-device link"):
        build_repo(root)
    assert len(moved_in) == 6
    assert snapshot(root / "output") == before
    assert leftovers(root) == []


def _kill_while_publishing(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> Callable[[str, str], None]:
    """A build of a new title killed half way through its moves (by an exception nothing
    catches, as a kill -9 would stop it there); the writer's real move, to put back."""
    real = write._move
    moves: list[str] = []

    class Killed(BaseException):
        pass

    def move(source: str, target: str) -> None:
        moves.append(source)
        if len(moves) > 20 and ".output.staging-" in source:
            raise Killed
        real(source, target)

    monkeypatch.setattr(write, "_move", move)
    _retitle(root)
    with pytest.raises(Killed):
        build_repo(root)
    return real


def test_a_build_killed_while_publishing_is_undone_by_the_next(
    scratch_repo: ScratchRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Killed half way through the moves (here: an exception nothing catches, as a kill -9
    would stop it there), the build leaves its journal; the next build first moves everything
    back, then builds the new site."""
    root = scratch_repo()
    build_repo(root)
    before = snapshot(root / "output")
    real = _kill_while_publishing(root, monkeypatch)
    assert snapshot(root / "output") != before  # half changed
    [old] = [p for p in root.glob(".output.old-*")]
    assert (old / write.JOURNAL).is_file()
    assert write.recover(root / "output") != []
    assert snapshot(root / "output") == before
    assert leftovers(root) == []
    monkeypatch.setattr(write, "_move", real)
    build_repo(root)
    assert "New" in (root / "output/index.html").read_text(encoding="utf-8")


def test_the_next_build_itself_undoes_a_build_killed_while_publishing(
    scratch_repo: ScratchRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As above, but nothing is tidied up by hand: the next build moves the files back before
    it looks at what the output folder holds (the folder listed while it loads the content
    would be the half-changed one), and leaves exactly the site a first build makes."""
    root = scratch_repo()
    build_repo(root)
    monkeypatch.setattr(write, "_move", _kill_while_publishing(root, monkeypatch))
    build_repo(root)
    assert leftovers(root) == []
    fresh = scratch_repo()
    _retitle(fresh)
    build_repo(fresh)
    assert snapshot(root / "output") == snapshot(fresh / "output")


def test_the_output_folder_is_listed_aside_only_when_nothing_may_change_it(
    scratch_repo: ScratchRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`scan_aside` lists a site badgegen made as `scan` does, in another process; not a folder
    it did not make, and not one beside the leftovers of a killed build (which the writer
    tidies up first)."""
    root = scratch_repo()
    build_repo(root)
    # as in `badgegen build`, where no thread runs (a test session may have some running)
    monkeypatch.setattr(write, "can_share", lambda: True)
    output = root / "output"
    with write.scan_aside(output) as listing:
        found = listing()
    assert found == write.scan(output)
    assert found is not None and "index.html" in found.files
    (root / ".output.staging-k1ll3d").mkdir()
    with write.scan_aside(output) as listing:
        assert listing() is None
    foreign = root / "notes"
    foreign.mkdir()
    (foreign / "mine.txt").write_text("not badgegen's")
    with write.scan_aside(foreign) as listing:
        assert listing() is None


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


def _demo_copy(root: Path) -> Path:
    """The demo gallery copied to `root`, without this clone's public keys."""
    ignore = shutil.ignore_patterns("public-keys")
    shutil.copytree(REPO_ROOT / "content", root / "content", ignore=ignore)
    shutil.copy(REPO_ROOT / "badgegen.toml", root / "badgegen.toml")
    return root


def _big_repo(where: Path, copies: int) -> Path:
    """The demo gallery with every award copied `copies` times: thousands of files to write."""
    root = _demo_copy(where / "big")
    awards = sorted((root / "content/awards").rglob("*.yml"))
    for copy in range(1, copies):
        for path in awards:
            text = path.read_text(encoding="utf-8")
            old_id = text.split("id:", 1)[1].split()[0]
            path.with_name(f"{path.stem}-copy{copy}.yml").write_text(
                text.replace(old_id, str(uuid.uuid4()), 1), encoding="utf-8"
            )
    return root


def _processes_building(root: Path, wait: float) -> list[int]:
    """Ids of the processes still building `root` after up to `wait` seconds (Linux /proc)."""
    deadline = time.monotonic() + wait
    while True:
        found = []
        for entry in Path("/proc").iterdir():
            try:
                words = (entry / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if b"build" in words and str(root).encode() in words:
                found.append(int(entry.name))
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.1)


@pytest.mark.slow
def test_kill_9_in_the_middle_of_writing(tmp_path: Path) -> None:
    root = _big_repo(tmp_path, copies=4)
    build.build(config.load(root), now=NOW)
    before = snapshot(root / "output")
    _retitle(root)
    process = subprocess.Popen(
        [sys.executable, "-m", "badgegen", "build", "--jobs", "2", "--root", str(root)],
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
    assert _processes_building(root, wait=5) == []  # its worker processes ended too
    assert snapshot(root / "output") == before
    assert leftovers(root) != []
    memo.forget()
    build.build(config.load(root), now=NOW)
    assert leftovers(root) == []
    assert snapshot(root / "output") != before


# --- reproducibility --------------------------------------------------------------------------


@pytest.mark.slow
def test_the_same_repository_in_two_folders_builds_byte_identical_sites(tmp_path: Path) -> None:
    from tests.keys_helper import generate_keys

    first = _demo_copy(tmp_path / "a" / "repo")
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


# --- published URLs and status indexes on a clean clone (what CI builds) -----------------------

AWARD_FILE = "content/awards/2025/camille-first-steps.yml"
ENDORSEMENT_ID = "5d6e7f80-91a2-4b3c-8d4e-5f60718293a4"


def recorded(root: Path) -> dict[str, int]:
    return dict(read_ledger(root, root / "content")[0].awards)


def clean_clone(root: Path) -> Path:
    """What CI checks out: the committed files only, no output/."""
    shutil.rmtree(root / "output", ignore_errors=True)
    return root


def errors(root: Path, *, frozen: bool) -> list[str]:
    loaded = build.load(config.load(root), NOW, frozen=frozen)
    return [p.format().split("\n")[0] for p in sorted_problems(loaded.errors)]


@pytest.mark.slow
@pytest.mark.parametrize("frozen", [True, False], ids=["ci", "local"])
def test_a_published_award_deleted_is_refused_on_a_clean_clone(
    scratch_repo: ScratchRepo, frozen: bool
) -> None:
    root = scratch_repo()
    build_repo(root)
    clean_clone(root)
    (root / AWARD_FILE).unlink()
    assert errors(root, frozen=frozen) == [
        f"content/published.yml:8: the award {AWARD_ID} was published, but no file in content/ "
        "declares it"
    ]
    with pytest.raises(ContentError):
        build.build(config.load(root), now=NOW, frozen=frozen)
    assert not (root / "output").exists()


def test_a_published_endorsement_deleted_is_refused_in_ci(scratch_repo: ScratchRepo) -> None:
    root = clean_clone(_built(scratch_repo))
    (root / "content/endorsements/atelier-badge.yml").unlink()
    assert errors(root, frozen=True) == [
        f"content/published.yml:10: the endorsement {ENDORSEMENT_ID} was published, but no file "
        "in content/ declares it"
    ]


def _built(scratch_repo: ScratchRepo, files: dict[str, str | bytes | None] | None = None) -> Path:
    root = scratch_repo(files)
    build_repo(root)
    return root


def _rename_badge(root: Path, *, declare: bool) -> None:
    old = root / "content/badges/first-steps.md"
    text = old.read_text(encoding="utf-8")
    if declare:
        text = text.replace("tags: [email]\n", "tags: [email]\nformer_slugs: [first-steps]\n")
    (root / "content/badges/online-basics.md").write_text(text, encoding="utf-8")
    old.unlink()
    for path in [root / AWARD_FILE, root / "content/endorsements/atelier-badge.yml"]:
        path.write_text(path.read_text().replace("badge: first-steps", "badge: online-basics"))


def test_a_badge_renamed_without_former_slugs_is_refused_on_a_clean_clone(
    scratch_repo: ScratchRepo,
) -> None:
    root = clean_clone(_built(scratch_repo))
    _rename_badge(root, declare=False)
    assert errors(root, frozen=True) == [
        "content/badges/online-basics.md:1: the badge online-basics is not in "
        "content/published.yml yet",
        "content/published.yml:6: the badge first-steps was published, but no file in content/ "
        "declares it",
    ]


def test_a_badge_renamed_with_former_slugs_keeps_its_old_urls(scratch_repo: ScratchRepo) -> None:
    root = _built(scratch_repo)
    old_class = json.loads((root / "output/badges/first-steps/badge.json").read_text())
    indexes = recorded(root)
    _rename_badge(root, declare=True)
    build_repo(root)
    assert recorded(root) == indexes
    out = root / "output"
    moved = json.loads((out / "badges/first-steps/badge.json").read_text())
    new = json.loads((out / "badges/online-basics/badge.json").read_text())
    assert (
        moved["id"] == old_class["id"] == "https://example.org/badges/badges/first-steps/badge.json"
    )
    assert {k: v for k, v in moved.items() if k != "id"} == {
        k: v for k, v in new.items() if k != "id"
    }
    assert moved["name"] == old_class["name"]
    redirect = (out / "badges/first-steps/index.html").read_text(encoding="utf-8")
    assert "https://example.org/badges/badges/online-basics/" in redirect
    assertion = json.loads((out / f"awards/{AWARD_ID}/assertion.json").read_text())
    assert assertion["badge"] == new["id"]
    clean_clone(root)
    assert errors(root, frozen=True) == []  # the record knows both, and the file declares both


def test_a_former_slug_that_is_another_badge_is_refused(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo(
        {
            "content/badges/second.md": "---\nname: Second\nissuer: atelier\n"
            "image: images/first-steps.svg\nimage_alt: A circle\ndescription: Another.\n"
            "former_slugs: [first-steps]\n---\nDo it.\n",
        }
    )
    assert errors(root, frozen=False) == [
        "content/badges/second.md:7: the former slug 'first-steps' is also "
        "content/badges/first-steps.md"
    ]


def _colliding_id(award_id: str) -> str:
    """An id whose status index, from its hash, is the very one `award_id` got."""
    target = first_index(award_id)
    for n in range(50 * LIST_SIZE):
        candidate = f"{n:08x}-0000-4000-8000-000000000000"
        if first_index(candidate) == target:
            return candidate
    raise AssertionError("no colliding id found")


def _status_index(root: Path, award_id: str) -> str:
    credential = json.loads((root / f"output/awards/{award_id}/credential.json").read_text())
    index: str = credential["credentialStatus"]["statusListIndex"]
    return index


@pytest.mark.slow
def test_a_backdated_award_cannot_take_a_published_status_index(scratch_repo: ScratchRepo) -> None:
    """The issue's case: an award added later, dated earlier, whose hash lands on the same bit."""
    from tests.keys_helper import generate_keys

    root = scratch_repo()
    generate_keys(root)
    build_repo(root)
    published = recorded(root)[AWARD_ID]
    assert _status_index(root, AWARD_ID) == str(published)
    intruder = _colliding_id(AWARD_ID)
    (root / "content/awards/2024/early.yml").parent.mkdir(parents=True)
    (root / "content/awards/2024/early.yml").write_text(
        f"id: {intruder}\nbadge: first-steps\nearner: camille\nissued_on: 2024-01-02\n"
    )
    clean_clone(root)
    assert errors(root, frozen=True) == [
        f"content/awards/2024/early.yml:1: the award {intruder} is not in content/published.yml yet"
    ]
    build_repo(root)  # on the issuer's computer: recorded, after the published one
    assert recorded(root) == {AWARD_ID: published, intruder: (published + 1) % LIST_SIZE}
    clean_clone(root)
    build.build(config.load(root), now=NOW, frozen=True)  # and CI agrees
    assert recorded(root)[AWARD_ID] == published
    assert _status_index(root, AWARD_ID) == str(published)
    assert _status_index(root, intruder) == str((published + 1) % LIST_SIZE)


def test_a_tampered_record_is_refused(scratch_repo: ScratchRepo) -> None:
    root = _built(scratch_repo)
    ledger = root / "content/published.yml"
    text = ledger.read_text()
    index = recorded(root)[AWARD_ID]
    other = "1a2b3c4d-0000-4000-8000-000000000000"
    ledger.write_text(text.replace("awards:\n", f"awards:\n  {other}: {index}\n"))
    (root / "content/awards/2025/other.yml").write_text(
        f"id: {other}\nbadge: first-steps\nearner: camille\nissued_on: 2025-05-02\n"
    )
    assert errors(root, frozen=True) == [
        f"content/published.yml:8: the awards {AWARD_ID} and {other} of atelier share the "
        f"status index {index}",
    ]
    (root / "content/awards/2025/other.yml").unlink()
    ledger.write_text("badges: &b [first-steps]\nendorsements: *b\n")
    assert (
        "content/published.yml: the record uses YAML aliases (*name), which badgegen never writes"
        in errors(root, frozen=True)
    )
    ledger.write_text(text.replace(f": {index}", ": -3"))
    assert errors(root, frozen=False) == [
        "content/published.yml: the record must hold badges:, awards:, endorsements: and withdrawn:"
    ]


@pytest.mark.slow
def test_ci_refuses_what_was_never_recorded_and_a_local_check_records_it(
    scratch_repo: ScratchRepo,
) -> None:
    root = scratch_repo()  # nobody ran badgegen on it: a pull request typed by hand
    assert errors(root, frozen=True) == [
        "content/awards/2025/camille-first-steps.yml:1: the award "
        f"{AWARD_ID} is not in content/published.yml yet",
        "content/badges/first-steps.md:1: the badge first-steps is not in content/published.yml "
        "yet",
        "content/endorsements/atelier-badge.yml:1: the endorsement "
        f"{ENDORSEMENT_ID} is not in content/published.yml yet",
    ]
    result = cli(root, "check", env={"CI": "true"})
    assert result.returncode == 1 and not (root / "content/published.yml").exists()
    assert cli(root, "check").returncode == 0  # on the issuer's computer
    assert cli(root, "check", env={"CI": "true"}).returncode == 0


@pytest.mark.slow
def test_a_withdrawn_award_keeps_its_index_out_of_reach(scratch_repo: ScratchRepo) -> None:
    root = _built(scratch_repo)
    index = recorded(root)[AWARD_ID]
    (root / AWARD_FILE).unlink()
    build.build(config.load(root), now=NOW, allow_removal=True)
    assert AWARD_ID not in recorded(root)
    newcomer = _colliding_id(AWARD_ID)
    (root / "content/awards/2025/new.yml").write_text(
        f"id: {newcomer}\nbadge: first-steps\nearner: camille\nissued_on: 2025-05-02\n"
    )
    build_repo(root)
    assert recorded(root)[newcomer] != index


def test_indexes_of_the_older_per_issuer_record_are_kept(scratch_repo: ScratchRepo) -> None:
    """Each issuer had its own list: the same index in two issuers' records is no conflict."""
    second = "9f8e7d6c-0000-4000-8000-000000000000"
    root = scratch_repo(
        {
            "content/status-list/atelier.yml": f"indexes:\n  {AWARD_ID}: 77\n",
            "content/status-list/camille.yml": f"indexes:\n  {second}: 77\n",
            "content/badges/mentor.md": "---\nname: Mentor\nissuer: camille\n"
            "image: images/first-steps.svg\nimage_alt: A circle\ndescription: Helps.\n---\nHelp.\n",
            "content/awards/2025/mentor.yml": f"id: {second}\nbadge: mentor\nearner: camille\n"
            "issued_on: 2025-05-02\n",
        }
    )
    build_repo(root)
    assert recorded(root) == {AWARD_ID: 77, second: 77}
    build_repo(root)  # read back from content/published.yml: still no conflict
    assert errors(root, frozen=True) == []


@pytest.mark.slow
def test_init_and_new_record_what_they_create_so_the_first_push_builds(tmp_path: Path) -> None:
    root = tmp_path / "fresh"
    done = subprocess.run(
        [sys.executable, "-m", "badgegen", "init", str(root), "--lang", "en"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    ci = {"CI": "true"}
    assert cli(root, "check", env=ci).returncode == 0
    result = cli(root, "build", env=ci)
    assert result.returncode == 0, result.stderr
    before = set(recorded(root))
    made = cli(root, "new", "award", "--badge", "running-a-workshop", "--earner", "dominique-roux")
    assert made.returncode == 0, made.stderr
    assert len(set(recorded(root)) - before) == 1


def test_an_award_forgotten_stays_forgotten_beside_an_older_record(
    scratch_repo: ScratchRepo,
) -> None:
    root = scratch_repo({"content/status-list/atelier.yml": f"indexes:\n  {AWARD_ID}: 77\n"})
    build_repo(root)
    (root / AWARD_FILE).unlink()
    (root / "content/endorsements/atelier-badge.yml").unlink()
    build.build(config.load(root), now=NOW, allow_removal=True)
    assert errors(root, frozen=True) == []
    assert read_ledger(root, root / "content")[0].withdrawn == {AWARD_ID: 77}


def test_a_published_award_given_a_new_id_is_refused(scratch_repo: ScratchRepo) -> None:
    root = clean_clone(_built(scratch_repo))
    path = root / AWARD_FILE
    new_id = "feedface-0000-4000-8000-000000000000"
    path.write_text(path.read_text().replace(AWARD_ID, new_id))
    assert (
        f"content/published.yml:8: the award {AWARD_ID} was published, but no file in "
        "content/ declares it" in errors(root, frozen=False)
    )


def test_a_broken_published_award_is_one_problem_not_two(scratch_repo: ScratchRepo) -> None:
    """Its id is still read line by line: no "was published" error on top of the syntax one."""
    root = clean_clone(_built(scratch_repo))
    path = root / AWARD_FILE
    path.write_text(path.read_text() + "narrative: [unclosed\n")
    found = errors(root, frozen=True)
    assert len(found) == 1 and found[0].startswith(AWARD_FILE)
