"""1EdTech's Open Badges 3.0 JSON Schemas (shipped in `schemas/`): every credential is checked
against them before it is written."""

from __future__ import annotations

import copy
import json
from functools import cache, lru_cache
from importlib.resources import files
from typing import Any

from jsonschema import Draft201909Validator

SCHEMAS = {
    "OpenBadgeCredential": "achievementcredential.json",
    "AchievementCredential": "achievementcredential.json",
    "EndorsementCredential": "endorsementcredential.json",
}

SHARED_PARTS: dict[str, dict[tuple[str, ...], tuple[tuple[str, ...], str]]] = {
    "achievementcredential.json": {
        ("credentialSubject", "achievement"): (
            ("$defs", "AchievementSubject", "properties", "achievement"),
            "Achievement",
        ),
        ("issuer",): (("properties", "issuer"), "ProfileRef"),
    },
}
"""Parts of a credential that the credentials of one badge class share (its Achievement, its
issuer's Profile): where they sit, where the schema describes them, and the definition that
does. `shared_schema_problems` checks each once per process."""


@cache
def _schema(name: str) -> dict[str, Any]:
    text = files("badgegen.openbadges").joinpath("schemas", name).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def _validator(name: str) -> Draft201909Validator:
    return Draft201909Validator(_schema(name))


Located = tuple[tuple[str | int, ...], str]
"""A problem: the path of the value at fault (keys and indexes), and the message."""


def schema_problems(document: dict[str, Any]) -> list[str]:
    """What the 1EdTech schema finds wrong with a credential (empty when it conforms)."""
    name = _schema_name(document)
    if name is None:
        return [f"no Open Badges 3.0 schema for type {document.get('type', [])}"]
    return _formatted(_errors(_validator(name), document))


def shared_schema_problems(document: dict[str, Any]) -> list[str]:
    """`schema_problems`, the same problems in the same order, with each of the `SHARED_PARTS`
    checked once per process on its own against its definition, and the rest of the document
    against the schema that takes those parts as they are."""
    name = _schema_name(document)
    parts = SHARED_PARTS.get(name or "", {})
    located = {path: _at(document, path) for path in parts}
    if name is None or not parts or any(part is None for part in located.values()):
        return schema_problems(document)
    found = _errors(_rest_validator(name), document)
    for path, part in located.items():
        text = json.dumps(part, ensure_ascii=False)  # key order kept: messages quote values
        found += [(path + where, message) for where, message in _part_errors(name, path, text)]
    return _formatted(found)


def _schema_name(document: dict[str, Any]) -> str | None:
    return next((SCHEMAS[t] for t in document.get("type", []) if t in SCHEMAS), None)


def _errors(validator: Draft201909Validator, instance: Any) -> list[Located]:
    return [(tuple(e.absolute_path), e.message) for e in validator.iter_errors(instance)]


def _formatted(errors: list[Located]) -> list[str]:
    ordered = sorted(errors, key=lambda error: list(error[0]))
    return [f"{'/'.join(map(str, where)) or '(document)'}: {message}" for where, message in ordered]


def _at(document: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        if not isinstance(document, dict) or key not in document:
            return None
        document = document[key]
    return document


@cache
def _rest_validator(name: str) -> Draft201909Validator:
    """The schema with each shared part taken as it is (checked on its own instead)."""
    schema = copy.deepcopy(_schema(name))
    for where, _definition in SHARED_PARTS[name].values():
        _at(schema, where[:-1])[where[-1]] = True
    return Draft201909Validator(schema)


@lru_cache(maxsize=1024)
def _part_errors(name: str, path: tuple[str, ...], text: str) -> tuple[Located, ...]:
    """The problems of one shared part (given as JSON text), at paths within it."""
    return tuple(_errors(_part_validator(name, SHARED_PARTS[name][path][1]), json.loads(text)))


@cache
def _part_validator(name: str, definition: str) -> Draft201909Validator:
    """A validator of one definition of the schema `name`, its references resolved in it."""
    schema = _schema(name)
    root = {key: schema[key] for key in ("$schema", "$id", "$defs") if key in schema}
    return Draft201909Validator({**root, "$ref": f"#/$defs/{definition}"})
