"""Copy the files pages refer to: badge and issuer images, earner photos, evidence files, theme
static files."""

from __future__ import annotations

from pathlib import Path

from badgegen.config import Config
from badgegen.content.model import Gallery
from badgegen.outputs import OutputFile
from badgegen.site.theme import static_files
from badgegen.urls import Urls

STAGE = "site.assets"


def _copy(path: Path, target: str) -> OutputFile:
    return OutputFile(target, path.read_bytes(), stage=STAGE)


def _checked(gallery: Gallery, path: Path, target: str) -> OutputFile:
    """A content file as validation checked it (SVG made safe), never re-read from disk."""
    return OutputFile(target, gallery.file(path), stage=STAGE)


def asset_files(gallery: Gallery, config: Config) -> list[OutputFile]:
    files = [
        _checked(gallery, b.image, Urls.badge_image(b.slug, b.image.suffix)) for b in gallery.badges
    ]
    files += [
        _checked(gallery, i.image, Urls.issuer_image(i.slug, i.image.suffix))
        for i in gallery.issuers
        if i.image
    ]
    # A photo is published only with its showcase: never for a private or forgotten earner.
    files += [
        _checked(gallery, e.photo, Urls.earner_photo(e.slug, e.photo.suffix))
        for e in gallery.earners
        if e.photo and e.has_page
    ]
    evidence = sorted(
        {name for a in gallery.awards for e in a.evidence for name in (e.file, e.captions) if name}
    )
    files += [
        _checked(gallery, config.content_dir / name, Urls.evidence_file(name)) for name in evidence
    ]
    files += [_copy(path, Urls.static(name)) for name, path in static_files(config).items()]
    # GitHub Pages runs Jekyll unless told not to, and Jekyll drops dot-folders and underscores.
    files.append(OutputFile(".nojekyll", b"", stage=STAGE))
    return files
