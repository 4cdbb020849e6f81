"""The gallery's relations, indexed once, answer exactly what a scan of the records gives (#12)."""

from __future__ import annotations

from tests.conftest import REPO_ROOT, load_repo


def test_indexed_relations_equal_scans_of_the_demo() -> None:
    gallery, _cfg = load_repo(REPO_ROOT)
    issuer_of = {b.slug: b.issuer for b in gallery.badges}
    for badge in gallery.badges:
        assert gallery.awards_of_badge(badge.slug) == [
            a for a in gallery.awards if a.badge == badge.slug
        ]
    for earner in gallery.earners:
        assert gallery.awards_of_earner(earner.slug) == [
            a for a in gallery.awards if a.earner == earner.slug
        ]
    for slug in {*issuer_of.values(), "nobody"}:
        assert gallery.badges_of_issuer(slug) == [b for b in gallery.badges if b.issuer == slug]
        assert gallery.awards_of_issuer(slug) == [
            a for a in gallery.awards if issuer_of[a.badge] == slug
        ]
    targets = {(e.target_kind, e.target) for e in gallery.endorsements}
    assert len(targets) > 3  # the demo endorses awards, badge classes and issuers
    for kind, target in targets:
        every = [e for e in gallery.endorsements if e.target_kind == kind and e.target == target]
        assert gallery.endorsements_of(kind, target) == every
        for latest in range(1, len(every) + 3):  # fewer, as many and more than there are
            expected = every[-latest:] if latest < len(every) else every
            assert gallery.endorsements_of(kind, target, latest) == expected
    assert any(
        len(gallery.endorsements_of(kind, target)) >= 2 for kind, target in targets
    )  # a target endorsed more than once, where "more than there are" matters
    # answers are copies: a caller cannot change the gallery
    first = gallery.badges[0].slug
    gallery.awards_of_badge(first).clear()
    assert gallery.awards_of_badge(first)
