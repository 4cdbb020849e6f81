"""`init` makes a valid starter repository; `new` writes fully commented, valid-looking records."""

from __future__ import annotations

import re
import tomllib
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from PIL import Image

from badgegen import config
from badgegen.content.schema import FIELDS
from badgegen.content.values import ID_PATTERN, PARSERS, SLUG_PATTERN
from badgegen.errors import UsageError
from badgegen.formats import Kind
from badgegen.identity import HASH_PATTERN, hash_email
from badgegen.scaffold import EXAMPLE_EMAIL, init_repository, new_record

LANGS = ["fr", "en"]
KINDS: list[Kind] = ["issuer", "badge", "earner", "award", "endorsement"]
CONTENT = Path("content")
DAY = date(2025, 3, 14)


def fields_of(path: Path) -> dict[str, Any]:
    """The record's fields: the front matter of a `.md` file, the whole of a `.yml` one."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        assert text.startswith("---\n"), path
        text = text.split("\n---\n", 1)[0].removeprefix("---\n")
    data = yaml.safe_load(text)
    assert isinstance(data, dict), path
    return data


def records(root: Path, folder: str) -> dict[str, Path]:
    base = root / "content" / folder
    return {
        path.stem: path
        for path in sorted(base.rglob("*"))
        if path.suffix in (".md", ".yml", ".yaml") and not path.name.startswith((".", "_"))
    }


def check_fields(path: Path, kind: Kind, data: dict[str, Any]) -> None:
    """Phase 1 of the format, per file: known fields, required ones present, values parse."""
    specs = {spec.name: spec for spec in FIELDS[kind]}
    assert set(data) <= set(specs), f"{path}: unknown {set(data) - set(specs)}"
    for spec in specs.values():
        if spec.required:
            assert data.get(spec.name) not in (None, ""), f"{path}: missing {spec.name}"
        parse = PARSERS.get(spec.type)
        if spec.name in data and parse is not None:
            _value, error = parse(data[spec.name])
            assert error is None, f"{path}: {spec.name} {error}"
        if spec.type == "choice" and spec.name in data:
            assert data[spec.name] in spec.choices


def assert_valid_repository(root: Path) -> None:
    """Every record passes the field rules of format.md and every reference resolves."""
    content = root / "content"
    issuers, badges = records(root, "issuers"), records(root, "badges")
    earners, awards = records(root, "earners"), records(root, "awards")
    endorsements = records(root, "endorsements")
    assert not set(issuers) & set(earners), "slugs are unique across issuers and earners"
    for slug in [*issuers, *badges, *earners]:
        assert SLUG_PATTERN.match(slug)
    folders: dict[Kind, dict[str, Path]] = {
        "issuer": issuers,
        "badge": badges,
        "earner": earners,
        "award": awards,
        "endorsement": endorsements,
    }
    data: dict[Kind, dict[str, dict[str, Any]]] = {}
    for kind, found in folders.items():
        data[kind] = {slug: fields_of(path) for slug, path in found.items()}
        for slug, fields in data[kind].items():
            check_fields(found[slug], kind, fields)
    people = set(issuers) | set(earners)
    for slug, badge in data["badge"].items():
        assert badge["issuer"] in people
        image = badges[slug].parent / badge["image"]
        assert image.is_file(), image
        if image.suffix == ".png":
            with Image.open(image) as opened:
                assert opened.format == "PNG"
                assert opened.size[0] == opened.size[1]
        else:
            assert 'viewBox="0 0 256 256"' in image.read_text(encoding="utf-8")
        assert badges[slug].read_text(encoding="utf-8").split("\n---\n", 1)[1].strip()
    award_ids = [award["id"] for award in data["award"].values()]
    ids = award_ids + [endorsement["id"] for endorsement in data["endorsement"].values()]
    assert len(ids) == len(set(ids))
    for award in data["award"].values():
        assert award["badge"] in badges and award["earner"] in earners
        for item in award.get("evidence", []):
            assert ("file" in item) != ("url" in item) and item["name"]
            if "file" in item:
                assert (content / item["file"]).is_file()
    for endorsement in data["endorsement"].values():
        assert endorsement["endorser"] in people
        targets = [key for key in ("award", "badge", "issuer") if key in endorsement]
        assert len(targets) == 1
        known = {"award": set(award_ids), "badge": set(badges), "issuer": set(issuers)}
        assert endorsement[targets[0]] in known[targets[0]]


# --- init --------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_init_writes_a_complete_example(tmp_path: Path, lang: str) -> None:
    root = tmp_path / "badges"
    written = init_repository(root, lang)

    on_disk = sorted(path for path in root.rglob("*") if path.is_file())
    assert sorted(written) == on_disk
    assert {"badgegen.toml", ".gitignore", "README.md"} <= {path.name for path in on_disk}
    assert len(records(root, "issuers")) == 1
    assert len(records(root, "badges")) == 2
    assert len(records(root, "earners")) == 2
    assert len(records(root, "awards")) == 2
    assert len(records(root, "endorsements")) == 1
    images = {path.suffix for path in (root / "content/badges/images").iterdir()}
    assert images == {".png", ".svg"}
    assert list((root / "content/evidence").rglob("*.png"))


@pytest.mark.parametrize("lang", LANGS)
def test_init_example_is_valid_and_references_resolve(tmp_path: Path, lang: str) -> None:
    init_repository(tmp_path, lang)

    assert_valid_repository(tmp_path)
    badges = {slug: fields_of(path) for slug, path in records(tmp_path, "badges").items()}
    earners = set(records(tmp_path, "earners"))
    issuer = fields_of(next(iter(records(tmp_path, "issuers").values())))
    assert issuer["kind"] == "organization"
    assert any(badge["issuer"] in earners for badge in badges.values()), "a self-issued badge"
    endorsements = [fields_of(path) for path in records(tmp_path, "endorsements").values()]
    assert "badge" in endorsements[0]


@pytest.mark.parametrize("lang", LANGS)
def test_init_config_loads_in_the_chosen_language(tmp_path: Path, lang: str) -> None:
    init_repository(tmp_path, lang)

    loaded = config.load(tmp_path)
    assert loaded.site.language == lang
    assert loaded.site.base_url == "https://example.org/badges/"
    assert loaded.site.contact_email.endswith("@example.org")
    assert loaded.site.theme == "default"
    text = (tmp_path / "badgegen.toml").read_text(encoding="utf-8")
    raw = tomllib.loads(text)
    assert set(raw) == {"site", "build", "legal"}
    lines = text.splitlines()
    for number, line in enumerate(lines):
        if re.match(r"^[a-z_]+ = ", line):
            assert lines[number - 1].startswith("#"), f"key without a comment: {line}"


@pytest.mark.parametrize("lang", LANGS)
def test_init_hashes_the_example_email_and_never_writes_it(tmp_path: Path, lang: str) -> None:
    init_repository(tmp_path, lang)

    earners = [fields_of(path) for path in records(tmp_path, "earners").values()]
    assert all("email" not in earner for earner in earners)
    hashed = [earner for earner in earners if "email_hash" in earner]
    assert len(hashed) == 1 and len(earners) == 2
    assert HASH_PATTERN.match(hashed[0]["email_hash"])
    assert hashed[0]["email_hash"] == hash_email(EXAMPLE_EMAIL, hashed[0]["salt"])
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert EXAMPLE_EMAIL.encode() not in path.read_bytes(), path


def test_init_uses_fresh_ids_and_salts(tmp_path: Path) -> None:
    init_repository(tmp_path / "one", "fr")
    init_repository(tmp_path / "two", "fr")

    def secrets(root: Path) -> set[str]:
        found = {fields_of(path)["id"] for path in records(root, "awards").values()}
        found |= {fields_of(path).get("salt", "") for path in records(root, "earners").values()}
        return found - {""}

    first, second = secrets(tmp_path / "one"), secrets(tmp_path / "two")
    assert len(first) == 3 and not first & second
    for award in records(tmp_path / "one", "awards").values():
        assert uuid.UUID(fields_of(award)["id"]).version == 4


def test_init_text_is_in_the_chosen_language(tmp_path: Path) -> None:
    init_repository(tmp_path / "fr", "fr")
    init_repository(tmp_path / "en", "en")

    assert "Construire le site" in (tmp_path / "fr/README.md").read_text(encoding="utf-8")
    assert "Build the site" in (tmp_path / "en/README.md").read_text(encoding="utf-8")
    fr_issuer = next(iter(records(tmp_path / "fr", "issuers").values()))
    assert "(obligatoire)" in fr_issuer.read_text(encoding="utf-8")
    en_issuer = next(iter(records(tmp_path / "en", "issuers").values()))
    assert "(required)" in en_issuer.read_text(encoding="utf-8")


def test_init_gitignore_keeps_outputs_and_keys_out(tmp_path: Path) -> None:
    init_repository(tmp_path, "en")

    lines = (tmp_path / ".gitignore").read_text(encoding="utf-8").splitlines()
    for pattern in ["output/", ".output.*", "keys/", "*.key", ".venv/", "__pycache__/"]:
        assert pattern in lines


def test_init_readme_explains_build_and_check(tmp_path: Path) -> None:
    init_repository(tmp_path, "fr")

    readme = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert "badgegen build" in readme and "badgegen check" in readme
    assert "content/badges/" in readme


def test_init_accepts_an_existing_empty_folder(tmp_path: Path) -> None:
    assert init_repository(tmp_path, "fr")


def test_init_refuses_a_non_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("keep me", encoding="utf-8")

    with pytest.raises(UsageError, match="not empty"):
        init_repository(tmp_path, "fr")
    assert [path.name for path in tmp_path.iterdir()] == ["notes.txt"]


def test_init_refuses_a_file_and_an_unknown_language(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("", encoding="utf-8")

    with pytest.raises(UsageError, match="is a file"):
        init_repository(tmp_path / "file", "fr")
    with pytest.raises(UsageError, match="fr or en"):
        init_repository(tmp_path / "new", "de")
    assert not (tmp_path / "new").exists()


# --- new ---------------------------------------------------------------------------------------


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A fresh English starter repository, to create records next to real ones."""
    init_repository(tmp_path, "en")
    return tmp_path


