"""`badgegen earner hide-emails`: replace clear earner addresses by a salted hash, in place.

The edit is textual: the `email:` line found through the YAML node's position becomes the two
lines `email_hash:` and `salt:`, and every other byte of the file stays as it was. Re-dumping the
YAML would lose the comments that explain each field. The address itself is never printed: it
appears in no message, and a comment on its line that contains an `@` is dropped with it.

Every file is checked before any is written, so a problem in one earner leaves all of them as
they were.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import yaml

from badgegen.config import shown_path
from badgegen.errors import ContentError, Problem
from badgegen.formats import FOLDER_OF, FOLDERS, front_matter_end, is_record_file
from badgegen.identity import hash_email, is_email, new_salt

EARNER_SUFFIXES = FOLDERS["earners"][1]


def hide_clear_emails(root: Path, content_dir: Path) -> list[Path]:
    """Convert each earner's clear top-level `email:` to `email_hash` + `salt`; return the files.

    Earners that already have an `email_hash` are left alone. Raises ContentError, before writing
    anything, when a file cannot be read or its `email` cannot be converted safely.
    """
    folder = content_dir / FOLDER_OF["earner"]
    if not folder.is_dir():
        return []
    planned: list[tuple[Path, str]] = []
    problems: list[Problem] = []
    for path in sorted(folder.iterdir()):
        if not is_record_file(path, EARNER_SUFFIXES):
            continue
        rel = shown_path(path, root)
        try:
            text = path.read_bytes().decode("utf-8")  # bytes: keep CRLF line ends as they are
        except UnicodeDecodeError as exc:
            problems.append(
                Problem(rel, None, f"not UTF-8 text ({exc.reason})", "save it as UTF-8")
            )
            continue
        converted, found = convert_text(text, rel, markdown=path.suffix.lower() == ".md")
        problems += found
        if converted is not None and not found:
            planned.append((path, converted))
    if problems:
        raise ContentError(problems)
    for path, text in planned:
        _replace(path, text)
    return [path for path, _ in planned]


def convert_text(text: str, rel: str, *, markdown: bool) -> tuple[str | None, list[Problem]]:
    """The file's new text (None when there is nothing to convert) and the problems met."""
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    text = text.removeprefix("\ufeff")
    head, tail, offset = "", "", 0
    if markdown:
        lines = text.splitlines(keepends=True)
        end = front_matter_end(lines)
        if end is None:
            return None, []  # no (closed) front matter, so no fields; `badgegen check` says so
        head, text, tail, offset = lines[0], "".join(lines[1:end]), "".join(lines[end:]), 1
    converted, problems = _convert_yaml(text, rel, offset)
    if converted is None:
        return None, problems
    return bom + head + converted + tail, problems


def _convert_yaml(text: str, rel: str, offset: int) -> tuple[str | None, list[Problem]]:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        # Only the problem and its line: the error's context snippet could quote the address.
        line = exc.problem_mark.line + 1 + offset if exc.problem_mark else None
        return None, [Problem(rel, line, f"YAML syntax error: {exc.problem}", _FIX_FIRST)]
    except yaml.YAMLError:
        return None, [Problem(rel, None, "YAML error", _FIX_FIRST)]
    if not isinstance(node, yaml.MappingNode):
        return None, []
    pairs = [(key, value) for key, value in node.value if isinstance(key, yaml.ScalarNode)]
    emails = [(key, value) for key, value in pairs if key.value == "email"]
    if not emails or any(key.value == "email_hash" for key, _ in pairs):
        return None, []
    key, value = emails[0]
    line = key.start_mark.line + 1 + offset
    line_start = text.rfind("\n", 0, key.start_mark.index) + 1
    indent = text[line_start : key.start_mark.index]
    if len(emails) > 1:
        return None, [Problem(rel, line, "'email' is written twice", "keep only one", "email")]
    if node.flow_style or indent.strip():
        return None, [
            Problem(rel, line, "cannot convert an email inside { … }", _ONE_PER_LINE, "email")
        ]
    if not isinstance(value, yaml.ScalarNode) or not is_email(str(value.value)):
        return None, [
            Problem(
                rel,
                line,
                "email is not a valid email address",
                "correct it (like name@example.org), then run the command again",
                "email",
            )
        ]
    salt = new_salt()
    newline = "\r\n" if "\r\n" in text else "\n"
    fields = [f'email_hash: "{hash_email(str(value.value), salt)}"', f'salt: "{salt}"']
    if value.style in ("|", ">"):
        # A block scalar ends at the start of the line after it: replace whole lines.
        end, comment, trailer = value.end_mark.index, "", newline
    else:
        end = text.find("\n", value.end_mark.index)
        end = len(text) if end == -1 else end
        rest = text[value.end_mark.index : end]
        trailer = "\r" if rest.endswith("\r") else ""
        rest = rest.strip()
        comment = f"  {rest}" if rest.startswith("#") and "@" not in rest else ""
    fields[0] += comment
    converted = text[:line_start] + newline.join(indent + f for f in fields) + trailer + text[end:]
    if not _converted_ok(converted):
        return None, [Problem(rel, line, "cannot convert this email line safely", _ONE_PER_LINE)]
    return converted, []


_FIX_FIRST = "fix the file, then run the command again"
_ONE_PER_LINE = "write the fields one per line, like `email: name@example.org`, then run it again"


def _converted_ok(text: str) -> bool:
    """A last check that the edit gave the intended fields, before anything is written."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return False
    return isinstance(data, dict) and "email" not in data and {"email_hash", "salt"} <= data.keys()


def _replace(path: Path, text: str) -> None:
    """Write next to the file, then rename over it: a crash never leaves half an earner."""
    temporary = path.with_name(f".{path.name}.hide-emails")
    temporary.write_bytes(text.encode("utf-8"))
    shutil.copymode(path, temporary)
    os.replace(temporary, path)
