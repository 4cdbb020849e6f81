"""Reading and writing `content/published.yml` (see `badgegen.content.ledger` for the design).

The file is written by badgegen only, but arrives like any content: it is read with a size
limit, without YAML aliases, and checked entry by entry; a broken one is a problem with a hint.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml

from badgegen import memo
from badgegen.config import shown_path
from badgegen.content.ledger import LIST_SIZE, RESTORE, Ledger, Present, updated
from badgegen.errors import Problem

LEDGER_NAME = "published.yml"
MAX_BYTES = 20_000_000
LEGACY_DIR = "status-list"
"""Where earlier versions recorded indexes, one file per issuer; still read."""


def ledger_path(content_dir: Path) -> Path:
    return content_dir / LEDGER_NAME


_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml when PyYAML has it: the record lists every award (tens of thousands of lines), and
the pure-Python loader reads it ten times slower. Both give the same data."""


def read_ledger(root: Path, content_dir: Path) -> tuple[Ledger, list[Problem]]:
    """The committed record (plus indexes from the older per-issuer files), and its problems."""
    path = ledger_path(content_dir)
    rel = shown_path(path, root)
    legacy = _legacy_indexes(content_dir)
    if not path.exists():
        return Ledger(awards=legacy), []

    def broken(message: str, line: int | None = None) -> tuple[Ledger, list[Problem]]:
        return Ledger(awards=legacy), [Problem(rel, line, message, RESTORE.format(path=rel))]

    if path.is_symlink() or not path.is_file():
        return broken("the record of published URLs must be a plain file")
    try:
        if path.stat().st_size > MAX_BYTES:
            return broken(f"the record is larger than {MAX_BYTES // 1_000_000} MB")
        text = path.read_text(encoding="utf-8")
        key = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        kept = _kept(key)
        if kept is None:
            if any(
                isinstance(event, yaml.AliasEvent) for event in yaml.parse(text, Loader=_LOADER)
            ):
                return broken("the record uses YAML aliases (*name), which badgegen never writes")
            data: Any = yaml.load(text, Loader=_LOADER) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError, RecursionError) as exc:
        mark = getattr(exc, "problem_mark", None)
        return broken(f"cannot read the record: {exc}", mark.line + 1 if mark else None)
    if kept is None:
        sections = _sections(data)
        if sections is None:
            return broken("the record must hold badges:, awards:, endorsements: and withdrawn:")
        kept = (*sections, _entry_lines(text))
        memo.write_entry(STORE, key, json.dumps(kept, ensure_ascii=False).encode("utf-8"))
    badges, awards, endorsements, withdrawn, lines = kept
    # Older per-issuer records fill in what this one lacks, but never bring a withdrawn award back.
    merged = {**{k: v for k, v in legacy.items() if k not in withdrawn}, **awards}
    return Ledger(frozenset(badges), merged, frozenset(endorsements), withdrawn, lines), []


STORE = "badgegen.content.ledger_file"
"""What reading the record gave, kept in the cache folder by the digest of its text: it lists
every award (10,000 awards: 10,000 lines of YAML, a quarter of a second to read twice, for the
aliases and for the values), and most builds find it as the previous build wrote it."""

_Read = tuple[list[str], dict[str, int], list[str], dict[str, int], dict[str, int]]
"""The record's badges, awards, endorsements and withdrawn awards (`_sections`), and the
line of each entry (`_entry_lines`)."""


def _kept(key: str) -> _Read | None:
    """What an earlier build read from the same text, if the cache folder has it in shape."""
    data = memo.read_entry(STORE, key)
    if data is None:
        return None
    try:
        value = json.loads(data)
    except ValueError:
        return None
    if not (isinstance(value, list) and len(value) == 5):
        return None
    *raw, lines = value
    sections = _sections(
        dict(zip(("badges", "awards", "endorsements", "withdrawn"), raw, strict=True))
    )
    if sections is None or not (
        isinstance(lines, dict) and all(type(n) is int for n in lines.values())
    ):
        return None
    return (*sections, lines)


