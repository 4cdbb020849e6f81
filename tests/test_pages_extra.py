"""QR codes, the endorsement picture and the new pages: printable award, explainer, endorsements,
showcase timeline. Structural checks on parsed SVG and HTML, on a scratch repository."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
import resvg_py
import zxingcpp
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from PIL import Image

from badgegen import config
from badgegen.content.model import Gallery
from badgegen.site import qrcodes
from badgegen.site.graph import STYLES, endorsement_edges, endorsement_graph
from badgegen.site.i18n import translations
from badgegen.site.qrcodes import qr_files, qr_svg
from badgegen.site.theme import environment
from badgegen.site.view_types import EndorsementView
from badgegen.site.views import Views
from badgegen.urls import Urls, page_file, relative_root
from tests.conftest import AWARD_ID, REPO_ROOT, ScratchRepo, load_repo

SVG = "{http://www.w3.org/2000/svg}"
URL = "https://example.org/badges/awards/0b7c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d/"

# A gallery with every kind of endorsement, and awards of unlisted and private earners.
PUBLIC_AWARD = "11111111-2222-4333-8444-555555555555"
UNLISTED_AWARD = "22222222-3333-4444-8555-666666666666"
PRIVATE_AWARD = "33333333-4444-4555-8666-777777777777"
ENDORSEMENTS = {
    "issuer": "aaaaaaaa-0000-4000-8000-000000000001",
    "award-public": "aaaaaaaa-0000-4000-8000-000000000002",
    "award-unlisted": "aaaaaaaa-0000-4000-8000-000000000003",
    "award-private": "aaaaaaaa-0000-4000-8000-000000000004",
    "badge": "5d6e7f80-91a2-4b3c-8d4e-5f60718293a4",  # in the base scratch repository
}
SECRET_NAMES = ("Dominique Discrète", "Pat Private")


def _endorsements(model: Gallery) -> list[EndorsementView]:
    """What the endorsement picture and list are drawn from: the endorsement views."""
    return Views(model).endorsements()


def _award(award_id: str, earner: str, day: str) -> str:
    return f"id: {award_id}\nbadge: first-steps\nearner: {earner}\nissued_on: {day}\n"


def _endorsement(key: str, endorser: str, target: str, day: str) -> str:
    return (
        f"id: {ENDORSEMENTS[key]}\nendorser: {endorser}\n{target}\n"
        f"comment: Good work.\nissued_on: {day}\n"
    )


GALLERY_FILES: dict[str, str | bytes | None] = {
    "content/issuers/reseau.md": "---\nname: Réseau & Partenaires\nurl: https://reseau.example.org\n---\n",
    "content/earners/sam.yml": "name: Sam Public\n",
    "content/earners/dominique.yml": f"name: {SECRET_NAMES[0]}\nshowcase: unlisted\n",
    "content/earners/pat.yml": f"name: {SECRET_NAMES[1]}\nshowcase: private\n",
    "content/awards/sam.yml": _award(PUBLIC_AWARD, "sam", "2025-05-02"),
    "content/awards/dominique.yml": _award(UNLISTED_AWARD, "dominique", "2025-06-03"),
    "content/awards/pat.yml": _award(PRIVATE_AWARD, "pat", "2025-07-04"),
    "content/endorsements/issuer.yml": _endorsement(
        "issuer", "reseau", "issuer: atelier", "2025-08-01"
    ),
    "content/endorsements/public.yml": _endorsement(
        "award-public", "reseau", f"award: {PUBLIC_AWARD}", "2025-08-02"
    ),
    "content/endorsements/unlisted.yml": _endorsement(
        "award-unlisted", "atelier", f"award: {UNLISTED_AWARD}", "2025-08-03"
    ),
    "content/endorsements/private.yml": _endorsement(
        "award-private", "reseau", f"award: {PRIVATE_AWARD}", "2025-08-04"
    ),
}


@pytest.fixture
def gallery(scratch_repo: ScratchRepo) -> tuple[Gallery, config.Config]:
    return load_repo(scratch_repo(GALLERY_FILES))


# --- QR codes ---------------------------------------------------------------------------------


def _dark_modules(svg: bytes) -> tuple[int, set[tuple[int, int]]]:
    """Read back the module grid from the SVG path (`M x y h w v1 h-w z` runs)."""
    root = ET.fromstring(svg)
    size = int(root.attrib["viewBox"].split()[2])
    path = root.find(f"{SVG}path")
    assert path is not None
    dark: set[tuple[int, int]] = set()
    for x, y, width in re.findall(r"M(\d+) (\d+)h(\d+)v1h-\d+z", path.attrib["d"]):
        dark.update((int(x) + i, int(y)) for i in range(int(width)))
    return size, dark


def _expected_modules(url: str) -> tuple[int, set[tuple[int, int]]]:
    """The encoder's own grid (0: a dark module), quiet zone added."""
    matrix = qrcodes.qr_matrix(url)
    border = qrcodes.QUIET_ZONE
    dark = {
        (x + border, y + border)
        for y, row in enumerate(matrix)
        for x, v in enumerate(row)
        if v == 0
    }
    return len(matrix) + 2 * border, dark


