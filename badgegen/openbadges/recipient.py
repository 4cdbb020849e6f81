"""Who an award is for, as published: a salted hash of the email, or of the showcase URL.

An earner with no email yet (a badge handed over on paper) is identified by their showcase URL;
adding an email later changes the recipient but no URL of the award.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from badgegen.content.model import Earner, derived_salt
from badgegen.identity import hash_identity
from badgegen.urls import Urls


@dataclass(frozen=True, slots=True)
class Recipient:
    type: Literal["email", "url"]
    identity: str
    """`sha256$<hex>`."""
    salt: str


def recipient(earner: Earner, urls: Urls) -> Recipient:
    if earner.identity is not None:
        return Recipient("email", earner.identity.hash, earner.identity.salt)
    salt = derived_salt(earner.slug)
    return Recipient("url", hash_identity(urls.absolute(Urls.earner_page(earner.slug)), salt), salt)
