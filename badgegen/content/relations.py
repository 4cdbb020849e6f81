"""Who relates to whom in a gallery (awards by badge, earner and issuer; badges by issuer;
endorsements by target), indexed once when the Gallery is made instead of scanned per question."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the model makes its relations when it is made
    from badgegen.content.model import Award, BadgeClass, Endorsement, Gallery


@dataclass(frozen=True, slots=True)
class Relations:
    """Who relates to whom, indexed once per gallery instead of scanned per question."""

    awards_by_badge: dict[str, list[Award]]
    awards_by_earner: dict[str, list[Award]]
    awards_by_issuer: dict[str, list[Award]]
    badges_by_issuer: dict[str, list[BadgeClass]]
    endorsements_by_target: dict[tuple[str, str], list[Endorsement]]

    @classmethod
    def of(cls, gallery: Gallery) -> Relations:
        by_badge: dict[str, list[Award]] = {}
        by_earner: dict[str, list[Award]] = {}
        by_issuer: dict[str, list[Award]] = {}
        issuer_of = {b.slug: b.issuer for b in gallery.badges}
        for award in gallery.awards:
            by_badge.setdefault(award.badge, []).append(award)
            by_earner.setdefault(award.earner, []).append(award)
            if award.badge in issuer_of:
                by_issuer.setdefault(issuer_of[award.badge], []).append(award)
        badges: dict[str, list[BadgeClass]] = {}
        for badge in gallery.badges:
            badges.setdefault(badge.issuer, []).append(badge)
        endorsements: dict[tuple[str, str], list[Endorsement]] = {}
        for endorsement in gallery.endorsements:
            key = (endorsement.target_kind, endorsement.target)
            endorsements.setdefault(key, []).append(endorsement)
        return cls(by_badge, by_earner, by_issuer, badges, endorsements)
