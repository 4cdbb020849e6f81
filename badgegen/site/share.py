"""What award and showcase pages offer for sharing: links, snippets and social-network metadata.

Pure functions of the views: no I/O, so a template only prints strings built and escaped here.
Everything that leaves the site (a LinkedIn link, a signature pasted into a mail program, an
embed on someone's blog, a preview card on a social network) uses absolute URLs, and images that
leave the site are PNG: social networks and most mail clients do not show SVG. The PNG files
themselves are made by `site.cards`.

Privacy: share URLs carry page URLs and public names only, never a recipient address.
"""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import TypedDict
from urllib.parse import quote, urlencode

from badgegen.site.cards import CARD_HEIGHT, CARD_WIDTH
from badgegen.site.filters import format_date
from badgegen.site.i18n import translations
from badgegen.site.view_types import AwardView, BadgeRef, EarnerView
from badgegen.urls import Urls

LINKEDIN_ADD = "https://www.linkedin.com/profile/add"
"""LinkedIn's "Add licence or certification" form. The older `_ed=…&pfCertificationName=…`
form no longer works."""

SIGNATURE_IMAGE_SIZE = 80
"""Displayed size (CSS pixels) of the badge in an email signature; the PNG is larger, for
high-density screens."""
SHOWCASE_SIGNATURE_IMAGE_SIZE = 40
SHOWCASE_SIGNATURE_BADGES = 4
EMBED_IMAGE_SIZE = 120


class ShareLink(TypedDict):
    network: str
    """Stable identifier: linkedin, facebook, x, bluesky, whatsapp, email."""
    name: str
    """What the link says: a brand name, or "Email" in the site's language."""
    url: str


class ShareView(TypedDict):
    """Sharing an award (the `share` variable of award pages)."""

    page_url: str
    """Absolute URL of the award page: the permanent link to copy, print and share."""
    shareable: bool
    """False for revoked awards: pages then offer the link and QR code (to check) only, and the
    other fields are empty."""
    linkedin_add_url: str
    """LinkedIn "Add to profile" URL for a certification."""
    share_links: list[ShareLink]
    """Posting the page's link on social networks, or by email."""
    image_png: str
    """Absolute URL of the badge as PNG (SVG badges are rendered by the build)."""
    signature_html: str
    """Email signature: the small linked PNG badge (with width, height and alt) and a text link."""
    signature_text: str
    """The same signature as plain text (two lines: what, then the link), for mail programs
    without HTML signatures."""
    embed_html: str
    """A self-contained HTML block (inline styles, absolute URLs) for a website or blog."""
    baked_png: str
    """Site path of the baked PNG image (the file that carries the award)."""
    qr: str
    """Site path of the QR code (SVG) of the award page."""
    card: str
    """Site path of the 1200×627 PNG preview card."""


class ShowcaseShareView(TypedDict):
    """Sharing a showcase (the `share` variable of earner pages)."""

    page_url: str
    share_links: list[ShareLink]
    signature_html: str
    """Up to four badges of valid awards as small PNGs, linked to the showcase, and a text link."""
    signature_text: str


class SocialMeta(TypedDict):
    """Open Graph and Twitter card data of a page (the `social` variable)."""

    title: str
    description: str
    image: str
    """Absolute URL of a PNG, or "" for none."""
    image_alt: str
    image_width: int
    """0 when unknown."""
    image_height: int
    url: str
    site_name: str
    type: str
    """og:type."""
    twitter_card: str
    """summary_large_image for a wide card, summary otherwise."""


def linkedin_add_url(
    name: str,
    organization: str,
    issued: datetime,
    expires: datetime | None,
    cert_url: str,
    cert_id: str,
    organization_id: str = "",
) -> str:
    """LinkedIn's "Add to profile" link for a certification, with every value percent-encoded.

    `quote` (not `quote_plus`) so that spaces become %20, and `safe=""` (urlencode's default) so
    that `&`, `/`, `:` and accented letters (as UTF-8) are encoded too: a raw `&` in a title
    would cut it short, and LinkedIn shows `+` literally in some fields. `organization_id`, the
    issuer's numeric LinkedIn id, makes LinkedIn link the organisation's page and show its logo;
    without it LinkedIn shows the name alone.
    """
    params: list[tuple[str, str]] = [
        ("startTask", "CERTIFICATION_NAME"),
        ("name", name),
        ("organizationName", organization),
        *([("organizationId", organization_id)] if organization_id else []),
        ("issueYear", str(issued.year)),
        ("issueMonth", str(issued.month)),
    ]
    if expires is not None:
        params += [("expirationYear", str(expires.year)), ("expirationMonth", str(expires.month))]
    params += [("certUrl", cert_url), ("certId", cert_id)]
    return f"{LINKEDIN_ADD}?{urlencode(params, quote_via=quote)}"


