"""The record of what this repository has published: `content/published.yml`, committed.

A clean clone (what CI builds) has no earlier `output/` to compare with, so what was handed out
is written down at authoring time instead, on the issuer's computer: by `badgegen new`, `import`
and `init`, and by `check` and `build` run outside CI. CI never writes it and never needs to:

- every badge slug, award id and endorsement id ever published is listed, so a file that
  disappears (or a badge renamed without `former_slugs:`) is an error on any clone;
- every award has its revocation status list index, chosen once when the award is recorded and
  never again: nothing added, backdated or renamed later can move it;
- in CI (`CI` set in the environment) an award, endorsement or badge the record does not list
  yet is an error, with the fix: run `badgegen check` on a computer and commit the record.
  So CI never publishes an index that was not recorded first.

Indexes are unique across the whole repository (not only per issuer), so moving a badge to
another issuer cannot make two awards share a bit. An award withdrawn on purpose
(`build --allow-removal`) keeps its index in `withdrawn:`, never given to another award.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from badgegen.config import shown_path
from badgegen.content.discover import SourceFile
from badgegen.content.validate import Record
from badgegen.content.yamlio import scan_top_level
from badgegen.errors import Problem

LEDGER_NAME = "published.yml"
LIST_SIZE = 131_072
"""Bits per status list: the minimum the specification sets, so that an index reveals nothing."""
MAX_BYTES = 20_000_000
LEGACY_DIR = "status-list"
"""Where earlier versions recorded indexes, one file per issuer; still read."""
RESTORE = (
    "this file is written by badgegen: restore it with `git checkout -- {path}` (after a merge "
    "conflict, keep the lines of both sides)"
)
RECORD_HINT = (
    "run `badgegen check` on your computer (outside CI): it records new badges, awards and "
    "endorsements in {path}; then commit that file"
)


@dataclass(frozen=True, slots=True)
class Ledger:
    badges: frozenset[str] = frozenset()
    awards: Mapping[str, int] = field(default_factory=dict)
    """Award id → status list index."""
    endorsements: frozenset[str] = frozenset()
    withdrawn: Mapping[str, int] = field(default_factory=dict)
    """Awards withdrawn on purpose: their index is never reused."""
    lines: Mapping[str, int] = field(default_factory=dict)
    """Entry name → its line in the file, for messages."""

    def used(self) -> set[int]:
        return set(self.awards.values()) | set(self.withdrawn.values())


@dataclass(frozen=True, slots=True)
class Present:
    """What the content declares now (from every file, even one that failed to parse)."""

    badges: Mapping[str, tuple[str, int]]
    """Badge slug → (file, line); former slugs included, pointing at the badge that keeps them."""
    awards: Mapping[str, tuple[str, int]]
    endorsements: Mapping[str, tuple[str, int]]
    complete: bool = True
    """False when a badge file failed to parse (its former slugs are unknown)."""
    issuers: Mapping[str, str] = field(default_factory=dict)
    """Award id → the issuer whose status list holds it (when its badge is known)."""


def declared(
    records: Iterable[Record], unparsed: Iterable[SourceFile]
) -> tuple[Present, list[Problem]]:
    """What the content declares, and the problems with badges' `former_slugs:`.

    `unparsed` are the record files that failed to parse: an award or endorsement among them
    still declares its id (read line by line), so its URLs are not reported as disappearing.
    """
    badges: dict[str, tuple[str, int]] = {}
    awards: dict[str, tuple[str, int]] = {}
    endorsements: dict[str, tuple[str, int]] = {}
    complete = True
    problems: list[Problem] = []
    ids = {"award": awards, "endorsement": endorsements}
    records = list(records)
    issuer_of = {r.slug: r.values.get("issuer", "") for r in records if r.kind == "badge"}
    issuers: dict[str, str] = {}
    for record in records:
        if record.kind == "badge":
            badges[record.slug] = (record.source.rel, 1)
        elif record.kind in ids and "id" in record.values:
            ids[record.kind][record.values["id"]] = (record.source.rel, record.line("id"))
            if record.kind == "award" and issuer_of.get(record.values.get("badge", "")):
                issuers[record.values["id"]] = issuer_of[record.values["badge"]]
    for source in unparsed:
        if source.kind == "badge":
            complete = False
            badges[source.slug] = (source.rel, 1)
        elif source.kind in ids:
            found = scan_top_level(source, ("id",))
            if "id" in found:
                ids[source.kind][found["id"]] = (source.rel, 1)
    for record in records:
        for number, old in enumerate(
            record.values.get("former_slugs", ()) if record.kind == "badge" else ()
        ):
            key = f"former_slugs[{number}]"
            if old in badges:
                owner = badges[old][0]
                problems.append(
                    record.problem(
                        key,
                        f"the former slug {old!r} is also {owner}"
                        if owner != record.source.rel
                        else f"{old!r} is this badge's own slug",
                        "a former slug is the old name of one badge only: remove it here",
                    )
                )
                continue
            badges[old] = (record.source.rel, record.line(key))
    return Present(badges, awards, endorsements, complete, issuers), problems


def ledger_path(content_dir: Path) -> Path:
    return content_dir / LEDGER_NAME


def first_index(award_id: str) -> int:
    return int.from_bytes(hashlib.sha256(award_id.encode()).digest()[:8], "big") % LIST_SIZE


def allocate(award_id: str, used: set[int]) -> int:
    """The first free index from a hash of the id; `used` gains it."""
    if len(used) >= LIST_SIZE:
        raise OverflowError(f"every one of the {LIST_SIZE} status list indexes is used")
    index = first_index(award_id)
    while index in used:
        index = (index + 1) % LIST_SIZE
    used.add(index)
    return index


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
        if any(isinstance(event, yaml.AliasEvent) for event in yaml.parse(text)):
            return broken("the record uses YAML aliases (*name), which badgegen never writes")
        data: Any = yaml.safe_load(text) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError, RecursionError) as exc:
        mark = getattr(exc, "problem_mark", None)
        return broken(f"cannot read the record: {exc}", mark.line + 1 if mark else None)
    lines = _entry_lines(text)
    problems: list[Problem] = []
    sections = _sections(data)
    if sections is None:
        return broken("the record must hold badges:, awards:, endorsements: and withdrawn:")
    badges, awards, endorsements, withdrawn = sections
    # Older per-issuer records fill in what this one lacks, but never bring a withdrawn award back.
    merged = {**{k: v for k, v in legacy.items() if k not in withdrawn}, **awards}
    return Ledger(frozenset(badges), merged, frozenset(endorsements), withdrawn, lines), problems


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


def check_ledger(ledger: Ledger, present: Present, rel: str, *, frozen: bool) -> list[Problem]:
    """Published entries whose file is gone, two awards on one bit of an issuer's list, and in
    CI (`frozen`) entries not recorded yet."""
    problems: list[Problem] = []
    holders: dict[tuple[str, int], str] = {}
    for award_id, index in sorted(ledger.awards.items()):
        issuer = present.issuers.get(award_id)
        if issuer is None:
            continue
        other = holders.setdefault((issuer, index), award_id)
        if other != award_id:
            problems.append(
                Problem(
                    rel,
                    ledger.lines.get(award_id),
                    f"the awards {other} and {award_id} of {issuer} share the status index {index}",
                    RESTORE.format(path=rel),
                )
            )
    missing = [
        (
            "award",
            ledger.awards,
            present.awards,
            "revoke it with `revoked:` instead of deleting it",
        ),
        ("endorsement", ledger.endorsements, present.endorsements, "keep its file"),
    ]
    if present.complete:
        missing.append(
            (
                "badge",
                ledger.badges,
                present.badges,
                "keep its file, or, if it was renamed, list the old slug under `former_slugs:` "
                "in the renamed badge",
            )
        )
    for kind, recorded, now, keep in missing:
        for name in sorted(set(recorded) - set(now)):
            problems.append(
                Problem(
                    rel,
                    ledger.lines.get(name),
                    f"the {kind} {name} was published, but no file in content/ declares it",
                    f"{keep}; if it was never published, run `badgegen build --allow-removal` on "
                    f"your computer to forget it, and commit {rel}",
                )
            )
    if frozen:
        unknown = [
            ("badge", present.badges, ledger.badges),
            ("award", present.awards, ledger.awards.keys()),
            ("endorsement", present.endorsements, ledger.endorsements),
        ]
        for kind, now, recorded in unknown:
            for name in sorted(set(now) - set(recorded)):
                where, line = now[name]
                problems.append(
                    Problem(
                        where,
                        line,
                        f"the {kind} {name} is not in {rel} yet",
                        RECORD_HINT.format(path=rel),
                    )
                )
    return problems


def updated(ledger: Ledger, present: Present) -> Ledger:
    """The ledger with every badge, award and endorsement of `present` recorded."""
    used = ledger.used()
    awards = dict(ledger.awards)
    for award_id in sorted(set(present.awards) - set(awards)):
        if award_id in ledger.withdrawn:  # back after a withdrawal: its own index again
            awards[award_id] = ledger.withdrawn[award_id]
        else:
            awards[award_id] = allocate(award_id, used)
    withdrawn = {k: v for k, v in ledger.withdrawn.items() if k not in awards}
    return Ledger(
        ledger.badges | frozenset(present.badges),
        awards,
        ledger.endorsements | frozenset(present.endorsements),
        withdrawn,
        ledger.lines,
    )


def forgetting(ledger: Ledger, present: Present) -> Ledger:
    """The ledger without the entries whose files are gone (`build --allow-removal`)."""
    awards = {k: v for k, v in ledger.awards.items() if k in present.awards}
    gone = {k: v for k, v in ledger.awards.items() if k not in present.awards}
    badges = (
        frozenset(b for b in ledger.badges if b in present.badges)
        if present.complete
        else ledger.badges
    )
    endorsements = frozenset(e for e in ledger.endorsements if e in present.endorsements)
    return Ledger(badges, awards, endorsements, {**ledger.withdrawn, **gone}, ledger.lines)


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
