"""Living badges: dated evidence, evidence files of their own, the history of an award, and the
Open Badges outputs that grow with it (#16)."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import lxml.html
import pytest
import yaml
from lxml.html import HtmlElement
from PIL import Image

from badgegen import build, config
from badgegen.cli import main
from badgegen.content.schema import FIELDS
from badgegen.errors import Problem, UsageError
from badgegen.identity import hash_email
from badgegen.scaffold import init_repository, new_record
from badgegen.wording import translated
from tests.conftest import (
    AWARD_ID,
    NOW,
    REPO_ROOT,
    ScratchRepo,
    build_repo,
    png_bytes,
    problem_lines,
)
from tests.keys_helper import generate_keys
from tests.served import free_port, serve
from tests.verifiers.ob2 import run_ob2_checks
from tests.verifiers.ob3 import run_ob3_checks

AWARD = "content/awards/2025/camille-first-steps.yml"
ADDED = f"content/evidence/{AWARD_ID}/2025-06-02-certificate.yml"
VTT = b"WEBVTT\n\n00:00.000 --> 00:01.000\nHello.\n"
WEBM = (REPO_ROOT / "content/evidence/video/presentation-atelier-tablettes.webm").read_bytes()
"""The demo's three-second video."""
BASE = "https://example.org/badges/"
DAY = date.today()
"""`init` dates its example awards today: evidence added to them is dated today too."""


def evidence_file(**fields: str) -> str:
    values = {"award": AWARD_ID, "added_on": "2025-06-02", "name": "Certificate", **fields}
    return "".join(f"{key}: {value}\n" for key, value in values.items() if value)


def video(captions: str, vtt: str | bytes | None = None) -> dict[str, str | bytes]:
    """An evidence file of the demo's video with `captions:`, and that captions file if given."""
    files: dict[str, str | bytes] = {
        ADDED: evidence_file(file="evidence/talk.webm", captions=captions),
        "content/evidence/talk.webm": WEBM,
    }
    if vtt is not None:
        files[f"content/{captions}"] = vtt
    return files


def added_evidence() -> dict[str, str | bytes]:
    """Two pieces of evidence added after the award (2025-03-14) and an endorsement of it."""
    return {
        ADDED: evidence_file(file="evidence/certificate.pdf", description="Signed by the trainer"),
        f"content/evidence/{AWARD_ID}/2026-03-01-poster.yml": evidence_file(
            added_on="2026-03-01",
            name="Workshop poster",
            file="evidence/poster.png",
            alt="A poster announcing the workshop",
        ),
        "content/evidence/certificate.pdf": b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
        "content/evidence/poster.png": png_bytes(40, 30),
        "content/endorsements/award-endorsement.yml": f"""\
id: 6e7f8091-a2b3-4c4d-9e5f-60718293a4b5
endorser: atelier
award: {AWARD_ID}
comment: Camille now helps the others.
issued_on: 2025-09-15
""",
    }


# --- validation --------------------------------------------------------------------------------


