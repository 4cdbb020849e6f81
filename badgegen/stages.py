"""The stages of the build after the model: what each reads, and its work in parts.

Every stage reads one frozen `Work` (the config, the gallery, the keys once loaded…) and hands
back its work as a list of parts (`pool.Part`), which the build does in its own process or
shares between processes (`pool.run`); `build.STAGES` lists them in their order. A part is about
25 awards (or the pages of subjects that show about as many), so that no process holds more than
that at a time, both cores have work until the end, and an edit redoes little: a part whose
inputs changed is done again whole (its neighbours' results are not kept apart from the site).

The parts of a stage that is not written for parts (QR codes, cards, baked images) run the
stage on a smaller gallery: the same issuers and endorsements, the awards of the part, and only
what those awards need. Each file such a stage makes depends on its own award alone, so the
parts together make exactly the files of the whole gallery (the test of the build checks it,
byte for byte); a file two parts both make (the PNG of an SVG badge) is kept once.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any

from jinja2 import Environment

from badgegen import pool
from badgegen.config import Config
from badgegen.content.model import Award, BadgeClass, Earner, Gallery
from badgegen.errors import Severity
from badgegen.openbadges.baked import baked_files
from badgegen.openbadges.credentials import (
    context_outputs,
    did_files,
    sign_awards,
    sign_endorsements,
    sign_status_lists,
)
from badgegen.openbadges.keys import PublicKey
from badgegen.openbadges.ob2 import ob2_assertion_files, ob2_shared_files
from badgegen.openbadges.setup import SigningSetup
from badgegen.outputs import OutputFile, Sink
from badgegen.pool import Keyed, Part
from badgegen.site.cards import card_files
from badgegen.site.icons import site_picture_path
from badgegen.site.qrcodes import qr_files
from badgegen.site.render import render_pages
from badgegen.site.theme import templates_fingerprint
from badgegen.urls import Urls

PART = 25
"""Awards in one part (and about as many pages in one share of the pages). Measured at 10,000
awards (output in memory): one award edited took 4.5 s with parts of 100, 4.2 s with parts of 25,
the cold build the same."""


@dataclass(frozen=True, slots=True)
class Work:
    """The input of the stages: frozen, and extended only by the stages that prepare it."""

    config: Config
    gallery: Gallery
    env: Environment
    jobs: int
    """Processes that may share a stage (1: the build's own process only)."""
    read: Callable[[str], bytes]
    """The bytes of a file an earlier stage made (the sink's `read`)."""
    recorded: Mapping[str, int]
    """Each award's status list index, as `content/published.yml` records it (or will)."""
    guards: Severity | None = None
    setup: SigningSetup | None = None
    """The signing keys and status list indexes (the `keys` stage)."""
    endorsements: Mapping[str, dict[str, Any]] = field(default_factory=dict)
    """Signed endorsement credentials by id (the `sign` stage, before the awards)."""
    inputs: str = ""
    """A digest of what every part of the awards reads besides its model records
    (`rebuild.inputs_of_parts`): with it, those parts are kept between builds (`award_key`);
    "" (no cache folder, the preview): they are always done."""

    @property
    def signing(self) -> bool:
        return self.setup is not None and self.setup.keys is not None

    def groups(self, items: int, *, kept: bool = False) -> int:
        """Into how many parts to cut `items` things: one when a single process works, unless
        the parts are `kept` between builds (an edit then redoes one part, not the stage)."""
        alone = self.jobs <= 1 and not (kept and self.inputs)
        return 1 if alone else max(1, math.ceil(items / PART))


def chunks(items: Sequence[Any], count: int) -> list[Sequence[Any]]:
    """`items` cut into `count` runs of nearly equal length, in order."""
    size = math.ceil(len(items) / count) if items else 1
    return [items[i : i + size] for i in range(0, len(items), size)] or [items[:0]]


def award_groups(work: Work) -> list[Sequence[Award]]:
    """The awards in parts, those of one badge class together (a part then needs few badges)."""
    gallery = work.gallery
    ordered = [a for b in gallery.badges for a in gallery.awards_of_badge(b.slug)]
    return chunks(ordered, work.groups(len(ordered), kept=True))


def award_key(
    work: Work, stage: str, awards: Sequence[Award], *, first: bool, earners: Sequence[Earner] = ()
) -> str:
    """A digest of everything a part of `stage` on `awards` reads: the inputs outside the model
    (`Work.inputs`: config, keys, media, fonts…), each award with its status at the build's
    time and its status list index, their earners and badge classes (with `first`, those nobody
    holds yet too), every issuer and endorser, every endorsement and its signed credential.
    `earners`: the showcases the part also makes (QR codes)."""
    gallery, records = work.gallery, record_digests(work)
    held = {a.badge for a in awards}
    badges = [b for b in gallery.badges if b.slug in held or (first and not awarded(gallery, b))]
    digest = hashlib.sha256(f"{stage}\0{shared_digest(work)}\0".encode())
    for value in (
        [records.awards[a.id] for a in awards],
        [records.earners[slug] for slug in sorted({a.earner for a in awards})],
        [records.earners[e.slug] for e in earners],
        [records.badges[b.slug] for b in badges],
    ):
        digest.update(repr(value).encode())
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class Records:
    """A digest of each model record a part's key reads, worked out once per build (each award
    is read by the key of a part in every stage): an award with its status at the build's time
    and its status list index, an earner, a badge class."""

    awards: dict[str, str]
    earners: dict[str, str]
    badges: dict[str, str]


_records: dict[tuple[int, int], tuple[Gallery, SigningSetup | None, Records]] = {}


def record_digests(work: Work) -> Records:
    """The `Records` of the input's gallery and status indexes, worked out once for the stages
    that read the same gallery and signing setup."""
    gallery, setup = work.gallery, work.setup
    held = _records.get((id(gallery), id(setup)))
    if held is not None and held[0] is gallery and held[1] is setup:
        return held[2]
    indexes = setup.status_indexes if setup else {}
    relocate = _relocation(work.config.root)

    def of(value: Any) -> str:
        text = relocate(repr(value)).encode("utf-8", "surrogatepass")
        return hashlib.sha256(text).hexdigest()

    records = Records(
        {a.id: of((a, a.is_expired(gallery.now), indexes.get(a.id))) for a in gallery.awards},
        {e.slug: of(e) for e in gallery.earners},
        {b.slug: of(b) for b in gallery.badges},
    )
    _records.clear()
    _records[(id(gallery), id(setup))] = (gallery, setup, records)
    return records


_shared: dict[int, tuple[Work, str]] = {}
"""The last input's `shared_digest`, by identity (the input itself is kept with it, so that
its id cannot be another's)."""


def shared_digest(work: Work) -> str:
    """A digest of what every part reads alike: the inputs outside the model, whether it signs,
    every issuer, endorser and endorsement, and the signed endorsements. It grows with the
    repository, so it is worked out once per input, not once per part."""
    held = _shared.get(id(work))
    if held is not None and held[0] is work:
        return held[1]
    gallery = work.gallery
    parties = [gallery.party(slug) for slug in gallery.acting_parties()]
    digest = hashlib.sha256()
    for value in (work.inputs, work.signing, gallery.issuers, parties, gallery.endorsements):
        digest.update(_relocatable(repr(value), work.config.root).encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    signed = json.dumps(work.endorsements, sort_keys=True, ensure_ascii=False)
    digest.update(signed.encode("utf-8", "surrogatepass"))
    _shared.clear()
    _shared[id(work)] = (work, digest.hexdigest())
    return _shared[id(work)][1]


def _relocatable(text: str, root: Path) -> str:
    """`text` (a repr) with the repository's folder written as a mark, so that the same
    repository elsewhere (another CI checkout) has the same keys. A repr never holds a raw NUL
    or SOH (it escapes them), so the marks are unambiguous."""
    return _relocation(root)(text)


def _relocation(root: Path) -> Callable[[str], str]:
    """`_relocatable` for one repository (its folder resolved once, not once per text)."""
    resolved, given = str(root.resolve()), str(root)
    return lambda text: text.replace(resolved, "\0").replace(given, "\x01")


def awarded(gallery: Gallery, badge: BadgeClass) -> bool:
    return bool(gallery.awards_of_badge(badge.slug))


def kept(work: Work, stage: str, part: Part, awards: Sequence[Award], **more: Any) -> Part:
    """`part`, kept between builds under its `award_key` when the build has a cache folder."""
    return Keyed(award_key(work, stage, awards, **more), part) if work.inputs else part


def only(gallery: Gallery, awards: Sequence[Award], *, first: bool) -> Gallery:
    """The gallery with only `awards`, and only the badge classes they award (the `first` part
    also has the badge classes nobody holds yet)."""
    held = {a.badge for a in awards}
    badges = tuple(
        b for b in gallery.badges if b.slug in held or (first and not awarded(gallery, b))
    )
    return replace(gallery, badges=badges, awards=tuple(awards))


@dataclass(frozen=True, slots=True)
class Stage:
    """One row of the build after the model: a name (shown with `-v`), the label shown while it
    runs, and its work in parts (the `*_parts` functions below); `prepare`, when given, first extends the input
    for the stages after it, in the build's own process."""

    name: str
    label: str
    parts: Callable[[Work], Sequence[Part]]
    prepare: Callable[[Work, Sink], Work] | None = None


def nothing(work: Work) -> list[Part]:
    return []


def one(stage: Callable[[Gallery, Config], list[OutputFile]]) -> Callable[[Work], list[Part]]:
    """A stage done in one part (cheap enough not to be shared)."""
    return lambda work: [lambda: stage(work.gallery, work.config)]


def with_endorsements(work: Work, sink: Sink) -> Work:
    """Sign the endorsements first: the award credentials embed them."""
    signed: dict[str, dict[str, Any]] = {}
    for item in pool.run(endorsement_parts(work), work.jobs):
        sink.add(item)
        signed[item.path] = json.loads(item.data)
    if not signed:  # no keys: nothing is signed
        return work
    by_id = {e.id: signed[Urls.endorsement_credential(e.id)] for e in work.gallery.endorsements}
    return replace(work, endorsements=by_id)


# --- the stages' parts -------------------------------------------------------------------------


def endorsement_parts(work: Work) -> list[Part]:
    setup = work.setup
    if setup is None or setup.keys is None:
        return []
    endorsements = work.gallery.endorsements
    return [
        partial(sign_endorsements, work.gallery, work.config, setup.keys, group)
        for group in chunks(endorsements, work.groups(len(endorsements)))
    ]


def credential_parts(work: Work) -> list[Part]:
    """Each award's signed credential, then the status lists and achievement documents."""
    setup = work.setup
    if setup is None or setup.keys is None:
        return []
    shared = (work.gallery, work.config, setup.keys, setup.status_indexes, work.endorsements)
    parts: list[Part] = [  # those of one badge class together: editing it redoes only theirs
        kept(work, "sign", partial(sign_awards, *shared, group), group, first=False)
        for group in award_groups(work)
    ]
    parts.append(partial(sign_status_lists, *shared))
    return parts


def page_parts(work: Work) -> list[Part]:
    """The pages in shares; with a cache folder, the pages made per subject (`pages.SUBJECTS`:
    badges, issuers, showcases, awards) apart, a few subjects a part, each part kept between
    builds under what its pages show (`page_key`), and the other pages in shares as before."""
    gallery = work.gallery
    icons = site_picture_path(gallery, work.config) is not None
    indexes = work.setup.status_indexes if work.setup else {}
    render = partial(
        render_pages,
        gallery,
        work.config,
        work.env,
        signed=work.signing,
        status_indexes=indexes,
        icons=icons,
    )
    if not work.inputs:
        shares = work.groups(len(gallery.awards) + len(gallery.earners) + len(gallery.badges))
        return [partial(render, part=(share, shares)) for share in range(shares)]
    common = PageCommon(templates_fingerprint(work.config), icons, gallery.now.date().isoformat())
    parts: list[Part] = []
    for kind, groups in _subject_groups(work):
        for group in groups:
            key = page_key(work, kind, group, common)
            parts.append(Keyed(key, partial(render, subjects=(kind, tuple(group)))))
    parts.append(partial(render, by_subject_apart=True))  # the home page, the indexes…
    return parts


def _subject_groups(work: Work) -> list[tuple[str, list[Sequence[str]]]]:
    """The subjects of each kind of page in parts: the awards as the other stages cut them (a
    part's pages then read the same awards as its signing); the badge classes and showcases
    in parts of about `PART` awards shown; the few issuers in one part."""
    gallery = work.gallery
    awards: list[Sequence[str]] = [[a.id for a in group] for group in award_groups(work)]
    badges = _weighed([b.slug for b in gallery.badges], gallery.award_count_of_badge)
    earners = [e.slug for e in gallery.earners if e.has_page]
    showcases = _weighed(earners, lambda slug: len(gallery.awards_of_earner(slug)))
    issuers: list[Sequence[str]] = [[i.slug for i in gallery.issuers]]
    return [("badges", badges), ("issuers", issuers), ("showcases", showcases), ("awards", awards)]


def _weighed(slugs: Sequence[str], weight: Callable[[str], int]) -> list[Sequence[str]]:
    """`slugs` cut in order into runs that show about `PART` awards each (at least one slug)."""
    groups: list[Sequence[str]] = []
    start, load = 0, 0
    for index, slug in enumerate(slugs):
        load += max(1, weight(slug))
        if load >= PART:
            groups.append(slugs[start : index + 1])
            start, load = index + 1, 0
    if start < len(slugs):
        groups.append(slugs[start:])
    return groups


@dataclass(frozen=True, slots=True)
class PageCommon:
    """What every page part reads besides its subjects: the theme's templates (their
    fingerprint), whether the site has favicons, and the day (pages show it)."""

    templates: str
    icons: bool
    day: str


def page_key(work: Work, kind: str, keys: Sequence[str], common: PageCommon) -> str:
    """A digest of everything the pages of these subjects of `kind` show: what every part reads
    (`shared_digest`: the inputs outside the model, every issuer, endorser and endorsement),
    `common`, and the records of each subject's pages:
    - an award's page: the award (with its status and index), its earner, its badge class and
      how many awards that badge class has;
    - a badge class's page: the badge class, and each of its awards with its earner;
    - a showcase: the earner, and each of their awards with its badge class and that badge
      class's count;
    - an issuer's page: the issuer (in `shared_digest`), every badge class and its count.
    """
    gallery, records = work.gallery, record_digests(work)

    def badge(slug: str) -> tuple[str, int]:
        return records.badges[slug], gallery.award_count_of_badge(slug)

    def award(a: Award) -> tuple[str, str, tuple[str, int]]:
        return records.awards[a.id], records.earners[a.earner], badge(a.badge)

    shown: list[Any]
    if kind == "awards":
        shown = [award(gallery.award(key)) for key in keys]
    elif kind == "badges":
        shown = [(badge(key), [award(a) for a in gallery.awards_of_badge(key)]) for key in keys]
    elif kind == "showcases":
        shown = [
            (records.earners[key], [award(a) for a in gallery.awards_of_earner(key)])
            for key in keys
        ]
    else:
        shown = [keys, [badge(b.slug) for b in gallery.badges]]
    text = repr((kind, shared_digest(work), common.templates, common.icons, common.day, shown))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def ob2_parts(work: Work) -> list[Part]:
    """The hosted 2.0 files: the assertions by award part, kept between builds, then the
    profiles, revocation lists, badge classes and endorsements in one part."""
    gallery, config = work.gallery, work.config
    parts: list[Part] = [
        kept(work, "ob2", partial(ob2_assertion_files, gallery, config, group), group, first=False)
        for group in award_groups(work)
    ]
    parts.append(partial(ob2_shared_files, gallery, config))
    return parts


def qr_parts(work: Work) -> list[Part]:
    """QR codes: awards and showcases (earners) both in parts."""
    gallery = work.gallery
    groups = award_groups(work)
    earners = chunks(gallery.earners, len(groups))
    earners += [earners[0][:0]] * (len(groups) - len(earners))
    return [
        kept(
            work,
            "qrcodes",
            partial(_qr_part, gallery, tuple(awards), tuple(people), work.config, work.signing),
            awards,
            first=False,
            earners=people,
        )
        for awards, people in zip(groups, earners, strict=True)
    ]


def _qr_part(
    gallery: Gallery,
    awards: tuple[Award, ...],
    earners: tuple[Earner, ...],
    config: Config,
    signed: bool,
) -> list[OutputFile]:
    """The QR codes of one part, on a gallery of its awards and earners made only when the part
    is done (one per part held until the stage ends would weigh 100 MB at 50,000 awards)."""
    return qr_files(replace(gallery, awards=awards, earners=earners), config, signed=signed)


def card_parts(work: Work) -> list[Part]:
    return _award_parts(work, "cards", card_files)


def baked_parts(work: Work) -> list[Part]:
    """Baked images; each embeds the signed credential of its award, made from what the key of
    the award's `sign` part holds, so the same `award_key` stands for it."""
    credentials: Mapping[str, dict[str, Any]] = Credentials(work) if work.signing else {}
    return _award_parts(work, "baked", partial(baked_files, credentials=credentials))


def _award_parts(
    work: Work, name: str, stage: Callable[[Gallery, Config], list[OutputFile]]
) -> list[Part]:
    return [
        kept(
            work,
            name,
            partial(_on_part, stage, work.gallery, awards, index == 0, work.config),
            awards,
            first=index == 0,
        )
        for index, awards in enumerate(award_groups(work))
    ]


def _on_part(
    stage: Callable[[Gallery, Config], list[OutputFile]],
    gallery: Gallery,
    awards: Sequence[Award],
    first: bool,
    config: Config,
) -> list[OutputFile]:
    return stage(only(gallery, awards, first=first), config)


def did_parts(work: Work) -> list[Part]:
    published = work.setup.published if work.setup else {}
    return [partial(_dids, work.gallery, work.config, published, work.signing)]


def _dids(
    gallery: Gallery, config: Config, published: Mapping[str, list[PublicKey]], signing: bool
) -> list[OutputFile]:
    return did_files(gallery, config, published) + (context_outputs() if signing else [])


class Credentials(Mapping[str, dict[str, Any]]):
    """The signed credential of each award, read back from the file the `sign` stage made (so
    that no process holds every credential at once)."""

    def __init__(self, work: Work) -> None:
        self._work = work

    def __getitem__(self, award_id: str) -> dict[str, Any]:
        try:
            data = self._work.read(Urls.credential(award_id))
        except (KeyError, OSError):
            raise KeyError(award_id) from None
        credential: dict[str, Any] = json.loads(data)
        return credential

    def __iter__(self) -> Iterator[str]:
        return (a.id for a in self._work.gallery.awards)

    def __len__(self) -> int:
        return len(self._work.gallery.awards)
