"""Who endorses whom, drawn at build time as an SVG picture (no JavaScript needed to read it).

Where each box and arrow goes, and what it says, is `graph_layout.py`; this module only draws.
Arrows differ by colour *and* line style, explained in a legend, so the kinds never depend on
colour alone. Text is dark on white (contrast above 7:1).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence

from badgegen.content.model import TargetKind
from badgegen.marks import N_
from badgegen.site.graph_layout import (
    EDGE_SPACE,
    FONT_SIZE,
    LEGEND_LINE,
    LINE,
    MARGIN,
    NODE_WIDTH,
    PAD_X,
    PAD_Y,
    TARGET_KINDS,
    Box,
    Layout,
    NodeKind,
    endorsement_edges,
    layout,
    untranslated,
)
from badgegen.site.view_types import EndorsementView

__all__ = ["STYLES", "endorsement_edges", "endorsement_graph"]
"""`endorsement_edges` is here too: the page lists the edges beside the picture."""

SVG_NS = "http://www.w3.org/2000/svg"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Liberation Sans', sans-serif"
TEXT = "#1f2933"
"""14.8:1 on white, as in style.css."""
LINK = "#1d4ed8"
"""Link colour of style.css, 6.7:1 on white."""
BORDER = "#4b5563"
STYLES: dict[TargetKind, tuple[str, str]] = {
    "issuer": ("#5b21b6", ""),
    "badge": ("#14652f", "7 4"),
    "award": ("#7a4100", "1 5"),
}
"""Colour and dash pattern of each kind of arrow; every colour is above 6:1 on white."""
HEADINGS: dict[NodeKind, str] = {
    "endorser": N_("Endorsers"),
    "issuer": N_("Issuers"),
    "badge": N_("Badges"),
    "award": N_("Awards"),
}
LEGEND: dict[TargetKind, str] = {
    "issuer": N_("endorses an issuer (all it issues)"),
    "badge": N_("endorses a badge (every award of it)"),
    "award": N_("endorses one award"),
}


def _num(value: float) -> str:
    """Coordinates with at most one decimal, written the same way on every platform."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _sub(parent: ET.Element, tag: str, attrs: dict[str, str] | None = None) -> ET.Element:
    return ET.SubElement(parent, tag, attrs or {})


def _text(parent: ET.Element, x: float, y: float, content: str, **attrs: str) -> ET.Element:
    element = _sub(
        parent,
        "text",
        {"x": _num(x), "y": _num(y), "font-family": FONT, "font-size": str(FONT_SIZE)}
        | {k.replace("_", "-"): v for k, v in attrs.items()},
    )
    element.text = content
    return element


def _draw_node(parent: ET.Element, box: Box, link_prefix: str | None) -> None:
    node = box["node"]
    linked = bool(node["path"]) and link_prefix is not None
    holder = (
        _sub(parent, "a", {"href": f"{link_prefix}{node['path']}"}) if linked else _sub(parent, "g")
    )
    if box["shortened"]:
        _sub(holder, "title").text = node["label"]
    kind = node["kind"]
    stroke = BORDER if kind == "endorser" else STYLES[kind][0]
    _sub(
        holder,
        "rect",
        {
            "x": _num(box["x"]),
            "y": _num(box["y"]),
            "width": str(NODE_WIDTH),
            "height": _num(box["height"]),
            "rx": "8",
            "fill": "#fff",
            "stroke": stroke,
            "stroke-width": "1.5",
        },
    )
    attrs = {"fill": LINK, "text_decoration": "underline"} if linked else {"fill": TEXT}
    for index, line in enumerate(box["lines"]):
        baseline = box["y"] + PAD_Y + LINE * index + FONT_SIZE
        _text(holder, box["x"] + PAD_X, baseline, line, **attrs)


def endorsement_graph(
    endorsements: Sequence[EndorsementView],
    *,
    link_prefix: str | None = "../",
    translate: Callable[[str], str] = untranslated,
    id_prefix: str = "endorsement-graph",
) -> str:
    """The picture of `endorsements` (`Views.endorsements()`, oldest first) as an SVG element
    (a string to put inline in a page).

    `link_prefix` leads from the page to the site root (`root` in templates): nodes with a page
    become links. With None there are no links and the SVG is a plain `role="img"`; with links it
    is a labelled `role="group"`, because an image role hides its children from assistive
    technology and would leave keyboard users on links nobody announces. `translate` is the
    site language's gettext; `id_prefix` keeps ids unique in the page.
    """
    edges = endorsement_edges(endorsements, translate)
    plan = layout(edges)
    svg = _document(plan, translate, id_prefix, linked=link_prefix is not None)
    if not edges:
        _text(svg, MARGIN, MARGIN + FONT_SIZE, translate(N_("No endorsements yet.")), fill=TEXT)
    for heading, x, top in plan.headers:
        _text(svg, x, top + FONT_SIZE, translate(HEADINGS[heading]), fill=TEXT, font_weight="700")
    _draw_arrows(svg, plan, id_prefix)  # first, so that nodes are drawn over their ends
    layer = _sub(svg, "g")
    for box in [*plan.left, *plan.right]:
        _draw_node(layer, box, link_prefix)
    _draw_legend(svg, plan, translate, id_prefix)
    return ET.tostring(svg, encoding="unicode")


