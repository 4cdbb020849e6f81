"""What a value of `badgegen.toml` must look like: the checks named in the config's table.

Each check takes the value as `tomllib` read it (any type: a stranger's file may hold a number,
a list or a table where a text belongs) and returns what is wrong with it, or None.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from badgegen.formats import LANGUAGES
from badgegen.identity import is_email

Check = Callable[[Any], str | None]


def check_text(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return "must be a non-empty text in quotes"
    return None


def check_base_url(value: Any) -> str | None:
    if not isinstance(value, str):
        return "must be a URL in quotes"
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return "must be an absolute URL starting with https:// (or http://)"
    if parts.query or parts.fragment:
        return "must not have a query (?…) or a fragment (#…)"
    return None


def check_email(value: Any) -> str | None:
    if not isinstance(value, str) or not is_email(value):
        return "must be an email address such as badges@example.org"
    return None


def check_language(value: Any) -> str | None:
    return None if isinstance(value, str) and value in LANGUAGES else 'must be "fr" or "en"'


def check_name(value: Any) -> str | None:
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z0-9_.-]+", value):
        return "must be a simple name (letters, digits, - _ .)"
    return None


def check_picture(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return "must be the path of a picture in quotes"
    if Path(value).is_absolute() or ".." in Path(value).parts:
        return "must be a file inside the repository (no absolute path, no ..)"
    if Path(value).suffix.lower() not in (".png", ".jpg", ".jpeg", ".svg"):
        return "must be a PNG, JPEG or SVG picture"
    return None


def check_optional_text(value: Any) -> str | None:
    return None if isinstance(value, str) else "must be a text in quotes"


def check_contact(value: Any) -> str | None:
    if isinstance(value, str) and (is_email(value) or urlsplit(value).scheme == "https"):
        return None
    return "must be an email address or an https:// URL (a contact form)"


def check_days(value: Any) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 366:
        return None
    return "must be a number of days, without quotes"


def check_jobs(value: Any) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 256:
        return None
    return "must be a number of processes without quotes (0: one per core)"


def check_folder(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return "must be a folder name in quotes"
    if Path(value).is_absolute() or ".." in Path(value).parts:
        return "must be a folder inside the repository (no absolute path, no ..)"
    return None
