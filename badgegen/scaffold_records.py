"""Where `badgegen new` puts a record, and the values of its template's `{{markers}}`.

Slugs given as options must name existing records, so that a typo fails when the file is
written rather than at build time; an earner's email is kept only as `email_hash` + `salt`.
Awards and endorsements are filed by year under a new id; evidence goes under its award's id.
"""

from __future__ import annotations

import json
import uuid
from datetime import date
from pathlib import Path

from badgegen.config import shown_path
from badgegen.content.discover import discover
from badgegen.content.values import SLUG_PATTERN
from badgegen.content.yamlio import scan_top_level
from badgegen.errors import UsageError
from badgegen.formats import FOLDER_OF, FOLDERS, KINDS, is_record_file
from badgegen.identity import hash_email, is_email, new_salt
from badgegen.suggest import suggest_or

TEMPLATE: dict[str, str] = {kind: f"{kind}{FOLDERS[FOLDER_OF[kind]][1][0]}" for kind in KINDS}
"""`templates/<lang>/<kind>.md|.yml`: the first suffix the kind's folder accepts."""

WORDS = {
    "fr": {"mark": "  # ← à remplacer", "issuer": "mon-organisation", "badge": "mon-badge",
           "earner": "prenom-nom", "evidence": "preuve", "evidence_name": "Photo de l'atelier"},
    "en": {"mark": "  # ← replace", "issuer": "my-organization", "badge": "my-badge",
           "earner": "first-last", "evidence": "evidence", "evidence_name": "Photo of the workshop"},
}  # fmt: skip
"""Per-language placeholder slugs, used when an option is not given, and the "replace me" mark."""


def named(
    root: Path,
    content: Path,
    kind: str,
    slug: str | None,
    lang: str,
    *,
    email: str | None,
    issuer: str | None,
) -> tuple[Path, dict[str, str]]:
    """Path and marker values of an issuer, badge or earner: records named by their slug."""
    slug = _check_new_slug(root, content, kind, slug)
    words = slug.replace("-", " ")
    title = words.capitalize()
    values = {
        "slug": slug,
        "title": title,
        "name": _quote(title if kind == "badge" else words.title()),
    }
    if kind == "issuer":
        values["email"] = f"email: {_quote(check_email(email))}" if email else _COMMENTED_EMAIL
    elif kind == "earner":
        values["identity"] = _identity(email)
    else:
        values |= _reference(content, "issuer", issuer, ("issuers", "earners"), lang, "issuer")
    return content / FOLDER_OF[kind] / f"{slug}{Path(TEMPLATE[kind]).suffix}", values


def dated(
    content: Path,
    folder: str,
    today: date,
    lang: str,
    who: str | None,
    who_option: str,
    badge: str | None,
) -> tuple[Path, dict[str, str]]:
    """Path and marker values of an award or endorsement: a new id, filed by year and date."""
    record_id = new_id()
    marker = "earner" if folder == "awards" else "endorser"
    values = {"id": record_id}
    values |= _reference(content, "badge", badge, ("badges",), lang, "badge")
    where = ("earners",) if folder == "awards" else ("issuers", "earners")
    values |= _reference(content, marker, who, where, lang, who_option)
    stem = f"{today.isoformat()}-{who}-{badge}" if who and badge else record_id[:8]
    return content / folder / f"{today.year:04d}" / f"{stem}.yml", values


def evidence(
    root: Path, content: Path, today: date, lang: str, award: str | None
) -> tuple[Path, dict[str, str]]:
    """Path and marker values of a piece of evidence added to an award: a file of its own under
    `evidence/<award id>/`, named by its date, so that adding one never edits the award."""
    if award is None:
        raise UsageError("new evidence needs --award ID: the id of the award it enriches")
    sources, _problems = discover(root, content)
    known = {
        scan_top_level(source, ("id",)).get("id", "").strip("'\"")
        for source in sources
        if source.kind == "award"
    }
    if award not in known:
        hint = suggest_or(award, sorted(known), "copy the id: line of the award's file")
        raise UsageError(f"--award: no award has the id {award!r} in awards/; {hint}")
    folder = content / FOLDER_OF["evidence"] / award
    stem = f"{today.isoformat()}-{WORDS[lang]['evidence']}"
    path = folder / f"{stem}.yml"
    number = 2
    while path.exists():
        path, number = folder / f"{stem}-{number}.yml", number + 1
    rel = f"evidence/{award}"
    values = {
        "award": award,
        "name": _quote(WORDS[lang]["evidence_name"]),
        "file": f"{rel}/{path.stem}.jpg",
        "folder": rel,
    }
    return path, values


def new_id() -> str:
    """A permanent record id: a random UUID4, unguessable and unique without coordination."""
    return str(uuid.uuid4())


_COMMENTED_EMAIL = "# email: contact@example.org"


def check_email(email: str, option: str = "--email") -> str:
    # The address is not repeated in the message: it may be someone else's, and logs travel.
    if not is_email(email):
        raise UsageError(f"{option} is not a valid email address (like name@example.org)")
    return email.strip()


def _identity(email: str | None) -> str:
    if email is None:
        return '# email_hash: "sha256$…"\n# salt: "…"'
    address = check_email(email)
    salt = new_salt()
    return f'email_hash: "{hash_email(address, salt)}"\nsalt: "{salt}"'


def _check_slug(slug: str | None, what: str) -> str:
    if not slug or not SLUG_PATTERN.match(slug):
        raise UsageError(
            f"{what} {slug!r} is not a valid slug: use lowercase letters, digits and single "
            "hyphens, like camille-martin"
        )
    return slug


def _check_new_slug(root: Path, content: Path, kind: str, slug: str | None) -> str:
    """The slug, checked for form and for uniqueness (issuers and earners share one namespace)."""
    slug = _check_slug(slug, f"the {kind} name")
    folders = ("issuers", "earners") if kind in ("issuer", "earner") else (FOLDER_OF[kind],)
    for folder in folders:
        for path in _records(content / folder):
            if path.stem == slug:
                raise UsageError(
                    f"{shown_path(path, root)} already uses the name {slug!r}: choose another"
                )
    return slug


def _reference(
    content: Path,
    marker: str,
    slug: str | None,
    folders: tuple[str, ...],
    lang: str,
    option: str,
) -> dict[str, str]:
    """Values of `{{marker}}` and its mark: an existing slug, or a placeholder marked to replace.

    `option` names the command-line option in messages and picks the placeholder word.
    """
    if slug is None:
        return {marker: WORDS[lang][option], f"{marker}_mark": WORDS[lang]["mark"]}
    _check_slug(slug, f"--{option}")
    known = sorted({path.stem for folder in folders for path in _records(content / folder)})
    if slug not in known:
        hint = suggest_or(slug, known, f"known: {', '.join(known) or 'none'}")
        where = " or ".join(f"{folder}/" for folder in folders)
        raise UsageError(f"--{option}: no {slug!r} in {where}; {hint}")
    return {marker: slug, f"{marker}_mark": ""}


def _records(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return [path for path in folder.iterdir() if is_record_file(path)]


def _quote(text: str) -> str:
    """A YAML double-quoted string (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)
