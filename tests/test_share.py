"""Sharing: the LinkedIn link, share links and snippets, social tags, preview cards, the panels."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, datetime
from html.parser import HTMLParser
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po
from markupsafe import escape
from PIL import Image

from badgegen import config
from badgegen.content.model import Gallery
from badgegen.outputs import collect
from badgegen.site.assets import asset_files
from badgegen.site.cards import (
    BADGE_PNG_SIZE,
    CARD_HEIGHT,
    CARD_WIDTH,
    card_files,
    social_card,
)
from badgegen.site.fonts import CardFonts, _default, card_fonts, simplify
from badgegen.site.share import (
    award_share,
    award_social,
    earner_social,
    linkedin_add_url,
    showcase_share,
)
from badgegen.site.theme import environment
from badgegen.site.view_types import AwardView
from badgegen.site.views import Views
from badgegen.urls import Urls
from tests.conftest import AWARD_ID, REPO_ROOT, SVG, ScratchRepo, load_repo, png_bytes

BASE_URL = "https://example.org/badges/"
PAGE_URL = f"{BASE_URL}awards/{AWARD_ID}/"
PNG_AWARD_ID = "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a"
EXTRA_FILES: dict[str, str | bytes | None] = {
    "content/badges/safe-online.md": """\
---
name: "Sécurité & vie privée"
issuer: atelier
image: images/safe-online.png
image_alt: A purple padlock
description: Keeps accounts safe.
valid_for: 2 years
---
Set up two-factor authentication.
""",
    "content/badges/images/safe-online.png": png_bytes(96, 96, "#639"),
    "content/awards/2025/camille-safe-online.yml": f"""\
