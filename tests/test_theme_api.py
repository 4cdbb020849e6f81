"""The template context is a public API: `themes/README.md` documents exactly the TypedDicts of
`badgegen/site/view_types.py` (one per template, and the views they hold), and every page the
build renders gets exactly the variables its TypedDict declares.

When a view changes, this test prints the block the README must hold.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Iterator
from typing import Any

from badgegen.content.model import TargetKind
from badgegen.outputs import OutputFile
from badgegen.site import graph_layout, history, legal, share, view_types
from badgegen.site.i18n import translations
from badgegen.site.pages import PRODUCERS, Site
from badgegen.site.view_types import PageContext
from badgegen.site.views import Views
from tests.conftest import REPO_ROOT, ScratchRepo, load_repo

README = REPO_ROOT / "themes" / "README.md"
START = "<!-- template API: checked by tests/test_theme_api.py -->"
END = "<!-- end of the template API -->"
VIEW_MODULES = (view_types, history, share, legal, graph_layout)


def _is_typeddict(value: object) -> bool:
    return isinstance(value, type) and typing.is_typeddict(value)


def _pages() -> list[type[Any]]:
    """The context TypedDict of each template, in the order of view_types."""
    return [
        value
        for value in vars(view_types).values()
        if _is_typeddict(value) and value is not PageContext and "root" in value.__annotations__
    ]


def _template(page: type[Any]) -> str:
    found = re.match(r"`([\w.]+\.html)`", page.__doc__ or "")
    assert found, f"{page.__name__}'s docstring starts with its template's name"
    return found.group(1)


def _fields(cls: type[Any], skip: frozenset[str] = frozenset()) -> str:
    hints = cls.__annotations__
    return ", ".join(
        f"`{name}`: {getattr(kind, '__forward_arg__', kind)}"
        for name, kind in hints.items()
        if name not in skip
    )


def _views() -> Iterator[type[Any]]:
    """Every view TypedDict the pages hold, each once, in the order of their modules."""
    seen: set[str] = set()
    for module in VIEW_MODULES:
        for name, value in vars(module).items():
            if (
                _is_typeddict(value)
                and value.__module__ == module.__name__
                and name not in seen
                and "root" not in value.__annotations__
                and name != "Box"  # the graph's layout, not a view
            ):
                seen.add(name)
                yield value


def api_block() -> str:
    common = frozenset(PageContext.__annotations__)
    lines = [
        START,
        "",
        f"Every template: {_fields(PageContext)}.",
        "",
        "| template | context | variables |",
        "|---|---|---|",
    ]
    lines += [
        f"| `{_template(page)}` | `{page.__name__}` | {_fields(page, common) or 'nothing more'} |"
        for page in _pages()
    ]
    plain = ", ".join(f"`{name}`" for name in PLAIN_TEMPLATES)
    lines += [f"| {plain} | `PageContext` | nothing more |", "", "The views:", ""]
    lines += [f"- `{view.__name__}`: {_fields(view)}." for view in _views()]
    lines += ["", "Their kinds:", ""]
    lines += [
        f"- `{name}`: " + ", ".join(f'`"{value}"`' for value in typing.get_args(kind)) + "."
        for name, kind in LITERALS.items()
    ]
    return "\n".join([*lines, "", END])


LITERALS = {
    "Status": view_types.Status,
    "TargetKind": TargetKind,
    "EventKind": history.EventKind,
    "NodeKind": graph_layout.NodeKind,
}


PLAIN_TEMPLATES = ("explainer.html", "verify.html", "404.html", "forgotten.html")


def test_the_readme_documents_exactly_the_template_api() -> None:
    text = README.read_text(encoding="utf-8")
    written = text[text.index(START) : text.index(END) + len(END)] if START in text else ""
    assert written == api_block(), f"themes/README.md should hold:\n{api_block()}"


def test_every_template_has_its_context() -> None:
    templates = REPO_ROOT / "themes" / "default" / "templates"
    pages = {_template(page) for page in _pages()} | set(PLAIN_TEMPLATES)
    shown = {p.name for p in templates.glob("*.html") if not p.name.startswith("_")}
    assert shown - {"base.html", "print_base.html"} == pages


def test_each_page_gets_exactly_its_declared_variables(scratch_repo: ScratchRepo) -> None:
    """Every producer of `pages.py` gives its template the keys of that template's TypedDict."""
    model, cfg = load_repo(scratch_repo())
    seen: dict[str, set[frozenset[str]]] = {}

    def noting(template: str, context: PageContext) -> OutputFile:
        seen.setdefault(template, set()).add(frozenset(context))
        return OutputFile(context["page"]["file"], b"")

    site = Site(model, Views(model), cfg, False, translations(cfg.site.language), noting)
    for producer in PRODUCERS:
        for unit in producer(site):
            assert list(unit)
    declared = {_template(page): frozenset(page.__annotations__) for page in _pages()}
    declared |= {name: frozenset(PageContext.__annotations__) for name in PLAIN_TEMPLATES}
    assert seen == {template: {declared[template]} for template in seen}
    assert set(declared) - set(seen) <= {"forgotten.html"}  # no forgotten earner in this one
