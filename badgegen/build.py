"""The build, top to bottom: load → validate → model → outputs → write.

Each stage is a function in its own module; this file only calls them in order, times them, and
stops with every problem found when the content is invalid. After the model, the stages are the
rows of `STAGES`: each file they make goes at once to a sink (the staging folder of `build()`,
or memory for the preview's `make_site()`), and their parts may be shared by processes.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from jinja2 import TemplateError, TemplateSyntaxError

from badgegen import memo, pool
from badgegen.config import Config, shown_path
from badgegen.content.crossref import check_links, declared_names
from badgegen.content.discover import SourceFile, discover
from badgegen.content.files import check_files, logo_problem
from badgegen.content.ledger import Ledger, Present, check_ledger, forgetting, updated
from badgegen.content.ledger import declared as present_in
from badgegen.content.ledger_file import ledger_path, read_ledger, write_ledger
from badgegen.content.model import Gallery, build_gallery
from badgegen.content.placeholder import placeholder_problems as placeholder_pictures
from badgegen.content.validate import Record, check_fields
from badgegen.content.yamlio import RawRecord, read_record, scan_top_level
from badgegen.errors import ContentError, Problem, Severity, UsageError, errors_in
from badgegen.guards import missing_key_problem, placeholder_problems
from badgegen.marks import N_
from badgegen.openbadges.credentials import credential_count
from badgegen.openbadges.ob2 import ob2_files
from badgegen.openbadges.setup import SigningSetup, prepare
from badgegen.outdir import MARKER, MARKER_TEXT, OUTPUT_HINT
from badgegen.outputs import Gathered, Manifest, OutputFile, Sink
from badgegen.site.assets import asset_files
from badgegen.site.icons import icon_files
from badgegen.site.indexes import index_files
from badgegen.site.previews import preview_files
from badgegen.site.theme import environment
from badgegen.stages import (
    Stage,
    Work,
    baked_parts,
    card_parts,
    credential_parts,
    did_parts,
    nothing,
    one,
    page_parts,
    qr_parts,
    with_endorsements,
)
from badgegen.write import Staging

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Loaded:
    """The outcome of loading and validating: valid records and every problem."""

    sources: list[SourceFile]
    records: list[Record]
    problems: list[Problem]
    media: dict[Path, bytes] = field(default_factory=dict)
    """Checked (and for SVG, made safe) bytes of every file the records point at."""
    ledger: Ledger = field(default_factory=Ledger)
    """`content/published.yml` as committed."""
    present: Present = field(default_factory=lambda: Present({}, {}, {}))
    """What the content declares now."""

    @property
    def errors(self) -> list[Problem]:
        return errors_in(self.problems)

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


@dataclass(frozen=True, slots=True)
class BuildStats:
    issuers: int = 0
    badges: int = 0
    earners: int = 0
    awards: int = 0
    endorsements: int = 0
    files: int = 0
    credentials: int = 0
    """Open Badges 3.0 credentials signed (awards, endorsements, status lists)."""
    seconds: float = 0.0


@dataclass(frozen=True, slots=True)
class BuildResult:
    output_dir: Path
    stats: BuildStats
    warnings: list[Problem] = field(default_factory=list)
    skipped: str = ""
    """Why Open Badges 3.0 credentials were not signed ("" when they were)."""


progress = logging.getLogger("badgegen.progress")
"""One record per stage as it starts; the CLI shows them as a progress line on a terminal."""

STAGE_LABELS = {
    "discover": N_("finding the content files"),
    "parse": N_("reading them"),
    "fields": N_("checking every field"),
    "links": N_("checking references"),
    "files": N_("checking images and evidence files"),
    "published": N_("comparing with what was published"),
    "model": N_("building the model"),
    "write": N_("writing the site"),
}
"""Labels of the stages of `load()` and of the final swap; those of `STAGES` are in the table."""


@contextmanager
def _stage(name: str, label: str = "") -> Iterator[None]:
    progress.info("%s…", label or STAGE_LABELS.get(name, name))
    start = time.perf_counter()
    yield
    log.debug("stage %-10s %6.1f ms", name, (time.perf_counter() - start) * 1000)


def utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def load(
    config: Config,
    now: datetime,
    *,
    frozen: bool = False,
    allow_removal: bool = False,
    guards: Severity | None = None,
) -> Loaded:
    """Discover, parse and validate the content (both phases); never raises on bad content.

    `frozen` (CI): what `content/published.yml` does not list yet is an error. `allow_removal`:
    what it lists but the content no longer declares is not (see `badgegen.content.ledger`).
    `guards` also reports what must not be published (example addresses, template marks; see
    `guards.py`) at that severity: warnings for `check` and `build`, errors for `build --publish`.
    """
    with _stage("discover"):
        sources, problems = discover(config.root, config.content_dir)
    if guards is not None:
        problems += placeholder_problems(config, sources, guards)
    raws: list[RawRecord] = []
    unparsed: list[SourceFile] = []
    award_keys: list[dict[str, str]] = []
    """`id` and `badge` of every award file, even one that fails to parse (no cascades)."""
    with _stage("parse"):
        for source in sources:
            raw, found = read_record(source)
            problems += found
            if raw is not None:
                raws.append(raw)
            else:
                unparsed.append(source)
            if source.kind == "award":
                data = raw.data if raw else scan_top_level(source, ("id", "badge"))
                award_keys.append({k: str(data[k]) for k in ("id", "badge") if k in data})
    records: list[Record] = []
    with _stage("fields"):
        for raw in raws:
            record, found = check_fields(raw, now)
            problems += found
            records.append(record)
    declared = declared_names(
        sources,
        award_ids=[keys["id"] for keys in award_keys if "id" in keys],
        earned=[keys["badge"] for keys in award_keys if "badge" in keys],
    )
    with _stage("links"):
        problems += check_links(sources, records, declared)
    with _stage("files"):
        media, found = check_files(records, config.root, config.content_dir)
        problems += found
        if config.site.logo:
            problems += logo_problem(config.site.logo, config.root, media)
    with _stage("published"):
        ledger, found = read_ledger(config.root, config.content_dir)
        present, more = present_in(records, unparsed)
        rel = shown_path(ledger_path(config.content_dir), config.root)
        missing = check_ledger(ledger, present, rel, frozen=frozen)
        problems += (
            found + more + [p for p in missing if frozen or not allow_removal or p.path != rel]
        )
    problems += placeholder_pictures(records, "error" if guards == "error" else "warning")
    return Loaded(sources, records, problems, media, ledger, present)


def record_published(config: Config, loaded: Loaded, *, forget: bool = False) -> bool:
    """Write `content/published.yml` with what this valid content declares; True if it changed.

    Outside CI only. `forget` (`--allow-removal`) also drops what the content no longer declares.
    """
    ledger = updated(loaded.ledger, loaded.present)
    changed = write_ledger(
        config.content_dir, forgetting(ledger, loaded.present) if forget else ledger
    )
    if changed:
        rel = shown_path(ledger_path(config.content_dir), config.root)
        log.info("%s now lists what this content publishes: commit it with the content", rel)
    return changed


def check(config: Config, now: datetime, *, frozen: bool = False) -> Loaded:
    """`badgegen check`: validate, and outside CI record what valid content declares."""
    loaded = load(config, now, frozen=frozen, guards="warning")
    if not loaded.errors and not frozen:
        record_published(config, loaded)
    return loaded


def in_ci() -> bool:
    """Whether this runs in CI (GitHub Actions, GitLab CI and most others set CI=true)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def load_gallery(
    config: Config,
    now: datetime,
    *,
    strict: bool = False,
    frozen: bool = False,
    allow_removal: bool = False,
    guards: Severity | None = None,
) -> tuple[Gallery, Loaded]:
    """The validated model, or ContentError with every problem."""
    loaded = load(config, now, frozen=frozen, allow_removal=allow_removal, guards=guards)
    if loaded.errors or (strict and loaded.warnings):
        raise ContentError(loaded.problems)
    with _stage("model"):
        return build_gallery(loaded.records, now, loaded.media, config.content_dir), loaded


