"""Check that every internal link and image of a built site points at a file that exists."""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and name in ("href", "src", "poster") and tag != "base":
                self.links.append(value)
            if value and name == "content" and ("url=" in value.lower()) and tag == "meta":
                self.links.append(value.split("=", 1)[1].strip())


def links_of(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.links


def broken_links(site: Path) -> list[str]:
    """`page -> link` for every internal link that does not resolve to a file in `site`."""
    broken: list[str] = []
    for page in sorted(site.rglob("*.html")):
        rel_page = page.relative_to(site).as_posix()
        for link in links_of(page.read_text(encoding="utf-8")):
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith(("#", "mailto:", "tel:", "data:")):
                continue
            target = posixpath.normpath(
                posixpath.join(posixpath.dirname(rel_page), unquote(parts.path))
            )
            if target.startswith(".."):
                broken.append(f"{rel_page} -> {link} (leaves the site)")
                continue
            path = site / target
            if path.is_dir():
                path = path / "index.html"
            if not path.is_file():
                broken.append(f"{rel_page} -> {link}")
    return broken
