"""The one build step pyproject.toml cannot declare: the built-in themes live in `themes/` at
the top of the source tree (see badgegen/builtin_themes.py), and the wheel holds them as package
data in `badgegen/themes/`."""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

SKIPPED = shutil.ignore_patterns(".*", "__pycache__", "*.pyc", "*.pyo")
"""What badgegen/pinned.py leaves out of the wheel it makes, too."""


class BuildWithThemes(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads themes/ where it is
        target = Path(self.build_lib) / "badgegen" / "themes"
        shutil.copytree(
            Path(__file__).parent / "themes", target, ignore=SKIPPED, dirs_exist_ok=True
        )


setup(cmdclass={"build_py": BuildWithThemes})
