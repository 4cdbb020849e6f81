"""The commands beyond check and build speak the repository's language too: `verify`'s verdicts,
`keys`, the importer's report and problems, SVG repairs, usage errors and every `--help`.

English repositories keep their English, which test_ob3.py, test_verify_ob2.py, test_import.py
and test_keys.py check line by line.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
from pathlib import Path

import pytest

from badgegen import build, cli, config
from badgegen.openbadges.verify import load_credential, verify_credential
from badgegen.openbadges.verify_ob2 import verify_assertion
from badgegen.report import formatted
from badgegen.site.i18n import translations
from badgegen.speech import speech
from badgegen.wording import is_translated, saying
from tests.conftest import AWARD_ID, NOW, ScratchRepo, build_repo
from tests.keys_helper import generate_keys

BASE = "https://example.org/badges/"
AWARD = "content/awards/2025/camille-first-steps.yml"


def french(root: Path) -> Path:
    toml = root / "badgegen.toml"
    toml.write_text(toml.read_text().replace('language = "en"', 'language = "fr"'))
    return root


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """`badgegen ARGS` in this process (the same `main()` as the command), its logging set-up
    undone afterwards."""
    loggers = [logging.getLogger(name) for name in ("badgegen", "badgegen.progress")]
    kept = [(lg, lg.handlers[:], lg.level, lg.propagate) for lg in loggers]
    try:
        with pytest.raises(SystemExit) as stopped:
            cli.main(list(args))
    finally:
        for lg, handlers, level, propagate in kept:
            lg.handlers[:], lg.level, lg.propagate = handlers, level, propagate
    captured = capsys.readouterr()
    code = stopped.value.code
    return code if isinstance(code, int) else 0, captured.out, captured.err


def use_locale(monkeypatch: pytest.MonkeyPatch, lang: str) -> None:
    """The locale outside a repository: `lang` in LANG, nothing in LC_ALL or LC_MESSAGES."""
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", lang)


@pytest.fixture
def fr_root(scratch_repo: ScratchRepo) -> Path:
    return french(scratch_repo())


@pytest.fixture
def signed_fr(scratch_repo: ScratchRepo) -> Path:
    root = french(scratch_repo())
    generate_keys(root)
    build_repo(root)
    return root


def _did_lines(root: Path) -> tuple[str, str]:
    credential = json.loads((root / f"output/awards/{AWARD_ID}/credential.json").read_text())
    method = credential["proof"][0]["verificationMethod"]
    return method, method.split("#", 1)[0]


def test_verify_valid_tampered_and_revoked_in_french(
    signed_fr: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = signed_fr / f"output/awards/{AWARD_ID}/credential.json"
    method, did = _did_lines(signed_fr)
    code, out, err = run(capsys, "verify", str(path), "--root", str(signed_fr))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == f"Attestation : {path}"
    assert lines[1] == "  ✓ schéma : conforme au schéma Open Badges 3.0 de 1EdTech"
    assert lines[2] == f"  ✓ clé de l’émetteur : {method} figure dans le document DID de {did}"
    assert lines[3] == "  ✓ signature : valide (eddsa-rdfc-2022)"
    assert lines[4].startswith(f"  ✓ émetteur : Atelier Numérique ({did}) : émetteur autodéclaré.")
    assert lines[5] == "  ✓ dates : valable depuis le 2025-03-14T00:00:00Z, sans expiration"
    assert lines[6] == "  ✓ révocation : non révoquée"
    assert lines[7] == "Résultat : VALIDE"

    tampered = json.loads(path.read_text())
    tampered["credentialSubject"]["achievement"]["name"] = "Contrefait"
    (tmp_path / "tampered.json").write_text(json.dumps(tampered))
    code, out, _ = run(capsys, "verify", str(tmp_path / "tampered.json"), "--root", str(signed_fr))
    assert code == 1
    assert (
        "  ✗ signature : la signature ne correspond pas : mauvaise clé, ou le document ou les "
        "options de sa preuve cryptographique ont changé après la signature"
    ) in out.splitlines()
    assert out.splitlines()[-1] == "Résultat : NON VALIDE"

    award = signed_fr / AWARD
    award.write_text(award.read_text() + "revoked:\n  date: 2025-06-01\n  reason: Erreur\n")
    build_repo(signed_fr)
    code, out, _ = run(capsys, "verify", str(path), "--root", str(signed_fr))
    assert code == 1
    assert "  ✗ révocation : RÉVOQUÉE par l’émetteur" in out.splitlines()
    assert out.splitlines()[-1] == "Résultat : NON VALIDE"


def test_verify_usage_errors_in_french(signed_fr: Path, capsys: pytest.CaptureFixture[str]) -> None:
    photo = signed_fr / "content/evidence/photo.png"
    code, _, err = run(capsys, "verify", str(photo), "--root", str(signed_fr))
    assert code == 2
    assert err == (
        f"badgegen : erreur : {photo} : l’image ne contient ni attestation Open Badges 3.0, "
        "ni assertion 2.0\n"
    )
    code, _, err = run(capsys, "verify", "nulle-part.json", "--root", str(signed_fr))
    assert (code, err) == (2, "badgegen : erreur : fichier introuvable : nulle-part.json\n")


def test_verify_a_2_0_assertion_in_french(
    scratch_repo: ScratchRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    root = french(scratch_repo())
    build_repo(root)
    target = f"{BASE}awards/{AWARD_ID}/assertion.json"
    code, out, _ = run(
        capsys, "verify", target, "--recipient", "x@example.org", "--root", str(root)
    )
    assert code == 1
    assert out.splitlines() == [
        f"Assertion (Open Badges 2.0) : {target}",
        f"  ✓ hébergement : {target} : la copie publiée (c’est la copie publiée qui est vérifiée)",
        f"  ✓ badge : First steps online ({BASE}badges/first-steps/badge.json)",
        f"  ✓ émetteur : Atelier Numérique ({BASE}issuers/atelier/profile.json)",
        f"  ✓ vérification : hébergée par l’émetteur sous {BASE}",
        "  ✓ dates : délivrée le 2025-03-14T00:00:00Z, sans expiration",
        f"  ✓ révocation : non révoquée (absente de {BASE}issuers/atelier/revocations.json)",
        "  ✗ titulaire : PAS attribué à cette adresse",
        "Résultat : NON VALIDE",
    ]


def test_every_verdict_has_its_french_text(signed_fr: Path, tmp_path: Path) -> None:
    """Each check's name and text, valid or not, is in the catalogs."""
    cfg = config.load(signed_fr)
    french_catalog = translations("fr")
    path = signed_fr / f"output/awards/{AWARD_ID}/credential.json"
    credential, label = load_credential(str(path), cfg)
    broken = json.loads(json.dumps(credential))
    broken["proof"] = []
    broken["validUntil"] = "2025-04-01T00:00:00Z"
    assertion, _ = load_credential(str(path.with_name("assertion.json")), cfg)
    reports = [
        verify_credential(credential, label, cfg, NOW),
        verify_credential(broken, label, cfg, NOW),
        verify_assertion(assertion, label, cfg, recipient="camille@example.org", now=NOW),
        verify_assertion({**assertion, "id": BASE + "x.json"}, label, cfg, now=NOW),
    ]
    checks = [check for report in reports for check in report.checks]
    assert {check.ok for check in checks} == {True, False}
    for check in checks:
        assert french_catalog.gettext(check.name) != check.name or check.name in {
            "signature",
            "dates",
        }
        if re.search(r"[a-z]", re.sub(r"%\(\w+\)s", "", check.message)):  # words of its own
            assert french_catalog.gettext(check.message) != check.message, check.message
    say = saying(french_catalog)
    assert "NON VALIDE" in reports[1].format(say)
    assert "Result: NOT VALID" in reports[1].format()  # English, as the module writes it


