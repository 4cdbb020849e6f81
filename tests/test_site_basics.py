"""Site basics: 404 page, favicons, sitemap, robots.txt, Atom feed, legal page, link previews."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image

from badgegen import config
from badgegen.errors import ContentError
from tests.conftest import ScratchRepo, build_repo, png_bytes, problem_lines

BASE = "https://reseau-inclusion.github.io/badges/"
HIDDEN = ("fatima-el-idrissi", "thomas-lefebvre")
"""The demo's unlisted and private earners."""
ATOM = "{http://www.w3.org/2005/Atom}"


def _hidden_award_ids(output: Path) -> set[str]:
    ids = set()
    for page in (output / "awards").glob("*/index.html"):
        if '<meta name="robots" content="noindex">' in page.read_text(encoding="utf-8"):
            ids.add(page.parent.name)
    return ids


def test_sitemap_lists_only_listed_pages(built_gallery: Path) -> None:
    root = ET.fromstring((built_gallery / "sitemap.xml").read_bytes())
    locs = [e.text or "" for e in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert BASE in locs and f"{BASE}legal/" in locs and f"{BASE}earners/camille-rousseau/" in locs
    hidden = _hidden_award_ids(built_gallery)
    assert hidden, "the demo has awards of unlisted or private earners"
    text = "\n".join(locs)
    for name in (*HIDDEN, *hidden, "print/", "404.html"):
        assert name not in text
    for loc in locs:  # every listed page exists and does not ask not to be indexed
        page = built_gallery / loc.removeprefix(BASE) / "index.html"
        assert page.is_file() and 'content="noindex"' not in page.read_text(encoding="utf-8")


def test_robots_points_at_the_sitemap_and_names_nothing_hidden(built_gallery: Path) -> None:
    robots = (built_gallery / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {BASE}sitemap.xml" in robots
    assert "Disallow" not in robots and "earners" not in robots


def test_feed_has_awards_of_listed_earners_newest_first(built_gallery: Path) -> None:
    feed = ET.fromstring((built_gallery / "feed.xml").read_bytes())
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) > 10
    links = [e.find(f"{ATOM}link").get("href", "") for e in entries]  # type: ignore[union-attr]
    hidden = _hidden_award_ids(built_gallery)
    assert not {link.removeprefix(f"{BASE}awards/").strip("/") for link in links} & hidden
    updated = [e.findtext(f"{ATOM}updated") or "" for e in entries]
    assert updated == sorted(updated, reverse=True)
    home = (built_gallery / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="alternate" type="application/atom+xml" href="{BASE}feed.xml"' in home


def test_404_page_links_absolutely(built_gallery: Path) -> None:
    page = (built_gallery / "404.html").read_text(encoding="utf-8")
    assert "Page introuvable" in page and 'content="noindex"' in page
    for link in re.findall(r'(?:href|src)="([^"]+)"', page):
        assert link.startswith((BASE, "#", "data:")), link


def test_legal_page_and_footer_link(built_gallery: Path) -> None:
    page = (built_gallery / "legal/index.html").read_text(encoding="utf-8")
    assert "<h1>Mentions et données</h1>" in page
    assert 'href="mailto:badges@reseau-inclusion.example"' in page
    assert "Être masqué ou effacé" in page
    home = (built_gallery / "index.html").read_text(encoding="utf-8")
    assert '<a href="./legal/">Mentions et données</a>' in home


def test_favicons_come_from_the_main_issuer_picture(built_gallery: Path) -> None:
    with Image.open(built_gallery / "favicon.ico") as ico:
        assert ico.format == "ICO"
        assert {(16, 16), (32, 32), (48, 48)} <= set(ico.info["sizes"])
    with Image.open(built_gallery / "apple-touch-icon.png") as touch:
        assert touch.size == (180, 180)
    home = (built_gallery / "index.html").read_text(encoding="utf-8")
    assert '<link rel="icon" href="./favicon.ico"' in home


def test_every_page_has_a_description_and_a_png_preview(built_gallery: Path) -> None:
    pages = sorted(built_gallery.rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        html = page.read_text(encoding="utf-8")
        description = re.findall(r'<meta name="description" content="([^"]*)">', html)
        assert len(description) == 1 and description[0].strip(), page
        images = re.findall(r'<meta property="og:image" content="([^"]*)">', html)
        assert len(images) == 1, page
        assert images[0].startswith(BASE) and images[0].endswith(".png"), page
        with Image.open(built_gallery / images[0].removeprefix(BASE)) as card:
            assert card.format == "PNG" and card.size == (1200, 627)


LEGAL = """\
[legal]
publisher = "Atelier Numérique, association"
director = "Nadia Benali"
contact = "https://atelier.example.org/contact"
host = "GitLab Pages"
response_days = 15
"""


def test_logo_and_legal_settings(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo(
        {
            "content/issuers/images/network.png": png_bytes(64, 64, "#c00"),
            "content/issuers/network.md": "---\nname: Le réseau\nkind: organization\nurl: https://reseau.fr/\n"
            "image: images/network.png\n---\nThe network.\n",
        }
    )
    toml = root / "badgegen.toml"
    logo = 'logo = "content/issuers/images/network.png"'
    toml.write_text(toml.read_text().replace("[site]\n", f"[site]\n{logo}\n") + LEGAL)
    build_repo(root)
    with Image.open(root / "output/favicon.png") as icon:
        assert icon.convert("RGB").getpixel((16, 16)) == (204, 0, 0)  # the logo, not the badge
    legal = (root / "output/legal/index.html").read_text(encoding="utf-8")
    for text in ("Atelier Numérique, association", "Nadia Benali", "GitLab Pages", "15 days"):
        assert text in legal
    assert 'href="https://atelier.example.org/contact"' in legal
    card = Image.open(io.BytesIO((root / "output/badges/first-steps/card.png").read_bytes()))
    assert card.size == (1200, 627)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('logo = "missing.png"', "badgegen.toml:6: site.logo: no file missing.png"),
        ('logo = "logo.gif"', "badgegen.toml:6: site.logo must be a PNG, JPEG or SVG picture"),
    ],
)
def test_bad_logo_names_the_line(scratch_repo: ScratchRepo, line: str, message: str) -> None:
    root = scratch_repo()
    toml = root / "badgegen.toml"
    toml.write_text(toml.read_text() + line + "\n")
    with pytest.raises(ContentError) as caught:
        config.load(root)
    assert [p.format().split("\n")[0] for p in caught.value.problems] == [message]


def test_a_logo_must_be_a_checked_picture(scratch_repo: ScratchRepo) -> None:
    """Only pictures that records use are checked and made safe: a logo elsewhere is refused."""
    root = scratch_repo({"logo.png": png_bytes(64, 64, "#c00")})
    toml = root / "badgegen.toml"
    toml.write_text(toml.read_text() + 'logo = "logo.png"\n')
    assert problem_lines(root) == [
        "badgegen.toml:6: site.logo: logo.png is not the picture of an issuer or a badge"
    ]


def test_unknown_legal_key_is_an_error(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo()
    toml = root / "badgegen.toml"
    toml.write_text(toml.read_text() + '[legal]\npublsher = "x"\n')
    with pytest.raises(ContentError) as caught:
        config.load(root)
    assert "did you mean 'publisher'?" in caught.value.problems[0].format()
