"""Model → template views (plain dicts, typed in `view_types`). This is the privacy boundary.

Templates only ever see what is built here. No view has an email or key field, so no template can
publish one; unlisted and private earners are never linked from another page.
Paths in views are relative to the site root; templates prefix them with `root`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal
from urllib.parse import quote

from badgegen.content.markdown import render_markdown
from badgegen.content.model import (
    LATEST_ENDORSEMENTS,
    Award,
    BadgeClass,
    Earner,
    Endorsement,
    Gallery,
    Issuer,
)
from badgegen.site.history import enriched_on, evidence_view, timeline
from badgegen.site.view_types import (
    AwardView,
    BadgeRef,
    BadgeView,
    EarnerView,
    EndorsementView,
    IssuerView,
    LinkView,
    LiveStatusView,
    PartyRef,
    Status,
)
from badgegen.urls import Urls

SHOWN_ENDORSEMENTS = LATEST_ENDORSEMENTS
"""Endorsements of the badge and of the issuer shown on each award page, the most recent first.
The badge's and the issuer's pages list them all, so an award page weighs the same whether the
issuer has been endorsed ten times or ten thousand."""

VERIFIERPLUS = "https://verifierplus.org/#verify?vc="
"""The Digital Credentials Consortium's VerifierPlus, opened on a credential URL."""
ONEEDTECH_VALIDATOR = "https://openbadgesvalidator.imsglobal.org/"
"""1EdTech's public Open Badges validator (a credential URL or file is given there)."""


