"""Every public path and URL of the site. Award URLs depend on the award's permanent id only.

Paths are relative to the site root (`badges/premiers-pas/`); pages link to each other with
paths relative to the page, so the site works under any sub-path and from a local preview.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import quote, urlsplit


@dataclass(frozen=True, slots=True)
class Urls:
    base_url: str
    """Absolute, ends with `/`."""

    def absolute(self, path: str) -> str:
        return self.base_url + path.removeprefix("/")

    @staticmethod
    def badge_page(slug: str) -> str:
        return f"badges/{slug}/"

    @staticmethod
    def badge_image(slug: str, suffix: str) -> str:
        return f"badges/{slug}/image{suffix.lower()}"

    @staticmethod
    def issuer_page(slug: str) -> str:
        return f"issuers/{slug}/"

    @staticmethod
    def issuer_image(slug: str, suffix: str) -> str:
        return f"issuers/{slug}/image{suffix.lower()}"

    @staticmethod
    def earner_page(slug: str) -> str:
        return f"earners/{slug}/"

    @staticmethod
    def earner_photo(slug: str, suffix: str) -> str:
        return f"earners/{slug}/photo{suffix.lower()}"

    @staticmethod
    def award_page(award_id: str) -> str:
        return f"awards/{award_id}/"

    @staticmethod
    def evidence_file(content_path: str) -> str:
        """Evidence files keep their path under content/, below `files/`."""
        return f"files/{PurePosixPath(content_path).as_posix()}"

    # Sharing and paper

    @staticmethod
    def badge_png(slug: str) -> str:
        """A PNG rendering of an SVG badge image (mail clients and social networks need PNG)."""
        return f"badges/{slug}/image.png"

    @staticmethod
    def social_card(award_id: str) -> str:
        """1200×627 PNG shown when the award's link is shared (Open Graph image)."""
        return f"awards/{award_id}/card.png"

    @staticmethod
    def qr_code(award_id: str) -> str:
        """QR code (SVG) of the award's verification page, for screens and paper."""
        return f"awards/{award_id}/qr.svg"

    @staticmethod
    def print_page(award_id: str) -> str:
        """Printable A6 card and A4 certificate of an award."""
        return f"awards/{award_id}/print/"

    @staticmethod
    def short_page(code: str) -> str:
        """The short address printed on paper (`c/XXXX-XXXX/`): a page that leads to the award."""
        return f"c/{code}/"

    @staticmethod
    def showcase_qr_code(slug: str) -> str:
        """QR code (SVG) of an earner's showcase page."""
        return f"earners/{slug}/qr.svg"

    @staticmethod
    def showcase_print_page(slug: str) -> str:
        """Printable page of an earner's showcase: its QR code and each award's short address."""
        return f"earners/{slug}/print/"

    @staticmethod
    def credential_qr_code(award_id: str) -> str:
        """QR code (SVG) of the award's signed credential URL, for wallets."""
        return f"awards/{award_id}/wallet-qr.svg"

    verify_page = "verify/"

    @staticmethod
    def badge_card(slug: str) -> str:
        """1200×627 PNG preview of a badge page."""
        return f"badges/{slug}/card.png"

    @staticmethod
    def issuer_card(slug: str) -> str:
        """1200×627 PNG preview of an issuer page."""
        return f"issuers/{slug}/card.png"

    site_card = "card.png"
    """1200×627 PNG preview of the home page, and of pages without a picture of their own."""

    explainer_page = "what-is-an-open-badge/"
    endorsements_page = "endorsements/"
    legal_page = "legal/"
    """"Legal notice and data": who publishes the site, how to be hidden or removed."""
    not_found_page = "404.html"
    """Served by static hosts (GitHub and GitLab Pages) for any missing path."""
    sitemap = "sitemap.xml"
    robots = "robots.txt"
    feed = "feed.xml"
    """Atom feed of the newest awards of listed earners."""

    # Open Badges 2.0 hosted objects: every id is the URL where the JSON file lives.

    @staticmethod
    def ob2_profile(slug: str) -> str:
        """Issuer Profile of an issuer, or of an earner who issues or endorses."""
        return f"issuers/{slug}/profile.json"

    @staticmethod
    def ob2_revocation_list(slug: str) -> str:
        return f"issuers/{slug}/revocations.json"

    @staticmethod
    def ob2_badge_class(slug: str) -> str:
        return f"badges/{slug}/badge.json"

    @staticmethod
    def ob2_assertion(award_id: str) -> str:
        return f"awards/{award_id}/assertion.json"

    @staticmethod
    def ob2_endorsement(endorsement_id: str) -> str:
        return f"endorsements/{endorsement_id}.json"

    @staticmethod
    def baked_image(award_id: str, suffix: str) -> str:
        """The award's badge image with its Open Badges data baked in (`.png` or `.svg`)."""
        return f"awards/{award_id}/badge{suffix}"

    # Open Badges 3.0: signed credentials, DID documents, status lists.

    @staticmethod
    def did_document(slug: str) -> str:
        return f"issuers/{slug}/did.json"

    @staticmethod
    def status_list(slug: str) -> str:
        return f"issuers/{slug}/status-list.json"

    @staticmethod
    def achievement(slug: str) -> str:
        return f"badges/{slug}/achievement.json"

    @staticmethod
    def credential(award_id: str) -> str:
        return f"awards/{award_id}/credential.json"

    @staticmethod
    def endorsement_credential(endorsement_id: str) -> str:
        return f"endorsements/{endorsement_id}.credential.json"

    def did(self, slug: str) -> str:
        """did:web of an issuer, resolving to `<base_url>issuers/<slug>/did.json`.

        did:web maps `:` to `/` and percent-encodes a port's colon; `did.json` is appended by the
        resolver, so the DID names the folder that holds it.
        """
        parts = urlsplit(self.base_url)
        host = (parts.hostname or "") + (f"%3A{parts.port}" if parts.port else "")
        path = [quote(segment, safe="") for segment in parts.path.split("/") if segment]
        folder = Urls.did_document(slug).rsplit("/", 1)[0].split("/")
        return ":".join(["did", "web", host, *path, *folder])

    contexts_index = "contexts/index.json"
    """JSON-LD context URL → file name under `contexts/` (for the verification page)."""

    @staticmethod
    def context(file_name: str) -> str:
        return f"contexts/{file_name}"

    @staticmethod
    def static(name: str) -> str:
        return f"static/{name}"


def page_file(path: str) -> str:
    """The file that serves a page path: `badges/x/` → `badges/x/index.html`."""
    return path + "index.html" if path == "" or path.endswith("/") else path


def relative_root(file_path: str) -> str:
    """The prefix that leads from the folder of `file_path` back to the site root."""
    depth = file_path.count("/")
    return "../" * depth if depth else "./"


def relative(from_file: str, to_path: str) -> str:
    """A link from the file `from_file` to the site path `to_path`, keeping a trailing slash."""
    start = posixpath.dirname(from_file) or "."
    target = posixpath.relpath(to_path or ".", start)
    if to_path.endswith("/") or to_path == "":
        target = target + "/" if target != "." else "./"
    return target
