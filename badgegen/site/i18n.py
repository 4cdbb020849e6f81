"""UI translations: English message ids in the templates, gettext catalogs per language.

Catalogs are the `.po` files under `badgegen/locale/<lang>/LC_MESSAGES/` (edit them, or run
`make messages` to add new ids from the templates); they are compiled in memory when the theme
is loaded, so no compiled `.mo` file is kept in the repository.
"""

from __future__ import annotations

import gettext
import io
from functools import cache
from importlib.resources import files

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

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
