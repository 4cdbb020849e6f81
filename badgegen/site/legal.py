"""The view of the "Legal notice and data" page, from `[legal]` in badgegen.toml."""

from __future__ import annotations

from typing import TypedDict

from badgegen.config import Config
from badgegen.identity import is_email


class LegalView(TypedDict):
    publisher: str
    director: str
    address: str
    contact: str
    """An email address or an https:// URL (a contact form)."""
    contact_href: str
    """`mailto:` link or the URL."""
    host: str
    response_days: int


def legal_view(config: Config) -> LegalView:
    legal = config.legal
    contact = legal.contact or config.site.contact_email
    return {
        "publisher": legal.publisher or config.site.title,
        "director": legal.director,
        "address": legal.address,
        "contact": contact,
        "contact_href": f"mailto:{contact}" if is_email(contact) else contact,
        "host": legal.host,
        "response_days": legal.response_days,
    }