def test_qr_svg_is_an_accessible_scalable_image() -> None:
    svg = qr_svg(URL, "QR code <of> the award & its page")
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert root.attrib["role"] == "img"
    title = root.find(f"{SVG}title")
    assert title is not None and title.text == "QR code <of> the award & its page"
    assert root.attrib["aria-labelledby"] == title.attrib["id"]
    size = int(root.attrib["viewBox"].split()[2])
    assert root.attrib["viewBox"] == f"0 0 {size} {size}"
    background = root.find(f"{SVG}rect")
    assert background is not None and background.attrib["fill"] == "#fff"


def test_qr_svg_encodes_the_url_and_is_deterministic() -> None:
    svg = qr_svg(URL, "t")
    assert svg == qr_svg(URL, "t")
    assert _dark_modules(svg) == _expected_modules(URL)
    assert _dark_modules(svg) != _expected_modules(URL + "x")


def test_qr_svg_decodes_with_an_independent_reader() -> None:
    png = bytes(resvg_py.svg_to_bytes(svg_string=qr_svg(URL, "t").decode(), width=300))
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)).convert("L"))
    assert [code.text for code in found] == [URL]


@pytest.mark.parametrize(
    "url",
    [
        *(
            f"https://example.org/badges/c/{code}/"
            for code in ("ABCD-EFGH", "0000-0000", "ZZZZ-9999")
        ),
        "http://127.0.0.1:8000/c/K7QF-2M9X/",
        "https://reseau-inclusion.example.fr/sous/chemin/badges/c/HJ4R-PQ8T/",
        f"https://example.org/badges/awards/{AWARD_ID}/credential.json",
        "https://example.org/badges/earners/" + "camille-martin-" * 4 + "x/",
    ],
)
def test_qr_codes_of_every_length_scan(url: str) -> None:
    """Codes of every size decode with a reader that is not their encoder (zxing's, for libzint's
    codes), small and large versions alike, drawn by resvg from the SVG the site publishes at the
    size a phone sees on paper."""
    svg = qr_svg(url, "t")
    png = bytes(resvg_py.svg_to_bytes(svg_string=svg.decode(), width=240))
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)).convert("L"))
    assert [code.text for code in found] == [url]


def test_qr_files_one_per_award_with_the_absolute_url(
    gallery: tuple[Gallery, config.Config],
) -> None:
    model, cfg = gallery
    files = qr_files(model, cfg)
    awards = [f for f in files if f.path.startswith("awards/")]
    assert [f.path for f in awards] == [Urls.qr_code(a.id) for a in model.awards]
    assert len(awards) == len(model.awards) == 4
    for award, file in zip(model.awards, awards, strict=True):
        url = f"https://example.org/badges/c/{award.code}/"
        assert file.path.endswith(".svg")
        assert _dark_modules(file.data) == _expected_modules(url)
        title = ET.fromstring(file.data).find(f"{SVG}title")
        assert title is not None and title.text and title.text.endswith(url)
        assert not any(name.encode() in file.data for name in SECRET_NAMES)