def test_evidence_files_and_dates_are_valid(scratch_repo: ScratchRepo) -> None:
    assert problem_lines(scratch_repo(added_evidence()), warnings=True) == []


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {ADDED: evidence_file(added_on="2027-01-01", url="https://example.org/x")},
            [f"{ADDED}:2: added_on 2027-01-01 is in the future"],
        ),
        (
            {ADDED: evidence_file(added_on="2025-03-01", url="https://example.org/x")},
            [f"{ADDED}:2: added_on 2025-03-01 is before the award's date (2025-03-14)"],
        ),
        (
            {
                ADDED: evidence_file(
                    award="00000000-0000-4000-8000-000000000000", url="https://x.org"
                )
            },
            [f"{ADDED}:1: unknown award id '00000000-0000-4000-8000-000000000000'"],
        ),
        (
            {ADDED: evidence_file()},
            [f"{ADDED}:1: each evidence item needs exactly one of `file` or `url`"],
        ),
        (
            {ADDED: evidence_file(added_on="", url="https://example.org/x")},
            [f"{ADDED}:1: missing required field 'added_on'"],
        ),
        (video("evidence/talk.srt"), [f"{ADDED}:5: captions must be a WebVTT file (.vtt)"]),
        (
            video("evidence/talk.vtt", "1\n00:00:00,000 --> 00:00:01,000\nHello\n"),
            [
                f"{ADDED}:5: evidence/talk.vtt: the captions file does not start with the line WEBVTT"
            ],
        ),
        (
            video("evidence/talk.vtt", "WEBVTT\n\n<script>alert(1)</script>\n"),
            [f"{ADDED}:5: evidence/talk.vtt: the captions file holds HTML or XML markup"],
        ),
        (
            video("evidence/talk.vtt", "WEBVTT\n\nNo cue here.\n"),
            [
                f"{ADDED}:5: evidence/talk.vtt: the captions file has no cue (no line with a time "
                "range such as 00:00.000 --> 00:02.000)"
            ],
        ),
        (
            video("evidence/talk.vtt", b"WEBVTT\n\n00:00.000 --> 00:01.000\n\xff\xfe\n"),
            [f"{ADDED}:5: evidence/talk.vtt: the captions file is not UTF-8 text"],
        ),
        (
            video("evidence/missing.vtt"),
            [f"{ADDED}:5: captions file not found: evidence/missing.vtt"],
        ),
        (
            video("../badgegen.toml.vtt"),
            [f"{ADDED}:5: captions file '../badgegen.toml.vtt' is outside the content folder"],
        ),
        (
            {
                ADDED: evidence_file(file="evidence/photo.png", captions="evidence/talk.vtt"),
                "content/evidence/talk.vtt": VTT,
            },
            [
                f"{ADDED}:4: warning: this picture has no alt text",
                f"{ADDED}:5: captions go with a video file",
            ],
        ),
        (
            {ADDED: evidence_file(url="https://example.org/x", transcript="Hello", alt="A cat")},
            # alt is only ever shown for a picture: elsewhere it is harmless, and left unsaid
            [f"{ADDED}:5: a transcript goes with a sound or video file"],
        ),
    ],
)
def test_evidence_problems_name_the_file_and_line(
    scratch_repo: ScratchRepo, files: dict[str, str | bytes], expected: list[str]
) -> None:
    assert problem_lines(scratch_repo(files), warnings=True) == expected


def test_dates_of_evidence_in_the_award_file(scratch_repo: ScratchRepo) -> None:
    award = (
        f"id: {AWARD_ID}\nbadge: first-steps\nearner: camille\nissued_on: 2025-03-14\n"
        "evidence:\n"
        "  - url: https://example.org/early\n    name: Early\n    added_on: 2025-01-01\n"
        "  - url: https://example.org/late\n    name: Late\n    added_on: 2030-01-01\n"
        "  - url: https://example.org/fine\n    name: Fine\n    added_on: 2025-05-05\n"
    )
    assert problem_lines(scratch_repo({AWARD: award})) == [
        f"{AWARD}:8: added_on 2025-01-01 is before the award's date (2025-03-14)",
        f"{AWARD}:11: added_on 2030-01-01 is in the future",
    ]


def test_a_captions_file_over_the_limit_is_refused(scratch_repo: ScratchRepo) -> None:
    big = b"WEBVTT\n\n" + b"00:00.000 --> 00:01.000\nla la la\n\n" * 40_000
    root = scratch_repo(video("evidence/talk.vtt", big))
    assert problem_lines(root) == [
        f"{ADDED}:5: evidence/talk.vtt: the file is 1 MB, more than the limit of 1 MB"
    ]


def test_evidence_problems_speak_french() -> None:
    problem = Problem(
        ADDED,
        2,
        "added_on 2025-03-01 is before the award's date (2025-03-14)",
        "evidence is added on the day of the award or later: use that date or a later one",
    )
    french = translated(problem, "fr")
    assert french.message == "added_on 2025-03-01 est avant la date de l'attribution (2025-03-14)"
    assert french.hint.startswith("une preuve s'ajoute le jour de l'attribution ou plus tard")
    warning = translated(Problem(ADDED, 4, "this picture has no alt text", ""), "fr")
    assert warning.message == "cette image n'a pas de texte alternatif"


def test_ci_checks_a_proposed_evidence_file_like_any_other_content(
    scratch_repo: ScratchRepo,
) -> None:
    """A pull request that only adds evidence needs no `content/published.yml` change: evidence
    has no URL of its own, so CI (frozen) accepts it, and refuses a broken one at its line."""
    root = scratch_repo()
    cfg = config.load(root)
    assert build.check(cfg, NOW).errors == []  # on the issuer's computer: the ledger is written
    for rel, data in added_evidence().items():
        if "endorsement" not in rel:
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    assert build.load(cfg, NOW, frozen=True).problems == []
    (root / ADDED).write_text(evidence_file(added_on="2024-01-01", url="https://x.org"), "utf-8")
    assert [p.format().split("\n")[0] for p in build.load(cfg, NOW, frozen=True).problems] == [
        f"{ADDED}:2: added_on 2024-01-01 is before the award's date (2025-03-14)"
    ]


