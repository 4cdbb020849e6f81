"""1EdTech's Open Badges 3.0 JSON Schemas (shipped in `schemas/`): every credential is checked
against them before it is written."""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

from jsonschema import Draft201909Validator

SCHEMAS = {
    "OpenBadgeCredential": "achievementcredential.json",
    "AchievementCredential": "achievementcredential.json",
    "EndorsementCredential": "endorsementcredential.json",
}


@cache
def _validator(name: str) -> Draft201909Validator:
    text = files("badgegen.openbadges").joinpath("schemas", name).read_text(encoding="utf-8")
    return Draft201909Validator(json.loads(text))


def schema_problems(document: dict[str, Any]) -> list[str]:
    """What the 1EdTech schema finds wrong with a credential (empty when it conforms)."""
    types = document.get("type", [])
    name = next((SCHEMAS[t] for t in types if t in SCHEMAS), None)
    if name is None:
        return [f"no Open Badges 3.0 schema for type {types}"]
    problems = []
    for error in sorted(_validator(name).iter_errors(document), key=lambda e: list(e.path)):
        where = "/".join(str(part) for part in error.absolute_path) or "(document)"
        problems.append(f"{where}: {error.message}")
    return problems
