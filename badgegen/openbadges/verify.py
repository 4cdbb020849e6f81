"""`badgegen verify`: check an Open Badges 3.0 credential and say plainly what holds.

Accepts a credential JSON file, a baked PNG/SVG image, an award page, or a URL under the site's
base_url (read from the built output folder). A 2.0 hosted assertion is checked as 2.0 by
`verify_ob2`. Checks the 1EdTech schema, the signature against the issuer's
DID document, the dates and the revocation status. An issuer is never called fake for being
unknown to a registry: it is reported as self-declared, which is what open recognition means.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import unquote

from badgegen.config import Config
from badgegen.errors import UsageError
from badgegen.openbadges.bake import OB2_KEYWORD, OB3_KEYWORD, BakeError, unbake
from badgegen.openbadges.dataintegrity import verify as verify_proof
from badgegen.openbadges.jsonld import CanonicalizationError
from badgegen.openbadges.multikey import decode_public_key_multibase
from badgegen.openbadges.schema import schema_problems
from badgegen.openbadges.status_list import decode_list, is_set


class Say(Protocol):
    """A text in the reader's language: its English msgid, then the values to put in it."""

    def __call__(self, message: str, /, **values: Any) -> str: ...


def english(message: str, /, **values: Any) -> str:
    return message % values if values else message


@dataclass(frozen=True, slots=True)
class Check:
    """One verdict. `name` and `message` are English msgids of the catalogs (`verify.po`) with
    `%(…)s` parameters filled from `values`, so the command can word them in any language; a
    value named `reason` holds English texts of their own (a verifier's words)."""

    name: str
    ok: bool
    message: str
    values: dict[str, str] = field(default_factory=dict)

    @property
    def detail(self) -> str:
        return english(self.message, **self.values)


@dataclass(slots=True)
class Report:
    source: str
    checks: list[Check] = field(default_factory=list)
    kind: str = "Credential"
    """What was checked: an Open Badges 3.0 credential, or a 2.0 assertion (verify_ob2)."""

    @property
    def ok(self) -> bool:
        return bool(self.checks) and all(check.ok for check in self.checks)

    def add(self, name: str, ok: bool, message: str, /, **values: object) -> None:
        self.checks.append(Check(name, ok, message, {k: str(v) for k, v in values.items()}))

    def format(self, say: Say = english) -> str:
        lines = [say("%(kind)s: %(source)s", kind=say(self.kind), source=self.source)]
        lines += [
            "  "
            + say(
                "%(mark)s %(name)s: %(detail)s",
                mark="✓" if c.ok else "✗",
                name=say(c.name),
                detail=say(c.message, **c.values),
            )
            for c in self.checks
        ]
        verdict = say("VALID") if self.ok and self.checks else say("NOT VALID")
        lines.append(say("Result: %(verdict)s", verdict=verdict))
        return "\n".join(lines)


class Resolver:
    """Reads URLs under base_url and did:web DIDs from the built output folder, nothing else."""

    def __init__(self, config: Config) -> None:
        self.base_url = config.site.base_url
        self.output = config.output_dir

    def path(self, url: str) -> Path | None:
        url = url.split("#", 1)[0]
        if not url.startswith(self.base_url):
            return None
        path = self.output / unquote(url[len(self.base_url) :])
        return path / "index.html" if url.endswith("/") else path

    def json(self, url: str) -> dict[str, Any] | None:
        path = self.path(url)
        if path is None or not path.is_file():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else None

    @staticmethod
    def did_url(did: str) -> str:
        """did:web → the https URL of its document (did:web spec: `:` → `/`, `%3A` → `:`)."""
        parts = did.removeprefix("did:web:").split(":")
        host = unquote(parts[0])
        path = "/".join(unquote(p) for p in parts[1:])
        return f"https://{host}/{path + '/' if path else '.well-known/'}did.json"

    def did_document(self, did: str) -> dict[str, Any] | None:
        url = self.did_url(did)
        for scheme in ("https://", "http://"):  # a local preview serves the site over http
            candidate = scheme + url.removeprefix("https://")
            if candidate.startswith(self.base_url):
                return self.json(candidate)
        return None


def _local_file(target: str, config: Config, resolver: Resolver) -> Path:
    if target.startswith(("http://", "https://")):
        path = resolver.path(target)
        if path is None:
            raise UsageError(f"{target} is not under this site's base_url ({config.site.base_url})")
        if not path.is_file():
            raise UsageError(f"{target} is not in {config.output_dir}: run `badgegen build` first")
        return path
    path = Path(target)
    if path.is_dir():
        path = path / "index.html"
    if not path.is_file():
        raise UsageError(f"no such file: {target}")
    return path


CANONICAL = re.compile(r'<link rel="canonical" href="([^"]+)">')


def _from_page(path: Path, target: str, resolver: Resolver, hops: int = 1) -> Path:
    """An award page (or a short address leading to one) → its credential, else its assertion."""
    for name in ("credential.json", "assertion.json"):
        if (path.parent / name).is_file():
            return path.parent / name
    found = CANONICAL.search(path.read_text(encoding="utf-8", errors="replace"))
    page = resolver.path(found.group(1)) if found else None
    if hops and page is not None and page.is_file() and page != path:
        return _from_page(page, target, resolver, hops - 1)
    raise UsageError(f"{target}: not an award page (no credential or assertion beside it)")


