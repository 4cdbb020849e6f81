"""Find the theme folders and build the one Jinja2 Environment.

Search order: the repository's `themes/<name>/`, the built-in `<name>`, the built-in `default`.
A file found earlier wins, so a site overrides the default theme file by file; an override can
still extend the original with `{% extends "default/base.html" %}`.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PrefixLoader, StrictUndefined

from badgegen.builtin_themes import BUILTIN_THEMES
from badgegen.config import Config
from badgegen.site.filters import FILTERS
from badgegen.site.i18n import translations
from badgegen.site.translated import compile_translations

DEFAULT_THEME = "default"


def theme_dirs(config: Config) -> list[Path]:
    """Theme folders, most specific first, without duplicates."""
    name = config.site.theme
    candidates = [config.themes_dir / name, BUILTIN_THEMES / name, BUILTIN_THEMES / DEFAULT_THEME]
    found: list[Path] = []
    for path in candidates:
        if path.is_dir() and path.resolve() not in {p.resolve() for p in found}:
            found.append(path)
    return found


def environment(config: Config) -> Environment:
    dirs = theme_dirs(config)
    loader = ChoiceLoader(
        [
            FileSystemLoader([str(d / "templates") for d in dirs]),
            PrefixLoader(
                {DEFAULT_THEME: FileSystemLoader(str(BUILTIN_THEMES / DEFAULT_THEME / "templates"))}
            ),
        ]
    )
    env = Environment(
        loader=loader,
        autoescape=True,
        undefined=StrictUndefined,
        auto_reload=False,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    _install_translations(env, config.site.language)
    env.filters.update(FILTERS)
    return env


def _install_translations(env: Environment, language: str) -> None:
    """The catalogs of `language` for the templates, each message looked up once per build: a
    page asks for about fifty, and a lookup walks the chain of merged catalogs. Constant
    messages are translated as the templates are compiled (`translated.py`)."""
    catalog = translations(language)
    gettext = cache(catalog.gettext)
    compile_translations(env, gettext)
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=gettext,
        ngettext=cache(catalog.ngettext),
        newstyle=True,
        pgettext=cache(catalog.pgettext),
        npgettext=cache(catalog.npgettext),
    )


def templates_fingerprint(config: Config) -> str:
    """A digest of every template file the pages can use, names and contents: a rendered page
    kept from an earlier build is reused only while the templates are the same."""
    dirs = [*theme_dirs(config), BUILTIN_THEMES / DEFAULT_THEME]
    digest = hashlib.sha256()
    for folder in dirs:
        digest.update(f"{folder.resolve()}\n".encode())
        for path in sorted((folder / "templates").rglob("*")):
            if path.is_file():
                digest.update(f"{path.relative_to(folder)}\n".encode())
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def static_files(config: Config) -> dict[str, Path]:
    """Every file under the themes' `static/` folders; the most specific theme wins."""
    files: dict[str, Path] = {}
    for theme in reversed(theme_dirs(config)):
        static = theme / "static"
        if static.is_dir():
            for path in sorted(static.rglob("*")):
                if path.is_file() and not path.name.startswith("."):
                    files[path.relative_to(static).as_posix()] = path
    return files
