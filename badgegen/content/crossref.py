"""Phase 2 of validation: what involves several records (the files they point at: `files.py`).

Checks only the fields that passed phase 1. Names declared by files that failed phase 1 still
count as known, so a reference to a broken file is not reported a second time as unknown.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from badgegen.content.discover import SourceFile
from badgegen.content.evidence import before_award
from badgegen.content.validate import Record
from badgegen.errors import Problem
from badgegen.suggest import suggest

SHOWN_NAMES = 12


@dataclass(frozen=True, slots=True)
class Declared:
    """Every name that some file declares, valid or not."""

    issuers: frozenset[str]
    earners: frozenset[str]
    badges: frozenset[str]
    award_ids: frozenset[str] = field(default_factory=frozenset)
    earned: frozenset[str] = field(default_factory=frozenset)
    """Badge slugs that some award file names, valid or not."""
    parties: frozenset[str] = field(init=False)
    """Who may issue or endorse: issuers and earners alike (joined once, not per reference)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "parties", self.issuers | self.earners)


def declared_names(
    sources: Iterable[SourceFile], award_ids: Iterable[str], earned: Iterable[str]
) -> Declared:
    by_kind: dict[str, set[str]] = defaultdict(set)
    for source in sources:
        by_kind[source.kind].add(source.slug)
    return Declared(
        frozenset(by_kind["issuer"]),
        frozenset(by_kind["earner"]),
        frozenset(by_kind["badge"]),
        frozenset(award_ids),
        frozenset(earned),
    )


@lru_cache(maxsize=8)
def _sorted(known: frozenset[str]) -> list[str]:
    """The names in order, sorted once per set however many references are unknown."""
    return sorted(known)


def _unknown_hint(name: str, known: frozenset[str], what: str) -> str:
    names = _sorted(known)
    shown = ", ".join(names[:SHOWN_NAMES]) + (" …" if len(names) > SHOWN_NAMES else "")
    listing = f"known {what}: {shown}" if names else f"there are no {what} yet"
    return suggest(name, names, listing)


def _check_reference(
    record: Record, key: str, known: frozenset[str], one: str, many: str
) -> list[Problem]:
    """`one`/`many` name what is referenced, e.g. "badge"/"badges". `known` is looked up, never
    copied: a copy per record made link checking grow with the square of the repository."""
    value = record.values.get(key)
    if value is None or value in known:
        return []
    return [record.problem(key, f"unknown {one} {value!r}", _unknown_hint(value, known, many))]


def _check_duplicates(sources: list[SourceFile], records: list[Record]) -> list[Problem]:
    problems: list[Problem] = []
    owners: dict[str, SourceFile] = {}
    for source in sources:
        if source.kind not in ("issuer", "earner"):
            continue
        if source.slug in owners:
            first = owners[source.slug]
            problems.append(
                Problem(
                    source.rel,
                    1,
                    f"the slug {source.slug!r} is already used by {first.rel}",
                    "issuers and earners share one set of names: rename one of the files",
                )
            )
        else:
            owners[source.slug] = source
    for record in records:
        for index, alias in enumerate(record.values.get("aliases", ())):
            if alias in owners and owners[alias] != record.source:
                problems.append(
                    record.problem(
                        f"aliases[{index}]",
                        f"the alias {alias!r} is the slug of {owners[alias].rel}",
                        "an alias is an old name of this earner; it cannot belong to someone else",
                    )
                )
            owners.setdefault(alias, record.source)
    seen_ids: dict[str, Record] = {}
    for record in records:
        if record.kind not in ("award", "endorsement"):
            continue
        ident = record.values.get("id")
        if ident is None:
            continue
        if ident in seen_ids:
            problems.append(
                record.problem(
                    "id",
                    f"the id {ident!r} is already used by {seen_ids[ident].source.rel}",
                    "ids are permanent and unique: run `badgegen new "
                    f"{record.kind}` to get a fresh one for the newer file",
                )
            )
        else:
            seen_ids[ident] = record
    return problems


def check_links(
    sources: list[SourceFile], records: list[Record], declared: Declared
) -> list[Problem]:
    """Cross-references and duplicates (the files records point at: `files.check_files`)."""
    problems = _check_duplicates(sources, records)
    award_dates = {
        r.values["id"]: r.values.get("issued_on")
        for r in records
        if r.kind == "award" and "id" in r.values
    }
    for record in records:
        if record.kind == "badge":
            problems += _check_reference(
                record, "issuer", declared.parties, "issuer or earner", "issuers and earners"
            )
            if record.slug not in declared.earned:
                problems.append(
                    record.problem(
                        "",
                        "nobody has earned this badge yet",
                        "that is fine for a new badge; add an award when someone earns it",
                        warning=True,
                    )
                )
        elif record.kind == "award":
            problems += _check_reference(record, "badge", declared.badges, "badge", "badges")
            problems += _check_reference(record, "earner", declared.earners, "earner", "earners")
        elif record.kind == "endorsement":
            problems += _check_reference(
                record, "endorser", declared.parties, "issuer or earner", "issuers and earners"
            )
            problems += _check_reference(
                record, "award", declared.award_ids, "award id", "award ids"
            )
            problems += _check_reference(record, "badge", declared.badges, "badge", "badges")
            problems += _check_reference(
                record, "issuer", declared.parties, "issuer or earner", "issuers and earners"
            )
        elif record.kind == "evidence":
            found = _check_reference(record, "award", declared.award_ids, "award id", "award ids")
            problems += found
            added, issued = (
                record.values.get("added_on"),
                award_dates.get(record.values.get("award")),
            )
            if not found and added and issued and added < issued:
                problems.append(before_award(record.raw, "added_on", added, issued))
    return problems
