"""The YAML text of the earner and award files an import creates."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date

import yaml

EVIDENCE_NAME = {"fr": "Preuve", "en": "Evidence"}
HEADER = {
    "earner": {
        "fr": "# Personne importée par `badgegen import` depuis {source} (ligne {line}) le {today}.\n"
        "# Le nom de ce fichier est son identifiant (slug) : ne le changez plus une fois le site publié.\n",
        "en": "# Earner imported by `badgegen import` from {source} (line {line}) on {today}.\n"
        "# This file's name is their identifier (slug): do not change it once the site is published.\n",
    },
    "award": {
        "fr": "# Attribution importée par `badgegen import` depuis {source} (ligne {line}) le {today}.\n"
        "# L'id est permanent : il fait partie de l'adresse publique du badge. Ne le modifiez jamais.\n",
        "en": "# Award imported by `badgegen import` from {source} (line {line}) on {today}.\n"
        "# The id is permanent: it is part of the award's public address. Never change it.\n",
    },
}
IDENTITY_COMMENT = {
    "fr": "# Identité (PRIVÉE) : seulement l'empreinte salée de l'adresse, jamais l'adresse.\n",
    "en": "# Identity (PRIVATE): only the salted hash of the address, never the address.\n",
}
SHOWCASE_COMMENT = {
    "fr": "# Vitrine : public (par défaut), unlisted (non listée) ou private (pas de vitrine).\n",
    "en": "# Showcase: public (the default), unlisted (not listed) or private (no showcase).\n",
}


def _yaml_fields(fields: Sequence[tuple[str, str | date | None]]) -> str:
    """`key: value` lines; empty values are left out, texts are quoted or literal blocks.

    Every text is quoted (a slug like `no` or an id made of digits would otherwise be read as a
    boolean or a number). A multi-line text is written as a `|-` block, as people write it,
    but only when reading the block back gives the very same text; otherwise as a JSON string,
    which is valid YAML.
    """
    lines = []
    for key, value in fields:
        if value is None or value == "":
            continue
        if isinstance(value, date):
            lines.append(f"{key}: {value.isoformat()}\n")
        elif "\n" in value:
            lines.append(f"{key}: {_block(value)}\n")
        else:
            lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}\n")
    return "".join(lines)


def _block(text: str) -> str:
    block = "|-\n" + "\n".join(f"  {line}" if line else "" for line in text.split("\n"))
    try:
        if yaml.safe_load(f"key: {block}\n") == {"key": text}:
            return block
    except yaml.YAMLError:
        pass
    return json.dumps(text, ensure_ascii=False)