def _with_keys(work: Work, sink: Sink) -> Work:
    """Load the keys; with `guards="error"` (`build --publish`), a repository that publishes
    signing keys must also hold the private keys."""
    setup = prepare(work.config, work.gallery, work.recorded)
    if work.guards == "error":
        missing = missing_key_problem(work.config, setup.published, setup.keys is not None)
        if missing:
            raise ContentError(missing)
    return replace(work, setup=setup)


STAGES: tuple[Stage, ...] = (
    Stage("keys", N_("loading the signing keys"), nothing, _with_keys),
    Stage("sign", N_("signing Open Badges 3.0 credentials"), credential_parts, with_endorsements),
    Stage("pages", N_("rendering the pages"), page_parts),
    Stage("assets", N_("copying images and evidence"), one(asset_files)),
    Stage("ob2", N_("writing Open Badges 2.0 files"), one(ob2_files)),
    Stage("qrcodes", N_("drawing QR codes"), qr_parts),
    Stage("cards", N_("drawing social cards"), card_parts),
    Stage("previews", N_("drawing link previews"), one(preview_files)),
    Stage("icons", N_("drawing favicons"), one(icon_files)),
    Stage("indexes", N_("writing the sitemap and the feed"), one(index_files)),
    Stage("dids", N_("writing DID documents"), did_parts),
    Stage("baked", N_("baking badge images"), baked_parts),
)
"""Everything after the model, in order. A new output is one row here and one module."""


