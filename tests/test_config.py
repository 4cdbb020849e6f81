"""Loading badgegen.toml into a frozen Config; the validation messages are in test_validation.py."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from badgegen import config
from badgegen.config import BuildConfig, Config, SiteConfig
from badgegen.errors import ContentError, Problem, UsageError
from tests.conftest import ScratchRepo

MINIMAL = """\
[site]
title = "Our badges"
base_url = "https://org.github.io/badges"
contact_email = "badges@example.org"
"""


def write_config(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / config.CONFIG_NAME
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return tmp_path


def test_load_minimal_config_fills_defaults(tmp_path: Path) -> None:
    cfg = config.load(write_config(tmp_path, MINIMAL))
    assert cfg == Config(
        root=tmp_path,
        site=SiteConfig(
            title="Our badges",
            base_url="https://org.github.io/badges/",
            contact_email="badges@example.org",
            language="fr",
            theme="default",
        ),
        build=BuildConfig(content="content", output="output"),
    )
    assert cfg.content_dir == tmp_path / "content"
    assert cfg.output_dir == tmp_path / "output"
    assert cfg.themes_dir == tmp_path / "themes"


def test_load_full_config(tmp_path: Path) -> None:
    text = (
        MINIMAL
        + 'language = "en"\ntheme = "night_2"\n\n[build]\ncontent = "src"\noutput = "public"\n'
    )
    cfg = config.load(write_config(tmp_path, text))
    assert (cfg.site.language, cfg.site.theme) == ("en", "night_2")
    assert cfg.content_dir == tmp_path / "src"
    assert cfg.output_dir == tmp_path / "public"


@pytest.mark.parametrize(
    ("written", "loaded"),
    [
        ("https://org.github.io/badges", "https://org.github.io/badges/"),
        ("https://org.github.io/badges/", "https://org.github.io/badges/"),
        ("https://badges.example.org", "https://badges.example.org/"),
        ("http://localhost:8000", "http://localhost:8000/"),
    ],
)
def test_base_url_always_ends_with_a_slash(tmp_path: Path, written: str, loaded: str) -> None:
    text = MINIMAL.replace("https://org.github.io/badges", written)
    assert config.load(write_config(tmp_path, text)).site.base_url == loaded


def test_scratch_repo_config_loads(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo()
    cfg = config.load(root)
    assert cfg.root == root
    assert cfg.site.base_url == "https://example.org/badges/"
    assert cfg.site.language == "en"


def test_config_is_frozen(tmp_path: Path) -> None:
    cfg = config.load(write_config(tmp_path, MINIMAL))
    with pytest.raises(dataclasses.FrozenInstanceError):
        cfg.site.base_url = "https://elsewhere.example.org/"  # type: ignore[misc]


# --- with_overrides -----------------------------------------------------------------------------


def test_override_base_url_is_validated_and_gets_a_slash(tmp_path: Path) -> None:
    cfg = config.load(write_config(tmp_path, MINIMAL))
    changed = cfg.with_overrides(base_url="http://localhost:8000/preview")
    assert changed.site.base_url == "http://localhost:8000/preview/"
    assert changed.site.title == cfg.site.title
    assert cfg.site.base_url == "https://org.github.io/badges/"  # the original is unchanged


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        ("/badges/", "must be an absolute URL starting with https:// (or http://)"),
        ("org.github.io/badges", "must be an absolute URL starting with https:// (or http://)"),
        ("ftp://org.example/badges", "must be an absolute URL starting with https:// (or http://)"),
        ("https://org.github.io/badges/#top", "must not have a query (?…) or a fragment (#…)"),
    ],
)
def test_override_with_a_bad_base_url_is_a_usage_error(
    tmp_path: Path, bad: str, reason: str
) -> None:
    cfg = config.load(write_config(tmp_path, MINIMAL))
    with pytest.raises(UsageError) as caught:
        cfg.with_overrides(base_url=bad)
    assert str(caught.value) == f"--base-url {bad!r}: {reason}"
    assert caught.value.exit_code == 2


def test_override_output(tmp_path: Path) -> None:
    cfg = config.load(write_config(tmp_path, MINIMAL))
    elsewhere = tmp_path / "elsewhere" / "site"
    changed = cfg.with_overrides(output=str(elsewhere))
    assert changed.output_dir == elsewhere
    assert changed.build.content == "content"
    assert changed.site == cfg.site
    assert cfg.output_dir == tmp_path / "output"


def test_no_overrides_changes_nothing(tmp_path: Path) -> None:
    cfg = config.load(write_config(tmp_path, MINIMAL))
    assert cfg.with_overrides() == cfg


# --- finding the repository ---------------------------------------------------------------------


def test_find_root_without_config_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as caught:
        config.find_root(tmp_path)
    message = str(caught.value)
    assert message.startswith(f"no badgegen.toml in {tmp_path}: ")
    assert "--root DIR" in message
    assert "badgegen init DIR" in message
    assert caught.value.exit_code == 2


def test_load_without_config_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        config.load(tmp_path)


def test_find_root_does_not_accept_a_folder_named_like_the_config(tmp_path: Path) -> None:
    (tmp_path / config.CONFIG_NAME).mkdir()
    with pytest.raises(UsageError):
        config.find_root(tmp_path)


def test_find_root_returns_the_folder(tmp_path: Path) -> None:
    assert config.find_root(write_config(tmp_path, MINIMAL)) == tmp_path


def test_invalid_config_is_a_content_error_with_exit_code_1(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as caught:
        config.load(write_config(tmp_path, MINIMAL.replace("https://", "")))
    assert caught.value.exit_code == 1
    assert str(caught.value) == "1 problem in the content"


# --- key lines ----------------------------------------------------------------------------------


def test_key_lines() -> None:
    text = (
        "# comment\n"
        "[site]\n"
        'title = "x"\n'
        "  base_url='https://example.org/'\n"
        "\n"
        "[ build ]\n"
        'output = "public"\n'
    )
    assert config.key_lines(text) == {
        "site": 2,
        "site.title": 3,
        "site.base_url": 4,
        "build": 6,
        "build.output": 7,
    }


# --- encodings --------------------------------------------------------------------------------


def test_config_not_in_utf8_is_a_problem(tmp_path: Path) -> None:
    root = write_config(tmp_path, MINIMAL.replace("Our badges", "R\xe9seau").encode("latin-1"))
    with pytest.raises(ContentError) as caught:
        config.load(root)
    assert caught.value.problems == [
        Problem(
            "badgegen.toml",
            None,
            "not UTF-8 text (invalid continuation byte)",
            "save the file as UTF-8",
        )
    ]


def test_config_with_a_byte_order_mark_loads(tmp_path: Path) -> None:
    root = write_config(tmp_path, "\ufeff" + MINIMAL + "[build]\noutput = 'public'\n")
    cfg = config.load(root)
    assert cfg.site.title == "Our badges"
    assert cfg.build.output == "public"


def test_config_with_a_byte_order_mark_keeps_key_lines(tmp_path: Path) -> None:
    root = write_config(tmp_path, "\ufeff" + MINIMAL.replace("title =", "titel ="))
    with pytest.raises(ContentError) as caught:
        config.load(root)
    assert [(p.line, p.message) for p in caught.value.problems] == [
        (1, "missing site.title"),
        (2, "unknown key 'titel' in [site]"),
    ]
