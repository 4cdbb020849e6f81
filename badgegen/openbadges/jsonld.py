"""Offline JSON-LD: the bundled contexts, a loader that serves only them, and RDFC-1.0.

Why this module exists rather than a bare `pyld.jsonld.normalize` call:

- **No network, ever.** Contexts are data files shipped in `contexts/` (see its README); a
  context badgegen does not ship is an error, never a download. A signature made over a context
  that changed upstream would silently stop verifying (open-badges.md §9.3).
- **Safe mode.** Digital Bazaar verifiers (and the DCC wallet on top of them) canonicalize in
  JSON-LD *safe mode* and reject a credential in which a property is dropped or an IRI stays
  relative. PyLD 3.3 has no safe mode: it drops undefined terms silently, and it resolves
  relative IRIs against `http://example.org/base/`, so it would happily sign triples that no
  verifier reproduces. `canonicalize` refuses those documents instead.
- **Speed.** The loader tags every document `static`; only then does PyLD keep the resolved
  contexts in its process-wide cache (keyed by URL, shared with any other PyLD user in the
  process), so each file is read and processed once per process. A document is expanded once,
  by PyLD (the strict check needs its dropped-property report); the expanded form, which needs
  no context any more, is then canonicalized by Oxigraph's RDFC-1.0 (`pyoxigraph`), which gives
  the same canonical N-Quads as PyLD's URDNA2015 in a tenth of the time. Where the two disagree
  (the escaping of control characters in literals, which PyLD writes raw), PyLD's result is
  kept, so a signature never depends on which path was taken.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator, Mapping
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import pyoxigraph
from pyld import jsonld

from badgegen.openbadges.pyld_cache import CachingProcessor

CONTEXTS_DIR = Path(__file__).resolve().parent / "contexts"
"""Where the bundled context files and their `index.json` live."""

# The same test JSON-LD processors use (pyld `_is_absolute_iri`, jsonld.js `isAbsolute`).
_ABSOLUTE_IRI = re.compile(r"^([A-Za-z][A-Za-z0-9+\-.]*|_):[^\s]*$")

# jsonld.js's well-formedness test for `@language` (its safe mode rejects anything else).
_LANGUAGE_TAG = re.compile(r"^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$")

# `base: None`, not PyLD's default "" (which means "resolve against http://example.org/base/"):
# relative IRIs then stay relative in the expanded form, where `_relative_iris` finds them.
_EXPAND_OPTIONS: dict[str, Any] = {"base": None}
_NORMALIZE_OPTIONS: dict[str, Any] = {
    "algorithm": "URDNA2015",  # = RDFC-1.0; PyLD's default is the older URGNA2012
    "format": "application/n-quads",
    "base": None,
}


class CanonicalizationError(ValueError):
    """The document cannot be canonicalized the way a safe-mode verifier would.

    `problems` lists every reason found, so a caller can report them all at once.
    """

    def __init__(self, problems: list[str] | tuple[str, ...]) -> None:
        self.problems: tuple[str, ...] = tuple(problems)
        super().__init__("; ".join(self.problems))


class UnknownContextError(CanonicalizationError):
    """A document asked for a JSON-LD context badgegen does not bundle."""

    def __init__(self, url: str) -> None:
        self.url = url
        super().__init__(
            [
                f"JSON-LD context {url!r} is not bundled with badgegen, and badgegen never "
                f"fetches contexts over the network; bundled: {', '.join(sorted(_index()))}"
            ]
        )


@cache
def _index() -> dict[str, dict[str, str]]:
    index: dict[str, dict[str, str]] = json.loads(
        (CONTEXTS_DIR / "index.json").read_text(encoding="utf-8")
    )
    return index


@cache
def _aliases() -> dict[str, str]:
    """Every spelling the loader accepts → the canonical context URL.

    `http://` variants are accepted because the publishers redirect them to https; a trailing
    slash is accepted (or dropped) only for extension-less URLs, where servers treat both alike.
    """
    aliases: dict[str, str] = {}
    for url in _index():
        variants = {url, "http://" + url.removeprefix("https://")}
        if not url.endswith(".json"):
            variants |= {v.rstrip("/") + "/" for v in variants} | {v.rstrip("/") for v in variants}
        aliases.update(dict.fromkeys(variants, url))
    return aliases


@cache
def _context_text(url: str) -> str:
    return (CONTEXTS_DIR / _index()[url]["file"]).read_text(encoding="utf-8")


def context_files() -> dict[str, Path]:
    """The bundled contexts: canonical URL → file (e.g. to ship them to a static verify page)."""
    return {url: CONTEXTS_DIR / entry["file"] for url, entry in _index().items()}


def document_loader(url: str, options: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """A PyLD document loader that serves the bundled contexts and refuses everything else.

    Returns a fresh copy each time (PyLD may edit what it is given). Raises
    `UnknownContextError` for any URL that is not bundled.
    """
    canonical = _aliases().get(url)
    if canonical is None:
        raise UnknownContextError(url)
    return {
        "contextUrl": None,
        "documentUrl": canonical,
        "document": json.loads(_context_text(canonical)),
        "contentType": "application/ld+json",
        # Only "static" documents enter PyLD's shared resolved-context cache.
        "tag": "static",
    }


def canonicalize(document: dict[str, Any]) -> str:
    """The RDFC-1.0 (URDNA2015) canonical N-Quads of `document`, computed offline.

    Raises `CanonicalizationError` (naming each offender) when a property is not defined by
    the document's contexts, when a `type` or an `id` would be a relative IRI, or when a
    context is not bundled: a safe-mode verifier rejects such a document, so badgegen must
    refuse to sign it rather than sign what PyLD silently made of it.
    """
    text = _expanded_text(document)
    if _PYLD_ESCAPING.search(text):
        return _pyld_canonical(json.loads(text))
    return _oxigraph_canonical(text)


def _expanded_text(document: dict[str, Any]) -> str:
    """The strict expansion of `document` as JSON text.

    A node inside it that has its own `@context` (a signed endorsement embedded in an award's
    credential: the same few are embedded in every credential of a badge class or an issuer)
    is expanded once per process, on its own, and put back in place of a stand-in node that
    keeps its `@context` (so that the contexts are still applied where it sits, and a clash with
    a protected term is still found there). Its expansion is the same on its own as in place
    when every context involved is a bundled one: those set no default vocabulary, base or
    language that would reach into it. Any doubt takes the whole document in one expansion.
    """
    parts: dict[str, str] = {}
    shell = _hollowed(document, parts) if _bundled_only(document.get("@context")) else document
    if not parts:
        return json.dumps(_expand_strict(document), ensure_ascii=False)
    nodes = {stand_in: _embedded_expansion(embedded) for stand_in, embedded in parts.items()}
    if None in nodes.values():
        return json.dumps(_expand_strict(document), ensure_ascii=False)
    found: list[str] = []

    def put_back(match: re.Match[str]) -> str:
        node = nodes.get(match.group(1))
        if node is None:  # a reference of the document itself
            return match.group(0)
        found.append(match.group(1))
        return node

    # One pass over the text, whatever the number of embedded documents.
    text = _STAND_IN.sub(put_back, json.dumps(_expand_strict(shell), ensure_ascii=False))
    if sorted(found) != sorted(nodes):  # each stand-in exactly once
        return json.dumps(_expand_strict(document), ensure_ascii=False)
    return text


_STAND_IN = re.compile(r'\{"@id": "(urn:uuid:[0-9a-f-]{36})"\}')


def _bundled_only(context: Any) -> bool:
    """Whether a `@context` value names bundled contexts only (URLs, no inline definitions)."""
    contexts = context if isinstance(context, list) else [context]
    return bool(contexts) and all(isinstance(c, str) and c in _aliases() for c in contexts)


def _hollowed(node: Any, parts: dict[str, str], *, top: bool = True) -> Any:
    """A copy of `node` where each embedded document is a stand-in `{"@context", "@id"}`;
    `parts` receives each embedded document's JSON text by the stand-in's (random) id."""
    if isinstance(node, list):
        return [_hollowed(item, parts, top=False) for item in node]
    if not isinstance(node, dict):
        return node
    if not top and "@context" in node and _bundled_only(node["@context"]):
        stand_in = f"urn:uuid:{uuid.uuid4()}"
        parts[stand_in] = json.dumps(node, ensure_ascii=False, sort_keys=True)
        return {"@context": node["@context"], "@id": stand_in}
    return {
        key: value if key == "@context" else _hollowed(value, parts, top=False)
        for key, value in node.items()
    }


@lru_cache(maxsize=4096)
def _embedded_expansion(document: str) -> str | None:
    """The strict expansion of an embedded document on its own, as the JSON text of its one
    node; None when it is not one node or is refused (the caller then expands everything)."""
    try:
        expanded = _expand_strict(json.loads(document))
    except CanonicalizationError:
        return None
    if len(expanded) != 1:
        return None
    return json.dumps(expanded[0], ensure_ascii=False)


_PYLD_ESCAPING = re.compile(r"\\u00[01][0-9a-fA-F]|\\[bf]|[\x7f\ufffe\uffff]")
"""In the JSON text of an expanded document: a character whose escaping in canonical N-Quads
PyLD and Oxigraph do not agree on (control characters but tab and line ends, DEL, the two
non-characters U+FFFE and U+FFFF). A false alarm (an escaped backslash before `u00`) only
takes the slower path."""


def _oxigraph_canonical(expanded: str) -> str:
    """RDFC-1.0 canonical N-Quads of expanded JSON-LD text (no context left to resolve)."""
    try:
        dataset = pyoxigraph.Dataset(pyoxigraph.parse(expanded, pyoxigraph.RdfFormat.JSON_LD))
    except (SyntaxError, ValueError) as error:
        raise CanonicalizationError([f"JSON-LD processing failed: {error}"]) from error
    dataset.canonicalize(pyoxigraph.CanonicalizationAlgorithm.RDFC_1_0)
    nquads = pyoxigraph.serialize(dataset, format=pyoxigraph.RdfFormat.N_QUADS)
    assert isinstance(nquads, bytes)
    # Canonical N-Quads: one statement a line, sorted by code point (UTF-8 byte order agrees).
    lines = sorted(nquads.split(b"\n"))
    return "".join(line.decode("utf-8") + "\n" for line in lines if line)


def _pyld_canonical(expanded: list[dict[str, Any]]) -> str:
    try:
        nquads = jsonld.JsonLdProcessor().normalize(
            expanded, {**_NORMALIZE_OPTIONS, "documentLoader": document_loader}
        )
    except (jsonld.JsonLdError, ValueError) as error:  # ValueError: PyLD's IRI resolver
        raise _translate(error) from error
    assert isinstance(nquads, str)
    return nquads


def _expand_strict(document: dict[str, Any]) -> list[dict[str, Any]]:
    """Expand with PyLD, then reject what JSON-LD safe mode would reject."""
    dropped: list[str | None] = []
    processor = CachingProcessor(on_property_dropped=dropped.append)
    try:
        expanded = processor.expand(
            document, {**_EXPAND_OPTIONS, "documentLoader": document_loader}
        )
    except (jsonld.JsonLdError, ValueError) as error:  # ValueError: PyLD's IRI resolver
        raise _translate(error) from error
    problems = [_dropped_message(document, name) for name in dict.fromkeys(dropped)]
    problems += list(dict.fromkeys(_relative_iris(expanded)))
    if problems:
        raise CanonicalizationError(problems)
    assert isinstance(expanded, list)
    return expanded


def _translate(error: BaseException) -> CanonicalizationError:
    """PyLD wraps errors in layers of JsonLdError; surface the innermost one, readably."""
    cause: BaseException | None = error
    innermost = error
    while cause is not None:
        if isinstance(cause, CanonicalizationError):
            return cause
        innermost = cause
        cause = cause.__cause__ or cause.__context__
    message = str(innermost.args[0]) if innermost.args else type(innermost).__name__
    details = getattr(innermost, "details", None)
    if details:
        message += f" {details!r}"[:300]
    return CanonicalizationError([f"JSON-LD processing failed: {message}"])


def _dropped_message(document: dict[str, Any], name: str | None) -> str:
    advice = "safe-mode verifiers reject the document: remove it or use a term the contexts define"
    if name is None:  # PyLD passes None for a key like "@foo" or a term mapped to null
        odd = sorted(
            {
                path
                for path in _key_paths(document)
                if (key := path.rsplit(".", 1)[-1]).startswith("@") and key not in jsonld.KEYWORDS
            }
        )
        what = (
            " / ".join(repr(path) for path in odd) if odd else "(a term the context maps to null)"
        )
        return f"property {what} expands to no IRI and would be dropped; {advice}"
    where = [path for path in _key_paths(document) if path.rsplit(".", 1)[-1] == name]
    at = f" (at {', '.join(where)})" if where else ""
    return f"property {name!r}{at} is not defined by any @context and would be dropped; {advice}"


def _key_paths(node: Any, path: str = "") -> Iterator[str]:
    """Dotted paths of every key in `node`, skipping embedded `@context` values."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "@context":
                continue
            here = f"{path}.{key}" if path else key
            yield here
            yield from _key_paths(value, here)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from _key_paths(item, f"{path}[{i}]")


