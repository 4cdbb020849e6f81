"""YAML and front-matter reading: the line of every key, the body, encodings, dates kept as text."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from badgegen.content import yamlio
from badgegen.content.discover import SourceFile
from badgegen.content.yamlio import RawRecord, read_record
from badgegen.errors import Problem
from badgegen.formats import Kind, split_front_matter

AWARD = """\
id: 0b7c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d
badge: first-steps
earner: camille
issued_on: 2025-03-14
evidence:
  - file: evidence/photo.png
    name: Photo
  - name: Blog post

    url: https://example.org/blog
revoked:
  date: 2025-06-01
  reason: Issued by mistake
"""

BADGE = """\
---
name: First steps
issuer: atelier
tags:
  - email
  - web
---
Send an email with an attachment.
"""


@pytest.fixture(autouse=True, params=["libyaml", "pure-python"])
def loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every test here runs with libyaml's parser and with the pure-Python one (PyYAML built
    without libyaml), which must give the same data, lines and problems."""
    if request.param == "pure-python":
        monkeypatch.setattr(yamlio, "_Fast", None)
    elif yamlio._Fast is None:
        pytest.skip("PyYAML was built without libyaml")
    return str(request.param)


def read(
    tmp_path: Path, name: str, data: str | bytes, kind: Kind = "award"
) -> tuple[RawRecord | None, list[Problem]]:
    path = tmp_path / name
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8", newline="")
    source = SourceFile(path=path, rel=f"content/{name}", kind=kind, slug=path.stem)
    return read_record(source)


def read_ok(tmp_path: Path, name: str, data: str | bytes, kind: Kind = "award") -> RawRecord:
    raw, problems = read(tmp_path, name, data, kind)
    assert problems == []
    assert raw is not None
    return raw


# --- key lines ----------------------------------------------------------------------------------


def test_lines_of_nested_keys(tmp_path: Path) -> None:
    raw = read_ok(tmp_path, "award.yml", AWARD)
    assert raw.lines == {
        "": 1,
        "id": 1,
        "badge": 2,
        "earner": 3,
        "issued_on": 4,
        "evidence": 5,
        "evidence[0]": 6,
        "evidence[0].file": 6,
        "evidence[0].name": 7,
        "evidence[1]": 8,
        "evidence[1].name": 8,
        "evidence[1].url": 10,
        "revoked": 11,
        "revoked.date": 12,
        "revoked.reason": 13,
    }


@pytest.mark.parametrize(
    ("key", "line"),
    [
        ("evidence[1].url", 10),
        ("evidence[1].file", 8),  # absent: the line of its item
        ("evidence[7]", 5),  # absent: the line of the list
        ("revoked.note", 11),  # absent: the line of its mapping
        ("expires", 1),  # absent at the top: the first line of the data
        ("", 1),
    ],
)
def test_line_falls_back_to_the_nearest_parent(tmp_path: Path, key: str, line: int) -> None:
    assert read_ok(tmp_path, "award.yml", AWARD).line(key) == line


def test_front_matter_lines_count_from_the_top_of_the_file(tmp_path: Path) -> None:
    raw = read_ok(tmp_path, "first-steps.md", BADGE, kind="badge")
    assert raw.data == {"name": "First steps", "issuer": "atelier", "tags": ["email", "web"]}
    assert raw.lines == {"": 2, "name": 2, "issuer": 3, "tags": 4, "tags[0]": 5, "tags[1]": 6}
    assert raw.body == "Send an email with an attachment.\n"
    assert raw.body_line == 8


def test_front_matter_syntax_error_line_counts_the_opening_fence(tmp_path: Path) -> None:
    text = BADGE.replace("issuer: atelier", "issuer: atelier: numérique")
    raw, problems = read(tmp_path, "first-steps.md", text, kind="badge")
    assert raw is None
    assert [p.format().split("\n")[0] for p in problems] == [
        "content/first-steps.md:3: YAML syntax error: a value contains ': ' (a colon and a space)"
    ]


