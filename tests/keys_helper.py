"""Give a scratch repository signing keys, as `badgegen keys generate` would."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from badgegen.openbadges.keys import KeyChange, add_keys
from tests.conftest import load_repo


def generate_keys(root: Path, *, rotate: bool = False) -> list[KeyChange]:
    gallery, cfg = load_repo(root)
    return add_keys(cfg, gallery.acting_parties(), rotate=rotate, today=date(2026, 11, 1))
