"""A rebuild with nothing to do leaves `output/` as it is; after any edit, a rebuild with the
cache folder writes exactly what a cold build of the edited tree writes (#12, `rebuild.py`)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from badgegen import build, config, memo, rebuild, stages
from badgegen.build import BuildResult
from badgegen.builtin_themes import BUILTIN_THEMES
from badgegen.errors import Problem
from badgegen.openbadges import credentials
from badgegen.pinned import code_digest
from tests.conftest import NOW, load_repo
from tests.keys_helper import generate_keys, signed_demo_repo
from tests.test_parallel import tree

LATER = datetime(2027, 1, 1, 12, 0, tzinfo=UTC)
"""After the demo's award that expires on 2026-12-31."""


@pytest.fixture(autouse=True, scope="module")
def small_parts() -> Iterator[None]:
    """Parts of 3 awards: the demo's awards make many parts, so that an edit redoes some parts
    and keeps others (what the keys must get right)."""
    kept, stages.PART = stages.PART, 3
    yield
    stages.PART = kept


@pytest.fixture(autouse=True)
def fresh_memory() -> Iterator[None]:
    memo.forget()
    rebuild.PARTS_DONE.clear()
    rebuild.PARTS_REUSED.clear()
    yield
    memo.use_disk(None)
    memo.forget()


def _build(
    root: Path, *, now: datetime = NOW, cache: bool = True, output: str = "", inside: bool = False
) -> BuildResult:
    """One build as `badgegen build` runs it: a new process's memory, the repository's cache
    folder (or none); `inside`: run from the repository's folder, given as "." (as a user or a
    CI job runs it)."""
    memo.forget()
    if inside:
        os.chdir(root)
    cfg = config.load(Path(".") if inside else root).with_overrides(output=output or None)
    memo.use_disk(cfg.cache_dir if cache else None, code_digest())
    try:
        result = build.build(cfg, now=now, jobs=1)
        if cache and not result.unchanged:
            rebuild.prune_cache()  # as `badgegen build` does
        return result
    finally:
        memo.use_disk(None)


def _stamps(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
    }


