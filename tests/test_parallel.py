"""Cold, cached and parallel builds write the same site, byte for byte; the writer reuses what
did not change; the work of a stage is really shared between processes."""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from badgegen import build, config, memo, pool, rebuild
from badgegen.errors import ContentError, UsageError
from badgegen.outputs import OutputCollision, OutputFile, Paths
from badgegen.site import render
from badgegen.site.theme import environment
from tests.conftest import NOW, REPO_ROOT
from tests.keys_helper import signed_demo_repo


def tree(folder: Path) -> dict[str, bytes]:
    """Every file of a built site by its path (the links of a reused file read as the file)."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def no_disk_cache() -> Iterator[None]:
    memo.use_disk(None)
    memo.forget()
    yield
    memo.use_disk(None)
    memo.forget()


def _build(root: Path, output: str, jobs: int, *options: str) -> tuple[dict[str, bytes], Any]:
    """Build in a fresh process, as `badgegen build` does (`tests/parallel_build.py`): the site's
    files, and what the build said."""
    done = subprocess.run(
        [sys.executable, "-m", "tests.parallel_build", str(root), output, str(jobs), *options],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return tree(root / output), json.loads(done.stdout.splitlines()[-1])


def test_cold_cached_and_parallel_builds_write_the_same_bytes(tmp_path: Path) -> None:
    assert "fork" in multiprocessing.get_all_start_methods(), "the pool needs fork (Linux)"
    root = signed_demo_repo(tmp_path)
    alone, _said = _build(root, "one-process", 1)
    assert len(alone) > 400 and any(p.endswith("credential.json") for p in alone)

    renderers = tmp_path / "renderers"
    shared, _said = _build(root, "two-processes", 2, "--renderers", str(renderers))
    builder, *others = renderers.read_text().split()
    assert len(set(others) - {builder}) == 2  # two worker processes rendered pages
    assert shared.keys() == alone.keys()
    assert [p for p in alone if shared[p] != alone[p]] == []

    cache = tmp_path / "cache"
    _build(root, "warming", 2, "--cache", str(cache))
    entries = _entries(cache)
    assert len(entries) > 100  # the records of the parts, the parsed content, the renderings
    warm, said = _build(root, "warm", 2, "--cache", str(cache))
    assert warm.keys() == alone.keys()
    assert [p for p in alone if warm[p] != alone[p]] == []
    # what the workers read counts as used: nothing this site needs was pruned
    assert said["pruned"] == 1  # only the record of the "warming" output (`rebuild.py`)
    assert _entries(cache) == entries


def _entries(cache: Path) -> set[Path]:
    """The results kept in `cache`, without the records of the builds of each output folder."""
    return {p for p in cache.rglob("*") if p.is_file() and rebuild.STORE not in p.parts}


def test_a_problem_found_in_a_worker_stops_the_build_and_keeps_the_site(tmp_path: Path) -> None:
    root = signed_demo_repo(tmp_path)
    before, said = _build(root, "output", 2)
    assert said["problems"] == []
    after, said = _build(root, "output", 2, "--refuse", "odile-garnier")
    assert said["problems"] == ["cannot sign this one"]
    assert after == before
    assert [p.name for p in root.iterdir() if p.name.startswith(".output")] == []


def test_a_page_share_holds_its_redirects_and_the_shares_make_the_whole_site(
    tmp_path: Path,
) -> None:
    root = signed_demo_repo(tmp_path)
    cfg = config.load(root)
    gallery, _loaded = build.load_gallery(cfg, NOW)
    env = environment(cfg)
    whole = [f.path for f in render.render_pages(gallery, cfg, env)]
    shares = [
        [f.path for f in render.render_pages(gallery, cfg, env, part=(k, 4))] for k in range(4)
    ]
    assert sorted(p for share in shares for p in share) == sorted(whole)
    assert all(shares)
    award = gallery.awards[0]
    holder = next(s for s in shares if f"awards/{award.id}/index.html" in s)
    assert f"c/{award.code}/index.html" in holder  # the short address goes with its page


def test_a_file_two_parts_both_make_is_kept_once_and_a_different_one_is_refused() -> None:
    paths = Paths()
    badge = OutputFile("badges/x/badge.png", b"png", stage="site.cards")
    assert paths.admit(badge)
    assert not paths.admit(OutputFile(badge.path, b"png", stage="site.cards"))
    with pytest.raises(OutputCollision, match="two outputs at"):
        paths.admit(OutputFile(badge.path, b"other", stage="site.cards"))
    with pytest.raises(OutputCollision):
        paths.admit(OutputFile(badge.path, b"png", stage="site.render"))
    assert len(paths) == 1


@pytest.mark.usefixtures("no_disk_cache")
def test_an_unchanged_file_is_the_previous_file_and_a_changed_one_is_new(tmp_path: Path) -> None:
    root = signed_demo_repo(tmp_path)
    cfg = config.load(root)
    build.build(cfg, now=NOW, jobs=1)
    output = root / "output"
    award = sorted((root / "content/awards").rglob("*.yml"))[0]
    gallery, _loaded = build.load_gallery(cfg, NOW)
    edited = next(a for a in gallery.awards if a.source == award.relative_to(root).as_posix())
    page = output / "awards" / edited.id / "index.html"
    legal = output / "legal" / "index.html"
    before = {p: os.stat(p).st_ino for p in (page, legal)}
    text = award.read_text(encoding="utf-8")
    award.write_text(text.replace("narrative: |\n", "narrative: |\n  Revu.\n", 1), encoding="utf-8")
    assert award.read_text(encoding="utf-8") != text
    build.build(cfg, now=NOW, jobs=1)
    assert os.stat(legal).st_ino == before[legal]  # kept: the same file, not rewritten
    assert os.stat(page).st_ino != before[page]
    assert "Revu." in page.read_text(encoding="utf-8")


def test_jobs_is_checked_in_the_config_and_on_the_command_line(tmp_path: Path) -> None:
    (tmp_path / "badgegen.toml").write_text(
        '[site]\ntitle = "T"\nbase_url = "https://example.org/"\n'
        'contact_email = "a@example.org"\n[build]\njobs = "two"\n',
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as caught:
        config.load(tmp_path)
    [problem] = caught.value.problems
    assert (problem.path, problem.line) == ("badgegen.toml", 6)
    assert "number of processes" in problem.message
    (tmp_path / "badgegen.toml").write_text(
        '[site]\ntitle = "T"\nbase_url = "https://example.org/"\n'
        'contact_email = "a@example.org"\n[build]\njobs = 2\n',
        encoding="utf-8",
    )
    cfg = config.load(tmp_path)
    assert cfg.build.jobs == 2
    assert cfg.with_overrides(jobs=1).build.jobs == 1
    with pytest.raises(UsageError, match="--jobs -1"):
        cfg.with_overrides(jobs=-1)
    assert pool.workers(0) == pool.usable_cores() >= 1
    assert pool.workers(3) == 3