# --- the endorsement picture ------------------------------------------------------------------


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast_on_white(colour: str) -> float:
    return 1.05 / (_luminance(colour) + 0.05)


def test_graph_is_svg_with_every_endorsement_as_an_arrow(
    gallery: tuple[Gallery, config.Config],
) -> None:
    model, _cfg = gallery
    svg = endorsement_graph(_endorsements(model))
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg" and root.attrib["role"] == "group"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and title.text == "Who endorses whom"
    assert desc is not None and desc.text
    assert "Endorsements: 5 (of issuers: 1, of badges: 1, of awards: 3)" in desc.text
    assert root.attrib["aria-labelledby"] == title.attrib["id"]
    assert root.attrib["aria-describedby"] == desc.attrib["id"]
    arrows = [
        p for p in root.iter(f"{SVG}path") if "marker-end" in p.attrib and "C" in p.attrib["d"]
    ]
    assert len(arrows) == len(model.endorsements) == 5
    edges = endorsement_edges(_endorsements(model))
    assert [e["id"] for e in edges] == [e.id for e in model.endorsements]
    assert {e["target_kind"] for e in edges} == {"issuer", "badge", "award"}
    texts = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    for label in ("Réseau & Partenaires", "Atelier Numérique", "Camille Martin", "First steps"):
        assert label in texts
    assert "First steps online — Sam Public" in " ".join(e["target"]["label"] for e in edges)


def test_graph_never_names_an_earner_without_a_public_showcase(
    gallery: tuple[Gallery, config.Config],
) -> None:
    model, _cfg = gallery
    svg = endorsement_graph(_endorsements(model))
    edges = endorsement_edges(_endorsements(model))
    for name in SECRET_NAMES:
        assert name not in svg
        assert name not in repr(edges)
    hidden = [e["target"] for e in edges if e["target"]["key"].split(":")[1] != PUBLIC_AWARD]
    neutral = [t for t in hidden if t["kind"] == "award"]
    assert len(neutral) == 2
    assert all(t["label"] == "an award of First steps online" and t["path"] == "" for t in neutral)
    for award_id in (UNLISTED_AWARD, PRIVATE_AWARD):
        assert award_id not in svg  # no link to their pages either
    french = endorsement_graph(_endorsements(model), translate=translations("fr").gettext)
    assert "une attribution du badge" in french
    assert not any(name in french for name in SECRET_NAMES)


def test_pages_and_graph_take_the_privacy_rule_from_the_views() -> None:
    """Who may be named and linked is decided in `views.py` alone: the page producers and the
    endorsement graph read views, never the model's listing rule."""
    site = REPO_ROOT / "badgegen" / "site"
    for name in ("pages.py", "graph.py", "graph_layout.py"):
        source = (site / name).read_text(encoding="utf-8")
        assert "is_listed" not in source, name
    for name in ("graph.py", "graph_layout.py"):
        assert "Gallery" not in (site / name).read_text(encoding="utf-8"), name


def test_graph_links_and_plain_image(gallery: tuple[Gallery, config.Config]) -> None:
    model, _cfg = gallery
    root = ET.fromstring(endorsement_graph(_endorsements(model), link_prefix="../../"))
    hrefs = {a.attrib["href"] for a in root.iter(f"{SVG}a")}
    assert "../../issuers/atelier/" in hrefs
    assert "../../badges/first-steps/" in hrefs
    assert f"../../awards/{PUBLIC_AWARD}/" in hrefs
    assert "../../issuers/reseau/" in hrefs
    plain = ET.fromstring(endorsement_graph(_endorsements(model), link_prefix=None))
    assert plain.attrib["role"] == "img"
    assert list(plain.iter(f"{SVG}a")) == []


