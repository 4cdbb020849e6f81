"""`badgegen verify` for Open Badges 2.0 hosted assertions: checked as 2.0, not as 3.0.

A hosted assertion has no signature: what makes it true is that the issuer publishes it, at its
own `id`, on the issuer's site. So the checks are those of the 2.0 hosted verification (the
1EdTech validator's order): the hosted copy at `id` (which wins over a baked copy), its badge
class and issuer profile, the issuer's hosted-scope rule (`verification.startsWith`), the dates,
revocation (the hosted copy says `revoked`, and the issuer's revocation list), and, when an
address is given, the recipient's salted hash. Everything is read from the built output folder.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from badgegen.config import Config
from badgegen.identity import hash_email, normalise_email
from badgegen.openbadges.verify import Report, Resolver


def is_assertion(document: dict[str, Any]) -> bool:
    kind = document.get("type")
    return "Assertion" in (kind if isinstance(kind, list) else [kind])


def _parse(value: object) -> datetime | None:
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else None


def _types(document: dict[str, Any]) -> list[str]:
    kind = document.get("type")
    return [str(k) for k in (kind if isinstance(kind, list) else [kind])]


def _hosted(report: Report, given: dict[str, Any], resolver: Resolver) -> dict[str, Any] | None:
    assertion_id = str(given.get("id", ""))
    hosted = resolver.json(assertion_id)
    if hosted is None:
        report.add("hosted", False, "%(url)s is not published by this site", url=assertion_id)
        return None
    if hosted.get("revoked") is True:
        reason = hosted.get("revocationReason")
        if reason:
            report.add("revocation", False, "REVOKED by the issuer (%(why)s)", why=reason)
        else:
            report.add("revocation", False, "REVOKED by the issuer (no reason given)")
        return None
    if hosted == given:
        detail = "%(url)s: the published copy (the published copy is checked)"
    else:
        detail = (
            "%(url)s: published; its copy differs from the one given (the published copy is "
            "checked)"
        )
    report.add("hosted", True, detail, url=assertion_id)
    return hosted


def _linked(
    report: Report, name: str, url: object, types: tuple[str, ...], resolver: Resolver
) -> dict[str, Any] | None:
    document = resolver.json(str(url)) if isinstance(url, str) else None
    if document is None:
        report.add(name, False, "%(url)s is not published by this site", url=url)
        return None
    if not set(_types(document)) & set(types):
        report.add(name, False, "%(url)s is not a %(types)s", url=url, types=" or ".join(types))
        return None
    missing = [k for k in ("name",) if not document.get(k)]
    if missing:
        report.add(name, False, "%(url)s has no %(fields)s", url=url, fields=", ".join(missing))
        return None
    report.add(name, True, "%(name)s (%(url)s)", name=document["name"], url=url)
    return document


def _scope(report: Report, assertion: dict[str, Any], issuer: dict[str, Any]) -> None:
    verification = assertion.get("verification") or {}
    if verification.get("type") not in ("hosted", "HostedBadge"):
        report.add(
            "verification", False, "not a hosted assertion: %(value)s", value=repr(verification)
        )
        return
    starts = (issuer.get("verification") or {}).get("startsWith")
    if starts and not str(assertion.get("id", "")).startswith(str(starts)):
        report.add(
            "verification", False, "the issuer hosts its assertions under %(url)s only", url=starts
        )
        return
    if starts:
        report.add("verification", True, "hosted by the issuer under %(url)s", url=starts)
    else:
        report.add("verification", True, "hosted by the issuer")


def _dates(report: Report, assertion: dict[str, Any], now: datetime) -> None:
    issued, expires = _parse(assertion.get("issuedOn")), assertion.get("expires")
    if issued is None:
        report.add(
            "dates",
            False,
            "issuedOn is not a date with a time zone: %(value)s",
            value=assertion.get("issuedOn"),
        )
        return
    if issued > now:
        report.add("dates", False, "issued in the future (%(date)s)", date=assertion["issuedOn"])
        return
    until = _parse(expires) if expires else None
    if expires and (until is None or until <= now):
        report.add("dates", False, "expired on %(date)s", date=expires)
        return
    if expires:
        detail = "issued on %(date)s, valid until %(end)s"
    else:
        detail = "issued on %(date)s, no expiry"
    report.add("dates", True, detail, date=assertion["issuedOn"], end=expires)


def _revocation_list(
    report: Report, assertion: dict[str, Any], issuer: dict[str, Any], resolver: Resolver
) -> None:
    # badgegen publishes the list beside the profile; a profile may also name it.
    url = issuer.get("revocationList") or str(issuer.get("id", "")).replace(
        "/profile.json", "/revocations.json"
    )
    if not url or url == issuer.get("id"):
        report.add("revocation", True, "not revoked (the hosted assertion is the issuer's word)")
        return
    listed = resolver.json(str(url))
    if listed is None:
        report.add("revocation", False, "revocation list %(url)s not found", url=url)
        return
    for entry in listed.get("revokedAssertions") or []:
        entry_id = entry.get("id") if isinstance(entry, dict) else entry
        if entry_id == assertion.get("id"):
            report.add("revocation", False, "REVOKED: listed in %(url)s", url=url)
            return
    report.add("revocation", True, "not revoked (not in %(url)s)", url=url)


def _recipient(report: Report, assertion: dict[str, Any], email: str) -> None:
    recipient = assertion.get("recipient") or {}
    identity, salt = str(recipient.get("identity", "")), str(recipient.get("salt") or "")
    if recipient.get("type") != "email":
        report.add(
            "recipient",
            False,
            "the badge names a recipient by %(kind)s",
            kind=recipient.get("type"),
        )
        return
    if recipient.get("hashed"):
        matches = hash_email(email, salt) == identity.lower()
    else:
        matches = normalise_email(identity) == normalise_email(email)
    if matches:
        report.add("recipient", True, "awarded to this address")
    else:
        report.add("recipient", False, "NOT awarded to this address")


def verify_assertion(
    given: dict[str, Any],
    source: str,
    config: Config,
    *,
    recipient: str | None = None,
    now: datetime | None = None,
) -> Report:
    """Check a 2.0 hosted assertion against what the built site publishes."""
    now = now or datetime.now(UTC)
    report = Report(source, kind="Assertion (Open Badges 2.0)")
    resolver = Resolver(config)
    assertion = _hosted(report, given, resolver)
    if assertion is None:
        return report
    badge = _linked(report, "badge class", assertion.get("badge"), ("BadgeClass",), resolver)
    issuer_url = badge.get("issuer") if badge else None
    issuer = _linked(report, "issuer", issuer_url, ("Issuer", "Profile"), resolver)
    if issuer is not None:
        _scope(report, assertion, issuer)
    _dates(report, assertion, now)
    if issuer is not None:
        _revocation_list(report, assertion, issuer, resolver)
    if recipient:
        _recipient(report, assertion, recipient)
    return report
