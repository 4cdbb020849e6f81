"""Imports point one way: cli → commands → build → site/openbadges → content → config → leaves.

A module may import from its own layer's package or from lower layers, never from a higher one,
and `site` and `openbadges` never import each other (they meet only in `build`).
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "badgegen"

LAYERS: dict[str, int] = {
    "badgegen": 0,  # __init__: the version only
    "badgegen.errors": 0,
    "badgegen.formats": 0,  # the content format: kinds, folders, suffixes, languages
    "badgegen.suggest": 0,
    "badgegen.marks": 0,
    "badgegen.builtin_themes": 0,
    "badgegen.starter_images": 0,  # pictures of `init`, drawn with Pillow
    "badgegen.identity": 0,
    "badgegen.urls": 0,
    "badgegen.outputs": 0,
    "badgegen.log": 0,
    "badgegen.outdir": 0,
    "badgegen.gitfiles": 0,  # what git tracks: files a stranger may have written
    "badgegen.memo": 0,
    "badgegen.phrases": 0,  # English texts, for wording's lookup
    "badgegen.pool": 1,  # shares stages between processes; hands memo the entries they used
    "badgegen.stages": 4,  # the stages after the model, in parts (site and openbadges meet here)
    "badgegen.raster": 1,  # keeps its renderings with memo
    "badgegen.config": 1,
    "badgegen.content": 2,
    "badgegen.site": 3,
    "badgegen.openbadges": 3,
    "badgegen.write": 4,
    "badgegen.guards": 4,  # reads the catalogs of site.i18n
    "badgegen.speech": 4,  # the command line's language, from the catalogs of site.i18n
    "badgegen.wording": 4,  # problems in the repository's language, from the catalogs of site.i18n
    "badgegen.pinned": 2,  # names its folder with config.BUNDLE_DIR
    "badgegen.load": 5,  # discover, parse and validate: the first half of the build
    "badgegen.rebuild": 4,  # the record of the previous build: a no-op rebuild writes nothing
    "badgegen.result": 5,  # what a build reports; the no-op build, answered without the stages
    "badgegen.build": 6,
    "badgegen.scaffold_records": 4,  # where `new` files a record, its template's values
    "badgegen.scaffold": 5,
    "badgegen.emails": 5,
    "badgegen.report": 5,
    "badgegen.forget": 7,  # checks the content with build.load_gallery
    "badgegen.importer": 7,  # validates what it writes with build.load
    "badgegen.serve": 7,  # rebuilds with build.make_site
    "badgegen.commands": 8,  # one module per sub-command: its parser beside its handler
    "badgegen.cli": 9,
    "badgegen.__main__": 10,
}


def _unit(module: str) -> str:
    """The layer unit of a module: a package (content, site, openbadges) or a top-level module."""
    parts = module.split(".")
    return ".".join(parts[:2]) if len(parts) > 1 else module


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("badgegen"):
            found.add(node.module)
            if node.module == "badgegen":  # `from badgegen import build, config`
                found.update(
                    f"badgegen.{alias.name}" for alias in node.names if alias.name != "__version__"
                )
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("badgegen"))
    return found


def _modules() -> dict[str, Path]:
    modules = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if "scaffold_data" in path.parts or "themes" in path.parts:
            continue
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        name = ".".join(rel.parts).removesuffix(".__init__")
        modules[name] = path
    return modules


def test_every_module_has_a_layer() -> None:
    assert {_unit(m) for m in _modules()} <= set(LAYERS)


def test_imports_point_one_way() -> None:
    wrong = []
    for module, path in _modules().items():
        unit = _unit(module)
        for imported in _imports(path):
            target = _unit(imported)
            if target == unit:
                continue
            if LAYERS[target] > LAYERS[unit] or (
                LAYERS[target] == LAYERS[unit] and target != "badgegen" and unit != "badgegen"
            ):
                wrong.append(f"{module} imports {imported}")
    assert wrong == []
