"""libyaml's parser reads records as the pure-Python loader does, and every fault falls back.

`content/yamlio.py` composes libyaml's events with the composer that refuses anchors, aliases
and deep nesting; any fault is read again by the pure-Python loader, so the problems (their
lines, their words) do not depend on how PyYAML was built.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from badgegen.content import limits, yamlio
from badgegen.content.discover import SourceFile
from badgegen.errors import Problem

REPO = Path(__file__).resolve().parent.parent
DEMO = sorted(p for p in (REPO / "content").rglob("*") if p.suffix in (".md", ".yml"))

pytestmark = pytest.mark.skipif(yamlio._Fast is None, reason="PyYAML was built without libyaml")


def both(
    monkeypatch: pytest.MonkeyPatch, source: SourceFile
) -> tuple[tuple[object, list[Problem]], tuple[object, list[Problem]]]:
    fast = yamlio.read_record(source)
    with monkeypatch.context() as patch:
        patch.setattr(yamlio, "_Fast", None)
        slow = yamlio.read_record(source)
    return fast, slow


def test_the_demo_reads_the_same_with_libyaml(monkeypatch: pytest.MonkeyPatch) -> None:
    assert len(DEMO) > 20
    for path in DEMO:
        source = SourceFile(path, str(path.relative_to(REPO)), "award", path.stem)
        (fast, fast_problems), (slow, slow_problems) = both(monkeypatch, source)
        assert fast_problems == slow_problems, path
        assert fast == slow, path


def test_libyaml_reads_valid_records() -> None:
    """The fast path is taken (not a fall-back that would hide a slow parser)."""
    text = "name: Camille\nlinks:\n  - name: Blog\n    url: https://example.org/\n"
    composed = yamlio._fast_compose(text)
    assert composed is not None
    node, data = composed
    assert data == {"name": "Camille", "links": [{"name": "Blog", "url": "https://example.org/"}]}
    assert node is not None and node.value[1][1].value[0].start_mark.line == 2


FAULTS = {
    "alias": "name: &n Camille\nbio: *n\n",
    "anchor-alone": "name: &n Camille\n",
    "billion-laughs": "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n",
    "merge-key": "base: &b {name: Camille}\n<<: *b\n",
    "flow-nesting": "name: " + "[" * 1000 + "]" * 1000 + "\n",
    "block-nesting": "name: Camille\n" + "".join("  " * n + f"k{n}:\n" for n in range(40)),
    "control-character": "name: Cam\x07ille\n",
    "nul": "name: Cam\x00ille\n",
    "unclosed-quote": 'name: "Camille\nbio: x\nlinks: []\n',
    "unclosed-list": "tags: [a, b\nname: x\n",
    "unclosed-group": "links: {name: a\nname: x\n",
    "colon-in-value": "name: Atelier : premiers pas: x\n",
    "indentation": "name: a\n  bio: b\n bad: c\n",
    "two-documents": "name: a\n---\nname: b\n",
    "python-tag": "name: !!python/object/apply:os.system ['true']\n",
    "tab": "name:\ta\n\tbio: b\n",
}


@pytest.mark.parametrize("name", sorted(FAULTS))
def test_faults_give_the_same_problems_with_libyaml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    path = tmp_path / "record.yml"
    path.write_text(FAULTS[name], encoding="utf-8")
    source = SourceFile(path, "content/earners/record.yml", "earner", "record")
    (fast, fast_problems), (slow, slow_problems) = both(monkeypatch, source)
    assert fast_problems, "each fault is a problem"
    assert fast_problems == slow_problems
    assert fast == slow


def test_nesting_is_refused_at_the_same_depth() -> None:
    deep = "a: " + "[" * limits.MAX_YAML_DEPTH + "]" * limits.MAX_YAML_DEPTH + "\n"
    ok = "a: " + "[" * (limits.MAX_YAML_DEPTH - 2) + "]" * (limits.MAX_YAML_DEPTH - 2) + "\n"
    assert yamlio._fast_compose(deep) is None
    assert yamlio._fast_compose(ok) is not None
