"""Open Badges 3.0 documents, unsigned: OpenBadgeCredential, Achievement, EndorsementCredential.

One source model, two serializations: the 2.0 objects (ob2.py) and these. The recipient is the
same salted hash in both. Only terms that the VC 2.0 and OB 3.0.3 contexts define are used, so
the documents canonicalize in JSON-LD safe mode (what strict verifiers require).
"""

from __future__ import annotations

from collections.abc import Mapping

from badgegen.content.model import (
    LATEST_ENDORSEMENTS,
    Award,
    BadgeClass,
    Endorsement,
    Issuer,
    TargetKind,
)
from badgegen.openbadges.common import DocumentBuilder, JsonObject, timestamp
from badgegen.openbadges.recipient import recipient
from badgegen.openbadges.status_list import status_entry
from badgegen.urls import Urls

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB3_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
CONTEXTS = [VC_CONTEXT, OB3_CONTEXT]

ENDORSEMENT_NAME = {"fr": "Recommandation : {target}", "en": "Endorsement: {target}"}
LINKEDIN_ID_TYPE = "ext:LinkedIn:organizationId"
"""`identifierType` of an issuer's LinkedIn organisation id: OB 3.0 allows `ext:` extension
values in IdentifierTypeEnum, and 1EdTech's own examples use `ext:` + an origin + a name."""

Signed = Mapping[str, JsonObject]
"""Signed EndorsementCredentials by endorsement id, to embed where they apply."""


