"""Live status and the verification page, in a real browser, on the demo signed with fresh keys.

The browser's clock is set with Playwright's clock API; a revocation the build did not know is
made by serving a copy of the issuer's status list with the award's bit set. Expected values
come from the published credentials, not from badgegen's model.
"""

from __future__ import annotations

import base64
import gzip
import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Route, expect

from badgegen import build, config
from badgegen.openbadges.bake import OB3_KEYWORD, bake_png, unbake_png
from tests.browser.conftest import AXE_JS, BrowserSite, record_axe
from tests.browser.test_pages import AXE_RUN_JS, AXE_TAGS
from tests.conftest import NOW
from tests.keys_helper import signed_demo_repo
from tests.served import free_port, serve

pytestmark = pytest.mark.browser

TIMEOUT_MS = 10_000


class SignedSite(NamedTuple):
    browser: Browser
    base_url: str
    output: Path


@pytest.fixture(scope="module")
def signed_site(
    chromium: Browser, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SignedSite]:
    """The demo with fresh keys (so credentials and status lists exist), served on 127.0.0.1."""
    root = signed_demo_repo(tmp_path_factory.mktemp("browser-signed"))
    port = free_port()
    build.build(config.load(root).with_overrides(base_url=f"http://127.0.0.1:{port}/"), now=NOW)
    with serve(root / "output", port) as base_url:
        yield SignedSite(chromium, base_url, root / "output")


def _credentials(output: Path) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    """(award folder, credential, 2.0 assertion) of every award, in a stable order."""
    found = []
    for path in sorted(output.glob("awards/*/credential.json")):
        assertion = json.loads((path.parent / "assertion.json").read_text(encoding="utf-8"))
        found.append((path.parent.name, json.loads(path.read_text(encoding="utf-8")), assertion))
    return found


