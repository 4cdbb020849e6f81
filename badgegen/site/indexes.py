"""What robots and feed readers read: `sitemap.xml`, `robots.txt` and the Atom feed of awards.

They list only listed pages: the pages of public earners and their awards, badges, issuers and
the site's own pages. Unlisted and private earners, their awards, redirects, print pages and the
404 page are never named here. That is also why `robots.txt` has no `Disallow` line: a list of
paths not to index would be a list of what is hidden. Unlisted pages say `noindex` themselves.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime
from xml.sax.saxutils import escape

from badgegen.config import Config
from badgegen.content.model import Award, Gallery
from badgegen.outputs import OutputFile
from badgegen.site.i18n import translations
from badgegen.site.typography import french_text
from badgegen.urls import Urls

STAGE = "site.indexes"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
ATOM_NS = "http://www.w3.org/2005/Atom"
FEED_ENTRIES = 50
"""The newest awards in the feed; readers keep what they have seen before."""


def listed_awards(gallery: Gallery) -> list[Award]:
    """Awards of listed earners, not revoked, newest first."""
    awards = [a for a in gallery.awards if gallery.earner(a.earner).is_listed and a.revoked is None]
    return sorted(awards, key=lambda a: (a.issued_on, a.id), reverse=True)


def listed_pages(gallery: Gallery) -> list[tuple[str, datetime | None]]:
    """Site path and last change (when known) of every page that may be indexed."""
    pages: list[tuple[str, datetime | None]] = [("", None)]
    pages += [(Urls.badge_page(b.slug), None) for b in gallery.badges]
    pages += [(Urls.issuer_page(i.slug), None) for i in gallery.issuers]
    for earner in gallery.earners:
        if earner.is_listed:
            dates = [a.issued_on for a in gallery.awards_of_earner(earner.slug)]
            pages.append((Urls.earner_page(earner.slug), max(dates) if dates else None))
    pages += [(Urls.award_page(a.id), a.issued_on) for a in listed_awards(gallery)]
    pages += [(Urls.explainer_page, None), (Urls.endorsements_page, None), (Urls.legal_page, None)]
    return pages


def _xml(root: ET.Element) -> bytes:
    ET.indent(root)
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data + b"\n"


def sitemap(gallery: Gallery, config: Config) -> bytes:
    """The sitemap, written as text (as `_xml` would write it): a site of 10,000 awards lists
    12,000 pages, which ElementTree would first build and indent as objects, every build."""
    urls = Urls(config.site.base_url)
    lines = ["<?xml version='1.0' encoding='utf-8'?>", f'<urlset xmlns="{SITEMAP_NS}">']
    for path, changed in listed_pages(gallery):
        lines.append(f"  <url>\n    <loc>{escape(urls.absolute(path))}</loc>")
        if changed is not None:
            lines.append(f"    <lastmod>{changed.date().isoformat()}</lastmod>")
        lines.append("  </url>")
    lines.append("</urlset>\n")
    return "\n".join(lines).encode("utf-8", "xmlcharrefreplace")


def robots(config: Config) -> bytes:
    sitemap_url = Urls(config.site.base_url).absolute(Urls.sitemap)
    return f"User-agent: *\nAllow: /\n\nSitemap: {sitemap_url}\n".encode()


def _stamp(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def feed(gallery: Gallery, config: Config) -> bytes:
    """Atom 1.0 (RFC 4287): one entry per award of a listed earner, the newest first."""
    language = config.site.language
    gettext = translations(language).gettext
    typeset = french_text if language == "fr" else str
    urls = Urls(config.site.base_url)
    awards = listed_awards(gallery)[:FEED_ENTRIES]
    root = ET.Element("feed", {"xmlns": ATOM_NS, "xml:lang": config.site.language})
    ET.SubElement(root, "title").text = typeset(f"{gettext('New awards')} · {config.site.title}")
    ET.SubElement(root, "id").text = urls.absolute(Urls.feed)
    ET.SubElement(root, "link", rel="self", href=urls.absolute(Urls.feed))
    ET.SubElement(root, "link", rel="alternate", href=urls.absolute(""))
    updated = awards[0].issued_on if awards else gallery.now
    ET.SubElement(root, "updated").text = _stamp(updated)
    author = ET.SubElement(root, "author")
    ET.SubElement(author, "name").text = config.legal.publisher or config.site.title
    for award in awards:
        badge = gallery.badge(award.badge)
        names = {
            "earner": gallery.earner(award.earner).name,
            "badge": badge.name,
            "issuer": gallery.party(badge.issuer).name,
        }
        entry = ET.SubElement(root, "entry")
        ET.SubElement(entry, "title").text = f"{names['badge']} — {names['earner']}"
        ET.SubElement(entry, "id").text = urls.absolute(Urls.award_page(award.id))
        ET.SubElement(entry, "link", rel="alternate", href=urls.absolute(Urls.award_page(award.id)))
        ET.SubElement(entry, "updated").text = _stamp(award.issued_on)
        ET.SubElement(entry, "published").text = _stamp(award.issued_on)
        ET.SubElement(entry, "summary").text = typeset(
            gettext("%(issuer)s awarded the open badge “%(badge)s” to %(earner)s.") % names
        )
    return _xml(root)


def index_files(gallery: Gallery, config: Config) -> list[OutputFile]:
    return [
        OutputFile(Urls.sitemap, sitemap(gallery, config), stage=STAGE),
        OutputFile(Urls.robots, robots(config), stage=STAGE),
        OutputFile(Urls.feed, feed(gallery, config), stage=STAGE),
    ]