@pytest.fixture(scope="module")
def warmed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The signed demo, built once with its cache folder (the state every test starts from)."""
    root = signed_demo_repo(tmp_path_factory.mktemp("warmed"))
    memo.forget()
    assert not _build(root).unchanged
    memo.forget()
    return root


def _copy(warmed: Path, tmp_path: Path) -> Path:
    """The warmed repository, output and cache included, somewhere else (as CI restores it)."""
    root = tmp_path / "repo"
    shutil.copytree(warmed, root, symlinks=True)  # copy2 keeps the files' dates
    return root


@pytest.mark.slow
def test_a_no_op_rebuild_leaves_the_output_untouched_and_redoes_nothing(
    warmed: Path, tmp_path: Path
) -> None:
    root = _copy(warmed, tmp_path)
    before = _stamps(root / "output")
    first = _build(root)
    assert first.unchanged  # the record holds in another folder too (paths are relative)
    assert _stamps(root / "output") == before  # same inodes, same dates: not even relinked
    assert [p.name for p in root.iterdir() if p.name.startswith(".output")] == []
    assert first.stats.files == len([p for p in (root / "output").rglob("*") if p.is_file()])
    later_that_day = _build(root, now=NOW + timedelta(hours=3))
    assert later_that_day.unchanged and _stamps(root / "output") == before


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _award(root: Path) -> None:
    _edit(
        root / "content/awards/2025/2025-09-08-mamadou-mentor.yml",
        "Mentor de la",
        "Mentor engagé de la",
    )


def _new_award(root: Path) -> None:
    """A new award of a badge class whose awards fill several parts: the pages of the others
    show how many awards the badge class has."""
    (root / "content/awards/2025/2025-11-20-odile-securite.yml").write_text(
        "id: 3f6d1c2e-8a4b-4c5d-9e7f-0a1b2c3d4e5f\n"
        "badge: securite-et-vie-privee\n"
        "earner: odile-garnier\n"
        "issued_on: 2025-11-20\n"
        "narrative: |\n  Une seconde fois, pour le parcours avancé.\n",
        encoding="utf-8",
    )


def _badge(root: Path) -> None:
    _edit(root / "content/badges/accueil-et-ecoute.md", "name: Accueil et écoute", "name: Accueil")


def _issuer(root: Path) -> None:
    _edit(root / "content/issuers/epn-les-rives.md", "dix postes", "douze postes")


def _earner(root: Path) -> None:
    _edit(root / "content/earners/lea-nguyen.yml", "Médiatrice numérique", "Médiatrice")


def _endorsement(kind: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        path = min((root / "content/endorsements").rglob(f"*-{kind}.yml"))
        _edit(path, "comment: |\n", "comment: |\n  Relu en 2026.\n")

    return edit


def _evidence(root: Path) -> None:
    folder = root / "content/evidence/56271a45-24e4-43dd-98bf-f696d0693289"
    path = folder / "2025-06-18-bilan-deuxieme-session.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nUne ligne de plus.\n", encoding="utf-8")


def _media(root: Path) -> None:
    path = root / "content/badges/images/accueil-ecoute.png"
    with Image.open(path) as image:
        picture = image.convert("RGBA")
    picture.putpixel((picture.width // 2, picture.height // 2), (1, 2, 3, 255))
    picture.save(path)


def _template(root: Path) -> None:
    override = root / "themes/default/templates"
    override.mkdir(parents=True)
    text = (BUILTIN_THEMES / "default/templates/base.html").read_text(encoding="utf-8")
    assert "</footer>" in text
    (override / "base.html").write_text(
        text.replace("</footer>", "</footer>\n<!-- a local note -->"), encoding="utf-8"
    )


def _config(root: Path) -> None:
    _edit(root / "badgegen.toml", "— Badges", "— Nos badges")


def _keys(root: Path) -> None:
    generate_keys(root, rotate=True)


def _published(root: Path) -> None:
    _edit(root / "content/published.yml", ": 95423\n", ": 95424\n")


EDITS: dict[str, Callable[[Path], None]] = {
    "award": _award,
    "new award": _new_award,
    "badge class": _badge,
    "issuer": _issuer,
    "earner": _earner,
    "endorsement of an award": _endorsement("award"),
    "endorsement of a badge": _endorsement("badge"),
    "endorsement of an issuer": _endorsement("issuer"),
    "evidence file": _evidence,
    "media file": _media,
    "template": _template,
    "config": _config,
    "keys": _keys,
    "published.yml": _published,
}


@pytest.mark.slow
@pytest.mark.parametrize("kind", sorted(EDITS))
def test_a_rebuild_after_an_edit_is_byte_identical_to_a_cold_build(
    kind: str, warmed: Path, tmp_path: Path
) -> None:
    root = _copy(warmed, tmp_path)
    before = tree(root / "output")
    EDITS[kind](root)
    result = _build(root)
    assert not result.unchanged
    rebuilt = tree(root / "output")
    _build(root, cache=False, output="cold")
    assert rebuilt == tree(root / "cold")
    assert rebuilt != before  # the edit reached the site
    again = _build(root)
    assert again.unchanged and tree(root / "output") == rebuilt


@pytest.mark.slow
def test_time_passing_an_expiry_rebuilds_as_a_cold_build_at_that_time(
    warmed: Path, tmp_path: Path
) -> None:
    root = _copy(warmed, tmp_path)
    before = tree(root / "output")
    result = _build(root, now=LATER)
    assert not result.unchanged
    rebuilt = tree(root / "output")
    _build(root, now=LATER, cache=False, output="cold")
    assert rebuilt == tree(root / "cold") and rebuilt != before


def test_the_span_of_a_build_ends_at_midnight_or_at_the_next_expiry(tmp_path: Path) -> None:
    root = signed_demo_repo(tmp_path)
    gallery, _cfg = load_repo(root)
    assert rebuild.valid_span(gallery, NOW) == (
        datetime(2026, 11, 23, tzinfo=UTC),
        datetime(2026, 11, 24, tzinfo=UTC),
    )
    expiring = next(a for a in gallery.awards if a.expires and a.expires > NOW)
    assert expiring.expires is not None
    just_before = expiring.expires - timedelta(hours=1)
    start, end = rebuild.valid_span(gallery, just_before)
    assert end == expiring.expires and start < just_before
    start, _end = rebuild.valid_span(gallery, expiring.expires + timedelta(hours=1))
    assert start == expiring.expires


@pytest.mark.slow
def test_a_touched_output_or_a_changed_option_is_built_again(warmed: Path, tmp_path: Path) -> None:
    root = _copy(warmed, tmp_path)
    page = next((root / "output/awards").rglob("index.html"))
    built = page.read_bytes()
    page.write_bytes(built.replace(b"<", b"[", 1))  # same size
    os.utime(page, ns=(page.stat().st_atime_ns, page.stat().st_mtime_ns - 10**9))
    assert not _build(root).unchanged
    assert page.read_bytes() == built and _build(root).unchanged
    memo.forget()
    cfg = config.load(root)
    memo.use_disk(cfg.cache_dir, code_digest())
    try:
        assert not build.build(cfg, now=NOW, jobs=1, strict=False, guards="warning").unchanged
    finally:
        memo.use_disk(None)


KEPT = ("sign", "ob2", "qrcodes", "cards", "baked", "pages")
"""The stages whose parts are kept between builds (the pages: those of the awards, badge
classes, issuers and showcases)."""


def _counts(root: Path, *, inside: bool = False) -> tuple[dict[str, int], dict[str, int]]:
    """The parts done and the parts reused by a build, by stage."""
    rebuild.PARTS_DONE.clear()
    rebuild.PARTS_REUSED.clear()
    _build(root, inside=inside)
    return dict(rebuild.PARTS_DONE), dict(rebuild.PARTS_REUSED)


@pytest.mark.slow
def test_an_edit_redoes_only_the_parts_that_read_it(warmed: Path, tmp_path: Path) -> None:
    root = _copy(warmed, tmp_path)
    _award(root)
    done, reused = _counts(root)
    # the part of the edited award in each stage; for the pages, also the part of its badge
    # class's page and the part of its earner's showcase
    assert done == {**dict.fromkeys(KEPT[:-1], 1), "pages": 3}
    assert all(reused[stage] >= 5 for stage in KEPT)
    parts = {stage: done[stage] + reused[stage] for stage in KEPT}
    _template(root)
    done, reused = _counts(root)
    assert done == {"pages": parts["pages"]}  # every page again; nothing signed, drawn or baked
    assert "pages" not in reused and all(reused[stage] >= 6 for stage in KEPT[:-1])
    _config(root)
    done, reused = _counts(root)
    assert done == parts  # the config is read by every part
    _badge(root)
    done, reused = _counts(root)
    assert all(0 < done[stage] < done[stage] + reused[stage] for stage in KEPT)
    _build(root, cache=False, output="cold")
    assert tree(root / "output") == tree(root / "cold")


@pytest.mark.slow
def test_run_inside_the_repository_an_edit_still_redoes_only_its_parts(
    warmed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`badgegen build` run in the repository's folder names it "."; the records and parts
    of a build are named relative to it all the same, so the cache made by a build given the
    full path serves it, and an edit of a record redoes only the parts that read it."""
    root = _copy(warmed, tmp_path)
    monkeypatch.chdir(tmp_path)
    _award(root)
    done, reused = _counts(root, inside=True)
    assert done == {**dict.fromkeys(KEPT[:-1], 1), "pages": 3}
    assert all(reused[stage] >= 5 for stage in KEPT)
    assert _build(root, inside=True).unchanged
    assert _build(root).unchanged  # the same record, whichever way the folder is named


