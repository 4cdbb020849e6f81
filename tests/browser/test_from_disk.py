"""The built site opened from disk (file://), as a user double-clicking output/index.html (#10)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import BrowserSite

pytestmark = pytest.mark.browser


def test_links_open_pages_not_folder_listings(site: BrowserSite) -> None:
    context = site.browser.new_context()
    page = context.new_page()
    page.goto((site.output / "index.html").as_uri())
    badge_link = page.locator("#badges a[href]").first
    href = badge_link.get_attribute("href") or ""
    assert href.endswith("/index.html"), href
    badge_link.click()
    page.wait_for_load_state()
    assert page.url.endswith("/index.html")
    assert page.locator("h1").count() == 1  # a page of the site, not a file listing
    home = page.locator("a.site-title")
    assert (home.get_attribute("href") or "").endswith("index.html")
    home.click()
    page.wait_for_load_state()
    assert page.url == (site.output / "index.html").as_uri()
    fragment_links = page.locator('a[href^="#"]')
    assert all(
        not (fragment_links.nth(i).get_attribute("href") or "").endswith("index.html")
        for i in range(fragment_links.count())
    )
    context.close()
