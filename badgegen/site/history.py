"""How an award grew, for its page: its evidence as shown, and the dated timeline of its life.

A badge is meant to grow after it is awarded (evidence added later, endorsements received), so
the award page tells when each thing happened: issued, each piece of evidence added, each
endorsement received, and revoked or expired. Texts are chosen by `kind` in the templates, so
that they are translated there like every other text of the theme.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import PurePosixPath
from typing import Literal, TypedDict

from badgegen.content.evidence import Evidence
from badgegen.content.markdown import render_markdown
from badgegen.content.model import Award, Gallery
from badgegen.urls import Urls

EventKind = Literal["issued", "evidence", "endorsement", "expired", "revoked"]
ORDER: dict[str, int] = {"issued": 0, "evidence": 1, "endorsement": 2, "expired": 3, "revoked": 4}
"""Events of the same day, in the order they follow from each other."""
TEXT = (".txt", ".md")


class EvidenceView(TypedDict):
    anchor: str
    """The id of the piece on the award page, for links from the timeline."""
    name: str
    description: str
    kind: str
    """image | audio | video | document | link."""
    media_type: str
    href: str
    """A site path (file evidence) or an absolute URL (link evidence)."""
    external: bool
    added_on: datetime | None
    later: bool
    """Added after the award's own day."""
    alt: str
    """What a picture shows ("" when not given)."""
    captions: str
    """Site path of a video's WebVTT captions, "" when none."""
    transcript_html: str
    """What is said in a recording, as sanitized HTML ("" when none)."""
    format: str
    """A document's type: `PDF`, or `text` for plain text and Markdown; "" for the others."""
    size: int
    """The file's size in bytes (0 for a link)."""


class EventView(TypedDict):
    kind: EventKind
    date: datetime
    name: str
    """The piece of evidence, or the endorser ("" for the other kinds)."""
    path: str
    """Where `name` leads: the piece's anchor on the page (`#…`), or the endorser's page."""
    detail: str
    """The revocation's reason ("" for the other kinds)."""
    count: int
    """For `issued`: how many pieces of evidence came with the award."""


def evidence_view(item: Evidence, index: int, issued_on: datetime) -> EvidenceView:
    suffix = PurePosixPath(item.file or "").suffix.lower()
    return {
        "anchor": f"evidence-{index + 1}",
        "name": item.name,
        "description": item.description or "",
        "kind": item.kind,
        "media_type": item.media_type,
        "href": Urls.evidence_file(item.file) if item.file else item.url or "",
        "external": item.file is None,
        "added_on": item.added_on,
        "later": item.added_on is not None and item.added_on.date() > issued_on.date(),
        "alt": item.alt,
        "captions": Urls.evidence_file(item.captions) if item.captions else "",
        "transcript_html": render_markdown(item.transcript) if item.transcript else "",
        "format": ("text" if suffix in TEXT else suffix.lstrip(".").upper())
        if item.kind == "document"
        else "",
        "size": item.size,
    }


def _event(
    kind: EventKind,
    date: datetime,
    name: str = "",
    path: str = "",
    detail: str = "",
    count: int = 0,
) -> EventView:
    return {
        "kind": kind,
        "date": date,
        "name": name,
        "path": path,
        "detail": detail,
        "count": count,
    }


def timeline(
    gallery: Gallery, award: Award, evidence: list[EvidenceView], endorser_paths: dict[str, str]
) -> list[EventView]:
    """The award's life, oldest first; `endorser_paths` gives each endorser's page ("" when
    they have none to link)."""
    events = [_event("issued", award.issued_on, count=sum(not e["later"] for e in evidence))]
    events += [
        _event("evidence", e["added_on"], e["name"], "#" + e["anchor"])
        for e in evidence
        if e["later"] and e["added_on"]
    ]
    for endorsement in gallery.endorsements_of("award", award.id):
        who = gallery.party(endorsement.endorser)
        events.append(
            _event(
                "endorsement",
                endorsement.issued_on,
                who.name,
                endorser_paths.get(endorsement.endorser, ""),
            )
        )
    if award.revoked:
        events.append(_event("revoked", award.revoked.date, detail=award.revoked.reason))
    elif award.is_expired(gallery.now) and award.expires:
        events.append(_event("expired", award.expires))
    return sorted(events, key=lambda e: (e["date"].date(), ORDER[e["kind"]]))


def enriched_on(gallery: Gallery, award: Award) -> datetime | None:
    """The last day the award grew after its own day, None when nothing came later."""
    latest = gallery.enriched_on(award)
    return latest if latest.date() > award.issued_on.date() else None
