"""Record files parsed by an earlier build, kept in the cache folder by the digest of their bytes.

Reading the YAML of 10,000 awards takes more than a second even with libyaml, and a rebuild
after one edit finds all but one file as the previous build read them. So `load()` keeps what
parsing made of each file (its fields, the line of every key, its Markdown body, and the lines
that hold a template mark) in one entry of the cache folder (`memo`), keyed by the SHA-256 digest
of the file's bytes: a file whose bytes are the same is not parsed again, and a file that changed
by one character is. The build knows most digests before it reads anything (its fingerprint of
the inputs, `rebuild.fingerprint`, trusts a file's size and times as git's index does), so a file
kept that way is not even read. Validation runs on
every record every build, kept or not, so a kept parse can only stand for what parsing the same
text gives: the entry is data (JSON), never code, and an entry that does not have the shape of a
parse is ignored.

Only a plain parse is kept: a mapping of text, lists and nulls, with no problem found. A file
with a duplicate key, an explicit YAML tag (`!!int`, `!!binary`…) or any other fault is parsed
again each build, so its messages come from the parser every time. Without a cache folder
(`--no-cache`, the preview), nothing is kept.
"""

from __future__ import annotations

import json
from typing import Any

from badgegen import memo

STORE = "badgegen.content.parsed"
KEY = "records"
"""The one entry of the store: every kept parse of the last build, in one JSON file."""

Parse = tuple[dict[str, Any], dict[str, int], str, int]
"""What parsing made of one file: its fields, the line of each key path, its body and the
body's first line (`yamlio.RawRecord` without the file it came from)."""


def source_key(suffix: str, digest: str) -> str:
    """The key of one file's parse: the SHA-256 digest of its bytes (hexadecimal), and whether
    it is front matter (`.md`) or YAML."""
    return f"{suffix.lower()}\0{digest}"


def is_plain(value: Any) -> bool:
    """Text, null, or lists and mappings (with text keys) of those: what JSON gives back as it
    was. A number, a date, bytes or a set (from an explicit YAML tag) would come back changed."""
    if value is None or isinstance(value, str):
        return True
    if isinstance(value, list):
        return all(is_plain(item) for item in value)
    if isinstance(value, dict):
        return all(isinstance(key, str) and is_plain(item) for key, item in value.items())
    return False


Kept = tuple[Parse, list[int]]
"""A kept parse, and the lines of the file that hold a template mark (`formats.LEFTOVER`)."""


def _kept_of(entry: Any) -> Kept | None:
    """One kept entry, or None when it does not have the shape of one."""
    if not isinstance(entry, list) or len(entry) != 5:
        return None
    data, lines, body, body_line, marks = entry
    if not (
        isinstance(data, dict)
        and isinstance(lines, dict)
        and all(type(line) is int for line in lines.values())
        and isinstance(body, str)
        and type(body_line) is int
        and isinstance(marks, list)
        and all(type(line) is int for line in marks)
    ):
        return None
    return (data, lines, body, body_line), marks


class KeptParses:
    """The parses of the previous build, and those of this one as `load()` goes."""

    def __init__(self) -> None:
        self._before: dict[str, Any] = {}
        self._now: dict[str, list[Any]] = {}
        self._changed = False
        self.enabled = memo.has_disk()
        if not self.enabled:
            return
        data = memo.read_entry(STORE, KEY)
        if data is None:
            return
        try:
            before = json.loads(data)
        except ValueError:
            return  # damaged: every file is parsed again and the entry rewritten
        if isinstance(before, dict):
            self._before = before

    def get(self, key: str) -> Kept | None:
        """What the last build kept for the file whose `source_key` is `key`, if anything."""
        if not self.enabled:
            return None
        found = _kept_of(self._before.get(key))
        if found is not None:
            self._now[key] = [*found[0], found[1]]
        return found

    def put(self, key: str, parse: Parse, marks: list[int]) -> None:
        """Keep a fresh parse for the next build (a plain one only: see `is_plain`)."""
        if self.enabled and is_plain(parse[0]):
            self._now[key] = [*parse, marks]
            self._changed = True

    def save(self) -> None:
        """Write this build's parses, when they are not exactly the previous build's; the
        entry is counted as used either way, so pruning the cache keeps it."""
        if not self.enabled:
            return
        if not self._changed and len(self._now) == len(self._before):
            return  # the same entries as read: read_entry already counted it as used
        text = json.dumps(self._now, ensure_ascii=False, separators=(",", ":"))
        memo.write_entry(STORE, KEY, text.encode("utf-8"))
