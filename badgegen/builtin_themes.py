"""Where the built-in themes are.

The source tree keeps them in `themes/` beside the package, the one place to edit them: no copy
and no symbolic link, so that a checkout works on systems without links. A wheel holds them in
`badgegen/themes/`, copied there by the build (`setup.py`); `pinned.py` does the same when it
makes a wheel from a source checkout.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
IN_WHEEL = "themes"
"""Their folder inside the package, once installed from a wheel."""
SOURCE = PACKAGE.parent / "themes"
"""Their folder in a source checkout (and an editable install of it)."""

BUILTIN_THEMES = PACKAGE / IN_WHEEL if (PACKAGE / IN_WHEEL).is_dir() else SOURCE
