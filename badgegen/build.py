"""The build, top to bottom: load → validate → model → outputs → write.

Each stage is a function in its own module; this file only calls them in order, times them, and
stops with every problem found when the content is invalid. After the model, the stages are the
rows of `STAGES`: each file they make goes at once to a sink (the staging folder of `build()`,
or memory for the preview's `make_site()`), and their parts may be shared by processes.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from typing import Any

from jinja2 import TemplateError, TemplateSyntaxError

from badgegen import memo, pool
from badgegen.config import Config
from badgegen.content.ledger import updated
from badgegen.content.ledger_file import ledger_path
from badgegen.content.model import Gallery, build_gallery
from badgegen.errors import ContentError, Problem, Severity
from badgegen.guards import missing_key_problem
from badgegen.load import Loaded, check, load, record_published, timed
from badgegen.marks import N_
from badgegen.openbadges.credentials import credential_count
from badgegen.openbadges.setup import SigningSetup, prepare
from badgegen.outdir import MARKER, MARKER_TEXT
from badgegen.outputs import Gathered, Manifest, OutputFile, Sink
from badgegen.rebuild import PARTS_REUSED, Rebuild, inputs_of_parts, run_parts, valid_span
from badgegen.result import (
    BuildResult,
    BuildStats,
    Previous,
    build_options,
    check_output,
    in_ci,
    previous_build,
    utc_now,
)
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
    ob2_parts,
    one,
    page_parts,
    qr_parts,
    with_endorsements,
)
from badgegen.write import Staging, scan_aside

__all__ = [
    "BuildResult",
    "BuildStats",
    "Loaded",
    "check",
    "check_output",
    "in_ci",
    "load",
    "record_published",
    "utc_now",
]
"""Loading lives in `badgegen.load` and the results in `badgegen.result`; their entry points
are also reached from here."""

log = logging.getLogger(__name__)


def load_gallery(
    config: Config,
    now: datetime,
    *,
    strict: bool = False,
    frozen: bool = False,
    allow_removal: bool = False,
    guards: Severity | None = None,
    digests: Mapping[str, str] | None = None,
) -> tuple[Gallery, Loaded]:
    """The validated model, or ContentError with every problem (`digests`: see `load`)."""
    loaded = load(
        config, now, frozen=frozen, allow_removal=allow_removal, guards=guards, digests=digests
    )
    if loaded.errors or (strict and loaded.warnings):
        raise ContentError(loaded.problems)
    with timed("model"):
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
    Stage("ob2", N_("writing Open Badges 2.0 files"), ob2_parts),
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
            with timed(stage.name, stage.label):
                if stage.prepare is not None:
                    work = stage.prepare(work, sink)
                for item in run_parts(stage.name, stage.parts(work), work.jobs, sink):
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


def build(
    config: Config,
    *,
    now: datetime | None = None,
    strict: bool = False,
    allow_removal: bool = False,
    frozen: bool = False,
    guards: Severity | None = None,
    jobs: int | None = None,
    previous: Previous | None = None,
) -> BuildResult:
    """Build the site into `config.output_dir`, or raise ContentError leaving it untouched.

    Each new or changed file goes to a staging folder beside the output as soon as it is made;
    the output changes only when every stage succeeded (`write.py`). `jobs`: processes that
    share the work (None: `[build] jobs`, where 0 means one per usable core). `previous`: what
    `result.previous_build` found, when the caller already asked (`badgegen build` asks before
    it loads this module).

    Outside CI (`frozen=False`) what the content declares is recorded in `content/published.yml`
    before the site is swapped in, so the status indexes just signed are the recorded ones.
    """
    start = time.perf_counter()
    now = now or utc_now()
    options = build_options(
        strict=strict, frozen=frozen, allow_removal=allow_removal, guards=guards
    )
    if previous is None:
        previous = previous_build(config, options, now, start)
    if previous.result is not None:
        return previous.result
    return _build(config, now, options, previous.rebuild, start, jobs)


def _build(
    config: Config,
    now: datetime,
    options: dict[str, Any],
    previous: Rebuild | None,
    start: float,
    jobs: int | None,
) -> BuildResult:
    """The build itself, when something changed since the previous one (or there is none)."""
    strict, frozen, allow_removal = options["strict"], options["frozen"], options["removal"]
    guards: Severity | None = options["guards"]
    with scan_aside(config.output_dir) as listing:  # the output folder, listed meanwhile
        gallery, loaded = load_gallery(
            config,
            now,
            strict=strict,
            frozen=frozen,
            allow_removal=allow_removal,
            guards=guards,
            digests=previous.inputs if previous else None,
        )
        record = previous.record if previous else None
        staging = Staging.open(config.output_dir, record.files if record else None, listing())
    # the model holds what the stages need: the parsed files (fields, lines) can go
    loaded = replace(loaded, records=[])
    processes = pool.workers(config.build.jobs if jobs is None else jobs)
    if previous:
        previous.release_files()
    try:
        work = _work(config, gallery, loaded, staging, processes, guards)
        if previous:
            records = {source.rel for source in loaded.sources}
            work = replace(work, inputs=inputs_of_parts(previous.inputs, records, config))
        with memo.held_at_most(MEMORY_ENTRIES):
            work = produce(work, staging)
        with timed("write"):
            if not frozen:
                record_published(config, loaded, forget=allow_removal)
            if previous:
                previous.forget()
            staging.publish(allow_removal=allow_removal)
    finally:
        staging.discard()
    log.debug("files written %d, unchanged and kept %d", staging.written, staging.reused)
    log.debug("parts kept from the previous build %s", dict(PARTS_REUSED) or "none")
    stats = _stats(gallery, len(staging.paths), work.signing, start)
    skipped = work.setup.skipped if work.setup else ""
    if previous:
        summary = (loaded.warnings, stats, skipped)
        with timed("remember"):
            _remember(previous, config, gallery, loaded, now, summary, staging)
    return BuildResult(config.output_dir, stats, loaded.warnings, skipped)


def _remember(
    previous: Rebuild,
    config: Config,
    gallery: Gallery,
    loaded: Loaded,
    now: datetime,
    summary: tuple[list[Problem], BuildStats, str],
    staging: Staging,
) -> None:
    """Record this build for the next one (`rebuild.py`), when what it read can be vouched for."""
    warnings, stats, skipped = summary
    read = {s.path for s in loaded.sources} | set(loaded.media)
    kept = previous.remember(
        valid_span(gallery, now),
        (warnings, asdict(replace(stats, seconds=0.0)), skipped),
        read,
        ledger_path(config.content_dir),
        staging.left(),
    )
    if not kept:
        log.debug("an input changed during the build, or lies outside what is recorded")
