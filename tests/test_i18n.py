"""Every UI string of the default theme has a French translation, and pages speak the site's language."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from badgegen.site.filters import format_date
from badgegen.site.i18n import drop_listed, translations
from tests.conftest import NOW, REPO_ROOT, ScratchRepo, build_repo


def _message_ids() -> list[str | tuple[str, str]]:
    found = extract_from_dir(
        str(REPO_ROOT),
        method_map=[
            ("badgegen/content/schema.py", "python"),
            ("badgegen/site/graph.py", "python"),
            ("badgegen/site/graph_layout.py", "python"),
            ("badgegen/site/qrcodes.py", "python"),
            ("badgegen/site/share.py", "python"),
            ("badgegen/site/cards.py", "python"),
            ("badgegen/site/pages.py", "python"),
            ("badgegen/site/previews.py", "python"),
            ("badgegen/site/indexes.py", "python"),
            ("badgegen/cli.py", "python"),
            ("badgegen/commands/**.py", "python"),
            ("badgegen/report.py", "python"),
            ("badgegen/build.py", "python"),
            ("badgegen/speech.py", "python"),
            ("badgegen/importer/write.py", "python"),
            ("badgegen/serve/overlay.py", "python"),
            ("badgegen/forget.py", "python"),
            ("badgegen/serve/server.py", "python"),
            ("themes/default/templates/**.html", "jinja2"),
        ],
        options_map={"themes/default/templates/**.html": {"extensions": "jinja2.ext.i18n"}},
        keywords={"N_": None, "_": None, "gettext": None, "ngettext": (1, 2), "count": (1, 2)},
    )
    return [message for _file, _line, message, _comments, _context in found]


def test_every_ui_string_has_a_french_translation() -> None:
    catalogs = []
    for po in sorted((REPO_ROOT / "badgegen/locale/fr/LC_MESSAGES").glob("*.po")):
        with po.open("rb") as handle:
            catalogs.append(read_po(handle, locale="fr"))
    ids = _message_ids()
    assert len(ids) > 80
    missing = []
    for message in ids:
        msgid = message[0] if isinstance(message, tuple) else message
        entries = [c.get(msgid) for c in catalogs]
        translated = [
            e for e in entries if e and all(e.string if isinstance(e.string, tuple) else [e.string])
        ]
        if not translated:
            missing.append(message)
    assert missing == []
    assert translations("fr").gettext("Issued on") == "Délivré le"


def test_dates_follow_the_language() -> None:
    assert format_date(NOW, "fr") == "23 novembre 2026"
    assert format_date(NOW, "en") == "November 23, 2026"


@pytest.mark.slow
def test_pages_speak_the_site_language(scratch_repo: ScratchRepo) -> None:
    root = scratch_repo()
    build_repo(root)
    english = (root / "output/badges/first-steps/index.html").read_text(encoding="utf-8")
    toml = root / "badgegen.toml"
    toml.write_text(toml.read_text().replace('language = "en"', 'language = "fr"'))
    build_repo(root)
    french = (root / "output/badges/first-steps/index.html").read_text(encoding="utf-8")
    assert 'lang="en"' in english and "Criteria" in english
    assert 'lang="fr"' in french and "Critères d'obtention" in french
    award = (root / "output/awards").iterdir().__next__() / "index.html"
    assert "14 mars 2025" in Path(award).read_text(encoding="utf-8")


def test_make_messages_leaves_the_other_catalogs_ids_out_of_messages_po(tmp_path: Path) -> None:
    """`make messages` extracts every id; those of cli.po, verify.po, problems.po… are dropped
    before messages.po is updated, so they are never copied there untranslated."""
    template = tmp_path / "messages.pot"
    template.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "hint:"\nmsgstr ""\n\n'  # cli.po
        'msgid "Result: %(verdict)s"\nmsgstr ""\n\n'  # verify.po
        'msgid "Issued on"\nmsgstr ""\n\n'  # messages.po itself: kept
        'msgid "a text nobody translated yet"\nmsgstr ""\n',
        encoding="utf-8",
    )
    assert drop_listed(template) == 2
    with template.open("rb") as handle:
        kept = [m.id for m in read_po(handle) if m.id]
    assert kept == ["Issued on", "a text nobody translated yet"]
