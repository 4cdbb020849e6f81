"""French typography for published text: the spaces French puts around some punctuation.

French writes a non-breaking space before `:` and a narrow non-breaking space (U+202F) before
`;`, `?` and `!` and inside `« »`, so that no line starts with a lone `?`; and it writes the
first day of a month "1er" ("1er mars 2025"). Text comes from templates, catalogs and content,
typed with an ordinary space, with none, or already right: the result is the same for all three,
and applying it twice changes nothing.

`french_text` works on plain text and leaves URLs, email addresses, times (`10:30`) and
emoticon-like runs inside words alone. `french_html` applies it to the text between tags of an
HTML document made by the templates, never to tags, attribute values, comments, or the content of
`code`, `pre`, `kbd`, `samp`, `script`, `style` and `textarea` elements (code and snippets to copy
stay byte for byte what the reader must type).
"""

from __future__ import annotations

import re
from functools import lru_cache

NBSP = "\u00a0"
NNBSP = "\u202f"
"""Narrow no-break space (espace fine insécable)."""

_SPACES = f" {NBSP}{NNBSP}"
_OPENERS = f"«([{{“‘/\\-{_SPACES}\n\t"
_AFTER = r"(?=$|[\s»)\]\"'’.,…<])"
"""What may follow spaced punctuation: the end, a space, a closing sign or a period."""

_TIGHT = re.compile(rf"(?<=[^{re.escape(_OPENERS)}])[{_SPACES}]?([!?;]+){_AFTER}")
_COLON = re.compile(rf"(?<=[^{re.escape(_OPENERS)}:])[{_SPACES}]?:{_AFTER}")
_OPEN_QUOTE = re.compile(rf"«[{_SPACES}]*")
_CLOSE_QUOTE = re.compile(rf"[{_SPACES}]*»")
_MONTHS = (
    "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre"
    "|décembre|decembre"
)
_FIRST_DAY = re.compile(rf"(?<![\w,.])1[{_SPACES}]({_MONTHS})\b", re.IGNORECASE)
_PROTECTED = re.compile(
    r"[^\s<>\"]+://[^\s<>\"]*|\bwww\.[^\s<>\"]+|[^\s<>\"@;&]+@[^\s<>\"@]+\.\w+|&#?\w+;"
)
"""URLs, email addresses and HTML character references: their `:`, `?`, `!` and `;` are not
punctuation."""

_TRIGGERS = re.compile("[:;?!«»1]")
"""A text with none of these characters is left as it is by every rule above: most text nodes of
a page (names, dates without "1", whitespace between tags) skip the rules."""
_WORD = "\uffff"
"""Stands for the word before a piece of text (a noncharacter: never in real text)."""
_TAG = re.compile(r"(<!--.*?-->|<[^>]*>)", re.DOTALL)
_RAW_ELEMENTS = ("code", "pre", "kbd", "samp", "script", "style", "textarea")
_TAG_NAME = re.compile(r"<\s*(/?)\s*([A-Za-z][A-Za-z0-9-]*)")


def _typeset(text: str) -> str:
    text = _TIGHT.sub(lambda m: NNBSP + m.group(1), text)
    text = _COLON.sub(NBSP + ":", text)
    text = _OPEN_QUOTE.sub("«" + NNBSP, text)
    text = _CLOSE_QUOTE.sub(NNBSP + "»", text)
    return _FIRST_DAY.sub(lambda m: f"1er {m.group(1)}", text)


def french_text(text: str) -> str:
    """`text` with French spacing and "1er", URLs and email addresses left as they are."""
    if not _TRIGGERS.search(text):
        return text
    pieces: list[str] = []
    last = 0
    for match in _PROTECTED.finditer(text):
        pieces.append(_after_word(text[last : match.start()], bool(pieces)))
        pieces.append(match.group(0))
        last = match.end()
    pieces.append(_after_word(text[last:], bool(pieces)))
    return "".join(pieces)


def _after_word(text: str, follows: bool) -> str:
    """`_typeset(text)`, as if a letter came before when `follows`: `a@b.fr ?` is spaced too."""
    return _typeset(_WORD + text)[1:] if follows else _typeset(text)


def french_html(html: str) -> str:
    """`french_text` applied to every text node of `html` outside raw elements (see above)."""
    parts = _TAG.split(html)  # text, tag or comment, text, … : the tags are kept as they are
    raw_depth: dict[str, int] = dict.fromkeys(_RAW_ELEMENTS, 0)
    inside_raw = False
    after_word = False
    """Whether the text before this node ends with a letter: `<b>Lieu</b>: Tours` gets its space."""
    text_node, raw_step = _text_node, _raw_step
    for index in range(0, len(parts), 2):
        if index:
            step = raw_step(parts[index - 1])
            if step is not None:
                element, change = step
                raw_depth[element] = max(0, raw_depth[element] + change)
                inside_raw = any(raw_depth.values())
        part = parts[index]
        if not part or inside_raw:
            continue
        parts[index] = text_node(part, after_word)
        after_word = not part[-1].isspace()
    return "".join(parts)


_NODE_CACHE_SIZE = 65_536
"""Distinct text nodes kept typeset: the pages of a gallery share most of theirs (labels,
headings, names), so each is typeset once per build rather than once per page."""


@lru_cache(maxsize=_NODE_CACHE_SIZE)
def _text_node(part: str, after_word: bool) -> str:
    """`french_text` of one text node, as if a letter came before it when `after_word`."""
    return french_text(_WORD + part)[1:] if after_word else french_text(part)


@lru_cache(maxsize=_NODE_CACHE_SIZE)
def _raw_step(tag: str) -> tuple[str, int] | None:
    """For a tag that opens (+1) or closes (-1) a raw element, the element and the step; for
    any other tag, a self-closing one or a comment, None."""
    name = _TAG_NAME.match(tag)
    if not name or name.group(2).lower() not in _RAW_ELEMENTS or tag.endswith("/>"):
        return None
    return name.group(2).lower(), -1 if name.group(1) else 1


def typeset_html(html: str, language: str) -> str:
    """French typography for a page in French; other languages are returned unchanged."""
    return french_html(html) if language == "fr" else html


def first_day(date_text: str, language: str) -> str:
    """ "1 mars 2025" → "1er mars 2025" in French; any other date or language unchanged."""
    return (
        _FIRST_DAY.sub(lambda m: f"1er {m.group(1)}", date_text) if language == "fr" else date_text
    )
