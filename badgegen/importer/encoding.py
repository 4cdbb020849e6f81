"""Which encoding a spreadsheet export is in, decided from the bytes, and said when unclear.

- A byte-order mark decides: UTF-8, UTF-16 little or big endian (Excel's "Unicode text").
- UTF-16 without a mark shows as a NUL byte in every other position: decoded as UTF-16.
- Valid UTF-8 is UTF-8 (Windows-1252 text with accents is never valid UTF-8 by accident).
- Not UTF-8 but holding UTF-8 sequences too (`Ã©`-free "é" next to a stray `0xE9` byte, from a
  cell pasted from another file) is refused, naming each line and byte: decoding the whole file
  as Windows-1252 would turn every "É" of the UTF-8 part into "Ã‰" without a word.
- Otherwise Windows-1252 (what Excel on Windows writes for "CSV (separated by ;)"), unless it
  holds one of the five bytes Windows-1252 leaves undefined.
"""

from __future__ import annotations

import codecs
import re

from badgegen.errors import Problem

EXPORT_HINT = "export the file again from the spreadsheet as “CSV UTF-8”"
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_STRAY = re.compile("[\udc80-\udcff]")
MAX_SHOWN = 20
"""Lines named at most for one encoding problem (the count says how many more)."""


def _hex(unit: bytes) -> str:
    return " ".join(f"0x{b:02X}" for b in unit)


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _utf16_without_bom(data: bytes) -> str | None:
    """`utf-16-le`/`utf-16-be` when NUL bytes fill every other position, else None."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    odd, even = sample[1::2], sample[0::2]
    if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def decode(data: bytes, source: str) -> tuple[str | None, list[Problem]]:
    """The text of a CSV file, or None and the problems that say why not (file and line)."""
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", "UTF-8", source)
    for bom, encoding in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return _strict(data[2:], encoding, "UTF-16", source)
    utf16 = _utf16_without_bom(data)
    if utf16:
        return _strict(data, utf16, "UTF-16", source)
    if b"\x00" in data:
        return None, [
            Problem(
                source,
                _line_of(data, data.index(b"\x00")),
                "the file holds NUL bytes: it is not a text export",
                EXPORT_HINT,
            )
        ]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    if _UTF8_SEQUENCE.search(data):
        return None, _mixed(data, source)
    return _strict(data, "cp1252", "Windows-1252", source)


def _strict(
    data: bytes, encoding: str, label: str, source: str
) -> tuple[str | None, list[Problem]]:
    try:
        return data.decode(encoding), []
    except UnicodeDecodeError as exc:
        unit = data[exc.start : exc.end]
        line = (
            _line_of(data, exc.start)
            if not encoding.startswith("utf-16")
            else data[: exc.start].decode(encoding, "replace").count("\n") + 1
        )
        return None, [
            Problem(
                source,
                line,
                f"the file is neither UTF-8 nor Windows-1252 text (byte {_hex(unit)})"
                if label == "Windows-1252"
                else f"the file is {label} text, but {_hex(unit)} on this line is not {label}",
                EXPORT_HINT,
            )
        ]


def _mixed(data: bytes, source: str) -> list[Problem]:
    """One problem per line holding bytes that are not UTF-8 in an otherwise UTF-8 file."""
    lines: dict[int, str] = {}
    text = data.decode("utf-8", "surrogateescape")  # each stray byte becomes U+DC80..U+DCFF
    for number, line in enumerate(text.split("\n"), start=1):
        stray = _STRAY.search(line)
        if stray:
            byte = ord(stray.group()) - 0xDC00
            guess = bytes([byte]).decode("cp1252", "replace")
            lines[number] = f"0x{byte:02X} (“{guess}” in Windows-1252)"
    shown = sorted(lines.items())[:MAX_SHOWN]
    problems = [
        Problem(
            source,
            line,
            f"byte {what} is not UTF-8, though the rest of the file is UTF-8: the file mixes "
            "two encodings",
            "retype the accented letters of this line in the spreadsheet, or " + EXPORT_HINT,
        )
        for line, what in shown
    ]
    if len(lines) > MAX_SHOWN:
        problems.append(
            Problem(source, None, f"{len(lines) - MAX_SHOWN} more lines mix the encodings too")
        )
    return problems