def field_names(kind: Kind) -> list[str]:
    names = []
    for spec in FIELDS[kind]:
        names.append(spec.name)
        names += [sub.name for sub in spec.fields]
    return names


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", KINDS)
def test_new_names_every_field_of_the_format(tmp_path: Path, kind: Kind, lang: str) -> None:
    slug = "new-thing" if kind in ("issuer", "badge", "earner") else None
    path = new_record(tmp_path, CONTENT, kind, slug, lang, today=DAY)

    text = path.read_text(encoding="utf-8")
    for name in field_names(kind):
        # As a field line, commented out or not, or quoted in a comment ("email:" for earners).
        named = re.search(rf"^#?\s*(- )?{name}:|[\"«] ?{name}:", text, re.MULTILINE)
        assert named, f"{kind}: {name} not named"
    data = fields_of(path)
    for spec in FIELDS[kind]:
        if spec.required:
            assert data.get(spec.name), f"{kind}: {spec.name} has no value"
    check_fields(path, kind, data)
    comments = [line for line in text.splitlines() if line.lstrip().startswith("#")]
    assert len(comments) >= len(FIELDS[kind]), "every field is explained"
    word = "obligatoire" if lang == "fr" else "required"
    assert word in text


def test_new_named_records_go_to_their_folder(tmp_path: Path) -> None:
    assert new_record(tmp_path, CONTENT, "issuer", "town-hall", "en") == (
        tmp_path / "content/issuers/town-hall.md"
    )
    assert new_record(tmp_path, CONTENT, "earner", "sam-lee", "en") == (
        tmp_path / "content/earners/sam-lee.yml"
    )
    assert new_record(tmp_path, CONTENT, "badge", "first-aid", "en") == (
        tmp_path / "content/badges/first-aid.md"
    )
    assert fields_of(tmp_path / "content/earners/sam-lee.yml")["name"] == "Sam Lee"
    badge = fields_of(tmp_path / "content/badges/first-aid.md")
    assert badge["name"] == "First aid" and badge["image"] == "images/first-aid.svg"
    assert (tmp_path / "content/badges/images/first-aid.svg").is_file()


