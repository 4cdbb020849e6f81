"""Which files of content/ are records, in which order, and what is said of the others."""

from __future__ import annotations

import os
from pathlib import Path

from badgegen.content.discover import discover


def _touch(root: Path, *paths: str) -> None:
    for rel in paths:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x: 1\n", encoding="utf-8")


def test_records_come_sorted_part_by_part_and_ignored_names_are_skipped(tmp_path: Path) -> None:
    _touch(
        tmp_path,
        "content/awards/2026-b.yml",
        "content/awards/2026/a.yml",
        "content/awards/2026/deeper/z.yaml",
        "content/awards/_old/kept-aside.yml",
        "content/awards/2026/.hidden.yml",
        "content/awards/.git/objects.yml",
        "content/awards/README.md",
        "content/awards/notes.txt",
        "content/earners/camille.yml",
        "content/badges/first-steps.md",
    )
    files, problems = discover(tmp_path, tmp_path / "content")
    # a folder's records before a sibling whose name only starts like it (as paths sort,
    # not as strings, where "-" comes before "/")
    assert [f.rel for f in files] == [
        "content/badges/first-steps.md",
        "content/earners/camille.yml",
        "content/awards/2026/a.yml",
        "content/awards/2026/deeper/z.yaml",
        "content/awards/2026-b.yml",
    ]
    assert problems == []
    award = files[2]
    assert (award.kind, award.slug, award.path) == (
        "award",
        "a",
        tmp_path / "content/awards/2026/a.yml",
    )


def test_misplaced_and_misnamed_files_are_named_with_a_fix(tmp_path: Path) -> None:
    _touch(tmp_path, "content/badges/notes.yml", "content/earners/Camille Martin.yml")
    files, problems = discover(tmp_path, tmp_path / "content")
    assert files == []
    said = {(p.path, p.message, p.hint) for p in problems}
    assert said == {
        (
            "content/badges/notes.yml",
            "badges/ holds .md files, not .yml",
            "rename it to notes.md",
        ),
        (
            "content/earners/Camille Martin.yml",
            "the file name 'Camille Martin' is not a valid slug (it becomes the earner's name "
            "in URLs)",
            "rename the file to camille-martin.yml: lowercase letters, digits and hyphens",
        ),
    }


def test_links_inside_are_read_and_links_outside_refused(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    _touch(root, "content/awards/2026/a.yml", "elsewhere/b.yml")
    _touch(tmp_path, "outside/c.yml", "outside/folder/d.yml")
    awards = root / "content/awards"
    os.symlink(root / "elsewhere/b.yml", awards / "b.yml")  # inside the repository
    os.symlink(tmp_path / "outside/c.yml", awards / "c.yml")
    os.symlink(tmp_path / "outside/folder", awards / "linked", target_is_directory=True)
    os.symlink(awards / "loop.yml", awards / "loop.yml")  # a link to itself: no file
    files, problems = discover(root, root / "content")
    assert [f.rel for f in files] == ["content/awards/2026/a.yml", "content/awards/b.yml"]
    assert [(p.path, p.message.split(":")[0]) for p in problems] == [
        ("content/awards/c.yml", "this record is a symbolic link to a file outside the repository"),
        (
            "content/awards/linked",
            "this folder is a symbolic link to a folder outside the repository",
        ),
    ]
