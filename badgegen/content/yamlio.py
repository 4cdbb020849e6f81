"""YAML and front-matter parsing that keeps the line of every key, so messages can point at it."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import yaml
from yaml.reader import ReaderError

from badgegen.content import limits
from badgegen.content.discover import SourceFile
from badgegen.content.parsed import KeptParses, source_key
from badgegen.errors import Problem
from badgegen.formats import FRONT_MATTER_FENCE, marked_lines_of, split_front_matter


class _Refused(yaml.MarkedYAMLError):
    """A YAML feature records never need, refused while composing (before any expansion)."""


class _Refusing(yaml.composer.Composer):
    """The composer of both loaders: it refuses anchors, aliases and deep nesting as it meets
    them, from the parser's events, so nothing is ever expanded.

    Anchors and aliases (`&name`, `*name`) are refused as soon as they are met: records never
    need them, and a few kB of nested aliases expand to gigabytes in any walk over the data.
    Nesting is bounded too, before the recursive composer would overflow the stack.
    """

    depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event = self.peek_event()  # type: ignore[attr-defined]
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise _Refused(
                problem="anchors and aliases (&name, *name) are not allowed in content files",
                problem_mark=event.start_mark,
            )
        if self.depth >= limits.MAX_YAML_DEPTH:
            raise _Refused(
                problem=f"the fields are nested more than {limits.MAX_YAML_DEPTH} levels deep",
                problem_mark=event.start_mark,
            )
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _Loader(
    yaml.reader.Reader,
    yaml.scanner.Scanner,
    yaml.parser.Parser,
    _Refusing,
    yaml.constructor.SafeConstructor,
    yaml.resolver.Resolver,
):
    """SafeLoader that reads every scalar as the text written (only `null`/`~`/empty is special).

    No content field is a number or a yes/no value, and YAML 1.1's guesses hurt here: `0101` would
    become 65, `1.10` would become 1.1, `no` would become False and `2025-13-01` would crash the
    parser. Validation parses dates and other formats itself and says what is wrong.
    """

    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        _Refusing.__init__(self)
        yaml.constructor.SafeConstructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)


_KEEP = {"tag:yaml.org,2002:null", "tag:yaml.org,2002:merge"}
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag in _KEEP]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _libyaml_loader() -> Any:
    """The same loader on the events of libyaml's parser, or None when PyYAML was built without
    libyaml. libyaml scans and parses about ten times faster than the pure-Python parser, and
    its events carry the same marks (lines); the refusing composer comes first in the method
    order, so anchors, aliases and depth are refused by the same code."""
    try:
        from yaml._yaml import CParser
    except ImportError:
        return None

    class Fast(_Refusing, CParser, yaml.constructor.SafeConstructor, yaml.resolver.Resolver):
        yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            _Refusing.__init__(self)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)

    return Fast


_Fast: Any = _libyaml_loader()


def _fast_compose(text: str) -> tuple[yaml.Node | None, Any] | None:
    """(node, data) with libyaml, or None when it is missing or the text has any fault: then
    the pure-Python loader reads it again and says what is wrong in its own words (the line
    where a quote opened, the character YAML does not allow), the same with or without libyaml.
    """
    if _Fast is None or yaml.reader.Reader.NON_PRINTABLE.search(text):
        return None
    loader = _Fast(text)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    except (yaml.YAMLError, RecursionError):
        return None
    finally:
        loader.dispose()


@dataclass(frozen=True, slots=True)
class RawRecord:
    """A parsed record file: its data, the line of every key path, and the Markdown body."""

    source: SourceFile
    data: dict[str, Any]
    lines: dict[str, int] = field(default_factory=dict)
    """Key path (`name`, `evidence[1].file`) → 1-based line in the file."""
    body: str = ""
    body_line: int = 1

    def line(self, key: str) -> int:
        """The line of a key path, else of its nearest parent, else the first line of the data."""
        while key:
            if key in self.lines:
                return self.lines[key]
            key = (
                key.rsplit(".", 1)[0] if "." in key else key.split("[", 1)[0] if "[" in key else ""
            )
        return self.lines.get("", 1)

    def problem(self, key: str, message: str, hint: str = "", *, warning: bool = False) -> Problem:
        """A problem located at the line of `key` in this file."""
        return Problem(
            self.source.rel,
            self.line(key),
            message,
            hint,
            field=key,
            severity="warning" if warning else "error",
        )


def _walk(
    node: yaml.Node, path: str, offset: int, lines: dict[str, int], dups: list[tuple[str, int]]
) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            child = f"{path}.{key}" if path else key
            line = key_node.start_mark.line + 1 + offset
            if key in seen:
                dups.append((child, line))
            seen.add(key)
            lines.setdefault(child, line)
            _walk(value_node, child, offset, lines, dups)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            child = f"{path}[{index}]"
            lines.setdefault(child, item.start_mark.line + 1 + offset)
            _walk(item, child, offset, lines, dups)


_OPENERS = ("quoted scalar", "flow sequence", "flow mapping")
"""The contexts whose mark is the quote, `[` or `{` that was opened and never closed."""

GENERIC_HINT = (
    "check the indentation, and put quotes around values that contain ': ' or start with "
    "a special character (* & ! | > ' \" % @ `)"
)


def explain_yaml_error(context: str, problem: str) -> tuple[str, str]:
    """A plain message and hint for the YAML mistakes people make most, else PyYAML's words."""
    if "quoted scalar" in context:
        return (
            "YAML syntax error: a quote opened on this line is never closed",
            "add the closing quote",
        )
    if "mapping values are not allowed" in problem:
        return (
            "YAML syntax error: a value contains ': ' (a colon and a space)",
            'put the whole value in quotes, like: name: "Atelier : premiers pas"',
        )
    if "flow sequence" in context:
        return (
            "YAML syntax error: a list opened with [ on this line is not closed with ]",
            "write the list as [a, b] on one line, or as lines starting with '- '",
        )
    if "flow mapping" in context:
        return (
            "YAML syntax error: a group opened with { on this line is not closed with }",
            "close it with }, or write its fields on their own indented lines, without braces",
        )
    if "block mapping" in context and "expected <block end>" in problem:
        return (
            "YAML syntax error: this line is indented differently from the lines above",
            "fields of the same level start in the same column; use spaces, not tabs",
        )
    message = " ".join(filter(None, [context, problem])) or "invalid YAML"
    return f"YAML syntax error: {message}", GENERIC_HINT