def test_new_accepts_an_absolute_content_dir(tmp_path: Path) -> None:
    path = new_record(tmp_path, tmp_path / "content", "issuer", "town-hall", "fr")

    assert path == tmp_path / "content/issuers/town-hall.md"


def test_new_award_with_badge_and_earner(repo: Path) -> None:
    path = new_record(
        repo, CONTENT, "award", None, "en", badge="first-steps-online", earner="camille-martin",
        today=DAY,
    )  # fmt: skip

    assert path == repo / "content/awards/2025/2025-03-14-camille-martin-first-steps-online.yml"
    award = fields_of(path)
    assert uuid.UUID(award["id"]).version == 4 and ID_PATTERN.match(award["id"])
    assert award["badge"] == "first-steps-online" and award["earner"] == "camille-martin"
    assert award["issued_on"] == DAY
    lines = path.read_text(encoding="utf-8").splitlines()
    assert "badge: first-steps-online" in lines and "earner: camille-martin" in lines
    assert_valid_repository(repo)


def test_new_award_without_slugs_is_named_by_its_id(tmp_path: Path) -> None:
    path = new_record(tmp_path, CONTENT, "award", None, "fr", today=DAY)

    award = fields_of(path)
    assert path == tmp_path / f"content/awards/2025/{award['id'][:8]}.yml"
    assert award["badge"] == "mon-badge" and award["earner"] == "prenom-nom"
    assert "badge: mon-badge  # ← à remplacer" in path.read_text(encoding="utf-8")


