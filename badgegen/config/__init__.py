"""Read `badgegen.toml` once, validate it, and hand the rest of the code a frozen, typed Config.

Each key is declared once, as a field of its section's dataclass: type, default, check (from
`config/checks.py`) and example; `SCHEMA` is made from those fields. A value of any type, in any
place, is a problem with the file, the line and an example, never a crash. Unknown keys are
errors with a "did you mean" hint, and every message names the line of the key: `tomllib`
reports positions only for syntax errors, so key lines come from a small source scan.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import MISSING, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from badgegen.config.checks import (
    Check,
    check_base_url,
    check_contact,
    check_days,
    check_email,
    check_folder,
    check_jobs,
    check_language,
    check_name,
    check_optional_text,
    check_picture,
    check_text,
)
from badgegen.errors import ContentError, Problem, UsageError
from badgegen.outdir import OUTPUT_HINT, output_refusal, protected_folders
from badgegen.suggest import suggest

CONFIG_NAME = "badgegen.toml"
BUNDLE_DIR = ".badgegen"
"""Where `badgegen init` and `badgegen ci update` keep the badgegen CI installs (`pinned.py`)."""


def setting(default: Any = MISSING, *, check: Check, example: str) -> Any:
    """A key of `badgegen.toml`, declared once: its type is the field's annotation, its default
    the field's (none: the key is required), `check` says what is wrong with a value as written,
    and `example` is the line a hint suggests. The docstring below the field says what it does.
    """
    metadata = {"check": check, "example": example}
    if default is MISSING:
        return field(metadata=metadata)
    return field(default=default, metadata=metadata)


# --- the sections of badgegen.toml --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SiteConfig:
    title: str = setting(check=check_text, example='title = "Our badges"')
    """Shown in every page header and in the browser tab."""
    base_url: str = setting(
        check=check_base_url, example='base_url = "https://org.github.io/badges/"'
    )
    """Absolute URL where `output/` is served, always ending with `/` (it may have a sub-path)."""
    contact_email: str = setting(check=check_email, example='contact_email = "badges@example.org"')
    """Public address standing in for issuers and endorsers that publish none (OB 2.0 wants one)."""
    language: str = setting("fr", check=check_language, example='language = "fr"')
    """UI language: `fr` or `en`."""
    theme: str = setting("default", check=check_name, example='theme = "default"')
    """Theme name: `themes/<name>/` in the repository, falling back to the built-in default."""
    logo: str = setting(
        "", check=check_picture, example='logo = "content/issuers/images/network.svg"'
    )
    """The site's own picture (PNG, JPEG or SVG, relative to the repository root): favicon and
    link preview of the home page. "" means the picture of the issuer with the most badges."""


@dataclass(frozen=True, slots=True)
class BuildConfig:
    content: str = setting("content", check=check_folder, example='content = "content"')
    """Folder holding issuers/, badges/, earners/, awards/, endorsements/."""
    output: str = setting("output", check=check_folder, example='output = "output"')
    """Folder the site is written to (replaced atomically on each successful build)."""
    cache: str = setting(".badgegen-cache", check=check_folder, example='cache = ".badgegen-cache"')
    """Folder where signed credentials, pages, cards, QR codes and SVG renderings are kept
    between builds (git-ignored; CI restores and saves it). Deleting it only costs time."""
    jobs: int = setting(0, check=check_jobs, example="jobs = 2")
    """Processes that share the signing, rendering and drawing (`--jobs`); 0 means one per
    usable core, 1 does everything in the build's own process. The site is the same either way."""


@dataclass(frozen=True, slots=True)
class KeysConfig:
    file: str = setting(
        "keys/signing-keys.json", check=check_folder, example='file = "keys/signing-keys.json"'
    )
    """Private signing keys of every issuer (git-ignored). The BADGEGEN_SIGNING_KEY environment
    variable, holding the same content, takes precedence (for CI)."""


@dataclass(frozen=True, slots=True)
class LegalConfig:
    """The "Legal notice and data" page (`legal/`): who answers for the site and its data."""

    publisher: str = setting(
        "", check=check_text, example='publisher = "Réseau Inclusion, association loi 1901"'
    )
    """Who publishes the site (a person or an organisation); "" means the site's title."""
    director: str = setting(
        "", check=check_optional_text, example='director = "Nadia Benali, présidente"'
    )
    """The person responsible for the publication (French law asks for one), if any."""
    address: str = setting(
        "", check=check_optional_text, example='address = "12 rue des Halles, 37000 Tours"'
    )
    """The publisher's postal address, if it is to be shown."""
    contact: str = setting(
        "", check=check_contact, example='contact = "donnees@reseau-inclusion.fr"'
    )
    """Where earners write to be hidden or removed; "" means `[site] contact_email`."""
    host: str = setting(
        "", check=check_optional_text, example='host = "GitHub Pages, GitHub Inc., San Francisco"'
    )
    """Who hosts the site (name and address), e.g. "GitHub Pages, GitHub Inc., San Francisco"."""
    response_days: int = setting(30, check=check_days, example="response_days = 30")
    """How many days the publisher takes to answer a request about personal data."""


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
            problem = check_jobs(jobs)
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


