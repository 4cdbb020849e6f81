"""French typography: one pure function, applied to text nodes of French pages only."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from badgegen.site import typography
from badgegen.site.filters import format_date
from badgegen.site.typography import NBSP, NNBSP, french_html, french_text, typeset_html

# Sentences of the demo content (content/badges, content/awards), as their authors typed them.
DEMO = [
    (
        "Ce badge est auto-attribué : c'est moi, Camille, qui l'émets et qui le reçois.",
        f"Ce badge est auto-attribué{NBSP}: c'est moi, Camille, qui l'émets et qui le reçois.",
    ),
    (
        "un article de blog, une fiche, un atelier où je l'ai réutilisé ;",
        f"un article de blog, une fiche, un atelier où je l'ai réutilisé{NNBSP};",
    ),
    (
        "l'appel d'un « faux technicien » reçu par une personne qu'elle aide à domicile",
        f"l'appel d'un «{NNBSP}faux technicien{NNBSP}» reçu par une personne qu'elle aide à domicile",
    ),
    (
        "Il n'y a ni note ni examen : c'est la personne qui montre, à son rythme, qu'elle sait faire.",
        f"Il n'y a ni note ni examen{NBSP}: c'est la personne qui montre, à son rythme, "
        "qu'elle sait faire.",
    ),
    ("Qu'est-ce qu'un open badge ?", f"Qu'est-ce qu'un open badge{NNBSP}?"),
]


@pytest.mark.parametrize(("typed", "expected"), DEMO)
def test_demo_sentences(typed: str, expected: str) -> None:
    assert french_text(typed) == expected


@pytest.mark.parametrize(("typed", "expected"), DEMO)
def test_missing_and_existing_spaces_give_the_same_result(typed: str, expected: str) -> None:
    tight = typed.replace(" :", ":").replace(" ;", ";").replace(" ?", "?")
    tight = tight.replace("« ", "«").replace(" »", "»")
    assert french_text(tight) == expected
    assert french_text(expected) == expected  # idempotent


@pytest.mark.parametrize(
    "text",
    [
        "https://pix.fr/competences?niveau=1;2",
        "voir www.example.org/a?b!",
        "ecrire à badges@reseau.example",
        "rendez-vous à 10:30",
        "le 11 mars",
        "l&#39;atelier&nbsp;",
    ],
)
def test_urls_emails_times_and_references_are_left_alone(text: str) -> None:
    assert french_text(text) == text


def test_punctuation_after_a_url_is_still_spaced() -> None:
    assert french_text("Sur https://pix.fr ?") == f"Sur https://pix.fr{NNBSP}?"


def test_first_day_of_a_month() -> None:
    assert french_text("le 1 mars 2025") == "le 1er mars 2025"
    assert format_date(datetime(2025, 12, 1, tzinfo=UTC), "fr") == "1er décembre 2025"
    assert format_date(datetime(2025, 12, 2, tzinfo=UTC), "fr") == "2 décembre 2025"
    assert format_date(datetime(2025, 12, 1, tzinfo=UTC), "en") == "December 1, 2025"


def test_html_text_nodes_only() -> None:
    html = (
        '<p title="Note : x"><strong>Lieu</strong>: Tours ! '
        '<a href="https://x.org/?a=1">là ?</a> <code>a ? b</code></p>'
        "<pre>x : y</pre><textarea>Badge : ok</textarea><!-- a ? -->"
        '<script type="application/ld+json">{"a": "b ?"}</script>'
    )
    assert french_html(html) == (
        f'<p title="Note : x"><strong>Lieu</strong>{NBSP}: Tours{NNBSP}! '
        f'<a href="https://x.org/?a=1">là{NNBSP}?</a> <code>a ? b</code></p>'
        "<pre>x : y</pre><textarea>Badge : ok</textarea><!-- a ? -->"
        '<script type="application/ld+json">{"a": "b ?"}</script>'
    )


def test_only_french_is_typeset() -> None:
    assert typeset_html("<p>Note : x</p>", "en") == "<p>Note : x</p>"
    assert typeset_html("<p>Note : x</p>", "fr") == f"<p>Note{NBSP}: x</p>"


def test_demo_pages_are_typeset(built_gallery: Path) -> None:
    """A demo award (issued on 1 December 2025): Markdown narrative, UI strings and the date."""
    page = (built_gallery / "awards/c88c8a39-64d2-46e5-8c5a-888a2dbccbb6/index.html").read_text()
    assert f"«{NNBSP}faux technicien{NNBSP}»" in page
    assert "1er décembre 2025" in page
    home = (built_gallery / "index.html").read_text()
    assert f"open badge{NNBSP}?" in home  # the menu's "Qu'est-ce qu'un open badge ?"
    # attributes and URLs keep what was written
    for attribute in re.findall(r'(?:href|src|content)="([^"]*)"', home):
        assert NNBSP not in attribute and NBSP not in attribute


SAMPLES = [
    "Camille Martin",
    "Délivré le 1 mars 2025 : bravo !",
    "<p>Lieu</p>: Tours ; « citation » ?",
    "https://example.org/a?b=1 et toi@example.fr !",
    "   \n\t  ",
    "Premiers pas — 12 avril 2024",
    "<code>a: b</code> x : y",
]


def test_text_without_any_spaced_sign_skips_the_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    """The quick exit (no `: ; ? ! « »` nor `1`) gives what the full rules give."""
    fast = [french_html(s) for s in SAMPLES] + [french_text(s) for s in SAMPLES]
    monkeypatch.setattr(typography, "_TRIGGERS", re.compile(""))
    typography._text_node.cache_clear()  # text nodes typeset before must be typeset again
    slow = [french_html(s) for s in SAMPLES] + [french_text(s) for s in SAMPLES]
    assert fast == slow
    assert french_text("Camille Martin, 12 avril") == "Camille Martin, 12 avril"


def test_a_text_node_seen_before_is_typeset_for_what_precedes_it() -> None:
    """The same text node after a word and after a space: each gets its own result, in either
    order, however many pages came before."""
    alone, after = ": a", f"{NBSP}: a"
    for _ in range(2):
        assert french_html("<p>: a</p><b>Lieu</b>: a") == f"<p>{alone}</p><b>Lieu</b>{after}"
        assert french_html("<b>Lieu</b>: a <p>: a</p>") == f"<b>Lieu</b>{after} <p>{alone}</p>"


def test_raw_elements_are_followed_through_repeated_tags() -> None:
    html = "<code>a ? b</code> c ? <code>d ? <code/>e</code> f ?<CODE>g ?</CODE>"
    expected = f"<code>a ? b</code> c{NNBSP}? <code>d ? <code/>e</code> f{NNBSP}?<CODE>g ?</CODE>"
    assert french_html(html) == expected
    assert french_html(html) == expected
