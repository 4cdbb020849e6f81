"""The showcase made for a ten-second read: the earner's photo, counts and grid of badges first,
details below, the sharing kit folded; and the award page's verdict before its sharing tools."""

from __future__ import annotations

import re
from pathlib import Path

from badgegen import config
from badgegen.forget import forget
from tests.conftest import AWARD_ID, SVG, ScratchRepo, build_repo, png_bytes, problem_lines

CAMILLE = """\
name: Camille Martin
email_hash: "sha256$0e4b2d1f8a3c5e7d9b1f3a5c7e9d1b3f5a7c9e1d3b5f7a9c1e3d5b7f9a1c3e5d"
salt: "00112233445566778899aabbccddeeff"
bio: Mediator in Tours.
"""


def _page(root: Path, path: str) -> str:
    return (root / "output" / path / "index.html").read_text(encoding="utf-8")


def test_showcase_shows_photo_counts_and_grid_before_details_and_sharing(
    scratch_repo: ScratchRepo,
) -> None:
    photo = png_bytes(80, 80, "#d9a07a")
    root = scratch_repo(
        {
            "content/earners/camille.yml": CAMILLE + "photo: images/camille.png\n",
            "content/earners/images/camille.png": photo,
        }
    )
    build_repo(root)
    html = _page(root, "earners/camille")

    assert (root / "output/earners/camille/photo.png").read_bytes() == photo
    assert re.search(r'<img class="earner-photo" src="(\.\./)+earners/camille/photo\.png"', html)
    assert 'alt="Photo of Camille Martin"' in html
    assert "1 badge earned" in html and "1 valid today" in html and "1 issuer" in html
    grid = html.index('class="badge-grid"')
    tile = re.search(r'<a class="badge-tile-link" href="([^"]+)"', html)
    assert tile and tile.group(1).endswith(f"awards/{AWARD_ID}/")
    assert "Atelier Numérique" in html[grid : html.index("</ul>", grid)]
    details, kit = html.index('id="details-title"'), html.index('<details class="share-kit"')
    assert grid < details < html.index("Photo of the workshop") < kit
    assert html.index('class="share"', kit) > kit  # the sharing panel sits inside the fold


def test_award_page_puts_verdict_and_evidence_before_the_folded_sharing_tools(
    scratch_repo: ScratchRepo,
) -> None:
    root = scratch_repo()
    build_repo(root)
    html = _page(root, f"awards/{AWARD_ID}")
    verdict = html.index("data-live-status")
    evidence = html.index('id="evidence-title"')
    kit = html.index('<details class="share-kit"')
    assert verdict < evidence < kit < html.index('id="share-title"') < html.index("</details>")
    assert '<details class="share-kit" id="share-kit" open' not in html


def test_photo_is_checked_like_issuer_pictures(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo(
        {
            "content/earners/camille.yml": CAMILLE + "photo: images/missing.png\n",
            "content/earners/lea.yml": "name: Léa\nphoto: ../../../secret.png\n",
            "content/earners/hugo.yml": "name: Hugo\nphoto: hugo.gif\n",
            "content/earners/hugo.gif": b"GIF89a\x01\x00\x01\x00\x00\x00\x00;",
        }
    )
    (root.parent / "secret.png").write_bytes(png_bytes())
    lines = problem_lines(root)
    assert any(
        line.startswith("content/earners/camille.yml:5:")
        and "not found: images/missing.png" in line
        for line in lines
    ), lines
    assert any(
        line.startswith("content/earners/lea.yml:2:") and "outside the content folder" in line
        for line in lines
    ), lines
    assert any(line.startswith("content/earners/hugo.yml:2:") for line in lines), lines


def test_private_earner_photo_is_never_published(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo(
        {
            "content/earners/camille.yml": CAMILLE + "showcase: private\nphoto: camille.svg\n",
            "content/earners/camille.svg": SVG,
        }
    )
    build_repo(root)
    assert not list((root / "output").glob("earners/*/photo.*"))


def test_forget_deletes_the_photo(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo(
        {
            "content/earners/camille.yml": CAMILLE + "photo: camille.svg\n",
            "content/earners/camille.svg": SVG,
        }
    )
    build_repo(root)
    assert (root / "output/earners/camille/photo.svg").is_file()
    result = forget(config.load(root), "camille")
    assert root / "content/earners/camille.svg" in result.removed
    assert not (root / "content/earners/camille.svg").exists()
    build_repo(root)
    assert not list((root / "output").glob("earners/*/photo.*"))