# --- the table the validation reads, made from the sections above --------------------------------


@dataclass(frozen=True, slots=True)
class Key:
    section: str
    name: str
    type: str
    """The Python type of the value, as annotated in the section's dataclass."""
    required: bool
    default: Any
    check: Check
    example: str


SECTIONS: dict[str, type[Any]] = {
    "site": SiteConfig,
    "build": BuildConfig,
    "keys": KeysConfig,
    "legal": LegalConfig,
}
"""Each `[section]` of `badgegen.toml`, in the order the messages list them."""


def _keys(section: str, cls: type[Any]) -> dict[str, Key]:
    return {
        f.name: Key(
            section,
            f.name,
            str(f.type),
            f.default is MISSING,
            None if f.default is MISSING else f.default,
            f.metadata["check"],
            f.metadata["example"],
        )
        for f in fields(cls)
    }


SCHEMA: dict[str, dict[str, Key]] = {name: _keys(name, cls) for name, cls in SECTIONS.items()}
"""section -> key -> its declaration."""


def _with_slash(url: str) -> str:
    return url if url.endswith("/") else url + "/"


def key_lines(text: str) -> dict[str, int]:
    """Map `section.key` (and `section`) to the line where it is written, by a plain scan."""
    lines: dict[str, int] = {}
    section = ""
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        header = re.match(r"^\[\[?\s*([A-Za-z0-9_.-]+)\s*\]", line)  # [x] or [[x]]
        if header:
            section = header.group(1)
            lines.setdefault(section, number)
            continue
        key = re.match(r"^([A-Za-z0-9_-]+)\s*[=.]", line)  # `key = …` or `key.part = …`
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
            problems.append(_unknown_section(section, content, lines))
        elif not isinstance(content, dict):
            problems.append(_not_a_section(section, lines))
        else:
            for key, value in content.items():
                problem = _check_key(section, key, value, lines)
                if problem:
                    problems.append(problem)
                else:
                    values[section][key] = value
    for section, keys in SCHEMA.items():
        written = raw.get(section)
        if written is not None and not isinstance(written, dict):
            continue  # already said: the section is a single value
        problems += [
            Problem(
                CONFIG_NAME,
                lines.get(section),
                f"missing {section}.{name}",
                f"add under [{section}]: {key.example}",
                field=f"{section}.{name}",
            )
            for name, key in keys.items()
            if key.required and name not in (written or {})
        ]
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
    return _loaded(root, values, lines)


def _unknown_section(section: str, value: Any, lines: dict[str, int]) -> Problem:
    """A top-level name that is no section: a misspelt one, or a key written above its section."""
    owner = next((name for name, keys in SCHEMA.items() if section in keys), None)
    if owner is not None and not isinstance(value, dict):
        return Problem(
            CONFIG_NAME,
            lines.get(section),
            f"{section} must be written under [{owner}]",
            f"move the line below the line [{owner}]",
            field=f"{owner}.{section}",
        )
    return Problem(
        CONFIG_NAME,
        lines.get(section),
        f"unknown section [{section}]",
        suggest(section, SCHEMA, f"known sections: {', '.join(SCHEMA)}"),
    )


def _not_a_section(section: str, lines: dict[str, int]) -> Problem:
    first = next(iter(SCHEMA[section].values()))
    return Problem(
        CONFIG_NAME,
        lines.get(section),
        f"{section} must be a section",
        f"write [{section}] on a line of its own, then its keys below it, like: {first.example}",
        field=section,
    )


def _check_key(section: str, name: str, value: Any, lines: dict[str, int]) -> Problem | None:
    where = lines.get(f"{section}.{name}", lines.get(section))  # inline tables: their line
    key = SCHEMA[section].get(name)
    if key is None:
        known = list(SCHEMA[section])
        return Problem(
            CONFIG_NAME,
            where,
            f"unknown key {name!r} in [{section}]",
            suggest(name, known, f"known keys: {', '.join(known)}"),
            field=f"{section}.{name}",
        )
    message = key.check(value)
    if message is None:
        return None
    return Problem(
        CONFIG_NAME,
        where,
        f"{section}.{name} {message}",
        f"for example: {key.example}",
        field=f"{section}.{name}",
    )


def _loaded(root: Path, values: dict[str, dict[str, Any]], lines: dict[str, int]) -> Config:
    """The Config of checked values; refused when its output folder would be a bad place."""
    site = values["site"]
    site["base_url"] = _with_slash(site["base_url"])
    loaded = Config(root, **{name: SECTIONS[name](**values[name]) for name in SECTIONS})
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
