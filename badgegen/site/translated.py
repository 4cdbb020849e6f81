"""Templates whose constant messages are translated once, when they are compiled.

A page asks for about fifty messages, most of them constant (`{{ _("Badge") }}`); with Jinja's
i18n extension each one is a call at every render (the context's `call`, newstyle gettext, a
`Markup` and its `%` formatting): about a fifth of the time of a page. The environment of a
build has one language, so a call to `_` or `gettext` with one constant string and nothing
else has one result, worked out here as the template is compiled, exactly as newstyle gettext
makes it at render time (`Markup(message) % {}` in autoescaped output, `message % {}`
elsewhere). Calls with variables, plurals and contexts (`ngettext`, `pgettext`) stay calls.

A template that gives `_` or `gettext` another meaning (a `set`, a macro, a loop variable, a
macro parameter, an import by that name) keeps every call, as it is written.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jinja2 import Environment, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.visitor import NodeTransformer

NAMES = frozenset({"_", "gettext"})
"""The names `install_gettext_callables` gives the one-message gettext."""


def compile_translations(env: Environment, gettext: Callable[[str], str]) -> None:
    """Have `env` translate constant messages with `gettext` when it compiles a template
    (`env` must also have the same gettext installed for the calls that stay calls)."""
    env.extend(constant_gettext=gettext)
    env.code_generator_class = _Generator


class _Generator(CodeGenerator):
    def visit_Template(self, node: nodes.Template, frame: Frame | None = None) -> None:
        gettext = getattr(self.environment, "constant_gettext", None)
        if gettext is not None and not _redefines_gettext(node):
            node = _Translate(gettext).visit(node)
        super().visit_Template(node, frame)


class _Translate(NodeTransformer):
    def __init__(self, gettext: Callable[[str], str]) -> None:
        self.gettext = gettext

    def visit_Call(self, node: nodes.Call, *args: Any, **kwargs: Any) -> nodes.Node:
        text = _constant_message(node)
        if text is not None:
            translated = _formatted(self.gettext(text))
            if translated is not None:
                return nodes.MarkSafeIfAutoescape(nodes.Const(translated), lineno=node.lineno)
        return self.generic_visit(node, *args, **kwargs)


def _constant_message(node: nodes.Call) -> str | None:
    """The message of `_("…")` or `gettext("…")` with nothing else; None for any other call."""
    callee = node.node
    if not (isinstance(callee, nodes.Name) and callee.name in NAMES and callee.ctx == "load"):
        return None
    if node.kwargs or node.dyn_args is not None or node.dyn_kwargs is not None:
        return None
    if len(node.args) != 1 or not isinstance(node.args[0], nodes.Const):
        return None
    value = node.args[0].value
    return value if isinstance(value, str) else None


def _formatted(message: str) -> str | None:
    """`message % {}` as newstyle gettext formats it (`%%` becomes `%`); None when that would
    fail at render time, so that the call stays and fails there as it always did."""
    try:
        return message % {}
    except (KeyError, ValueError, TypeError):
        return None


def _redefines_gettext(template: nodes.Template) -> bool:
    """Whether the template binds `_` or `gettext` to something of its own anywhere."""
    for name in template.find_all(nodes.Name):
        if name.name in NAMES and name.ctx in ("store", "param"):
            return True
    if any(macro.name in NAMES for macro in template.find_all(nodes.Macro)):
        return True
    if any(imported.target in NAMES for imported in template.find_all(nodes.Import)):
        return True
    for imported in template.find_all(nodes.FromImport):
        for entry in imported.names:
            alias = entry[1] if isinstance(entry, tuple) else entry
            if alias in NAMES:
                return True
    return False
