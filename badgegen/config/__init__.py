"""Read `badgegen.toml` once, validate it, and hand the rest of the code a frozen, typed Config.

Each key is declared once, as a field of its section's dataclass (`config/sections.py`): type,
default, check (from `config/checks.py`) and example; `SCHEMA` is made from those fields. A value
of any type, in any place, is a problem with the file, the line and an example, never a crash.
Unknown keys are errors with a "did you mean" hint, and every message names the line of the key:
`tomllib` reports positions only for syntax errors, so key lines come from a small source scan.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from badgegen.config.checks import check_base_url, check_jobs
from badgegen.config.sections import (
    SCHEMA,
    SECTIONS,
    BuildConfig,
    KeysConfig,
    LegalConfig,
    SiteConfig,
)
from badgegen.errors import ContentError, Problem, UsageError
from badgegen.outdir import OUTPUT_HINT, output_refusal, protected_folders
from badgegen.suggest import suggest

CONFIG_NAME = "badgegen.toml"
BUNDLE_DIR = ".badgegen"
"""Where `badgegen init` and `badgegen ci update` keep the badgegen CI installs (`pinned.py`)."""


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
    # absolute (not resolved: links stay as the user wrote them), so that the paths of a build
    # run inside the repository (`--root .`) are the paths of the same build given its full
    # path: the cache's keys and records then serve both
    return _validate(Path(os.path.abspath(root)), raw, key_lines(text))


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
