"""What templates see: the views of parties, badges, awards, earners and issuers, and the
context of each template (`HomePage`, `BadgePage` …: one TypedDict per template).

These TypedDicts are the themes' public API (themes/README.md documents them), built by
`views.Views` and the page producers of `render.py`: no view has an email or key field, so no
template can publish one. Paths in views are relative to the site root; templates prefix them
with `root`.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Literal, TypedDict

from badgegen.content.model import TargetKind
from badgegen.site.history import EventView, EvidenceView

if TYPE_CHECKING:  # these modules build their views from the ones below
    from badgegen.site.graph_layout import GraphEdge
    from badgegen.site.legal import LegalView
    from badgegen.site.share import ShareView, ShowcaseShareView, SocialMeta

Status = Literal["valid", "expired", "revoked"]


class PartyRef(TypedDict):
    slug: str
    name: str
    path: str
    """Site path of their page, or "" when they have no linkable page."""
    kind: str
    """organization | person (an issuer file) | earner."""
    linkedin_organization_id: str
    """The issuer's numeric LinkedIn id, "" when not given (always "" for earners)."""


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


class EndorsementView(TypedDict):
    id: str
    endorser: PartyRef
    target_kind: TargetKind
    target: str
    """Slug of the endorsed issuer or badge, id of the endorsed award."""
    target_name: str
    """An award is "badge — earner" when the earner's showcase is public, else the badge's name."""
    target_path: str
    """Site path of what is endorsed, "" when it has no page to link to (an award of an earner
    whose showcase is not public)."""
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
    revoked_on: datetime | None
    revocation_reason: str
    narrative_html: str
    evidence: list[EvidenceView]
    """Oldest first."""
    timeline: list[EventView]
    """The award's life, oldest first: issued, evidence added, endorsements, revoked or expired."""
    enriched_on: datetime | None
    """The last day it grew after its own day (evidence or an endorsement), None if never."""
    endorsements: list[EndorsementView]
    """Endorsements of this award."""
    badge_endorsements: list[EndorsementView]
    """The most recent endorsements of the badge class (`SHOWN_ENDORSEMENTS`, newest first):
    they apply to every award of it. The badge's page lists them all."""
    badge_endorsement_count: int
    """How many endorsements the badge class has in all."""
    issuer_endorsements: list[EndorsementView]
    """The most recent endorsements of the issuer (`SHOWN_ENDORSEMENTS`, newest first): they
    apply to everything it issues. The issuer's page lists them all."""
    issuer_endorsement_count: int
    """How many endorsements the issuer has in all."""
    listed: bool
    """False for awards of unlisted or private earners: no other page links to them."""
    assertion: str
    """Site path of the Open Badges 2.0 assertion JSON."""
    credential: str
    """Site path of the signed Open Badges 3.0 credential, "" when the build signs none."""
    baked_images: list[DownloadView]
    """The badge image with the award baked in: PNG always, SVG for SVG badges."""
    live: LiveStatusView
    """What the award page's script needs to check the status again in the visitor's browser."""
    short_path: str
    """Site path of the award's short address (`c/XXXX-XXXX/`), the one printed on paper."""
    print_path: str
    """Site path of the printable card and certificate."""
    credential_url: str
    """Absolute URL of the signed credential ("" when the build signs none)."""
    wallet_qr: str
    """Site path of the QR code of `credential_url`, for wallets ("" when unsigned)."""
    verifiers: list[LinkView]
    """Independent verifiers, by name, that check the credential elsewhere than this site."""


class LiveStatusView(TypedDict):
    checked_on: datetime
    """The day the build computed `status` (its clock, at midnight)."""
    status_list: str
    """Site path of the issuer's Bitstring Status List credential, "" when none is signed."""
    status_index: int
    """The award's bit in that list (-1 when none)."""
    revocation_list: str
    """Site path of the issuer's Open Badges 2.0 revocation list."""
    assertion_id: str
    """Absolute id of the 2.0 assertion, as the revocation list names it."""


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


class CountsView(TypedDict):
    awards: int
    valid: int
    """Awards neither expired nor revoked."""
    issuers: int
    """Distinct issuers of their awards."""


class EarnerView(TypedDict):
    slug: str
    name: str
    path: str
    photo: str
    """Site path of their photo, "" when they gave none."""
    bio_html: str
    links: list[LinkView]
    listed: bool
    awards: list[AwardView]
    counts: CountsView
    endorsements: list[EndorsementView]
    qr_code: str
    """Site path of the showcase's QR code."""
    print_path: str
    """Site path of the showcase's printable page."""


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


class SiteView(TypedDict):
    title: str
    language: str
    base_url: str
    explainer: str
    """Site path of the "What is an open badge?" page."""
    endorsements: str
    """Site path of the endorsement view."""
    verify: str
    """Site path of the verification page."""
    legal: str
    """Site path of the "Legal notice and data" page."""
    feed: str
    """Absolute URL of the Atom feed of new awards."""
    icons: bool
    """Whether the site has favicons (`favicon.ico`, `favicon.png`, `apple-touch-icon.png`)."""


class PageView(TypedDict):
    path: str
    """Site path of the page (`badges/x/`)."""
    file: str
    url: str
    """Absolute URL (for canonical links and sharing)."""
    title: str
    noindex: bool
    description: str
    """The page's `meta description` and `og:description`."""
    image: str
    """Absolute URL of its 1200×627 PNG link preview (`og:image`)."""
    image_alt: str


# --- the context of each template --------------------------------------------------------------


class PageContext(TypedDict):
    """What every template receives; the pages below add their own variables."""

    site: SiteView
    page: PageView
    root: str
    """The relative prefix back to the site root (the absolute `base_url` on the 404 page)."""


class HomePage(PageContext):
    """`index.html`."""

    badges: list[BadgeRef]
    issuers: list[PartyRef]
    earners: list[PartyRef]
    """Earners whose showcase is public."""
    award_count: int


class BadgePage(PageContext):
    """`badge.html`."""

    badge: BadgeView


class IssuerPage(PageContext):
    """`issuer.html`."""

    issuer: IssuerView


class EarnerPage(PageContext):
    """`earner.html`: a showcase."""

    earner: EarnerView
    share: ShowcaseShareView
    social: SocialMeta


class ShowcasePrintPage(PageContext):
    """`showcase_print.html`: a showcase on one A4 sheet."""

    earner: EarnerView
    qr_code: str
    """Site path of the showcase's QR code SVG."""
    showcase_url: str
    """Absolute URL of the showcase, the one the QR code encodes."""


class AwardPage(PageContext):
    """`award.html`."""

    award: AwardView
    share: ShareView
    social: SocialMeta


class PrintPage(PageContext):
    """`print.html`: an award's A6 card and A4 certificate."""

    award: AwardView
    qr_code: str
    """Site path of the award's QR code SVG."""
    verify_url: str
    """Absolute URL of the award's short address, the one the QR code encodes."""


class EndorsementsPage(PageContext):
    """`endorsements.html`."""

    graph: str
    """The endorsement picture, an inline SVG made at build time."""
    edges: list[GraphEdge]
    """The same endorsements as a list, oldest first: the picture's accessible equivalent."""


class LegalPage(PageContext):
    """`legal.html`."""

    legal: LegalView


class RedirectPage(PageContext):
    """`redirect.html`: an earner's alias, a badge's former slug, an award's short address."""

    target: str
    """Relative link to the page it sends on to."""
    target_url: str
    """Absolute URL of that page."""


# `explainer.html`, `verify.html`, `404.html` and `forgotten.html` receive a PageContext only.
