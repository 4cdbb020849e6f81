"""Attacks through `badgegen import`: encodings that lie, huge files, and random rows.

A spreadsheet export comes from anyone's computer. The only outcomes allowed are a valid import
or problems naming the CSV file and its line; never an exception, never a wrongly decoded name.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from badgegen import build, config
from badgegen.content.ledger_file import read_ledger
from badgegen.errors import Problem
from badgegen.importer import import_csv, plan
from badgegen.importer.write import ImportReport
from tests.conftest import BASE_FILES, NOW, ScratchRepo

TODAY = NOW.date()


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def run(
    root: Path, data: bytes, *, dry_run: bool = False, name: str = "awards.csv"
) -> ImportReport:
    path = root.parent / name
    path.write_bytes(data)
    return import_csv(root, path, dry_run=dry_run, today=TODAY)


def lines(report: ImportReport) -> list[str]:
    return [p.format().split("\n")[0] for p in report.problems]


def earner_names(root: Path) -> list[str]:
    gallery, _ = build.load_gallery(config.load(root), NOW)
    return sorted(e.name for e in gallery.earners)


def test_utf8_with_one_stray_windows_1252_byte_is_refused_naming_the_line(
    scratch_repo: ScratchRepo,
) -> None:
    root = scratch_repo()
    before = tree(root)
    data = (
        b"badge;nom;date\n"
        + "first-steps;Éloïse Dupré;2025-03-14\n".encode()
        + b"first-steps;Ren\xe9 Martin;2025-03-15\n"  # pasted from a Windows-1252 file
    )
    report = run(root, data)
    assert lines(report) == [
        "awards.csv:3: byte 0xE9 (“é” in Windows-1252) is not UTF-8, though the rest of the "
        "file is UTF-8: the file mixes two encodings"
    ]
    assert tree(root) == before


def test_many_mixed_lines_are_named_up_to_twenty(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo()
    data = "badge;nom;date\nfirst-steps;Éloïse;2025-03-14\n".encode() + b"".join(
        b"first-steps;Ren\xe9 %d;2025-03-15\n" % n for n in range(30)
    )
    report = run(root, data)
    assert [p.line for p in report.problems if p.line] == list(range(3, 23))
    assert lines(report)[0] == "awards.csv: 10 more lines mix the encodings too"


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("utf-16-le", b"\xff\xfe"),
        ("utf-16-be", b"\xfe\xff"),
        ("utf-16-le", b""),
        ("utf-16-be", b""),
    ],
    ids=["le-bom", "be-bom", "le-no-bom", "be-no-bom"],
)
def test_utf16_exports_are_decoded(scratch_repo: ScratchRepo, encoding: str, bom: bytes) -> None:
    """Excel's "Unicode text" is UTF-16 with tabs; other tools drop the byte-order mark."""
    root = scratch_repo()
    text = "badge\tnom\tcourriel\tdate\r\nfirst-steps\tÉloïse Dupré\teloise@example.org\t14/03/2025\r\n"
    report = run(root, bom + text.encode(encoding))
    assert report.errors == [] and report.written
    assert earner_names(root) == ["Camille Martin", "Éloïse Dupré"]


