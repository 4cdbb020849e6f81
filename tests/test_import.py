"""`badgegen import`: spreadsheet exports into earner and award files, in real scratch repos."""

from __future__ import annotations

import csv
import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml

from badgegen import build, config
from badgegen.content.model import Award, Gallery
from badgegen.identity import hash_email
from badgegen.importer import Created, ImportReport, _write_and_check, format_report, import_csv

from .conftest import NOW, REPO_ROOT, ScratchRepo

DATA = Path(__file__).parent / "data" / "import"
TODAY = NOW.date()
HEADER = "badge,earner,name,email,issued_on,expires,narrative,evidence_url,id\n"
EMAIL = "Camille.Martin@Example.org"
SALT = "00112233445566778899aabbccddeeff"
KNOWN_EARNER = f'name: Camille Martin\nemail_hash: "{hash_email(EMAIL, SALT)}"\nsalt: "{SALT}"\n'
"""The scratch repo's `camille`, with a hash that matches EMAIL (the fixture's is made up)."""


def run(root: Path, csv_path: Path, *, dry_run: bool = False) -> ImportReport:
    return import_csv(root, csv_path, dry_run=dry_run, today=TODAY)


def write_csv(root: Path, text: str, name: str = "awards.csv", encoding: str = "utf-8") -> Path:
    path = root.parent / name
    path.write_bytes(text.encode(encoding))
    return path


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def gallery(root: Path) -> Gallery:
    return build.load_gallery(config.load(root), NOW)[0]


def award_of(root: Path, earner: str) -> Award:
    awards = [a for a in gallery(root).awards if a.earner == earner]
    assert len(awards) == 1
    return awards[0]


def problem_lines(report: ImportReport) -> list[str]:
    return [p.format() for p in report.problems]


# --- encodings, separators, date forms ------------------------------------------------------


