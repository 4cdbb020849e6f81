"""The frozen content model and the Gallery graph built from validated records. No I/O here."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal, TypeVar

from badgegen.content.evidence import Evidence, dated, evidence_item
from badgegen.content.relations import Relations
from badgegen.content.validate import Record
from badgegen.content.values import Duration
from badgegen.formats import KINDS, Kind
from badgegen.identity import hash_email

TargetKind = Literal["award", "badge", "issuer"]
T = TypeVar("T")
LATEST_ENDORSEMENTS = 3
"""An award shows (page) and embeds (credential) this many of the latest endorsements of its badge
class and of its issuer, so that neither grows with the whole repository; all are listed on the
badge's and the issuer's pages and each is published on its own."""


@dataclass(frozen=True, slots=True)
class Identity:
    """What is published about an earner's email: a salted hash, never the address."""

    hash: str
    salt: str


@dataclass(frozen=True, slots=True)
class Issuer:
    slug: str
    name: str
    url: str
    email: str | None
    """Public contact address; None means the site's contact_email stands in."""
    image: Path | None
    kind: str
    description: str
    source: str
    linkedin_organization_id: str | None = None
    """The organisation's numeric LinkedIn id: the logo and link on earners' LinkedIn profiles."""


@dataclass(frozen=True, slots=True)
class Alignment:
    name: str
    url: str
    framework: str | None = None
    code: str | None = None
    description: str | None = None


@dataclass(frozen=True, slots=True)
class BadgeClass:
    slug: str
    name: str
    issuer: str
    """Slug of an issuer or of an earner (anyone may issue)."""
    image: Path
    image_alt: str
    description: str
    criteria: str
    tags: tuple[str, ...]
    achievement_type: str
    alignment: tuple[Alignment, ...]
    valid_for: Duration | None
    source: str
    former_slugs: tuple[str, ...] = ()
    """Slugs this badge had before a rename: their URLs keep working."""


@dataclass(frozen=True, slots=True)
class Link:
    name: str
    url: str


@dataclass(frozen=True, slots=True)
class Earner:
    """An earner. There is deliberately no email field: only the salted hash survives loading."""

    slug: str
    name: str
    identity: Identity | None
    showcase: str
    bio: str
    links: tuple[Link, ...]
    aliases: tuple[str, ...]
    source: str
    photo: Path | None = None
    """Their picture (PNG or SVG, checked like issuer pictures), shown on their showcase only."""
    forgotten: datetime | None = None
    """When they asked to be forgotten (`badgegen forget`): no name, no page, awards revoked."""

    @property
    def is_listed(self) -> bool:
        return self.showcase == "public"

    @property
    def has_page(self) -> bool:
        return self.showcase != "private"


@dataclass(frozen=True, slots=True)
class Revocation:
    date: datetime
    reason: str


@dataclass(frozen=True, slots=True)
class Award:
    id: str
    code: str
    """Short human code derived from the id, for paper and for LinkedIn's credential id."""
    badge: str
    earner: str
    issued_on: datetime
    expires: datetime | None
    narrative: str
    evidence: tuple[Evidence, ...]
    revoked: Revocation | None
    source: str

    def is_expired(self, now: datetime) -> bool:
        return self.expires is not None and self.expires <= now


@dataclass(frozen=True, slots=True)
class Endorsement:
    id: str
    endorser: str
    target_kind: TargetKind
    target: str
    comment: str
    issued_on: datetime
    source: str


