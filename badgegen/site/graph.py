"""Who endorses whom, drawn at build time as an SVG picture (no JavaScript needed to read it).

Layout, chosen to be the same on every build and readable without zooming: endorsers in the left
column, what they endorse in the right column, grouped by kind (issuers, badge classes, awards),
one curved arrow per endorsement. Arrows differ by colour *and* line style, explained in a legend,
so the kinds never depend on colour alone. Text is dark on white (contrast above 7:1).

Privacy: an award is shown as "badge — earner" only when the earner's showcase is public. Any
other award is "an award of <badge>", with no link, because a non-public earner's name must not
appear on a page anyone can browse to (the same rule as `views.py`, which never links them).
Endorsers and endorsed issuers are named: endorsing and issuing are public acts, published in
their Open Badges profile anyway.

`endorsement_edges` gives the same data as plain records, for the list that accompanies the
picture: the list is the accessible equivalent, the picture gives the overview.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import datetime
from typing import Literal, TypedDict

from badgegen.content.model import Endorsement, Gallery, Issuer
from badgegen.marks import N_
from badgegen.urls import Urls

TargetKind = Literal["issuer", "badge", "award"]
NodeKind = Literal["endorser", "issuer", "badge", "award"]
TARGET_KINDS: tuple[TargetKind, ...] = ("issuer", "badge", "award")
"""Order of the groups in the right column and in the list."""


class GraphNode(TypedDict):
    key: str
    """Unique within the graph: `endorser:<slug>`, `issuer:<slug>`, `badge:<slug>`, `award:<id>`."""
    label: str
    """Text shown for the node; never the name of an earner whose showcase is not public."""
    path: str
    """Site path of the node's page, or "" when there is none to link to."""
    kind: NodeKind


class GraphEdge(TypedDict):
    id: str
    """The endorsement's id."""
    endorser: GraphNode
    target: GraphNode
    target_kind: TargetKind
    issued_on: datetime


def _identity(message: str) -> str:
    return message


# --- the data ---------------------------------------------------------------------------------


def _endorser(gallery: Gallery, slug: str) -> GraphNode:
    who = gallery.party(slug)
    if isinstance(who, Issuer):
        path = Urls.issuer_page(slug)
    else:
        path = Urls.earner_page(slug) if who.is_listed else ""
    return {"key": f"endorser:{slug}", "label": who.name, "path": path, "kind": "endorser"}


def _target(gallery: Gallery, e: Endorsement, translate: Callable[[str], str]) -> GraphNode:
    key = f"{e.target_kind}:{e.target}"
    if e.target_kind == "award":
        award = gallery.award(e.target)
        badge = gallery.badge(award.badge)
        earner = gallery.earner(award.earner)
        if earner.is_listed:
            label, path = f"{badge.name} — {earner.name}", Urls.award_page(award.id)
        else:
            label = translate(N_("an award of %(badge)s")) % {"badge": badge.name}
            path = ""
        return {"key": key, "label": label, "path": path, "kind": "award"}
    if e.target_kind == "badge":
        badge = gallery.badge(e.target)
        return {
            "key": key,
            "label": badge.name,
            "path": Urls.badge_page(badge.slug),
            "kind": "badge",
        }
    who = gallery.party(e.target)
    if isinstance(who, Issuer):
        path = Urls.issuer_page(who.slug)
    else:
        path = Urls.earner_page(who.slug) if who.is_listed else ""
    return {"key": key, "label": who.name, "path": path, "kind": "issuer"}


def endorsement_edges(
    gallery: Gallery, translate: Callable[[str], str] = _identity
) -> list[GraphEdge]:
    """Every endorsement as an edge, in the gallery's order (oldest first)."""
    return [
        {
            "id": e.id,
            "endorser": _endorser(gallery, e.endorser),
            "target": _target(gallery, e, translate),
            "target_kind": e.target_kind,
            "issued_on": e.issued_on,
        }
        for e in gallery.endorsements
    ]


# --- the picture ------------------------------------------------------------------------------

SVG_NS = "http://www.w3.org/2000/svg"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Liberation Sans', sans-serif"
FONT_SIZE = 14
LINE = 18
CHAR_WIDTH = 0.6 * FONT_SIZE
"""A generous average glyph width: SVG text does not wrap, so labels are wrapped here."""
MAX_LINES = 3
MARGIN = 16
NODE_WIDTH = 260
PAD_X = 12
PAD_Y = 9
NODE_GAP = 10
GROUP_GAP = 22
HEADER = 26
EDGE_SPACE = 190
"""Horizontal room for the arrows between the two columns."""
LEGEND_LINE = 24
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
TEXT_WIDTH = NODE_WIDTH - 2 * PAD_X