def test_new_awards_get_distinct_ids(tmp_path: Path) -> None:
    first = new_record(tmp_path, CONTENT, "award", None, "en")
    second = new_record(tmp_path, CONTENT, "award", None, "en")

    assert fields_of(first)["id"] != fields_of(second)["id"]
    assert fields_of(first)["issued_on"] == date.today()


def test_new_endorsement_of_a_badge(repo: Path) -> None:
    path = new_record(
        repo, CONTENT, "endorsement", None, "en", issuer="example-makerspace",
        badge="first-steps-online", today=DAY,
    )  # fmt: skip

    assert path == (
        repo / "content/endorsements/2025/2025-03-14-example-makerspace-first-steps-online.yml"
    )
    endorsement = fields_of(path)
    assert uuid.UUID(endorsement["id"]).version == 4
    assert endorsement["endorser"] == "example-makerspace"
    assert endorsement["badge"] == "first-steps-online"
    assert endorsement["issued_on"] == DAY
    assert_valid_repository(repo)


def test_new_endorsement_by_an_earner(repo: Path) -> None:
    path = new_record(
        repo, CONTENT, "endorsement", None, "en", earner="camille-martin",
        badge="first-steps-online", today=DAY,
    )  # fmt: skip

    assert fields_of(path)["endorser"] == "camille-martin"
    with pytest.raises(UsageError, match="one endorser"):
        new_record(repo, CONTENT, "endorsement", None, "en", earner="camille-martin",
                   issuer="example-makerspace")  # fmt: skip


def test_new_badge_with_an_issuer_is_valid_with_its_placeholder(repo: Path) -> None:
    path = new_record(repo, CONTENT, "badge", "first-aid", "en", issuer="example-makerspace")

    assert fields_of(path)["issuer"] == "example-makerspace"
    assert_valid_repository(repo)


def test_new_badge_keeps_an_existing_picture(repo: Path) -> None:
    image = repo / "content/badges/images/first-aid.svg"
    image.parent.mkdir(parents=True, exist_ok=True)
    image.write_text("<svg/>", encoding="utf-8")
    new_record(repo, CONTENT, "badge", "first-aid", "en", issuer="example-makerspace")

    assert image.read_text(encoding="utf-8") == "<svg/>"


def test_new_records_keep_a_repository_valid(repo: Path) -> None:
    new_record(repo, CONTENT, "issuer", "town-hall", "fr", email="contact@town.example.org")
    new_record(repo, CONTENT, "earner", "sam-lee", "fr", email="sam@example.org")
    new_record(repo, CONTENT, "award", None, "fr", badge="running-a-workshop", earner="sam-lee")

    assert_valid_repository(repo)
    issuer = fields_of(repo / "content/issuers/town-hall.md")
    assert issuer["email"] == "contact@town.example.org", "an issuer's address is public"


def test_new_earner_stores_a_hash_never_the_address(tmp_path: Path) -> None:
    address = "Sam.Lee@Example.org "
    path = new_record(tmp_path, CONTENT, "earner", "sam-lee", "en", email=address)

    earner = fields_of(path)
    assert "email" not in earner
    assert re.fullmatch(r"[0-9a-f]{32}", earner["salt"])
    assert earner["email_hash"] == hash_email(address, earner["salt"])
    text = path.read_text(encoding="utf-8").lower()
    assert "sam.lee@" not in text and "example.org " not in text


