"""A value of the wrong type anywhere in badgegen.toml is a problem with a line and an example.

The keys come from `config.SCHEMA`, itself made from the section dataclasses: a key added there
is checked here without a new test.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from badgegen import config
from badgegen.config.sections import Key
from badgegen.errors import ContentError, Problem

SITE = """\
[site]
title = "Our badges"
base_url = "https://org.github.io/badges/"
contact_email = "badges@example.org"
"""

WRONG = {
    "number": "3",
    "boolean": "true",
    "decimal": "1.5",
    "list": '["a", "b"]',
    "table": "{ a = 1 }",
    "date": "1979-05-27",
    "empty list": "[]",
}
"""TOML values of every type but text; an integer key also gets a text."""

KEYS = [key for keys in config.SCHEMA.values() for key in keys.values()]


def problems_of(tmp_path: Path, text: str) -> list[Problem]:
    (tmp_path / config.CONFIG_NAME).write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        config.load(tmp_path)
    return caught.value.problems


def with_key(section: str, name: str, value: str) -> tuple[str, int]:
    """A valid file with `name = value` in `[section]`, and the line where it is written."""
    lines = SITE.splitlines()
    if section == "site":
        lines = [line for line in lines if not line.startswith(f"{name} =")]
        lines.append(f"{name} = {value}")
    else:
        lines += ["", f"[{section}]", f"{name} = {value}"]
    return "\n".join(lines) + "\n", len(lines)


def wrong_values(key: Key) -> list[str]:
    values = [v for label, v in WRONG.items() if not (key.type == "int" and label == "number")]
    return [*values, '"30"'] if key.type == "int" else values


@pytest.mark.parametrize("key", KEYS, ids=lambda k: f"{k.section}.{k.name}")
def test_every_key_refuses_every_wrong_type_at_its_line(tmp_path: Path, key: Key) -> None:
    for value in wrong_values(key):
        text, line = with_key(key.section, key.name, value)
        [problem] = problems_of(tmp_path, text)
        assert (problem.path, problem.line, problem.field) == (
            "badgegen.toml",
            line,
            f"{key.section}.{key.name}",
        ), value
        assert problem.message.startswith(f"{key.section}.{key.name} must be "), value
        assert problem.hint == f"for example: {key.example}"


@pytest.mark.parametrize("section", list(config.SCHEMA))
@pytest.mark.parametrize("value", [v for k, v in WRONG.items() if k != "table"] + ['"site"'])
def test_a_section_written_as_a_value_is_one_problem(
    tmp_path: Path, section: str, value: str
) -> None:
    body = SITE if section != "site" else ""
    text = f"{section} = {value}\n{body}"
    problems = problems_of(tmp_path, text)
    first = next(iter(config.SCHEMA[section].values()))
    assert problems == [
        Problem(
            "badgegen.toml",
            1,
            f"{section} must be a section",
            f"write [{section}] on a line of its own, then its keys below it, like: "
            f"{first.example}",
            field=section,
        )
    ]


def test_an_array_of_tables_is_not_a_section(tmp_path: Path) -> None:
    problems = problems_of(tmp_path, SITE.replace("[site]", "[[site]]"))
    assert [(p.line, p.message) for p in problems] == [(1, "site must be a section")]


def test_an_inline_table_is_a_section(tmp_path: Path) -> None:
    text = 'site = { title = "Our badges", base_url = "https://example.org/", contact_email = 3 }'
    problems = problems_of(tmp_path, text)
    assert [(p.line, p.message) for p in problems] == [
        (1, "site.contact_email must be an email address such as badges@example.org")
    ]


def test_a_key_written_above_its_section_names_the_section(tmp_path: Path) -> None:
    problems = problems_of(tmp_path, f'language = "en"\n{SITE}')
    assert problems == [
        Problem(
            "badgegen.toml",
            1,
            "language must be written under [site]",
            "move the line below the line [site]",
            field="site.language",
        )
    ]


def test_a_dotted_key_is_found_at_its_line(tmp_path: Path) -> None:
    problems = problems_of(tmp_path, SITE.replace('title = "Our badges"', "title.fr = 'Nos'"))
    assert [(p.line, p.message) for p in problems] == [
        (2, "site.title must be a non-empty text in quotes")
    ]


@pytest.mark.parametrize("key", KEYS, ids=lambda k: f"{k.section}.{k.name}")
def test_each_example_is_a_valid_line_for_its_key(key: Key) -> None:
    parsed = tomllib.loads(key.example)
    assert list(parsed) == [key.name]
    assert key.check(parsed[key.name]) is None
    assert type(parsed[key.name]).__name__ == key.type


def test_the_table_matches_the_dataclasses() -> None:
    site = config.SCHEMA["site"]
    assert [k for k, v in site.items() if v.required] == ["title", "base_url", "contact_email"]
    assert (site["language"].default, config.SCHEMA["legal"]["response_days"].default) == ("fr", 30)
    assert config.BuildConfig().cache == config.SCHEMA["build"]["cache"].default


@pytest.mark.slow
def test_check_names_the_file_and_line_without_a_traceback(tmp_path: Path) -> None:
    (tmp_path / config.CONFIG_NAME).write_text("site = 3\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))}
    result = subprocess.run(
        [sys.executable, "-m", "badgegen", "check", "--root", str(tmp_path)],
        capture_output=True,
        text=True,
        env={**env, "LANG": "C.UTF-8"},
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    # the language is unknown while badgegen.toml is unreadable: the default one, French
    assert "badgegen.toml:1: site doit être une section" in result.stdout + result.stderr
