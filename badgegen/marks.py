"""`N_` marks a text for the catalogs: `make messages` extracts it, and it is translated where
it is shown (a template, the command line, a problem), not where it is written."""

from __future__ import annotations


def N_(message: str) -> str:
    return message