def test_new_earners_get_distinct_salts(tmp_path: Path) -> None:
    one = new_record(tmp_path, CONTENT, "earner", "one", "en", email="same@example.org")
    two = new_record(tmp_path, CONTENT, "earner", "two", "en", email="same@example.org")

    assert fields_of(one)["salt"] != fields_of(two)["salt"]
    assert fields_of(one)["email_hash"] != fields_of(two)["email_hash"]


def test_new_earner_without_email_has_no_identity(tmp_path: Path) -> None:
    path = new_record(tmp_path, CONTENT, "earner", "sam-lee", "en")

    assert set(fields_of(path)) == {"name", "showcase"}


def test_new_refuses_an_invalid_email_without_repeating_it(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as raised:
        new_record(tmp_path, CONTENT, "earner", "sam-lee", "en", email="sam at example")

    assert "sam at example" not in str(raised.value)
    assert not (tmp_path / "content/earners/sam-lee.yml").exists()


@pytest.mark.parametrize("slug", [None, "", "Camille", "camille_martin", "-camille", "a--b", "é"])
@pytest.mark.parametrize("kind", ["issuer", "badge", "earner"])
def test_new_refuses_bad_slugs(tmp_path: Path, kind: str, slug: str | None) -> None:
    with pytest.raises(UsageError, match="slug"):
        new_record(tmp_path, CONTENT, kind, slug, "en")
    assert not (tmp_path / "content").exists() or not any((tmp_path / "content").rglob("*.*"))


@pytest.mark.parametrize(
    ("kind", "slug"),
    [
        ("issuer", "example-makerspace"),
        ("issuer", "camille-martin"),  # an earner already has it
        ("earner", "example-makerspace"),  # an issuer already has it
        ("earner", "dominique-roux"),
        ("badge", "first-steps-online"),
    ],
)
def test_new_refuses_a_taken_slug(repo: Path, kind: str, slug: str) -> None:
    before = {path: path.read_bytes() for path in repo.rglob("*") if path.is_file()}

    with pytest.raises(UsageError, match="already uses"):
        new_record(repo, CONTENT, kind, slug, "en")
    assert before == {path: path.read_bytes() for path in repo.rglob("*") if path.is_file()}


def test_new_badge_slug_may_equal_an_issuer_slug(repo: Path) -> None:
    """Badges have their own namespace; only issuers and earners share one."""
    path = new_record(repo, CONTENT, "badge", "camille-martin", "en")

    assert path.parent.name == "badges"


def test_new_never_overwrites(repo: Path) -> None:
    def award() -> Path:
        return new_record(
            repo, CONTENT, "award", None, "en", badge="first-steps-online",
            earner="camille-martin", today=DAY,
        )  # fmt: skip

    first = award()
    before = first.read_bytes()

    with pytest.raises(UsageError, match="already exists"):
        award()
    assert first.read_bytes() == before


@pytest.mark.parametrize(
    ("kind", "options", "message"),
    [
        ("award", {"badge": "no-such-badge"}, "no 'no-such-badge' in badges/"),
        ("award", {"earner": "camile-martin"}, "did you mean 'camille-martin'"),
        ("badge", {"issuer": "nobody"}, "in issuers/ or earners/"),
        ("endorsement", {"issuer": "Bad Slug"}, "not a valid slug"),
        ("award", {"email": "a@example.org"}, "does not apply"),
        ("issuer", {"badge": "first-steps-online"}, "does not apply"),
    ],
)
def test_new_checks_its_options(
    repo: Path, kind: str, options: dict[str, str], message: str
) -> None:
    slug = "new-one" if kind in ("issuer", "badge") else None

    with pytest.raises(UsageError, match=re.escape(message)):
        new_record(repo, CONTENT, kind, slug, "en", **options)


def test_new_refuses_a_slug_for_dated_records_and_unknown_kinds(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="takes no name"):
        new_record(tmp_path, CONTENT, "award", "my-award", "en")
    with pytest.raises(UsageError, match="unknown kind"):
        new_record(tmp_path, CONTENT, "gadget", "thing", "en")
    with pytest.raises(UsageError, match="fr or en"):
        new_record(tmp_path, CONTENT, "issuer", "thing", "de")
