"""Open Badges 2.0 hosted objects: Profiles, BadgeClasses, Assertions, Endorsements, RevocationLists.

Every object's `id` is the URL where its JSON file is published, under one `base_url`, so the
validator's hosted-scope check (assertion and issuer on one origin) holds. A revoked award's
assertion is published in the stripped form, the only one verifiers refuse.
"""

from __future__ import annotations

from collections.abc import Sequence

from badgegen.config import Config
from badgegen.content.model import (
    Award,
    BadgeClass,
    Earner,
    Endorsement,
    Gallery,
    Issuer,
    TargetKind,
)
from badgegen.openbadges.common import DocumentBuilder, JsonObject, json_file, timestamp
from badgegen.openbadges.recipient import recipient
from badgegen.outputs import OutputFile
from badgegen.urls import Urls

CONTEXT = "https://w3id.org/openbadges/v2"
STAGE = "openbadges.ob2"


class OB2(DocumentBuilder):
    """Builds the 2.0 objects of one gallery; every method is pure."""

    def endorsement_urls(self, kind: TargetKind, target: str) -> list[str]:
        return [
            self.url(Urls.ob2_endorsement(e.id)) for e in self.gallery.endorsements_of(kind, target)
        ]

    def profile(self, slug: str) -> JsonObject:
        who = self.gallery.party(slug)
        document: JsonObject = {
            "@context": CONTEXT,
            "type": "Profile",
            "id": self.url(Urls.ob2_profile(slug)),
            "name": who.name,
        }
        if isinstance(who, Issuer):
            document["url"] = who.url
            document["email"] = who.email or self.config.site.contact_email
            if who.description:
                document["description"] = who.description
            if who.image:
                document["image"] = self.url(Urls.issuer_image(slug, who.image.suffix))
        else:
            # An earner who issues or endorses: their showcase stands for a website, and the
            # site's public contact address stands for an email (theirs is private).
            page = Urls.earner_page(slug) if who.has_page else ""
            document["url"] = self.url(page)
            document["email"] = self.config.site.contact_email
            if who.bio:
                document["description"] = who.bio
        document["verification"] = {
            "type": "VerificationObject",
            "startsWith": self.config.site.base_url,
        }
        endorsements = self.endorsement_urls("issuer", slug)
        if endorsements:
            document["endorsement"] = endorsements
        return document

    def badge_class(self, badge: BadgeClass) -> JsonObject:
        document: JsonObject = {
            "@context": CONTEXT,
            "type": "BadgeClass",
            "id": self.url(Urls.ob2_badge_class(badge.slug)),
            "name": badge.name,
            "description": badge.description,
            "image": self.url(Urls.badge_image(badge.slug, badge.image.suffix)),
            "criteria": {"id": self.url(Urls.badge_page(badge.slug)), "narrative": badge.criteria},
            "issuer": self.url(Urls.ob2_profile(badge.issuer)),
        }
        if badge.tags:
            document["tags"] = list(badge.tags)
        if badge.alignment:
            document["alignment"] = [
                {
                    "targetName": a.name,
                    "targetUrl": a.url,
                    **({"targetDescription": a.description} if a.description else {}),
                    **({"targetFramework": a.framework} if a.framework else {}),
                    **({"targetCode": a.code} if a.code else {}),
                }
                for a in badge.alignment
            ]
        endorsements = self.endorsement_urls("badge", badge.slug)
        if endorsements:
            document["endorsement"] = endorsements
        return document

    def baked_suffix(self, award: Award) -> str:
        """The assertion's image: the baked SVG for SVG badges, else the baked PNG."""
        return ".svg" if self.gallery.badge(award.badge).image.suffix.lower() == ".svg" else ".png"

    def assertion(self, award: Award) -> JsonObject:
        assertion_id = self.url(Urls.ob2_assertion(award.id))
        if award.revoked:
            return {
                "@context": CONTEXT,
                "type": "Assertion",
                "id": assertion_id,
                "revoked": True,
                "revocationReason": award.revoked.reason,
            }
        earner: Earner = self.gallery.earner(award.earner)
        who = recipient(earner, self.urls)
        document: JsonObject = {
            "@context": CONTEXT,
            "type": "Assertion",
            "id": assertion_id,
            "recipient": {
                "type": who.type,
                "hashed": True,
                "salt": who.salt,
                "identity": who.identity,
            },
            "badge": self.url(Urls.ob2_badge_class(award.badge)),
            "verification": {"type": "hosted"},
            "issuedOn": timestamp(award.issued_on),
            "image": self.url(Urls.baked_image(award.id, self.baked_suffix(award))),
        }
        if award.narrative:
            document["narrative"] = award.narrative
        if award.evidence:
            document["evidence"] = self.evidence(award, typed=False)
        if award.expires:
            document["expires"] = timestamp(award.expires)
        endorsements = self.endorsement_urls("award", award.id)
        if endorsements:
            document["endorsement"] = endorsements
        return document

    def endorsement(self, endorsement: Endorsement) -> JsonObject:
        target_path = {
            "award": Urls.ob2_assertion,
            "badge": Urls.ob2_badge_class,
            "issuer": Urls.ob2_profile,
        }[endorsement.target_kind]
        target = target_path(endorsement.target)
        return {
            "@context": CONTEXT,
            "type": "Endorsement",
            "id": self.url(Urls.ob2_endorsement(endorsement.id)),
            "issuer": self.url(Urls.ob2_profile(endorsement.endorser)),
            "issuedOn": timestamp(endorsement.issued_on),
            "claim": {"id": self.url(target), "endorsementComment": endorsement.comment},
            "verification": {"type": "hosted"},
        }

    def revocation_list(self, slug: str) -> JsonObject:
        revoked = [
            {"id": self.url(Urls.ob2_assertion(a.id)), "revocationReason": a.revoked.reason}
            for a in self.gallery.awards_of_issuer(slug)
            if a.revoked
        ]
        return {
            "@context": CONTEXT,
            "type": "RevocationList",
            "id": self.url(Urls.ob2_revocation_list(slug)),
            "issuer": self.url(Urls.ob2_profile(slug)),
            "revokedAssertions": revoked,
        }