def test_a_broken_utf16_file_says_it_is_utf16(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo()
    data = b"\xff\xfe" + "badge,nom,date\nfirst-steps,Léa,2025-03-14".encode("utf-16-le")
    report = run(root, data + b"\x41")  # cut in the middle of a character
    assert lines(report) == [
        "awards.csv:2: the file is UTF-16 text, but 0x41 on this line is not UTF-16"
    ]


def test_nul_bytes_in_a_text_file_are_refused(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo()
    report = run(root, b"badge,nom,date\nfirst-steps,L\x00a,2025-03-14\n")
    assert lines(report) == ["awards.csv:2: the file holds NUL bytes: it is not a text export"]


@pytest.mark.parametrize("data", [b"\r", b"\rbadge;nom\n", b"badge\r,nom,date\n"])
def test_a_carriage_return_where_a_line_starts_gives_problems_not_a_crash(
    scratch_repo: ScratchRepo, data: bytes
) -> None:
    root = scratch_repo()
    before = tree(root)
    report = run(root, data)
    assert report.problems and all(p.path == "awards.csv" for p in report.problems)
    assert tree(root) == before


@pytest.mark.slow
def test_planning_looks_each_row_up_once_not_against_every_other_row(
    scratch_repo: ScratchRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Counts the address normalisations of the plan: a per-row scan of the rows before it
    would make 2,000 rows cost about 2,000,000 of them."""
    calls = {"n": 0}
    real = plan.normalise_email

    def counting(email: str) -> str:
        calls["n"] += 1
        return real(email)

    monkeypatch.setattr(plan, "normalise_email", counting)
    root = scratch_repo()
    for rows in (1000, 2000):
        calls["n"] = 0
        data = "badge,name,email,issued_on\n" + "".join(
            f"first-steps,Person {n},p{n}@example.org,2025-03-14\n" for n in range(rows)
        )
        report = run(root, data.encode(), dry_run=True)
        assert report.errors == [] and len(report.awards_created) == rows
        assert calls["n"] <= 4 * rows


def test_imported_awards_are_recorded_so_ci_accepts_them(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo()
    build.check(config.load(root), NOW)  # the repository as the issuer has it: recorded
    report = run(root, b"badge,name,issued_on\nfirst-steps,Jo Doe,2025-03-14\n")
    assert report.written
    ledger = read_ledger(root, root / "content")[0]
    assert len(ledger.awards) == 2
    assert build.load(config.load(root), NOW, frozen=True).errors == []


# --- property-based: random and mutated rows ---------------------------------------------------

CELL = st.text(
    alphabet=st.sampled_from(list("abcdeéÉïç -;,'\"\n\r\t@.0123456789/\u00a0\ufeff")), max_size=12
)
BADGE = st.sampled_from(["first-steps", "nope", "", "First Steps", "first-steps "])
DAY = st.one_of(
    st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31))
    .map(lambda d: st.sampled_from([d.isoformat(), d.strftime("%d/%m/%Y")]))
    .flatmap(lambda s: s),
    CELL,
)
EMAIL = st.one_of(st.just(""), st.emails().map(lambda e: e[:60]), CELL)
ROW = st.tuples(BADGE, CELL, CELL, EMAIL, DAY, CELL, st.sampled_from(["", "https://ex.org/p", "x"]))
HEADERS = st.sampled_from(
    [
        "badge,earner,name,email,issued_on,narrative,evidence_url",
        "badge;titulaire;nom;courriel;date;récit;preuve",
        "badge\tearner\tname\temail\tdate\tnarrative\tevidence",
        "nom,courriel",
        "badge,nom,bogus",
    ]
)
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16", "utf-16-be"])


def _csv(header: str, rows: list[tuple[str, ...]]) -> str:
    delimiter = "\t" if "\t" in header else ";" if ";" in header else ","
    width = header.count(delimiter) + 1

    def quoted(cell: str) -> str:
        return '"' + cell.replace('"', '""') + '"' if any(c in cell for c in ',;\t"\n\r') else cell

    body = [delimiter.join(quoted(c) for c in row[:width]) for row in rows]
    return "\n".join([header, *body]) + "\n"


def _check_outcome(root: Path, report: ImportReport, *, dry_run: bool) -> None:
    for problem in report.errors:
        assert isinstance(problem, Problem)
        assert problem.path == "awards.csv", problem
    if report.errors:
        assert not report.written
    elif not dry_run and (report.awards_created or report.earners_created):
        assert report.written
        assert build.load(config.load(root), NOW).errors == []  # what was written is valid


def _with_repo(test: Callable[[Path], None]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "repo"
        for rel, data in BASE_FILES.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        test(root)


PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.slow
@PROPERTY
@given(header=HEADERS, rows=st.lists(ROW, max_size=6), encoding=ENCODINGS, dry_run=st.booleans())
def test_random_rows_import_or_give_problems_with_file_and_line(
    header: str, rows: list[tuple[str, ...]], encoding: str, dry_run: bool
) -> None:
    data = _csv(header, rows).encode(encoding, errors="replace")

    def attempt(root: Path) -> None:
        report = run(root, data, dry_run=dry_run)
        _check_outcome(root, report, dry_run=dry_run)

    _with_repo(attempt)


VALID = (
    "badge;nom;courriel;date;récit\n"
    "first-steps;Éloïse Dupré;eloise@example.org;14/03/2025;Elle a « réussi ».\n"
    "first-steps;Jean Martin;;2025-03-15;\n"
).encode()


@pytest.mark.slow
@PROPERTY
@given(
    edits=st.lists(
        st.tuples(st.integers(0, len(VALID)), st.binary(max_size=3), st.integers(0, 3)), max_size=4
    ),
    dry_run=st.booleans(),
)
def test_mutated_bytes_import_or_give_problems_with_file_and_line(
    edits: list[tuple[int, bytes, int]], dry_run: bool
) -> None:
    data = bytearray(VALID)
    for at, insert, cut in edits:
        data[at : at + cut] = insert
    mutated: Any = bytes(data)

    def attempt(root: Path) -> None:
        report = run(root, mutated, dry_run=dry_run)
        _check_outcome(root, report, dry_run=dry_run)

    _with_repo(attempt)