class OB3(DocumentBuilder):
    """Builds the 3.0 documents of one gallery; every method is pure."""

    def endorsements(
        self, kind: TargetKind, target: str, signed: Signed, latest: int | None = None
    ) -> list[JsonObject]:
        """The signed endorsements of one award, badge class or issuer, whole (each with its own
        `@context` and `proof`), as OB 3.0 embeds them in `endorsement` (with `latest`: only that
        many of the most recent)."""
        found = self.gallery.endorsements_of(kind, target, latest)
        return [signed[e.id] for e in found if e.id in signed]

    def profile(self, slug: str) -> JsonObject:
        """The issuer Profile embedded in credentials: its id is the issuer's DID."""
        who = self.gallery.party(slug)
        document: JsonObject = {"id": self.urls.did(slug), "type": ["Profile"], "name": who.name}
        if isinstance(who, Issuer):
            document["url"] = who.url
            document["email"] = who.email or self.config.site.contact_email
            if who.image:
                document["image"] = {
                    "id": self.url(Urls.issuer_image(slug, who.image.suffix)),
                    "type": "Image",
                }
        else:
            document["url"] = self.url(Urls.earner_page(slug) if who.has_page else "")
        document["otherIdentifier"] = [
            {
                "type": "IdentifierEntry",
                "identifier": self.url(Urls.ob2_profile(slug)),
                "identifierType": "identifier",
            }
        ]
        if isinstance(who, Issuer) and who.linkedin_organization_id:
            document["otherIdentifier"].append(
                {
                    "type": "IdentifierEntry",
                    "identifier": who.linkedin_organization_id,
                    "identifierType": LINKEDIN_ID_TYPE,
                }
            )
        return document

    def achievement(
        self, badge: BadgeClass, endorsements: Signed | None = None, latest: int | None = None
    ) -> JsonObject:
        """The Achievement, with the badge class's signed endorsements (`latest`: the most
        recent ones only, as an award's credential embeds them)."""
        document: JsonObject = {
            "id": self.url(Urls.achievement(badge.slug)),
            "type": ["Achievement"],
            "name": badge.name,
            "description": badge.description,
            "criteria": {"id": self.url(Urls.badge_page(badge.slug)), "narrative": badge.criteria},
            "image": {
                "id": self.url(Urls.badge_image(badge.slug, badge.image.suffix)),
                "type": "Image",
                "caption": badge.image_alt,
            },
            "achievementType": badge.achievement_type,
            "creator": self.profile(badge.issuer),
            "inLanguage": self.config.site.language,
        }
        if badge.tags:
            document["tag"] = list(badge.tags)
        if badge.alignment:
            document["alignment"] = [
                {
                    "type": ["Alignment"],
                    "targetName": a.name,
                    "targetUrl": a.url,
                    **({"targetDescription": a.description} if a.description else {}),
                    **({"targetFramework": a.framework} if a.framework else {}),
                    **({"targetCode": a.code} if a.code else {}),
                }
                for a in badge.alignment
            ]
        if found := self.endorsements("badge", badge.slug, endorsements or {}, latest):
            document["endorsement"] = found
        return document

    def achievement_document(
        self, badge: BadgeClass, endorsements: Signed | None = None
    ) -> JsonObject:
        """The Achievement published on its own, where its `id` points."""
        return {"@context": CONTEXTS, **self.achievement(badge, endorsements)}

    def credential(
        self, award: Award, status_index: int, endorsements: Signed | None = None
    ) -> JsonObject:
        """The award's OpenBadgeCredential, with the signed endorsements of the award embedded, and
        the latest `LATEST_ENDORSEMENTS` of its badge class (in the Achievement) and of its issuer
        (in the issuer Profile): a credential's size does not grow with the repository."""
        signed = endorsements or {}
        badge = self.gallery.badge(award.badge)
        earner = self.gallery.earner(award.earner)
        who = recipient(earner, self.urls)
        subject: JsonObject = {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityType": "emailAddress" if who.type == "email" else "identifier",
                    "hashed": True,
                    "identityHash": who.identity,
                    "salt": who.salt,
                }
            ],
            "achievement": self.achievement(badge, signed, LATEST_ENDORSEMENTS),
        }
        if earner.has_page:
            # Wallets show "Issued to" from the name. Earners with a public or unlisted showcase
            # have their name on their pages already; a private earner's name stays out.
            subject["name"] = earner.name
        if award.narrative:
            subject["narrative"] = award.narrative
        document: JsonObject = {
            "@context": CONTEXTS,
            "id": self.url(Urls.credential(award.id)),
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "name": badge.name,
            "description": badge.description,
            "image": {
                "id": self.url(Urls.badge_image(badge.slug, badge.image.suffix)),
                "type": "Image",
                "caption": badge.image_alt,
            },
            "issuer": self.profile(badge.issuer),
            # Re-issued under the same id each time it grows: the newest copy supersedes the
            # older ones (same id and issuer, later validFrom); awardedDate stays the award's.
            "validFrom": timestamp(self.gallery.enriched_on(award)),
            "awardedDate": timestamp(award.issued_on),
            "credentialSubject": subject,
        }
        if award.expires:
            document["validUntil"] = timestamp(award.expires)
        if award.evidence:
            document["evidence"] = self.evidence(award, typed=True)
        if found := self.endorsements("issuer", badge.issuer, signed, LATEST_ENDORSEMENTS):
            document["issuer"]["endorsement"] = found
        if found := self.endorsements("award", award.id, signed):
            document["endorsement"] = found
        list_url = self.url(Urls.status_list(badge.issuer))
        document["credentialStatus"] = status_entry(list_url, status_index)
        return document

    def endorsed(self, endorsement: Endorsement) -> tuple[str, str]:
        """The id of what an endorsement is about in 3.0 terms, and its name."""
        if endorsement.target_kind == "award":
            award = self.gallery.award(endorsement.target)
            badge = self.gallery.badge(award.badge)
            name = f"{badge.name} — {self.gallery.earner(award.earner).name}"
            return self.url(Urls.credential(award.id)), name
        if endorsement.target_kind == "badge":
            badge = self.gallery.badge(endorsement.target)
            return self.url(Urls.achievement(badge.slug)), badge.name
        return self.urls.did(endorsement.target), self.gallery.party(endorsement.target).name

    def endorsement_credential(self, endorsement: Endorsement) -> JsonObject:
        target_id, target_name = self.endorsed(endorsement)
        template = ENDORSEMENT_NAME.get(self.config.site.language, ENDORSEMENT_NAME["en"])
        return {
            "@context": CONTEXTS,
            "id": self.url(Urls.endorsement_credential(endorsement.id)),
            "type": ["VerifiableCredential", "EndorsementCredential"],
            "name": template.format(target=target_name),
            "issuer": self.profile(endorsement.endorser),
            "validFrom": timestamp(endorsement.issued_on),
            "credentialSubject": {
                "id": target_id,
                "type": ["EndorsementSubject"],
                "endorsementComment": endorsement.comment,
            },
        }
