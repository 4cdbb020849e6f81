"""`badgegen forget EARNER`: their name leaves every page, their award URLs keep answering."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from badgegen import config
from badgegen.errors import UsageError
from badgegen.forget import forget
from tests.conftest import AWARD_ID, ScratchRepo, build_repo, problem_lines

DAY = date(2026, 11, 30)


def _texts(output: Path) -> dict[str, str]:
    found = {}
    for path in output.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".txt", ".svg"):
            found[path.relative_to(output).as_posix()] = path.read_text(encoding="utf-8")
    return found


def test_forget_removes_the_name_and_keeps_the_award_url(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo()
    build_repo(root)
    assert (root / "output/earners/camille/index.html").is_file()

    result = forget(config.load(root), "camille", today=DAY)

    assert result.awards == [AWARD_ID]
    assert not (root / "content/earners/camille.yml").exists()
    tombstone = result.tombstone.read_text(encoding="utf-8")
    assert "forgotten: 2026-11-30" in tombstone and "Camille" not in tombstone
    assert "salt" not in tombstone and "email" not in tombstone
    award_file = root / f"content/awards/2025/2025-03-14-{AWARD_ID[:8]}.yml"
    award = award_file.read_text(encoding="utf-8")
    assert "narrative" not in award and "evidence" not in award and "camille" not in award
    assert "revoked:\n  date: 2026-11-30\n  reason: Removed at the holder's request" in award
    assert not (root / "content/evidence/photo.png").exists()
    assert not (root / "content/endorsements/atelier-badge.yml").exists()  # written by Camille
    assert problem_lines(root) == []
    # the endorsement Camille wrote is withdrawn from the record of published URLs; the award,
    # whose URL keeps answering, stays in it
    published = (root / "content/published.yml").read_text(encoding="utf-8")
    assert AWARD_ID in published
    endorsement_id = "5d6e7f80-91a2-4b3c-8d4e-5f60718293a4"
    assert f"- {endorsement_id}" not in published.split("withdrawn:")[0]

    build_repo(root)  # the previous output holds the award page: it must not disappear
    output = root / "output"
    page = (output / f"awards/{AWARD_ID}/index.html").read_text(encoding="utf-8")
    assert "<h1>Revoked badge</h1>" in page and 'content="noindex"' in page
    assert not (output / "earners/camille").exists()
    assert not (output / f"awards/{AWARD_ID}/print").exists()
    for name, text in _texts(output).items():
        assert "Camille" not in text, name
    assertion = json.loads((output / f"awards/{AWARD_ID}/assertion.json").read_text())
    assert assertion["revoked"] is True and "recipient" not in assertion
    revocations = (output / "issuers/atelier/revocations.json").read_text()
    assert AWARD_ID in revocations


def test_forget_refuses_what_it_cannot_do(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo(
        {
            "content/badges/self.md": (
                "---\nname: Self\nissuer: camille\nimage: images/first-steps.svg\n"
                "image_alt: A circle\ndescription: Mine.\n---\nDone.\n"
            )
        }
    )
    with pytest.raises(UsageError, match="issues badges"):
        forget(config.load(root), "camille", today=DAY)
    with pytest.raises(UsageError, match="no earner 'nobody'"):
        forget(config.load(root), "nobody", today=DAY)


@pytest.mark.slow
def test_forget_command_says_what_stays_public(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo()
    toml = root / "badgegen.toml"
    toml.write_text(toml.read_text().replace('language = "en"', 'language = "fr"'))
    done = _forget_command(root)
    assert done.returncode == 0, done.stderr
    assert "camille est effacé : 1 attribution révoquée" in done.stdout
    assert "Ce qui reste public, et pourquoi" in done.stdout
    assert f"awards/{AWARD_ID}/" in done.stdout
    again = _forget_command(root)
    assert again.returncode == 2
    assert again.stderr == "badgegen : erreur : pas de titulaire 'camille' dans content/earners/\n"


def _forget_command(root: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "badgegen", "forget", "camille", "--root", str(root)]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
