"""Constant messages translated when a template is compiled give the pages Jinja's i18n gives."""

from __future__ import annotations

import gettext

import pytest
from jinja2 import DictLoader, Environment, TemplateError

from badgegen.config import load as load_config
from badgegen.site.theme import environment
from badgegen.site.translated import compile_translations
from tests.conftest import ScratchRepo

CATALOG = {
    "Badge": "Badge <b>traduit</b>",
    "100%% done": "fait à 100%%",
    "Hello %(name)s": "Bonjour %(name)s",
    "Earner": "Titulaire",
}


class _Catalog(gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return CATALOG.get(message, message)


TEMPLATES = {
    "plain.html": (
        '{{ _("Badge") }}|{{ gettext("Earner") }}|{{ _("100%% done") }}|'
        '{{ _("Hello %(name)s", name=who) }}|{{ _("Badge")|upper }}|'
        '{% autoescape false %}{{ _("Badge") }}{% endautoescape %}|'
        '{{ ngettext("%(num)d award", "%(num)d awards", 2) }}|{% include "inner.html" %}'
    ),
    "inner.html": '{% macro label(text) %}[{{ text }}]{% endmacro %}{{ label(_("Earner")) }}',
    "own.html": '{% set _ = shout %}{{ _("Badge") }}',
    "param.html": '{% macro m(_) %}{{ _("Badge") }}{% endmacro %}{{ m(shout) }}',
    "missing.html": '{{ _("Hello %(name)s") }}',
}


def _environment(*, compiled: bool) -> Environment:
    env = Environment(loader=DictLoader(TEMPLATES), autoescape=True, extensions=["jinja2.ext.i18n"])
    catalog = _Catalog()
    if compiled:
        compile_translations(env, catalog.gettext)
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=catalog.gettext, ngettext=catalog.ngettext, newstyle=True
    )
    return env


def _render(env: Environment, name: str) -> str:
    return env.get_template(name).render(who="<Léa>", shout=lambda text: text.upper())


@pytest.mark.parametrize("name", ["plain.html", "own.html", "param.html"])
def test_compiled_messages_render_as_calls_do(name: str) -> None:
    assert _render(_environment(compiled=True), name) == _render(_environment(compiled=False), name)


def test_constant_messages_are_folded_into_the_compiled_template() -> None:
    env = _environment(compiled=True)
    code = env.compile(TEMPLATES["plain.html"], "plain.html", raw=True)
    assert "Badge <b>traduit</b>" in code and "fait à 100%" in code
    assert "'Earner'" not in code  # translated, not looked up
    assert "Hello %(name)s" in code  # a message with variables is still a call
    rendered = _render(env, "plain.html")
    assert rendered.startswith("Badge <b>traduit</b>|Titulaire|fait à 100%|Bonjour &lt;Léa&gt;|")
    assert "BADGE <B>TRADUIT</B>" in rendered and "2 awards" in rendered


def test_a_template_that_names_its_own_gettext_keeps_its_calls() -> None:
    env = _environment(compiled=True)
    assert _render(env, "own.html") == "BADGE"
    assert _render(env, "param.html") == "BADGE"
    assert "traduit" not in env.compile(TEMPLATES["own.html"], "own.html", raw=True)


def test_a_message_that_cannot_be_formatted_still_fails_when_rendered() -> None:
    env = _environment(compiled=True)
    template = env.get_template("missing.html")  # compiles: the call stays a call
    with pytest.raises((KeyError, TemplateError)):
        template.render()


def test_the_theme_environment_translates_its_templates_once(scratch_repo: ScratchRepo) -> None:
    """The default theme in French: messages are in the compiled code, in French."""
    root = scratch_repo()
    toml = root / "badgegen.toml"
    toml.write_text(toml.read_text().replace('language = "en"', 'language = "fr"'))
    env = environment(load_config(root))
    source = env.loader.get_source(env, "award.html")[0]  # type: ignore[union-attr]
    code = env.compile(source, "award.html", raw=True)
    assert "Attribution de" in code and "Award of" not in code
