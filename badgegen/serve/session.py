"""One preview rebuild: the whole site in memory, published to the preview folder if it builds.

Each rebuild reloads `badgegen.toml` and runs the same `make_site` as `badgegen build`, so the
preview never differs from the published site except in its base URL. The expensive parts
(canonicalizing and signing credentials, drawing cards and QR codes, rasterizing badges) are kept
by content between rebuilds, so only what changed is computed again. The new site is written
to a staging folder and swapped in, and the pages to reload are the files whose bytes changed.

A rebuild that fails keeps the last good site in place; its problems are kept for the overlay.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path

from badgegen import config
from badgegen.build import BuildStats, make_site
from badgegen.config import shown_path
from badgegen.content.ledger import check_ledger
from badgegen.content.ledger_file import ledger_path
from badgegen.errors import BadgegenError, ContentError, Problem
from badgegen.write import disappearing, publish

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one rebuild did: the files that changed, or the problems that stopped it."""

    changed: list[str] = field(default_factory=list)
    """Paths (relative to the site) whose bytes are new, changed or removed."""
    problems: list[Problem] = field(default_factory=list)
    """Errors when the rebuild failed (the last good site is still served), else warnings."""
    stats: BuildStats | None = None
    """None when the rebuild failed."""
    skipped: str = ""
    """Why Open Badges 3.0 credentials were not signed ("" when they were)."""

    @property
    def ok(self) -> bool:
        return self.stats is not None


class Preview:
    """The preview of one repository, rebuilt on demand into `served` for `base_url`."""

    def __init__(self, root: Path, served: Path, base_url: str) -> None:
        self.root = root
        self.served = served
        self.base_url = base_url
        self.errors: list[Problem] = []
        """The problems of the last rebuild if it failed, [] if it succeeded."""
        self.config: config.Config | None = None
        """The configuration last read without error (it decides what is watched)."""
        self._digests: dict[str, bytes] = {}

    def rebuild(self) -> Outcome:
        try:
            outcome = self._rebuild()
        except ContentError as exc:
            outcome = Outcome(problems=exc.problems)
        except BadgegenError as exc:  # e.g. a badgegen.toml that no longer parses
            outcome = Outcome(problems=[Problem(config.CONFIG_NAME, None, str(exc))])
        except Exception as exc:  # a file read while an editor was writing it, or a bug
            log.debug("the rebuild failed", exc_info=True)
            outcome = Outcome(
                problems=[
                    Problem(
                        "badgegen",
                        None,
                        f"the build stopped: {type(exc).__name__}: {exc}",
                        "save the file again; if this comes back, run `badgegen build -v` and "
                        "report it as a bug",
                    )
                ]
            )
        self.errors = [] if outcome.ok else outcome.problems
        return outcome

    def _rebuild(self) -> Outcome:
        published = config.load(self.root)
        self.config = published
        preview = published.with_overrides(base_url=self.base_url, output=str(self.served))
        site = make_site(preview, allow_removal=True)
        digests = {f.path: hashlib.sha256(f.data).digest() for f in site.manifest.files}
        changed = sorted(
            {p for p, d in digests.items() if self._digests.get(p) != d}
            | (self._digests.keys() - digests.keys())
        )
        if changed or not self.served.is_dir():
            publish(site.manifest, self.served, allow_removal=True)
        self._digests = digests
        # The preview may drop a published page; `badgegen build` would refuse to. Say so now.
        ledger = shown_path(ledger_path(published.content_dir), published.root)
        dropped = check_ledger(site.loaded.ledger, site.loaded.present, ledger, frozen=False)
        warnings = site.warnings + [
            Problem(p.path, p.line, p.message, p.hint, severity="warning")
            for p in [*dropped, *disappearing(site.manifest, published.output_dir)]
        ]
        return Outcome(changed, warnings, site.stats, site.skipped)
