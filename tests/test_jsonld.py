"""Offline JSON-LD: bundled contexts only, RDFC-1.0 output, and safe-mode refusals.

The refusal cases mirror what jsonld.js 9 in safe mode (Digital Bazaar, DCC) rejects:
"invalid property", "relative @type reference", "relative @id reference",
"invalid @language value".
"""

from __future__ import annotations

import copy
import hashlib
import json
import socket
import statistics
import time
from collections.abc import Callable
from typing import Any

import pytest

from badgegen.openbadges import jsonld, pyld_cache
from badgegen.openbadges.jsonld import (
    CONTEXTS_DIR,
    CanonicalizationError,
    UnknownContextError,
    canonicalize,
    context_files,
    document_loader,
)
from tests.conftest import demo_credentials, load_test_data

VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB_303 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
BUNDLED = [
    VC_V2,
    OB_303,
    "https://w3id.org/security/data-integrity/v2",
    "https://w3id.org/security/multikey/v1",
    "https://www.w3.org/ns/did/v1",
]


OB3 = load_test_data("ob3_eddsa_rdfc_2022_vector.json")
W3C = load_test_data("vc_di_eddsa_rdfc_2022_vector.json")
TYPICAL = load_test_data("ob3_typical_credential.json")


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open a connection fails the test."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


# --- the bundled files --------------------------------------------------------------------------