@dataclass(frozen=True, slots=True)
class Gallery:
    issuers: tuple[Issuer, ...]
    badges: tuple[BadgeClass, ...]
    earners: tuple[Earner, ...]
    awards: tuple[Award, ...]
    endorsements: tuple[Endorsement, ...]
    now: datetime
    """The build's clock: expiry is judged against it, so a build is reproducible."""
    media: Mapping[Path, bytes] = field(default_factory=dict, repr=False, compare=False)
    """The checked bytes of every picture and evidence file, by the path the records give
    (SVG already made safe): stages publish, bake and rasterize these, never the files."""
    _issuers: dict[str, Issuer] = field(init=False, repr=False, compare=False)
    _badges: dict[str, BadgeClass] = field(init=False, repr=False, compare=False)
    _earners: dict[str, Earner] = field(init=False, repr=False, compare=False)
    _awards: dict[str, Award] = field(init=False, repr=False, compare=False)
    _relations: Relations = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_issuers", {i.slug: i for i in self.issuers})
        object.__setattr__(self, "_badges", {b.slug: b for b in self.badges})
        object.__setattr__(self, "_earners", {e.slug: e for e in self.earners})
        object.__setattr__(self, "_awards", {a.id: a for a in self.awards})
        object.__setattr__(self, "_relations", Relations.of(self))

    def file(self, path: Path) -> bytes:
        """The checked bytes of a picture or evidence file of this gallery."""
        return self.media[path]

    def earner(self, slug: str) -> Earner:
        return self._earners[slug]

    def badge(self, slug: str) -> BadgeClass:
        return self._badges[slug]

    def award(self, award_id: str) -> Award:
        return self._awards[award_id]

    def party(self, slug: str) -> Issuer | Earner:
        """An issuer or an earner by slug: both may issue badges and endorse."""
        return self._issuers.get(slug) or self._earners[slug]

    # Relations, worked out once (`Relations`): each answer is a new list, in the order of
    # `awards`, `badges` or `endorsements`, as a scan of those tuples would give it.

    def awards_of_badge(self, slug: str) -> list[Award]:
        return list(self._relations.awards_by_badge.get(slug, ()))

    def award_count_of_badge(self, slug: str) -> int:
        """How many awards the badge has (without copying them: asked for every award shown)."""
        return len(self._relations.awards_by_badge.get(slug, ()))

    def awards_of_earner(self, slug: str) -> list[Award]:
        return list(self._relations.awards_by_earner.get(slug, ()))

    def awards_of_issuer(self, slug: str) -> list[Award]:
        """Awards of every badge class that `slug` issues."""
        return list(self._relations.awards_by_issuer.get(slug, ()))

    def badges_of_issuer(self, slug: str) -> list[BadgeClass]:
        return list(self._relations.badges_by_issuer.get(slug, ()))

    def endorsements_of(
        self, kind: TargetKind, target: str, latest: int | None = None
    ) -> list[Endorsement]:
        """Oldest first; with `latest`, only that many of the most recent."""
        every = self._relations.endorsements_by_target.get((kind, target), [])
        return list(every if latest is None else every[max(0, len(every) - latest) :])

    def enriched_on(self, award: Award) -> datetime:
        """The last day the award grew: evidence added or an endorsement of it received (its
        own date when nothing came later; never after it expired)."""
        days = [award.issued_on, *(e.added_on for e in award.evidence if e.added_on)]
        days += [e.issued_on for e in self.endorsements_of("award", award.id)]
        latest = max(days)
        return (
            min(latest, award.expires)
            if award.expires and award.expires > award.issued_on
            else latest
        )

    def acting_parties(self) -> list[str]:
        """Slugs of everyone who issues or endorses (each needs a public issuer profile)."""
        slugs = {b.issuer for b in self.badges} | {e.endorser for e in self.endorsements}
        return sorted(slugs)


CROCKFORD = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", "ABCDEFGHJKMNPQRSTVWXYZ0123456789")


def short_code(award_id: str) -> str:
    """Eight Crockford base32 characters from the id's SHA-256, as `XXXX-XXXX` (no I, L, O, U)."""
    digest = hashlib.sha256(award_id.encode("utf-8")).digest()[:5]
    code = base64.b32encode(digest).decode("ascii").translate(CROCKFORD)
    return f"{code[:4]}-{code[4:8]}"


def derived_salt(slug: str) -> str:
    """A stable salt for an earner whose clear email is in the content (a stored salt is better)."""
    return hashlib.sha256(f"badgegen-salt:{slug}".encode()).hexdigest()[:32]


def _identity(values: dict[str, object], slug: str) -> Identity | None:
    if "email_hash" in values:
        return Identity(str(values["email_hash"]), str(values["salt"]))
    if "email" in values:
        salt = derived_salt(slug)
        return Identity(hash_email(str(values["email"]), salt), salt)
    return None


@dataclass(frozen=True, slots=True)
class _Records:
    """The validated records by kind, and what an award takes from the others."""

    by_kind: dict[str, list[Record]]
    badges: dict[str, Record]
    """Badge class records by slug."""
    sizes: Mapping[str, int]
    """Size of each checked file, by its path under the content folder."""
    added: dict[str, list[Record]]
    """Evidence records by award id, oldest first."""


def _picture(r: Record, key: str) -> Path | None:
    return r.source.path.parent / r.values[key] if key in r.values else None


def _issuer(r: Record, _records: _Records) -> Issuer:
    return Issuer(
        slug=r.slug,
        name=r.values["name"],
        url=r.values["url"],
        email=r.values.get("email"),
        image=_picture(r, "image"),
        kind=r.values.get("kind", "organization"),
        description=r.body,
        source=r.source.rel,
        linkedin_organization_id=r.values.get("linkedin_organization_id"),
    )