class Views:
    """Builds views from the gallery; each view is computed from the model alone, no I/O."""

    def __init__(
        self,
        gallery: Gallery,
        *,
        signed: bool = False,
        base_url: str = "",
        status_indexes: Mapping[str, int] | None = None,
    ) -> None:
        self.gallery = gallery
        self.signed = signed
        """Whether this build signs Open Badges 3.0 credentials (award pages link them)."""
        self.urls = Urls(base_url)
        self.status_indexes = status_indexes or {}
        """Bitstring Status List index of each award (used only when `signed`)."""

    # --- references -----------------------------------------------------------------------

    def party(self, slug: str) -> PartyRef:
        who = self.gallery.party(slug)
        if isinstance(who, Issuer):
            return {
                "slug": slug,
                "name": who.name,
                "path": Urls.issuer_page(slug),
                "kind": who.kind,
                "linkedin_organization_id": who.linkedin_organization_id or "",
            }
        path = Urls.earner_page(slug) if who.is_listed else ""
        return {
            "slug": slug,
            "name": who.name,
            "path": path,
            "kind": "earner",
            "linkedin_organization_id": "",
        }

    def public_earners(self) -> list[PartyRef]:
        """The earners whose showcase is public: the only ones other pages list."""
        return [self.party(e.slug) for e in self.gallery.earners if e.is_listed]

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
            "award_count": self.gallery.award_count_of_badge(badge.slug),
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
            "target": target,
            "target_name": name,
            "target_path": path,
            "comment_html": render_markdown(endorsement.comment),
            "issued_on": endorsement.issued_on,
        }

    def endorsements(self) -> list[EndorsementView]:
        """Every endorsement of the gallery, oldest first (the endorsement graph and its list)."""
        return [self.endorsement(e) for e in self.gallery.endorsements]

    def endorsements_of(
        self, kind: Literal["award", "badge", "issuer"], target: str
    ) -> list[EndorsementView]:
        return [self.endorsement(e) for e in self.gallery.endorsements_of(kind, target)]

    def latest_endorsements(
        self, kind: Literal["badge", "issuer"], target: str
    ) -> tuple[list[EndorsementView], int]:
        """The `SHOWN_ENDORSEMENTS` most recent endorsements of `target`, newest first, and how
        many it has in all."""
        every = self.gallery.endorsements_of(kind, target)
        latest = every[-SHOWN_ENDORSEMENTS:][::-1]
        return [self.endorsement(e) for e in latest], len(every)

    # --- pages -----------------------------------------------------------------------------

    def status(self, award: Award) -> Status:
        if award.revoked:
            return "revoked"
        return "expired" if award.is_expired(self.gallery.now) else "valid"

    def award(self, award: Award) -> AwardView:
        badge = self.gallery.badge(award.badge)
        earner = self.gallery.earner(award.earner)
        credential_url = self.urls.absolute(Urls.credential(award.id)) if self.signed else ""
        evidence = [evidence_view(e, i, award.issued_on) for i, e in enumerate(award.evidence)]
        endorsements = self.endorsements_of("award", award.id)
        endorsers = {e["endorser"]["slug"]: e["endorser"]["path"] for e in endorsements}
        of_badge, badge_count = self.latest_endorsements("badge", badge.slug)
        of_issuer, issuer_count = self.latest_endorsements("issuer", badge.issuer)
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
            "revoked_on": award.revoked.date if award.revoked else None,
            "revocation_reason": award.revoked.reason if award.revoked else "",
            "narrative_html": render_markdown(award.narrative),
            "evidence": evidence,
            "timeline": timeline(self.gallery, award, evidence, endorsers),
            "enriched_on": enriched_on(self.gallery, award),
            "endorsements": endorsements,
            "badge_endorsements": of_badge,
            "badge_endorsement_count": badge_count,
            "issuer_endorsements": of_issuer,
            "issuer_endorsement_count": issuer_count,
            "listed": earner.is_listed,
            "assertion": Urls.ob2_assertion(award.id),
            "credential": Urls.credential(award.id) if self.signed else "",
            "baked_images": [
                {"path": Urls.baked_image(award.id, suffix), "format": suffix[1:].upper()}
                for suffix in (
                    (".png", ".svg") if badge.image.suffix.lower() == ".svg" else (".png",)
                )
            ],
            "live": self.live_status(award),
            "short_path": Urls.short_page(award.code),
            "print_path": Urls.print_page(award.id),
            "credential_url": credential_url,
            "wallet_qr": Urls.credential_qr_code(award.id) if credential_url else "",
            "verifiers": self.verifiers(credential_url),
        }

    @staticmethod
    def verifiers(credential_url: str) -> list[LinkView]:
        """Independent verifiers that take the signed credential (none when unsigned)."""
        if not credential_url:
            return []
        return [
            {"name": "VerifierPlus", "url": VERIFIERPLUS + quote(credential_url, safe="")},
            {"name": "1EdTech Open Badges Validator", "url": ONEEDTECH_VALIDATOR},
        ]

    def live_status(self, award: Award) -> LiveStatusView:
        issuer = self.gallery.badge(award.badge).issuer
        index = self.status_indexes.get(award.id, -1) if self.signed else -1
        return {
            # The day only: a page kept between builds (site.render) is re-rendered when the
            # date it shows changes, not at every build.
            "checked_on": self.gallery.now.replace(hour=0, minute=0, second=0, microsecond=0),
            "status_list": Urls.status_list(issuer) if index >= 0 else "",
            "status_index": index,
            "revocation_list": Urls.ob2_revocation_list(issuer),
            "assertion_id": self.urls.absolute(Urls.ob2_assertion(award.id)),
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
            "photo": Urls.earner_photo(earner.slug, earner.photo.suffix) if earner.photo else "",
            "bio_html": render_markdown(earner.bio),
            "links": [{"name": link.name, "url": link.url} for link in earner.links],
            "listed": earner.is_listed,
            "awards": awards,
            "counts": {
                "awards": len(awards),
                "valid": sum(a["status"] == "valid" for a in awards),
                "issuers": len({a["issuer"]["slug"] for a in awards}),
            },
            "endorsements": [e for a in awards for e in a["endorsements"]]
            + self.endorsements_of("issuer", earner.slug),
            "qr_code": Urls.showcase_qr_code(earner.slug),
            "print_path": Urls.showcase_print_page(earner.slug),
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
