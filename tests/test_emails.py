"""`hide_clear_emails` swaps one line for a salted hash and leaves every other byte alone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from badgegen.emails import hide_clear_emails
from badgegen.errors import ContentError
from badgegen.identity import hash_email

ADDRESS = "Camille.Martin@Example.org"

EARNER = f"""\
# A person who receives badges.
name: "Camille Martin"   # display name
# Identity: replaced by a hash.
email: {ADDRESS}  # work address
showcase: public  # listed
bio: |
  Facilitator.
# Links.
links:
  - name: Site
    url: https://example.org/camille
"""


def write(content: Path, name: str, text: str) -> Path:
    path = content / "earners" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    return path


def front_matter(text: str) -> dict[str, str]:
    return dict(yaml.safe_load(text.split("---\n")[1]))


@pytest.fixture
def content(tmp_path: Path) -> Path:
    return tmp_path / "content"


def test_converts_the_email_line_and_keeps_every_other_line(content: Path) -> None:
    path = write(content, "camille-martin.yml", EARNER)

    assert hide_clear_emails(content.parent, content) == [path]

    before, after = EARNER.splitlines(), path.read_text(encoding="utf-8").splitlines()
    assert after[:3] == before[:3] and after[5:] == before[4:]
    assert re.fullmatch(r'email_hash: "sha256\$[0-9a-f]{64}"  # work address', after[3])
    assert re.fullmatch(r'salt: "[0-9a-f]{32}"', after[4])
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert "email" not in data
    assert data["email_hash"] == hash_email(ADDRESS, data["salt"])
    assert data["links"] == [{"name": "Site", "url": "https://example.org/camille"}]


def test_the_address_is_gone_from_the_file(content: Path) -> None:
    path = write(content, "camille-martin.yml", EARNER.replace("work address", ADDRESS))

    hide_clear_emails(content.parent, content)

    text = path.read_text(encoding="utf-8").lower()
    assert "@example.org" not in text and "camille.martin" not in text


def test_front_matter_earner_keeps_its_body(content: Path) -> None:
    body = "\nCamille runs the Tuesday workshops.\n"
    text = f"---\nname: Camille\nemail: '{ADDRESS}'\n# a comment\n---\n{body}"
    path = write(content, "camille.md", text)

    assert hide_clear_emails(content.parent, content) == [path]

    new = path.read_text(encoding="utf-8")
    assert new.endswith(f"# a comment\n---\n{body}") and new.startswith("---\nname: Camille\n")
    data = front_matter(new)
    assert data["email_hash"] == hash_email(ADDRESS, data["salt"])


def test_yaml_extension_bom_and_crlf_are_kept(content: Path) -> None:
    text = "\ufeffname: Camille\r\nemail: camille@example.org\r\nshowcase: public\r\n"
    path = write(content, "camille.yaml", text)

    hide_clear_emails(content.parent, content)

    raw = path.read_bytes()
    assert raw.startswith("\ufeffname: Camille\r\n".encode())
    assert raw.endswith(b"\r\nshowcase: public\r\n")
    assert raw.count(b"\r\n") == 4 and b"\n" not in raw.replace(b"\r\n", b"")


def test_each_earner_gets_its_own_salt(content: Path) -> None:
    one = write(content, "one.yml", "name: One\nemail: same@example.org\n")
    two = write(content, "two.yml", "name: Two\nemail: same@example.org\n")

    assert hide_clear_emails(content.parent, content) == [one, two]

    salts = {yaml.safe_load(path.read_text(encoding="utf-8"))["salt"] for path in (one, two)}
    assert len(salts) == 2


def test_skips_hashed_and_email_less_earners(content: Path) -> None:
    hashed = write(
        content,
        "hashed.yml",
        f'name: H\nemail_hash: "{hash_email("h@example.org", "abcd1234")}"\nsalt: "abcd1234"\n',
    )
    plain = write(content, "plain.yml", "name: Plain\n# email: p@example.org\n")
    nested = write(content, "nested.yml", "name: N\nlinks:\n  - name: email\n    email: n@x.org\n")
    before = {path: path.read_bytes() for path in (hashed, plain, nested)}

    assert hide_clear_emails(content.parent, content) == []
    assert before == {path: path.read_bytes() for path in (hashed, plain, nested)}


def test_ignores_files_the_build_ignores(content: Path) -> None:
    paths = [
        write(content, "_draft.yml", "name: D\nemail: d@example.org\n"),
        write(content, ".hidden.yml", "name: H\nemail: h@example.org\n"),
        write(content, "notes.txt", "email: n@example.org\n"),
    ]

    assert hide_clear_emails(content.parent, content) == []
    assert all(b"email:" in path.read_bytes() for path in paths)


def test_no_earners_folder(content: Path) -> None:
    assert hide_clear_emails(content.parent, content) == []


def test_a_bad_file_stops_everything_and_names_no_address(content: Path) -> None:
    good = write(content, "good.yml", "name: Good\nemail: good@example.org\n")
    bad = write(content, "bad.yml", "name: Bad\n# note\nemail: not-an-address\n")
    before = {good: good.read_bytes(), bad: bad.read_bytes()}

    with pytest.raises(ContentError) as raised:
        hide_clear_emails(content.parent, content)

    [problem] = raised.value.problems
    assert (problem.path, problem.line) == ("content/earners/bad.yml", 3)
    assert "not a valid email" in problem.message
    assert "not-an-address" not in problem.format()
    assert before == {good: good.read_bytes(), bad: bad.read_bytes()}


def test_problem_paths_are_relative_to_the_repository_root(tmp_path: Path) -> None:
    """With `[build] content = "data/badges"`, paths start at the root, not at `data/`."""
    content = tmp_path / "data" / "badges"
    write(content, "bad.yml", "name: Bad\nemail: not-an-address\n")

    with pytest.raises(ContentError) as raised:
        hide_clear_emails(tmp_path, content)

    assert [p.path for p in raised.value.problems] == ["data/badges/earners/bad.yml"]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("name: [Bad\nemail: bad@example.org\n", 2, "YAML syntax error"),
        ("{name: Bad, email: bad@example.org}\n", 1, "inside { … }"),
        ("name: Bad\nemail: a@example.org\nemail: b@example.org\n", 2, "written twice"),
    ],
)
def test_reports_what_it_cannot_convert(
    content: Path, capsys: pytest.CaptureFixture[str], text: str, line: int, message: str
) -> None:
    write(content, "bad.yml", text)

    with pytest.raises(ContentError) as raised:
        hide_clear_emails(content.parent, content)

    [problem] = raised.value.problems
    assert problem.line == line and message in problem.message
    assert not re.search(r"\b(bad|a|b)@example\.org", problem.format())
    captured = capsys.readouterr()
    assert "@" not in captured.out + captured.err


def test_prints_nothing(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(content, "camille-martin.yml", EARNER)

    hide_clear_emails(content.parent, content)

    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""