def test_yaml_syntax_error_line(tmp_path: Path) -> None:
    bad_indent = AWARD.replace("  - name: Blog", " - name: Blog")
    raw, problems = read(tmp_path, "award.yml", bad_indent)
    assert raw is None
    assert [p.format().split("\n")[0] for p in problems] == [
        "content/award.yml:8: YAML syntax error: this line is indented differently from the "
        "lines above"
    ]


def test_unclosed_quote_is_reported_where_it_opens(tmp_path: Path) -> None:
    raw, problems = read(tmp_path, "award.yml", AWARD.replace("name: Photo", "name: 'Photo"))
    assert raw is None
    assert [p.line for p in problems] == [7]


def test_duplicate_keys_are_reported_at_the_second_one(tmp_path: Path) -> None:
    raw, problems = read(tmp_path, "award.yml", AWARD + "badge: other\n")
    assert raw is not None  # the data is still read
    assert [(p.line, p.message, p.field) for p in problems] == [
        (14, "'badge' is written twice", "badge")
    ]
    assert raw.lines["badge"] == 2  # the first one


def test_crlf_line_endings_keep_line_numbers(tmp_path: Path) -> None:
    raw = read_ok(tmp_path, "first-steps.md", BADGE.replace("\n", "\r\n"), kind="badge")
    assert raw.lines["tags[1]"] == 6
    assert raw.body_line == 8
    assert raw.body.strip() == "Send an email with an attachment."
    assert "\r" not in raw.body


def test_old_mac_line_endings_are_line_breaks_too(tmp_path: Path) -> None:
    """A lone carriage return ends a line, as Python's text files read it."""
    raw = read_ok(tmp_path, "first-steps.md", BADGE.replace("\n", "\r"), kind="badge")
    assert raw.data["name"] == "First steps"
    assert raw.lines["tags[1]"] == 6
    assert raw.body == "Send an email with an attachment.\n"


# --- files that are not plain UTF-8 -------------------------------------------------------------


def test_byte_order_mark_is_ignored_in_yml(tmp_path: Path) -> None:
    raw = read_ok(tmp_path, "award.yml", "\ufeff" + AWARD)
    assert "id" in raw.data  # not "\ufeffid"
    assert raw.lines == read_ok(tmp_path, "plain.yml", AWARD).lines


def test_byte_order_mark_is_ignored_before_front_matter(tmp_path: Path) -> None:
    raw = read_ok(tmp_path, "first-steps.md", "\ufeff" + BADGE, kind="badge")
    assert raw.data["name"] == "First steps"
    assert raw.lines["name"] == 2


def test_non_utf8_file_is_reported(tmp_path: Path) -> None:
    raw, problems = read(tmp_path, "camille.yml", "name: François\n".encode("cp1252"), "earner")
    assert raw is None
    assert problems == [
        Problem(
            "content/camille.yml",
            1,
            "not UTF-8 text (invalid continuation byte)",
            "save the file as UTF-8",
        )
    ]


# --- values -------------------------------------------------------------------------------------


def test_dates_stay_text(tmp_path: Path) -> None:
    raw = read_ok(
        tmp_path,
        "award.yml",
        "issued_on: 2025-03-14\nexpires: 2025-03-14 10:30:00\nrevoked: {date: 2025-13-01}\n",
    )
    assert raw.data == {
        "issued_on": "2025-03-14",
        "expires": "2025-03-14 10:30:00",
        "revoked": {"date": "2025-13-01"},
    }


def test_scalars_stay_the_text_written(tmp_path: Path) -> None:
    raw = read_ok(tmp_path, "x.yml", "a: 3\nb: yes\nc: ~\nd: 1.10\ne: 0101\nf:\n")
    assert raw.data == {"a": "3", "b": "yes", "c": None, "d": "1.10", "e": "0101", "f": None}


def test_the_global_safe_loader_is_left_alone() -> None:
    assert yaml.safe_load("d: 2025-03-14")["d"].isoformat() == "2025-03-14"


