"""`badgegen init` and `badgegen new`: a working starter repository and fully commented records.

The text lives in data files under `scaffold_data/` (`example/<lang>/` is the starter repository,
`templates/<lang>/<kind>.*` the record skeletons), so that writers and translators edit prose, not
Python. Values are filled in by replacing `{{name}}` markers in one pass: `string.Template` would
trip over the `$` of `sha256$…` hashes and of the comments that mention them.

A new record is a valid-looking skeleton, never a file that fails until edited: every field of
the format is named and explained, optional ones are commented out, and the example values the
user must replace are followed by a "← replace" comment. Only a new badge's image cannot exist
yet; `badgegen check` then says which file to add.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator, Mapping
from datetime import date
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from badgegen import __version__
from badgegen.config import shown_path
from badgegen.config.checks import check_base_url
from badgegen.content.ledger_file import ledger_path, record_new
from badgegen.content.placeholder import placeholder_svg
from badgegen.errors import UsageError
from badgegen.formats import FOLDER_OF, KINDS, LANGUAGES, NAMED_BY_FILE
from badgegen.identity import hash_email, new_salt
from badgegen.pinned import INSTALL_COMMAND, write_bundle
from badgegen.scaffold_records import TEMPLATE, check_email, dated, evidence, named, new_id
from badgegen.starter_images import DRAWINGS

EXAMPLE_EMAIL = "camille@example.org"
"""The starter earner's made-up address: only its salted hash is written."""

DATA = files("badgegen") / "scaffold_data"
MARKER = re.compile(r"\{\{([a-z0-9_]+)\}\}")
DOTTED = ("gitignore", "gitlab-ci.yml", "github/")
"""Data files and folders stored without their leading dot, which package-data globs would skip."""


def _dotted(rel: str) -> str:
    return f".{rel}" if rel.startswith(DOTTED) else rel


OPTIONS = {
    "email": ("issuer", "earner"),
    "issuer": ("badge", "endorsement"),
    "badge": ("award", "endorsement"),
    "earner": ("award", "endorsement"),
    "award": ("evidence",),
}
"""Which `new` options apply to which kind (the endorser is given as --issuer or --earner)."""

# --- init --------------------------------------------------------------------------------------


PLACEHOLDER_SITE = {
    "base_url": "https://example.org/badges/",
    "contact_email": "badges@example.org",
}
"""What `badgegen.toml` holds when `init` is given no address: `build --publish` refuses them."""


def init_repository(
    target: Path,
    lang: str,
    *,
    base_url: str | None = None,
    contact_email: str | None = None,
) -> list[Path]:
    """Create a small, valid badge repository in `target` and return the files written.

    Ids, dates and the example earner's hash are made at init time, so that two repositories never
    share award ids or salts and the example awards are dated the day the repository was made.
    The repository gets its CI files and `.badgegen/` (this badgegen, pinned), so that its first
    push passes CI when the site's public address and contact are given.
    """
    _check_lang(lang)
    site = _site_values(base_url, contact_email)
    if target.exists() and not target.is_dir():
        raise UsageError(f"{target} is a file: give the name of a new folder")
    if target.is_dir() and any(target.iterdir()):
        raise UsageError(
            f"{target} is not empty: give the name of a new folder, "
            "or add content to an existing repository with `badgegen new`"
        )
    today = date.today()
    salt = new_salt()
    values = {
        "today": today.isoformat(),
        "year": f"{today.year:04d}",
        "award_1_id": new_id(),
        "award_2_id": new_id(),
        "endorsement_id": new_id(),
        "email_hash": hash_email(EXAMPLE_EMAIL, salt),
        "salt": salt,
        "version": __version__,
        **site,
    }
    planned = [
        (_dotted(_fill(rel, values)), _fill(source.read_text(encoding="utf-8"), values).encode())
        for rel, source in _walk(DATA / "example" / lang)
    ]
    planned += ci_files(lang)
    planned += [(rel, draw()) for rel, draw in DRAWINGS[lang].items()]
    written: list[Path] = []
    for rel, data in planned:
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    content = target / "content"
    record_new(
        target,
        content,
        badges=[p.stem for p in (content / "badges").glob("*.md")],
        awards=[values["award_1_id"], values["award_2_id"]],
        endorsements=[values["endorsement_id"]],
    )  # CI refuses what is not recorded: the first push must build
    return [*written, ledger_path(content), *write_bundle(target)]


def _site_values(base_url: str | None, contact_email: str | None) -> dict[str, str]:
    """`badgegen.toml`'s address and contact, checked like the file's own values."""
    values = dict(PLACEHOLDER_SITE)
    if base_url is not None:
        problem = check_base_url(base_url)
        if problem:
            raise UsageError(f"--base-url {base_url!r} {problem}")
        values["base_url"] = base_url if base_url.endswith("/") else f"{base_url}/"
    if contact_email is not None:
        values["contact_email"] = check_email(contact_email, "--contact")
    return {key: value.replace('"', "") for key, value in values.items()}


