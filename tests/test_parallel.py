"""Cold, cached and parallel builds write the same site, byte for byte; the writer reuses what
did not change; the work of a stage is really shared between processes."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from badgegen import build, config, memo, pool, stages
from badgegen.errors import ContentError, Problem, UsageError
from badgegen.outputs import OutputCollision, OutputFile, Paths
from badgegen.site import render
from badgegen.site.theme import environment
from tests.conftest import NOW
from tests.keys_helper import signed_demo_repo


def tree(folder: Path) -> dict[str, bytes]:
    """Every file of a built site by its path (the links of a reused file read as the file)."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def small_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Parts of 3 awards, so that the demo's 36 awards make many parts for two processes."""
    monkeypatch.setattr(stages, "PART", 3)


@pytest.fixture
def no_disk_cache() -> Iterator[None]:
    memo.use_disk(None)
    memo.forget()
    yield
    memo.use_disk(None)
    memo.forget()


def _build(root: Path, output: str, jobs: int) -> dict[str, bytes]:
    memo.forget()  # what a new process starts with
    cfg = config.load(root).with_overrides(output=output)
    build.build(cfg, now=NOW, jobs=jobs)
    return tree(root / output)


@pytest.mark.usefixtures("small_parts", "no_disk_cache")
def test_cold_cached_and_parallel_builds_write_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert pool.can_share(), "this test needs the fork start method (Linux)"
    root = signed_demo_repo(tmp_path)
    alone = _build(root, "one-process", jobs=1)
    assert len(alone) > 400 and any(p.endswith("credential.json") for p in alone)

    renderers = tmp_path / "renderers"
    real = render.render_pages

    def noting(*args: Any, **kwargs: Any) -> Iterator[OutputFile]:
        with renderers.open("a") as log:
            log.write(f"{os.getpid()}\n")
        return real(*args, **kwargs)

    monkeypatch.setattr(stages, "render_pages", noting)
    shared = _build(root, "two-processes", jobs=2)
    assert len(set(renderers.read_text().split()) - {str(os.getpid())}) == 2  # two workers
    assert shared.keys() == alone.keys()
    assert [p for p in alone if shared[p] != alone[p]] == []

    cache = tmp_path / "cache"
    memo.use_disk(cache, "ns")
    _build(root, "warming", jobs=2)
    entries = {p for p in cache.rglob("*") if p.is_file()}
    assert len(entries) > 100  # credentials, pages, cards, QR codes and renderings were kept
    warm = _build(root, "warm", jobs=2)
    assert [p for p in alone if warm.get(p) != alone[p]] == []
    assert warm.keys() == alone.keys()
    # the workers' readings count as used: nothing this site needs is pruned
    assert memo.prune() == 0
    assert {p for p in cache.rglob("*") if p.is_file()} == entries


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
    badge = OutputFile("badges/x/badge.png", b"png", "image/png", "site.cards")
    assert paths.admit(badge)
    assert not paths.admit(OutputFile(badge.path, b"png", "image/png", "site.cards"))
    with pytest.raises(OutputCollision, match="two outputs at"):
        paths.admit(OutputFile(badge.path, b"other", "image/png", "site.cards"))
    with pytest.raises(OutputCollision):
        paths.admit(OutputFile(badge.path, b"png", "image/png", "site.render"))
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


@pytest.mark.usefixtures("small_parts", "no_disk_cache")
def test_a_problem_found_in_a_worker_stops_the_build_and_keeps_the_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = signed_demo_repo(tmp_path)
    before = _build(root, "output", jobs=2)
    real = stages.sign_awards

    def refusing(*args: Any) -> list[OutputFile]:
        awards = args[-1]
        if any(a.earner == "odile-garnier" for a in awards):
            raise ContentError([Problem(awards[0].source, None, "cannot sign this one")])
        return real(*args)

    monkeypatch.setattr(stages, "sign_awards", refusing)
    with pytest.raises(ContentError) as caught:
        _build(root, "output", jobs=2)
    assert [p.message for p in caught.value.problems] == ["cannot sign this one"]
    assert tree(root / "output") == before
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".output")) == []