def test_keys_generate_in_french(fr_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = fr_root
    code, out, _ = run(capsys, "keys", "generate", "--root", str(root))
    assert code == 0
    assert out.splitlines() == [
        "atelier : nouvelle clé de signature key-1",
        "camille : nouvelle clé de signature key-1",
        "Clés privées : keys/signing-keys.json (ne le commitez jamais). Clés publiques : "
        "content/public-keys/ (commitez-les).",
        "Pour la CI, enregistrez tout le contenu de keys/signing-keys.json dans un secret du "
        "dépôt et exposez-le comme variable d'environnement BADGEGEN_SIGNING_KEY.",
    ]
    code, out, _ = run(capsys, "keys", "generate", "--root", str(root))
    assert out == (
        "Chaque émetteur a déjà une clé de signature (utilisez `badgegen keys rotate` pour en "
        "créer de nouvelles).\n"
    )
    code, _, err = run(capsys, "keys", "generate", "personne", "--root", str(root))
    assert (code, err) == (
        2,
        "badgegen : erreur : 'personne' n'émet aucun badge et ne recommande rien ; ceux qui le "
        "font : atelier, camille\n",
    )


def test_build_without_keys_notes_it_in_french(
    fr_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "build", "--no-cache", "--root", str(fr_root))
    assert code == 0
    assert err.splitlines()[-1] == (
        "remarque : pas de clés de signature (keys/signing-keys.json ou $BADGEGEN_SIGNING_KEY) : "
        "les attestations Open Badges 3.0 n’ont pas été produites ; lancez "
        "`badgegen keys generate` pour créer des clés"
    )


def test_import_report_and_problems_in_french(
    scratch_repo: ScratchRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = french(scratch_repo())
    rows = tmp_path / "inscrits.csv"
    header, camille, lea = "badge;titulaire;nom;date", "first-steps;camille;Camille", "lea;Léa"

    def imported(*lines: str) -> tuple[int, str, str]:
        rows.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return run(capsys, "import", str(rows), "--dry-run", "--root", str(root))

    code, _, err = imported(f"{header};couleur", f"{camille};14/03/2025;bleu")
    assert code == 1
    assert err.splitlines() == [
        "inscrits.csv:1: colonne inconnue 'couleur'",
        "    piste : colonnes : badge, earner, name, email, issued_on, expires, narrative, "
        "evidence_url, id",
        "1 problème dans inscrits.csv : rien n'a été importé.",
    ]
    code, _, err = imported(header, f"{camille};14/03/2025", "premiers-pas;zoe;Zoé;14/03/2025")
    assert code == 1
    assert err.splitlines()[:2] == [
        "inscrits.csv:3: badge inconnu 'premiers-pas'",
        "    piste : badges connus : first-steps",
    ]
    code, out, _ = imported(header, f"{camille};14/03/2025", f"first-steps;{lea};14/03/2025")
    assert code == 0
    assert out.splitlines() == [
        "Créerait 1 titulaire :",
        "  content/earners/lea.yml  (inscrits.csv:3, lea (Léa))",
        "Créerait 1 attribution :",
        "  content/awards/2025/2025-03-14-lea-first-steps.yml  "
        "(inscrits.csv:3, first-steps pour lea le 2025-03-14)",
        "1 ligne ignorée (déjà présente) :",
        f"  inscrits.csv:2: first-steps pour camille le 2025-03-14 : existe déjà : {AWARD}",
        "Simulation : rien n'a été écrit.",
    ]


SVG_WITH_SCRIPT = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" onload="alert(1)">\n'
    '<script>alert(2)</script><circle cx="5" cy="5" r="4"/></svg>\n'
)


def test_svg_repairs_and_refusals_in_french(scratch_repo: ScratchRepo) -> None:
    picture = "content/badges/images/first-steps.svg"
    shown = []
    for number, svg in enumerate((SVG_WITH_SCRIPT, SVG_WITH_SCRIPT.split("\n")[0] + "<g></svg>\n")):
        root = french(scratch_repo({picture: svg}, name=f"svg-{number}"))
        loaded = build.load(config.load(root), NOW)
        assert all(is_translated(t) for p in loaded.problems for t in (p.message, p.hint) if t)
        shown += [formatted(p, speech("fr")) for p in loaded.problems]
    assert shown == [
        f"{picture}:1: attention : l’attribut onload et 1 autres parties dangereuses retirés du "
        "SVG publié\n"
        "    piste : les scripts, les gestionnaires d’événements et le HTML intégré ne sont "
        "jamais publiés ; retirez-les du fichier",
        f"{picture}:1: le fichier SVG n’est pas du XML valide (mismatched tag)\n"
        "    piste : corrigez le dessin (Inkscape : Édition › Éditeur XML) ou exportez-le à "
        "nouveau en SVG simple",
    ]


def _subparsers(parser: argparse.ArgumentParser) -> list[tuple[str, argparse.ArgumentParser]]:
    found: list[tuple[str, argparse.ArgumentParser]] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found.append((name, sub))
                found += [(f"{name} {n}", p) for n, p in _subparsers(sub)]
    return found


def test_every_help_is_french_in_a_french_repository() -> None:
    """Walk every sub-command: no text of the English help is left in the French one, apart
    from names (options, metavars, choices, the program) that are the same in both."""
    top_en, top_fr = cli.parser(speech("en")), cli.parser(speech("fr"))
    english = {"": top_en, **dict(_subparsers(top_en))}
    french_parsers = {"": top_fr, **dict(_subparsers(top_fr))}
    assert english.keys() == french_parsers.keys() and len(english) >= 14
    english_only: dict[str, list[str]] = {}
    for name, parser in french_parsers.items():
        for action in parser._actions:
            if action.help and action.help != argparse.SUPPRESS:
                english_action = next(
                    a
                    for a in english[name]._actions
                    if a.option_strings == action.option_strings and a.dest == action.dest
                )
                if action.help == english_action.help:
                    english_only.setdefault(name, []).append(action.help)
        if parser.description == english[name].description:
            english_only.setdefault(name, []).append(str(parser.description))
        words = re.findall(r"[A-Za-z]{4,}", parser.format_help())
        left = {w for w in words if w in {"usage", "options", "show", "this", "with", "the"}}
        if left - {"options"}:
            english_only.setdefault(name, []).append(", ".join(sorted(left)))
    assert english_only == {}
    assert "vérifier un badge : une attestation 3.0" in " ".join(top_fr.format_help().split())


USAGE_ERRORS = [
    ("init", "{root}/badgegen.toml"),
    ("init", "{root}"),
    ("new", "badge", "Bad_Slug"),
    ("new", "award", "--badge", "nope", "--earner", "camille"),
    ("new", "award", "some-name"),
    ("new", "endorsement", "--issuer", "atelier", "--earner", "camille"),
    ("new", "earner", "camille"),
    ("new", "earner", "zoe", "--email", "not-an-address"),
    ("new", "badge", "x", "--earner", "camille"),
    ("forget", "nobody"),
    ("serve", "--port", "0"),
    ("build", "--base-url", "not-a-url"),
    ("build", "--output", "content"),
    ("verify", "https://elsewhere.example/x.json"),
    ("verify", "{root}/content"),
    ("import", "missing.csv"),
    ("unbake", "{root}/badgegen.toml"),
]


@pytest.mark.parametrize("args", USAGE_ERRORS, ids=" ".join)
def test_usage_errors_in_french(
    scratch_repo: ScratchRepo, capsys: pytest.CaptureFixture[str], args: tuple[str, ...]
) -> None:
    shown: dict[str, str] = {}
    for language in ("en", "fr"):
        root = scratch_repo(name=language)
        if language == "fr":
            french(root)
        words = [arg.format(root=root) for arg in args]
        code, _, err = run(capsys, *words, "--root", str(root))
        assert code == 2, err
        shown[language] = err.removesuffix("\n")
    english = shown["en"].removeprefix("badgegen: error: ")
    assert is_translated(english) or "[redacted email]" in english, english  # redacted after
    assert shown["fr"].startswith("badgegen : erreur : ")
    assert shown["fr"].removeprefix("badgegen : erreur : ") != english.replace("/en", "/fr")


def test_keys_refused_with_the_secret_set(
    fr_root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BADGEGEN_SIGNING_KEY", "{}")
    code, _, err = run(capsys, "keys", "generate", "--root", str(fr_root))
    assert (code, err) == (
        2,
        "badgegen : erreur : BADGEGEN_SIGNING_KEY est défini : les clés y sont lues, les "
        "nouvelles clés ne peuvent donc pas être enregistrées. Retirez-le et lancez cette "
        "commande sur une machine qui détient le fichier de clés\n",
    )


def test_outside_a_repository_a_french_locale_is_enough(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    use_locale(monkeypatch, "fr_FR.UTF-8")
    code, _, err = run(capsys, "check", "--root", str(tmp_path))
    assert (code, err) == (
        2,
        f"badgegen : erreur : pas de badgegen.toml dans {tmp_path} : lancez badgegen depuis un "
        "dépôt de badges, désignez-en un avec --root DOSSIER, ou créez-en un avec "
        "`badgegen init DOSSIER`\n",
    )


def test_argument_errors_in_french(
    fr_root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """argparse's own messages, behind the translated `erreur :`; English elsewhere."""
    use_locale(monkeypatch, "C.UTF-8")
    expected = {
        ("new", "thing"): "badgegen new : erreur : argument kind : choix invalide : 'thing' "
        "(choisissez parmi 'issuer', 'badge', 'earner', 'award', 'endorsement', 'evidence')",
        ("keys",): "badgegen keys : erreur : ces arguments sont obligatoires : action",
        ("serve", "--port", "abc"): "badgegen serve : erreur : argument --port : valeur int "
        "invalide : 'abc'",
        ("check", "de", "trop"): "badgegen : erreur : arguments non reconnus : de trop",
    }
    for args, line in expected.items():
        code, _, err = run(capsys, *args, "--root", str(fr_root))
        assert (code, err.splitlines()[-1]) == (2, line)
    code, _, err = run(capsys, "keys", "--root", str(fr_root.parent / "elsewhere"))
    assert err.splitlines()[-1].startswith("badgegen keys: error: the following arguments")
