"""Pages whose weight must not grow with the repository: an award page shows the latest few
endorsements of its badge and issuer and links to the page that lists them all."""

from __future__ import annotations

import re
from pathlib import Path

from badgegen.site.views import SHOWN_ENDORSEMENTS
from tests.conftest import AWARD_ID, ScratchRepo, build_repo

AWARD_PAGE = f"awards/{AWARD_ID}/index.html"


def _endorsements(kind: str, target: str, count: int, first: int = 0) -> dict[str, str | None]:
    """`count` endorsements of `target` by camille, one a day from 2025-04-01, numbered."""
    return {
        f"content/endorsements/{kind}-{n}.yml": (
            f"id: 5d6e7f80-91a2-4b3c-8d4e-{first + n:012x}\nendorser: camille\n{kind}: {target}\n"
            f"comment: {kind.capitalize()} note number {n}.\nissued_on: 2025-04-{n + 1:02d}\n"
        )
        for n in range(count)
    }


def _build(scratch_repo: ScratchRepo, issuer: int, badge: int, name: str) -> Path:
    root = scratch_repo(
        {
            "content/endorsements/atelier-badge.yml": None,
            **_endorsements("issuer", "atelier", issuer),
            **_endorsements("badge", "first-steps", badge, first=100),
        },
        name=name,
    )
    result = build_repo(root)
    return result.output_dir


def _section(html: str, heading: str) -> str:
    """The HTML from an `<h3>` heading to the next heading or the end of the section."""
    start = html.index(f"<h3>{heading}</h3>")
    end = min(i for i in (html.find("<h3>", start + 1), html.find("</section>", start)) if i > 0)
    return html[start:end]


def test_an_award_page_shows_the_latest_issuer_endorsements_and_links_to_all(
    scratch_repo: ScratchRepo,
) -> None:
    output = _build(scratch_repo, issuer=8, badge=5, name="many")
    page = (output / AWARD_PAGE).read_text(encoding="utf-8")

    of_issuer = _section(page, "Of the issuer")
    shown = re.findall(r"Issuer note number (\d+)\.", of_issuer)
    assert shown == ["7", "6", "5"]  # the most recent first
    assert len(shown) == SHOWN_ENDORSEMENTS
    link = re.search(r'<a href="([^"]+)">See all (\d+) endorsements</a>', of_issuer)
    assert link is not None
    assert link.groups() == ("../../issuers/atelier/#endorsements-title", "8")

    of_badge = _section(page, "Of the badge")
    assert re.findall(r"Badge note number (\d+)\.", of_badge) == ["4", "3", "2"]
    assert '<a href="../../badges/first-steps/#endorsements-title">See all 5 endorsements</a>' in (
        of_badge
    )

    # The linked pages list every one of them.
    issuer_page = (output / "issuers/atelier/index.html").read_text(encoding="utf-8")
    assert sorted(re.findall(r"Issuer note number (\d+)\.", issuer_page)) == [
        str(n) for n in range(8)
    ]
    assert 'id="endorsements-title"' in issuer_page
    badge_page = (output / "badges/first-steps/index.html").read_text(encoding="utf-8")
    assert len(re.findall(r"Badge note number \d+\.", badge_page)) == 5


def test_few_endorsements_are_all_shown_without_a_link(scratch_repo: ScratchRepo) -> None:
    output = _build(scratch_repo, issuer=2, badge=3, name="few")
    page = (output / AWARD_PAGE).read_text(encoding="utf-8")
    assert re.findall(r"Issuer note number (\d+)\.", page) == ["1", "0"]
    assert re.findall(r"Badge note number (\d+)\.", page) == ["2", "1", "0"]
    assert "See all" not in page


def test_the_award_page_weighs_the_same_with_ten_times_more_endorsements(
    scratch_repo: ScratchRepo,
) -> None:
    few = _build(scratch_repo, issuer=4, badge=4, name="four")
    many = _build(scratch_repo, issuer=28, badge=28, name="many")
    for page in (AWARD_PAGE, f"awards/{AWARD_ID}/print/index.html"):
        small = len((few / page).read_bytes())
        large = len((many / page).read_bytes())
        assert abs(large - small) < 100, (page, small, large)  # the counts' digits, the dates
