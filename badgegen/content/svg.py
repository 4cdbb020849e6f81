"""SVG from strangers, made safe once: checked, filtered by an allow-list, checked again.

A published SVG runs on the site's own origin, and the rasterizer reads what it links to. So:

1. the file is parsed with defusedxml (no entities, no DTD beyond the standard one-line
   `<!DOCTYPE svg …>`, nothing external is ever loaded), and refused, with the line, when it is
   too large or too deep, links to anything but its own parts (`#id`) or an embedded raster
   picture, uses CSS `url()` to the outside, `@import` or CSS escapes, or fans out through
   `<use>` beyond the limits;
2. svg-hush (Cloudflare's allow-list filter) keeps only known elements and attributes: scripts,
   event handlers, `<foreignObject>` and animation of attributes go;
3. the filtered bytes are parsed and checked again. These bytes are what the site publishes,
   bakes and rasterizes.
"""

from __future__ import annotations

import base64
import binascii
import io
import re
import xml.sax
from dataclasses import dataclass, field
from urllib.parse import unquote_to_bytes
from xml.sax.handler import ContentHandler
from xml.sax.xmlreader import AttributesNSImpl, Locator

from defusedxml import DefusedXmlException, EntitiesForbidden
from defusedxml.expatreader import DefusedExpatParser
from py_svg_hush import filter_svg

from badgegen.content import limits
from badgegen.content.pictures import raster_problem

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
RASTER_DATA = re.compile(r"^data:image/(png|jpeg|gif|webp)(?:;[^,]*)?,", re.IGNORECASE)
KEPT_DATA_TYPES = {"image": ["png", "jpeg", "gif", "webp"]}
"""Embedded pictures svg-hush keeps (by element, then by subtype); anything else it drops."""
CSS_LOADERS = re.compile(r"(?:image-set|\bsrc)\s*\(", re.IGNORECASE)
CSS_URL = re.compile(r"url\(\s*(['\"]?)\s*([^'\")]*)", re.IGNORECASE)
ANIMATIONS = {"set", "animate", "animateTransform", "animateMotion"}
REMOVED_ELEMENTS = {"script", "foreignObject", "iframe", "embed", "object", "handler"}
HINT = "fix the drawing (Inkscape: Edit › XML Editor) or export it again as plain SVG"


@dataclass(frozen=True, slots=True)
class CleanSvg:
    """The bytes to publish, the drawing's size, and what the filter removed (line, what)."""

    data: bytes
    width: float | None
    height: float | None
    removed: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True, slots=True)
class SvgRefusal:
    line: int | None
    message: str
    hint: str = HINT


class _Refused(Exception):
    def __init__(self, line: int | None, message: str, hint: str = HINT) -> None:
        super().__init__(message)
        self.refusal = SvgRefusal(line, message, hint)


@dataclass(slots=True)
class _Frame:
    ident: str | None
    count: int = 1
    refs: list[tuple[str, int]] = field(default_factory=list)


