"""The content format in one place: record kinds, their folders and file suffixes, the files
that are not records, the languages, and how front matter is fenced.

`content/discover.py` walks the folders with these rules; `scaffold.py`, `emails.py`, the
configuration and the site read the same names from here.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

LANGUAGES = ("fr", "en")
"""The languages of the site, of the messages and of the starter repository. English is the
language of the message ids: it needs no catalog."""

Kind = Literal["issuer", "badge", "earner", "award", "endorsement", "evidence"]
KINDS: tuple[Kind, ...] = ("issuer", "badge", "earner", "award", "endorsement", "evidence")

FOLDERS: dict[str, tuple[Kind, tuple[str, ...], bool]] = {
    "issuers": ("issuer", (".md",), False),
    "badges": ("badge", (".md",), False),
    "earners": ("earner", (".yml", ".yaml", ".md"), False),
    "awards": ("award", (".yml", ".yaml"), True),
    "endorsements": ("endorsement", (".yml", ".yaml"), True),
    "evidence": ("evidence", (".yml", ".yaml"), True),
}
"""Folder of `content/` -> (kind of its records, accepted suffixes, whether sub-folders count)."""
FOLDER_OF: dict[str, str] = {kind: folder for folder, (kind, _, _) in FOLDERS.items()}
RECORD_SUFFIXES = (".md", ".yml", ".yaml")
MEDIA_FOLDERS = ("evidence",)
"""Folders that also hold the media files records point at: their other files are not records
(a `.md` there is a text document, not a misplaced record)."""

NAMED_BY_FILE: tuple[Kind, ...] = ("issuer", "badge", "earner")
"""Kinds whose slug is the file name (awards and endorsements are named by their id)."""


def is_ignored(path: Path) -> bool:
    """A file or folder that holds no record: hidden (`.x`), set aside (`_x`) or a README."""
    return is_ignored_name(path.name)


def is_ignored_name(name: str) -> bool:
    """`is_ignored` by the file or folder's name."""
    return name.startswith((".", "_")) or name.lower() == "readme.md"


def is_record_file(path: Path, suffixes: tuple[str, ...] = RECORD_SUFFIXES) -> bool:
    """A record file by its name (not looking inside): the right suffix, and not ignored."""
    return path.is_file() and path.suffix.lower() in suffixes and not is_ignored(path)


FRONT_MATTER_FENCE = "---"
FRONT_MATTER_END = (FRONT_MATTER_FENCE, "...")
"""Lines that close the front matter (YAML's document end `...` is accepted too)."""


def front_matter_end(lines: list[str]) -> int | None:
    """The index of the line closing the front matter opened by `lines[0]`, or None when the
    text has no front matter or never closes it."""
    if not lines or lines[0].strip() != FRONT_MATTER_FENCE:
        return None
    return next((i for i in range(1, len(lines)) if lines[i].strip() in FRONT_MATTER_END), None)


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """(front matter, body, first line of the body) or None when the file has no front matter."""
    lines = text.splitlines(keepends=True)
    end = front_matter_end(lines)
    if end is None:
        return None
    return "".join(lines[1:end]), "".join(lines[end + 1 :]), end + 2


LEFTOVER = re.compile(r"(?:#|\()\s*←\s*(?:à\s+remplacer|replace)\b|\breplace\s+me\b", re.I)
"""The marks `badgegen new` puts after each example value (`# ← à remplacer`, `(← replace)`);
the templates' first comment, which quotes the mark to explain it, is not one."""


def marked_lines(text: str) -> list[int]:
    """The lines of `text` that hold a template mark (`LEFTOVER`)."""
    return [n for n, line in enumerate(text.splitlines(), start=1) if LEFTOVER.search(line)]


def marked_lines_of(data: bytes) -> list[int]:
    """`marked_lines` of a file's bytes (most hold neither the arrow nor the word: not decoded)."""
    if "←".encode() not in data and b"replace" not in data.lower():
        return []
    return marked_lines(data.decode("utf-8", "replace"))