# --- front matter and empty files ---------------------------------------------------------------


def test_missing_front_matter(tmp_path: Path) -> None:
    raw, problems = read(tmp_path, "atelier.md", "name: Atelier\n", kind="issuer")
    assert raw is None
    assert [(p.line, p.message) for p in problems] == [(1, "missing front matter")]


def test_empty_yml_is_an_empty_record(tmp_path: Path) -> None:
    raw = read_ok(tmp_path, "empty.yml", "# nothing yet\n", kind="earner")
    assert raw.data == {}
    assert raw.line("name") == 1


def test_top_level_list_is_reported(tmp_path: Path) -> None:
    raw, problems = read(tmp_path, "x.yml", "- name: Dominique\n", kind="earner")
    assert raw is None
    assert [(p.line, p.message) for p in problems] == [
        (1, "the fields must be a mapping of `name: value` lines")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("---\na: 1\n---\nbody\n", ("a: 1\n", "body\n", 4)),
        ("---\na: 1\n...\nbody\n", ("a: 1\n", "body\n", 4)),
        ("---\n---\n", ("", "", 3)),
        ("---  \na: 1\n---\n", ("a: 1\n", "", 4)),
        ("a: 1\n", None),
        ("---\na: 1\n", None),  # never closed
        ("", None),
    ],
)
def test_split_front_matter(text: str, expected: tuple[str, str, int] | None) -> None:
    assert split_front_matter(text) == expected


QUOTE = "YAML syntax error: a quote opened on this line is never closed"
LIST = "YAML syntax error: a list opened with [ on this line is not closed with ]"
GROUP = "YAML syntax error: a group opened with { on this line is not closed with }"


@pytest.mark.parametrize(
    ("name", "kind", "text", "expected"),
    [
        pytest.param(
            "award.yml",
            "award",
            AWARD.replace("name: Photo", 'name: "Photo'),
            f"7: {QUOTE}",
            id="double-quote-yml",
        ),
        pytest.param(
            "award.yml",
            "award",
            AWARD.replace("earner: camille", "earner: 'camille"),
            f"3: {QUOTE}",
            id="single-quote-yml",
        ),
        pytest.param(
            "award.yml",
            "award",
            AWARD.replace("badge: first-steps", "badge: [first-steps"),
            f"2: {LIST}",
            id="flow-list-yml",
        ),
        pytest.param(
            "award.yml",
            "award",
            AWARD.replace("  date: 2025-06-01", "  date: {on: 2025-06-01"),
            f"12: {GROUP}",
            id="flow-mapping-yml",
        ),
        pytest.param(
            "award.yml",
            "award",
            AWARD + "tags: [email,\n  web,\n  print\n",
            f"14: {LIST}",
            id="flow-list-over-lines-at-the-end-yml",
        ),
        pytest.param(
            "first-steps.md",
            "badge",
            BADGE.replace("name: First steps", 'name: "First steps'),
            f"2: {QUOTE}",
            id="double-quote-front-matter",
        ),
        pytest.param(
            "first-steps.md",
            "badge",
            BADGE.replace("issuer: atelier", "issuer: 'atelier"),
            f"3: {QUOTE}",
            id="single-quote-front-matter",
        ),
        pytest.param(
            "first-steps.md",
            "badge",
            BADGE.replace("name: First steps", "name: [First steps"),
            f"2: {LIST}",
            id="flow-list-front-matter",
        ),
        pytest.param(
            "first-steps.md",
            "badge",
            BADGE.replace("issuer: atelier", "issuer: {slug: atelier"),
            f"3: {GROUP}",
            id="flow-mapping-front-matter",
        ),
    ],
)
def test_unclosed_quotes_and_brackets_point_where_they_open(
    tmp_path: Path, name: str, kind: Kind, text: str, expected: str
) -> None:
    raw, problems = read(tmp_path, name, text, kind)
    assert raw is None
    assert [p.format().split("\n")[0] for p in problems] == [f"content/{name}:{expected}"]