def parse_yaml(
    text: str, source: SourceFile, offset: int = 0
) -> tuple[Any, dict[str, int], list[Problem]]:
    """Parse one YAML document; `offset` is the number of lines before it in the file."""
    problems: list[Problem] = []
    fast = _fast_compose(text)
    if fast is not None:
        node, data = fast
        if node is None:
            return None, {}, problems
    else:
        parsed = _slow_compose(text, source, offset)
        if isinstance(parsed, list):
            return None, {}, parsed
        node, data = parsed
        if node is None:
            return None, {}, problems
    lines: dict[str, int] = {"": node.start_mark.line + 1 + offset}
    dups: list[tuple[str, int]] = []
    _walk(node, "", offset, lines, dups)
    for key, line in dups:
        problems.append(
            Problem(
                source.rel, line, f"{key!r} is written twice", "keep only one of them", field=key
            )
        )
    return data, lines, problems


def _slow_compose(
    text: str, source: SourceFile, offset: int
) -> tuple[yaml.Node | None, Any] | list[Problem]:
    """(node, data) with the pure-Python loader, or the problem that stops it, at its line."""
    loader: _Loader | None = None
    try:
        loader = _Loader(text)  # checks every character first: may raise ReaderError
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    except _Refused as exc:
        mark = exc.problem_mark
        line = mark.line + 1 + offset if mark else None
        hint = "write each value out in full" if "alias" in str(exc.problem) else ""
        return [Problem(source.rel, line, str(exc.problem), hint)]
    except ReaderError as exc:
        line = text.count("\n", 0, max(exc.position, 0)) + 1 + offset
        what = f"#x{exc.character:04x}" if isinstance(exc.character, int) else repr(exc.character)
        return [
            Problem(
                source.rel,
                line,
                f"the file contains a character YAML does not allow ({what}): {exc.reason}",
                "remove it (control characters are often pasted by accident from other programs)",
            )
        ]
    except yaml.MarkedYAMLError as exc:
        # PyYAML notices an unclosed quote, [ or { where the text runs out or where the next field
        # begins (often the end of the file); its context mark is where the quote or bracket opened.
        opened = exc.context and any(word in exc.context for word in _OPENERS)
        mark = (exc.context_mark if opened else None) or exc.problem_mark or exc.context_mark
        line = mark.line + 1 + offset if mark else None
        message, hint = explain_yaml_error(exc.context or "", exc.problem or "")
        return [Problem(source.rel, line, message, hint)]
    except yaml.YAMLError as exc:
        return [Problem(source.rel, None, f"YAML error: {exc}")]
    finally:
        if loader is not None:
            loader.dispose()