def test_graph_is_deterministic_and_readable(
    scratch_repo: ScratchRepo, gallery: tuple[Gallery, config.Config]
) -> None:
    model, _cfg = gallery
    again, _ = load_repo(scratch_repo(GALLERY_FILES, name="again"))
    assert (
        endorsement_graph(_endorsements(model))
        == endorsement_graph(_endorsements(model))
        == endorsement_graph(_endorsements(again))
    )
    root = ET.fromstring(endorsement_graph(_endorsements(model)))
    for text in root.iter(f"{SVG}text"):
        assert _contrast_on_white(text.attrib["fill"]) >= 4.5, text.text
    for colour, _dashes in STYLES.values():
        assert _contrast_on_white(colour) >= 3
    assert len({dashes for _c, dashes in STYLES.values()}) == 3  # not colour alone


def test_graph_without_endorsements(scratch_repo: ScratchRepo) -> None:
    model, _cfg = load_repo(scratch_repo({"content/endorsements/atelier-badge.yml": None}))
    root = ET.fromstring(endorsement_graph(_endorsements(model)))
    assert "No endorsements yet." in [t.text for t in root.iter(f"{SVG}text")]


# --- templates --------------------------------------------------------------------------------


class Page(HTMLParser):
    """The parts of an HTML page the checks need: headings, images, links, text."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.headings: list[int] = []
        self.images: list[dict[str, str | None]] = []
        self.links: list[str] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "img":
            self.images.append(dict(attrs))
        if tag == "a":
            self.links.append(dict(attrs).get("href") or "")

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    @property
    def words(self) -> str:
        return " ".join(" ".join(self.text).split())


def _check_structure(page: Page) -> None:
    assert page.headings.count(1) == 1 and page.headings[0] == 1
    for previous, current in zip(page.headings, page.headings[1:], strict=False):
        assert current <= previous + 1, page.headings
    assert all(img.get("alt") is not None for img in page.images)


def _render(cfg: config.Config, template: str, path: str, **context: object) -> str:
    file = page_file(path)
    site = {
        "title": cfg.site.title,
        "language": cfg.site.language,
        "base_url": cfg.site.base_url,
        "explainer": "what-is-an-open-badge/",
        "endorsements": "endorsements/",
        "legal": "legal/",
        "feed": cfg.site.base_url + "feed.xml",
        "icons": False,
    }
    page = {
        "path": path,
        "file": file,
        "url": cfg.site.base_url + path,
        "title": "t",
        "description": "d",
        "image": cfg.site.base_url + "card.png",
        "image_alt": "a",
    }
    return (
        environment(cfg)
        .get_template(template)
        .render(site=site, page=page | {"noindex": True}, root=relative_root(file), **context)
    )


def test_print_page(scratch_repo: ScratchRepo) -> None:
    model, cfg = load_repo(scratch_repo())
    view = Views(model).award(model.award(AWARD_ID))
    html = _render(
        cfg,
        "print.html",
        Urls.print_page(AWARD_ID),
        award=view,
        qr_code=Urls.qr_code(AWARD_ID),
        verify_url=URL,
    )
    page = Page(html)
    _check_structure(page)
    for fact in ("Camille Martin", "First steps online", "Atelier Numérique", view["code"], URL):
        assert fact in page.words
    assert "March 14, 2025" in page.words
    qr = [img for img in page.images if img["src"] == f"../../../awards/{AWARD_ID}/qr.svg"]
    assert len(qr) == 2 and all(img["alt"] for img in qr)
    assert all(img["alt"] == "A green circle" for img in page.images if img not in qr)
    assert 'onclick="window.print()"' in html
    assert 'class="sheet sheet-card"' in html and 'class="sheet sheet-certificate"' in html
    assert f'href="../../../awards/{AWARD_ID}/"' in html
    assert '<link rel="canonical" href="' + URL + '">' in html
    css = (REPO_ROOT / "themes/default/static/print.css").read_text(encoding="utf-8")
    for rule in ("@page card", "size: A6", "@page certificate", "size: A4"):
        assert rule in css
    assert "page: card" in css and "page: certificate" in css


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("en", "the badge is written inside the image"),
        ("fr", "le badge est écrit à l'intérieur de l'image"),
    ],
)
def test_explainer_in_both_languages(
    scratch_repo: ScratchRepo, language: str, sentence: str
) -> None:
    toml = f"""[site]
