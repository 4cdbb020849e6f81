"""UI translations: English message ids in the templates, gettext catalogs per language.

Catalogs are the `.po` files under `badgegen/locale/<lang>/LC_MESSAGES/` (edit them, or run
`make messages` to add new ids from the templates); they are compiled in memory when the theme
is loaded, so no compiled `.mo` file is kept in the repository.

`make messages` adds to `messages.po` only the ids that no other catalog of the language holds
(`python -m badgegen.site.i18n TEMPLATE.pot` strips the others from the extracted template), so
the texts of `cli.po`, `verify.po` and the others are never copied there untranslated.
"""

from __future__ import annotations

import gettext
import io
import sys
from functools import cache
from importlib.resources import files
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

LOCALE_PACKAGE = "badgegen"


@cache
def translations(language: str) -> gettext.NullTranslations:
    """Every catalog of `language`, merged; English (or an unknown language) passes through."""
    folder = files(LOCALE_PACKAGE).joinpath("locale", language, "LC_MESSAGES")
    result: gettext.NullTranslations = gettext.NullTranslations()
    if not folder.is_dir():
        return result
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".po"):
            continue
        catalog = read_po(io.BytesIO(entry.read_bytes()), locale=language)
        buffer = io.BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        compiled = gettext.GNUTranslations(buffer)
        if isinstance(result, gettext.GNUTranslations):
            result.add_fallback(compiled)
        else:
            result = compiled
    return result


def drop_listed(template: Path, language: str = "fr") -> int:
    """Remove from the `.pot` file `template` the ids that a catalog of `language` other than
    `messages.po` already holds; returns how many were removed."""
    folder = Path(str(files(LOCALE_PACKAGE).joinpath("locale", language, "LC_MESSAGES")))
    listed: set[str] = set()
    for po in sorted(folder.glob("*.po")):
        if po.name != "messages.po":
            with po.open("rb") as handle:
                listed |= {_key(m.id) for m in read_po(handle, locale=language) if m.id}
    with template.open("rb") as handle:
        extracted = read_po(handle)
    dropped = [m.id for m in extracted if m.id and _key(m.id) in listed]
    for message_id in dropped:
        del extracted[message_id]
    with template.open("wb") as handle:
        write_po(handle, extracted, omit_header=False)
    return len(dropped)


def _key(message_id: str | tuple[str, ...] | list[str]) -> str:
    return message_id if isinstance(message_id, str) else message_id[0]


if __name__ == "__main__":
    print(f"{drop_listed(Path(sys.argv[1]))} ids left to their own catalogs")
