"""Read `badgegen.toml` once, validate it, and hand the rest of the code a frozen, typed Config.

Unknown keys are errors with a "did you mean" hint, and every message names the line of the key:
`tomllib` reports positions only for syntax errors, so key lines come from a small source scan.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from badgegen.errors import ContentError, Problem, UsageError
from badgegen.identity import is_email
from badgegen.outdir import OUTPUT_HINT, output_refusal, protected_folders

CONFIG_NAME = "badgegen.toml"
BUNDLE_DIR = ".badgegen"
"""Where `badgegen init` and `badgegen ci update` keep the badgegen CI installs (`pinned.py`)."""
LANGUAGES = ("fr", "en")


@dataclass(frozen=True, slots=True)
class SiteConfig:
    title: str
    """Shown in every page header and in the browser tab."""
    base_url: str
    """Absolute URL where `output/` is served, always ending with `/` (it may have a sub-path)."""
    contact_email: str
    """Public address standing in for issuers and endorsers that publish none (OB 2.0 wants one)."""
    language: str = "fr"
    """UI language: `fr` or `en`."""
    theme: str = "default"
    """Theme name: `themes/<name>/` in the repository, falling back to the built-in default."""
    logo: str = ""
    """The site's own picture (PNG, JPEG or SVG, relative to the repository root): favicon and
    link preview of the home page. "" means the picture of the issuer with the most badges."""


@dataclass(frozen=True, slots=True)
class LegalConfig:
    """The "Legal notice and data" page (`legal/`): who answers for the site and its data."""

    publisher: str = ""
    """Who publishes the site (a person or an organisation); "" means the site's title."""
    director: str = ""
    """The person responsible for the publication (French law asks for one), if any."""
    address: str = ""
    """The publisher's postal address, if it is to be shown."""
    contact: str = ""
    """Where earners write to be hidden or removed; "" means `[site] contact_email`."""
    host: str = ""
    """Who hosts the site (name and address), e.g. "GitHub Pages, GitHub Inc., San Francisco"."""
    response_days: int = 30
    """How many days the publisher takes to answer a request about personal data."""


@dataclass(frozen=True, slots=True)
class BuildConfig:
    content: str = "content"
    """Folder holding issuers/, badges/, earners/, awards/, endorsements/."""
    output: str = "output"
    """Folder the site is written to (replaced atomically on each successful build)."""
    cache: str = ".badgegen-cache"
    """Folder where signed credentials, pages, cards, QR codes and SVG renderings are kept
    between builds (git-ignored; CI restores and saves it). Deleting it only costs time."""
    jobs: int = 0
    """Processes that share the signing, rendering and drawing (`--jobs`); 0 means one per
    usable core, 1 does everything in the build's own process. The site is the same either way."""


@dataclass(frozen=True, slots=True)
class KeysConfig:
    file: str = "keys/signing-keys.json"
    """Private signing keys of every issuer (git-ignored). The BADGEGEN_SIGNING_KEY environment
    variable, holding the same content, takes precedence (for CI)."""


@dataclass(frozen=True, slots=True)
class Config:
    root: Path
    site: SiteConfig
    build: BuildConfig = field(default_factory=BuildConfig)
    keys: KeysConfig = field(default_factory=KeysConfig)
    legal: LegalConfig = field(default_factory=LegalConfig)

    @property
    def content_dir(self) -> Path:
        return self.root / self.build.content

    @property
    def output_dir(self) -> Path:
        return self.root / self.build.output

    @property
    def cache_dir(self) -> Path:
        return self.root / self.build.cache

    @property
    def themes_dir(self) -> Path:
        return self.root / "themes"

    @property
    def key_file(self) -> Path:
        return self.root / self.keys.file

    def with_overrides(
        self, *, base_url: str | None = None, output: str | None = None, jobs: int | None = None
    ) -> Config:
        """The config with command-line overrides applied (validated like the file's values)."""
        site, build = self.site, self.build
        if jobs is not None:
            problem = _check_jobs(jobs)
            if problem:
                raise UsageError(f"--jobs {jobs}: {problem}")
            build = replace(build, jobs=jobs)
        if base_url is not None:
            problem = check_base_url(base_url)
            if problem:
                raise UsageError(f"--base-url {base_url!r}: {problem}")
            site = replace(site, base_url=_with_slash(base_url))
        if output is not None:
            build = replace(build, output=output)
        changed = replace(self, site=site, build=build)
        if output is not None:
            refusal = changed.output_refusal(look_inside=False)
            if refusal:
                raise UsageError(f"--output {output}: {refusal}; {OUTPUT_HINT}")
        return changed

    def output_refusal(self, *, look_inside: bool = True) -> str | None:
        """Why the output folder cannot be written to, or None (see `badgegen.outdir`)."""
        protected = protected_folders(
            self.root, self.content_dir, self.key_file, self.cache_dir, self.root / BUNDLE_DIR
        )
        return output_refusal(self.output_dir, protected, look_inside=look_inside)


