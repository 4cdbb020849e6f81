"""What the Open Badges writers share: dates, JSON files, and a builder bound to one gallery."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from badgegen.config import Config
from badgegen.content.evidence import Evidence
from badgegen.content.model import Award, Gallery
from badgegen.outputs import OutputFile
from badgegen.urls import Urls

JsonObject = dict[str, Any]


def timestamp(value: datetime) -> str:
    """ISO 8601 in UTC with whole seconds and a `Z`, as every verifier accepts."""
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def json_file(path: str, document: JsonObject, stage: str) -> OutputFile:
    """UTF-8 JSON served as JSON-LD. `&` is written `\\u0026` (the same JSON string): a wallet
    that decodes HTML entities in fetched bodies cannot then turn text like `&amp;` into `&`."""
    text = json.dumps(document, ensure_ascii=False, indent=2).replace("&", "\\u0026") + "\n"
    return OutputFile(path, text.encode("utf-8"), stage=stage)


class DocumentBuilder:
    """Base of the builders of one gallery's documents; their methods are pure."""

    def __init__(self, gallery: Gallery, config: Config) -> None:
        self.gallery = gallery
        self.config = config
        self.urls = Urls(config.site.base_url)

    def url(self, path: str) -> str:
        return self.urls.absolute(path)

    def evidence(self, award: Award, typed: bool) -> list[JsonObject]:
        """Every piece of evidence of an award, oldest first, in 2.0 or (`typed`) 3.0 form.

        Neither standard's Evidence has a date field, so the day each piece was added is
        written at the start of its `narrative`, followed by the transcript of a recording."""
        return [self._evidence_item(item, typed) for item in award.evidence]

    def _evidence_item(self, item: Evidence, typed: bool) -> JsonObject:
        added = ADDED_ON.get(self.config.site.language, ADDED_ON["en"])
        narrative = added.format(date=item.added_on.date().isoformat()) if item.added_on else ""
        if item.transcript:
            narrative += "\n\n" + item.transcript
        document: JsonObject = {
            "id": item.url or self.url(Urls.evidence_file(item.file or "")),
            **({"type": ["Evidence"]} if typed else {}),
            "name": item.name,
        }
        if item.description:
            document["description"] = item.description
        if narrative:
            document["narrative"] = narrative
        return document


ADDED_ON = {"en": "Added on {date}.", "fr": "Ajoutée le {date}."}
"""How the day a piece of evidence was added is written in its `narrative`."""
