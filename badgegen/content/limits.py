"""Every bound on the work one input file can cause, in one place.

Content arrives by pull request from strangers: each limit is far above what a real badge
gallery needs and far below what would stall a build or fill its memory. Messages quote them.
"""

from __future__ import annotations

KIB = 1024
MIB = 1024 * KIB

MAX_RECORD_BYTES = 256 * KIB
"""A record file (front matter + Markdown, or YAML); the largest real ones are a few kB, and
parsing and checking a record this size takes about a second."""

MAX_YAML_DEPTH = 16
"""Nesting of mappings and lists in a record; the deepest field (`evidence[0].file`) needs 3."""

MAX_MARKDOWN_NESTING = 20
"""Lists and quotes nested in a Markdown text (the renderer recurses once per level)."""

MAX_MARKDOWN_BRACKETS = 1000
"""`[` in one Markdown text: the renderer scans ahead from each one for its link (quadratic)."""

MAX_IMAGE_BYTES = 5 * MIB
"""A badge or issuer picture (PNG or SVG) as stored in the repository."""

MAX_IMAGE_PIXELS = 4096 * 4096
"""Width × height of a badge or issuer PNG, read from its header before any decoding (a decoded
pixel costs 4 bytes: 64 MiB at this limit)."""

MAX_EVIDENCE_PIXELS = 50_000_000
"""Width × height of an evidence picture (a 50 Mpx phone photo fits)."""

LARGE_EVIDENCE_BYTES = 20 * MIB
"""Above this an evidence file is reported as a warning: static hosts limit file sizes."""

MAX_EVIDENCE_BYTES = 100 * MIB
"""Above this an evidence file is refused (GitHub Pages refuses files over 100 MB)."""

MAX_CAPTIONS_BYTES = 1 * MIB
"""A WebVTT captions file (an hour of speech is about 100 kB)."""

MAX_SVG_ELEMENTS = 20_000
"""Elements written in one SVG file."""

MAX_SVG_DEPTH = 64
"""Nesting of elements in one SVG file."""

MAX_SVG_RENDERED_ELEMENTS = 50_000
"""Elements drawn once every `<use>` (and other `#id` reference) is expanded: bounds fan-out."""

MAX_SVG_USE_DEPTH = 8
"""Chained references (`<use>` of a group that uses another group…)."""