@pytest.mark.slow
def test_an_edit_signs_again_only_the_parts_it_reaches(
    warmed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A badge class edited: the parts that hold its awards are signed again, every credential
    that changed among them; the other parts are kept, their files those of the previous site."""
    root = _copy(warmed, tmp_path)
    _award(root)
    _build(root)
    before = tree(root / "output")
    signatures: list[str] = []

    def counted(document: dict[str, Any], *given: Any) -> dict[str, Any]:
        signatures.append(str(document.get("id")))
        return real_sign(document, *given)

    real_sign = credentials.sign
    monkeypatch.setattr(credentials, "sign", counted)
    rebuild.PARTS_DONE.clear()
    rebuild.PARTS_REUSED.clear()
    _badge(root)
    _build(root)
    after = tree(root / "output")
    signed = {path: after[path] for path in after if path.endswith(".json")}
    signed = {path: data for path, data in signed.items() if b'"proof"' in data}
    changed = [json.loads(after[path])["id"] for path in signed if before.get(path) != after[path]]
    assert changed and set(changed) <= set(signatures)
    assert len(signatures) < len(signed)  # not the whole site
    assert rebuild.PARTS_DONE["sign"] >= 1 and rebuild.PARTS_REUSED["sign"] >= 1


def test_what_a_kept_part_was_made_from_outlives_the_pruning(warmed: Path, tmp_path: Path) -> None:
    """The badge pictures rendered from SVG that kept parts (cards, baked images) were made from
    stay in the cache after a build that took those parts from the previous site and read none
    of them: the day an edit redoes such a part, they are not rendered again."""
    root = _copy(warmed, tmp_path)

    def renderings() -> set[str]:
        found = root.glob(".badgegen-cache/*/badgegen.raster._render/*/*")
        return {p.name for p in found}

    before = renderings()
    assert before
    _award(root)
    _build(root)
    assert rebuild.PARTS_REUSED["cards"] >= 1
    assert renderings() == before


@pytest.mark.slow
def test_a_no_op_build_answers_without_loading_the_stages(warmed: Path, tmp_path: Path) -> None:
    """`badgegen build` on an unchanged tree reads the record and looks at the files, and
    imports neither the stages nor the libraries they render, sign and draw QR codes with."""
    root = _copy(warmed, tmp_path)
    script = (
        "import sys\n"
        "from badgegen.cli import main\n"
        "try:\n"
        "    main(['build', '--root', sys.argv[1]])\n"
        "except SystemExit as exit:\n"
        "    code = exit.code\n"
        "heavy = ('badgegen.build', 'badgegen.stages', 'pyoxigraph', 'zxingcpp')\n"
        "print('loaded:', *sorted(m for m in heavy if m in sys.modules))\n"
        "sys.exit(code)\n"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", script, str(root)], capture_output=True, text=True, check=True
        )
        for _ in range(2)
    ]
    assert "badgegen.build" in runs[0].stdout  # something to do: the build ran
    assert runs[1].stdout.splitlines()[-1] == "loaded:"  # nothing to do: none of it was loaded
    summaries = [run.stdout.splitlines()[-2].rsplit(" ", 2)[0] for run in runs]  # but seconds
    assert summaries[0] == summaries[1]  # the same figures, read from the record


def test_the_record_keeps_every_file_of_the_output_whatever_its_name() -> None:
    files: dict[str, rebuild.Left] = {
        "index.html": (120, 1_700_000_000_000_000_000, b"\xab" * 32),
        "awards/x/evidence/a\tb.pdf": (3, 5, b"\xcd" * 32),
        "odd/line\nbreak and back\\slash\\n.txt": (0, 7, b""),
        "odd/not-utf8-\udce9.txt": (1, 9, b""),  # a name os.scandir gave back undecoded
    }
    # enough files for the record to be written in several pieces
    files |= {f"awards/{n}/index.html": (n, n * 7, n.to_bytes(32)) for n in range(9000)}
    warning = Problem("content/awards/a.yml", 3, "a warning", "a hint", severity="warning")
    record = rebuild.Record(
        "inputs",
        "2026-01-01T00:00:00+00:00",
        "2026-01-02T00:00:00+00:00",
        files,
        [warning],
        {"awards": 1},
        "",
    )
    again = rebuild.Record.from_bytes(record.to_bytes())
    assert again == record
    assert list(again.files) == list(files)  # in the same order