def test_other_files_in_the_evidence_folder_are_not_records(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo({"content/evidence/notes.md": "# Notes\n\nSome plain text.\n"})
    assert problem_lines(root, warnings=True) == []


# --- the award page and the showcase ----------------------------------------------------------


def _page(root: Path, path: str) -> HtmlElement:
    return lxml.html.fromstring((root / "output" / path).read_bytes())


def _all(page: HtmlElement, tag: str, css_class: str = "") -> list[HtmlElement]:
    """Elements `tag` (any: "*") with the class `css_class`, in document order."""
    test = f"[contains(concat(' ', @class, ' '), ' {css_class} ')]" if css_class else ""
    found: list[HtmlElement] = page.xpath(f"//{tag}{test}")
    return found


def _text(element: HtmlElement) -> str:
    """The element's text, with runs of ASCII white space as one space (no-break spaces kept)."""
    return re.sub(r"[ \t\r\n]+", " ", element.text_content()).strip()


def _history(page: HtmlElement) -> list[str]:
    return [_text(li) for li in _all(page, "li", "history-item")]


def test_the_award_page_tells_its_history_in_english(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo(added_evidence())
    build_repo(root)
    page = _page(root, f"awards/{AWARD_ID}/index.html")
    assert _history(page) == [
        "March 14, 2025 Badge awarded with 1 piece of evidence",
        "June 2, 2025 Evidence added: Certificate",
        "September 15, 2025 Endorsement received: Atelier Numérique",
        "March 1, 2026 Evidence added: Workshop poster",
    ]
    # each added piece is linked from its line, and says when it came
    link = _all(page, "li", "history-evidence")[0].xpath(".//a/@href")[0]
    [target] = page.xpath(f"//*[@id='{link.removeprefix('#')}']")
    assert _text(target).startswith("CertificateSigned by the trainerAdded on June 2, 2025")
    # a document shows its type and size
    assert _text(target).endswith("(PDF, 49\u00a0bytes)")
    [poster] = page.xpath("//img[contains(@src, 'poster.png')]")
    assert poster.get("alt") == "A poster announcing the workshop"


def test_the_award_page_tells_its_history_in_french(scratch_repo: ScratchRepo) -> None:
    files = added_evidence()
    files["content/evidence/" + AWARD_ID + "/2026-03-01-poster.yml"] = evidence_file(
        added_on="2025-04-01", name="Affiche", file="evidence/poster.png", alt="Une affiche"
    )
    root = scratch_repo(files)
    toml = (root / "badgegen.toml").read_text(encoding="utf-8")
    (root / "badgegen.toml").write_text(toml.replace('"en"', '"fr"'), encoding="utf-8")
    build_repo(root)
    page = _page(root, f"awards/{AWARD_ID}/index.html")
    nbsp = "\u00a0"
    assert _history(page) == [
        "14 mars 2025 Badge attribué avec 1 preuve",
        f"1er avril 2025 Preuve ajoutée{nbsp}: Affiche",
        f"2 juin 2025 Preuve ajoutée{nbsp}: Certificate",
        f"15 septembre 2025 Recommandation reçue{nbsp}: Atelier Numérique",
    ]
    assert _text(page.get_element_by_id("history-title")) == "Historique de ce badge"
    showcase = _page(root, "earners/camille/index.html")
    [tile] = _all(showcase, "span", "badge-tile-enriched")
    assert _text(tile) == "Enrichi le 15 septembre 2025"


def test_revoked_and_expired_close_the_history(scratch_repo: ScratchRepo) -> None:
    award = (
        f"id: {AWARD_ID}\nbadge: first-steps\nearner: camille\nissued_on: 2025-03-14\n"
        "expires: 2026-01-10\n"
    )
    root = scratch_repo({AWARD: award})
    build_repo(root)
    assert _history(_page(root, f"awards/{AWARD_ID}/index.html")) == [
        "March 14, 2025 Badge awarded",
        "January 10, 2026 The badge expired",
    ]
    revoked = award + "revoked: {date: 2025-12-01, reason: Issued by mistake}\n"
    root = scratch_repo({AWARD: revoked}, name="revoked")
    build_repo(root)
    assert _history(_page(root, f"awards/{AWARD_ID}/index.html")) == [
        "March 14, 2025 Badge awarded",
        "December 1, 2025 The badge was revoked (Issued by mistake)",
    ]
    showcase = _page(root, "earners/camille/index.html")
    assert _all(showcase, "span", "badge-tile-enriched") == []


def test_players_carry_captions_and_transcripts(scratch_repo: ScratchRepo) -> None:
    files = video("evidence/talk.vtt", VTT)
    files[ADDED] = (
        str(files[ADDED]) + 'transcript: "Hello, *everyone*. <script>alert(1)</script>"\n'
    )
    root = scratch_repo(files)
    build_repo(root)
    page = _page(root, f"awards/{AWARD_ID}/index.html")
    [track] = page.xpath("//video//track")  # libxml2 nests it in <source>
    assert (track.get("kind"), track.get("srclang"), track.get("default")) == ("captions", "en", "")
    src = root / "output" / f"awards/{AWARD_ID}" / track.get("src")
    assert src.resolve().read_bytes() == VTT
    [transcript] = _all(page, "div", "transcript")
    assert transcript.xpath(".//em/text()") == ["everyone"]
    assert transcript.xpath(".//script") == []
    [player] = page.xpath("//video")
    assert player.get("aria-describedby") == transcript.get("id")


# --- the Open Badges outputs -------------------------------------------------------------------


def _json(root: Path, path: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((root / "output" / path).read_text(encoding="utf-8"))
    return data


def test_both_standards_carry_every_piece_of_evidence_with_its_date(
    scratch_repo: ScratchRepo,
) -> None:
    root = scratch_repo(added_evidence())
    generate_keys(root)
    build_repo(root)
    assertion = _json(root, f"awards/{AWARD_ID}/assertion.json")
    credential = _json(root, f"awards/{AWARD_ID}/credential.json")
    expected = [
        ("files/evidence/photo.png", "Added on 2025-03-14."),
        ("files/evidence/certificate.pdf", "Added on 2025-06-02."),
        ("files/evidence/poster.png", "Added on 2026-03-01."),
    ]
    for document in (assertion, credential):
        assert [(e["id"].removeprefix(BASE), e["narrative"]) for e in document["evidence"]] == (
            expected
        )
    assert credential["evidence"][1]["type"] == ["Evidence"]
    assert "type" not in assertion["evidence"][1]
    assert credential["awardedDate"] == "2025-03-14T00:00:00Z"
    assert credential["validFrom"] == "2026-03-01T00:00:00Z"


@pytest.mark.verifiers
def test_the_credential_is_signed_again_when_evidence_is_added(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo()
    generate_keys(root)
    build_repo(root)
    before = _json(root, f"awards/{AWARD_ID}/credential.json")
    for rel, data in added_evidence().items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    build_repo(root)
    after = _json(root, f"awards/{AWARD_ID}/credential.json")
    assert after["id"] == before["id"]
    assert len(after["evidence"]) == len(before["evidence"]) + 2
    assert after["proof"][0]["proofValue"] != before["proof"][0]["proofValue"]
    assert before["validFrom"] == "2025-03-14T00:00:00Z"
    assert after["validFrom"] == after["proof"][0]["created"] == "2026-03-01T00:00:00Z"
    [report] = run_ob3_checks(
        root / "output",
        BASE,
        [{"credential": str(root / "output" / f"awards/{AWARD_ID}/credential.json")}],
        now=NOW,
    )
    assert report["schema_errors"] == [] and report["verified"], report


@pytest.mark.verifiers
def test_the_grown_assertion_passes_the_ob2_validator(scratch_repo: ScratchRepo) -> None:
    email, salt = "camille.martin@example.net", "a1b2c3d4e5f60718293a4b5c6d7e8f90"
    files = added_evidence()
    files["content/earners/camille.yml"] = (
        f'name: Camille\nemail_hash: "{hash_email(email, salt)}"\nsalt: "{salt}"\n'
    )
    root = scratch_repo(files)
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    build_repo(root, base_url=base)
    url = f"{base}awards/{AWARD_ID}/assertion.json"
    with serve(root / "output", port):
        [report] = run_ob2_checks([{"kind": "url", "input": url, "email": email}])
    assert report["valid"] and report["errors"] == [], report
    evidence = _json(root, f"awards/{AWARD_ID}/assertion.json")["evidence"]
    assert [e["name"] for e in evidence] == [
        "Photo of the workshop",
        "Certificate",
        "Workshop poster",
    ]


def test_a_forgotten_earner_takes_the_added_evidence_along(scratch_repo: ScratchRepo) -> None:
    from badgegen.forget import forget

    root = scratch_repo(added_evidence())
    done = forget(config.load(root), "camille")
    assert not (root / ADDED).exists()
    assert not (root / "content/evidence/certificate.pdf").exists()
    gallery, _loaded = build.load_gallery(config.load(root), NOW)
    assert [a.evidence for a in gallery.awards] == [()]
    assert root / ADDED in done.removed


# --- earners enrich their own badges -----------------------------------------------------------

FORMS = {"fr": "ajouter-une-preuve.yml", "en": "add-evidence.yml"}
FORM_TITLES = {"fr": "Ajouter une preuve à mon badge", "en": "Add evidence to my badge"}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_init_writes_the_add_evidence_form_without_any_email(tmp_path: Path, lang: str) -> None:
    root = tmp_path / "repo"
    init_repository(root, lang)
    form = yaml.safe_load((root / ".github/ISSUE_TEMPLATE" / FORMS[lang]).read_text("utf-8"))
    assert form["name"] == FORM_TITLES[lang]
    fields = [item for item in form["body"] if item["type"] != "markdown"]
    assert {f["id"] for f in fields} == {
        "award",
        "title",
        "description",
        "evidence",
        "access",
        "public",
    }
    for field in fields:
        text = str(field["attributes"]).lower()
        assert "mail" not in text and "phone" not in text and "téléphone" not in text
    assert all(
        item["type"] in ("markdown", "input", "textarea", "checkboxes") for item in form["body"]
    )
    template = (root / ".github/pull_request_template.md").read_text(encoding="utf-8")
    assert "badgegen new evidence --award" in template and "content/evidence/" in template
    # CI checks an evidence file like any other content: the workflow runs `badgegen check`
    workflow = (root / ".github/workflows/badges.yml").read_text(encoding="utf-8")
    assert "badgegen check" in workflow


def _award_id(root: Path) -> str:
    gallery, _loaded = build.load_gallery(config.load(root), build.utc_now())
    return gallery.awards[0].id


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_new_evidence_writes_a_file_of_its_own(tmp_path: Path, lang: str) -> None:
    root = tmp_path / "repo"
    init_repository(root, lang)
    award = _award_id(root)
    award_file = next((root / "content/awards").rglob("*.yml"))
    before = award_file.read_bytes()
    path = new_record(root, Path("content"), "evidence", None, lang, award=award, today=DAY)
    word = {"fr": "preuve", "en": "evidence"}[lang]
    assert path == root / f"content/evidence/{award}/{DAY.isoformat()}-{word}.yml"
    again = new_record(root, Path("content"), "evidence", None, lang, award=award, today=DAY)
    assert again.name == f"{DAY.isoformat()}-{word}-2.yml"
    again.unlink()
    text = path.read_text(encoding="utf-8")
    for spec in FIELDS["evidence"]:
        assert re.search(rf"^#?\s*{spec.name}:", text, re.MULTILINE), spec.name
    data = yaml.safe_load(text)
    assert (data["award"], str(data["added_on"])) == (award, DAY.isoformat())
    # the award file is left as it is; once the picture is there, the repository is valid
    assert award_file.read_bytes() == before
    Image.new("RGB", (30, 20), "#2a7").save(root / "content" / data["file"], format="JPEG")
    text = text.replace(f"{data['file']}  #", f"{data['file']}\nalt: A workshop  #", 1)
    path.write_text(re.sub(r"  # ← .*", "", text), encoding="utf-8")
    cfg = config.load(root)
    loaded = build.load(cfg, build.utc_now())
    assert [p.format() for p in loaded.problems] == []
    gallery, _loaded = build.load_gallery(cfg, build.utc_now())
    added = [e for a in gallery.awards for e in a.evidence if e.source.endswith(path.name)]
    assert [(e.name, e.alt) for e in added] == [(data["name"], "A workshop")]


def test_new_evidence_needs_a_known_award(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    init_repository(root, "en")
    with pytest.raises(UsageError, match="needs --award ID"):
        new_record(root, Path("content"), "evidence", None, "en", today=DAY)
    with pytest.raises(UsageError, match="no award has the id 'nope'"):
        new_record(root, Path("content"), "evidence", None, "en", award="nope", today=DAY)
    with pytest.raises(UsageError, match="--award does not apply to a new badge"):
        new_record(root, Path("content"), "badge", "b", "en", award="nope", today=DAY)


def test_new_evidence_on_the_command_line_speaks_the_repository_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "repo"
    init_repository(root, "fr")
    award = _award_id(root)
    with pytest.raises(SystemExit) as exited:
        main(["new", "evidence", "--award", award, "--root", str(root)])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Écrit : content/evidence/{award}/")
    assert "la page de l'attribution la montrera, datée, dans son historique" in out