class _Checker(ContentHandler):
    """Counts, measures and checks every element and attribute as the parser meets them."""

    def __init__(self) -> None:
        super().__init__()
        self.locator: Locator | None = None
        self.stack: list[_Frame] = []
        self.elements = 0
        self.subtrees: dict[str, tuple[int, list[tuple[str, int]]]] = {}
        self.top: _Frame | None = None
        self.root_attrs: dict[str, str] = {}
        self.removed: list[tuple[int, str]] = []
        self.style_line: int | None = None
        self.style: list[str] | None = None
        """Text of the <style> element being read: checked whole at its end, because the parser
        may hand it over in pieces (`ur&#108;(` arrives as "ur" and "l(")."""

    @property
    def line(self) -> int | None:
        return self.locator.getLineNumber() if self.locator else None

    def setDocumentLocator(self, locator: Locator) -> None:
        self.locator = locator

    def refuse(self, message: str, hint: str = HINT, line: int | None = None) -> None:
        raise _Refused(line or self.line, message, hint)

    def startElementNS(
        self, name: tuple[str | None, str], qname: str | None, attrs: AttributesNSImpl
    ) -> None:
        namespace, local = name
        self.elements += 1
        if self.elements > limits.MAX_SVG_ELEMENTS:
            self.refuse(f"the SVG has more than {limits.MAX_SVG_ELEMENTS} elements")
        if len(self.stack) >= limits.MAX_SVG_DEPTH:
            self.refuse(f"the SVG nests elements more than {limits.MAX_SVG_DEPTH} deep")
        if not self.stack:
            if (namespace, local) != (SVG_NAMESPACE, "svg"):
                self.refuse(
                    "the root element is not <svg> in the SVG namespace",
                    f'start the file with <svg xmlns="{SVG_NAMESPACE}" …>',
                )
            self.root_attrs = {key[1]: value for key, value in attrs.items()}
        if local in REMOVED_ELEMENTS and self.line:
            self.removed.append((self.line, f"<{local}>"))
        animated = {key[1]: value for key, value in attrs.items()}.get("attributeName", "")
        if (
            local in ANIMATIONS
            and animated.lower().split(":")[-1].startswith(("on", "href"))
            and self.line
        ):
            self.removed.append((self.line, f"<{local}> of {animated}"))
        frame = _Frame(ident=None)
        for (_attr_ns, attr), value in attrs.items():
            if attr.lower().startswith("on") and self.line:
                self.removed.append((self.line, f"the {attr} attribute"))
            if attr == "id":
                frame.ident = value.strip()
            elif attr == "href":
                self._href(local, value.strip(), frame)
            elif attr == "style" or "url(" in value.lower():
                self._css(value, frame)
        if local == "style":
            self.style, self.style_line = [], self.line
        self.stack.append(frame)

    def endElementNS(self, name: tuple[str | None, str], qname: str | None) -> None:
        frame = self.stack.pop()
        if name[1] == "style" and self.style is not None:
            self._css("".join(self.style), frame, self.style_line)
            self.style = None
        if frame.ident:
            self.subtrees.setdefault(frame.ident, (frame.count, frame.refs))
        if self.stack:
            self.stack[-1].count += frame.count
            self.stack[-1].refs.extend(frame.refs)
        else:
            self.top = frame

    def characters(self, content: str) -> None:
        if self.style is not None:
            self.style.append(content)

    def _href(self, element: str, value: str, frame: _Frame) -> None:
        if value.startswith("#"):
            frame.refs.append((value[1:], self.line or 0))
            return
        match = RASTER_DATA.match(value)
        if match and element == "image":
            _check_embedded(value[match.end() :], "base64" in match.group(0).lower(), self)
            return
        shown = value if len(value) <= 60 else value[:57] + "…"
        self.refuse(
            f"<{element}> links to {shown!r}: an SVG may only link to its own parts (#id) "
            "and embed PNG, JPEG, GIF or WebP pictures as data: URLs",
            "embed the picture in the SVG (Inkscape: Extensions › Images › Embed Images) "
            "or remove the link; a published SVG must not load anything from elsewhere",
        )

    def _css(self, text: str, frame: _Frame, first_line: int | None = None) -> None:
        """Check CSS; `first_line` is where a <style> element's text starts (else: this line)."""

        def at(position: int) -> int | None:
            return first_line + text.count("\n", 0, position) if first_line else None

        lowered = text.lower()
        if "\\" in text:
            self.refuse(
                "CSS escapes (\\) are not allowed in an SVG's styles",
                "write the CSS plainly",
                at(text.index("\\")),
            )
        if "@import" in lowered:
            self.refuse(
                "@import is not allowed in an SVG's styles",
                "put the styles in the SVG",
                at(lowered.index("@import")),
            )
        loader = CSS_LOADERS.search(text)
        if loader:
            self.refuse(
                "image-set() and src() are not allowed in an SVG's styles: they load pictures "
                "from elsewhere",
                "use gradients, patterns or embedded pictures drawn in the SVG",
                at(loader.start()),
            )
        for match in CSS_URL.finditer(text):
            target = match.group(2).strip()
            if not target.startswith("#"):
                self.refuse(
                    f"CSS url({target!r}) points outside the SVG",
                    "only url(#id) references to the drawing's own gradients, patterns, "
                    "filters, clip paths and masks are allowed",
                    at(match.start()),
                )
            frame.refs.append((target[1:], at(match.start()) or self.line or 0))


def _check_embedded(payload: str, is_base64: bool, checker: _Checker) -> None:
    """An embedded picture must decode and stay within the pixel limit (it is rasterized)."""
    try:
        data = (
            base64.b64decode(re.sub(r"\s+", "", payload), validate=True)
            if is_base64
            else unquote_to_bytes(payload)
        )
    except (binascii.Error, ValueError):
        checker.refuse("an embedded picture is not valid base64")
    problem = raster_problem(data, limits.MAX_IMAGE_PIXELS)
    if problem:
        checker.refuse(f"an embedded picture: {problem}", "embed a smaller, undamaged picture")


class _Parser(DefusedExpatParser):
    """defusedxml's SAX parser, tolerating only the standard one-line SVG doctype."""

    def __init__(self) -> None:
        super().__init__(namespaceHandling=1, forbid_dtd=True, forbid_external=True)

    def defused_start_doctype_decl(
        self, name: str, sysid: str | None, pubid: str | None, has_internal_subset: bool
    ) -> None:
        if has_internal_subset:
            raise _Refused(
                self.getLineNumber(),
                "the SVG declares a DTD with its own definitions (<!DOCTYPE svg [ … ]>)",
                "remove the <!DOCTYPE …> block: an SVG needs none",
            )

    def defused_external_entity_ref_handler(  # type: ignore[override]
        self, context: str | None, base: str | None, sysid: str | None, pubid: str | None
    ) -> int:
        return 1  # never load anything: the standard DTD is known, others are refused above