id: {PNG_AWARD_ID}
badge: safe-online
earner: camille
issued_on: 2025-11-05
""",
}


@pytest.fixture
def site(scratch_repo: ScratchRepo) -> tuple[Gallery, config.Config]:
    """The scratch repository with a second badge: a PNG image, a French name with `&`."""
    return load_repo(scratch_repo(EXTRA_FILES))


def _award(gallery: Gallery, award_id: str) -> AwardView:
    return Views(gallery).award(gallery.award(award_id))


# LinkedIn


def _query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query, keep_blank_values=True, strict_parsing=True)


def test_linkedin_url_encodes_accents_and_ampersands() -> None:
    name = "Sécurité & vie privée"
    organization = "Réseau Inclusion Numérique — Val-de-Loire & Touraine"
    url = linkedin_add_url(
        name,
        organization,
        datetime(2025, 3, 14, tzinfo=UTC),
        datetime(2027, 1, 31, tzinfo=UTC),
        PAGE_URL,
        "EHF9-6RW4",
    )
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://www.linkedin.com/profile/add"
    assert _query(url) == {
        "startTask": ["CERTIFICATION_NAME"],
        "name": [name],
        "organizationName": [organization],
        "issueYear": ["2025"],
        "issueMonth": ["3"],
        "expirationYear": ["2027"],
        "expirationMonth": ["1"],
        "certUrl": [PAGE_URL],
        "certId": ["EHF9-6RW4"],
    }
    # Spaces as %20 (never +), every & and accent encoded: only the 8 separators stay raw.
    assert "+" not in parts.query and " " not in parts.query
    assert parts.query.count("&") == 8
    assert "name=S%C3%A9curit%C3%A9%20%26%20vie%20priv%C3%A9e&" in parts.query
    assert f"certUrl={quote(PAGE_URL, safe='')}&" in parts.query
    assert url.isascii()


def test_linkedin_url_without_expiry_has_no_expiration() -> None:
    url = linkedin_add_url("First steps", "Atelier", datetime(2025, 12, 1), None, PAGE_URL, "X")
    query = _query(url)
    assert "expirationYear" not in query and "expirationMonth" not in query
    assert query["issueYear"] == ["2025"] and query["issueMonth"] == ["12"]


def test_award_share_linkedin_uses_the_award(site: tuple[Gallery, config.Config]) -> None:
    gallery, cfg = site
    award = _award(gallery, PNG_AWARD_ID)
    share = award_share(award, cfg.site.base_url, cfg.site.title, language="en")
    query = _query(share["linkedin_add_url"])
    assert query["name"] == ["Sécurité & vie privée"]
    assert query["organizationName"] == ["Atelier Numérique"]
    assert (query["issueYear"], query["issueMonth"]) == (["2025"], ["11"])
    assert (query["expirationYear"], query["expirationMonth"]) == (["2027"], ["11"])
    assert query["certUrl"] == [f"{BASE_URL}awards/{PNG_AWARD_ID}/"]
    assert query["certId"] == [gallery.award(PNG_AWARD_ID).code]


# Snippets and links


def test_snippets_use_absolute_png_urls_with_alt_text(
    site: tuple[Gallery, config.Config],
) -> None:
    gallery, cfg = site
    svg_share = award_share(_award(gallery, AWARD_ID), BASE_URL, cfg.site.title, language="en")
    png_share = award_share(_award(gallery, PNG_AWARD_ID), BASE_URL, cfg.site.title, language="en")
    # SVG badge → the build's PNG rendering; PNG badge → the original image.
    assert svg_share["image_png"] == BASE_URL + Urls.badge_png("first-steps")
    assert png_share["image_png"] == BASE_URL + Urls.badge_image("safe-online", ".png")
    for share in (svg_share, png_share):
        for snippet in (share["signature_html"], share["embed_html"]):
            assert f'src="{share["image_png"]}"' in snippet
            assert f'href="{share["page_url"]}"' in snippet
            assert 'alt="' in snippet and 'alt=""' not in snippet
            assert 'width="' in snippet and 'height="' in snippet
            assert ".svg" not in snippet
        assert share["page_url"] in share["signature_text"]
        assert "<" not in share["signature_text"]
    assert svg_share["page_url"] == PAGE_URL
    assert 'alt="Open badge: First steps online"' in svg_share["signature_html"]
    assert 'alt="A green circle"' in svg_share["embed_html"]
    # Names are escaped in HTML, never in the plain text.
    assert "Sécurité &amp; vie privée" in png_share["signature_html"]
    assert png_share["signature_text"].startswith("Sécurité & vie privée — ")
    assert (svg_share["baked_png"], svg_share["qr"], svg_share["card"]) == (
        Urls.baked_image(AWARD_ID, ".png"),
        Urls.qr_code(AWARD_ID),
        Urls.social_card(AWARD_ID),
    )


def test_share_links_carry_the_page_and_no_address(site: tuple[Gallery, config.Config]) -> None:
    gallery, cfg = site
    share = award_share(_award(gallery, AWARD_ID), BASE_URL, cfg.site.title, language="fr")
    links = {link["network"]: link for link in share["share_links"]}
    assert list(links) == ["linkedin", "facebook", "x", "bluesky", "whatsapp", "email"]
    assert links["linkedin"]["url"] == (
        "https://www.linkedin.com/sharing/share-offsite/?url=" + quote(PAGE_URL, safe="")
    )
    assert _query(links["facebook"]["url"]) == {"u": [PAGE_URL]}
    assert _query(links["x"]["url"])["url"] == [PAGE_URL]
    mail = urlsplit(links["email"]["url"])
    assert mail.scheme == "mailto" and mail.path == ""  # the sender picks the recipient
    body = _query(links["email"]["url"])["body"][0]
    assert body.endswith("\r\n" + PAGE_URL) and "attribué à Camille Martin" in body
    assert links["email"]["name"] == "Courriel"
    for link in share["share_links"]:
        assert "@" not in link["url"] and " " not in link["url"]


def test_revoked_awards_are_not_offered_for_sharing(scratch_repo: ScratchRepo) -> None:
    award_file = "content/awards/2025/camille-first-steps.yml"
    text = (scratch_repo() / award_file).read_text(encoding="utf-8")
    revoked = text + "revoked:\n  date: 2026-01-10\n  reason: Issued by mistake.\n"
    gallery, cfg = load_repo(scratch_repo({award_file: revoked}, name="revoked"))
    award = _award(gallery, AWARD_ID)
    share = award_share(award, BASE_URL, cfg.site.title, language="en")
    assert not share["shareable"]
    assert share["linkedin_add_url"] == share["signature_html"] == share["embed_html"] == ""
    assert share["share_links"] == []
    assert share["page_url"] == PAGE_URL and share["qr"] == Urls.qr_code(AWARD_ID)
    social = award_social(award, BASE_URL, cfg.site.title, language="en")
    assert social["description"].endswith("Revoked on January 10, 2026.")


def test_showcase_share(site: tuple[Gallery, config.Config]) -> None:
    gallery, _cfg = site
    earner = Views(gallery).earner(gallery.earner("camille"))
    share = showcase_share(earner, BASE_URL, language="en")
    showcase = f"{BASE_URL}earners/camille/"
    assert share["page_url"] == showcase
    assert share["signature_text"] == f"My open badges\n{showcase}"
    assert share["signature_html"].count("<img ") == 2  # one per badge of a valid award
    assert BASE_URL + Urls.badge_png("first-steps") in share["signature_html"]
    assert ".svg" not in share["signature_html"]
    assert share["share_links"][0]["url"].endswith(quote(showcase, safe=""))


# Open Graph and Twitter


def test_social_meta(site: tuple[Gallery, config.Config]) -> None:
    gallery, cfg = site
    views = Views(gallery)
    social = award_social(_award(gallery, AWARD_ID), BASE_URL, cfg.site.title, language="fr")
    assert social["image"] == BASE_URL + Urls.social_card(AWARD_ID)
    assert (social["image_width"], social["image_height"]) == (CARD_WIDTH, CARD_HEIGHT)
    assert social["url"] == PAGE_URL
    assert social["title"] == "First steps online — Camille Martin"
    assert social["description"] == (
        "Atelier Numérique a attribué l'open badge « First steps online » "
        "à Camille Martin le 14 mars 2025."
    )
    assert social["twitter_card"] == "summary_large_image"
    earner = earner_social(views.earner(gallery.earner("camille")), BASE_URL, "T", language="en")
    assert earner["image"] == BASE_URL + Urls.social_card(PNG_AWARD_ID)  # the newest valid award
    assert earner["description"] == "2 open badges: Sécurité & vie privée, First steps online"
    assert earner["url"] == f"{BASE_URL}earners/camille/"


def test_showcase_without_valid_award_has_no_image(scratch_repo: ScratchRepo) -> None:
    gallery, _cfg = load_repo(
        scratch_repo({"content/awards/2025/camille-first-steps.yml": None}, name="empty")
    )
    earner = Views(gallery).earner(gallery.earner("camille"))
    social = earner_social(earner, BASE_URL, "Scratch badges", language="en")
    assert (social["image"], social["twitter_card"]) == ("", "summary")


# Cards


def _size(png: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG"
        return image.size


@pytest.mark.parametrize("fallback", [False, True], ids=["found-font", "pillow-font"])
def test_social_card_is_a_deterministic_1200x627_png(fallback: bool) -> None:
    fonts = CardFonts(_default, _default, True, True) if fallback else card_fonts()
    args = (
        png_bytes(300, 300, "#2a7"),
        "Démarche administrative accompagnée & sécurité de la vie privée en ligne, pour tous",
        "Fatima El Idrissi-Benali de la Fontaine-Montmorency",
        "Réseau Inclusion Numérique Val-de-Loire",
        "Délivré le 14 mars 2025",
        "Réseau Inclusion — Badges",
    )
    first = social_card(*args, fonts=fonts, status_text="Révoqué")
    assert _size(first) == (CARD_WIDTH, CARD_HEIGHT)
    assert social_card(*args, fonts=fonts, status_text="Révoqué") == first
    assert social_card(*args, fonts=fonts) != first


def test_pillow_font_fallback_drops_only_missing_accents() -> None:
    assert simplify("Réseau œuvre — Val-de-Loire") == "Reseau oeuvre - Val-de-Loire"
    assert simplify("Plain ASCII & co") == "Plain ASCII & co"


def test_card_files(site: tuple[Gallery, config.Config]) -> None:
    gallery, cfg = site
    files = card_files(gallery, cfg)
    by_path = {f.path: f for f in files}
    cards = {Urls.social_card(a.id) for a in gallery.awards}
    assert set(by_path) == cards | {Urls.badge_png("first-steps")}  # PNG badges need no copy
    assert all(f.path.endswith(".png") and f.data.startswith(b"\x89PNG\r\n") for f in files)
    for path in cards:
        assert _size(by_path[path].data) == (CARD_WIDTH, CARD_HEIGHT)
    assert _size(by_path[Urls.badge_png("first-steps")].data) == (BADGE_PNG_SIZE, BADGE_PNG_SIZE)
    # Alongside the copied originals, no two outputs want the same path.
    collect(files, asset_files(gallery, cfg))
    assert [f.data for f in card_files(gallery, cfg)] == [f.data for f in files]


def test_non_square_svg_badges_become_square_pngs(scratch_repo: ScratchRepo) -> None:
    wide = SVG.replace('viewBox="0 0 256 256"', 'viewBox="0 0 256 200"')
    gallery, cfg = load_repo(
        scratch_repo({"content/badges/images/first-steps.svg": wide}, name="wide")
    )
    png = {f.path: f.data for f in card_files(gallery, cfg)}[Urls.badge_png("first-steps")]
    assert _size(png) == (BADGE_PNG_SIZE, BADGE_PNG_SIZE)


# Templates


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))


PANELS = """\
{% import "_share.html" as sharing with context %}
{% import "_social.html" as social_tags %}
<head>{{ social_tags.meta(social) }}{{ sharing.assets() }}</head>
{{ sharing.share_panel(share) }}
{{ sharing.showcase_share_panel(showcase) }}
"""


@pytest.mark.parametrize("language", ["en", "fr"])
def test_panels_render(site: tuple[Gallery, config.Config], language: str) -> None:
    gallery, cfg = site
    cfg = replace(cfg, site=replace(cfg.site, language=language))
    views = Views(gallery)
    award = views.award(gallery.award(AWARD_ID))
    share = award_share(award, BASE_URL, cfg.site.title, language=language)
    html = (
        environment(cfg)
        .from_string(PANELS)
        .render(
            root="../../",
            share=share,
            social=award_social(award, BASE_URL, cfg.site.title, language=language),
            showcase=showcase_share(
                views.earner(gallery.earner("camille")), BASE_URL, language=language
            ),
        )
    )
    parser = _Elements()
    parser.feed(html)
    elements = parser.elements
    ids = [a["id"] for _t, a in elements if a.get("id")]
    assert len(ids) == len(set(ids)), "duplicate ids"
    fields = {a["id"]: (t, a) for t, a in elements if t in ("input", "textarea")}
    buttons = [a for t, a in elements if t == "button" and "copy-button" in (a.get("class") or "")]
    assert len(buttons) == 7
    for button in buttons:
        assert button["type"] == "button" and "hidden" in button
        _tag, attrs = fields[button["data-copy-target"] or ""]
        assert "readonly" in attrs
        assert button["data-copied-label"] == ("Copié" if language == "fr" else "Copied")
    assert fields["share-link"][1]["value"] == share["page_url"]
    assert str(escape(share["signature_html"])) in html  # escaped in the textarea...
    assert share["signature_html"] in html  # ...and shown as is in the preview
    linkedin = [
        a for t, a in elements if t == "a" and a.get("class") == "share-button share-linkedin-add"
    ]
    assert [a["href"] for a in linkedin] == [share["linkedin_add_url"]]
    meta = {a.get("property") or a.get("name"): a["content"] for t, a in elements if t == "meta"}
    assert meta["og:image"] == meta["twitter:image"] == BASE_URL + Urls.social_card(AWARD_ID)
    assert meta["og:image:width"] == "1200" and meta["twitter:card"] == "summary_large_image"
    assert meta["og:url"] == PAGE_URL
    qr = [
        a for t, a in elements if t == "img" and a.get("src") == "../../" + Urls.qr_code(AWARD_ID)
    ]
    assert len(qr) == 1 and qr[0]["alt"]
    scripts = [a["src"] for t, a in elements if t == "script"]
    assert scripts == ["../../static/share.js"]


def test_every_sharing_string_has_a_french_translation() -> None:
    """The share catalog (merged with messages.po) covers the panels, tags, links and cards."""
    sources = {
        "themes/default/templates/_share.html": "jinja2",
        "themes/default/templates/_social.html": "jinja2",
        "badgegen/site/share.py": "python",
        "badgegen/site/cards.py": "python",
    }
    catalogs = [
        read_po(io.BytesIO(po.read_bytes()), locale="fr")
        for po in sorted((REPO_ROOT / "badgegen/locale/fr/LC_MESSAGES").glob("*.po"))
    ]
    missing = []
    for path, method in sources.items():
        for _line, message, _comments, _context in extract_from_file(
            method,
            str(REPO_ROOT / path),
            keywords={"_": None, "gettext": None, "ngettext": (1, 2)},
            options={"extensions": "jinja2.ext.i18n"} if method == "jinja2" else None,
        ):
            msgid = message[0] if isinstance(message, tuple) else message
            entries = [entry for c in catalogs if (entry := c.get(msgid))]
            strings = [e.string if isinstance(e.string, tuple) else (e.string,) for e in entries]
            if not any(all(s) for s in strings):
                missing.append(message)
    assert missing == []
