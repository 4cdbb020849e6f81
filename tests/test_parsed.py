"""Record files parsed by an earlier build are not parsed again when their text is the same (#12)."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from badgegen import config, memo
from badgegen.content import ledger_file, parsed, yamlio
from badgegen.content.discover import SourceFile
from badgegen.content.ledger_file import read_ledger
from badgegen.content.parsed import KeptParses
from badgegen.content.yamlio import RawRecord, read_record
from badgegen.errors import Problem
from badgegen.load import load
from tests.conftest import ScratchRepo, build_repo

AWARD = """\
id: 0b7c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d
badge: first-steps
earner: camille
issued_on: 2025-03-14
narrative: |
  Camille a envoyé son premier courriel.
evidence:
  - name: Photo
    file: evidence/photo.png
"""

BADGE = """\
---
name: Premiers pas
issuer: atelier
---
Envoyer un courriel avec une pièce jointe.
"""


def _source(tmp_path: Path, name: str, text: str) -> SourceFile:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return SourceFile(path=path, rel=f"content/{name}", kind="award", slug=path.stem)


def _read_twice(source: SourceFile) -> tuple[RawRecord | None, list[Problem]]:
    """Read with a fresh `KeptParses`, save, and read again as the next build would."""
    kept = KeptParses()
    read_record(source, kept)
    kept.save()
    return read_record(source, KeptParses())


def _no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object) -> None:
        raise AssertionError("parsed again")

    monkeypatch.setattr(yamlio, "_parse_record", refuse)


@pytest.mark.parametrize(("name", "text"), [("award.yml", AWARD), ("badge.md", BADGE)])
def test_the_same_text_is_not_parsed_again_and_reads_the_same(
    disk: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, text: str
) -> None:
    source = _source(tmp_path, name, text)
    fresh, _ = read_record(source)
    kept = KeptParses()
    read_record(source, kept)
    kept.save()
    _no_parsing(monkeypatch)
    again, problems = read_record(source, KeptParses())
    assert problems == []
    assert again == fresh  # fields, line of every key, body and its line


def test_an_edited_file_is_parsed_again(disk: Path, tmp_path: Path) -> None:
    source = _source(tmp_path, "award.yml", AWARD)
    kept = KeptParses()
    read_record(source, kept)
    kept.save()
    source.path.write_text(AWARD.replace("premier courriel", "deuxième courriel"), "utf-8")
    raw, _ = read_record(source, KeptParses())
    assert raw is not None
    assert raw.data["narrative"] == "Camille a envoyé son deuxième courriel.\n"


def test_a_file_with_a_problem_is_parsed_every_time(disk: Path, tmp_path: Path) -> None:
    source = _source(tmp_path, "award.yml", AWARD + "badge: twice\n")
    raw, problems = _read_twice(source)
    assert raw is not None
    assert [p.message for p in problems] == ["'badge' is written twice"]


@pytest.mark.parametrize(
    ("tagged", "value"), [("!!int 5", 5), ("!!binary aGk=", b"hi"), ("!!float 1.10", 1.1)]
)
def test_a_value_json_would_change_is_never_kept(
    disk: Path, tmp_path: Path, tagged: str, value: object
) -> None:
    source = _source(tmp_path, "award.yml", AWARD + f"extra: {tagged}\n")
    raw, _ = _read_twice(source)
    assert raw is not None
    assert raw.data["extra"] == value and type(raw.data["extra"]) is type(value)


def test_an_entry_of_the_wrong_shape_is_ignored(
    disk: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = _source(tmp_path, "award.yml", AWARD)
    key = parsed.source_key(".yml", hashlib.sha256(AWARD.encode()).hexdigest())
    wrong = (
        {key: "not a parse"},
        {key: [{"id": "x"}, {"id": "one"}, "", 1, []]},  # a line that is not a number
        {key: [{"id": "x"}, {"id": 1}, "", 1]},  # no marks
        [1, 2],
    )
    for entry in wrong:
        memo.write_entry(parsed.STORE, parsed.KEY, json.dumps(entry).encode())
        raw, problems = read_record(source, KeptParses())
        assert problems == [] and raw is not None
        assert raw.data["earner"] == "camille"  # what the file says, parsed again
    memo.write_entry(parsed.STORE, parsed.KEY, b"{not json")
    raw, _ = read_record(source, KeptParses())
    assert raw is not None and raw.data["badge"] == "first-steps"


def test_without_a_cache_folder_nothing_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = _source(tmp_path, "award.yml", AWARD)
    memo.use_disk(None)
    kept = KeptParses()
    read_record(source, kept)
    kept.save()
    calls: list[str] = []
    real = yamlio._parse_record

    def counted(source: SourceFile, text: str) -> tuple[RawRecord | None, list[Problem]]:
        calls.append(source.rel)
        return real(source, text)

    monkeypatch.setattr(yamlio, "_parse_record", counted)
    read_record(source, KeptParses())
    assert calls == ["content/award.yml"]


def test_a_second_load_reports_the_same_problems_at_the_same_lines(
    scratch_repo: ScratchRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = scratch_repo()
    award = next((root / "content/awards").rglob("*.yml"))
    award.write_text(award.read_text() + "colour: blue\n", encoding="utf-8")  # an unknown field
    cfg = config.load(root)
    now = datetime(2026, 1, 1, tzinfo=UTC)
    memo.use_disk(tmp_path / "cache", "ns")
    try:
        first = load(cfg, now)
        assert any(p.field == "colour" for p in first.problems)
        assert (tmp_path / "cache/ns" / parsed.STORE).is_dir()
        _no_parsing(monkeypatch)  # every file of the second load comes from the first one's parse
        second = load(cfg, now)
    finally:
        memo.use_disk(None)
    assert second.problems == first.problems
    assert second.records == first.records  # the same fields, values and lines


def test_the_record_of_published_urls_is_read_once_per_text(
    scratch_repo: ScratchRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """content/published.yml lists every award: what reading it gave is kept by the digest of
    its text, the same as reading it again; a changed text is read, a damaged entry ignored."""
    root = scratch_repo()
    build_repo(root)
    content = root / "content"
    memo.use_disk(tmp_path / "cache", "ns")
    try:
        first = read_ledger(root, content)
        assert first[0].awards and first[1] == []
        monkeypatch.setattr(ledger_file.yaml, "load", _refused)  # no YAML read from here on
        assert read_ledger(root, content) == first
        [entry] = [p for p in (tmp_path / "cache/ns" / ledger_file.STORE).rglob("*") if p.is_file()]
        entry.write_text('[["x"], {"award": -1}, [], {}, {}]')  # not in the shape of a record
        monkeypatch.undo()
        assert read_ledger(root, content) == first
        ledger = content / "published.yml"
        ledger.write_text(ledger.read_text() + "bogus: 1\n", encoding="utf-8")
        broken = read_ledger(root, content)
    finally:
        memo.use_disk(None)
    assert [p.message for p in broken[1]] == [
        "the record must hold badges:, awards:, endorsements: and withdrawn:"
    ]


def _refused(*args: object, **kwargs: object) -> None:
    raise AssertionError("parsed again")


def test_a_file_whose_digest_the_build_knows_is_not_even_read(
    disk: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The build's fingerprint gives each input's digest before anything is read: a file
    kept with that digest comes from the cache, template marks included, without being read."""
    text = AWARD.replace("issued_on: 2025-03-14", "issued_on: 2025-03-14  # ← replace")
    source = _source(tmp_path, "award.yml", text)
    digest = hashlib.sha256(text.encode()).hexdigest()
    kept = KeptParses()
    first = yamlio.read_kept(source, kept, digest)
    kept.save()
    assert first.marks == [4] and first.problems == []

    def refuse(*_args: object) -> None:
        raise AssertionError("read again")

    monkeypatch.setattr(yamlio, "read_source", refuse)
    again = yamlio.read_kept(source, KeptParses(), digest)
    assert again == first
    with pytest.raises(AssertionError, match="read again"):  # another digest: read
        yamlio.read_kept(source, KeptParses(), "0" * 64)
