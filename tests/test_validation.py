"""One failing example per validation rule, with the exact `path:line: message` a user sees.

Each example starts from the valid scratch repository of conftest.py and changes one file. The
lists are compared whole, so a follow-on message (a cascade) would fail the test.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from badgegen import build, config
from badgegen.errors import ContentError, Problem
from tests.conftest import AWARD_ID, BASE_FILES, NOW, ScratchRepo, png_bytes, problem_lines

CONFIG = "badgegen.toml"
ISSUER = "content/issuers/atelier.md"
BADGE = "content/badges/first-steps.md"
BADGE_IMAGE = "content/badges/images/first-steps.svg"
EARNER = "content/earners/camille.yml"
AWARD = "content/awards/2025/camille-first-steps.yml"
ENDORSEMENT = "content/endorsements/atelier-badge.yml"

# Lines of the base files that the examples below change:
#   badge (front matter): 2 name, 3 issuer, 4 image, 5 image_alt, 6 description, 7 tags, 9 criteria
#   award: 1 id, 2 badge, 3 earner, 4 issued_on, 5 narrative, 6 evidence, 7 `- file:`, 8 name
#   endorsement: 1 id, 2 endorser, 3 badge, 4 comment, 5 issued_on
#   earner: 1 name, 2 email_hash, 3 salt; issuer (front matter): 2 name, 3 url, 4 kind


def edit(path: str, old: str, new: str) -> dict[str, str]:
    """The base file at `path` with `old` replaced by `new` (which must be there)."""
    text = BASE_FILES[path]
    assert isinstance(text, str) and old in text, f"{old!r} is not in {path}"
    return {path: text.replace(old, new, 1)}


def append(path: str, extra: str) -> dict[str, str]:
    text = BASE_FILES[path]
    assert isinstance(text, str)
    return {path: text + extra}


def load_problems(root: Path) -> list[Problem]:
    return sorted(build.load(config.load(root), NOW).problems, key=Problem.sort_key)


def config_problem_lines(root: Path) -> list[str]:
    """Config problems stop the run before the content is read: they come as a ContentError."""
    with pytest.raises(ContentError) as caught:
        config.load(root)
    return [p.format().split("\n")[0] for p in caught.value.problems]


def test_the_base_repository_is_valid(scratch_repo: ScratchRepo) -> None:
    assert problem_lines(scratch_repo(), warnings=True) == []


# --- one rule, one example ----------------------------------------------------------------------


RULES = [
    # syntax
    pytest.param(
        edit(AWARD, "narrative: Camille sent", "narrative: Camille: sent"),
        [f"{AWARD}:5: YAML syntax error: a value contains ': ' (a colon and a space)"],
        id="yaml-syntax-in-yml",
    ),
    pytest.param(
        edit(BADGE, "description: Can", "  description: Can"),
        [f"{BADGE}:6: YAML syntax error: a value contains ': ' (a colon and a space)"],
        id="yaml-syntax-in-front-matter",
    ),
    pytest.param(
        # the first line of the front matter is line 2 of the file
        edit(ISSUER, "name: Atelier Numérique", "name: Atelier: Numérique"),
        [f"{ISSUER}:2: YAML syntax error: a value contains ': ' (a colon and a space)"],
        id="yaml-syntax-on-first-front-matter-line",
    ),
    pytest.param(
        # YAML notices at the end of the front matter; the message points where the quote opens
        edit(BADGE, "image_alt: A green circle", 'image_alt: "A green circle'),
        [f"{BADGE}:5: YAML syntax error: a quote opened on this line is never closed"],
        id="unclosed-quote-in-front-matter",
    ),
    pytest.param(
        {ISSUER: "name: Atelier Numérique\nurl: https://atelier.example.org\n"},
        [f"{ISSUER}:1: missing front matter"],
        id="missing-front-matter",
    ),
    pytest.param(
        append(EARNER, "name: Camille M.\n"),
        [f"{EARNER}:4: 'name' is written twice"],
        id="duplicate-key",
    ),
    pytest.param(
        append(AWARD, "  - url: https://example.org/blog\n    name: Blog\n    name: Blog post\n"),
        [f"{AWARD}:12: 'evidence[1].name' is written twice"],
        id="duplicate-key-nested",
    ),
    pytest.param(
        {"content/earners/dominique.yml": "- name: Dominique\n"},
        ["content/earners/dominique.yml:1: the fields must be a mapping of `name: value` lines"],
        id="not-a-mapping",
    ),
    pytest.param(
        {"content/issuers/other.yml": "name: Other\nurl: https://other.example.org\n"},
        ["content/issuers/other.yml: issuers/ holds .md files, not .yml"],
        id="file-in-wrong-format",
    ),
    pytest.param(
        {"content/earners/dominique.yml": b"name: Fran\xe7ois\n"},
        ["content/earners/dominique.yml:1: not UTF-8 text (invalid continuation byte)"],
        id="not-utf8",
    ),
    # fields
    pytest.param(
        edit(BADGE, "tags:", "tag:"),
        [f"{BADGE}:7: unknown field 'tag'"],
        id="unknown-field",
    ),
    pytest.param(
        edit(BADGE, "description: Can send an email with an attachment.\n", ""),
        [f"{BADGE}:2: missing required field 'description'"],
        id="missing-required-field",
    ),
    pytest.param(
        edit(AWARD, "    name: Photo of the workshop\n", ""),
        [f"{AWARD}:7: missing required field 'name'"],
        id="missing-required-field-in-list-item",
    ),
    pytest.param(
        append(AWARD, "revoked:\n  date: 2025-04-01\n"),
        [f"{AWARD}:10: missing required field 'reason'"],
        id="missing-required-field-in-mapping",
    ),
    pytest.param(
        edit(BADGE, "image_alt: A green circle\n", ""),
        [f"{BADGE}:2: missing required field 'image_alt'"],
        id="missing-image-alt",
    ),
    pytest.param(
        edit(BADGE, "Send an email with an attachment to your trainer.\n", "\n  \n"),
        [f"{BADGE}:2: the criteria are missing"],
        id="badge-without-criteria",
    ),
    # types
    pytest.param(
        edit(BADGE, "description: Can send an email with an attachment.", "description: [a, b]"),
        [f"{BADGE}:6: description must be a text, not a list"],
        id="list-for-text",
    ),
    pytest.param(
        edit(BADGE, "image_alt: A green circle", "image_alt: {color: green}"),
        [f"{BADGE}:5: image_alt must be a text, not a mapping"],
        id="mapping-for-text",
    ),
    pytest.param(
        edit(BADGE, "name: First steps online", "name:"),
        [f"{BADGE}:2: name is empty"],
        id="empty-for-text",
    ),
    pytest.param(
        edit(BADGE, "tags: [email]", "tags: {topic: email}"),
        [f"{BADGE}:7: tags must be a list, not a mapping"],
        id="mapping-for-list",
    ),
    pytest.param(
        edit(
            AWARD,
            "evidence:\n  - file: evidence/photo.png\n    name: Photo of the workshop\n"
            "    alt: Camille at a laptop, smiling\n",
            "evidence: evidence/photo.png\n",
        ),
        [f"{AWARD}:6: each item of evidence must be a mapping of fields (name: …)"],
        id="text-for-list-of-mappings",
    ),
    pytest.param(
        append(AWARD, "revoked: yes\n"),
        [f"{AWARD}:10: revoked must be a mapping of fields"],
        id="yes-no-for-mapping",
    ),
    # formats
    pytest.param(
        edit(AWARD, "issued_on: 2025-03-14", "issued_on: 2025-13-01"),
        [
            f"{AWARD}:4: issued_on: '2025-13-01' is not a date; write it as YYYY-MM-DD, "
            "e.g. 2025-03-14"
        ],
        id="date-month-13",
    ),
    pytest.param(
        edit(AWARD, "issued_on: 2025-03-14", "issued_on: 14/03/2025"),
        [
            f"{AWARD}:4: issued_on: '14/03/2025' is not a date; write it as YYYY-MM-DD, "
            "e.g. 2025-03-14"
        ],
        id="date-day-first",
    ),
    pytest.param(
        edit(ISSUER, "kind: organization", "email: contact(at)atelier.org"),
        [f"{ISSUER}:4: email is not a valid email address (like name@example.org)"],
        id="malformed-email",
    ),
    pytest.param(
        edit(ISSUER, "url: https://atelier.example.org", "url: www.example.org"),
        [
            f"{ISSUER}:3: url: 'www.example.org' is not an absolute web address; "
            "write it like https://example.org/page"
        ],
        id="url-without-scheme",
    ),
    pytest.param(
        edit(EARNER, '"sha256$0e4b', '"sha256$0E4B'),
        [f"{EARNER}:2: email_hash must look like sha256$ followed by 64 lowercase hex digits"],
        id="email-hash-uppercase",
    ),
    pytest.param(
        edit(EARNER, '"sha256$0e4b', '"md5$0e4b'),
        [f"{EARNER}:2: email_hash must look like sha256$ followed by 64 lowercase hex digits"],
        id="email-hash-wrong-algorithm",
    ),
    pytest.param(
        edit(EARNER, 'salt: "00112233445566778899aabbccddeeff"\n', ""),
        [f"{EARNER}:2: email_hash is set without salt"],
        id="email-hash-without-salt",
    ),
    pytest.param(
        {EARNER: 'name: Camille Martin\nsalt: "00112233445566778899aabbccddeeff"\n'},
        [f"{EARNER}:2: salt is set without email_hash"],
        id="salt-without-email-hash",
    ),
    pytest.param(
        edit(EARNER, "name: Camille Martin\n", "name: Camille Martin\nemail: c@example.org\n"),
        [f"{EARNER}:2: both email and email_hash are set"],
        id="email-and-email-hash",
    ),
    pytest.param(
        append(EARNER, "showcase: unlised\n"),
        [f"{EARNER}:4: showcase: 'unlised' is not allowed"],
        id="unknown-showcase",
    ),
    pytest.param(
        edit(BADGE, "tags: [email]", "achievement_type: Badges"),
        [f"{BADGE}:7: achievement_type: 'Badges' is not allowed"],
        id="unknown-achievement-type",
    ),
    pytest.param(
        edit(BADGE, "tags: [email]", "achievement_type: 'ext:'"),
        [f"{BADGE}:7: achievement_type: 'ext:' is not allowed"],
        id="achievement-type-ext-without-name",
    ),
    pytest.param(
        edit(BADGE, "tags: [email]", "valid_for: 2 decades"),
        [
            f"{BADGE}:7: valid_for: '2 decades' is not a duration; write a number and a unit, "
            "like '2 years' or '6 months'"
        ],
        id="valid-for-unknown-unit",
    ),
    pytest.param(
        edit(BADGE, "tags: [email]", "valid_for: two years"),
        [
            f"{BADGE}:7: valid_for: 'two years' is not a duration; write a number and a unit, "
            "like '2 years' or '6 months'"
        ],
        id="valid-for-in-words",
    ),
    pytest.param(
        append(EARNER, "aliases: [Old Name]\n"),
        [
            f"{EARNER}:4: aliases[0] 'Old Name' is not a slug "
            "(lowercase letters, digits and hyphens, like camille-martin)"
        ],
        id="alias-not-a-slug",
    ),
    pytest.param(
        edit(AWARD, f"id: {AWARD_ID}", "id: abc"),
        [
            f"{AWARD}:1: id: 'abc' is not a valid id (8 to 64 lowercase letters, digits and "
            "hyphens); `badgegen new award` writes one for you"
        ],
        id="award-id-too-short",
    ),
    # rules across fields of one record
    pytest.param(
        edit(AWARD, "issued_on: 2025-03-14", "issued_on: 2026-11-24"),  # NOW is 2026-11-23
        [f"{AWARD}:4: issued_on 2026-11-24 is in the future"],
        id="award-issued-in-the-future",
    ),
    pytest.param(
        edit(ENDORSEMENT, "issued_on: 2025-04-01", "issued_on: 2027-01-01"),
        [f"{ENDORSEMENT}:5: issued_on 2027-01-01 is in the future"],
        id="endorsement-issued-in-the-future",
    ),
    pytest.param(
        edit(AWARD, "issued_on: 2025-03-14", "issued_on: 2025-03-14\nexpires: 2025-03-13"),
        [f"{AWARD}:5: expires is before issued_on"],
        id="expires-before-issued-on",
    ),
    pytest.param(
        append(AWARD, "revoked:\n  date: 2025-03-01\n  reason: Issued by mistake\n"),
        [f"{AWARD}:11: the revocation date is before issued_on"],
        id="revoked-before-issued-on",
    ),
    pytest.param(
        edit(AWARD, "    name: Photo", "    url: https://example.org/photo\n    name: Photo"),
        [f"{AWARD}:7: each evidence item needs exactly one of `file` or `url`"],
        id="evidence-with-file-and-url",
    ),
    pytest.param(
        edit(AWARD, "  - file: evidence/photo.png\n    name:", "  - name:"),
        [f"{AWARD}:7: each evidence item needs exactly one of `file` or `url`"],
        id="evidence-without-file-or-url",
    ),
    pytest.param(
        edit(ENDORSEMENT, "badge: first-steps", "badge: first-steps\nissuer: atelier"),
        [f"{ENDORSEMENT}:4: an endorsement needs exactly one target (found badge, issuer)"],
        id="endorsement-with-two-targets",
    ),
    pytest.param(
        edit(ENDORSEMENT, "badge: first-steps\n", ""),
        [f"{ENDORSEMENT}:1: an endorsement needs exactly one target"],
        id="endorsement-without-target",
    ),
    # references
    pytest.param(
        edit(BADGE, "issuer: atelier", "issuer: ateleir"),
        [f"{BADGE}:3: unknown issuer or earner 'ateleir'"],
        id="unknown-badge-issuer",
    ),
    pytest.param(
        edit(AWARD, "earner: camille", "earner: camile"),
        [f"{AWARD}:3: unknown earner 'camile'"],
        id="unknown-award-earner",
    ),
    pytest.param(
        edit(AWARD, "badge: first-steps", "badge: first-step"),
        [f"{AWARD}:2: unknown badge 'first-step'"],
        id="unknown-award-badge",
    ),
    pytest.param(
        edit(ENDORSEMENT, "endorser: camille", "endorser: atelie"),
        [f"{ENDORSEMENT}:2: unknown issuer or earner 'atelie'"],
        id="unknown-endorser",
    ),
    pytest.param(
        edit(ENDORSEMENT, "badge: first-steps", f"award: {AWARD_ID[:-1]}e"),
        [f"{ENDORSEMENT}:3: unknown award id '{AWARD_ID[:-1]}e'"],
        id="unknown-endorsed-award",
    ),
    pytest.param(
        edit(ENDORSEMENT, "badge: first-steps", "badge: second-steps"),
        [f"{ENDORSEMENT}:3: unknown badge 'second-steps'"],
        id="unknown-endorsed-badge",
    ),
    pytest.param(
        edit(ENDORSEMENT, "badge: first-steps", "issuer: workshop"),
        [f"{ENDORSEMENT}:3: unknown issuer or earner 'workshop'"],
        id="unknown-endorsed-issuer",
    ),
    # duplicates
    pytest.param(
        {"content/awards/2026/copy.yml": BASE_FILES[AWARD]},
        [
            f"content/awards/2026/copy.yml:1: the id '{AWARD_ID}' is already used by {AWARD}",
        ],
        id="duplicate-award-id-in-two-files",
    ),
    pytest.param(
        {"content/earners/atelier.yml": "name: Atelier Person\n"},
        [f"content/earners/atelier.yml:1: the slug 'atelier' is already used by {ISSUER}"],
        id="issuer-and-earner-with-one-slug",
    ),
    pytest.param(
        {"content/earners/dominique.yml": "name: Dominique\naliases: [camille]\n"},
        [f"content/earners/dominique.yml:2: the alias 'camille' is the slug of {EARNER}"],
        id="alias-is-another-earners-slug",
    ),
    # files
    pytest.param(
        {BADGE_IMAGE: None},
        [f"{BADGE}:4: image file not found: images/first-steps.svg"],
        id="missing-image",
    ),
    pytest.param(
        {
            **edit(BADGE, "first-steps.svg", "first-steps.png"),
            "content/badges/images/first-steps.png": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",
        },
        [
            f"{BADGE}:4: images/first-steps.png: this is a JPEG image; "
            "badge images must be PNG or SVG"
        ],
        id="jpeg-named-png",
    ),
    pytest.param(
        {
            **edit(BADGE, "first-steps.svg", "first-steps.png"),
            "content/badges/images/first-steps.png": "not an image\n",
        },
        [f"{BADGE}:4: images/first-steps.png: this is not a PNG or SVG image"],
        id="text-named-png",
    ),
    pytest.param(
        {BADGE_IMAGE: '<svg xmlns="http://www.w3.org/2000/svg"><g></svg>'},
        [f"{BADGE_IMAGE}:1: the SVG file is not valid XML (mismatched tag)"],
        id="broken-svg",
    ),
    pytest.param(
        {
            **edit(ISSUER, "kind: organization", "image: logo.png"),
            "content/issuers/logo.png": b"\x89PNG\r\n\x1a\n",
        },
        [f"{ISSUER}:4: logo.png: the PNG file is damaged (no IHDR header)"],
        id="issuer-image-damaged-png",
    ),
    pytest.param(
        {**edit(AWARD, "evidence/photo.png", "../x.png"), "x.png": png_bytes()},
        [f"{AWARD}:7: evidence file '../x.png' is outside the content folder"],
        id="evidence-outside-content",
    ),
    pytest.param(
        edit(AWARD, "evidence/photo.png", "evidence/nope.png"),
        [f"{AWARD}:7: evidence file not found: evidence/nope.png"],
        id="evidence-file-missing",
    ),
]


@pytest.mark.parametrize(("files", "expected"), RULES)
def test_rule(
    scratch_repo: ScratchRepo, files: dict[str, str | bytes | None], expected: list[str]
) -> None:
    assert problem_lines(scratch_repo(files)) == expected


# --- hints: the second line, which says how to fix it -------------------------------------------


@pytest.mark.parametrize(
    ("files", "hint"),
    [
        pytest.param(
            edit(BADGE, "tags:", "tag:"),
            "did you mean 'tags'? known fields: name, issuer, image, image_alt, description, "
            "tags, achievement_type, alignment, valid_for, former_slugs",
            id="unknown-field",
        ),
        pytest.param(
            edit(BADGE, "description: Can send an email with an attachment.\n", ""),
            "add it, for example `description: One short sentence.`",
            id="missing-required-field",
        ),
        pytest.param(
            append(EARNER, "showcase: unlised\n"),
            "did you mean 'unlisted'? use one of: public, unlisted, private",
            id="unknown-showcase",
        ),
        pytest.param(
            append(EARNER, "showcase: hidden\n"),
            "use one of: public, unlisted, private",
            id="showcase-nothing-close",
        ),
        pytest.param(
            edit(BADGE, "issuer: atelier", "issuer: ateleir"),
            "did you mean 'atelier'? known issuers and earners: atelier, camille",
            id="unknown-badge-issuer",
        ),
        pytest.param(
            edit(AWARD, "earner: camille", "earner: camile"),
            "did you mean 'camille'? known earners: camille",
            id="unknown-award-earner",
        ),
        pytest.param(
            edit(AWARD, "earner: camille", "earner: zoe"),
            "known earners: camille",
            id="unknown-award-earner-nothing-close",
        ),
        pytest.param(
            edit(AWARD, "badge: first-steps", "badge: first-step"),
            "did you mean 'first-steps'? known badges: first-steps",
            id="unknown-award-badge",
        ),
        pytest.param(
            edit(ENDORSEMENT, "endorser: camille", "endorser: atelie"),
            "did you mean 'atelier'? known issuers and earners: atelier, camille",
            id="unknown-endorser",
        ),
        pytest.param(
            edit(ENDORSEMENT, "badge: first-steps", f"award: {AWARD_ID[:-1]}e"),
            f"did you mean '{AWARD_ID}'? known award ids: {AWARD_ID}",
            id="unknown-endorsed-award",
        ),
        pytest.param(
            edit(ENDORSEMENT, "badge: first-steps", "badge: second-steps"),
            "did you mean 'first-steps'? known badges: first-steps",
            id="unknown-endorsed-badge",
        ),
        pytest.param(
            edit(ENDORSEMENT, "badge: first-steps", "issuer: workshop"),
            "known issuers and earners: atelier, camille",
            id="unknown-endorsed-issuer",
        ),
        pytest.param(
            edit(ENDORSEMENT, "badge: first-steps\n", ""),
            "write one of `award: <award id>`, `badge: <badge slug>` or `issuer: <issuer slug>`",
            id="endorsement-without-target",
        ),
        pytest.param(
            edit(EARNER, 'salt: "00112233445566778899aabbccddeeff"\n', ""),
            "they go together; `badgegen new earner --email` writes both",
            id="email-hash-without-salt",
        ),
        pytest.param(
            {"content/earners/atelier.yml": "name: Atelier Person\n"},
            "issuers and earners share one set of names: rename one of the files",
            id="shared-slug",
        ),
        pytest.param(
            {"content/issuers/other.yml": "name: Other\nurl: https://other.example.org\n"},
            "rename it to other.md",
            id="file-in-wrong-format",
        ),
    ],
)
def test_hint(scratch_repo: ScratchRepo, files: dict[str, str | bytes | None], hint: str) -> None:
    [problem] = [p for p in load_problems(scratch_repo(files)) if p.is_error]
    assert problem.hint == hint


def test_yaml_syntax_hint_explains_quotes(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo(edit(AWARD, "narrative: Camille sent", "narrative: Camille: sent"))
    [problem] = [p for p in load_problems(root) if p.is_error]
    assert problem.hint == 'put the whole value in quotes, like: name: "Atelier : premiers pas"'


def test_missing_image_hint_gives_the_expected_location(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo({BADGE_IMAGE: None})
    [problem] = load_problems(root)
    assert problem.hint == (
        f"the path is relative to {BADGE}; expected {(root / BADGE_IMAGE).resolve().as_posix()}"
    )


def test_problem_names_the_field(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo(edit(AWARD, "evidence/photo.png", "evidence/nope.png"))
    [problem] = load_problems(root)
    assert (problem.field, problem.line) == ("evidence[0].file", 7)


def test_achievement_type_hint_suggests_and_lists(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo(edit(BADGE, "tags: [email]", "achievement_type: Badges"))
    [problem] = load_problems(root)
    assert problem.hint.startswith("did you mean 'Badge'? use one of: Achievement, ")
    assert "MicroCredential" in problem.hint


# --- values that are accepted -------------------------------------------------------------------


@pytest.mark.parametrize(
    "files",
    [
        pytest.param(edit(BADGE, "tags: [email]", "achievement_type: ext:Workshop"), id="ext-type"),
        pytest.param(edit(BADGE, "tags: [email]", "achievement_type: Competency"), id="ob3-type"),
        pytest.param(edit(BADGE, "tags: [email]", "valid_for: 2 ans"), id="valid-for-french"),
        pytest.param(edit(BADGE, "tags: [email]", "valid_for: 6 months"), id="valid-for-months"),
        pytest.param(edit(BADGE, "tags: [email]", "tags: email"), id="one-tag-without-list"),
        pytest.param(
            edit(AWARD, "issued_on: 2025-03-14", "issued_on: 2026-11-23"), id="issued-today"
        ),
        pytest.param(
            edit(AWARD, "issued_on: 2025-03-14", "issued_on: 2025-03-14T10:30:00+01:00"),
            id="issued-date-time",
        ),
        pytest.param(append(EARNER, "showcase: unlisted\n"), id="showcase-unlisted"),
        pytest.param({EARNER: "name: Camille Martin\n"}, id="earner-without-identity"),
        pytest.param(
            {"content/earners/dominique.yml": "name: Dominique\naliases: [dominique]\n"},
            id="alias-equal-to-own-slug",
        ),
        pytest.param({"content/issuers/_draft.yml": "not: checked\n"}, id="ignored-underscore"),
        pytest.param({"content/badges/README.md": "# Badges\n"}, id="ignored-readme"),
    ],
)
def test_accepted(scratch_repo: ScratchRepo, files: dict[str, str | bytes | None]) -> None:
    assert problem_lines(scratch_repo(files), warnings=True) == []


# --- warnings: reported, but the site still builds ----------------------------------------------


def test_warning_non_square_badge_image(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo(
        {
            **edit(BADGE, "first-steps.svg", "first-steps.png"),
            "content/badges/images/first-steps.png": png_bytes(64, 32),
        }
    )
    assert problem_lines(root) == []
    assert problem_lines(root, warnings=True) == [
        f"{BADGE}:4: warning: the badge image is not square (64×32)"
    ]


def test_warning_clear_email_in_earner(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo({EARNER: "name: Camille Martin\nemail: camille@example.org\n"})
    assert problem_lines(root) == []
    assert problem_lines(root, warnings=True) == [
        f"{EARNER}:2: warning: clear email address in a content file: "
        "it will be published with the repository's history"
    ]
    [problem] = load_problems(root)
    assert (
        problem.hint == "run `badgegen earner hide-emails` to replace it with email_hash and salt"
    )


def test_warning_badge_nobody_earned(scratch_repo: ScratchRepo) -> None:
    second = BASE_FILES[BADGE]
    assert isinstance(second, str)
    root = scratch_repo({"content/badges/second-steps.md": second.replace("First", "Second")})
    assert problem_lines(root) == []
    assert problem_lines(root, warnings=True) == [
        "content/badges/second-steps.md:2: warning: nobody has earned this badge yet"
    ]


def test_warning_large_evidence_file(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo()
    # a sparse file: 21 MB long, without writing 21 MB
    with open(root / "content/evidence/photo.png", "r+b") as evidence:
        evidence.truncate(21 * 1024 * 1024)
    assert problem_lines(root) == []
    assert problem_lines(root, warnings=True) == [
        f"{AWARD}:7: warning: evidence file is large (21 MB)"
    ]


def test_large_evidence_means_larger_than_the_threshold(
    scratch_repo: ScratchRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = scratch_repo()
    size = os.path.getsize(root / "content/evidence/photo.png")
    monkeypatch.setattr("badgegen.content.limits.LARGE_EVIDENCE_BYTES", size)
    assert problem_lines(root, warnings=True) == []
    monkeypatch.setattr("badgegen.content.limits.LARGE_EVIDENCE_BYTES", size - 1)
    [line] = problem_lines(root, warnings=True)
    assert line.startswith(f"{AWARD}:7: warning: evidence file is large (")


# --- badgegen.toml ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "expected", "hint"),
    [
        pytest.param(
            '"https://example.org/badges/"',
            '"example.org/badges/"',
            f"{CONFIG}:3: site.base_url must be an absolute URL starting with https:// (or http://)",
            'for example: base_url = "https://org.github.io/badges/"',
            id="base-url-not-absolute",
        ),
        pytest.param(
            '"https://example.org/badges/"',
            '"https://example.org/badges/?v=1"',
            f"{CONFIG}:3: site.base_url must not have a query (?…) or a fragment (#…)",
            'for example: base_url = "https://org.github.io/badges/"',
            id="base-url-with-query",
        ),
        pytest.param(
            "language =",
            "langage =",
            f"{CONFIG}:5: unknown key 'langage' in [site]",
            "did you mean 'language'? known keys: title, base_url, contact_email, language, theme, "
            "logo",
            id="unknown-key",
        ),
        pytest.param(
            'contact_email = "badges@example.org"\n',
            "",
            f"{CONFIG}:1: missing site.contact_email",
            'add under [site]: contact_email = "badges@example.org"',
            id="missing-required-key",
        ),
        pytest.param(
            'title = "Scratch badges"',
            'title = "Scratch badges',
            f"{CONFIG}:2: TOML syntax error: Illegal character '\\n' (at line 2, column 24)",
            'values are written key = "value", sections as [site]',
            id="toml-syntax-error",
        ),
        pytest.param(
            'language = "en"',
            'language = "de"',
            f'{CONFIG}:5: site.language must be "fr" or "en"',
            'for example: language = "fr"',
            id="unknown-language",
        ),
        pytest.param(
            'language = "en"',
            'language = "en"\n\n[bulid]\noutput = "public"',
            f"{CONFIG}:7: unknown section [bulid]",
            "did you mean 'build'? known sections: site, build, keys, legal",
            id="unknown-section",
        ),
        pytest.param(
            'language = "en"',
            'language = "en"\n\n[build]\noutput = "../public"',
            f"{CONFIG}:8: build.output must be a folder inside the repository "
            "(no absolute path, no ..)",
            'for example: output = "output"',
            id="output-outside-repository",
        ),
    ],
)
def test_config_rule(
    scratch_repo: ScratchRepo, old: str, new: str, expected: str, hint: str
) -> None:
    root = scratch_repo(edit(CONFIG, old, new))
    assert config_problem_lines(root) == [expected]
    with pytest.raises(ContentError) as caught:
        config.load(root)
    assert [p.hint for p in caught.value.problems] == [hint]


def test_config_reports_every_problem_at_once(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo(
        {
            CONFIG: '[site]\ntitle = ""\nbase_url = "/badges/"\nlanguag = "fr"\n',
        }
    )
    assert config_problem_lines(root) == [
        f"{CONFIG}:1: missing site.contact_email",
        f"{CONFIG}:2: site.title must be a non-empty text in quotes",
        f"{CONFIG}:3: site.base_url must be an absolute URL starting with https:// (or http://)",
        f"{CONFIG}:4: unknown key 'languag' in [site]",
    ]


# --- the whole run: everything collected, nothing cascading -------------------------------------


def test_problems_in_several_files_are_all_reported(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo(
        {
            **edit(ISSUER, "url: https://atelier.example.org", "url: www.example.org"),
            **edit(BADGE, "tags:", "tag:"),
            **append(EARNER, "showcase: hidden\n"),
            **edit(AWARD, "issued_on: 2025-03-14", "issued_on: 14/03/2025"),
            **edit(ENDORSEMENT, "endorser: camille", "endorser: nobody"),
        }
    )
    assert problem_lines(root) == [
        f"{AWARD}:4: issued_on: '14/03/2025' is not a date; write it as YYYY-MM-DD, "
        "e.g. 2025-03-14",
        f"{BADGE}:7: unknown field 'tag'",
        f"{EARNER}:4: showcase: 'hidden' is not allowed",
        f"{ENDORSEMENT}:2: unknown issuer or earner 'nobody'",
        f"{ISSUER}:3: url: 'www.example.org' is not an absolute web address; "
        "write it like https://example.org/page",
    ]


def test_several_problems_in_one_file_are_all_reported(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo(
        {
            AWARD: "id: abc\nbadge: first-steps\nearner: nobody\n"
            "issued_on: 2025-03-14\nexpires: someday\ncolour: blue\n"
        }
    )
    assert problem_lines(root) == [
        f"{AWARD}:1: id: 'abc' is not a valid id (8 to 64 lowercase letters, digits and "
        "hyphens); `badgegen new award` writes one for you",
        f"{AWARD}:3: unknown earner 'nobody'",
        f"{AWARD}:5: expires: 'someday' is not a date; write it as YYYY-MM-DD, e.g. 2025-03-14",
        f"{AWARD}:6: unknown field 'colour'",
    ]


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param(
            edit(BADGE, "image_alt: A green circle", "image_alt: [green, circle]"),
            [f"{BADGE}:5: image_alt must be a text, not a list"],
            id="badge-with-a-bad-field-is-still-a-known-badge",
        ),
        pytest.param(
            edit(BADGE, "description: Can", "  description: Can"),
            [f"{BADGE}:6: YAML syntax error: a value contains ': ' (a colon and a space)"],
            id="badge-with-a-yaml-error-is-still-a-known-badge",
        ),
        pytest.param(
            edit(ISSUER, "name: Atelier Numérique", "name: Atelier: Numérique"),
            [f"{ISSUER}:2: YAML syntax error: a value contains ': ' (a colon and a space)"],
            id="issuer-with-a-yaml-error-is-still-a-known-issuer",
        ),
        pytest.param(
            {EARNER: "name: [Camille]\n"},
            [f"{EARNER}:1: name must be a text, not a list"],
            id="earner-with-a-bad-field-is-still-a-known-earner",
        ),
        pytest.param(
            edit(AWARD, "badge: first-steps", "badge: First Steps"),
            [
                f"{AWARD}:2: badge: 'First Steps' is not a slug "
                "(lowercase letters, digits and hyphens, like camille-martin)"
            ],
            id="bad-slug-is-not-also-unknown",
        ),
        pytest.param(
            edit(AWARD, "issued_on: 2025-03-14", "issued_on: 2025-03-14\nexpires: 2025-02-30"),
            [
                f"{AWARD}:5: expires: '2025-02-30' is not a date; write it as YYYY-MM-DD, e.g. 2025-03-14"
            ],
            id="bad-date-is-not-also-before-issued-on",
        ),
        pytest.param(
            {
                **edit(AWARD, "issued_on: 2025-03-14", "issued_on: 2025-03-32"),
                **edit(ENDORSEMENT, "badge: first-steps", f"award: {AWARD_ID}"),
            },
            [
                f"{AWARD}:4: issued_on: '2025-03-32' is not a date; write it as YYYY-MM-DD, "
                "e.g. 2025-03-14"
            ],
            id="award-with-a-bad-field-is-still-a-known-award",
        ),
        pytest.param(
            {
                **edit(AWARD, f"id: {AWARD_ID}", "id: Award-1"),
                "content/awards/2026/copy.yml": edit(AWARD, AWARD_ID, "Award-1")[AWARD],
            },
            [
                f"{AWARD}:1: id: 'Award-1' is not a valid id (8 to 64 lowercase letters, digits "
                "and hyphens); `badgegen new award` writes one for you",
                "content/awards/2026/copy.yml:1: id: 'Award-1' is not a valid id (8 to 64 "
                "lowercase letters, digits and hyphens); `badgegen new award` writes one for you",
            ],
            id="bad-id-twice-is-not-also-a-duplicate",
        ),
        pytest.param(
            edit(EARNER, '"sha256$0e4b', '"md5$0e4b'),
            [f"{EARNER}:2: email_hash must look like sha256$ followed by 64 lowercase hex digits"],
            id="bad-hash-is-not-also-without-salt",
        ),
    ],
)
def test_one_bad_value_one_message(
    scratch_repo: ScratchRepo, files: dict[str, str | bytes | None], expected: list[str]
) -> None:
    assert problem_lines(scratch_repo(files)) == expected


# --- bugs found while writing these tests, since fixed ------------------------------------------


def test_endorsement_of_an_award_with_a_yaml_error_is_not_a_second_problem(
    scratch_repo: ScratchRepo,
) -> None:
    root = scratch_repo(
        {
            **edit(AWARD, "narrative: Camille sent", "narrative: Camille: sent"),
            **edit(ENDORSEMENT, "badge: first-steps", f"award: {AWARD_ID}"),
        }
    )
    assert problem_lines(root) == [
        f"{AWARD}:5: YAML syntax error: a value contains ': ' (a colon and a space)"
    ]


def test_award_with_a_yaml_error_does_not_make_its_badge_unearned(
    scratch_repo: ScratchRepo,
) -> None:
    root = scratch_repo(edit(AWARD, "narrative: Camille sent", "narrative: Camille: sent"))
    assert problem_lines(root, warnings=True) == [
        f"{AWARD}:5: YAML syntax error: a value contains ': ' (a colon and a space)"
    ]


def test_misspelt_required_field_is_one_message(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo(edit(BADGE, "image_alt:", "image_alts:"))
    assert problem_lines(root) == [f"{BADGE}:5: unknown field 'image_alts'"]


@pytest.mark.parametrize(
    ("rel", "text", "message", "hint"),
    [
        (
            "content/earners/Dominique_Dupont.yml",
            "name: Dominique\n",
            "the file name 'Dominique_Dupont' is not a valid slug "
            "(it becomes the earner's name in URLs)",
            "rename the file to dominique-dupont.yml: lowercase letters, digits and hyphens",
        ),
        (
            "content/issuers/Mon Atelier.md",
            BASE_FILES[ISSUER],
            "the file name 'Mon Atelier' is not a valid slug (it becomes the issuer's name in URLs)",
            "rename the file to mon-atelier.md: lowercase letters, digits and hyphens",
        ),
        (
            "content/badges/Éloïse_D.md",
            BASE_FILES[BADGE],
            "the file name 'Éloïse_D' is not a valid slug (it becomes the badge's name in URLs)",
            "rename the file to eloise-d.md: lowercase letters, digits and hyphens",
        ),
    ],
)
def test_file_name_that_is_not_a_slug_is_reported(
    scratch_repo: ScratchRepo, rel: str, text: str, message: str, hint: str
) -> None:
    root = scratch_repo({rel: text})
    assert problem_lines(root) == [f"{rel}: {message}"]
    [problem] = [p for p in load_problems(root) if p.path == rel]
    assert problem.hint == hint


def test_awards_and_endorsements_are_not_named_by_slug(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo(
        {
            AWARD: None,
            "content/awards/2025/Camille First Steps.yml": BASE_FILES[AWARD],
            ENDORSEMENT: None,
            "content/endorsements/Camille_Endorses.yml": BASE_FILES[ENDORSEMENT],
        }
    )
    assert problem_lines(root, warnings=True) == []


def test_award_with_a_broken_flow_list_does_not_make_its_badge_unearned(
    scratch_repo: ScratchRepo,
) -> None:
    root = scratch_repo(edit(AWARD, "badge: first-steps", "badge: [first-steps"))
    assert problem_lines(root, warnings=True) == [
        f"{AWARD}:2: YAML syntax error: a list opened with [ on this line is not closed with ]"
    ]


@pytest.mark.parametrize(
    ("files", "slug", "key", "written"),
    [
        pytest.param(
            {
                "content/earners/0101.yml": "name: Zero One\n",
                "content/awards/zero.yml": "id: zero-one-first-steps\nbadge: first-steps\n"
                "earner: 0101\nissued_on: 2025-01-01\n",
            },
            "zero",
            "earner",
            "0101",
            id="octal-slug",
        ),
        pytest.param(
            edit(
                BADGE,
                "tags: [email]",
                "alignment:\n  - name: Browsing\n    url: https://example.org/f\n    code: 1.10",
            ),
            "first-steps",
            "alignment",
            "1.10",
            id="version-like-code",
        ),
    ],
)
def test_number_like_values_keep_their_text(
    scratch_repo: ScratchRepo, files: dict[str, str], slug: str, key: str, written: str
) -> None:
    loaded = build.load(config.load(scratch_repo(files)), NOW)
    [record] = [r for r in loaded.records if r.slug == slug]
    value = record.values.get(key)
    if key == "alignment":
        value = value[0].get("code") if value else None
    assert value == written
