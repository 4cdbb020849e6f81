"""Problems in the repository's language: `check`, `build` and the preview overlay in French,
English unchanged, and the texts still untranslated kept in view."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from badgegen import build, config
from badgegen.errors import BadgegenError, ContentError, Problem
from badgegen.serve.overlay import overlay_html
from badgegen.site.i18n import translations
from badgegen.speech import speech
from badgegen.wording import TEMPLATES, is_translated, translate, translated
from tests.conftest import BASE_FILES, NOW, ScratchRepo
from tests.test_validation import RULES

BADGE = "content/badges/first-steps.md"
AWARD = "content/awards/2025/camille-first-steps.yml"
ENDORSEMENT = "content/endorsements/atelier-badge.yml"


def _broken(language: str) -> dict[str, str | bytes | None]:
    """A misspelt field, a bad date, an unknown earner, a missing evidence file, an open quote."""

    def edit(path: str, *pairs: tuple[str, str]) -> str:
        text = BASE_FILES[path]
        assert isinstance(text, str)
        for old, new in pairs:
            assert old in text
            text = text.replace(old, new)
        return text

    return {
        "badgegen.toml": edit(
            "badgegen.toml",
            ("https://example.org/badges/", "https://badges.atelier.fr/"),
            ("badges@example.org", "badges@atelier.fr"),
            ('language = "en"', f'language = "{language}"'),
        ),
        BADGE: edit(BADGE, ("name: First", "nme: First")),
        AWARD: edit(
            AWARD,
            ("2025-03-14", "2025-13-01"),
            ("earner: camille", "earner: camile"),
            ("evidence/photo.png", "evidence/photo.jpg"),
        ),
        ENDORSEMENT: edit(ENDORSEMENT, ("comment: Clear", 'comment: "Clear')),
    }


FIELDS = "name, issuer, image, image_alt, description, tags, achievement_type, alignment, valid_for"

FRENCH = [
    f"{AWARD}:3: titulaire inconnu 'camile'",
    "    piste : vouliez-vous dire 'camille' ? titulaires connus : camille",
    f"{AWARD}:4: issued_on : '2025-13-01' n’est pas une date ; écrivez-la AAAA-MM-JJ, "
    "par exemple 2025-03-14",
    "    piste : par exemple `issued_on: 2025-03-14`",
    f"{AWARD}:7: fichier de preuve introuvable : evidence/photo.jpg",
    "    piste : les chemins partent du dossier content ; attendu : "
    "ROOT/content/evidence/photo.jpg",
    f"{BADGE}:2: champ inconnu 'nme'",
    f"    piste : vouliez-vous dire 'name' ? champs connus : {FIELDS}, former_slugs",
    f"{ENDORSEMENT}:4: erreur de syntaxe YAML : un guillemet ouvert sur cette ligne n’est "
    "jamais fermé",
    "    piste : ajoutez le guillemet fermant",
    "5 erreurs, 0 avertissement",
]

ENGLISH = [
    f"{AWARD}:3: unknown earner 'camile'",
    "    hint: did you mean 'camille'? known earners: camille",
    f"{AWARD}:4: issued_on: '2025-13-01' is not a date; write it as YYYY-MM-DD, e.g. 2025-03-14",
    "    hint: for example `issued_on: 2025-03-14`",
    f"{AWARD}:7: evidence file not found: evidence/photo.jpg",
    "    hint: paths are relative to the content folder; expected ROOT/content/evidence/photo.jpg",
    f"{BADGE}:2: unknown field 'nme'",
    f"    hint: did you mean 'name'? known fields: {FIELDS}, former_slugs",
    f"{ENDORSEMENT}:4: YAML syntax error: a quote opened on this line is never closed",
    "    hint: add the closing quote",
    "5 errors, 0 warnings",
]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))}
    return subprocess.run(
        [sys.executable, "-m", "badgegen", *args],
        capture_output=True,
        text=True,
        env={**env, "LANG": "C.UTF-8"},  # the repository's language wins over the locale's
        timeout=120,
        check=False,
    )


def _lines(text: str, root: Path) -> list[str]:
    return text.replace(root.resolve().as_posix(), "ROOT").splitlines()


@pytest.mark.slow
@pytest.mark.parametrize(("language", "expected"), [("fr", FRENCH), ("en", ENGLISH)])
def test_check_and_build_speak_the_repository_language(
    scratch_repo: ScratchRepo, language: str, expected: list[str]
) -> None:
    root = scratch_repo(_broken(language))
    checked = _run("check", "--root", str(root))
    assert checked.returncode == 1
    assert _lines(checked.stdout + checked.stderr, root) == expected
    built = _run("build", "--root", str(root))
    assert built.returncode == 1
    refused = (
        "erreur : 5 problèmes dans le contenu ; rien n'a été écrit."
        if language == "fr"
        else "error: 5 problems in the content; nothing was written."
    )
    assert _lines(built.stdout + built.stderr, root) == [*expected, refused]
    assert not (root / "output").exists()


def test_preview_overlay_speaks_french(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo(_broken("fr"))
    loaded = build.load(config.load(root), NOW)
    html = overlay_html(loaded.problems, speech("fr"))
    # a web page: the spaces before : ; ? ! are non-breaking, but not inside `code`
    assert "titulaire inconnu &#x27;camile&#x27;" in html
    assert (
        "piste\u00a0: vouliez-vous dire &#x27;camille&#x27;\u202f? titulaires connus\u00a0: "
        in html
    )
    assert "n’est pas une date\u202f; écrivez-la AAAA-MM-JJ" in html
    assert "par exemple `issued_on: 2025-03-14`" in html
    assert "erreur de syntaxe YAML\u00a0: un guillemet ouvert" in html
    assert "unknown" not in html and "hint" not in html
    english = overlay_html(loaded.problems, speech("en"))
    assert "unknown earner &#x27;camile&#x27;" in english and "hint: did you mean" in english


@pytest.mark.slow
def test_json_report_stays_english_for_tools(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo(_broken("fr"))
    checked = _run("check", "--format", "json", "--root", str(root))
    assert '"message": "unknown earner \'camile\'"' in checked.stdout


def test_composed_texts_are_translated_part_by_part() -> None:
    french = translations("fr")
    assert translate("tags must be a list, not a number", french) == (
        "tags doit être une liste, pas un nombre"
    )
    assert translate(
        "the badge web was published, but no file in content/ declares it", french
    ) == ("le badge web a été publié, mais aucun fichier de content/ ne le déclare")
    # unknown texts, even shaped like "field: text", are kept exactly as written
    assert translate("site.logo: cannot read it", french) == "site.logo: cannot read it"
    assert translate("", french) == ""


def test_problems_stay_data() -> None:
    problem = Problem("content/x.yml", 2, "unknown field 'nme'", "add it", field="nme")
    french = translated(problem, "fr")
    assert (french.path, french.line, french.field) == ("content/x.yml", 2, "nme")
    assert (french.message, french.hint) == ("champ inconnu 'nme'", "ajoutez-le")
    assert problem.message == "unknown field 'nme'"  # the original is unchanged
    assert translated(problem, "en") is problem


def test_every_template_has_its_french_text() -> None:
    french = translations("fr")
    # the same in French: their parts are translated
    same = {"%(field)s %(reason)s", "--base-url %(value)s %(reason)s"}
    missing = [m for m in TEMPLATES if french.gettext(m) == m and m not in same]
    assert missing == []


UNTRANSLATED: set[str] = set()
"""Texts met in the rule examples of test_validation.py that are still shown in English (add
them to `wording.TEMPLATES` or `phrases.TEMPLATES` and `problems.po` to translate them).
test_messages_fr.py does the same for the importer's, the keys' and the Open Badges checks'."""