def _relative_iris(node: Any) -> Iterator[str]:
    """Messages for every relative `@type` or `@id`, and bad language tag, in expanded JSON-LD."""
    if isinstance(node, list):
        for item in node:
            yield from _relative_iris(item)
        return
    if not isinstance(node, dict):
        return
    if "@value" in node:  # a literal: PyLD checks its datatype, not its language tag
        language = node.get("@language")
        if isinstance(language, str) and not _LANGUAGE_TAG.match(language):
            yield (
                f"language tag {language!r} is not well-formed (BCP 47); safe-mode verifiers "
                "reject the document"
            )
        return
    for key, value in node.items():
        if key == "@type":
            for type_ in value if isinstance(value, list) else [value]:
                if isinstance(type_, str) and not _ABSOLUTE_IRI.match(type_):
                    yield (
                        f"type {type_!r} is not defined by any @context (it would be a "
                        "relative IRI); safe-mode verifiers reject the document: use a type "
                        "the contexts define or a full IRI"
                    )
        elif key == "@id":
            if isinstance(value, str) and not _ABSOLUTE_IRI.match(value):
                yield (
                    f"id {value!r} is a relative IRI; safe-mode verifiers reject the "
                    "document: use an absolute URL, DID or URN"
                )
        else:
            yield from _relative_iris(value)