def _wrap(label: str, max_chars: int = int(TEXT_WIDTH / CHAR_WIDTH)) -> tuple[list[str], bool]:
    """Lines of at most `max_chars`, cut at spaces, at most MAX_LINES; True when shortened."""
    lines: list[str] = []
    current = ""
    for word in label.split():
        while len(word) > max_chars:  # a very long word (a URL, a compound name): hard break
            if current:
                lines.append(current)
                current = ""
            lines.append(word[: max_chars - 1] + "-")
            word = word[max_chars - 1 :]
        candidate = f"{current} {word}" if current else word
        if len(candidate) <= max_chars:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    if len(lines) <= MAX_LINES:
        return lines, False
    kept = lines[:MAX_LINES]
    kept[-1] = kept[-1][: max_chars - 1].rstrip() + "…"
    return kept, True


def _num(value: float) -> str:
    """Coordinates with at most one decimal, written the same way on every platform."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


class _Box(TypedDict):
    node: GraphNode
    x: float
    y: float
    height: float
    lines: list[str]
    shortened: bool


def _box(node: GraphNode, x: float, y: float) -> _Box:
    lines, shortened = _wrap(node["label"])
    height = 2 * PAD_Y + LINE * len(lines)
    return {"node": node, "x": x, "y": y, "height": height, "lines": lines, "shortened": shortened}


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


def _draw_node(parent: ET.Element, box: _Box, link_prefix: str | None) -> None:
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


def _ports(count: int, box: _Box) -> list[float]:
    """Where `count` arrows leave or reach a node: spread evenly along its height."""
    return [box["y"] + box["height"] * (i + 1) / (count + 1) for i in range(count)]


def endorsement_graph(
    gallery: Gallery,
    *,
    link_prefix: str | None = "../",
    translate: Callable[[str], str] = _identity,
    id_prefix: str = "endorsement-graph",
) -> str:
    """The endorsement picture as an SVG element (a string to put inline in a page).

    `link_prefix` leads from the page to the site root (`root` in templates): nodes with a page
    become links. With None there are no links and the SVG is a plain `role="img"`; with links it
    is a labelled `role="group"`, because an image role hides its children from assistive
    technology and would leave keyboard users on links nobody announces. `translate` is the
    site language's gettext; `id_prefix` keeps ids unique in the page.
    """
    edges = endorsement_edges(gallery, translate)
    right_x = MARGIN + NODE_WIDTH + EDGE_SPACE
    width = right_x + NODE_WIDTH + MARGIN

    # Right column: one group per kind, nodes sorted by label.
    targets: dict[str, _Box] = {}
    headers: list[tuple[str, float, float]] = []
    y = float(MARGIN)
    for kind in TARGET_KINDS:
        nodes = {e["target"]["key"]: e["target"] for e in edges if e["target_kind"] == kind}
        if not nodes:
            continue
        if headers:
            y += GROUP_GAP - NODE_GAP
        headers.append((translate(HEADINGS[kind]), right_x, y))
        y += HEADER
        for node in sorted(nodes.values(), key=lambda n: (n["label"].casefold(), n["key"])):
            targets[node["key"]] = box = _box(node, right_x, y)
            y += box["height"] + NODE_GAP
    right_bottom = y - NODE_GAP

    # Left column: endorsers ordered by the mean height of what they endorse (fewer crossings).
    endorsers = {e["endorser"]["key"]: e["endorser"] for e in edges}

    def centre(box: _Box) -> float:
        return box["y"] + box["height"] / 2

    def order(node: GraphNode) -> tuple[float, str, str]:
        mine = [
            centre(targets[e["target"]["key"]])
            for e in edges
            if e["endorser"]["key"] == node["key"]
        ]
        return (sum(mine) / len(mine), node["label"].casefold(), node["key"])

    left: list[_Box] = []
    y = float(MARGIN + HEADER)
    for node in sorted(endorsers.values(), key=order):
        left.append(box := _box(node, MARGIN, y))
        y += box["height"] + NODE_GAP
    left_bottom = y - NODE_GAP
    shift = max(0.0, (right_bottom - left_bottom) / 2)
    for box in left:
        box["y"] += shift
    sources = {box["node"]["key"]: box for box in left}
    if endorsers:
        headers.insert(0, (translate(HEADINGS["endorser"]), MARGIN, MARGIN + shift))

    body_bottom = max(right_bottom, left_bottom + shift, MARGIN + LINE)
    legend_top = body_bottom + 2 * MARGIN
    height = legend_top + LEGEND_LINE * len(TARGET_KINDS) + MARGIN

    # The document.
    counts = {kind: sum(e["target_kind"] == kind for e in edges) for kind in TARGET_KINDS}
    title = translate(N_("Who endorses whom"))
    desc = translate(
        N_(
            "Endorsements: %(total)d (of issuers: %(issuers)d, of badges: %(badges)d, "
            "of awards: %(awards)d). Endorsers: %(endorsers)d. Each arrow goes from an "
            "endorser, on the left, to what they endorse, on the right. The list after the "
            "picture gives the same information."
        )
    ) % {
        "total": len(edges),
        "issuers": counts["issuer"],
        "badges": counts["badge"],
        "awards": counts["award"],
        "endorsers": len(endorsers),
    }
    svg = ET.Element(
        "svg",
        {
            "xmlns": SVG_NS,
            "id": id_prefix,
            "class": "endorsement-graph",
            "viewBox": f"0 0 {_num(width)} {_num(height)}",
            "width": _num(width),
            "height": _num(height),
            "role": "img" if link_prefix is None else "group",
            "aria-labelledby": f"{id_prefix}-title",
            "aria-describedby": f"{id_prefix}-desc",
        },
    )
    _sub(svg, "title", {"id": f"{id_prefix}-title"}).text = title
    _sub(svg, "desc", {"id": f"{id_prefix}-desc"}).text = desc
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
    _sub(
        svg,
        "rect",
        {"width": _num(width), "height": _num(height), "fill": "#fff", "rx": "10"},
    )
    if not edges:
        _text(svg, MARGIN, MARGIN + FONT_SIZE, translate(N_("No endorsements yet.")), fill=TEXT)

    for text, x, top in headers:
        _text(svg, x, top + FONT_SIZE, text, fill=TEXT, font_weight="700")

    # Arrows first, so that nodes are drawn over their ends.
    arrows = _sub(svg, "g", {"aria-hidden": "true", "fill": "none", "stroke-width": "2"})
    outgoing: dict[str, list[GraphEdge]] = {}
    incoming: dict[str, list[GraphEdge]] = {}
    for e in edges:
        outgoing.setdefault(e["endorser"]["key"], []).append(e)
        incoming.setdefault(e["target"]["key"], []).append(e)
    start: dict[str, float] = {}
    end: dict[str, float] = {}
    for key, items in outgoing.items():
        items.sort(key=lambda e: (centre(targets[e["target"]["key"]]), e["id"]))
        start.update(zip((e["id"] for e in items), _ports(len(items), sources[key]), strict=True))
    for key, items in incoming.items():
        items.sort(key=lambda e: (centre(sources[e["endorser"]["key"]]), e["id"]))
        end.update(zip((e["id"] for e in items), _ports(len(items), targets[key]), strict=True))
    x1, x2 = MARGIN + NODE_WIDTH, right_x - 1
    bend = EDGE_SPACE / 2
    for e in sorted(edges, key=lambda e: e["id"]):
        colour, dashes = STYLES[e["target_kind"]]
        y1, y2 = start[e["id"]], end[e["id"]]
        attrs = {
            "d": f"M{_num(x1)} {_num(y1)}C{_num(x1 + bend)} {_num(y1)} "
            f"{_num(x2 - bend)} {_num(y2)} {_num(x2)} {_num(y2)}",
            "stroke": colour,
            "marker-end": f"url(#{id_prefix}-arrow-{e['target_kind']})",
        }
        if dashes:
            attrs |= {"stroke-dasharray": dashes, "stroke-linecap": "round"}
        _sub(arrows, "path", attrs)

    layer = _sub(svg, "g")
    for box in [*left, *targets.values()]:
        _draw_node(layer, box, link_prefix)

    # Legend: a sample of each arrow and what it means.
    legend = _sub(svg, "g")
    for index, kind in enumerate(TARGET_KINDS):
        colour, dashes = STYLES[kind]
        y_mid = legend_top + LEGEND_LINE * index + LEGEND_LINE / 2
        attrs = {
            "d": f"M{MARGIN} {_num(y_mid)}H{MARGIN + 48}",
            "stroke": colour,
            "stroke-width": "2",
            "marker-end": f"url(#{id_prefix}-arrow-{kind})",
            "aria-hidden": "true",
        }
        if dashes:
            attrs |= {"stroke-dasharray": dashes, "stroke-linecap": "round"}
        _sub(legend, "path", attrs)
        _text(legend, MARGIN + 60, y_mid + 5, translate(LEGEND[kind]), fill=TEXT)

    return ET.tostring(svg, encoding="unicode")