title = "Scratch"
base_url = "https://example.org/badges/"
contact_email = "badges@example.org"
language = "{language}"
"""
    _model, cfg = load_repo(scratch_repo({"badgegen.toml": toml}))
    page = Page(_render(cfg, "explainer.html", Urls.explainer_page))
    _check_structure(page)
    if language == "en":
        assert "What is an open badge?" in page.words
        for word in ("backpack", "wallet", "Verification", "Revocation", "LinkedIn", "PNG"):
            assert word in page.words
    else:
        assert "Qu'est-ce qu'un open badge\u00a0?" in " ".join(page.text)
        for word in ("Sac à dos", "portefeuille", "Vérification", "Révocation", "LinkedIn", "PNG"):
            assert word in page.words
    assert sentence in page.words
    assert "../#badges" in page.links


def test_endorsements_page(gallery: tuple[Gallery, config.Config]) -> None:
    model, cfg = gallery
    html = _render(
        cfg,
        "endorsements.html",
        Urls.endorsements_page,
        graph=endorsement_graph(_endorsements(model), link_prefix="../"),
        edges=endorsement_edges(_endorsements(model)),
    )
    page = Page(html)
    _check_structure(page)
    assert html.count("<svg") == 1 and 'role="group"' in html
    for heading in ("Endorsements of issuers", "Endorsements of badges", "Endorsements of awards"):
        assert heading in page.words
    listed = Page(html.split('id="list-title"')[1])
    assert listed.words.count("endorses") == 5
    assert not any(name in html for name in SECRET_NAMES)
    assert f"../awards/{PUBLIC_AWARD}/" in page.links


def test_timeline_macro(gallery: tuple[Gallery, config.Config]) -> None:
    model, cfg = gallery
    views = Views(model)
    earner = views.earner(model.earner("sam"))
    awards = [views.award(model.award(AWARD_ID)), *earner["awards"]]  # newest last on purpose
    template = environment(cfg).from_string(
        '{% from "_timeline.html" import timeline with context %}{{ timeline(awards) }}'
    )
    html = template.render(
        awards=list(reversed(awards)),
        root="../../",
        site={
            "language": "en",
            "title": "t",
            "base_url": cfg.site.base_url,
            "explainer": "what-is-an-open-badge/",
            "endorsements": "endorsements/",
        },
    )
    page = Page(html)
    assert page.headings == [2, 3]  # the section, then one year
    assert re.findall(r'<time datetime="([\d-]+)"', html)[:2] == ["2025-03-14", "2025-05-02"]
    assert "Path through the badges" in page.words and "Valid" in page.words
    assert all(img.get("alt") == "" for img in page.images)  # the badge name follows
    assert f"../../awards/{AWARD_ID}/" in page.links


# --- translations -----------------------------------------------------------------------------


def test_every_new_string_has_a_french_translation() -> None:
    found = extract_from_dir(
        str(REPO_ROOT),
        method_map=[
            ("badgegen/site/graph.py", "python"),
            ("badgegen/site/qrcodes.py", "python"),
            ("themes/default/templates/print.html", "jinja2"),
            ("themes/default/templates/explainer.html", "jinja2"),
            ("themes/default/templates/endorsements.html", "jinja2"),
            ("themes/default/templates/_timeline.html", "jinja2"),
        ],
        options_map={"themes/default/templates/*.html": {"extensions": "jinja2.ext.i18n"}},
        keywords={"N_": None, "_": None, "gettext": None},
    )
    ids = {message for _file, _line, message, _comments, _context in found}
    assert len(ids) > 40
    folder = REPO_ROOT / "badgegen/locale/fr/LC_MESSAGES"
    translated: set[str] = set()
    for po in sorted(folder.glob("*.po")):
        with po.open("rb") as handle:
            translated |= {str(m.id) for m in read_po(handle, locale="fr") if m.id and m.string}
    assert sorted(ids - translated) == []
    french = translations("fr")
    assert french.gettext("Valid until") == "Valable jusqu'au"
    assert french.gettext("Issued on") == "Délivré le"  # messages.po still answers
