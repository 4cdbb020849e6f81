"""The whole build, end to end, on scratch repositories in temporary folders."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from badgegen import config
from badgegen.build import build
from badgegen.errors import ContentError
from tests.conftest import AWARD_ID, NOW, ScratchRepo, build_repo
from tests.linkcheck import broken_links, links_of


def test_build_writes_every_page(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo()
    result = build_repo(root)
    out = root / "output"
    for page in (
        "index.html",
        "badges/first-steps/index.html",
        "issuers/atelier/index.html",
        "earners/camille/index.html",
        f"awards/{AWARD_ID}/index.html",
        "badges/first-steps/image.svg",
        "files/evidence/photo.png",
        "static/style.css",
    ):
        assert (out / page).is_file(), page
    assert result.stats.awards == 1
    assert result.stats.files == len([p for p in out.rglob("*") if p.is_file()])
    assert broken_links(out) == []


def test_links_resolve_when_served_from_a_sub_path(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo()
    build_repo(root, base_url="https://org.github.io/deep/badges/")
    out = root / "output"
    home = (out / "index.html").read_text(encoding="utf-8")
    internal = [link for link in links_of(home) if "://" not in link]
    assert internal and all(not link.startswith("/") for link in internal)
    assert 'href="https://org.github.io/deep/badges/"' in home  # canonical
    assert broken_links(out) == []


def test_markdown_is_sanitized(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo(
        {
            "content/issuers/atelier.md": "---\nname: Atelier\nurl: https://atelier.example.org\n---\n"
            "Hello <script>alert(1)</script> [x](javascript:alert(2)) **bold**\n"
        }
    )
    build_repo(root)
    html = (root / "output/issuers/atelier/index.html").read_text(encoding="utf-8")
    assert "<strong>bold</strong>" in html
    assert "<script>alert" not in html
    assert "javascript:" not in html


def test_failed_build_leaves_previous_output_intact(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo()
    build_repo(root)
    out = root / "output"
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (root / "content/badges/first-steps.md").write_text(
        "---\nname: [broken\n---\n", encoding="utf-8"
    )
    with pytest.raises(ContentError):
        build_repo(root)
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    leftovers = [p.name for p in root.iterdir() if p.name.startswith(".output")]
    assert leftovers == []


def test_template_error_leaves_previous_output_intact(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo()
    build_repo(root)
    index = (root / "output/index.html").read_bytes()
    (root / "themes/default/templates").mkdir(parents=True)
    (root / "themes/default/templates/index.html").write_text("{{ no_such_variable.x }}")
    with pytest.raises(ContentError) as caught:
        build_repo(root)
    assert "template error" in caught.value.problems[0].message
    assert (root / "output/index.html").read_bytes() == index


def test_published_award_cannot_silently_disappear(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo()
    build_repo(root)
    (root / "content/awards/2025/camille-first-steps.yml").unlink()
    (root / "content/endorsements/atelier-badge.yml").unlink()
    with pytest.raises(ContentError) as caught:
        build_repo(root)
    assert [p.format().split("\n")[0] for p in caught.value.problems if p.is_error] == [
        f"content/published.yml:8: the award {AWARD_ID} was published, but no file in content/ "
        "declares it",
        "content/published.yml:10: the endorsement 5d6e7f80-91a2-4b3c-8d4e-5f60718293a4 was "
        "published, but no file in content/ declares it",
    ]
    assert (root / f"output/awards/{AWARD_ID}/index.html").is_file()
    shutil.rmtree(root / "output")  # a clean clone: the record alone still knows
    with pytest.raises(ContentError):
        build_repo(root)
    cfg = config.load(root)
    build(cfg, now=NOW, allow_removal=True)
    assert not (root / f"output/awards/{AWARD_ID}").exists()
    assert (
        AWARD_ID
        not in (root / "content/published.yml").read_text(encoding="utf-8").split("withdrawn:")[0]
    )
    build_repo(root)  # forgotten: no longer refused


def test_an_award_page_the_record_forgot_still_cannot_disappear(scratch_repo: ScratchRepo) -> None:
    """Even when content/published.yml was edited by hand to forget it, the writer itself
    refuses to drop an award page the output folder holds."""
    root = scratch_repo()
    build_repo(root)
    (root / "content/awards/2025/camille-first-steps.yml").unlink()
    ledger = root / "content/published.yml"
    ledger.write_text(
        "".join(
            line
            for line in ledger.read_text(encoding="utf-8").splitlines(keepends=True)
            if AWARD_ID not in line
        ),
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as caught:
        build_repo(root)
    assert [p.message for p in caught.value.problems] == [
        f"the award {AWARD_ID} was published by the previous build and would disappear"
    ]
    assert (root / f"output/awards/{AWARD_ID}/index.html").is_file()


def test_revoked_award_keeps_its_page(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo()
    build_repo(root)
    award = root / "content/awards/2025/camille-first-steps.yml"
    award.write_text(
        award.read_text(encoding="utf-8")
        + "revoked:\n  date: 2025-06-01\n  reason: Issued by mistake\n",
        encoding="utf-8",
    )
    build_repo(root)
    page = (root / f"output/awards/{AWARD_ID}/index.html").read_text(encoding="utf-8")
    assert "Issued by mistake" in page


def _earner_files(showcase: str) -> dict[str, str | bytes | None]:
    return {
        "content/earners/camille.yml": f"name: Camille Martin\nshowcase: {showcase}\naliases: [cam]\n",
    }


def test_unlisted_earner_has_a_noindex_page_that_nothing_links_to(
    scratch_repo: ScratchRepo,
) -> None:
    root = scratch_repo(_earner_files("unlisted"))
    build_repo(root)
    out = root / "output"
    page = (out / "earners/camille/index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex">' in page
    for other in out.rglob("*.html"):
        if other.parent.name in ("camille", "cam"):
            continue
        if other.relative_to(out).as_posix().startswith("earners/camille/"):
            continue  # the showcase's own printable page
        assert "earners/camille/" not in other.read_text(encoding="utf-8"), other


def test_private_earner_has_no_page(scratch_repo: ScratchRepo) -> None:
    # the base endorsement is by camille: an endorsement is public, so drop it here
    root = scratch_repo(
        {**_earner_files("private"), "content/endorsements/atelier-badge.yml": None}
    )
    build_repo(root)
    assert not (root / "output/earners/camille").exists()
    assert not (root / "output/earners/cam").exists()
    assert "Camille" not in (root / "output/badges/first-steps/index.html").read_text(
        encoding="utf-8"
    )


def test_alias_redirects_to_the_showcase(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo(_earner_files("public"))
    build_repo(root)
    redirect = (root / "output/earners/cam/index.html").read_text(encoding="utf-8")
    assert 'http-equiv="refresh"' in redirect
    assert "../camille/" in redirect
    assert broken_links(root / "output") == []


def test_no_email_reaches_the_output(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo(
        {"content/earners/camille.yml": "name: Camille Martin\nemail: Camille.Secret@example.net\n"}
    )
    build_repo(root)
    for path in (root / "output").rglob("*"):
        if path.is_file():
            assert b"secret@example.net" not in path.read_bytes().lower(), path


def test_build_into_a_missing_parent_folder(scratch_repo: ScratchRepo, tmp_path: Path) -> None:
    root = scratch_repo()
    target = tmp_path / "elsewhere" / "site"
    build_repo(root, output=str(target))
    assert (target / "index.html").is_file()


@pytest.mark.slow
def test_demo_gallery_builds_with_every_link_resolving(built_gallery: Path) -> None:
    assert len(list(built_gallery.glob("awards/*/index.html"))) >= 30
    assert broken_links(built_gallery) == []


def test_endorsement_lists_never_name_an_unlisted_earner(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo(
        {
            **_earner_files("unlisted"),
            "content/endorsements/atelier-badge.yml": None,  # Camille endorses there, publicly
            "content/endorsements/of-award.yml": f"id: e-award-0001\nendorser: atelier\n"
            f"award: {AWARD_ID}\ncomment: Well done.\nissued_on: 2025-04-02\n",
        }
    )
    build_repo(root)
    for page in ("issuers/atelier/index.html", "endorsements/index.html"):
        assert "Camille" not in (root / "output" / page).read_text(encoding="utf-8"), page


def test_every_stage_reports_progress(
    scratch_repo: ScratchRepo, caplog: pytest.LogCaptureFixture
) -> None:
    root = scratch_repo()
    with caplog.at_level("INFO", logger="badgegen.progress"):
        build_repo(root)
    shown = [r.getMessage() for r in caplog.records if r.name == "badgegen.progress"]
    assert shown[0] == "finding the content files…"
    assert "rendering the pages…" in shown and shown[-1] == "writing the site…"
