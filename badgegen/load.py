"""Load and validate the content: discover → parse → fields → links → files → published.

The first half of the build (`build.py` goes on with the model and the outputs). `load()` never
raises on bad content: every problem, of every file, comes back as data in `Loaded`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from badgegen.config import Config, shown_path
from badgegen.content.crossref import check_links, declared_names
from badgegen.content.discover import SourceFile, discover
from badgegen.content.files import check_files, logo_problem
from badgegen.content.ledger import Ledger, Present, check_ledger, forgetting, updated
from badgegen.content.ledger import declared as present_in
from badgegen.content.ledger_file import ledger_path, read_ledger, write_ledger
from badgegen.content.parsed import KeptParses
from badgegen.content.placeholder import placeholder_problems as placeholder_pictures
from badgegen.content.validate import Record, check_fields
from badgegen.content.yamlio import RawRecord, read_kept, scan_top_level
from badgegen.errors import Problem, Severity, errors_in
from badgegen.guards import placeholder_problems
from badgegen.marks import N_

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
def timed(name: str, label: str = "") -> Iterator[None]:
    progress.info("%s…", label or STAGE_LABELS.get(name, name))
    start = time.perf_counter()
    yield
    log.debug("stage %-10s %6.1f ms", name, (time.perf_counter() - start) * 1000)


def load(
    config: Config,
    now: datetime,
    *,
    frozen: bool = False,
    allow_removal: bool = False,
    guards: Severity | None = None,
    digests: Mapping[str, str] | None = None,
) -> Loaded:
    """Discover, parse and validate the content (both phases); never raises on bad content.

    `frozen` (CI): what `content/published.yml` does not list yet is an error. `allow_removal`:
    what it lists but the content no longer declares is not (see `badgegen.content.ledger`).
    `guards` also reports what must not be published (example addresses, template marks; see
    `guards.py`) at that severity: warnings for `check` and `build`, errors for `build --publish`.
    `digests`: the SHA-256 of input files by their name from the repository, as the build's
    fingerprint found them (`rebuild.fingerprint`): a record file an earlier build parsed with
    the same digest is not read again.
    """
    with timed("discover"):
        sources, problems = discover(config.root, config.content_dir)
    raws: list[RawRecord] = []
    unparsed: list[SourceFile] = []
    award_keys: list[dict[str, str]] = []
    """`id` and `badge` of every award file, even one that fails to parse (no cascades)."""
    with timed("parse"):
        kept = KeptParses()
        known = digests or {}
        marks: dict[str, list[int]] = {}
        at = len(problems)
        for source in sources:
            raw, found, marks[source.rel] = read_kept(source, kept, known.get(source.rel))
            problems += found
            if raw is not None:
                raws.append(raw)
            else:
                unparsed.append(source)
            if source.kind == "award":
                data = raw.data if raw else scan_top_level(source, ("id", "badge"))
                award_keys.append({k: str(data[k]) for k in ("id", "badge") if k in data})
        kept.save()
        if guards is not None:
            problems[at:at] = placeholder_problems(config, sources, guards, marks)
    records: list[Record] = []
    with timed("fields"):
        for raw in raws:
            record, found = check_fields(raw, now)
            problems += found
            records.append(record)
    declared = declared_names(
        sources,
        award_ids=[keys["id"] for keys in award_keys if "id" in keys],
        earned=[keys["badge"] for keys in award_keys if "badge" in keys],
    )
    with timed("links"):
        problems += check_links(sources, records, declared)
    with timed("files"):
        media, found = check_files(records, config.root, config.content_dir)
        problems += found
        if config.site.logo:
            problems += logo_problem(config.site.logo, config.root, media)
    with timed("published"):
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
