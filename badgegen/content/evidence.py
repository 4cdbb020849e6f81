"""Evidence that grows: one piece of evidence in the model, and the rules it follows.

A piece of evidence lives in an award's `evidence:` list or in a file of its own under
`content/evidence/` that names the award (`award: <id>`), so that an earner's pull request adds a
file instead of editing the issuer's. Either way it is dated (`added_on`, by default the award's
date), never before the award and never in the future.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from badgegen.content.media import media_kind, media_type
from badgegen.content.yamlio import RawRecord
from badgegen.errors import Problem


@dataclass(frozen=True, slots=True)
class Evidence:
    name: str
    description: str | None
    file: str | None
    """Path relative to content/."""
    url: str | None
    added_on: datetime | None = None
    """When it was added (the award's date unless `added_on:` says later)."""
    alt: str = ""
    """What a picture shows, for people who cannot see it."""
    captions: str | None = None
    """A WebVTT captions file of a video, relative to content/."""
    transcript: str = ""
    """What is said in a sound or video recording (Markdown)."""
    source: str = ""
    """The record file it comes from: the award's, or an evidence file of its own."""
    size: int = 0
    """The file's size in bytes (0 for a link)."""

    @property
    def media_type(self) -> str:
        return media_type(self.file) if self.file else "text/html"

    @property
    def kind(self) -> str:
        return media_kind(self.file) if self.file else "link"


PLAYED = ("audio", "video")
"""Kinds of evidence that a transcript may go with."""


def item_problems(
    raw: RawRecord,
    prefix: str,
    written: Mapping[str, Any],
    values: Mapping[str, Any],
    award_date: datetime | None,
    today: datetime,
) -> list[Problem]:
    """Phase 1 rules of one piece of evidence: `written` as in the file, `values` as parsed.

    `prefix` locates its fields (`evidence[1].` in an award, "" in an evidence file);
    `award_date` is None when the award's date is not known here (an evidence file: phase 2).
    """
    problems: list[Problem] = []
    at = prefix.rstrip(".")
    # as written, so that a file path refused by its own check is not also "missing"
    if (written.get("file") is None) == (written.get("url") is None):
        problems.append(
            raw.problem(
                at,
                "each evidence item needs exactly one of `file` or `url`",
                "use `file:` for a file under content/, `url:` for a web page",
            )
        )
    added = values.get("added_on")
    if added and added > today:
        problems.append(
            raw.problem(
                f"{prefix}added_on",
                f"added_on {added.date()} is in the future",
                "date it today or earlier",
            )
        )
    if added and award_date and added < award_date:
        problems.append(before_award(raw, f"{prefix}added_on", added, award_date))
    if "file" in written or "url" in written:
        problems += _media_problems(raw, prefix, written, values)
    return problems


def _media_problems(
    raw: RawRecord, prefix: str, written: Mapping[str, Any], values: Mapping[str, Any]
) -> list[Problem]:
    """What a piece of evidence needs for its kind of file: captions for a video, a transcript
    only for sound or video, alt text for a picture."""
    problems: list[Problem] = []
    kind = media_kind(values["file"]) if "file" in values else "link"
    if "captions" in values:
        if kind != "video":
            problems.append(
                raw.problem(
                    f"{prefix}captions",
                    "captions go with a video file",
                    "remove `captions:`, or give it to a video (.mp4, .webm)",
                )
            )
        elif not str(values["captions"]).lower().endswith(".vtt"):
            problems.append(
                raw.problem(
                    f"{prefix}captions",
                    "captions must be a WebVTT file (.vtt)",
                    "save the subtitles as WebVTT (most subtitle editors export it)",
                )
            )
    if "transcript" in values and kind not in PLAYED:
        problems.append(
            raw.problem(
                f"{prefix}transcript",
                "a transcript goes with a sound or video file",
                "use `description:` to describe other evidence",
            )
        )
    if kind == "image" and "alt" not in written:
        problems.append(
            raw.problem(
                f"{prefix}file",
                "this picture has no alt text",
                "add `alt:` saying what it shows, for people who cannot see it",
                warning=True,
            )
        )
    return problems


def before_award(raw: RawRecord, key: str, added: datetime, award_date: datetime) -> Problem:
    return raw.problem(
        key,
        f"added_on {added.date()} is before the award's date ({award_date.date()})",
        "evidence is added on the day of the award or later: use that date or a later one",
    )


def evidence_item(
    values: Mapping[str, Any], issued_on: datetime, source: str, sizes: Mapping[str, int]
) -> Evidence:
    """One piece of evidence as the model keeps it, from its validated fields."""
    return Evidence(
        name=values["name"],
        description=values.get("description"),
        file=values.get("file"),
        url=values.get("url"),
        added_on=values.get("added_on") or issued_on,
        alt=values.get("alt", ""),
        captions=values.get("captions"),
        transcript=values.get("transcript", ""),
        source=source,
        size=sizes.get(values.get("file") or "", 0),
    )


def dated(items: list[Evidence]) -> tuple[Evidence, ...]:
    """Oldest first; pieces of the same day keep the order they are written in."""
    return tuple(sorted(items, key=lambda e: e.added_on or datetime.min))
