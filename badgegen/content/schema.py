"""The fields of each kind of record: name, type, whether required, and how to write them.

This table is the content format's single source of truth: validation reads it, and so do the
"unknown field, did you mean" hints.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from badgegen.formats import Kind
from badgegen.marks import N_

FieldType = Literal[
    "text",  # a one-line string
    "number_id",  # digits, e.g. an id another service assigns
    "markdown",  # a string rendered as Markdown
    "slug",  # a reference to another record by slug
    "id",  # a permanent record id
    "date",  # ISO 8601 date or date-time
    "url",  # absolute http(s) URL
    "email",  # email address
    "path",  # file path (relative to the record file or to content/)
    "choice",  # one of `choices`
    "duration",  # "2 years", "6 mois"
    "hash",  # sha256$<hex>
    "salt",  # hex salt
    "text_list",  # list of strings
    "slug_list",  # list of slugs
    "items",  # list of mappings described by `fields`
    "mapping",  # one mapping described by `fields`
]


@dataclass(frozen=True, slots=True)
class FieldSpec:
    name: str
    type: FieldType
    required: bool = False
    choices: tuple[str, ...] = ()
    fields: tuple[FieldSpec, ...] = ()
    example: str = ""


ACHIEVEMENT_TYPES = (
    N_("Achievement"), N_("ApprenticeshipCertificate"), N_("Assessment"), N_("Assignment"),
    N_("AssociateDegree"), N_("Award"), N_("Badge"), N_("BachelorDegree"), N_("Certificate"),
    N_("CertificateOfCompletion"), N_("Certification"), N_("CommunityService"), N_("Competency"),
    N_("Course"), N_("CoCurricular"), N_("Degree"), N_("Diploma"), N_("DoctoralDegree"),
    N_("Fieldwork"), N_("GeneralEducationDevelopment"), N_("JourneymanCertificate"),
    N_("LearningProgram"), N_("License"), N_("Membership"), N_("ProfessionalDoctorate"),
    N_("QualityAssuranceCredential"), N_("MasterCertificate"), N_("MasterDegree"),
    N_("MicroCredential"), N_("ResearchDoctorate"), N_("SecondarySchoolDiploma"),
)  # fmt: skip
"""Open Badges 3.0 `achievementType` vocabulary; `ext:Name` values are accepted too. Marked for
the catalogs: pages show them translated (`{{ _(badge.achievement_type) }}`)."""

ISSUER_KINDS = (N_("organization"), N_("person"))
"""Shown translated too (`{{ _(issuer.kind) }}`)."""
SHOWCASE_CHOICES = ("public", "unlisted", "private")

ALIGNMENT = (
    FieldSpec("name", "text", required=True, example="name: DigComp 2.2 — 1.1 Navigating"),
    FieldSpec("url", "url", required=True, example="url: https://example.org/framework/1.1"),
    FieldSpec("framework", "text", example="framework: DigComp 2.2"),
    FieldSpec("code", "text", example="code: '1.1'"),
    FieldSpec("description", "text"),
)
EVIDENCE = (
    FieldSpec("file", "path", example="file: evidence/photos/workshop.jpg"),
    FieldSpec("url", "url", example="url: https://example.org/my-project"),
    FieldSpec("name", "text", required=True, example="name: Photo of the workshop"),
    FieldSpec("description", "text"),
    FieldSpec("added_on", "date", example="added_on: 2025-06-12"),
    FieldSpec("alt", "text", example="alt: Four people around a table with tablets"),
    FieldSpec("captions", "path", example="captions: evidence/video/workshop.vtt"),
    FieldSpec("transcript", "markdown", example="transcript: What is said in the recording."),
)
"""One piece of evidence in an award's `evidence:` list. `added_on` defaults to the award's date;
`alt` describes a picture, `captions` (a WebVTT file) goes with a video and `transcript` with a
sound recording."""
LINK = (
    FieldSpec("name", "text", required=True, example="name: Portfolio"),
    FieldSpec("url", "url", required=True, example="url: https://example.org/me"),
)
REVOKED = (
    FieldSpec("date", "date", required=True, example="date: 2025-06-01"),
    FieldSpec("reason", "text", required=True, example="reason: Issued by mistake"),
)

FIELDS: dict[Kind, tuple[FieldSpec, ...]] = {
    "issuer": (
        FieldSpec("name", "text", required=True, example="name: Réseau Inclusion"),
        FieldSpec("url", "url", required=True, example="url: https://example.org"),
        FieldSpec("email", "email", example="email: contact@example.org"),
        FieldSpec("image", "path", example="image: images/logo.png"),
        FieldSpec("kind", "choice", choices=ISSUER_KINDS, example="kind: organization"),
        FieldSpec(
            "linkedin_organization_id", "number_id", example="linkedin_organization_id: 1234567"
        ),
    ),
    "badge": (
        FieldSpec("name", "text", required=True, example="name: Premiers pas en ligne"),
        FieldSpec("issuer", "slug", required=True, example="issuer: reseau-inclusion"),
        FieldSpec("image", "path", required=True, example="image: images/premiers-pas.svg"),
        FieldSpec(
            "image_alt", "text", required=True, example="image_alt: A green badge with a mouse"
        ),
        FieldSpec("description", "text", required=True, example="description: One short sentence."),
        FieldSpec("tags", "text_list", example="tags: [numérique, autonomie]"),
        FieldSpec(
            "achievement_type",
            "choice",
            choices=ACHIEVEMENT_TYPES,
            example="achievement_type: Badge",
        ),
        FieldSpec("alignment", "items", fields=ALIGNMENT),
        FieldSpec("valid_for", "duration", example="valid_for: 2 years"),
        FieldSpec("former_slugs", "slug_list", example="former_slugs: [old-slug]"),
    ),
    "earner": (
        FieldSpec("name", "text", required=True, example="name: Camille Martin"),
        FieldSpec("email", "email", example="email: camille@example.org"),
        FieldSpec("email_hash", "hash", example='email_hash: "sha256$…"'),
        FieldSpec("salt", "salt", example='salt: "…"'),
        FieldSpec("showcase", "choice", choices=SHOWCASE_CHOICES, example="showcase: public"),
        FieldSpec("bio", "markdown"),
        FieldSpec("photo", "path", example="photo: images/camille.png"),
        FieldSpec("links", "items", fields=LINK),
        FieldSpec("aliases", "slug_list", example="aliases: [old-name]"),
    ),
    "award": (
        FieldSpec("id", "id", required=True, example="id: 3f2c9a1e-5b7d-4c8e-9f01-2a3b4c5d6e7f"),
        FieldSpec("badge", "slug", required=True, example="badge: premiers-pas"),
        FieldSpec("earner", "slug", required=True, example="earner: camille-martin"),
        FieldSpec("issued_on", "date", required=True, example="issued_on: 2025-03-14"),
        FieldSpec("expires", "date", example="expires: 2027-03-14"),
        FieldSpec("narrative", "markdown"),
        FieldSpec("evidence", "items", fields=EVIDENCE),
        FieldSpec("revoked", "mapping", fields=REVOKED),
    ),
    "endorsement": (
        FieldSpec("id", "id", required=True, example="id: 9b1d2c3e-4f5a-4b6c-8d7e-0f1a2b3c4d5e"),
        FieldSpec("endorser", "slug", required=True, example="endorser: reseau-inclusion"),
        FieldSpec("award", "id", example="award: 3f2c9a1e-5b7d-4c8e-9f01-2a3b4c5d6e7f"),
        FieldSpec("badge", "slug", example="badge: premiers-pas"),
        FieldSpec("issuer", "slug", example="issuer: reseau-inclusion"),
        FieldSpec(
            "comment", "markdown", required=True, example="comment: A serious, well-run training."
        ),
        FieldSpec("issued_on", "date", required=True, example="issued_on: 2025-04-01"),
    ),
    "evidence": (
        FieldSpec(
            "award", "id", required=True, example="award: 3f2c9a1e-5b7d-4c8e-9f01-2a3b4c5d6e7f"
        ),
        FieldSpec("added_on", "date", required=True, example="added_on: 2025-06-12"),
        *(spec for spec in EVIDENCE if spec.name != "added_on"),
    ),
}
"""An evidence file (`content/evidence/**/*.yml`) adds one piece of evidence to an award, so that
an earner's pull request adds a file instead of editing the issuer's award file."""

FORGOTTEN_EARNER = (
    FieldSpec("forgotten", "date", required=True, example="forgotten: 2026-12-01"),
    FieldSpec("showcase", "choice", choices=("private",), example="showcase: private"),
)
"""What is left of an earner who asked to be forgotten (`badgegen forget`): the date, no name.
Their awards stay, revoked, so that the award URLs keep answering."""

BODY_MEANING: dict[Kind, str] = {
    "issuer": "description",
    "badge": "criteria",
    "earner": "bio",
}
"""What the Markdown body of a `.md` record means."""
