"""The sections of `badgegen.toml`, each key declared once as a field of its section's dataclass
(type, default, check and example), and `SCHEMA`, the table the validation reads, made from them.
"""

from __future__ import annotations

from dataclasses import MISSING, dataclass, field, fields
from typing import Any

from badgegen.config.checks import (
    Check,
    check_base_url,
    check_contact,
    check_days,
    check_email,
    check_folder,
    check_jobs,
    check_language,
    check_name,
    check_optional_text,
    check_picture,
    check_text,
)


def setting(default: Any = MISSING, *, check: Check, example: str) -> Any:
    """A key of `badgegen.toml`, declared once: its type is the field's annotation, its default
    the field's (none: the key is required), `check` says what is wrong with a value as written,
    and `example` is the line a hint suggests. The docstring below the field says what it does.
    """
    metadata = {"check": check, "example": example}
    if default is MISSING:
        return field(metadata=metadata)
    return field(default=default, metadata=metadata)


# --- the sections of badgegen.toml --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SiteConfig:
    title: str = setting(check=check_text, example='title = "Our badges"')
    """Shown in every page header and in the browser tab."""
    base_url: str = setting(
        check=check_base_url, example='base_url = "https://org.github.io/badges/"'
    )
    """Absolute URL where `output/` is served, always ending with `/` (it may have a sub-path)."""
    contact_email: str = setting(check=check_email, example='contact_email = "badges@example.org"')
    """Public address standing in for issuers and endorsers that publish none (OB 2.0 wants one)."""
    language: str = setting("fr", check=check_language, example='language = "fr"')
    """UI language: `fr` or `en`."""
    theme: str = setting("default", check=check_name, example='theme = "default"')
    """Theme name: `themes/<name>/` in the repository, falling back to the built-in default."""
    logo: str = setting(
        "", check=check_picture, example='logo = "content/issuers/images/network.svg"'
    )
    """The site's own picture (PNG, JPEG or SVG, relative to the repository root): favicon and
    link preview of the home page. "" means the picture of the issuer with the most badges."""


@dataclass(frozen=True, slots=True)
class BuildConfig:
    content: str = setting("content", check=check_folder, example='content = "content"')
    """Folder holding issuers/, badges/, earners/, awards/, endorsements/."""
    output: str = setting("output", check=check_folder, example='output = "output"')
    """Folder the site is written to (replaced atomically on each successful build)."""
    cache: str = setting(".badgegen-cache", check=check_folder, example='cache = ".badgegen-cache"')
    """Folder where signed credentials, pages, cards, QR codes and SVG renderings are kept
    between builds (git-ignored; CI restores and saves it). Deleting it only costs time."""
    jobs: int = setting(0, check=check_jobs, example="jobs = 2")
    """Processes that share the signing, rendering and drawing (`--jobs`); 0 means one per
    usable core, 1 does everything in the build's own process. The site is the same either way."""


@dataclass(frozen=True, slots=True)
class KeysConfig:
    file: str = setting(
        "keys/signing-keys.json", check=check_folder, example='file = "keys/signing-keys.json"'
    )
    """Private signing keys of every issuer (git-ignored). The BADGEGEN_SIGNING_KEY environment
    variable, holding the same content, takes precedence (for CI)."""


@dataclass(frozen=True, slots=True)
class LegalConfig:
    """The "Legal notice and data" page (`legal/`): who answers for the site and its data."""

    publisher: str = setting(
        "", check=check_text, example='publisher = "Réseau Inclusion, association loi 1901"'
    )
    """Who publishes the site (a person or an organisation); "" means the site's title."""
    director: str = setting(
        "", check=check_optional_text, example='director = "Nadia Benali, présidente"'
    )
    """The person responsible for the publication (French law asks for one), if any."""
    address: str = setting(
        "", check=check_optional_text, example='address = "12 rue des Halles, 37000 Tours"'
    )
    """The publisher's postal address, if it is to be shown."""
    contact: str = setting(
        "", check=check_contact, example='contact = "donnees@reseau-inclusion.fr"'
    )
    """Where earners write to be hidden or removed; "" means `[site] contact_email`."""
    host: str = setting(
        "", check=check_optional_text, example='host = "GitHub Pages, GitHub Inc., San Francisco"'
    )
    """Who hosts the site (name and address), e.g. "GitHub Pages, GitHub Inc., San Francisco"."""
    response_days: int = setting(30, check=check_days, example="response_days = 30")
    """How many days the publisher takes to answer a request about personal data."""


# --- the table the validation reads, made from the sections above --------------------------------


@dataclass(frozen=True, slots=True)
class Key:
    section: str
    name: str
    type: str
    """The Python type of the value, as annotated in the section's dataclass."""
    required: bool
    default: Any
    check: Check
    example: str


SECTIONS: dict[str, type[Any]] = {
    "site": SiteConfig,
    "build": BuildConfig,
    "keys": KeysConfig,
    "legal": LegalConfig,
}
"""Each `[section]` of `badgegen.toml`, in the order the messages list them."""


def _keys(section: str, cls: type[Any]) -> dict[str, Key]:
    return {
        f.name: Key(
            section,
            f.name,
            str(f.type),
            f.default is MISSING,
            None if f.default is MISSING else f.default,
            f.metadata["check"],
            f.metadata["example"],
        )
        for f in fields(cls)
    }


SCHEMA: dict[str, dict[str, Key]] = {name: _keys(name, cls) for name, cls in SECTIONS.items()}
"""section -> key -> its declaration."""