def _template_problem(exc: TemplateError) -> Problem:
    if isinstance(exc, TemplateSyntaxError):
        return Problem(
            exc.filename or exc.name or "template", exc.lineno, f"template error: {exc.message}"
        )
    return Problem("themes", None, f"template error: {exc}", "check the theme's templates")


def produce(work: Work, sink: Sink) -> Work:
    """Run every stage of `STAGES` over `work`, handing each file to `sink` as it is made; the
    input as the last stage saw it (with the keys)."""
    sink.add(OutputFile(MARKER, MARKER_TEXT, stage="write"))
    try:
        for stage in STAGES:
            with _stage(stage.name, stage.label):
                if stage.prepare is not None:
                    work = stage.prepare(work, sink)
                for item in pool.run(stage.parts(work), work.jobs):
                    sink.add(item)
    except TemplateError as exc:
        raise ContentError([_template_problem(exc)]) from exc
    return work


@dataclass(frozen=True, slots=True)
class Site:
    """A whole site in memory: every output file, and what the summary and the writer need."""

    manifest: Manifest
    stats: BuildStats
    warnings: list[Problem]
    setup: SigningSetup
    loaded: Loaded
    skipped: str = ""


def _stats(gallery: Gallery, files: int, signing: bool, start: float) -> BuildStats:
    return BuildStats(
        issuers=len(gallery.issuers),
        badges=len(gallery.badges),
        earners=len(gallery.earners),
        awards=len(gallery.awards),
        endorsements=len(gallery.endorsements),
        files=files,
        credentials=credential_count(gallery) if signing else 0,
        seconds=time.perf_counter() - start,
    )


def _work(
    config: Config, gallery: Gallery, loaded: Loaded, sink: Sink, jobs: int, guards: Severity | None
) -> Work:
    recorded = updated(loaded.ledger, loaded.present).awards
    return Work(config, gallery, environment(config), jobs, sink.read, recorded, guards)


def make_site(
    config: Config,
    *,
    now: datetime | None = None,
    strict: bool = False,
    frozen: bool = False,
    allow_removal: bool = False,
    guards: Severity | None = None,
    jobs: int = 1,
) -> Site:
    """Load, validate, model and render: the site in memory, or ContentError with every problem.

    Nothing is written: `badgegen serve` publishes the result to its preview folder.
    `badgegen build` runs the same stages but writes each file as it is made (`build()`).
    """
    start = time.perf_counter()
    now = now or utc_now()
    gallery, loaded = load_gallery(
        config, now, strict=strict, frozen=frozen, allow_removal=allow_removal, guards=guards
    )
    sink = Gathered()
    work = produce(_work(config, gallery, loaded, sink, jobs, guards), sink)
    assert work.setup is not None
    stats = _stats(gallery, len(sink.paths), work.signing, start)
    return Site(sink.manifest(), stats, loaded.warnings, work.setup, loaded, work.setup.skipped)


MEMORY_ENTRIES = 256
"""Results each kept function holds in memory during `build()` (see `memo.held_at_most`)."""


def check_output(config: Config) -> None:
    """Refuse, before any work, an output folder the build must not replace (UsageError)."""
    refusal = config.output_refusal()
    if refusal:
        raise UsageError(
            f"the output folder {config.output_dir} is refused: {refusal}; {OUTPUT_HINT}"
        )


def build(
    config: Config,
    *,
    now: datetime | None = None,
    strict: bool = False,
    allow_removal: bool = False,
    frozen: bool = False,
    guards: Severity | None = None,
    jobs: int | None = None,
) -> BuildResult:
    """Build the site into `config.output_dir`, or raise ContentError leaving it untouched.

    Each file goes to a staging folder beside the output as soon as it is made; the staging
    folder replaces the output only when every stage succeeded. `jobs`: processes that share
    the work (None: `[build] jobs`, where 0 means one per usable core).

    Outside CI (`frozen=False`) what the content declares is recorded in `content/published.yml`
    before the site is swapped in, so the status indexes just signed are the recorded ones.
    """
    start = time.perf_counter()
    check_output(config)
    now = now or utc_now()
    gallery, loaded = load_gallery(
        config, now, strict=strict, frozen=frozen, allow_removal=allow_removal, guards=guards
    )
    processes = pool.workers(config.build.jobs if jobs is None else jobs)
    staging = Staging.open(config.output_dir)
    try:
        with memo.held_at_most(MEMORY_ENTRIES):
            work = produce(_work(config, gallery, loaded, staging, processes, guards), staging)
        with _stage("write"):
            if not frozen:
                record_published(config, loaded, forget=allow_removal)
            staging.publish(allow_removal=allow_removal)
    finally:
        staging.discard()
    log.debug("files written %d, unchanged and kept %d", staging.written, staging.reused)
    stats = _stats(gallery, len(staging.paths), work.signing, start)
    skipped = work.setup.skipped if work.setup else ""
    return BuildResult(config.output_dir, stats, loaded.warnings, skipped)
