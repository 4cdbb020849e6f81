"""The command line speaks the repository's language (or, outside one, the locale's)."""

from __future__ import annotations

import io
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from badgegen.errors import Problem
from badgegen.log import ProgressLine
from badgegen.serve.overlay import overlay_html
from badgegen.speech import language_of, locale_language, root_in, speech
from tests.conftest import ScratchRepo


def run(
    *args: str, cwd: Path | None = None, lang: str = "C.UTF-8"
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))}
    env["LANG"] = lang
    return subprocess.run(
        [sys.executable, "-m", "badgegen", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def french(root: Path) -> Path:
    toml = root / "badgegen.toml"
    toml.write_text(toml.read_text().replace('language = "en"', 'language = "fr"'))
    return root


@pytest.mark.slow
def test_help_is_french_in_a_french_repository(scratch_repo: ScratchRepo) -> None:
    root = french(scratch_repo())
    shown = run("--help", "--root", str(root))
    assert shown.returncode == 0
    assert shown.stdout.startswith("utilisation : badgegen")
    assert "vérifier le contenu et écrire le site" in shown.stdout
    assert "-h, --help  afficher cette aide et quitter" in shown.stdout
    build_help = run("build", "--help", "--root", str(root)).stdout
    assert "construire pour publier" in build_help and "échouer aussi sur les" in build_help
    assert build_help.startswith("utilisation : badgegen build [--root DIR]")
    assert "usage" not in build_help and "options:" in build_help


def test_help_is_english_in_an_english_repository(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo()
    shown = run("build", "--help", "--root", str(root), lang="fr_FR.UTF-8")
    assert shown.stdout.startswith("usage: badgegen build")
    assert "fail on warnings too" in shown.stdout


@pytest.mark.slow
def test_outside_a_repository_the_locale_decides(tmp_path: Path) -> None:
    assert run("--help", cwd=tmp_path, lang="fr_FR.UTF-8").stdout.startswith("utilisation :")
    assert run("--help", cwd=tmp_path, lang="C.UTF-8").stdout.startswith("usage:")
    assert locale_language({"LC_ALL": "en_US.UTF-8", "LANG": "fr_FR.UTF-8"}) == "en"
    assert locale_language({"LC_MESSAGES": "fr_CA", "LANG": "en_GB"}) == "fr"
    assert locale_language({}) == "en"


def test_language_of_a_broken_repository(tmp_path: Path) -> None:
    (tmp_path / "badgegen.toml").write_text('[site]\nlanguage = "fr"\ntitle = \n')
    assert language_of(tmp_path, {"LANG": "fr_FR"}) == "fr"  # syntax error: the locale's
    assert language_of(tmp_path, {"LANG": "C"}) == "en"
    (tmp_path / "badgegen.toml").write_text('[site]\nlanguage = "fr"\ntitel = "x"\n')
    assert language_of(tmp_path, {}) == "fr"  # an unknown key does not hide the language
    assert root_in(["build", "--root", "a"]) == Path("a")
    assert root_in(["--root=b", "check"]) == Path("b")


@pytest.mark.slow
def test_french_build_summary(scratch_repo: ScratchRepo) -> None:
    root = french(scratch_repo())
    built = run("build", "--root", str(root))
    assert built.returncode == 0, built.stderr
    summary = built.stdout.strip().splitlines()[-1]
    assert summary.startswith(
        "Construit : 1 badge, 1 émetteur, 1 titulaire, 1 attribution, 1 recommandation, "
        "0 attestation signée → output/ ("
    )
    assert " fichiers) en " in summary


@pytest.mark.slow
def test_broken_french_repository(scratch_repo: ScratchRepo) -> None:
    root = french(scratch_repo({"content/badges/first-steps.md": "---\nname: x\n---\n"}))
    checked = run("check", "--root", str(root))
    assert checked.returncode == 1
    last = checked.stderr.strip().splitlines()[-1]
    assert re.fullmatch(r"\d+ erreurs?, \d+ avertissements?", last), last
    built = run("build", "--root", str(root))
    assert built.returncode == 1
    assert "problèmes dans le contenu ; rien n'a été écrit." in built.stderr
    assert "Traceback" not in built.stderr


@pytest.mark.slow
def test_new_and_init_guidance(scratch_repo: ScratchRepo, tmp_path: Path) -> None:
    root = french(scratch_repo())
    made = run("new", "badge", "premiers-secours", "--issuer", "atelier", "--root", str(root))
    assert "Écrit : content/badges/premiers-secours.md" in made.stdout
    assert "Le badge affiche une image provisoire" in made.stdout
    init = run("init", str(tmp_path / "mes-badges"), "--lang", "fr")
    assert "Dépôt de badges créé dans" in init.stdout and "Ensuite : cd" in init.stdout


def test_french_import_report(scratch_repo: ScratchRepo, tmp_path: Path) -> None:
    root = french(scratch_repo())
    csv = tmp_path / "inscrits.csv"
    csv.write_text("nom;courriel\nJeanne Dupont;jeanne@example.org\n", encoding="utf-8")
    dry = run("import", str(csv), "--dry-run", "--root", str(root))
    assert dry.returncode == 0, dry.stderr
    assert "Créerait 1 titulaire :" in dry.stdout
    assert "Simulation : rien n'a été écrit." in dry.stdout
    assert "jeanne@" not in dry.stdout


def test_overlay_speaks_french() -> None:
    problem = Problem("content/badges/x.md", 3, "missing required field 'name'", "add it")
    html = overlay_html([problem, problem], speech("fr"))
    assert "Le site n&#x27;a pas été reconstruit\u00a0: 2 problèmes" in html
    assert ">Masquer</button>" in html and "piste\u00a0: ajoutez-le" in html
    assert "champ obligatoire manquant\u00a0: &#x27;name&#x27;" in html  # see test_wording.py
    assert "Hide" in overlay_html([problem])


def test_progress_line_is_translated(monkeypatch: pytest.MonkeyPatch) -> None:
    err = io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    handler = ProgressLine(speech("fr")._)
    handler.emit(
        logging.LogRecord("badgegen.progress", 20, "", 0, "%s…", ("writing the site",), None)
    )
    assert err.getvalue().endswith("écriture du site…")


def test_preview_lines_speak_french(capsys: pytest.CaptureFixture[str]) -> None:
    from badgegen.build import BuildStats
    from badgegen.serve.server import _report
    from badgegen.serve.session import Outcome

    stats = BuildStats(badges=2, issuers=1, earners=3, awards=4, endorsements=0, files=51)
    _report(Outcome(stats=stats), 0.4, None, speech("fr"))
    _report(Outcome(changed=["index.html"], stats=stats), 0.2, "content/x.md changed", speech("fr"))
    _report(Outcome(problems=[Problem("a.md", 1, "missing front matter")]), 0.1, None, speech("fr"))
    captured = capsys.readouterr()
    assert captured.err.splitlines() == ["a.md:1: l’en-tête manque", "1 erreur, 0 avertissement"]
    lines = captured.out.splitlines()
    assert lines[0] == (
        "Construit en 0.4 s : 51 fichiers (2 badges, 1 émetteur, 3 titulaires, 4 attributions, "
        "0 recommandation, 0 attestation signée)"
    )
    assert lines[1].endswith(
        ": reconstruit en 0.2 s, 1 fichier modifié (2 badges, 1 émetteur, "
        "3 titulaires, 4 attributions, 0 recommandation, 0 attestation signée)"
    )
    assert lines[2].startswith("Le site ne se construit pas encore")