def _badge(r: Record, _records: _Records) -> BadgeClass:
    return BadgeClass(
        slug=r.slug,
        name=r.values["name"],
        issuer=r.values["issuer"],
        image=r.source.path.parent / r.values["image"],
        image_alt=r.values["image_alt"],
        description=r.values["description"],
        criteria=r.body,
        tags=r.values.get("tags", ()),
        achievement_type=r.values.get("achievement_type", "Badge"),
        alignment=tuple(Alignment(**item) for item in r.values.get("alignment", ())),
        valid_for=r.values.get("valid_for"),
        source=r.source.rel,
        former_slugs=tuple(r.values.get("former_slugs", ())),
    )


def _earner(r: Record, _records: _Records) -> Earner:
    return Earner(
        slug=r.slug,
        name=r.values.get("name", ""),
        identity=_identity(r.values, r.slug),
        showcase="private" if "forgotten" in r.values else r.values.get("showcase", "public"),
        bio=r.values.get("bio") or r.body,
        links=tuple(Link(**item) for item in r.values.get("links", ())),
        aliases=r.values.get("aliases", ()),
        source=r.source.rel,
        photo=_picture(r, "photo"),
        forgotten=r.values.get("forgotten"),
    )


def _award(r: Record, records: _Records) -> Award:
    """An award, with the evidence written in it and in evidence files, and its expiry: its own
    or its badge class's validity after the day it was issued."""
    v, sizes = r.values, records.sizes
    valid_for = records.badges[v["badge"]].values.get("valid_for")
    expires = v.get("expires") or (valid_for.after(v["issued_on"]) if valid_for else None)
    revoked = v.get("revoked")
    written = [evidence_item(e, v["issued_on"], r.source.rel, sizes) for e in v.get("evidence", ())]
    added = [
        evidence_item(e.values, v["issued_on"], e.source.rel, sizes)
        for e in records.added.get(v["id"], ())
    ]
    return Award(
        id=v["id"],
        code=short_code(v["id"]),
        badge=v["badge"],
        earner=v["earner"],
        issued_on=v["issued_on"],
        expires=expires,
        narrative=v.get("narrative", ""),
        evidence=dated(written + added),
        revoked=Revocation(revoked["date"], revoked["reason"]) if revoked else None,
        source=r.source.rel,
    )


def _endorsement(r: Record, _records: _Records) -> Endorsement:
    v = r.values
    target_kind: TargetKind = next(k for k in ("award", "badge", "issuer") if k in v)
    return Endorsement(
        id=v["id"],
        endorser=v["endorser"],
        target_kind=target_kind,
        target=v[target_kind],
        comment=v["comment"],
        issued_on=v["issued_on"],
        source=r.source.rel,
    )


def _each(kind: Kind, build: Callable[[Record, _Records], T], records: _Records) -> list[T]:
    return [build(r, records) for r in records.by_kind[kind]]


def build_gallery(
    records: Iterable[Record],
    now: datetime,
    media: Mapping[Path, bytes] | None = None,
    content_dir: Path | None = None,
) -> Gallery:
    """Turn validated records into the frozen Gallery (records must have passed both phases):
    one builder per kind of record (evidence files join their awards).

    `media` holds the checked files; those under `content_dir` give evidence its size."""
    by_kind: dict[str, list[Record]] = {k: [] for k in KINDS}
    for record in records:
        by_kind[record.kind].append(record)
    sizes = {
        path.relative_to(content_dir).as_posix(): len(data)
        for path, data in (media or {}).items()
        if content_dir is not None and path.is_relative_to(content_dir)
    }
    added: dict[str, list[Record]] = {}
    for r in sorted(by_kind["evidence"], key=lambda r: (r.values["added_on"], r.source.rel)):
        added.setdefault(r.values["award"], []).append(r)
    found = _Records(by_kind, {r.slug: r for r in by_kind["badge"]}, sizes, added)
    return Gallery(
        issuers=tuple(sorted(_each("issuer", _issuer, found), key=lambda i: i.slug)),
        badges=tuple(sorted(_each("badge", _badge, found), key=lambda b: b.slug)),
        earners=tuple(sorted(_each("earner", _earner, found), key=lambda e: e.slug)),
        awards=tuple(sorted(_each("award", _award, found), key=lambda a: (a.issued_on, a.id))),
        endorsements=tuple(
            sorted(_each("endorsement", _endorsement, found), key=lambda e: (e.issued_on, e.id))
        ),
        now=now,
        media=dict(media or {}),
    )
