"""The "did you mean" of every hint: the known name nearest to a misspelt one.

One rule everywhere (difflib's ratio of at least 0.6, the closest one only), so that a typo in a
field, a key, a reference, a column or an option is answered the same way.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(word: str, known: Iterable[str]) -> str | None:
    """The known name nearest to `word`, if one is near enough to be what was meant."""
    found = difflib.get_close_matches(word, list(known), n=1)
    return found[0] if found else None


def suggest(word: str, known: Iterable[str], listing: str = "") -> str:
    """`did you mean 'x'? <listing>`, or the listing alone when no known name is near."""
    near = closest(word, known)
    if near is None:
        return listing
    return f"did you mean {near!r}? {listing}" if listing else f"did you mean {near!r}?"


def suggest_or(word: str, known: Iterable[str], otherwise: str) -> str:
    """`did you mean 'x'?`, or `otherwise` when no known name is near."""
    near = closest(word, known)
    return f"did you mean {near!r}?" if near is not None else otherwise
