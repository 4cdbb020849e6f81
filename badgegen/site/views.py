"""Model → template views: plain dicts declared as TypedDicts. This is the privacy boundary.

Templates only ever see what is built here. No view has an email or key field, so no template can
publish one; unlisted and private earners are never linked from another page.
Paths in views are relative to the site root; templates prefix them with `root`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal, TypedDict

from badgegen.content.markdown import render_markdown
from badgegen.content.model import Award, BadgeClass, Earner, Endorsement, Evidence, Gallery, Issuer
from badgegen.urls import Urls

Status = Literal["valid", "expired", "revoked"]


class PartyRef(TypedDict):
    slug: str
    name: str
    path: str
    """Site path of their page, or "" when they have no linkable page."""
    kind: str
    """organization | person (an issuer file) | earner."""


class LinkView(TypedDict):
    name: str
    url: str


class BadgeRef(TypedDict):
    slug: str
    name: str
    path: str
    image: str
    image_alt: str
    description: str
    issuer: PartyRef
    tags: list[str]
    award_count: int


class EvidenceView(TypedDict):
    name: str
    description: str
    kind: str
    """image | audio | video | document | link."""
    media_type: str
    href: str
    """A site path (file evidence) or an absolute URL (link evidence)."""
    external: bool


class EndorsementView(TypedDict):
    id: str
    endorser: PartyRef
    target_kind: str
    target_name: str
    target_path: str
    comment_html: str
    issued_on: datetime


class DownloadView(TypedDict):
    path: str
    format: str
    """PNG | SVG."""


class AwardView(TypedDict):
    id: str
    code: str
    path: str
    badge: BadgeRef
    earner: PartyRef
    issuer: PartyRef
    self_issued: bool
    issued_on: datetime
    expires: datetime | None
    status: Status
    status_checked: datetime
    """When `status` was worked out: the time of the build (the site is rebuilt daily by CI)."""
    revoked_on: datetime | None
    revocation_reason: str
    narrative_html: str
    evidence: list[EvidenceView]
    endorsements: list[EndorsementView]
    """Endorsements of this award."""
    badge_endorsements: list[EndorsementView]
    """Endorsements of the badge class: they apply to every award of it."""
    issuer_endorsements: list[EndorsementView]
    """Endorsements of the issuer: they apply to everything it issues."""
    listed: bool
    """False for awards of unlisted or private earners: no other page links to them."""
    assertion: str
    """Site path of the Open Badges 2.0 assertion JSON."""
    credential: str
    """Site path of the signed Open Badges 3.0 credential, "" when the build signs none."""
    baked_images: list[DownloadView]
    """The badge image with the award baked in: PNG always, SVG for SVG badges."""


class AlignmentView(TypedDict):
    name: str
    url: str
    framework: str
    code: str
    description: str


class BadgeView(BadgeRef):
    criteria_html: str
    achievement_type: str
    valid_for: str
    alignment: list[AlignmentView]
    awards: list[AwardView]
    """Awards of public earners only, newest first."""
    endorsements: list[EndorsementView]


class EarnerView(TypedDict):
    slug: str
    name: str
    path: str
    bio_html: str
    links: list[LinkView]
    listed: bool
    awards: list[AwardView]
    endorsements: list[EndorsementView]


class IssuerView(TypedDict):
    slug: str
    name: str
    path: str
    url: str
    kind: str
    image: str
    description_html: str
    badges: list[BadgeRef]
    endorsements: list[EndorsementView]


class Views:
    """Builds views from the gallery; each view is computed from the model alone, no I/O."""

    def __init__(self, gallery: Gallery, *, signed: bool = False) -> None:
        self.gallery = gallery
        self.signed = signed
        """Whether this build signs Open Badges 3.0 credentials (award pages link them)."""

    # --- references -----------------------------------------------------------------------

    def party(self, slug: str) -> PartyRef:
        who = self.gallery.party(slug)
        if isinstance(who, Issuer):
            return {
                "slug": slug,
                "name": who.name,
                "path": Urls.issuer_page(slug),
                "kind": who.kind,
            }
        path = Urls.earner_page(slug) if who.is_listed else ""
        return {"slug": slug, "name": who.name, "path": path, "kind": "earner"}

    def badge_ref(self, badge: BadgeClass) -> BadgeRef:
        return {
            "slug": badge.slug,
            "name": badge.name,
            "path": Urls.badge_page(badge.slug),
            "image": Urls.badge_image(badge.slug, badge.image.suffix),
            "image_alt": badge.image_alt,
            "description": badge.description,
            "issuer": self.party(badge.issuer),
            "tags": list(badge.tags),
            "award_count": len(self.gallery.awards_of_badge(badge.slug)),
        }

    @staticmethod
    def evidence(item: Evidence) -> EvidenceView:
        return {
            "name": item.name,
            "description": item.description or "",
            "kind": item.kind,
            "media_type": item.media_type,
            "href": Urls.evidence_file(item.file) if item.file else item.url or "",
            "external": item.file is None,
        }

    def endorsement(self, endorsement: Endorsement) -> EndorsementView:
        kind, target = endorsement.target_kind, endorsement.target
        if kind == "award":
            award = self.gallery.award(target)
            badge = self.gallery.badge(award.badge)
            earner = self.gallery.earner(award.earner)
            # The earner is named only when their showcase is public.
            name = f"{badge.name} — {earner.name}" if earner.is_listed else badge.name
            path = Urls.award_page(target) if earner.is_listed else ""
        elif kind == "badge":
            name, path = self.gallery.badge(target).name, Urls.badge_page(target)
        else:
            ref = self.party(target)
            name, path = ref["name"], ref["path"]
        return {
            "id": endorsement.id,
            "endorser": self.party(endorsement.endorser),
            "target_kind": kind,
            "target_name": name,
            "target_path": path,
            "comment_html": render_markdown(endorsement.comment),
            "issued_on": endorsement.issued_on,
        }

    def endorsements_of(
        self, kind: Literal["award", "badge", "issuer"], target: str
    ) -> list[EndorsementView]:
        return [self.endorsement(e) for e in self.gallery.endorsements_of(kind, target)]

    # --- pages -----------------------------------------------------------------------------

    def status(self, award: Award) -> Status:
        if award.revoked:
            return "revoked"
        return "expired" if award.is_expired(self.gallery.now) else "valid"

    def award(self, award: Award) -> AwardView:
        badge = self.gallery.badge(award.badge)
        earner = self.gallery.earner(award.earner)
        return {
            "id": award.id,
            "code": award.code,
            "path": Urls.award_page(award.id),
            "badge": self.badge_ref(badge),
            "earner": self.party(earner.slug),
            "issuer": self.party(badge.issuer),
            "self_issued": badge.issuer == earner.slug,
            "issued_on": award.issued_on,
            "expires": award.expires,
            "status": self.status(award),
            "status_checked": self.gallery.now,
            "revoked_on": award.revoked.date if award.revoked else None,
            "revocation_reason": award.revoked.reason if award.revoked else "",
            "narrative_html": render_markdown(award.narrative),
            "evidence": [self.evidence(e) for e in award.evidence],
            "endorsements": self.endorsements_of("award", award.id),
            "badge_endorsements": self.endorsements_of("badge", badge.slug),
            "issuer_endorsements": self.endorsements_of("issuer", badge.issuer),
            "listed": earner.is_listed,
            "assertion": Urls.ob2_assertion(award.id),
            "credential": Urls.credential(award.id) if self.signed else "",
            "baked_images": [
                {"path": Urls.baked_image(award.id, suffix), "format": suffix[1:].upper()}
                for suffix in (
                    (".png", ".svg") if badge.image.suffix.lower() == ".svg" else (".png",)
                )
            ],
        }

    def badge(self, badge: BadgeClass) -> BadgeView:
        awards = [self.award(a) for a in reversed(self.gallery.awards_of_badge(badge.slug))]
        return {
            **self.badge_ref(badge),
            "criteria_html": render_markdown(badge.criteria),
            "achievement_type": badge.achievement_type,
            "valid_for": str(badge.valid_for) if badge.valid_for else "",
            "alignment": [
                {
                    "name": a.name,
                    "url": a.url,
                    "framework": a.framework or "",
                    "code": a.code or "",
                    "description": a.description or "",
                }
                for a in badge.alignment
            ],
            "awards": [a for a in awards if a["listed"]],
            "endorsements": self.endorsements_of("badge", badge.slug),
        }

    def earner(self, earner: Earner) -> EarnerView:
        awards = [self.award(a) for a in reversed(self.gallery.awards_of_earner(earner.slug))]
        return {
            "slug": earner.slug,
            "name": earner.name,
            "path": Urls.earner_page(earner.slug),
            "bio_html": render_markdown(earner.bio),
            "links": [{"name": link.name, "url": link.url} for link in earner.links],
            "listed": earner.is_listed,
            "awards": awards,
            "endorsements": [e for a in awards for e in a["endorsements"]]
            + self.endorsements_of("issuer", earner.slug),
        }

    def issuer(self, issuer: Issuer) -> IssuerView:
        return {
            "slug": issuer.slug,
            "name": issuer.name,
            "path": Urls.issuer_page(issuer.slug),
            "url": issuer.url,
            "kind": issuer.kind,
            "image": Urls.issuer_image(issuer.slug, issuer.image.suffix) if issuer.image else "",
            "description_html": render_markdown(issuer.description),
            "badges": [self.badge_ref(b) for b in self.gallery.badges_of_issuer(issuer.slug)],
            "endorsements": self.endorsements_of("issuer", issuer.slug),
        }
