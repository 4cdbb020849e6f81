"""The language the command line speaks: the repository's, or outside one the user's locale.

Inside a badge repository it is `[site] language` of its `badgegen.toml` (French when the key is
absent, as for the pages); elsewhere (`badgegen init`, `--help` in an empty folder) it is French
when the locale (`LC_ALL`, then `LC_MESSAGES`, then `LANG`) starts with `fr`, else English. The
texts come from the same gettext catalogs as the pages (`badgegen/locale/`), so one word means
one thing everywhere. Problems are translated where they are shown, by `badgegen.wording`.

`Parser` is an `argparse.ArgumentParser` whose own words (`usage:`, the titles of the option
lists, `-h`'s help, the `error:` prefix) are translated too.
"""

from __future__ import annotations

import argparse
import gettext as gettext_module
import os
import sys
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

from badgegen.config import CONFIG_NAME
from badgegen.formats import LANGUAGES
from badgegen.site.i18n import translations


def locale_language(environ: Mapping[str, str]) -> str:
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            return "fr" if value.lower().startswith("fr") else "en"
    return "en"


def language_of(root: Path, environ: Mapping[str, str] = os.environ) -> str:
    """The repository's language, read without validating the rest of its `badgegen.toml` (a
    broken file must still be explained in its language); the locale's outside a repository."""
    try:
        data = tomllib.loads((root / CONFIG_NAME).read_bytes().decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return locale_language(environ)
    site = data.get("site")
    language = site.get("language", "fr") if isinstance(site, dict) else "fr"
    return language if language in LANGUAGES else locale_language(environ)


def root_in(argv: Sequence[str]) -> Path:
    """The `--root DIR` of a command line, read before it is parsed (its language is needed to
    word the parser itself); `.` when there is none."""
    for index, arg in enumerate(argv):
        if arg == "--root" and index + 1 < len(argv):
            return Path(argv[index + 1])
        if arg.startswith("--root="):
            return Path(arg.removeprefix("--root="))
    return Path(".")


@dataclass(frozen=True, slots=True)
class Speech:
    language: str
    catalog: gettext_module.NullTranslations

    def _(self, message: str, /, **values: Any) -> str:
        text = self.catalog.gettext(message)
        return text % values if values else text

    def count(self, singular: str, plural: str, number: int, /, **values: Any) -> str:
        """`ngettext` with `%(num)d` (and any other value) filled in."""
        return self.catalog.ngettext(singular, plural, number) % {"num": number, **values}


def speech(language: str) -> Speech:
    return Speech(language, translations(language))


ENGLISH = speech("en")


class Parser(argparse.ArgumentParser):
    """An ArgumentParser that words its own texts in `speech`'s language.

    Sub-command parsers are made by `add_subparsers().add_parser`, which passes them the same
    `speech` and `reword` keywords. argparse's own error messages (`unrecognized arguments: …`)
    are English texts; `reword` words them (the command passes wording's lookup)."""

    def __init__(
        self,
        *args: Any,
        speech: Speech = ENGLISH,
        reword: Callable[[str], str] = str,
        **kwargs: Any,
    ) -> None:
        self.speech = speech
        self.reword = reword
        kwargs.setdefault("formatter_class", _formatter(speech))
        add_help = kwargs.pop("add_help", True)
        kwargs["add_help"] = False  # added below, with its help in `speech`'s language
        super().__init__(*args, **kwargs)
        self._positionals.title = speech._("positional arguments")
        self._optionals.title = speech._("options")
        if add_help:
            self.add_argument(
                "-h", "--help", action="help", help=speech._("show this help message and exit")
            )

    def add_subparsers(self, **kwargs: Any) -> Any:
        kwargs.setdefault("parser_class", _bound(self.speech, self.reword))
        return super().add_subparsers(**kwargs)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        text = self.speech._(
            "%(prog)s: error: %(message)s", prog=self.prog, message=self.reword(message)
        )
        self.exit(2, text + "\n")


def _bound(speech: Speech, reword: Callable[[str], str]) -> type[Parser]:
    class BoundParser(Parser):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, speech=speech, reword=reword, **kwargs)

    return BoundParser


def _formatter(speech: Speech) -> type[argparse.HelpFormatter]:
    class Formatter(argparse.HelpFormatter):
        def add_usage(
            self,
            usage: str | None,
            actions: Any,
            groups: Any,
            prefix: str | None = None,
        ) -> None:
            words = speech._("usage: ") if prefix is None else prefix
            super().add_usage(usage, actions, groups, words)

    return Formatter
