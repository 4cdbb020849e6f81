"""Before signing: load the keys and group the recorded status list indexes by issuer.

Returns what the pure signing stage needs, or the reason 3.0 credentials are skipped (no keys:
the 2.0 site is still built, and the build says so).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from badgegen.config import Config
from badgegen.content.model import Gallery
from badgegen.errors import ContentError
from badgegen.openbadges.credentials import Keys
from badgegen.openbadges.keys import (
    ENV_VAR,
    PublicKey,
    load_keyring,
    load_public_keys,
    signing_keys,
)


@dataclass(frozen=True, slots=True)
class SigningSetup:
    keys: Keys | None
    """None when there are no private keys: 3.0 credentials are skipped."""
    published: dict[str, list[PublicKey]]
    """Public keys by slug (DID documents are published even without private keys)."""
    indexes: dict[str, dict[str, int]] = field(default_factory=dict)
    """Status list index of each award, by issuer slug."""
    skipped: str = ""

    @property
    def status_indexes(self) -> dict[str, int]:
        return {
            award: index for by_award in self.indexes.values() for award, index in by_award.items()
        }


def prepare(config: Config, gallery: Gallery, status_indexes: Mapping[str, int]) -> SigningSetup:
    """`status_indexes`: each award's index, as `content/published.yml` records (or will)."""
    parties = gallery.acting_parties()
    indexes: dict[str, dict[str, int]] = {}
    for slug in sorted({b.issuer for b in gallery.badges}):
        indexes[slug] = {a.id: status_indexes[a.id] for a in gallery.awards_of_issuer(slug)}
    keyring = load_keyring(config)
    if keyring is None:
        reason = (
            f"no signing keys ({config.keys.file} or ${ENV_VAR}): Open Badges 3.0 credentials "
            "were skipped; run `badgegen keys generate` to create keys"
        )
        published = {slug: load_public_keys(config, slug) for slug in parties}
        return SigningSetup(None, published, indexes, reason)
    current, published, problems = signing_keys(config, keyring, parties)
    if problems:
        raise ContentError(problems)
    return SigningSetup(Keys(current, published), published, indexes)