def _sections(
    data: Any,
) -> tuple[list[str], dict[str, int], list[str], dict[str, int]] | None:
    if not isinstance(data, dict) or not set(data) <= {
        "badges",
        "awards",
        "endorsements",
        "withdrawn",
    }:
        return None
    badges, endorsements = data.get("badges") or [], data.get("endorsements") or []
    awards, withdrawn = data.get("awards") or {}, data.get("withdrawn") or {}
    if not all(
        isinstance(x, list) and all(isinstance(i, str) for i in x) for x in (badges, endorsements)
    ):
        return None
    for mapping in (awards, withdrawn):
        if not isinstance(mapping, dict) or not all(
            isinstance(k, str) and type(v) is int and 0 <= v < LIST_SIZE for k, v in mapping.items()
        ):
            return None
    return badges, awards, endorsements, withdrawn


def _entry_lines(text: str) -> dict[str, int]:
    lines: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        match = re.match(r"^\s*(?:-\s*)?([a-z0-9][a-z0-9-]*)", line)
        if match and line.startswith((" ", "-")):
            lines.setdefault(match.group(1), number)
    return lines


def _legacy_indexes(content_dir: Path) -> dict[str, int]:
    folder = content_dir / LEGACY_DIR
    found: dict[str, int] = {}
    if not folder.is_dir():
        return found
    for path in sorted(folder.glob("*.yml")):
        try:
            if path.is_symlink() or path.stat().st_size > MAX_BYTES:
                continue
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            indexes = data.get("indexes") or {}
            found.update(
                (str(k), v)
                for k, v in indexes.items()
                if type(v) is int and 0 <= v < LIST_SIZE and str(k) not in found
            )
        except (OSError, UnicodeDecodeError, yaml.YAMLError, AttributeError, RecursionError):
            continue  # a broken legacy file adds nothing; the committed record decides
    return found


def ledger_text(ledger: Ledger) -> str:
    def listing(names: Iterable[str]) -> list[str]:
        return [f"- {name}" for name in sorted(names)]

    def mapping(entries: Mapping[str, int]) -> list[str]:
        return [f"  {name}: {index}" for name, index in sorted(entries.items())]

    lines = [
        "# What this repository has published, written by badgegen on your computer (`new`,",
        "# `import`, `check`, `build`). Commit it and never edit it by hand: a badge, award or",
        "# endorsement listed here keeps its URLs (revoke an award instead of deleting its file),",
        "# and an award's number is its revocation status index, which never changes.",
        "badges:" + ("" if ledger.badges else " []"),
        *listing(ledger.badges),
        "awards:" + ("" if ledger.awards else " {}"),
        *mapping(ledger.awards),
        "endorsements:" + ("" if ledger.endorsements else " []"),
        *listing(ledger.endorsements),
    ]
    if ledger.withdrawn:
        lines += ["withdrawn:", *mapping(ledger.withdrawn)]
    return "\n".join(lines) + "\n"


def write_ledger(content_dir: Path, ledger: Ledger) -> bool:
    """Write the record if its text changed; True when it was written."""
    path = ledger_path(content_dir)
    text = ledger_text(ledger)
    try:
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            return False
    except (OSError, UnicodeDecodeError):
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return True


def record_new(
    root: Path,
    content_dir: Path,
    *,
    badges: Iterable[str] = (),
    awards: Iterable[str] = (),
    endorsements: Iterable[str] = (),
) -> bool:
    """Record new records at authoring time (`new`, `init`, `import`); True if the file changed.

    A record that cannot be read is left alone: `check` reports it.
    """
    ledger, problems = read_ledger(root, content_dir)
    if problems:
        return False
    where = ("", 1)
    present = Present(
        dict.fromkeys(badges, where),
        dict.fromkeys(awards, where),
        dict.fromkeys(endorsements, where),
    )
    return write_ledger(content_dir, updated(ledger, present))
