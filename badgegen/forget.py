"""`badgegen forget EARNER`: the right to be forgotten, without breaking a published award URL.

The earner's file becomes a tombstone under a new, meaningless slug (`forgotten-<hex>.yml`:
`forgotten: <date>`, `showcase: private`, no name, no email hash, no bio, no links). Each of their
awards is rewritten with only its id, badge, dates and a `revoked:` entry, under a file name
without their name, and points at the tombstone. Evidence files used only by their awards, and
endorsements written by them or of their awards, are deleted, and so is their photo unless
another record shows the same file.

What stays public is what keeps their award URLs honest, and none of it names anyone: each award
page says that the badge was revoked; its Open Badges 2.0 assertion is the short "revoked" form;
its bit in the issuer's status list is set. Signed 3.0 credentials and baked images of these
awards stay at their URLs too: they carry a salted hash, never a name or an address, and now fail
verification as revoked.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from badgegen import build
from badgegen.config import Config, shown_path
from badgegen.content.model import Award, Gallery
from badgegen.errors import UsageError
from badgegen.speech import Speech

REASON = {
    "fr": "Effacé à la demande de la personne",
    "en": "Removed at the holder's request",
}
"""The revocation reason published in the 2.0 assertion: it names no one."""


@dataclass(frozen=True, slots=True)
class Forgotten:
    slug: str
    tombstone: Path
    awards: list[str] = field(default_factory=list)
    """Ids of the awards now revoked (or already revoked, and stripped)."""
    written: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)


def _award_text(award: Award, slug: str, today: date, language: str) -> str:
    lines = [
        f"id: {award.id}",
        f"badge: {award.badge}",
        f"earner: {slug}",
        f"issued_on: {award.issued_on.date().isoformat()}",
    ]
    if award.expires is not None:
        lines.append(f"expires: {award.expires.date().isoformat()}")
    revoked_on = award.revoked.date.date() if award.revoked else today
    lines += ["revoked:", f"  date: {revoked_on.isoformat()}", f"  reason: {REASON[language]}"]
    return "\n".join(lines) + "\n"


def _tombstone_text(today: date) -> str:
    return (
        "# An earner who asked to be forgotten (badgegen forget). Their awards stay revoked, so\n"
        "# that their published URLs keep answering; nothing here or there names them.\n"
        f"forgotten: {today.isoformat()}\n"
        "showcase: private\n"
    )


def _plan(gallery: Gallery, slug: str) -> tuple[list[Award], list[str], list[str]]:
    """Their awards, the evidence files only they use, and the endorsement and evidence
    record files to delete."""
    awards = gallery.awards_of_earner(slug)
    ids = {a.id for a in awards}

    def used(award_ids: bool) -> set[str]:
        return {
            name
            for a in gallery.awards
            if (a.id in ids) == award_ids
            for e in a.evidence
            for name in (e.file, e.captions)
            if name
        }

    theirs, others = used(True), used(False)
    endorsements = [
        e.source
        for e in gallery.endorsements
        if e.endorser == slug or (e.target_kind == "award" and e.target in ids)
    ]
    # evidence added in files of their own goes with them
    endorsements += sorted(
        {e.source for a in awards for e in a.evidence if e.source and e.source != a.source}
    )
    return awards, sorted(theirs - others), endorsements


def _shared_picture(gallery: Gallery, slug: str, photo: Path) -> bool:
    """Whether another record shows the same file (then it stays, and only their link to it goes)."""
    wanted = photo.resolve()
    others = [e.photo for e in gallery.earners if e.slug != slug]
    others += [i.image for i in gallery.issuers] + [b.image for b in gallery.badges]
    return any(path is not None and path.resolve() == wanted for path in others)


def forget(config: Config, slug: str, *, today: date | None = None) -> Forgotten:
    """Rewrite the content so that `slug` is forgotten (see the module doc); UsageError when
    they cannot be (unknown, already forgotten, or issuing badges that others hold)."""
    today = today or datetime.now(UTC).date()
    gallery, _loaded = build.load_gallery(config, build.utc_now())
    try:
        earner = gallery.earner(slug)
    except KeyError:
        raise UsageError(f"no earner {slug!r} in {config.build.content}/earners/") from None
    if earner.forgotten is not None:
        raise UsageError(f"{slug!r} is already forgotten")
    issued = [b.slug for b in gallery.badges if b.issuer == slug]
    if issued:
        raise UsageError(
            f"{slug} issues badges ({', '.join(issued)}): give them another issuer, or remove "
            "them, before forgetting this earner"
        )
    awards, evidence, endorsements = _plan(gallery, slug)
    new_slug = f"forgotten-{secrets.token_hex(4)}"
    root = config.root
    tombstone = root / Path(earner.source).parent / f"{new_slug}.yml"
    written: dict[Path, str] = {tombstone: _tombstone_text(today)}
    removed = [root / earner.source]
    for award in awards:
        old = root / award.source
        new = old.parent / f"{award.issued_on.date().isoformat()}-{award.id[:8]}.yml"
        written[new] = _award_text(award, new_slug, today, config.site.language)
        if new != old:
            removed.append(old)
    removed += [config.content_dir / rel for rel in evidence]
    if earner.photo is not None and not _shared_picture(gallery, slug, earner.photo):
        removed.append(earner.photo)
    removed += [root / rel for rel in endorsements]
    for path, text in written.items():
        path.write_text(text, encoding="utf-8")
    for path in removed:
        path.unlink(missing_ok=True)
    # The endorsements removed were published: content/published.yml withdraws their ids (they
    # named the person), and keeps the awards, whose URLs still answer.
    after = build.load(config, build.utc_now(), allow_removal=True)
    if not after.errors:
        build.record_published(config, after, forget=True)
    return Forgotten(slug, tombstone, [a.id for a in awards], list(written), removed)


def format_forgotten(result: Forgotten, root: Path, words: Speech) -> str:
    """What `forget` did, and what must stay public and why, in the repository's language."""
    shown = [shown_path(p, root) for p in result.removed]
    out = [
        words.count(
            "%(slug)s is forgotten: %(num)d award revoked, their file replaced by %(file)s.",
            "%(slug)s is forgotten: %(num)d awards revoked, their file replaced by %(file)s.",
            len(result.awards),
            slug=result.slug,
            file=shown_path(result.tombstone, root),
        ),
        *[f"  awards/{award_id}/" for award_id in result.awards],
        words._("Deleted:"),
        *[f"  {path}" for path in shown],
        words._("What stays public, and why (none of it carries a name):"),
        "  "
        + words._(
            "the award pages (awards/ID/): they only say that the badge was revoked. A "
            "published award URL never disappears: whoever follows an old link or scans a "
            "printed QR code learns that the badge is no longer valid."
        ),
        "  "
        + words._(
            "the Open Badges 2.0 assertions (awards/ID/assertion.json), in the short “revoked” "
            "form that every verifier refuses, with no recipient."
        ),
        "  "
        + words._(
            "the bits of these awards in their issuers' status lists, now set: a list of "
            "numbers, so that signed copies already handed out fail verification."
        ),
        "  "
        + words._(
            "the signed credentials and baked images of these awards: they hold a salted hash, "
            "never a name or an address."
        ),
        words._(
            "Next: build and publish the site. Older versions of these files stay in the git "
            "history; to erase them there too, rewrite it (for example with git filter-repo)."
        ),
    ]
    return "\n".join(out)