def scan_top_level(source: SourceFile, keys: tuple[str, ...]) -> dict[str, str]:
    """Plain values of some top-level keys, read line by line from a file that failed to parse.

    Lets validation know that a broken award still declares its id and badge, so references to
    it are not reported a second time.
    """
    try:
        if source.path.stat().st_size > limits.MAX_RECORD_BYTES:
            return {}
        text = source.path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return {}
    found: dict[str, str] = {}
    for line in text.splitlines():
        match = re.match(r"^([A-Za-z_]+):[\s\[\"']*([a-z0-9][a-z0-9-]*)", line)
        if match and match.group(1) in keys:
            found.setdefault(match.group(1), match.group(2))
    return found


def read_source(source: SourceFile) -> bytes | Problem:
    """The bytes of a record file, or why it cannot be read as a record (too large: a file is
    never read whole past the limit; unreadable)."""
    try:
        size = source.path.stat().st_size
        if size > limits.MAX_RECORD_BYTES:
            return Problem(
                source.rel,
                None,
                f"the file is {size // limits.KIB} kB, more than the limit of "
                f"{limits.MAX_RECORD_BYTES // limits.KIB} kB for a record",
                "a record holds fields and a short text; put long documents in evidence files",
            )
        return source.path.read_bytes()
    except OSError as exc:
        return Problem(source.rel, None, f"cannot read the file: {exc.strerror}")


def _read_text(source: SourceFile, data: bytes) -> str | Problem:
    """The file's text (without a BOM, its line ends as `\\n`, as Python's text files read it),
    or why its bytes cannot be read as a record."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return Problem(source.rel, line, f"not UTF-8 text ({exc.reason})", "save the file as UTF-8")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.removeprefix("\ufeff")


def _front_matter(source: SourceFile, text: str) -> tuple[str, str, int] | Problem:
    """A `.md` record's front matter, its Markdown body and the body's first line."""
    parts = split_front_matter(text)
    if parts is not None:
        return parts
    if text.lstrip("\ufeff").startswith(FRONT_MATTER_FENCE):
        return Problem(
            source.rel,
            1,
            "the front matter is never closed",
            "add a line '---' after the last field, before the Markdown text",
        )
    return Problem(
        source.rel,
        1,
        "missing front matter",
        "start the file with a line '---', the fields (name: …), another line '---', "
        "then the Markdown text",
    )


class Read(NamedTuple):
    """What reading one record file gave."""

    raw: RawRecord | None
    problems: list[Problem]
    marks: list[int]
    """The lines that hold a template mark (`formats.marked_lines`)."""


def read_kept(
    source: SourceFile, kept: KeptParses | None = None, digest: str | None = None
) -> Read:
    """Read a record file: front matter + Markdown for `.md`, a plain mapping for `.yml`.

    With `kept`, a file that an earlier build parsed without a problem is not parsed again
    (`badgegen.content.parsed`), and a fresh parse without a problem is kept; `digest`, the
    SHA-256 of the file's bytes when the build already knows it, spares even reading it.
    """
    suffix = source.path.suffix
    if kept is not None and digest is not None:
        found = kept.get(source_key(suffix, digest))
        if found is not None:
            return Read(RawRecord(source, *found[0]), [], found[1])
    data = read_source(source)
    if isinstance(data, Problem):
        return Read(None, [data], [])
    marks = marked_lines_of(data)
    text = _read_text(source, data)
    if isinstance(text, Problem):
        return Read(None, [text], marks)
    if kept is None:
        return Read(*_parse_record(source, text), marks)
    key = source_key(suffix, hashlib.sha256(data).hexdigest())
    found = kept.get(key)
    if found is not None:
        return Read(RawRecord(source, *found[0]), [], marks)
    raw, problems = _parse_record(source, text)
    if raw is not None and not problems:
        kept.put(key, (raw.data, raw.lines, raw.body, raw.body_line), marks)
    return Read(raw, problems, marks)


def read_record(
    source: SourceFile, kept: KeptParses | None = None
) -> tuple[RawRecord | None, list[Problem]]:
    """`read_kept` without the marks."""
    read = read_kept(source, kept)
    return read.raw, read.problems


def _parse_record(source: SourceFile, text: str) -> tuple[RawRecord | None, list[Problem]]:
    """`read_record` of a file's text."""
    body, body_line, offset = "", 1, 0
    if source.path.suffix.lower() == ".md":
        parts = _front_matter(source, text)
        if isinstance(parts, Problem):
            return None, [parts]
        text, body, body_line = parts
        offset = 1
    data, lines, problems = parse_yaml(text, source, offset)
    if problems and data is None:
        return None, problems
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return None, [
            *problems,
            Problem(
                source.rel,
                lines.get("", 1),
                "the fields must be a mapping of `name: value` lines",
                "write one field per line, like `name: Premiers pas`",
            ),
        ]
    return RawRecord(source, data, lines, body, body_line), problems
