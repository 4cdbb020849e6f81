"""`make quick` leaves out the tests marked browser, verifiers, install and slow: a test that
needs a browser, an independent verifier or a new virtualenv must carry its marker, or the quick
loop would start it (and fail on a machine without them set up)."""

from __future__ import annotations

import re
import tomllib

from tests.conftest import REPO_ROOT

TESTS = REPO_ROOT / "tests"
NEEDS = {
    "browser": re.compile(r"from tests\.browser|playwright"),
    "verifiers": re.compile(r"from tests\.verifiers"),
    "install": re.compile(r"venv\.EnvBuilder|\"pip\", \"(?:install|wheel)\""),
}
"""What a test module does that needs the marker."""


def _marked(text: str, marker: str) -> bool:
    """The whole module is marked, or each test that does the thing (checked by hand)."""
    return f"pytestmark = pytest.mark.{marker}" in text or f"@pytest.mark.{marker}\n" in text


def test_what_needs_a_browser_a_verifier_or_a_venv_is_marked() -> None:
    unmarked = []
    for path in sorted(TESTS.rglob("test_*.py")):
        if "node_modules" in path.parts or path.name == "test_markers.py":
            continue
        text = path.read_text(encoding="utf-8")
        for marker, pattern in NEEDS.items():
            if pattern.search(text) and not _marked(text, marker):
                unmarked.append(f"{path.relative_to(REPO_ROOT)}: {marker}")
    assert unmarked == []


def test_the_markers_are_registered_and_make_quick_leaves_them_out() -> None:
    pyproject = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    registered = {m.split(":")[0] for m in pyproject["tool"]["pytest"]["ini_options"]["markers"]}
    assert registered == {*NEEDS, "slow"}
    makefile = (REPO_ROOT / "Makefile").read_text(encoding="utf-8")
    quick = re.search(r"^QUICK := (.*)$", makefile, re.M)
    assert quick is not None
    assert set(re.findall(r"not (\w+)", quick.group(1))) == registered