def _at(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _context(site: SignedSite, when: datetime) -> BrowserContext:
    context = site.browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    context.clock.set_fixed_time(when)
    return context


def _wait_state(page: Page, state: str) -> None:
    expect(page.locator("[data-live-status]")).to_have_attribute(
        "data-live-state", state, timeout=TIMEOUT_MS
    )


def _expiring(output: Path) -> tuple[str, dict[str, Any]]:
    """An award valid at the build's clock that has a `validUntil`."""
    return next(
        (f, c)
        for f, c, a in _credentials(output)
        if "validUntil" in c and _at(c["validUntil"]) > NOW and not a.get("revoked")
    )


def _banner(page: Page) -> str:
    return page.locator("[data-live-status] .banner").inner_text()


def test_valid_award_is_checked_again_in_the_browser(
    signed_site: SignedSite, screenshots_dir: Path
) -> None:
    folder, credential = _expiring(signed_site.output)
    with _context(signed_site, NOW + timedelta(days=1)) as context:
        page = context.new_page()
        page.goto(f"{signed_site.base_url}awards/{folder}/")
        _wait_state(page, "valid")
        text = _banner(page)
        assert "Valide" in text and "Vérifié dans votre navigateur le" in text
        until = _at(credential["validUntil"])
        assert f"Valide jusqu’au {until.day} " in text or f"Valide jusqu'au {until.day} " in text
        page.screenshot(path=screenshots_dir / "live-status-valid.png", full_page=False)


def test_award_past_its_valid_until_by_the_browser_clock_says_expired(
    signed_site: SignedSite, screenshots_dir: Path
) -> None:
    folder, credential = _expiring(signed_site.output)
    until = _at(credential["validUntil"])
    with _context(signed_site, until + timedelta(days=2)) as context:
        # The build (at NOW) found it valid; the visitor's clock says otherwise.
        html = (signed_site.output / "awards" / folder / "index.html").read_text(encoding="utf-8")
        assert 'class="banner banner-valid"' in html
        page = context.new_page()
        page.goto(f"{signed_site.base_url}awards/{folder}/")
        _wait_state(page, "expired")
        text = _banner(page)
        assert "Expiré" in text and f"Expiré le {until.day} " in text
        assert "Vérifié dans votre navigateur le" in text
        assert page.locator("[data-live-status] .banner.banner-expired").count() == 1
        page.screenshot(path=screenshots_dir / "live-status-expired.png", full_page=False)


def _set_bit(status_list: dict[str, Any], index: int) -> dict[str, Any]:
    """A copy of a Bitstring Status List credential with bit `index` set (W3C order: bit 0 is
    the first byte's most significant bit), encoded back as multibase base64url of gzip."""
    encoded = status_list["credentialSubject"]["encodedList"]
    assert encoded[0] == "u"
    data = encoded[1:] + "=" * (-len(encoded[1:]) % 4)
    bits = bytearray(gzip.decompress(base64.urlsafe_b64decode(data)))
    bits[index // 8] |= 0x80 >> (index % 8)
    packed = base64.urlsafe_b64encode(gzip.compress(bytes(bits))).decode().rstrip("=")
    copy = json.loads(json.dumps(status_list))
    copy["credentialSubject"]["encodedList"] = "u" + packed
    return copy


def test_award_beside_a_status_list_with_its_bit_set_says_revoked(
    signed_site: SignedSite, screenshots_dir: Path
) -> None:
    folder, credential, _ = next(
        (f, c, a)
        for f, c, a in _credentials(signed_site.output)
        if "validUntil" not in c and not a.get("revoked")
    )
    entry = credential["credentialStatus"]
    list_path = entry["statusListCredential"].removeprefix(signed_site.base_url)
    published = json.loads((signed_site.output / list_path).read_text(encoding="utf-8"))
    flipped = _set_bit(published, int(entry["statusListIndex"]))

    def serve_flipped(route: Route) -> None:
        route.fulfill(status=200, content_type="application/json", body=json.dumps(flipped))

    with _context(signed_site, NOW + timedelta(days=1)) as context:
        page = context.new_page()
        page.route(f"**/{list_path}", serve_flipped)
        page.goto(f"{signed_site.base_url}awards/{folder}/")
        _wait_state(page, "revoked")
        text = _banner(page)
        assert "Révoqué" in text and "Vérifié dans votre navigateur le" in text
        page.screenshot(path=screenshots_dir / "live-status-revoked.png", full_page=False)
    # The same page with the list as published stays valid: the bit made the difference.
    with _context(signed_site, NOW + timedelta(days=1)) as context:
        page = context.new_page()
        page.goto(f"{signed_site.base_url}awards/{folder}/")
        _wait_state(page, "valid")


def test_award_revoked_at_build_time_says_revoked_on_its_date(signed_site: SignedSite) -> None:
    folder, _, assertion = next(
        (f, c, a) for f, c, a in _credentials(signed_site.output) if a.get("revoked")
    )
    with _context(signed_site, NOW + timedelta(days=1)) as context:
        page = context.new_page()
        page.goto(f"{signed_site.base_url}awards/{folder}/")
        _wait_state(page, "revoked")
        text = _banner(page)
        assert "Révoqué le " in text
        if assertion.get("revocationReason"):
            assert assertion["revocationReason"] in text


def test_without_javascript_the_page_says_what_the_build_found_and_when(
    signed_site: SignedSite,
) -> None:
    folder = _credentials(signed_site.output)[0][0]
    context = signed_site.browser.new_context(locale="fr-FR", java_script_enabled=False)
    with context:
        page = context.new_page()
        page.goto(f"{signed_site.base_url}awards/{folder}/")
        note = page.locator(".live-status-note").inner_text()
        assert f"{NOW.day} novembre {NOW.year}" in note
        assert page.locator("[data-live-status]").get_attribute("data-live-state") is None


# --- the verification page ---------------------------------------------------------------------


def _await_verdict(page: Page) -> None:
    page.wait_for_function(
        "() => (document.querySelector('[data-verify-result]').dataset.verdict || '') !== ''",
        timeout=TIMEOUT_MS,
    )


def _verify(site: SignedSite, file: Path, when: datetime) -> tuple[Page, BrowserContext]:
    context = _context(site, when)
    page = context.new_page()
    page.goto(f"{site.base_url}verify/")
    page.set_input_files("#verify-file", str(file))
    _await_verdict(page)
    return page, context


def _valid_baked_png(site: SignedSite) -> Path:
    folder = next(
        f
        for f, c, a in _credentials(site.output)
        if not a.get("revoked") and ("validUntil" not in c or _at(c["validUntil"]) > NOW)
    )
    return site.output / "awards" / folder / "badge.png"


def test_verification_page_reports_a_baked_png_identical_and_valid(
    signed_site: SignedSite, screenshots_dir: Path
) -> None:
    png = _valid_baked_png(signed_site)
    page, context = _verify(signed_site, png, NOW + timedelta(days=1))
    with context:
        result = page.locator("[data-verify-result]")
        assert result.get_attribute("data-verdict") == "valid"
        assert page.locator('[data-check="identical"]').get_attribute("data-ok") == "true"
        assert page.locator('[data-check="revocation"]').get_attribute("data-ok") == "true"
        signature = page.locator('[data-check="signature"]')
        assert signature.get_attribute("data-ok") == "true", signature.inner_text()
        text = result.inner_text()
        assert "Identique" in text and "Signature numérique : valide" in text
        assert page.locator('[data-check="list-signature"]').get_attribute("data-ok") == "true"
        page.screenshot(path=screenshots_dir / "verify-identical.png", full_page=True)


def test_verification_page_reports_what_differs_in_a_tampered_png(
    signed_site: SignedSite, screenshots_dir: Path, tmp_path: Path
) -> None:
    png = _valid_baked_png(signed_site)
    credential = json.loads(unbake_png(png.read_bytes())[OB3_KEYWORD])
    credential["credentialSubject"]["achievement"]["name"] = "Expert en tout"
    tampered = tmp_path / "tampered.png"
    tampered.write_bytes(bake_png(png.read_bytes(), OB3_KEYWORD, json.dumps(credential)))
    page, context = _verify(signed_site, tampered, NOW + timedelta(days=1))
    with context:
        assert page.locator("[data-verify-result]").get_attribute("data-verdict") == "different"
        identical = page.locator('[data-check="identical"]')
        assert identical.get_attribute("data-ok") == "false"
        assert "credentialSubject.achievement.name" in identical.inner_text()
        # Checked in the browser too: the signature no longer matches the changed credential.
        assert page.locator('[data-check="signature"]').get_attribute("data-ok") == "false"
        page.screenshot(path=screenshots_dir / "verify-tampered.png", full_page=True)


def test_verification_page_takes_a_short_address(signed_site: SignedSite) -> None:
    folder, credential, _ = _credentials(signed_site.output)[0]
    short = next(signed_site.output.glob("c/*/index.html"))
    codes = {
        p.parent.name: p.read_text(encoding="utf-8")
        for p in signed_site.output.glob("c/*/index.html")
    }
    code = next(c for c, html in codes.items() if f"awards/{folder}/" in html)
    assert short.is_file()
    with _context(signed_site, NOW + timedelta(days=1)) as context:
        page = context.new_page()
        page.goto(f"{signed_site.base_url}verify/")
        page.fill("#verify-text", f"{signed_site.base_url}c/{code}/")
        page.click("button[type=submit]")
        _await_verdict(page)
        assert page.locator('[data-check="identical"]').get_attribute("data-ok") == "true"
        assert credential["name"] in page.locator('[data-check="kind"]').inner_text()


def test_browser_site_fixture_is_unsigned(site: BrowserSite) -> None:
    """The shared demo fixture has no keys: its award pages keep the build's verdict and check
    the 2.0 revocation list only (no status list is published)."""
    page_file = next(site.output.glob("awards/*/index.html"))
    assert "data-status-list" not in page_file.read_text(encoding="utf-8")


# --- accessibility of what the scripts write --------------------------------------------------


def _axe(page: Page, kind: str) -> None:
    page.add_script_tag(path=AXE_JS)
    result = page.evaluate(AXE_RUN_JS, AXE_TAGS)
    record_axe(kind, page.url, result)
    assert [rule["id"] for rule in result["violations"]] == [], result["violations"]


def test_no_wcag_violation_after_the_live_check_and_on_the_verification_result(
    signed_site: SignedSite, tmp_path: Path
) -> None:
    folder, credential = _expiring(signed_site.output)
    with _context(signed_site, _at(credential["validUntil"]) + timedelta(days=2)) as context:
        page = context.new_page()
        page.goto(f"{signed_site.base_url}awards/{folder}/")
        _wait_state(page, "expired")
        _axe(page, "live")
    page, context = _verify(signed_site, _valid_baked_png(signed_site), NOW + timedelta(days=1))
    with context:
        _axe(page, "verify")
    showcase = next(signed_site.output.glob("earners/*/print/index.html")).parent
    with _context(signed_site, NOW) as context:
        page = context.new_page()
        page.goto(signed_site.base_url + showcase.relative_to(signed_site.output).as_posix() + "/")
        _axe(page, "showcase-print")


def test_verification_page_on_a_site_without_keys_checks_the_2_0_assertion(
    site: BrowserSite,
) -> None:
    """The unsigned demo bakes only the 2.0 assertion: it is compared with the hosted copy."""
    png = next(
        p / "badge.png"
        for p in sorted(site.output.glob("awards/*"))
        if "revoked" not in json.loads((p / "assertion.json").read_text(encoding="utf-8"))
        and "expires" not in json.loads((p / "assertion.json").read_text(encoding="utf-8"))
    )
    context = site.browser.new_context(locale="fr-FR")
    context.clock.set_fixed_time(NOW + timedelta(days=1))
    with context:
        page = context.new_page()
        page.goto(f"{site.base_url}verify/")
        page.set_input_files("#verify-file", str(png))
        _await_verdict(page)
        assert page.locator("[data-verify-result]").get_attribute("data-verdict") == "valid"
        assert "Open Badges 2.0" in page.locator('[data-check="kind"]').inner_text()
        assert page.locator('[data-check="signature"]').count() == 0


def test_verification_page_distrusts_a_status_list_whose_signature_fails(
    signed_site: SignedSite,
) -> None:
    png = _valid_baked_png(signed_site)
    credential = json.loads(unbake_png(png.read_bytes())[OB3_KEYWORD])
    entry = credential["credentialStatus"]
    list_path = entry["statusListCredential"].removeprefix(signed_site.base_url)
    published = json.loads((signed_site.output / list_path).read_text(encoding="utf-8"))
    forged = _set_bit(published, int(entry["statusListIndex"]))  # the signature no longer holds
    with _context(signed_site, NOW + timedelta(days=1)) as context:
        page = context.new_page()
        page.route(
            f"**/{list_path}",
            lambda route: route.fulfill(
                status=200, content_type="application/json", body=json.dumps(forged)
            ),
        )
        page.goto(f"{signed_site.base_url}verify/")
        page.set_input_files("#verify-file", str(png))
        _await_verdict(page)
        assert page.locator("[data-verify-result]").get_attribute("data-verdict") == "unknown"
        assert page.locator('[data-check="list-signature"]').get_attribute("data-ok") == "false"
        assert page.locator('[data-check="revocation"]').get_attribute("data-ok") is None
        assert page.locator('[data-check="signature"]').get_attribute("data-ok") == "true"


def test_verification_page_reads_a_baked_svg(signed_site: SignedSite) -> None:
    png = _valid_baked_png(signed_site)
    svg = next(
        p.parent / "badge.svg"
        for p in [png, *sorted(signed_site.output.glob("awards/*/badge.png"))]
        if (p.parent / "badge.svg").is_file()
        and not json.loads((p.parent / "assertion.json").read_text()).get("revoked")
        and "expires" not in json.loads((p.parent / "assertion.json").read_text())
    )
    page, context = _verify(signed_site, svg, NOW + timedelta(days=1))
    with context:
        assert page.locator("[data-verify-result]").get_attribute("data-verdict") == "valid"
        assert page.locator('[data-check="signature"]').get_attribute("data-ok") == "true"
