"""The signing stage: Open Badges 3.0 credentials, endorsement credentials, status lists and
DID documents, signed with each issuer's Ed25519 key (eddsa-rdfc-2022).

Pure given its inputs: same content and keys, byte-identical output (proof `created` is the
credential's own date, never the clock). Nothing is signed that a strict verifier would refuse:
a term no context defines, or a schema violation, stops the build with the file to fix.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from badgegen.config import Config, shown_path
from badgegen.content.ledger_file import ledger_path
from badgegen.content.model import Award, Endorsement, Gallery
from badgegen.errors import ContentError, Problem
from badgegen.memo import json_codec, kept
from badgegen.openbadges.common import json_file, timestamp
from badgegen.openbadges.dataintegrity import sign
from badgegen.openbadges.did import did_document, verification_method_id
from badgegen.openbadges.jsonld import CanonicalizationError, context_files
from badgegen.openbadges.keys import PublicKey, SigningKey
from badgegen.openbadges.ob3 import OB3
from badgegen.openbadges.schema import schema_problems, shared_schema_problems
from badgegen.openbadges.status_list import status_list_credential
from badgegen.outputs import OutputFile
from badgegen.urls import Urls

STAGE = "openbadges.credentials"


@dataclass(frozen=True, slots=True)
class Keys:
    """What the signing stage needs to know about keys, already loaded and checked."""

    signing: Mapping[str, SigningKey]
    """Current signing key by issuer slug."""
    published: Mapping[str, list[PublicKey]]
    """Every public key (current and retired) by slug, for the DID documents."""


def did_files(
    gallery: Gallery, config: Config, published: Mapping[str, list[PublicKey]]
) -> list[OutputFile]:
    """DID documents for everyone with a published key; they hold public data only."""
    urls = Urls(config.site.base_url)
    return [
        json_file(Urls.did_document(slug), did_document(urls, slug, keys), STAGE)
        for slug, keys in sorted(published.items())
        if keys
    ]


def context_outputs() -> list[OutputFile]:
    """The JSON-LD contexts badgegen signs with, published under `contexts/` with an index
    (`contexts/index.json`: context URL → file name), so that the verification page can
    canonicalize credentials in the browser without fetching anything from another site."""
    contexts = context_files()
    index = {url: path.name for url, path in sorted(contexts.items())}
    files = [json_file(Urls.contexts_index, index, STAGE)]
    files += [
        OutputFile(Urls.context(path.name), path.read_bytes(), stage=STAGE)
        for path in sorted(contexts.values())
    ]
    return files


def _sign(
    document: dict[str, Any],
    key: SigningKey,
    did: str,
    created: str,
    source: str,
    *,
    check_schema: bool = True,
    signer: Callable[..., tuple[str, tuple[str, ...]]] | None = None,
) -> dict[str, Any]:
    """Sign, or stop the build naming `source` if a strict verifier would refuse the document
    (`signer`: `_signed_text` or a function of the same arguments)."""
    method = verification_method_id(did, key.key_id)
    try:
        text, problems = (signer or _signed_text)(
            json.dumps(document, ensure_ascii=False), key.seed, method, created, check_schema
        )
    except CanonicalizationError as exc:
        raise ContentError(
            [
                Problem(
                    source,
                    None,
                    f"cannot sign the Open Badges 3.0 credential: {exc}",
                    "a value uses a term that no JSON-LD context defines; strict verifiers would "
                    "refuse the credential",
                )
            ]
        ) from exc
    if problems:
        raise ContentError(
            [
                Problem(source, None, f"the credential breaks the Open Badges 3.0 schema: {p}")
                for p in problems
            ]
        )
    signed: dict[str, Any] = json.loads(text)
    return signed


@kept(maxsize=16_384)
def _signed_text(
    document: str, seed: bytes, method: str, created: str, check_schema: bool
) -> tuple[str, tuple[str, ...]]:
    """The signed document as JSON text, and its schema problems.

    Kept in memory (Ed25519 signatures are deterministic): the preview's rebuild signs and
    checks only the credentials whose content changed; between two `badgegen build`s, a part
    whose awards did not change is not signed again at all (`rebuild.py`). Text, not the dict,
    is kept, so that nothing a later stage does to a credential can reach the next build.
    """
    signed = sign(json.loads(document), seed, method, created)
    problems = _schema_check(signed) if check_schema else ()
    return json.dumps(signed, ensure_ascii=False), problems


@kept(maxsize=4096, disk=json_codec(lambda kept: (kept[0], tuple(kept[1]))))
def _signed_endorsement_text(
    document: str, seed: bytes, method: str, created: str, check_schema: bool
) -> tuple[str, tuple[str, ...]]:
    """`_signed_text`, kept in the cache folder too: the endorsements are signed before the
    parts of the awards, which embed them, so every build that has anything to do needs them
    all; a few hundred entries spare it from signing them all again."""
    return _signed_text(document, seed, method, created, check_schema)


def _schema_check(document: dict[str, Any]) -> tuple[str, ...]:
    """`schema_problems`, with each embedded endorsement credential checked once per process:
    the same few are embedded in every credential of a badge class or an issuer, and the
    schema of an embedded one is the EndorsementCredential schema itself."""
    embedded: list[str] = []
    problems = shared_schema_problems(_without_endorsements(document, embedded))
    for text in embedded:
        problems += [f"endorsement: {p}" for p in _endorsement_problems(text)]
    return tuple(problems)


def _without_endorsements(node: Any, embedded: list[str]) -> Any:
    """A copy of `node` without its `endorsement` lists of embedded credentials, whose JSON
    texts go to `embedded`."""
    if isinstance(node, list):
        return [_without_endorsements(item, embedded) for item in node]
    if not isinstance(node, dict):
        return node
    copy: dict[str, Any] = {}
    for key, value in node.items():
        if (
            key == "endorsement"
            and isinstance(value, list)
            and value
            and all(isinstance(item, dict) and "@context" in item for item in value)
        ):
            embedded += [json.dumps(item, ensure_ascii=False, sort_keys=True) for item in value]
        else:
            copy[key] = _without_endorsements(value, embedded)
    return copy


@functools.lru_cache(maxsize=4096)
def _endorsement_problems(text: str) -> tuple[str, ...]:
    credential = json.loads(text)
    if "EndorsementCredential" not in credential.get("type", []):
        return ("is not an EndorsementCredential",)
    return tuple(schema_problems(credential))


def sign_endorsements(
    gallery: Gallery, config: Config, keys: Keys, endorsements: Sequence[Endorsement]
) -> list[OutputFile]:
    """The signed EndorsementCredential of each of `endorsements` (signed before the awards,
    whose credentials embed them)."""
    ob3 = OB3(gallery, config)
    files: list[OutputFile] = []
    for endorsement in endorsements:
        document = ob3.endorsement_credential(endorsement)
        signed = _sign(
            document,
            keys.signing[endorsement.endorser],
            ob3.urls.did(endorsement.endorser),
            document["validFrom"],
            endorsement.source,
            signer=_signed_endorsement_text,
        )
        files.append(json_file(Urls.endorsement_credential(endorsement.id), signed, STAGE))
    return files


def sign_awards(
    gallery: Gallery,
    config: Config,
    keys: Keys,
    status_indexes: Mapping[str, int],
    endorsements: Mapping[str, dict[str, Any]],
    awards: Sequence[Award],
) -> list[OutputFile]:
    """The signed OpenBadgeCredential of each of `awards`; `endorsements`: the signed
    endorsement credentials by id, embedded where they apply."""
    ob3 = OB3(gallery, config)
    files: list[OutputFile] = []
    for award in awards:
        issuer = gallery.badge(award.badge).issuer
        document = ob3.credential(award, status_indexes[award.id], endorsements)
        signed = _sign(
            document,
            keys.signing[issuer],
            ob3.urls.did(issuer),
            document["validFrom"],
            award.source,
        )
        files.append(json_file(Urls.credential(award.id), signed, STAGE))
    return files


def sign_status_lists(
    gallery: Gallery,
    config: Config,
    keys: Keys,
    status_indexes: Mapping[str, int],
    endorsements: Mapping[str, dict[str, Any]],
) -> list[OutputFile]:
    """Each issuer's signed status list, and the achievement documents of the badge classes."""
    ob3 = OB3(gallery, config)
    urls = ob3.urls
    files: list[OutputFile] = []
    for slug in sorted({b.issuer for b in gallery.badges}):
        awards = gallery.awards_of_issuer(slug)
        if not awards:
            continue  # no credential points at this list yet
        # The list changes when an award is issued or revoked: its latest such date, not the
        # clock, keeps the signed list byte-identical from one build to the next.
        moments = [a.issued_on for a in awards] + [a.revoked.date for a in awards if a.revoked]
        valid_from = timestamp(max(moments))
        revoked = [status_indexes[a.id] for a in awards if a.revoked]
        list_url = urls.absolute(Urls.status_list(slug))
        document = status_list_credential(list_url, urls.did(slug), valid_from, revoked)
        source = shown_path(ledger_path(config.content_dir), config.root)
        # A status list is a plain VC: the Open Badges schemas do not describe it.
        signed = _sign(
            document, keys.signing[slug], urls.did(slug), valid_from, source, check_schema=False
        )
        files.append(json_file(Urls.status_list(slug), signed, STAGE))
    files += [
        json_file(Urls.achievement(b.slug), ob3.achievement_document(b, endorsements), STAGE)
        for b in gallery.badges
    ]
    return files


def credential_count(gallery: Gallery) -> int:
    """Credentials signed: awards, endorsements and one status list per issuer that has awards
    (an issuer with a badge but no award yet has no list to sign)."""
    lists = {gallery.badge(a.badge).issuer for a in gallery.awards}
    return len(gallery.awards) + len(gallery.endorsements) + len(lists)
