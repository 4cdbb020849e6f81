"""The built demo in a real browser: pages load cleanly, links and images resolve, axe-core finds
no WCAG 2.1 AA violation, phones do not scroll sideways, copy buttons and the LinkedIn link work.

Expected values come from the published Open Badges 2.0 JSON (assertion, badge class, issuer
profile), not from badgegen's model, so the pages are checked against an independent source.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urldefrag, urljoin, urlsplit

import pytest
from playwright.sync_api import (
    BrowserContext,
    ConsoleMessage,
    Page,
    Request,
    Response,
    ViewportSize,
    expect,
)

from tests.browser.conftest import AXE_JS, BrowserSite, record_axe
from tests.conftest import NOW

pytestmark = pytest.mark.browser

KINDS = ["home", "badge", "showcase", "award", "print", "legal", "404"]
"""The pages checked by axe and at every viewport: one of each template a visitor lands on."""

DESKTOP: ViewportSize = {"width": 1280, "height": 800}
VIEWPORTS: dict[str, ViewportSize] = {
    "desktop": DESKTOP,
    "phone": {"width": 390, "height": 844},
    "iphone-se": {"width": 375, "height": 667},
    "small-phone": {"width": 360, "height": 780},
}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
TIMEOUT_MS = 10_000
REFRESH = re.compile(r'<meta http-equiv="refresh" content="\d+;\s*url=([^"]+)"', re.IGNORECASE)

# JavaScript run in the page.

EAGER_IMAGES_JS = """async () => {
  // Lazy images below the fold would never load in a headless run: load them all, then wait.
  const images = [...document.images];
  for (const img of images) img.loading = 'eager';
  const settle = (img) => img.complete ? null : new Promise((done) => {
    img.addEventListener('load', done, {once: true});
    img.addEventListener('error', done, {once: true});
  });
  await Promise.race([
    Promise.all(images.map(settle)),
    new Promise((done) => setTimeout(done, 5000)),
  ]);
  return images
    .filter((img) => !(img.complete && img.naturalWidth > 0))
    .map((img) => img.getAttribute('src'));
}"""

BROKEN_MEDIA_JS = """async () => {
  const media = [...document.querySelectorAll('audio, video')];
  const settle = (m) => m.readyState >= 1 || m.error ? null : new Promise((done) => {
    m.addEventListener('loadedmetadata', done, {once: true});
    m.addEventListener('error', done, {once: true}, true);
    m.querySelectorAll('source').forEach((s) => s.addEventListener('error', done, {once: true}));
  });
  await Promise.race([
    Promise.all(media.map(settle)),
    new Promise((done) => setTimeout(done, 5000)),
  ]);
  return media.filter((m) => m.readyState < 1).map((m) => m.currentSrc || m.innerHTML.trim());
}"""

LINKS_JS = """() => {
  const urls = [];
  // getAttribute, not .href: an SVG <a> (the endorsement graph) has an SVGAnimatedString there
  for (const el of document.querySelectorAll('a[href], area[href], link[href]')) {
    urls.push(new URL(el.getAttribute('href'), document.baseURI).href);
  }
  for (const el of document.querySelectorAll('[src]')) urls.push(el.src);
  for (const el of document.querySelectorAll('video[poster]')) urls.push(el.poster);
  for (const el of document.querySelectorAll('[srcset]')) {
    for (const part of el.srcset.split(',')) {
      const url = part.trim().split(/\\s+/)[0];
      if (url) urls.push(new URL(url, document.baseURI).href);
    }
  }
  for (const el of document.querySelectorAll('meta[property^="og:"][content^="http"]')) {
    if (el.getAttribute('property') !== 'og:site_name') urls.push(el.content);
  }
  return urls;
}"""

IDS_JS = """() => [
  ...[...document.querySelectorAll('[id]')].map((el) => el.id),
  ...[...document.querySelectorAll('a[name]')].map((el) => el.name),
]"""

OVERFLOW_JS = """() => {
  const width = window.innerWidth;
  const culprits = [];
  for (const el of document.body.querySelectorAll('*')) {
    // An element wider than the window, or one whose content spills out (a long word, <pre>).
    const box = el.getBoundingClientRect();
    const spills = getComputedStyle(el).overflowX === 'visible' ? box.left + el.scrollWidth : 0;
    const right = Math.max(box.right, spills);
    if (box.width > 0 && right > width + 0.5) {
      const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
        + [...el.classList].map((c) => '.' + c).join('');
      culprits.push(`${name} (to ${Math.round(right)}px)`);
    }
  }
  const viewport = document.querySelector('meta[name="viewport"]');
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: width,
    viewport: viewport ? viewport.content : null,
    culprits: culprits.slice(0, 8),
  };
}"""

AXE_RUN_JS = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  const brief = (rule) => ({id: rule.id, impact: rule.impact, help: rule.help,
    helpUrl: rule.helpUrl, tags: rule.tags,
    nodes: rule.nodes.map((n) => ({target: n.target, html: n.html, summary: n.failureSummary}))});
  return {
    axeVersion: axe.version,
    url: result.url,
    passes: result.passes.map((rule) => rule.id),
    violations: result.violations.map(brief),
    incomplete: result.incomplete.map(brief),
    inapplicable: result.inapplicable.map((rule) => rule.id),
  };
}"""