def _description(plan: Layout, translate: Callable[[str], str]) -> str:
    counts = {kind: sum(e["target_kind"] == kind for e in plan.edges) for kind in TARGET_KINDS}
    return translate(
        N_(
            "Endorsements: %(total)d (of issuers: %(issuers)d, of badges: %(badges)d, "
            "of awards: %(awards)d). Endorsers: %(endorsers)d. Each arrow goes from an "
            "endorser, on the left, to what they endorse, on the right. The list after the "
            "picture gives the same information."
        )
    ) % {
        "total": len(plan.edges),
        "issuers": counts["issuer"],
        "badges": counts["badge"],
        "awards": counts["award"],
        "endorsers": len(plan.left),
    }


def _document(
    plan: Layout, translate: Callable[[str], str], id_prefix: str, *, linked: bool
) -> ET.Element:
    """The `<svg>` element with its title, description, style, arrow heads and background."""
    width, height = _num(plan.width), _num(plan.height)
    svg = ET.Element(
        "svg",
        {
            "xmlns": SVG_NS,
            "id": id_prefix,
            "class": "endorsement-graph",
            "viewBox": f"0 0 {width} {height}",
            "width": width,
            "height": height,
            "role": "group" if linked else "img",
            "aria-labelledby": f"{id_prefix}-title",
            "aria-describedby": f"{id_prefix}-desc",
        },
    )
    _sub(svg, "title", {"id": f"{id_prefix}-title"}).text = translate(N_("Who endorses whom"))
    _sub(svg, "desc", {"id": f"{id_prefix}-desc"}).text = _description(plan, translate)
    _sub(svg, "style").text = (
        f"#{id_prefix} a:focus{{outline:none}}"
        f"#{id_prefix} a:focus-visible rect,#{id_prefix} a:hover rect"
        f"{{stroke:{LINK};stroke-width:3}}"
    )
    defs = _sub(svg, "defs")
    for kind in TARGET_KINDS:
        marker = _sub(
            defs,
            "marker",
            {
                "id": f"{id_prefix}-arrow-{kind}",
                "viewBox": "0 0 10 10",
                "refX": "9",
                "refY": "5",
                "markerWidth": "5",
                "markerHeight": "5",
                "orient": "auto",
            },
        )
        _sub(marker, "path", {"d": "M0 0L10 5L0 10z", "fill": STYLES[kind][0]})
    _sub(svg, "rect", {"width": width, "height": height, "fill": "#fff", "rx": "10"})
    return svg


def _line_style(kind: TargetKind, id_prefix: str) -> dict[str, str]:
    colour, dashes = STYLES[kind]
    attrs = {"stroke": colour, "marker-end": f"url(#{id_prefix}-arrow-{kind})"}
    if dashes:
        attrs |= {"stroke-dasharray": dashes, "stroke-linecap": "round"}
    return attrs


def _draw_arrows(svg: ET.Element, plan: Layout, id_prefix: str) -> None:
    arrows = _sub(svg, "g", {"aria-hidden": "true", "fill": "none", "stroke-width": "2"})
    x1, x2 = plan.arrow_x
    bend = EDGE_SPACE / 2
    for arrow in plan.arrows:
        y1, y2 = arrow.start, arrow.end
        path = (
            f"M{_num(x1)} {_num(y1)}C{_num(x1 + bend)} {_num(y1)} "
            f"{_num(x2 - bend)} {_num(y2)} {_num(x2)} {_num(y2)}"
        )
        _sub(arrows, "path", {"d": path} | _line_style(arrow.edge["target_kind"], id_prefix))


def _draw_legend(
    svg: ET.Element, plan: Layout, translate: Callable[[str], str], id_prefix: str
) -> None:
    """A sample of each arrow and what it means."""
    legend = _sub(svg, "g")
    for index, kind in enumerate(TARGET_KINDS):
        y_mid = plan.legend_top + LEGEND_LINE * index + LEGEND_LINE / 2
        style = _line_style(kind, id_prefix)
        attrs = {
            "d": f"M{MARGIN} {_num(y_mid)}H{MARGIN + 48}",
            "stroke": style.pop("stroke"),
            "stroke-width": "2",
            "marker-end": style.pop("marker-end"),
            "aria-hidden": "true",
        }
        _sub(legend, "path", attrs | style)
        _text(legend, MARGIN + 60, y_mid + 5, translate(LEGEND[kind]), fill=TEXT)
