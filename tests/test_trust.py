"""Paper and wallets: short addresses, printable pages, QR codes, credential links.

Every check reads the built site (HTML and JSON as published), not badgegen's model.
"""

from __future__ import annotations

import json
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from badgegen.errors import ContentError
from tests.conftest import BASE_FILES, ScratchRepo, build_repo, problem_lines

CODE = re.compile(r'<code class="award-code">([0-9A-Z]{4}-[0-9A-Z]{4})</code>')
REFRESH = re.compile(r'<meta http-equiv="refresh" content="0; url=([^"]+)">')
CANONICAL = re.compile(r'<link rel="canonical" href="([^"]+)">')


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.images: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.hrefs.append(values["href"] or "")
        if tag == "img" and values.get("src"):
            self.images.append(values["src"] or "")


def _links(html: str) -> _Links:
    parser = _Links()
    parser.feed(html)
    return parser


def _resolve(output: Path, page: Path, href: str) -> Path:
    """The file a relative link from `page` leads to (a folder's index.html)."""
    target = posixpath.normpath(posixpath.join(page.parent.relative_to(output).as_posix(), href))
    path = output / target
    return path / "index.html" if href.endswith("/") else path


def _award_pages(output: Path) -> list[Path]:
    return sorted(output.glob("awards/*/index.html"))


def test_every_award_short_address_leads_to_its_page(built_gallery: Path) -> None:
    base_url = json.loads(
        (built_gallery / "awards")
        .joinpath(_award_pages(built_gallery)[0].parent.name, "assertion.json")
        .read_text()
    )["id"].split("awards/")[0]
    pages = _award_pages(built_gallery)
    assert len(pages) >= 30
    codes = set()
    for page in pages:
        html = page.read_text(encoding="utf-8")
        [code] = CODE.findall(html)
        codes.add(code)
        short = built_gallery / "c" / code / "index.html"
        assert short.is_file(), code
        redirect = short.read_text(encoding="utf-8")
        [target] = REFRESH.findall(redirect)
        assert _resolve(built_gallery, short, target) == page
        assert CANONICAL.findall(redirect) == [
            base_url + page.parent.relative_to(built_gallery).as_posix() + "/"
        ]
        assert target in _links(redirect).hrefs  # a visible link, for browsers without refresh
        assert '<meta name="robots" content="noindex">' in redirect
        # The award page shows and links its short address and its printable version.
        links = _links(html).hrefs
        award = page.parent.name
        assert f"../../c/{code}/" in links and f"../../awards/{award}/print/" in links
        assert f"{base_url}c/{code}/" in html
    assert len(codes) == len(pages)  # no two awards share a code


def test_paper_prints_the_short_address(built_gallery: Path) -> None:
    for page in _award_pages(built_gallery):
        [code] = CODE.findall(page.read_text(encoding="utf-8"))
        printed = (page.parent / "print" / "index.html").read_text(encoding="utf-8")
        urls = re.findall(r'<p class="sheet-url">([^<]+)</p>', printed)
        assert len(urls) == 2 and all(u.endswith(f"/c/{code}/") for u in urls)  # card, certificate


def test_showcases_have_a_qr_code_and_a_printable_page(built_gallery: Path) -> None:
    showcases = sorted(built_gallery.glob("earners/*/index.html"))
    showcases = [
        p for p in showcases if 'http-equiv="refresh"' not in p.read_text(encoding="utf-8")
    ]
    assert showcases
    for page in showcases:
        links = _links(page.read_text(encoding="utf-8"))
        slug = page.parent.name
        assert f"../../earners/{slug}/qr.svg" in links.images
        assert f"../../earners/{slug}/print/" in links.hrefs
        assert (page.parent / "qr.svg").is_file()
        printed = (page.parent / "print" / "index.html").read_text(encoding="utf-8")
        assert f"../../../earners/{slug}/qr.svg" in _links(printed).images
        for href in re.findall(r'<td class="sheet-url">([^<]+)</td>', printed):
            code = href.rstrip("/").rsplit("/", 1)[1]
            assert (built_gallery / "c" / code / "index.html").is_file()


def test_unsigned_build_offers_no_wallet_download(built_gallery: Path) -> None:
    html = _award_pages(built_gallery)[0].read_text(encoding="utf-8")
    assert "wallet-qr.svg" not in html and "verifierplus.org" not in html


def test_verification_page_is_on_every_site(built_gallery: Path) -> None:
    page = built_gallery / "verify" / "index.html"
    html = page.read_text(encoding="utf-8")
    assert 'type="file"' in html and "static/verify.js" in html
    assert (built_gallery / "static" / "verify.js").is_file()
    assert (built_gallery / "static" / "status.js").is_file()


def test_a_linkedin_organization_id_must_be_digits(scratch_repo: ScratchRepo) -> None:
    issuer = str(BASE_FILES["content/issuers/atelier.md"]).replace(
        "kind: organization\n",
        "kind: organization\nlinkedin_organization_id: linkedin.com/company/atelier\n",
    )
    root = scratch_repo({"content/issuers/atelier.md": issuer})
    assert problem_lines(root) == [
        "content/issuers/atelier.md:5: linkedin_organization_id must be a number made of "
        "digits only (e.g. 12345678)"
    ]


def test_two_awards_with_the_same_short_code_are_a_content_problem(
    scratch_repo: ScratchRepo,
) -> None:
    # Two ids whose codes collide (found by search: 40-bit codes, one pair in about 10⁶).
    files: dict[str, str | bytes | None] = {
        "content/awards/2025/camille-first-steps.yml": None,
        **{
            f"content/awards/{award_id}.yml": f"""\
id: {award_id}
badge: first-steps
earner: camille
issued_on: 2025-03-14
"""
            for award_id in ("award-00307112", "award-00921247")
        },
    }
    root = scratch_repo(files)
    with pytest.raises(ContentError) as caught:
        build_repo(root)
    [problem] = caught.value.problems
    assert problem.format().splitlines()[0] == (
        "content/awards/award-00921247.yml: this award's short code ARZ6-G6TA is also the code "
        "of content/awards/award-00307112.yml"
    )
    assert not (root / "output").exists()