@pytest.mark.slow
def test_the_texts_still_in_english_are_listed(scratch_repo: ScratchRepo) -> None:
    found: set[str] = set()
    for number, rule in enumerate(RULES):
        root = scratch_repo(rule.values[0], name=f"rule-{number}")
        try:
            problems = build.load(config.load(root), NOW).problems
        except ContentError as exc:
            problems = exc.problems
        except BadgegenError:
            continue
        found |= {t for p in problems for t in (p.message, p.hint) if t and not is_translated(t)}
    assert found == UNTRANSLATED, "translate the new texts, or list them in UNTRANSLATED"


@pytest.mark.slow
def test_badgegen_toml_problems_in_french(scratch_repo: ScratchRepo) -> None:
    toml = _broken("fr")["badgegen.toml"]
    assert isinstance(toml, str)
    broken = toml.replace("title = ", "titel = ").replace("https://badges.atelier.fr/", "badges")
    checked = _run("check", "--root", str(scratch_repo({"badgegen.toml": broken})))
    assert checked.returncode == 1
    assert (checked.stdout + checked.stderr).splitlines() == [
        "badgegen.toml:1: site.title manque",
        '    piste : ajoutez sous [site] : title = "Our badges"',
        "badgegen.toml:2: clé inconnue 'titel' dans [site]",
        "    piste : vouliez-vous dire 'title' ? clés connues : title, base_url, contact_email, "
        "language, theme, logo",
        "badgegen.toml:3: site.base_url doit être une adresse web complète qui commence par "
        "https:// (ou http://)",
        '    piste : par exemple : base_url = "https://org.github.io/badges/"',
        "3 erreurs, 0 avertissement",
        "erreur : 3 problèmes dans le contenu ; rien n'a été écrit.",
    ]


@pytest.mark.parametrize("text", ["a " * 5000, "x: " * 5000, "x: " * 300])
def test_texts_quoting_strangers_are_shown_as_written(text: str) -> None:
    """Long texts and texts nested in texts are never searched without end."""
    assert translate(text.strip(), translations("fr")) == text.strip()