def share_links(page_url: str, title: str, body: str, email: str) -> list[ShareLink]:
    """Links that open each network's own "share" form with the page's link filled in.

    Only networks with one public address are listed: Mastodon has none (every server has its
    own), so people copy the link instead. `title` is the post's text and the email's subject,
    `email` the translated name of the email link.
    """
    url = quote(page_url, safe="")
    text = quote(f"{title} {page_url}", safe="")
    return [
        {
            "network": "linkedin",
            "name": "LinkedIn",
            "url": f"https://www.linkedin.com/sharing/share-offsite/?url={url}",
        },
        {
            "network": "facebook",
            "name": "Facebook",
            "url": f"https://www.facebook.com/sharer/sharer.php?u={url}",
        },
        {
            "network": "x",
            "name": "X",
            "url": f"https://x.com/intent/post?text={quote(title, safe='')}&url={url}",
        },
        {
            "network": "bluesky",
            "name": "Bluesky",
            "url": f"https://bsky.app/intent/compose?text={text}",
        },
        {"network": "whatsapp", "name": "WhatsApp", "url": f"https://wa.me/?text={text}"},
        {
            "network": "email",
            "name": email,
            # RFC 6068: no address (the sender chooses it), %20 for spaces, CRLF line breaks.
            "url": "mailto:?subject={}&body={}".format(
                quote(title, safe=""), quote(body.replace("\n", "\r\n"), safe="")
            ),
        },
    ]


def badge_png(badge: BadgeRef) -> str:
    """Site path of a PNG of the badge image: the original for PNG badges, the build's
    rendering (`Urls.badge_png`) for SVG ones."""
    return Urls.badge_png(badge["slug"]) if badge["image"].endswith(".svg") else badge["image"]


def _img(src: str, size: int, alt: str, style: str) -> str:
    return (
        f'<img src="{escape(src)}" width="{size}" height="{size}" alt="{escape(alt)}" '
        f'style="{style}">'
    )


def _signature(page_url: str, image: str, alt: str, badge: str, by_issuer: str) -> str:
    """The linked small badge, then the badge name as a text link: mail programs that block
    images still show a working link."""
    link = escape(page_url)
    picture = _img(image, SIGNATURE_IMAGE_SIZE, alt, "border:0;vertical-align:middle")
    return (
        f'<a href="{link}">{picture}</a> <a href="{link}">{escape(badge)}</a> — {escape(by_issuer)}'
    )


def _embed(page_url: str, image: str, alt: str, badge: str, awarded: str, site_title: str) -> str:
    """A block that looks right on any page: inline styles only (the host page's CSS is unknown),
    colours from the default theme (AA contrast on white)."""
    small = '<br><span style="color:#4b5563;font-size:14px">'
    return (
        '<div style="display:inline-block;max-width:320px;padding:16px;border:1px solid #d9dde3;'
        "border-radius:8px;background:#fff;color:#1f2933;text-align:center;"
        'font:16px/1.4 system-ui,sans-serif">'
        + _img(image, EMBED_IMAGE_SIZE, alt, "display:block;margin:0 auto 8px;border:0")
        + f'<a href="{escape(page_url)}" style="color:#1d4ed8;font-weight:700">{escape(badge)}</a>'
        + f"{small}{escape(awarded)}</span>{small}{escape(site_title)}</span></div>"
    )


def award_share(award: AwardView, base_url: str, site_title: str, *, language: str) -> ShareView:
    """Everything the award page needs to share the award, in the site's language."""
    gettext = translations(language).gettext
    urls = Urls(base_url)
    page_url = urls.absolute(award["path"])
    badge, earner, issuer = award["badge"]["name"], award["earner"]["name"], award["issuer"]["name"]
    image = urls.absolute(badge_png(award["badge"]))
    linkedin, signature_html, signature_text, embed_html = "", "", "", ""
    links: list[ShareLink] = []
    if award["status"] != "revoked":
        names = {"badge": badge, "earner": earner, "issuer": issuer}
        title = f"{badge} — {earner}"
        body = gettext("Open badge “%(badge)s” awarded to %(earner)s by %(issuer)s:") % names
        by_issuer = gettext("open badge issued by %(issuer)s") % names
        awarded = gettext("Awarded to %(earner)s by %(issuer)s on %(date)s") % {
            **names,
            "date": format_date(award["issued_on"], language),
        }
        linkedin = linkedin_add_url(
            badge,
            issuer,
            award["issued_on"],
            award["expires"],
            page_url,
            award["code"],
            award["issuer"]["linkedin_organization_id"],
        )
        links = share_links(page_url, title, f"{body}\n{page_url}", gettext("Email"))
        alt = gettext("Open badge: %(badge)s") % names
        signature_html = _signature(page_url, image, alt, badge, by_issuer)
        signature_text = f"{badge} — {by_issuer}\n{page_url}"
        embed_html = _embed(
            page_url, image, award["badge"]["image_alt"], badge, awarded, site_title
        )
    return {
        "page_url": page_url,
        "shareable": award["status"] != "revoked",
        "linkedin_add_url": linkedin,
        "share_links": links,
        "image_png": image,
        "signature_html": signature_html,
        "signature_text": signature_text,
        "embed_html": embed_html,
        "baked_png": Urls.baked_image(award["id"], ".png"),
        "qr": Urls.qr_code(award["id"]),
        "card": Urls.social_card(award["id"]),
    }


