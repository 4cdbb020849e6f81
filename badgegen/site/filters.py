"""Pure Jinja filters, all registered in one place (`FILTERS`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from babel.dates import format_date as babel_format_date
from babel.numbers import format_decimal

from badgegen.site.typography import first_day


def format_date(value: datetime | None, language: str = "en") -> str:
    """A date as people write it: `14 mars 2025`, `1er mars 2025`, `March 14, 2025`."""
    if value is None:
        return ""
    return _long_date(value.date(), language)


@lru_cache(maxsize=8192)
def _long_date(day: date, language: str) -> str:
    """`format_date` of one day: a site's pages show the same few thousand days again and again,
    each formatted by Babel once."""
    return first_day(babel_format_date(day, format="long", locale=language), language)


def iso_date(value: datetime | None) -> str:
    return value.date().isoformat() if value else ""


def iso_timestamp(value: datetime | None) -> str:
    """An instant for scripts and machines: `2025-03-14T00:00:00Z` (values are UTC)."""
    return value.strftime("%Y-%m-%dT%H:%M:%SZ") if value else ""


SIZE_UNITS = {"fr": ("octets", "Ko", "Mo", "Go"), "en": ("bytes", "kB", "MB", "GB")}


def file_size(value: int, language: str = "en") -> str:
    """A file's size as people read it: `1,7 Mo`, `1.7 MB`, `820 bytes` (1 kB = 1000 bytes)."""
    units = SIZE_UNITS.get(language, SIZE_UNITS["en"])
    amount, unit = float(value), 0
    while amount >= 1000 and unit < len(units) - 1:
        amount, unit = amount / 1000, unit + 1
    shown = format_decimal(round(amount, 1) if unit else amount, format="#,##0.#", locale=language)
    return f"{shown}\u00a0{units[unit]}"


FILTERS: dict[str, Callable[..., Any]] = {
    "file_size": file_size,
    "format_date": format_date,
    "iso_date": iso_date,
    "iso_timestamp": iso_timestamp,
}