def test_the_data_files_keep_their_encodings() -> None:
    """Guard against an editor "fixing" the test files: each must stay what it stands for."""
    bom = (DATA / "awards-fr-bom-semicolon.csv").read_bytes()
    assert bom.startswith(b"\xef\xbb\xbf") and b"\r\n" in bom
    cp1252 = (DATA / "awards-cp1252-semicolon.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        cp1252.decode("utf-8")
    assert "François" in cp1252.decode("cp1252")
    plain = (DATA / "awards-utf8-comma.csv").read_bytes()
    assert not plain.startswith(b"\xef\xbb\xbf") and "Léa" in plain.decode("utf-8")


def test_utf8_comma_iso_dates(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo()
    report = run(root, DATA / "awards-utf8-comma.csv")
    assert report.errors == [] and report.written
    assert [c.path for c in report.earners_created] == [
        "content/earners/lea-nguyen.yml",
        "content/earners/jean-dupont.yml",
    ]
    assert [c.path for c in report.awards_created] == [
        "content/awards/2025/2025-05-02-lea-nguyen-first-steps.yml",
        "content/awards/2025/2025-06-01-jean-dupont-first-steps.yml",
    ]
    assert [(s.line, s.reason) for s in report.skipped] == [
        (3, "already there: content/awards/2025/camille-first-steps.yml")
    ]
    g = gallery(root)
    assert g.earner("lea-nguyen").name == "Léa Nguyen"
    lea = award_of(root, "lea-nguyen")
    assert lea.issued_on.date() == date(2025, 5, 2)
    assert lea.narrative == "Léa sent her first email, with a photo."
    assert [(e.name, e.url) for e in lea.evidence] == [("Evidence", "https://example.org/lea")]
    jean = award_of(root, "jean-dupont")
    assert jean.id == "6a1f0c2e-8b3d-4e5f-9a7b-1c2d3e4f5a6b"
    assert jean.expires is not None and jean.expires.date() == date(2027, 6, 1)
    assert jean.narrative == "Jean wrote **two** emails:\n\n- one to his bank\n- one to his son"
    text = (root / report.awards_created[1].path).read_text(encoding="utf-8")
    assert "narrative: |-\n  Jean wrote **two** emails:\n\n  - one to his bank\n" in text


def test_utf8_bom_semicolon_french_dates(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo({"badgegen.toml": _french_config()})
    report = run(root, DATA / "awards-fr-bom-semicolon.csv")
    assert report.errors == [] and report.written
    assert [c.path for c in report.earners_created] == [
        "content/earners/helene-durand.yml",
        "content/earners/jean-dupont.yml",
    ]
    helene = award_of(root, "helene-durand")
    assert helene.issued_on.date() == date(2025, 3, 14)
    assert helene.narrative == "Hélène a envoyé son premier courriel; avec une pièce jointe."
    jean = award_of(root, "jean-dupont")
    assert jean.issued_on.date() == date(2025, 6, 1)
    assert jean.expires is not None and jean.expires.date() == date(2027, 6, 1)
    assert [(e.name, e.url) for e in jean.evidence] == [("Preuve", "https://example.org/jean")]
    assert [s.line for s in report.skipped] == [3]  # camille's award is already there
    earner_file = (root / "content/earners/helene-durand.yml").read_text(encoding="utf-8")
    assert earner_file.startswith("# Personne importée par `badgegen import` depuis")


def test_cp1252_semicolon_accented_names(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo()
    report = run(root, DATA / "awards-cp1252-semicolon.csv")
    assert report.errors == [] and report.written
    g = gallery(root)
    assert g.earner("francois-lefevre").name == "François Lefèvre"
    assert g.earner("noel-garcon").name == "Noël Garçon"
    assert award_of(root, "francois-lefevre").narrative == "Ça marche très bien"
    assert award_of(root, "noel-garcon").issued_on.date() == date(2025, 4, 3)  # 3/4/2025


def test_semicolon_file_with_commas_in_cells(scratch_repo: ScratchRepo) -> None:
    """The header decides the separator, not the commas of a French narrative."""
    root = scratch_repo()
    text = (
        "badge;name;date;narrative\nfirst-steps;Zoé Roux;2025-01-02;Un, deux, trois, quatre, cinq\n"
    )
    report = run(root, write_csv(root, text))
    assert report.errors == []
    assert award_of(root, "zoe-roux").narrative == "Un, deux, trois, quatre, cinq"


# --- dry run, idempotence ----------------------------------------------------------------------


def test_dry_run_writes_nothing_and_lists_what_it_would_create(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo()
    before = tree(root)
    report = run(root, DATA / "awards-utf8-comma.csv", dry_run=True)
    assert tree(root) == before
    assert not report.written
    assert len(report.earners_created) == 2 and len(report.awards_created) == 2
    text = format_report(report, dry_run=True)
    assert "Would create 2 earners:" in text
    assert (
        "  content/earners/lea-nguyen.yml  (awards-utf8-comma.csv:2, lea-nguyen (Léa Nguyen))"
        in text
    )
    assert "Would create 2 awards:" in text
    assert "Skipped 1 row (already there):" in text
    assert text.endswith("Dry run: nothing was written.")


def test_importing_twice_creates_nothing_the_second_time(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo()
    first = run(root, DATA / "awards-utf8-comma.csv")
    assert len(first.awards_created) == 2
    after_first = tree(root)
    second = run(root, DATA / "awards-utf8-comma.csv")
    assert second.errors == []
    assert second.earners_created == () and second.awards_created == ()
    assert [s.line for s in second.skipped] == [2, 3, 4]
    assert tree(root) == after_first
    assert format_report(second, dry_run=False).endswith(
        "Nothing to import from awards-utf8-comma.csv."
    )


def test_rows_repeated_in_the_file_make_one_award_and_one_earner(
    scratch_repo: ScratchRepo,
) -> None:
    root = scratch_repo()
    text = HEADER + (
        "first-steps,,Zoé Roux,zoe@example.org,2025-01-02,,,,\n"
        "first-steps,,Zoé Roux,,2025-01-02,,,,\n"
    )
    report = run(root, write_csv(root, text))
    assert [c.path for c in report.earners_created] == ["content/earners/zoe-roux.yml"]
    assert len(report.awards_created) == 1
    assert [(s.line, s.reason) for s in report.skipped] == [(3, "same award as line 2")]


def test_existing_earner_is_reused_by_slug_or_by_email(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo({"content/earners/camille.yml": KNOWN_EARNER})
    earner_file = (root / "content/earners/camille.yml").read_bytes()
    text = HEADER + (
        "first-steps,camille,,,2025-04-01,,,,\n"
        # another name and no slug, but the same address (in another case): the same person
        f"first-steps,,C. Martin,  {EMAIL.lower()} ,2025-05-01,,,,\n"
    )
    report = run(root, write_csv(root, text))
    assert report.errors == []
    assert report.earners_created == ()
    assert [c.path for c in report.awards_created] == [
        "content/awards/2025/2025-04-01-camille-first-steps.yml",
        "content/awards/2025/2025-05-01-camille-first-steps.yml",
    ]
    assert (root / "content/earners/camille.yml").read_bytes() == earner_file


# --- privacy ---------------------------------------------------------------------------------


def test_emails_are_stored_only_as_hashes_and_never_shown(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo()
    before = tree(root)
    source = DATA / "awards-utf8-comma.csv"
    dry = format_report(run(root, source, dry_run=True), dry_run=True)
    report = run(root, source)
    written = {k: v for k, v in tree(root).items() if k not in before}
    assert written
    for data in written.values():
        assert b"@" not in data
    assert "@" not in dry and "@" not in format_report(report, dry_run=False)
    lea = yaml.safe_load(written["content/earners/lea-nguyen.yml"])
    assert set(lea) == {"name", "email_hash", "salt", "showcase"}
    assert lea["email_hash"] == hash_email("lea.nguyen@example.org", lea["salt"])
    assert "email_hash" not in yaml.safe_load(written["content/earners/jean-dupont.yml"])


def test_salts_are_never_shared(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo()
    run(root, DATA / "awards-cp1252-semicolon.csv")
    run(root, DATA / "awards-fr-bom-semicolon.csv")
    salts = [
        yaml.safe_load(p.read_text(encoding="utf-8")).get("salt")
        for p in (root / "content/earners").glob("*.yml")
    ]
    present = [s for s in salts if s]
    assert len(present) == 3 and len(set(present)) == 3


# --- problems ----------------------------------------------------------------------------------


def test_bad_rows_give_located_problems_and_write_nothing(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo()
    before = tree(root)
    text = HEADER + (
        "first-steps,,Zoé Roux,,2025-01-02,,,,\n"  # fine, but not written: all or nothing
        "first-step,,Ana Silva,,2025-01-02,,,,\n"
        "first-steps,,Ana Silva,,31/02/2025,,,,\n"
        "first-steps,new-person,,,2025-01-02,,,,\n"
        "first-steps,,Ana Silva,ana.silva@example,2025-01-02,,,,\n"
        "first-steps,,Ana Silva,,2025-01-02,2024-01-01,,not a url,\n"
        "first-steps,,Ana Silva,,2030-01-02,,,,\n"
        'first-steps,,"Ana, Silva",,2025-01-02,,"a\nlong\nnarrative",,BAD ID\n'
        "first-steps,,Ana Silva,,2025-01-02,,,,,extra\n"
    )
    report = run(root, write_csv(root, text))
    assert problem_lines(report) == [
        "awards.csv:3: unknown badge 'first-step'\n    hint: did you mean 'first-steps'?",
        "awards.csv:4: '31/02/2025' is not a date (day is out of range for month)\n"
        "    hint: write dates as 2025-03-14 or 14/03/2025 (day/month/year)",
        "awards.csv:5: no name for the new earner 'new-person'\n"
        "    hint: fill the name column, or use an existing earner: see the files in earners/",
        "awards.csv:6: the email is not a valid address (like name@example.org)",
        "awards.csv:7: 'not a url' is not an absolute web address\n"
        "    hint: like https://example.org",
        "awards.csv:7: expires is before issued_on\n    hint: check the two dates",
        "awards.csv:8: issued_on 2030-01-02 is in the future\n"
        "    hint: Open Badges verifiers refuse awards dated after today; import it on the day",
        "awards.csv:9: 'BAD ID' is not a valid id (8 to 64 lowercase letters, digits and hyphens)\n"
        "    hint: leave it empty and the import makes one",
        "awards.csv:12: 10 cells for 9 columns\n"
        "    hint: put a cell that holds the separator in double quotes",
    ]
    assert tree(root) == before
    assert report.earners_created == () and report.awards_created == ()
    summary = format_report(report, dry_run=False)
    assert summary.endswith("problems in awards.csv: nothing was imported.")
    assert "ana.silva@example" not in summary


def _french_config() -> str:
    return """\
[site]
title = "Badges"
base_url = "https://example.org/badges/"
contact_email = "badges@example.org"
language = "fr"
"""


# --- round trip of the demo ------------------------------------------------------------------

COLUMNS = ["badge", "earner", "name", "email", "issued_on", "expires", "narrative", "id"]


@pytest.mark.slow
def test_round_trip_of_the_demo(tmp_path: Path) -> None:
    """Export the demo's awards to a CSV, delete them, import the CSV: the same awards again."""
    root = tmp_path / "demo"
    shutil.copytree(REPO_ROOT / "content", root / "content")
    shutil.copy(REPO_ROOT / "badgegen.toml", root / "badgegen.toml")
    before = gallery(root)
    csv_path = tmp_path / "export.csv"
    with csv_path.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream, delimiter=";")
        writer.writerow(COLUMNS)
        for a in before.awards:
            # the demo keeps only hashes, so the email stays empty and the slug names the earner
            writer.writerow(
                [
                    a.badge,
                    a.earner,
                    before.earner(a.earner).name,
                    "",
                    a.issued_on.strftime("%d/%m/%Y"),
                    a.expires.date().isoformat() if a.expires else "",
                    a.narrative,
                    a.id,
                ]
            )
    shutil.rmtree(root / "content/awards")
    earners = {p: p.read_bytes() for p in (root / "content/earners").rglob("*") if p.is_file()}
    report = run(root, csv_path)
    assert report.errors == [], format_report(report, dry_run=False)
    assert len(report.awards_created) == len(before.awards) > 30
    assert report.earners_created == ()
    after_files = (root / "content/earners").rglob("*")
    assert {p: p.read_bytes() for p in after_files if p.is_file()} == earners
    after = gallery(root)

    def key(a: Award) -> tuple[object, ...]:
        return (a.id, a.badge, a.earner, a.issued_on, a.expires, a.narrative)

    assert sorted(map(key, after.awards)) == sorted(map(key, before.awards))
    again = run(root, csv_path)
    assert again.awards_created == () and len(again.skipped) == len(before.awards)


def test_a_list_of_earners_creates_earners_only(scratch_repo: ScratchRepo) -> None:
    """A file with no badge and no date column, or a row with no award cell filled, names
    earners: new ones get a file (address hashed), known ones are skipped, twice is harmless."""
    root = scratch_repo({"content/earners/camille.yml": KNOWN_EARNER})
    text = "nom;courriel\nJeanne Dupont;jeanne@example.org\nCamille M.;camille.martin@example.org\n"
    first = run(root, write_csv(root, text, "earners.csv"))
    assert problem_lines(first) == []
    assert [c.path for c in first.earners_created] == ["content/earners/jeanne-dupont.yml"]
    assert first.awards_created == ()
    assert [(s.line, s.reason) for s in first.skipped] == [
        (3, "already there: content/earners/camille.yml")
    ]
    jeanne = yaml.safe_load((root / "content/earners/jeanne-dupont.yml").read_text("utf-8"))
    assert jeanne["email_hash"] == hash_email("jeanne@example.org", jeanne["salt"])
    assert "jeanne@example.org" not in format_report(first, dry_run=False)
    before = tree(root)
    again = run(root, write_csv(root, text, "earners.csv"))
    assert (again.earners_created, len(again.skipped)) == ((), 2)
    assert tree(root) == before
    mixed = HEADER + ",zoe,Zoé,,,,,,\nfirst-steps,zoe,Zoé,,2025-05-02,,,,\n"
    report = run(root, write_csv(root, mixed))
    assert [c.line for c in report.earners_created] == [2]
    assert [c.line for c in report.awards_created] == [3]
    assert gallery(root).earner("zoe").name == "Zoé"


def test_a_row_with_award_cells_but_no_badge_is_an_error(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo()
    text = "badge;nom;date;récit\n;Zoé;;A mené un atelier\n"
    report = run(root, write_csv(root, text))
    assert [p.location() + " " + p.message for p in report.problems] == [
        "awards.csv:2 no badge",
        "awards.csv:2 no issue date",
    ]


def test_header_problems(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo()
    text = "badge;nom;dates;courriel;Courriel;;\nfirst-steps;A;;;;;\n"
    report = run(root, write_csv(root, text))
    assert problem_lines(report) == [
        "awards.csv:1: no 'issued_on' or 'date' column\n    hint: awards need their date",
        "awards.csv:1: two columns give the email\n    hint: keep one",
        "awards.csv:1: unknown column 'dates'\n"
        "    hint: did you mean 'date'? columns: badge, earner, name, email, issued_on, expires, "
        "narrative, evidence_url, id",
    ]


def test_a_file_in_neither_encoding(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo()
    path = root.parent / "awards.csv"
    path.write_bytes(b"badge,name,date\nfirst-steps,\x81\x8d,2025-01-02\n")  # undefined in cp1252
    assert problem_lines(run(root, path)) == [
        "awards.csv:2: the file is neither UTF-8 nor Windows-1252 text (byte 0x81)\n"
        "    hint: export the file again from the spreadsheet as “CSV UTF-8”"
    ]


def test_conflicts_with_existing_people(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo({"content/earners/camille.yml": KNOWN_EARNER})
    text = HEADER + (
        "first-steps,camille,,someone.else@example.org,2025-04-01,,,,\n"
        "first-steps,atelier,Atelier,,2025-04-01,,,,\n"
        "first-steps,,Zoé Roux,,2025-04-01,,,,\n"
        "first-steps,zoe-roux,Zoé Rousseau,,2025-04-02,,,,\n"
        f"first-steps,,Camille,,2025-03-15,,,,{'0b7c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d'}\n"
    )
    assert problem_lines(run(root, write_csv(root, text))) == [
        "awards.csv:2: earner 'camille' (content/earners/camille.yml) has another email address\n"
        "    hint: if this is another person, give them another slug in the earner column",
        "awards.csv:3: 'atelier' is an issuer's slug\n"
        "    hint: issuers and earners share slugs: give the earner another one in the earner column",
        "awards.csv:5: line 4 names 'zoe-roux' 'Zoé Roux'\n"
        "    hint: one slug is one person: give this one another slug in the earner column",
        "awards.csv:6: id '0b7c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d' is already used by "
        "content/awards/2025/camille-first-steps.yml\n"
        "    hint: an id names one award for ever: leave the id cell empty for a new award",
    ]


def test_an_email_for_an_earner_without_identity_is_a_warning(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo({"content/earners/camille.yml": "name: Camille Martin\n"})
    text = HEADER + "first-steps,camille,,camille@example.org,2025-04-01,,,,\n"
    report = run(root, write_csv(root, text))
    assert report.errors == [] and len(report.awards_created) == 1
    assert problem_lines(report) == [
        "awards.csv:2: warning: the email was not stored: content/earners/camille.yml exists and "
        "import never rewrites an earner\n"
        "    hint: add `email: …` to content/earners/camille.yml, then run "
        "`badgegen earner hide-emails`"
    ]
    assert (root / "content/earners/camille.yml").read_text() == "name: Camille Martin\n"


def test_ids_are_unique_across_kinds(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo()
    endorsement_id = "5d6e7f80-91a2-4b3c-8d4e-5f60718293a4"
    text = HEADER + f"first-steps,,Zoé Roux,,2025-04-01,,,,{endorsement_id}\n"
    assert problem_lines(run(root, write_csv(root, text))) == [
        f"awards.csv:2: id {endorsement_id!r} is already used by "
        "content/endorsements/atelier-badge.yml\n"
        "    hint: ids are unique: leave the id cell empty for a new award"
    ]


def test_an_old_slug_names_the_earner_it_belongs_to(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo({"content/earners/camille.yml": KNOWN_EARNER + "aliases: [camille-m]\n"})
    text = HEADER + "first-steps,camille-m,,,2025-04-01,,,,\n"
    report = run(root, write_csv(root, text))
    assert report.earners_created == ()
    assert [c.path for c in report.awards_created] == [
        "content/awards/2025/2025-04-01-camille-first-steps.yml"
    ]


def test_files_that_fail_the_build_checks_are_removed(scratch_repo: ScratchRepo) -> None:
    """The import's own checks are not the last word: the repository is validated after writing.

    Rows that pass the import's checks make valid files, so the safety net is exercised with
    hand-made file texts, including a file that appears between planning and writing.
    """
    root = scratch_repo()
    before = tree(root)
    cfg = config.load(root)
    good = Created("earner", "content/earners/zoe.yml", 2, "zoe")
    bad = Created("award", "content/awards/2031/bad.yml", 3, "bad")
    award = f"id: {'1' * 8}-aaaa\nbadge: no-such-badge\nearner: zoe\nissued_on: 2025-01-01\n"
    problems = _write_and_check(cfg, [(good, "name: Zoé\n"), (bad, award)], [], "awards.csv", NOW)
    assert [p.format().split("\n")[0] for p in problems] == [
        "awards.csv:3: unknown badge 'no-such-badge' (in the new content/awards/2031/bad.yml)"
    ]
    assert tree(root) == before
    assert not (root / "content/awards/2031").exists()

    taken = root / "content/earners/camille.yml"
    taken.write_text(taken.read_text() + "aliases: [zoe]\n")
    before = tree(root)
    problems = _write_and_check(cfg, [(good, "name: Zoé\n")], [], "awards.csv", NOW)
    assert [p.format().split("\n")[0] for p in problems] == [
        "awards.csv: the new files would make other files invalid: nothing was imported",
        "content/earners/camille.yml:4: the alias 'zoe' is the slug of content/earners/zoe.yml",
    ]
    assert tree(root) == before

    existing = Created("earner", "content/earners/camille.yml", 4, "camille")
    problems = _write_and_check(
        cfg, [(good, "name: Zoé\n"), (existing, "name: Camille\n")], [], "awards.csv", NOW
    )
    assert [p.message for p in problems] == [
        f"could not write {root / 'content/earners/camille.yml'}: File exists"
    ]
    assert tree(root) == before


def test_empty_columns_past_the_end_are_ignored(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo()
    text = "badge;nom;date;;\nfirst-steps;Zoé Roux;02/01/2025;;\nfirst-steps;Ana;02/01/2025;;x\n"
    assert problem_lines(run(root, write_csv(root, text))) == [
        "awards.csv:3: a cell under a column with no name"
    ]
    text = "badge;nom;date;;\nfirst-steps;Zoé Roux;02/01/2025;;\n"
    assert len(run(root, write_csv(root, text)).awards_created) == 1