def _valid_badges(earner: EarnerView) -> list[BadgeRef]:
    """Badges of the earner's valid awards, newest first, each once."""
    seen: dict[str, BadgeRef] = {}
    for award in earner["awards"]:
        if award["status"] == "valid":
            seen.setdefault(award["badge"]["slug"], award["badge"])
    return list(seen.values())


def showcase_share(earner: EarnerView, base_url: str, *, language: str) -> ShowcaseShareView:
    """Sharing a whole showcase: its permanent link, posts, and an email signature."""
    gettext = translations(language).gettext
    urls = Urls(base_url)
    page_url = urls.absolute(earner["path"])
    title = gettext("Open badges of %(name)s") % {"name": earner["name"]}
    label = gettext("My open badges")
    link = escape(page_url)
    images = "".join(
        _img(
            urls.absolute(badge_png(badge)),
            SHOWCASE_SIGNATURE_IMAGE_SIZE,
            gettext("Open badge: %(badge)s") % {"badge": badge["name"]},
            "border:0;vertical-align:middle;margin-right:4px",
        )
        for badge in _valid_badges(earner)[:SHOWCASE_SIGNATURE_BADGES]
    )
    signature_html = (f'<a href="{link}">{images}</a> ' if images else "") + (
        f'<a href="{link}">{escape(label)}</a>'
    )
    return {
        "page_url": page_url,
        "share_links": share_links(page_url, title, f"{title}\n{page_url}", gettext("Email")),
        "signature_html": signature_html,
        "signature_text": f"{label}\n{page_url}",
    }


def award_social(award: AwardView, base_url: str, site_title: str, *, language: str) -> SocialMeta:
    """Open Graph / Twitter data of an award page: the 1200×627 card is the preview image."""
    gettext = translations(language).gettext
    urls = Urls(base_url)
    names = {
        "badge": award["badge"]["name"],
        "earner": award["earner"]["name"],
        "issuer": award["issuer"]["name"],
        "date": format_date(award["issued_on"], language),
    }
    description = (
        gettext("%(issuer)s awarded the open badge “%(badge)s” to %(earner)s on %(date)s.") % names
    )
    if award["status"] == "revoked":
        when = format_date(award["revoked_on"], language)
        description += " " + gettext("Revoked on %(date)s.") % {"date": when}
    elif award["status"] == "expired":
        when = format_date(award["expires"], language)
        description += " " + gettext("Expired on %(date)s.") % {"date": when}
    return {
        "title": f"{names['badge']} — {names['earner']}",
        "description": description,
        "image": urls.absolute(Urls.social_card(award["id"])),
        "image_alt": gettext("%(badge)s: open badge awarded to %(earner)s by %(issuer)s") % names,
        "image_width": CARD_WIDTH,
        "image_height": CARD_HEIGHT,
        "url": urls.absolute(award["path"]),
        "site_name": site_title,
        "type": "website",
        "twitter_card": "summary_large_image",
    }


def earner_social(
    earner: EarnerView, base_url: str, site_title: str, *, language: str
) -> SocialMeta:
    """Open Graph / Twitter data of a showcase: the card of the newest valid award, if any."""
    gettext = translations(language).gettext
    urls = Urls(base_url)
    valid = [a for a in earner["awards"] if a["status"] == "valid"]
    names = [b["name"] for b in _valid_badges(earner)]
    description = (
        translations(language).ngettext(
            "%(num)d open badge: %(badges)s",
            "%(num)d open badges: %(badges)s",
            len(names),
        )
        % {"num": len(names), "badges": ", ".join(names)}
        if names
        else gettext("Open badges earned and shared on %(site)s.") % {"site": site_title}
    )
    social: SocialMeta = {
        "title": gettext("Open badges of %(name)s") % {"name": earner["name"]},
        "description": description,
        "image": "",
        "image_alt": "",
        "image_width": 0,
        "image_height": 0,
        "url": urls.absolute(earner["path"]),
        "site_name": site_title,
        "type": "profile",
        "twitter_card": "summary",
    }
    if valid:
        newest = award_social(valid[0], base_url, site_title, language=language)
        social.update(
            {
                "image": newest["image"],
                "image_alt": newest["image_alt"],
                "image_width": CARD_WIDTH,
                "image_height": CARD_HEIGHT,
                "twitter_card": "summary_large_image",
            }
        )
    return social