def ci_files(lang: str) -> list[tuple[str, bytes]]:
    """The GitHub workflow and the GitLab CI file, with their comments in `lang`."""
    words = tomllib.loads((DATA / "ci_words" / f"{lang}.toml").read_text(encoding="utf-8"))
    values = {key: text.strip() for key, text in words.items()}
    values |= {"install": INSTALL_COMMAND, "version": __version__}
    return [
        (_dotted(rel), _fill(source.read_text(encoding="utf-8"), values).encode("utf-8"))
        for rel, source in _walk(DATA / "ci")
    ]


def update_ci(root: Path, lang: str, *, workflows: bool) -> list[Path]:
    """`badgegen ci update`: refresh `.badgegen/`, and write the CI files when asked or missing.

    CI files a user has edited are kept unless `workflows` is set (git keeps the old version).
    """
    changed = write_bundle(root)
    for rel, data in ci_files(lang):
        path = root / rel
        if path.is_file() and (not workflows or path.read_bytes() == data):
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        changed.append(path)
    return changed


def _walk(folder: Traversable, prefix: str = "") -> Iterator[tuple[str, Traversable]]:
    for child in sorted(folder.iterdir(), key=lambda item: item.name):
        if child.is_dir():
            yield from _walk(child, f"{prefix}{child.name}/")
        elif child.is_file():
            yield f"{prefix}{child.name}", child


# --- new ---------------------------------------------------------------------------------------


def new_record(
    root: Path,
    content_dir: Path,
    kind: str,
    slug: str | None,
    lang: str,
    *,
    email: str | None = None,
    badge: str | None = None,
    earner: str | None = None,
    issuer: str | None = None,
    award: str | None = None,
    today: date | None = None,
) -> Path:
    """Write one new, fully commented record file and return its path.

    `content_dir` may be relative to `root`. Issuers, badges and earners are named by `slug`;
    awards and endorsements get a fresh UUID4 `id` and a file under `<folder>/<year>/`. For an
    endorsement, the endorser is `issuer` or `earner` and the endorsed badge is `badge`. Slugs
    given as options must name existing records, so a typo fails here rather than at build time.
    An earner's `email` is stored only as `email_hash` + `salt`. Nothing is ever overwritten.
    """
    _check_lang(lang)
    if kind not in KINDS:
        raise UsageError(f"unknown kind {kind!r}: choose one of {', '.join(KINDS)}")
    given = {"email": email, "issuer": issuer, "badge": badge, "earner": earner, "award": award}
    for option, value in given.items():
        if value is not None and kind not in OPTIONS[option]:
            raise UsageError(f"--{option} does not apply to a new {kind}")
    content = root / content_dir
    today = today or date.today()
    if kind in NAMED_BY_FILE:
        path, values = named(root, content, kind, slug, lang, email=email, issuer=issuer)
    elif slug is not None:
        raise UsageError(f"a new {kind} takes no name: its file is named after its date and slugs")
    elif kind == "award":
        path, values = dated(content, FOLDER_OF["award"], today, lang, earner, "earner", badge)
    elif kind == "evidence":
        path, values = evidence(root, content, today, lang, award)
    elif issuer is not None and earner is not None:
        raise UsageError("an endorsement has one endorser: give --issuer or --earner, not both")
    else:
        endorser = issuer if issuer is not None else earner
        label = "earner" if earner is not None else "issuer"
        path, values = dated(content, FOLDER_OF["endorsement"], today, lang, endorser, label, badge)
    values["today"] = today.isoformat()
    text = _fill((DATA / "templates" / lang / TEMPLATE[kind]).read_text(encoding="utf-8"), values)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as stream:
            stream.write(text)
    except FileExistsError:
        raise UsageError(f"{shown_path(path, root)} already exists: it was left as it is") from None
    if kind == "badge":
        picture = badge_picture(path)
        if not picture.exists():
            picture.parent.mkdir(parents=True, exist_ok=True)
            picture.write_text(placeholder_svg(values["title"], path.stem), encoding="utf-8")
    if kind in ("badge", "award", "endorsement"):  # recorded now: CI knows it even unchecked
        name = values["id"] if kind != "badge" else path.stem
        record_new(root, content, **{FOLDER_OF[kind]: [name]})
    return path


def badge_picture(badge_file: Path) -> Path:
    """Where `new badge` puts a new badge's provisional picture (`image:` in the template)."""
    return badge_file.parent / "images" / f"{badge_file.stem}.svg"


def _check_lang(lang: str) -> None:
    if lang not in LANGUAGES:
        raise UsageError(f"unknown language {lang!r}: choose fr or en")


def _fill(text: str, values: Mapping[str, str]) -> str:
    def value(match: re.Match[str]) -> str:
        try:
            return values[match.group(1)]
        except KeyError:  # a template and this module disagree: a bug in badgegen
            raise RuntimeError(f"no value for the scaffold marker {match.group()}") from None

    return MARKER.sub(value, text)
