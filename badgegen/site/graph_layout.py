"""The endorsement graph without its drawing: who endorses whom, and where each box and arrow
goes. `graph.py` draws it as SVG.

Layout, chosen to be the same on every build and readable without zooming: endorsers in the left
column, what they endorse in the right column, grouped by kind (issuers, badge classes, awards),
one curved arrow per endorsement. The endorsers are ordered by the mean height of what they
endorse, and the arrows of a box are spread along its side in the order of their other ends,
so that arrows cross as little as they can.

The graph is drawn from the endorsement views (`views.Views.endorsements`), so the privacy rule
lives in `views.py` alone: an award is "badge — earner" only when the earner's showcase is
public; any other award comes without a link and without the earner's name, and is shown here
as "an award of <badge>". Endorsers and endorsed issuers are named: endorsing and issuing are
public acts, published in their Open Badges profile anyway.

`endorsement_edges` gives the same data as plain records, for the list that accompanies the
picture: the list is the accessible equivalent, the picture gives the overview.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, TypedDict

from badgegen.content.model import TargetKind
from badgegen.marks import N_
from badgegen.site.view_types import EndorsementView

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


def untranslated(message: str) -> str:
    return message


# --- the data ---------------------------------------------------------------------------------


def _endorser(view: EndorsementView) -> GraphNode:
    who = view["endorser"]
    return {
        "key": f"endorser:{who['slug']}",
        "label": who["name"],
        "path": who["path"],
        "kind": "endorser",
    }


def _target(view: EndorsementView, translate: Callable[[str], str]) -> GraphNode:
    kind, label = view["target_kind"], view["target_name"]
    if kind == "award" and not view["target_path"]:
        # The view names no earner without a public showcase: say whose badge it is instead.
        label = translate(N_("an award of %(badge)s")) % {"badge": label}
    return {
        "key": f"{kind}:{view['target']}",
        "label": label,
        "path": view["target_path"],
        "kind": kind,
    }


def endorsement_edges(
    endorsements: Iterable[EndorsementView], translate: Callable[[str], str] = untranslated
) -> list[GraphEdge]:
    """Every endorsement as an edge, in the order given (the gallery's: oldest first)."""
    return [
        {
            "id": e["id"],
            "endorser": _endorser(e),
            "target": _target(e, translate),
            "target_kind": e["target_kind"],
            "issued_on": e["issued_on"],
        }
        for e in endorsements
    ]


# --- the layout -------------------------------------------------------------------------------

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


Header = tuple[NodeKind, float, float]
"""The heading of a column or group: its kind, x and top."""


class Box(TypedDict):
    node: GraphNode
    x: float
    y: float
    height: float
    lines: list[str]
    shortened: bool


def _box(node: GraphNode, x: float, y: float) -> Box:
    lines, shortened = _wrap(node["label"])
    height = 2 * PAD_Y + LINE * len(lines)
    return {"node": node, "x": x, "y": y, "height": height, "lines": lines, "shortened": shortened}


def _centre(box: Box) -> float:
    return box["y"] + box["height"] / 2


def _ports(count: int, box: Box) -> list[float]:
    """Where `count` arrows leave or reach a node: spread evenly along its height."""
    return [box["y"] + box["height"] * (i + 1) / (count + 1) for i in range(count)]


@dataclass(frozen=True, slots=True)
class Arrow:
    edge: GraphEdge
    start: float
    """Height where it leaves its endorser's box."""
    end: float
    """Height where it reaches its target's box."""


@dataclass(frozen=True, slots=True)
class Layout:
    edges: list[GraphEdge]
    left: list[Box]
    """The endorsers, top to bottom."""
    right: list[Box]
    """What they endorse, top to bottom, grouped in the order of TARGET_KINDS."""
    headers: list[Header]
    """The heading of each column or group: its kind, x and top."""
    arrows: list[Arrow]
    """In the order of the endorsement ids."""
    width: float
    height: float
    legend_top: float

    @property
    def arrow_x(self) -> tuple[float, float]:
        """Where the arrows leave the left column and reach the right one."""
        return MARGIN + NODE_WIDTH, MARGIN + NODE_WIDTH + EDGE_SPACE - 1


def _right_column(edges: list[GraphEdge], x: float) -> tuple[dict[str, Box], list[Header], float]:
    """One group per kind, nodes sorted by label; the boxes, the headers and the bottom."""
    targets: dict[str, Box] = {}
    headers: list[Header] = []
    y = float(MARGIN)
    for kind in TARGET_KINDS:
        nodes = {e["target"]["key"]: e["target"] for e in edges if e["target_kind"] == kind}
        if not nodes:
            continue
        if headers:
            y += GROUP_GAP - NODE_GAP
        headers.append((kind, x, y))
        y += HEADER
        for node in sorted(nodes.values(), key=lambda n: (n["label"].casefold(), n["key"])):
            targets[node["key"]] = box = _box(node, x, y)
            y += box["height"] + NODE_GAP
    return targets, headers, y - NODE_GAP


def _left_column(edges: list[GraphEdge], targets: dict[str, Box]) -> tuple[list[Box], float]:
    """The endorsers ordered by the mean height of what they endorse; the boxes and the bottom."""
    endorsers = {e["endorser"]["key"]: e["endorser"] for e in edges}

    def order(node: GraphNode) -> tuple[float, str, str]:
        mine = [
            _centre(targets[e["target"]["key"]])
            for e in edges
            if e["endorser"]["key"] == node["key"]
        ]
        return (sum(mine) / len(mine), node["label"].casefold(), node["key"])

    left: list[Box] = []
    y = float(MARGIN + HEADER)
    for node in sorted(endorsers.values(), key=order):
        left.append(box := _box(node, MARGIN, y))
        y += box["height"] + NODE_GAP
    return left, y - NODE_GAP


def _arrows(
    edges: list[GraphEdge], sources: dict[str, Box], targets: dict[str, Box]
) -> list[Arrow]:
    outgoing: dict[str, list[GraphEdge]] = {}
    incoming: dict[str, list[GraphEdge]] = {}
    for e in edges:
        outgoing.setdefault(e["endorser"]["key"], []).append(e)
        incoming.setdefault(e["target"]["key"], []).append(e)
    start: dict[str, float] = {}
    end: dict[str, float] = {}
    for key, items in outgoing.items():
        items.sort(key=lambda e: (_centre(targets[e["target"]["key"]]), e["id"]))
        start.update(zip((e["id"] for e in items), _ports(len(items), sources[key]), strict=True))
    for key, items in incoming.items():
        items.sort(key=lambda e: (_centre(sources[e["endorser"]["key"]]), e["id"]))
        end.update(zip((e["id"] for e in items), _ports(len(items), targets[key]), strict=True))
    return [Arrow(e, start[e["id"]], end[e["id"]]) for e in sorted(edges, key=lambda e: e["id"])]


def layout(edges: list[GraphEdge]) -> Layout:
    """Where every box, heading and arrow of the graph goes (the same on every build)."""
    right_x = MARGIN + NODE_WIDTH + EDGE_SPACE
    targets, headers, right_bottom = _right_column(edges, right_x)
    left, left_bottom = _left_column(edges, targets)
    shift = max(0.0, (right_bottom - left_bottom) / 2)  # the endorsers face what they endorse
    for box in left:
        box["y"] += shift
    if left:
        headers.insert(0, ("endorser", MARGIN, MARGIN + shift))
    sources = {box["node"]["key"]: box for box in left}
    body_bottom = max(right_bottom, left_bottom + shift, MARGIN + LINE)
    legend_top = body_bottom + 2 * MARGIN
    return Layout(
        edges=edges,
        left=left,
        right=list(targets.values()),
        headers=headers,
        arrows=_arrows(edges, sources, targets),
        width=right_x + NODE_WIDTH + MARGIN,
        height=legend_top + LEGEND_LINE * len(TARGET_KINDS) + MARGIN,
        legend_top=legend_top,
    )
