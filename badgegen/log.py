"""Logging set-up: a plain formatter for the terminal and a filter that redacts private data.

Nothing that looks like an email address or key material reaches a handler, whatever module
logged it: the filter rewrites the message before formatting.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Callable

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
KEY_MATERIAL = re.compile(
    r"-----BEGIN [A-Z ]*PRIVATE KEY-----.*?-----END [A-Z ]*PRIVATE KEY-----"
    r"|\bz3u2[1-9A-HJ-NP-Za-km-z]{40,}"  # multibase Ed25519 secret key
    r"|\b[0-9a-fA-F]{64}\b",  # a raw 32-byte seed in hex (hashes are redacted too: harmless)
    re.DOTALL,
)


def redact(text: str) -> str:
    return KEY_MATERIAL.sub("[redacted key]", EMAIL.sub("[redacted email]", text))


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = None
        return True


class Rewording(logging.Filter):
    """Words a record's English text (a msgid of the catalogs) in the command line's language,
    before it is redacted and formatted."""

    def __init__(self, translate: Callable[[str], str]) -> None:
        super().__init__()
        self.translate = translate

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = self.translate(record.msg)
        return True


class ProgressLine(logging.Handler):
    """Shows each stage on one line that rewrites itself, on a terminal only (logs stay clean)."""

    def __init__(self, translate: Callable[[str], str] = str) -> None:
        super().__init__(logging.INFO)
        self.shown = False
        self.translate = translate
        """Words the line in the command line's language: records carry English texts."""

    def emit(self, record: logging.LogRecord) -> None:
        args = record.args if isinstance(record.args, tuple) else ()
        text = self.translate(record.msg) % tuple(
            self.translate(a) if isinstance(a, str) else a for a in args
        )
        sys.stderr.write("\r\033[K" + text)
        sys.stderr.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()
            self.shown = False


def end_progress() -> None:
    """Erase the progress line before the summary is printed."""
    for handler in logging.getLogger("badgegen.progress").handlers:
        if isinstance(handler, ProgressLine):
            handler.clear()


def setup(verbosity: int = 0, translate: Callable[[str], str] = str) -> None:
    """0 = warnings and info for the user, 1 = debug (stage timings), -1 = errors only;
    `translate` words the messages and the progress line."""
    level = {-1: logging.ERROR, 0: logging.INFO, 1: logging.DEBUG}.get(max(-1, min(verbosity, 1)))
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    handler.addFilter(Rewording(translate))
    handler.addFilter(RedactingFilter())
    root = logging.getLogger("badgegen")
    root.handlers[:] = [handler]
    root.setLevel(level or logging.INFO)
    root.propagate = False
    progress = logging.getLogger("badgegen.progress")
    progress.propagate = False
    progress.setLevel(logging.INFO)
    show = verbosity >= 0 and sys.stderr.isatty()
    progress.handlers[:] = [ProgressLine(translate)] if show else [logging.NullHandler()]
