"""What the Open Badges writers share: dates, JSON files, and a builder bound to one gallery."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from badgegen.config import Config
from badgegen.content.model import Gallery
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
    return OutputFile(path, text.encode("utf-8"), "application/ld+json", stage)


class DocumentBuilder:
    """Base of the builders of one gallery's documents; their methods are pure."""

    def __init__(self, gallery: Gallery, config: Config) -> None:
        self.gallery = gallery
        self.config = config
        self.urls = Urls(config.site.base_url)

    def url(self, path: str) -> str:
        return self.urls.absolute(path)
