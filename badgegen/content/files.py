"""Phase 2 for the files records point at: badge, issuer and earner pictures, evidence files.

Each file is read once, here: it must be a regular file inside the content folder (after every
`..` and symbolic link), within its size limit, and of an accepted kind. SVG pictures are made
safe (`svg.clean_svg`). The bytes kept are the only ones the later stages publish, bake and
rasterize, so they all see the same safe file and nothing is read twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from badgegen.config import CONFIG_NAME, key_lines, shown_path
from badgegen.content import limits
from badgegen.content.filetypes import captions_problem, evidence_problem
from badgegen.content.media import ImageInfo, sniff_png
from badgegen.content.paths import real_path, resolved_inside
from badgegen.content.pictures import raster_problem
from badgegen.content.png import DamagedPng, read_chunks
from badgegen.content.svg import CleanSvg, clean_svg
from badgegen.content.validate import Record
from badgegen.errors import Problem

OUTSIDE_HINT = "put the file under the content folder and give a path that stays inside it"


@dataclass(slots=True)
class _Files:
    root: Path
    content_dir: Path
    media: dict[Path, bytes] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    svg_seen: dict[Path, CleanSvg | None] = field(default_factory=dict)
    """Resolved SVG path → its clean version (None: refused, already reported)."""
    real: dict[Path, Path | None] = field(default_factory=dict)
    """`inside` of each path asked so far (a file is asked of several times, and resolving
    one looks at every folder on its way: thousands of evidence files a build)."""
    real_content: Path | None = None

    def __post_init__(self) -> None:
        self.real_content = real_path(self.content_dir)

    def inside(self, path: Path) -> Path | None:
        """The real path of `path` when it lies inside the content folder, else None."""
        if path not in self.real:
            base = self.real_content
            self.real[path] = (
                None if base is None else resolved_inside(path, base, real_folder=base)
            )
        return self.real[path]

    def read(self, record: Record, key: str, path: Path, shown: str, limit: int) -> bytes | None:
        """The bytes of a file a record points at, or None with a problem at `key`."""
        real = self.inside(path)
        if real is None:
            self.problems.append(
                record.problem(
                    key,
                    f"{shown!r} is outside the content folder (through '..' or a symbolic link)",
                    OUTSIDE_HINT,
                )
            )
            return None
        if not real.is_file():
            return None  # the caller reports the missing file with its own hint
        try:
            size = real.stat().st_size
        except OSError as exc:
            self.problems.append(record.problem(key, f"cannot read {shown}: {exc.strerror}"))
            return None
        if size > limit:
            self.problems.append(
                record.problem(
                    key,
                    f"{shown}: the file is {size / limits.MIB:.0f} MB, more than the limit of "
                    f"{limit // limits.MIB} MB",
                    "make it smaller, or host it elsewhere and link it with `url:`",
                )
            )
            return None
        try:
            with real.open("rb") as stream:
                return stream.read(limit + 1)[:limit]
        except OSError as exc:
            self.problems.append(record.problem(key, f"cannot read {shown}: {exc.strerror}"))
            return None

    def svg(self, record: Record, key: str, data: bytes, path: Path) -> CleanSvg | None:
        real = path.resolve()
        if real in self.svg_seen:
            return self.svg_seen[real]
        cleaned = clean_svg(data)
        rel = shown_path(real, self.root.resolve())
        if isinstance(cleaned, CleanSvg):
            if cleaned.removed:
                line, what = cleaned.removed[0]
                more = len(cleaned.removed) - 1
                self.problems.append(
                    Problem(
                        rel,
                        line,
                        f"{what}{f' and {more} more unsafe parts' if more else ''} removed from "
                        "the published SVG",
                        "scripts, event handlers and embedded HTML are never published; remove "
                        "them from the file",
                        severity="warning",
                    )
                )
            self.svg_seen[real] = cleaned
            return cleaned
        self.problems.append(
            Problem(rel, cleaned.line, cleaned.message, cleaned.hint)
            if cleaned.line
            else record.problem(key, f"{record.values[key]}: {cleaned.message}", cleaned.hint)
        )
        self.svg_seen[real] = None
        return None


def _chunk_problem(png: bytes) -> str | None:
    """Baking rewrites the chunks: they must all be whole, up to IEND."""
    try:
        read_chunks(png)
    except DamagedPng as exc:
        return str(exc).replace("damaged PNG: ", "the PNG file is damaged: ")
    return None


def _image(files: _Files, record: Record, key: str, required_square: bool) -> None:
    value = record.values.get(key)
    if value is None:
        return
    path = record.source.path.parent / value
    data = files.read(record, key, path, value, limits.MAX_IMAGE_BYTES)
    if data is None:
        if files.inside(path) is not None and not path.is_file():
            files.problems.append(
                record.problem(
                    key,
                    f"image file not found: {value}",
                    f"the path is relative to {record.source.rel}; expected {path.as_posix()}",
                )
            )
        return
    info: ImageInfo | str
    if path.suffix.lower() == ".svg":
        cleaned = files.svg(record, key, data, path)
        if cleaned is None:
            return
        data = cleaned.data
        info = ImageInfo("svg", cleaned.width, cleaned.height)
    else:
        info = sniff_png(data)
        problem = isinstance(info, ImageInfo) and (
            raster_problem(data, limits.MAX_IMAGE_PIXELS, ("png",)) or _chunk_problem(data)
        )
        info = problem or info
    if not isinstance(info, ImageInfo):
        files.problems.append(record.problem(key, f"{value}: {info}", "convert it to PNG or SVG"))
        return
    files.media[path] = data
    if required_square and info.is_square is False:
        files.problems.append(
            record.problem(
                key,
                f"the badge image is not square ({info.width:g}×{info.height:g})",
                "badge images are shown in circles and squares: crop it to a square",
                warning=True,
            )
        )


def _evidence_items(record: Record) -> list[tuple[str, dict[str, str]]]:
    """(field prefix, values) of each piece of evidence a record holds."""
    if record.kind == "evidence":
        return [("", record.values)]
    return [(f"evidence[{i}].", item) for i, item in enumerate(record.values.get("evidence", ()))]


def _evidence(files: _Files, record: Record) -> None:
    for prefix, item in _evidence_items(record):
        if "file" in item:
            _evidence_file(files, record, f"{prefix}file", item["file"])
        if "captions" in item and str(item["captions"]).lower().endswith(".vtt"):
            _captions(files, record, f"{prefix}captions", item["captions"])


def _present(files: _Files, record: Record, key: str, name: str, what: str) -> Path | None:
    """The path of a file named from content/, or None with a problem (outside, missing)."""
    path = files.content_dir / name
    if files.inside(path) is None:
        files.problems.append(
            record.problem(
                key,
                f"{what} {name!r} is outside the content folder",
                "put the file under content/ (e.g. content/evidence/) and give its path from there",
            )
        )
        return None
    if not path.is_file():
        files.problems.append(
            record.problem(
                key,
                f"{what} not found: {name}",
                f"paths are relative to the content folder; expected {path.resolve().as_posix()}",
            )
        )
        return None
    return path


Judge = Callable[[str, bytes], tuple[str, str] | None]
"""(name, bytes) → (message, hint) when a file must not be published, else None."""


def _linked(
    files: _Files, record: Record, key: str, name: str, what: str, limit: int, judge: Judge
) -> bytes | None:
    """The bytes of a file named from content/ (`what`: "evidence file"…), read once, within
    `limit` and accepted by `judge`; None with a problem otherwise (or when already read)."""
    path = _present(files, record, key, name, what)
    if path is None or path in files.media:
        return None
    data = files.read(record, key, path, name, limit)
    if data is None:
        return None
    refused = judge(name, data)
    if refused:
        files.problems.append(record.problem(key, f"{name}: {refused[0]}", refused[1]))
        return None
    files.media[path] = data
    return data


def _evidence_file(files: _Files, record: Record, key: str, name: str) -> None:
    data = _linked(
        files, record, key, name, "evidence file", limits.MAX_EVIDENCE_BYTES, evidence_problem
    )
    if data is not None and len(data) > limits.LARGE_EVIDENCE_BYTES:
        files.problems.append(
            record.problem(
                key,
                f"evidence file is large ({len(data) / limits.MIB:.0f} MB)",
                "static hosts limit file sizes: compress it or link to it with `url:`",
                warning=True,
            )
        )


def _captions(files: _Files, record: Record, key: str, name: str) -> None:
    _linked(files, record, key, name, "captions file", limits.MAX_CAPTIONS_BYTES, captions_problem)


def check_files(
    records: Iterable[Record], root: Path, content_dir: Path
) -> tuple[dict[Path, bytes], list[Problem]]:
    """The checked bytes of every file the records point at (keyed by the path the model
    uses), and every problem with them."""
    files = _Files(root, content_dir)
    for record in records:
        if record.kind == "issuer":
            _image(files, record, "image", required_square=False)
        elif record.kind == "badge":
            _image(files, record, "image", required_square=True)
        elif record.kind == "earner":
            _image(files, record, "photo", required_square=False)
        elif record.kind in ("award", "evidence"):
            _evidence(files, record)
    return files.media, files.problems


def logo_problem(logo: str, root: Path, media: dict[Path, bytes]) -> list[Problem]:
    """`[site] logo` must be a picture the records use (an issuer's or a badge's `image:`):
    only those are checked and made safe, and drawn into favicons and link previews."""
    wanted = (root / logo).resolve()
    if any(path.resolve() == wanted for path in media):
        return []
    text = (root / CONFIG_NAME).read_text(encoding="utf-8-sig")
    return [
        Problem(
            CONFIG_NAME,
            key_lines(text).get("site.logo"),
            f"site.logo: {logo} is not the picture of an issuer or a badge",
            "use the `image:` of an issuer or a badge (for example the network's own issuer "
            "file), so that it is checked like every published picture",
            field="site.logo",
        )
    ]