def load_credential(target: str, config: Config) -> tuple[dict[str, Any], str]:
    """The credential (3.0) or assertion (2.0) held by a file, a baked image, an award page or a
    URL under base_url (read from the output folder), and a label for it."""
    resolver = Resolver(config)
    path = _local_file(target, config, resolver)
    if path.suffix.lower() in (".html", ".htm"):
        path = _from_page(path, target, resolver)
    data = path.read_bytes()
    if path.suffix.lower() in (".png", ".svg"):
        try:
            payloads = unbake(data)
        except BakeError as exc:
            raise UsageError(f"{target}: {exc}") from None
        payload = payloads.get(OB3_KEYWORD) or payloads.get(OB2_KEYWORD)
        if payload is None:
            raise UsageError(
                f"{target}: the image holds no Open Badges 3.0 credential, nor a 2.0 assertion"
            )
        if payload.strip().startswith(("http://", "https://")):  # a 2.0 image baked with a URL
            payload = json.dumps(resolver.json(payload.strip()) or {})
        data = payload.encode("utf-8")
    try:
        credential = json.loads(data)
    except ValueError:
        raise UsageError(f"{target}: not JSON") from None
    if not isinstance(credential, dict) or not credential:
        raise UsageError(f"{target}: not a credential")
    return credential, target


def _signature(
    report: Report, document: dict[str, Any], resolver: Resolver, issuer_id: str
) -> bool:
    proofs = document.get("proof")
    proof = proofs[0] if isinstance(proofs, list) and proofs else proofs
    if not isinstance(proof, dict):
        report.add("signature", False, "no proof")
        return False
    method = str(proof.get("verificationMethod", ""))
    did = method.split("#", 1)[0]
    if did != issuer_id:
        report.add(
            "signature",
            False,
            "signed by %(did)s, not by the issuer %(issuer)s",
            did=did,
            issuer=issuer_id,
        )
        return False
    did_doc = resolver.did_document(did) if did.startswith("did:web:") else None
    if did_doc is None:
        report.add("issuer key", False, "cannot resolve %(did)s from this site's output", did=did)
        return False
    keys = {vm.get("id"): vm for vm in did_doc.get("verificationMethod", [])}
    if method not in keys or method not in did_doc.get("assertionMethod", []):
        report.add(
            "issuer key",
            False,
            "%(method)s is not an assertion key of %(did)s",
            method=method,
            did=did,
        )
        return False
    report.add(
        "issuer key",
        True,
        "%(method)s is listed in the DID document of %(did)s",
        method=method,
        did=did,
    )
    try:
        public = decode_public_key_multibase(str(keys[method].get("publicKeyMultibase", "")))
        problems = verify_proof(document, public)
    except (ValueError, CanonicalizationError) as exc:
        problems = [str(exc)]
    if problems:
        report.add("signature", False, "%(reason)s", reason="; ".join(problems))
    else:
        report.add("signature", True, "valid (eddsa-rdfc-2022)")
    return not problems


def _dates(report: Report, credential: dict[str, Any], now: datetime) -> None:
    def parse(value: str) -> datetime:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))

    valid_from = credential.get("validFrom")
    if valid_from and parse(valid_from) > now:
        report.add("dates", False, "not valid before %(date)s", date=valid_from)
        return
    valid_until = credential.get("validUntil")
    if valid_until and parse(valid_until) <= now:
        report.add("dates", False, "expired on %(date)s", date=valid_until)
        return
    if valid_until:
        report.add(
            "dates", True, "valid from %(start)s until %(end)s", start=valid_from, end=valid_until
        )
    else:
        report.add("dates", True, "valid from %(start)s, no expiry", start=valid_from)


def _status(report: Report, credential: dict[str, Any], resolver: Resolver) -> None:
    status = credential.get("credentialStatus")
    if not status:
        report.add("revocation", True, "no status list (cannot be revoked)")
        return
    list_url = str(status.get("statusListCredential", ""))
    status_list = resolver.json(list_url)
    if status_list is None:
        report.add("revocation", False, "status list %(url)s not found", url=list_url)
        return
    inner = Report(list_url)
    if not _signature(inner, status_list, resolver, str(status_list.get("issuer", ""))):
        report.add("revocation", False, "the status list's signature does not hold")
        return
    bits = decode_list(status_list["credentialSubject"]["encodedList"])
    revoked = is_set(bits, int(status["statusListIndex"]))
    if revoked:
        report.add("revocation", False, "REVOKED by the issuer")
    else:
        report.add("revocation", True, "not revoked")


def verify_credential(
    credential: dict[str, Any], source: str, config: Config, now: datetime | None = None
) -> Report:
    now = now or datetime.now(UTC)
    report = Report(source)
    resolver = Resolver(config)
    problems = schema_problems(credential)
    if problems:
        report.add("schema", False, "%(reason)s", reason="; ".join(problems[:5]))
    else:
        report.add("schema", True, "conforms to the 1EdTech Open Badges 3.0 schema")
    issuer = credential.get("issuer")
    issuer_id = str(issuer.get("id") if isinstance(issuer, dict) else issuer)
    name = issuer.get("name", "") if isinstance(issuer, dict) else ""
    if _signature(report, credential, resolver, issuer_id):
        report.add(
            "issuer",
            True,
            "%(name)s (%(did)s): self-declared issuer. The signature proves the credential "
            "comes from whoever controls this DID; no registry vouches for issuers, and none is "
            "needed",
            name=name,
            did=issuer_id,
        )
    _dates(report, credential, now)
    _status(report, credential, resolver)
    return report