def _scan(data: bytes) -> _Checker:
    checker = _Checker()
    parser = _Parser()
    parser.setFeature(xml.sax.handler.feature_namespaces, True)
    parser.setContentHandler(checker)
    try:
        parser.parse(io.BytesIO(data))
    except EntitiesForbidden as exc:
        raise _Refused(
            checker.line,
            f"the SVG defines an XML entity ({exc.name!r})",
            "remove the <!DOCTYPE …> block and write the text out",
        ) from exc
    except DefusedXmlException as exc:
        raise _Refused(checker.line, f"the SVG uses a forbidden XML feature ({exc})") from exc
    except xml.sax.SAXParseException as exc:
        raise _Refused(
            exc.getLineNumber(), f"the SVG file is not valid XML ({exc.getMessage()})"
        ) from exc
    except (xml.sax.SAXException, ValueError) as exc:
        raise _Refused(checker.line, f"the SVG file is not valid XML ({exc})") from exc
    _check_references(checker)
    return checker


def _check_references(checker: _Checker) -> None:
    """Expand `#id` references as a renderer would, without drawing: bound cost and depth."""
    costs: dict[str, tuple[int, int]] = {}
    """id → (elements drawn, reference depth)"""
    active: set[str] = set()

    def cost(ident: str, line: int) -> tuple[int, int]:
        if ident in costs:
            return costs[ident]
        if ident not in checker.subtrees:
            return 0, 0
        if ident in active:
            raise _Refused(line, f"the reference to #{ident} loops back on itself")
        if len(active) >= limits.MAX_SVG_USE_DEPTH:
            _too_deep(line)
        active.add(ident)
        count, refs = checker.subtrees[ident]
        depth = 0
        for target, ref_line in refs:
            if target == ident:
                raise _Refused(ref_line, f"the reference to #{ident} loops back on itself")
            sub, sub_depth = cost(target, ref_line)
            count += sub
            depth = max(depth, sub_depth + 1)
            if depth > limits.MAX_SVG_USE_DEPTH:
                _too_deep(ref_line)
            if count > limits.MAX_SVG_RENDERED_ELEMENTS:
                _fan_out(ref_line)
        active.discard(ident)
        costs[ident] = (count, depth)
        return count, depth

    top = checker.top or _Frame(None, 0)
    total = top.count
    for target, line in top.refs:
        total += cost(target, line)[0]
        if total > limits.MAX_SVG_RENDERED_ELEMENTS:
            _fan_out(line)


def _too_deep(line: int) -> None:
    raise _Refused(
        line,
        f"references (<use>, url(#…)) are chained more than {limits.MAX_SVG_USE_DEPTH} deep",
        "refer to the drawn shapes directly instead of through chains of <use>",
    )


def _fan_out(line: int) -> None:
    raise _Refused(
        line,
        f"the SVG's <use> references expand to more than {limits.MAX_SVG_RENDERED_ELEMENTS} "
        "elements",
        "draw the copies without nesting <use> of <use>, or simplify the drawing",
    )


def _size(attrs: dict[str, str]) -> tuple[float | None, float | None]:
    view_box = re.split(r"[\s,]+", attrs.get("viewBox", "").strip())
    if len(view_box) == 4:
        try:
            return float(view_box[2]), float(view_box[3])
        except ValueError:
            pass

    def number(value: str | None) -> float | None:
        match = re.match(r"^\s*([0-9]+(?:\.[0-9]*)?)", value or "")
        return float(match.group(1)) if match else None

    return number(attrs.get("width")), number(attrs.get("height"))


def clean_svg(data: bytes) -> CleanSvg | SvgRefusal:
    """The safe bytes of an SVG file, or why it is refused (with the line in the file)."""
    if len(data) > limits.MAX_IMAGE_BYTES:
        return SvgRefusal(
            None,
            f"the SVG file is larger than {limits.MAX_IMAGE_BYTES // limits.MIB} MB",
            "simplify the drawing or save it as optimised SVG",
        )
    try:
        checker = _scan(data)
        try:
            cleaned = filter_svg(data, KEPT_DATA_TYPES)
        except ValueError as exc:
            raise _Refused(None, f"the SVG file cannot be read ({exc})") from exc
        try:
            _scan(cleaned)
        except _Refused as exc:  # the filter's output must pass the same checks
            raise _Refused(None, f"the SVG cannot be made safe: {exc.refusal.message}") from exc
    except _Refused as exc:
        return exc.refusal
    width, height = _size(checker.root_attrs)
    return CleanSvg(cleaned, width, height, tuple(checker.removed))