def ob2_files(gallery: Gallery, config: Config) -> list[OutputFile]:
    """Every hosted 2.0 JSON file of the site."""
    return ob2_shared_files(gallery, config) + ob2_assertion_files(gallery, config, gallery.awards)


def ob2_assertion_files(
    gallery: Gallery, config: Config, awards: Sequence[Award]
) -> list[OutputFile]:
    """The hosted 2.0 assertion of each of `awards`."""
    ob2 = OB2(gallery, config)
    return [json_file(Urls.ob2_assertion(a.id), ob2.assertion(a), STAGE) for a in awards]


def ob2_shared_files(gallery: Gallery, config: Config) -> list[OutputFile]:
    """The hosted 2.0 files of the site but the assertions: profiles, revocation lists, badge
    classes, endorsements."""
    ob2 = OB2(gallery, config)
    files: list[OutputFile] = []
    for slug in sorted(set(gallery.acting_parties()) | {i.slug for i in gallery.issuers}):
        files.append(json_file(Urls.ob2_profile(slug), ob2.profile(slug), STAGE))
    for slug in sorted({b.issuer for b in gallery.badges}):
        files.append(json_file(Urls.ob2_revocation_list(slug), ob2.revocation_list(slug), STAGE))
    files += [
        json_file(Urls.ob2_badge_class(b.slug), ob2.badge_class(b), STAGE) for b in gallery.badges
    ]
    # A renamed badge: assertions already handed out point at the old BadgeClass URL. The same
    # BadgeClass stays there, with the id of the address it is served from.
    files += [
        json_file(
            Urls.ob2_badge_class(old),
            {**ob2.badge_class(b), "id": ob2.url(Urls.ob2_badge_class(old))},
            STAGE,
        )
        for b in gallery.badges
        for old in b.former_slugs
    ]
    files += [
        json_file(Urls.ob2_endorsement(e.id), ob2.endorsement(e), STAGE)
        for e in gallery.endorsements
    ]
    return files