# --- schema -----------------------------------------------------------------------------------

Check = Callable[[Any], str | None]


def _is_text(value: Any) -> str | None:
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


def _check_email(value: Any) -> str | None:
    if not isinstance(value, str) or not is_email(value):
        return "must be an email address such as badges@example.org"
    return None


def _check_language(value: Any) -> str | None:
    return None if value in LANGUAGES else 'must be "fr" or "en"'


def _check_name(value: Any) -> str | None:
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z0-9_.-]+", value):
        return "must be a simple name (letters, digits, - _ .)"
    return None


def _check_picture(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return "must be the path of a picture in quotes"
    if Path(value).is_absolute() or ".." in Path(value).parts:
        return "must be a file inside the repository (no absolute path, no ..)"
    if Path(value).suffix.lower() not in (".png", ".jpg", ".jpeg", ".svg"):
        return "must be a PNG, JPEG or SVG picture"
    return None


def _check_optional_text(value: Any) -> str | None:
    return None if isinstance(value, str) else "must be a text in quotes"


def _check_contact(value: Any) -> str | None:
    if isinstance(value, str) and (is_email(value) or urlsplit(value).scheme == "https"):
        return None
    return "must be an email address or an https:// URL (a contact form)"


def _check_days(value: Any) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 366:
        return None
    return "must be a number of days, without quotes"


def _check_jobs(value: Any) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 256:
        return None
    return "must be a number of processes without quotes (0: one per core)"


def _check_folder(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return "must be a folder name in quotes"
    if Path(value).is_absolute() or ".." in Path(value).parts:
        return "must be a folder inside the repository (no absolute path, no ..)"
    return None


SCHEMA: dict[str, dict[str, tuple[bool, Check, str]]] = {
    # section -> key -> (required, check, example)
    "site": {
        "title": (True, _is_text, 'title = "Our badges"'),
        "base_url": (True, check_base_url, 'base_url = "https://org.github.io/badges/"'),
        "contact_email": (True, _check_email, 'contact_email = "badges@example.org"'),
        "language": (False, _check_language, 'language = "fr"'),
        "theme": (False, _check_name, 'theme = "default"'),
        "logo": (False, _check_picture, 'logo = "content/issuers/images/network.svg"'),
    },
    "build": {
        "content": (False, _check_folder, 'content = "content"'),
        "output": (False, _check_folder, 'output = "output"'),
        "cache": (False, _check_folder, 'cache = ".badgegen-cache"'),
        "jobs": (False, _check_jobs, "jobs = 2"),
    },
    "keys": {
        "file": (False, _check_folder, 'file = "keys/signing-keys.json"'),
    },
    "legal": {
        "publisher": (False, _is_text, 'publisher = "Réseau Inclusion, association loi 1901"'),
        "director": (False, _check_optional_text, 'director = "Nadia Benali, présidente"'),
        "address": (False, _check_optional_text, 'address = "12 rue des Halles, 37000 Tours"'),
        "contact": (False, _check_contact, 'contact = "donnees@reseau-inclusion.fr"'),
        "host": (False, _check_optional_text, 'host = "GitHub Pages, GitHub Inc., San Francisco"'),
        "response_days": (False, _check_days, "response_days = 30"),
    },
}


def _with_slash(url: str) -> str:
    return url if url.endswith("/") else url + "/"


def _suggest(word: str, choices: list[str], what: str = "keys") -> str:
    close = difflib.get_close_matches(word, choices, n=1)
    known = f"known {what}: {', '.join(choices)}"
    return f"did you mean {close[0]!r}? {known}" if close else known


def key_lines(text: str) -> dict[str, int]:
    """Map `section.key` (and `section`) to the line where it is written, by a plain scan."""
    lines: dict[str, int] = {}
    section = ""
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        header = re.match(r"^\[\s*([A-Za-z0-9_.-]+)\s*\]", line)
        if header:
            section = header.group(1)
            lines.setdefault(section, number)
            continue
        key = re.match(r"^([A-Za-z0-9_-]+)\s*=", line)
        if key:
            lines.setdefault(f"{section}.{key.group(1)}" if section else key.group(1), number)
    return lines


def shown_path(path: Path, root: Path) -> str:
    """`path` as messages show it: relative to the repository root (POSIX), else as given."""
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def find_root(start: Path) -> Path:
    """The repository root: the given folder, which must hold a `badgegen.toml`."""
    if not (start / CONFIG_NAME).is_file():
        raise UsageError(
            f"no {CONFIG_NAME} in {start}: run badgegen from a badge repository, "
            "point at one with --root DIR, or create one with `badgegen init DIR`"
        )
    return start


def load(root: Path) -> Config:
    """Read and validate `<root>/badgegen.toml`; raise ContentError with every problem found."""
    path = find_root(root) / CONFIG_NAME
    try:
        text = path.read_bytes().decode("utf-8-sig")  # tolerate the BOM some editors write
    except UnicodeDecodeError as exc:
        raise ContentError(
            [Problem(CONFIG_NAME, None, f"not UTF-8 text ({exc.reason})", "save the file as UTF-8")]
        ) from None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = re.search(r"line (\d+)", str(exc))
        raise ContentError(
            [
                Problem(
                    CONFIG_NAME,
                    int(line.group(1)) if line else None,
                    f"TOML syntax error: {exc}",
                    'values are written key = "value", sections as [site]',
                )
            ]
        ) from None
    return _validate(root, raw, key_lines(text))


def _validate(root: Path, raw: dict[str, Any], lines: dict[str, int]) -> Config:
    problems: list[Problem] = []
    values: dict[str, dict[str, Any]] = {name: {} for name in SCHEMA}
    for section, content in raw.items():
        if section not in SCHEMA:
            problems.append(
                Problem(
                    CONFIG_NAME,
                    lines.get(section),
                    f"unknown section [{section}]",
                    _suggest(section, list(SCHEMA), "sections"),
                )
            )
            continue
        if not isinstance(content, dict):
            problems.append(
                Problem(CONFIG_NAME, lines.get(section), f"{section} must be a section")
            )
            continue
        for key, value in content.items():
            where = lines.get(f"{section}.{key}")
            if key not in SCHEMA[section]:
                problems.append(
                    Problem(
                        CONFIG_NAME,
                        where,
                        f"unknown key {key!r} in [{section}]",
                        _suggest(key, list(SCHEMA[section])),
                        field=f"{section}.{key}",
                    )
                )
                continue
            _required, check, example = SCHEMA[section][key]
            message = check(value)
            if message:
                problems.append(
                    Problem(
                        CONFIG_NAME,
                        where,
                        f"{section}.{key} {message}",
                        f"for example: {example}",
                        field=f"{section}.{key}",
                    )
                )
            else:
                values[section][key] = value
    for section, keys in SCHEMA.items():
        for key, (required, _check, example) in keys.items():
            if required and key not in raw.get(section, {}):
                problems.append(
                    Problem(
                        CONFIG_NAME,
                        lines.get(section),
                        f"missing {section}.{key}",
                        f"add under [{section}]: {example}",
                        field=f"{section}.{key}",
                    )
                )
    logo = values["site"].get("logo")
    if logo and not (root / logo).is_file():
        problems.append(
            Problem(
                CONFIG_NAME,
                lines.get("site.logo"),
                f"site.logo: no file {logo}",
                "give the path of a picture from the repository root, or remove the line",
                field="site.logo",
            )
        )
    if problems:
        raise ContentError(problems)
    site = values["site"]
    site["base_url"] = _with_slash(site["base_url"])
    loaded = Config(
        root=root,
        site=SiteConfig(**site),
        build=BuildConfig(**values["build"]),
        keys=KeysConfig(**values["keys"]),
        legal=LegalConfig(**values["legal"]),
    )
    refusal = loaded.output_refusal(look_inside=False)
    if refusal:
        raise ContentError(
            [
                Problem(
                    CONFIG_NAME,
                    lines.get("build.output", lines.get("build")),
                    f"build.output {loaded.build.output!r} cannot be the output folder: {refusal}",
                    OUTPUT_HINT,
                    field="build.output",
                )
            ]
        )
    return loaded
