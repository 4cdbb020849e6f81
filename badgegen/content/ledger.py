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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from badgegen.content.discover import SourceFile
from badgegen.content.validate import Record
from badgegen.content.yamlio import scan_top_level
from badgegen.errors import Problem

LIST_SIZE = 131_072
"""Bits per status list: the minimum the specification sets, so that an index reveals nothing."""
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


def check_ledger(ledger: Ledger, present: Present, rel: str, *, frozen: bool) -> list[Problem]:
    """Published entries whose file is gone, two awards on one bit of an issuer's list, and in
    CI (`frozen`) entries not recorded yet."""
    problems = _shared_indexes(ledger, present, rel) + _gone(ledger, present, rel)
    return problems + _unrecorded(ledger, present, rel) if frozen else problems


def _shared_indexes(ledger: Ledger, present: Present, rel: str) -> list[Problem]:
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
    return problems


def _gone(ledger: Ledger, present: Present, rel: str) -> list[Problem]:
    """Published entries that no file declares any more."""
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
    return [
        Problem(
            rel,
            ledger.lines.get(name),
            f"the {kind} {name} was published, but no file in content/ declares it",
            f"{keep}; if it was never published, run `badgegen build --allow-removal` on "
            f"your computer to forget it, and commit {rel}",
        )
        for kind, recorded, now, keep in missing
        for name in sorted(set(recorded) - set(now))
    ]


def _unrecorded(ledger: Ledger, present: Present, rel: str) -> list[Problem]:
    """Entries the content declares that the ledger does not hold yet (an error in CI)."""
    unknown = [
        ("badge", present.badges, ledger.badges),
        ("award", present.awards, ledger.awards.keys()),
        ("endorsement", present.endorsements, ledger.endorsements),
    ]
    return [
        Problem(
            now[name][0],
            now[name][1],
            f"the {kind} {name} is not in {rel} yet",
            RECORD_HINT.format(path=rel),
        )
        for kind, now, recorded in unknown
        for name in sorted(set(now) - set(recorded))
    ]


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