OPEN_FOLDS_JS = """() => {
  // Folded blocks (the sharing kit) are checked opened too: axe and the overflow check skip
  // what is not rendered.
  const folds = [...document.querySelectorAll('details')];
  for (const fold of folds) fold.open = true;
  return folds.length;
}"""

TOP_JS = """(selector) => {
  const el = document.querySelector(selector);
  return el ? el.getBoundingClientRect().top + window.scrollY : null;
}"""

COPY_TARGET_JS = """(id) => {
  const el = document.getElementById(id);
  if (!el) return null;
  return typeof el.value === 'string' ? el.value : el.textContent.trim();
}"""


# The demo pages under test, chosen from the build.


@dataclass(frozen=True)
class AwardFacts:
    """What the Open Badges 2.0 JSON says about one award."""

    id: str
    badge_slug: str
    badge_name: str
    issuer_name: str
    issued_on: datetime
    expires: datetime | None

    @property
    def path(self) -> str:
        return f"awards/{self.id}/"


@dataclass(frozen=True)
class Demo:
    expiring: AwardFacts
    """A valid award of a badge with `valid_for`: the award page under test."""
    permanent: AwardFacts
    """A valid award that never expires."""
    pages: dict[str, str]
    """Kind (see KINDS) → path of the page, relative to the site root."""


def _json_at(site: BrowserSite, url: str) -> dict[str, Any]:
    assert url.startswith(site.base_url), f"{url} is not on this site"
    data: dict[str, Any] = json.loads(
        (site.output / url.removeprefix(site.base_url)).read_text(encoding="utf-8")
    )
    return data