def test_index_lists_every_bundled_file_with_its_provenance_and_hash() -> None:
    index = json.loads((CONTEXTS_DIR / "index.json").read_text(encoding="utf-8"))
    assert sorted(index) == sorted(BUNDLED)
    for url, entry in index.items():
        data = (CONTEXTS_DIR / entry["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], url
        assert "@" in entry["package"] and entry["path"], url
        assert "@context" in json.loads(data), url
    shipped = {p.name for p in CONTEXTS_DIR.iterdir()} - {"index.json", "README.md"}
    assert shipped == {entry["file"] for entry in index.values()}
    assert context_files() == {url: CONTEXTS_DIR / e["file"] for url, e in index.items()}


# --- the loader ---------------------------------------------------------------------------------


@pytest.mark.parametrize("url", BUNDLED)
def test_loader_serves_each_bundled_context(url: str) -> None:
    remote = document_loader(url, {})
    assert remote["documentUrl"] == url
    assert remote["contextUrl"] is None
    assert remote["tag"] == "static"  # what lets PyLD cache the processed context
    assert remote["document"] == json.loads(context_files()[url].read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("variant", "canonical"),
    [
        ("http://www.w3.org/ns/credentials/v2", VC_V2),
        ("https://www.w3.org/ns/credentials/v2/", VC_V2),
        ("http://www.w3.org/ns/did/v1/", "https://www.w3.org/ns/did/v1"),
        ("http://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json", OB_303),
    ],
)
def test_loader_accepts_http_and_trailing_slash_variants(variant: str, canonical: str) -> None:
    assert document_loader(variant)["documentUrl"] == canonical


@pytest.mark.parametrize(
    "url",
    [
        "https://www.w3.org/ns/credentials/examples/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json/",
        "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json",
        "https://www.w3.org/2018/credentials/v1",
        "https://evil.example/https://www.w3.org/ns/credentials/v2",
        "file:///etc/passwd",
        "",
    ],
)
def test_loader_refuses_anything_else(url: str) -> None:
    with pytest.raises(UnknownContextError, match="not bundled") as caught:
        document_loader(url)
    assert caught.value.url == url
    assert isinstance(caught.value, CanonicalizationError)


def test_loader_returns_a_fresh_copy_each_time() -> None:
    first = document_loader(VC_V2)
    first["document"]["@context"]["id"] = "changed"
    assert document_loader(VC_V2)["document"]["@context"]["id"] == "@id"


# --- canonical forms ----------------------------------------------------------------------------


def test_1edtech_vector_document_canonical_form() -> None:
    assert canonicalize(OB3["credential"]) == OB3["documentCanon"]


def test_1edtech_vector_proof_configuration_canonical_form() -> None:
    proof = {k: v for k, v in OB3["signedProof"].items() if k != "proofValue"}
    config = {**proof, "@context": OB3["credential"]["@context"]}
    assert canonicalize(config) == OB3["proofCanon"]


def test_w3c_vector_proof_configuration_canonical_form() -> None:
    """The W3C proof config also names the examples context, which is not bundled.

    The VC v2 context protects every proof term, so the examples context cannot change them:
    with it left out, the canonical form must still equal the published one.
    """
    config = dict(W3C["proofConfig"])
    assert config["@context"] == [VC_V2, "https://www.w3.org/ns/credentials/examples/v2"]
    with pytest.raises(UnknownContextError):
        canonicalize(config)
    assert canonicalize({**config, "@context": [VC_V2]}) == W3C["proofCanon"]


def test_canonical_form_ignores_key_order_and_leaves_the_input_alone() -> None:
    document = copy.deepcopy(TYPICAL)
    reordered = dict(reversed(list(document.items())))
    assert canonicalize(reordered) == canonicalize(document)
    assert document == TYPICAL


def test_everything_in_a_typical_credential_is_kept() -> None:
    nquads = canonicalize(TYPICAL)
    for text in ["Soldering Basics", "sha256$b5809d8a", "4711", "LED blinker", "DS-3"]:
        assert text in nquads


def _pyld_only(document: dict[str, Any]) -> str:
    """The canonical form as PyLD alone computes it (the reference the fast path must match)."""
    return jsonld._pyld_canonical(jsonld._expand_strict(document))


@pytest.mark.parametrize("name", ["vector", "typical"])
def test_the_fast_canonicalizer_agrees_with_pyld(name: str) -> None:
    document = OB3["credential"] if name == "vector" else TYPICAL
    text = json.dumps(jsonld._expand_strict(document), ensure_ascii=False)
    assert not jsonld._PYLD_ESCAPING.search(text)  # so canonicalize took Oxigraph's path
    assert jsonld._oxigraph_canonical(text) == _pyld_only(document)


@pytest.mark.parametrize(
    "text",
    ["tab\tand\r\nline ends", "«guillemets» \u2028 \U0001f600", "bell \x07", "DEL \x7f", "\x00"],
)
def test_literals_are_escaped_as_pyld_escapes_them(text: str) -> None:
    """Oxigraph escapes control characters in literals, PyLD writes them raw: a document holding
    one is canonicalized by PyLD, so the signature does not depend on the path taken."""
    document = copy.deepcopy(TYPICAL)
    document["name"] = text
    assert canonicalize(document) == _pyld_only(document)


def _with_embedded(*changes: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    """The typical credential with signed credentials embedded in its issuer and achievement,
    as an award's credential embeds the endorsements of its issuer and badge class."""
    document = copy.deepcopy(TYPICAL)
    embedded = copy.deepcopy(OB3["credential"])
    for change in changes:
        change(embedded)
    document["issuer"]["endorsement"] = [embedded, copy.deepcopy(OB3["credential"])]
    document["credentialSubject"]["achievement"]["endorsement"] = [copy.deepcopy(embedded)]
    return document


def test_embedded_documents_are_expanded_on_their_own_with_the_same_result() -> None:
    document = _with_embedded()
    parts: dict[str, str] = {}
    jsonld._hollowed(document, parts)
    assert len(parts) == 3
    assert canonicalize(document) == _pyld_only(document)
    assert canonicalize(document) == _pyld_only(document)  # again, from what was kept


def test_an_embedded_document_with_an_undefined_term_is_still_refused() -> None:
    document = _with_embedded(lambda embedded: embedded.update(colour="vert"))
    with pytest.raises(CanonicalizationError, match="'colour'"):
        canonicalize(document)


def test_an_embedded_document_with_an_inline_context_is_expanded_in_place() -> None:
    """An inline context could set a default vocabulary or language for what it holds: such a
    part is not expanded on its own."""

    def inline(embedded: dict[str, Any]) -> None:
        embedded["@context"] = [*embedded["@context"], {"@language": "fr"}]

    document = _with_embedded(inline)
    parts: dict[str, str] = {}
    jsonld._hollowed(document, parts)
    assert len(parts) == 1  # only the issuer's second, plain one
    assert canonicalize(document) == _pyld_only(document)


def test_canonicalizing_is_fast_after_warm_up() -> None:
    canonicalize(TYPICAL)
    timings = []
    for _ in range(5):
        start = time.perf_counter()
        canonicalize(TYPICAL)
        timings.append(time.perf_counter() - start)
    assert statistics.median(timings) < 0.1


# --- refusals -----------------------------------------------------------------------------------


def _refused(change: Callable[[dict[str, Any]], None]) -> CanonicalizationError:
    document = copy.deepcopy(OB3["credential"])
    change(document)
    with pytest.raises(CanonicalizationError) as caught:
        canonicalize(document)
    return caught.value


def test_an_undefined_property_is_refused_by_name_and_place() -> None:
    error = _refused(lambda d: d["credentialSubject"].update(foo=1))
    assert error.problems == (
        "property 'foo' (at credentialSubject.foo) is not defined by any @context and would be "
        "dropped; safe-mode verifiers reject the document: remove it or use a term the contexts "
        "define",
    )


def test_a_vc_1_1_term_is_undefined_under_the_v2_context() -> None:
    error = _refused(lambda d: d.update(issuanceDate="2010-01-01T00:00:00Z"))
    assert "'issuanceDate' (at issuanceDate)" in str(error)


def test_a_relative_type_is_refused_by_name() -> None:
    error = _refused(lambda d: d.update(type=["VerifiableCredential", "MyType"]))
    assert error.problems == (
        "type 'MyType' is not defined by any @context (it would be a relative IRI); safe-mode "
        "verifiers reject the document: use a type the contexts define or a full IRI",
    )


def test_a_1edtech_extension_type_needs_its_context() -> None:
    error = _refused(
        lambda d: d.update(
            credentialSchema=[
                {"id": "https://example.org/s.json", "type": "1EdTechJsonSchemaValidator2019"}
            ]
        )
    )
    assert "'1EdTechJsonSchemaValidator2019'" in str(error)


def test_a_full_iri_type_is_fine() -> None:
    document = copy.deepcopy(OB3["credential"])
    document["credentialSubject"]["achievement"]["type"].append(
        "https://w3id.org/openbadges#BadgeClass"
    )
    assert "<https://w3id.org/openbadges#BadgeClass>" in canonicalize(document)


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (lambda d: d.update(id="credentials/1"), "id 'credentials/1' is a relative IRI"),
        (lambda d: d["issuer"].update(id=""), "id '' is a relative IRI"),
        (lambda d: d.update(image={"id": "badge.png", "type": "Image"}), "id 'badge.png'"),
    ],
)
def test_a_relative_id_is_refused(change: Callable[[dict[str, Any]], None], named: str) -> None:
    """PyLD would resolve it against http://example.org/base/ and sign that."""
    assert named in str(_refused(change))


def test_a_keyword_like_key_is_refused() -> None:
    assert "'@foo'" in str(_refused(lambda d: d.update({"@foo": 1})))


def test_a_malformed_language_tag_is_refused() -> None:
    error = _refused(lambda d: d.update(name={"@value": "x", "@language": "not a tag!"}))
    assert "language tag 'not a tag!'" in str(error)


def test_every_problem_is_reported_at_once() -> None:
    def change(d: dict[str, Any]) -> None:
        d["credentialSubject"].update(foo=1)
        d["issuer"].update(bar=2)
        d.update(type=["VerifiableCredential", "MyType"])

    problems = _refused(change).problems
    assert len(problems) == 3
    assert {"'foo'", "'bar'", "'MyType'"} <= {w for p in problems for w in p.split()}


def test_a_relative_context_url_is_refused() -> None:
    error = _refused(lambda d: d["@context"].append("context.json"))
    assert "'context.json'" in str(error)


def test_an_unknown_context_is_refused_by_url() -> None:
    error = _refused(lambda d: d["@context"].append("https://example.org/my-context.json"))
    assert isinstance(error, UnknownContextError)
    assert error.url == "https://example.org/my-context.json"


def test_each_context_processed_once_gives_pyld_s_own_expansion_of_every_demo_credential() -> None:
    """The processed contexts kept between expansions (`_Processor`) change nothing: each demo
    credential expands, the first time and again, exactly as a plain PyLD processor expands it."""
    documents = demo_credentials()
    assert len(documents) > 20
    options = {"base": None, "documentLoader": document_loader}
    for document in documents:
        plain = jsonld.jsonld.JsonLdProcessor().expand(copy.deepcopy(document), options)
        assert jsonld._expand_strict(document) == plain
        assert jsonld._expand_strict(document) == plain
    assert pyld_cache.PROCESSED  # the contexts were kept