def _date(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _award_facts(site: BrowserSite, assertion_path: Path) -> AwardFacts:
    assertion = json.loads(assertion_path.read_text(encoding="utf-8"))
    badge = _json_at(site, assertion["badge"])
    issuer = _json_at(site, badge["issuer"])
    return AwardFacts(
        id=assertion_path.parent.name,
        badge_slug=urlsplit(assertion["badge"]).path.strip("/").split("/")[-2],
        badge_name=badge["name"],
        issuer_name=issuer["name"],
        issued_on=_date(assertion["issuedOn"]),
        expires=_date(assertion["expires"]) if "expires" in assertion else None,
    )


@pytest.fixture(scope="session")
def demo(site: BrowserSite) -> Demo:
    revoked = {
        entry["id"]
        for path in site.output.glob("issuers/*/revocations.json")
        for entry in json.loads(path.read_text(encoding="utf-8"))["revokedAssertions"]
    }
    valid = [
        facts
        for path in sorted(site.output.glob("awards/*/assertion.json"))
        if f"{site.base_url}awards/{path.parent.name}/assertion.json" not in revoked
        and ((facts := _award_facts(site, path)).expires is None or facts.expires > NOW)
    ]
    expiring = next((f for f in valid if f.expires), None)
    permanent = next((f for f in valid if f.expires is None), None)
    assert expiring and permanent, "the demo needs a valid expiring award and a permanent one"
    award_html = (site.output / expiring.path / "index.html").read_text(encoding="utf-8")
    earner = re.search(r'href="(?:\.\./)+(earners/[^/"]+/)"', award_html)
    assert earner, f"{expiring.path} links to no earner showcase"
    return Demo(
        expiring=expiring,
        permanent=permanent,
        pages={
            "home": "",
            "badge": f"badges/{expiring.badge_slug}/",
            "showcase": earner.group(1),
            "award": expiring.path,
            "print": f"{expiring.path}print/",
            "legal": "legal/",
            "404": "404.html",
        },
    )


# Pages in the browser.

OpenPage = Callable[..., Page]


@pytest.fixture
def open_page(site: BrowserSite) -> Iterator[OpenPage]:
    """Open a site path in a fresh context (one browser for the whole run; contexts are cheap)."""
    contexts: list[BrowserContext] = []

    def open_(
        path: str,
        *,
        viewport: ViewportSize = DESKTOP,
        permissions: list[str] | None = None,
    ) -> Page:
        context = site.browser.new_context(viewport=viewport)
        contexts.append(context)
        context.set_default_timeout(TIMEOUT_MS)
        if permissions:
            context.grant_permissions(permissions, origin=site.base_url.rstrip("/"))
        page = context.new_page()
        response = page.goto(site.base_url + path)
        assert response is not None
        if response.status != 200:
            pytest.fail(f"{path} is not in the build: HTTP {response.status} for {response.url}")
        return page

    yield open_
    for context in contexts:
        context.close()


class Crawl:
    """Visit every HTML page of the build in one browser page and collect what goes wrong.

    Problems are grouped by message, so one missing image shared by many pages reads as one line.
    """

    def __init__(self, site: BrowserSite) -> None:
        self.site = site
        self.problems: dict[str, list[str]] = {}
        self.failed_urls: set[str] = set()
        self.current = ""
        self.linked_from: dict[str, str] = {}
        """Internal URL (with its fragment) → the first page that links to it."""
        self.ids: dict[str, set[str]] = {}
        """URL of every page crawled with a 200 → the ids it holds (link fragments)."""
        self.pages = 0
        self.redirects = 0
        self.requested = 0

    def problem(self, message: str, page: str | None = None) -> None:
        page = page if page is not None else self.current
        self.problems.setdefault(message, []).append(page.removeprefix(self.site.base_url) or "/")

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        url = message.location.get("url", "")
        # Chromium asks for /favicon.ico on its own when a page declares no icon: that guess is
        # not a link of the site (and lies outside it when the site has a sub-path).
        if url != urljoin(self.site.base_url, "/favicon.ico"):
            self.problem(f"console error: {message.text} ({url})")

    def on_request_failed(self, request: Request) -> None:
        # A media element stops downloading once it has the metadata it needs (preload=metadata),
        # and moving on to the next page cancels pending loads (a lazy image, say): both end as
        # ERR_ABORTED and are not broken. Every image and linked file is checked on its own
        # anyway (EAGER_IMAGES_JS, check_links), so a truly missing one is still reported.
        if request.failure != "net::ERR_ABORTED":
            self.problem(f"request failed: {request.url} ({request.failure})")

    def on_response(self, response: Response) -> None:
        if response.status >= 400:
            self.failed_urls.add(response.url)
            self.problem(f"HTTP {response.status} for {response.url}")

    def visit_all(self) -> None:
        context = self.site.browser.new_context(viewport=DESKTOP)
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        page.on("console", self.on_console)
        page.on("pageerror", lambda error: self.problem(f"script error: {error}"))
        page.on("requestfailed", self.on_request_failed)
        page.on("response", self.on_response)
        for html_file in sorted(self.site.output.rglob("*.html")):
            self.visit(page, html_file)
        context.close()

    def visit(self, page: Page, html_file: Path) -> None:
        rel = html_file.relative_to(self.site.output).as_posix()
        url = self.current = self.site.base_url + rel.removesuffix("index.html")
        self.pages += 1
        response = page.goto(url)
        if response is None or response.status != 200:
            self.problem(f"page answers HTTP {response.status if response else '(none)'}")
            return
        refresh = REFRESH.search(html_file.read_text(encoding="utf-8"))
        if refresh:
            # A moved page: it must land on a page of the site, which the crawl checks itself.
            page.wait_for_url(urldefrag(urljoin(url, refresh.group(1))).url)
            page.wait_for_load_state()
            self.redirects += 1
            return
        for src in page.evaluate(EAGER_IMAGES_JS):
            self.problem(f"image does not load: {src}")
        for src in page.evaluate(BROKEN_MEDIA_JS):
            self.problem(f"audio or video does not load: {src}")
        for link in page.evaluate(LINKS_JS):
            if link.startswith(self.site.base_url):
                self.linked_from.setdefault(link, url)
        self.ids[url] = set(page.evaluate(IDS_JS))

    def check_links(self) -> None:
        """Every internal link: a page crawled with a 200 and, with a fragment, an existing id;
        anything else (JSON, images, evidence files) answers 200 to a HEAD request."""
        context = self.site.browser.new_context()
        for link, source in sorted(self.linked_from.items()):
            target, fragment = urldefrag(link)
            target = target.removesuffix("index.html")
            if target in self.ids:
                if fragment and fragment != "top" and fragment not in self.ids[target]:
                    self.problem(f"link to a missing anchor: {link}", source)
                continue
            self.requested += 1
            status = context.request.fetch(target, method="HEAD").status
            if status != 200:
                self.problem(f"broken link (HTTP {status}): {link}", source)
        context.close()

    def report(self) -> list[str]:
        lines = []
        for message, pages in self.problems.items():
            url = message.rpartition("(")[2].rstrip(")")
            if message.startswith("console error: Failed to load resource") and (
                url in self.failed_urls
            ):
                continue  # the same failure as its "HTTP 4xx for <url>" line
            pages = sorted(set(pages))
            more = f" and {len(pages) - 3} more" if len(pages) > 3 else ""
            lines.append(f"{message}\n    on {', '.join(pages[:3])}{more}")
        return lines


def test_every_page_loads_cleanly(site: BrowserSite) -> None:
    """Every HTML page: HTTP 200, no console error, images and media load, links resolve."""
    crawl = Crawl(site)
    crawl.visit_all()
    crawl.check_links()
    print(
        f"\n{crawl.pages} pages crawled ({crawl.redirects} redirects), "
        f"{len(crawl.linked_from)} internal links, {crawl.requested} other files requested"
    )
    problems = crawl.report()
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


@pytest.mark.parametrize("kind", KINDS)
def test_no_wcag_violation(demo: Demo, open_page: OpenPage, kind: str) -> None:
    page = open_page(demo.pages[kind])
    page.evaluate(OPEN_FOLDS_JS)
    page.add_script_tag(path=AXE_JS)
    result = page.evaluate(AXE_RUN_JS, AXE_TAGS)
    record_axe(kind, demo.pages[kind] or "/", result)
    violations = [
        f"{rule['id']} ({rule['impact']}): {rule['help']} {rule['helpUrl']}\n"
        + "\n".join(f"    {node['target']}: {node['html'][:200]}" for node in rule["nodes"])
        for rule in result["violations"]
    ]
    assert not violations, f"{demo.pages[kind] or '/'}:\n" + "\n".join(violations)


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("kind", KINDS)
def test_fits_the_viewport(
    demo: Demo, open_page: OpenPage, screenshots_dir: Path, kind: str, viewport: str
) -> None:
    """No sideways scrolling; a full-page screenshot of every page at every width is kept."""
    size = VIEWPORTS[viewport]
    page = open_page(demo.pages[kind], viewport=size)
    page.evaluate(EAGER_IMAGES_JS)
    page.screenshot(path=screenshots_dir / f"{kind}-{size['width']}.png", full_page=True)
    page.evaluate(OPEN_FOLDS_JS)
    layout = page.evaluate(OVERFLOW_JS)
    assert layout["viewport"] and "width=device-width" in layout["viewport"], (
        "no <meta name=viewport content=width=device-width>: phones would zoom out"
    )
    assert layout["scrollWidth"] <= layout["innerWidth"], (
        f"{demo.pages[kind] or '/'} is {layout['scrollWidth']}px wide in a "
        f"{layout['innerWidth']}px window; widest elements: {', '.join(layout['culprits'])}"
    )


def test_copy_buttons_copy_their_target(demo: Demo, open_page: OpenPage) -> None:
    """DOM contract: `button.copy-button[data-copy-target=ID]` copies the value of #ID (its text
    for an element without a value) to the clipboard, then gets `data-copied="true"`."""
    page = open_page(demo.pages["award"], permissions=["clipboard-read", "clipboard-write"])
    kit = page.locator("details.share-kit")
    expect(kit).not_to_have_attribute("open", "")
    kit.locator("summary").click()  # the sharing kit is folded away: a visitor opens it first
    buttons = page.locator("button.copy-button[data-copy-target]")
    assert buttons.count() >= 1, f"no button.copy-button[data-copy-target] on {demo.pages['award']}"
    for index in range(buttons.count()):
        button = buttons.nth(index)
        target = button.get_attribute("data-copy-target")
        expected = page.evaluate(COPY_TARGET_JS, target)
        assert expected, f"copy button #{index} targets #{target}, which is missing or empty"
        page.evaluate("() => navigator.clipboard.writeText('')")
        button.click()
        expect(button).to_have_attribute("data-copied", "true")
        assert page.evaluate("() => navigator.clipboard.readText()") == expected, target


FIRST_SCREEN: dict[str, ViewportSize] = {"1280": DESKTOP, "375": VIEWPORTS["iphone-se"]}
"""The widths the ten-second read is checked at: a laptop and a small phone."""
LEADS = {"showcase": ".badge-grid", "award": ".live-status"}
"""What each page shows on its first screen: the grid of badges, the verdict."""


@pytest.mark.parametrize("width", list(FIRST_SCREEN))
@pytest.mark.parametrize("kind", list(LEADS))
def test_badges_and_verdict_are_above_the_fold(
    demo: Demo, open_page: OpenPage, screenshots_dir: Path, kind: str, width: str
) -> None:
    """The showcase opens on the earner's badge grid and the award page on its verdict, before
    any sharing tool, which stays folded; the first screen is kept as a screenshot."""
    size = FIRST_SCREEN[width]
    page = open_page(demo.pages[kind], viewport=size)
    page.evaluate(EAGER_IMAGES_JS)
    page.screenshot(path=screenshots_dir / f"first-screen-{kind}-{width}.png", full_page=False)
    lead = page.locator(LEADS[kind])
    expect(lead).to_be_visible()
    box = lead.bounding_box()
    assert box is not None
    assert box["y"] < size["height"], (
        f"{LEADS[kind]} starts at {box['y']:.0f}px, below the first {size['height']}px screen "
        f"of {demo.pages[kind]} at {width}px"
    )
    if kind == "showcase":
        first = page.locator(".badge-grid > li").first
        expect(first.locator("a")).to_have_attribute("href", re.compile(r"awards/[^/]+/$"))
        tile = first.bounding_box()
        assert tile is not None and tile["y"] < size["height"], "no badge on the first screen"
    kit = page.locator("details.share-kit")
    expect(kit).to_have_count(1)
    expect(kit).not_to_have_attribute("open", "")
    assert page.evaluate(TOP_JS, LEADS[kind]) < page.evaluate(TOP_JS, "details.share-kit")


@pytest.mark.parametrize("which", ["expiring", "permanent"])
def test_linkedin_link_carries_the_award(
    site: BrowserSite, demo: Demo, open_page: OpenPage, which: str
) -> None:
    """LinkedIn's "add to profile" URL, with every field read from the Open Badges JSON."""
    award: AwardFacts = getattr(demo, which)
    page = open_page(award.path)
    link = page.locator("a.share-linkedin-add")
    assert link.count() == 1, f"{award.path} has {link.count()} a.share-linkedin-add links"
    href = link.get_attribute("href") or ""
    parts = urlsplit(href)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://www.linkedin.com/profile/add"
    query = parse_qs(parts.query, keep_blank_values=True)
    repeated = [name for name, values in query.items() if len(values) > 1]
    assert not repeated, f"parameters given twice: {repeated}"
    params = {name: values[0] for name, values in query.items()}
    for name in ("issueYear", "issueMonth", "expirationYear", "expirationMonth"):
        if params.get(name, "").isdigit():
            params[name] = str(int(params[name]))  # "05" and "5" are the same month

    expected = {
        "startTask": "CERTIFICATION_NAME",
        "name": award.badge_name,
        "organizationName": award.issuer_name,
        "issueYear": str(award.issued_on.year),
        "issueMonth": str(award.issued_on.month),
        "certUrl": site.base_url + award.path,
        "certId": page.locator("code.award-code").inner_text().strip(),
        "expirationYear": str(award.expires.year) if award.expires else None,
        "expirationMonth": str(award.expires.month) if award.expires else None,
    }
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}", expected["certId"] or "")
    assert {name: params.get(name) for name in expected} == expected, href
