/* eddsa-rdfc-2022 signatures checked in the browser, for the verification page (verify.js).
   W3C Data Integrity EdDSA Cryptosuites v1.0, "eddsa-rdfc-2022" verification:
   1. the proof's verificationMethod must be a key of the issuer (its did:web DID document,
      read from this site, lists it under assertionMethod), a Multikey `z6Mk…`;
   2. the document without `proof`, and the proof options without `proofValue` but with the
      document's `@context`, are canonicalized with RDFC-1.0 (jsonld.js + rdf-canonize, vendored
      in static/vendor/, contexts from this site's contexts/ folder, in JSON-LD safe mode);
   3. hashData = SHA-256(canonical proof options) ‖ SHA-256(canonical document);
   4. the Ed25519 signature (base58btc after the multibase `z`) is checked with WebCrypto.
   Exposes window.badgegenSignature.verify(document, local, root) → Promise of
   {ok: true | false | null, detail}; null means it could not be checked (not an error in the
   credential). `local(url)` maps an address on this site to where it can be fetched. */
(function () {
  "use strict";

  var ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

  /* Base58 (Bitcoin alphabet) → bytes; each leading "1" is a zero byte. */
  function base58btc(text) {
    var bytes = []; // little-endian while decoding
    for (var i = 0; i < text.length; i += 1) {
      var carry = ALPHABET.indexOf(text[i]);
      if (carry < 0) throw new Error("not base58btc");
      for (var j = 0; j < bytes.length; j += 1) {
        carry += bytes[j] * 58;
        bytes[j] = carry & 0xff;
        carry >>= 8;
      }
      while (carry > 0) {
        bytes.push(carry & 0xff);
        carry >>= 8;
      }
    }
    for (var k = 0; k < text.length && text[k] === "1"; k += 1) bytes.push(0);
    return Uint8Array.from(bytes.reverse());
  }

  function fetchJson(url) {
    return fetch(url, { cache: "no-store", credentials: "omit" }).then(function (response) {
      if (!response.ok) throw new Error(url + ": HTTP " + response.status);
      return response.json();
    });
  }

  /* did:web → the URL of its DID document (`:` → `/`, `%3A` → `:`, then /did.json). */
  function didUrls(did) {
    var parts = did.slice("did:web:".length).split(":").map(decodeURIComponent);
    var rest = parts.slice(1).join("/");
    var path = "/" + (rest ? rest + "/" : ".well-known/") + "did.json";
    return ["https://", "http://"].map(function (scheme) { return scheme + parts[0] + path; });
  }

  var contexts = null;

  function loader(root) {
    if (!contexts) contexts = fetchJson(root + "contexts/index.json");
    return function (url) {
      return contexts.then(function (index) {
        var file = index[url];
        if (!file) throw new Error("no copy of the context " + url + " on this site");
        return fetchJson(root + "contexts/" + file).then(function (document) {
          return { contextUrl: null, documentUrl: url, document: document };
        });
      });
    };
  }

  function canonize(document, root) {
    return window.jsonld.canonize(document, {
      algorithm: "RDFC-1.0",
      format: "application/n-quads",
      documentLoader: loader(root),
      safe: true,
    });
  }

  function sha256(text) {
    return crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)).then(function (b) {
      return new Uint8Array(b);
    });
  }

  function publicKey(multibase) {
    if (typeof multibase !== "string" || multibase[0] !== "z") throw new Error("not a Multikey");
    var bytes = base58btc(multibase.slice(1));
    if (bytes.length !== 34 || bytes[0] !== 0xed || bytes[1] !== 0x01) {
      throw new Error("not an Ed25519 Multikey");
    }
    return bytes.slice(2);
  }

  function verify(document, local, root) {
    var proof = Array.isArray(document.proof) ? document.proof[0] : document.proof;
    if (!proof || typeof proof !== "object") return Promise.resolve({ ok: false, detail: "no-proof" });
    if (proof.type !== "DataIntegrityProof" || proof.cryptosuite !== "eddsa-rdfc-2022") {
      return Promise.resolve({ ok: null, detail: "unsupported" });
    }
    if (!window.jsonld || !window.crypto || !crypto.subtle) {
      return Promise.resolve({ ok: null, detail: "no-library" });
    }
    var method = String(proof.verificationMethod || "");
    var did = method.split("#")[0];
    var issuer = typeof document.issuer === "string" ? document.issuer : (document.issuer || {}).id;
    if (did !== issuer) return Promise.resolve({ ok: false, detail: "not-issuer" });
    var where = did.indexOf("did:web:") === 0 ? didUrls(did).map(local).filter(Boolean)[0] : null;
    if (!where) return Promise.resolve({ ok: null, detail: "other-site" });

    var unsecured = Object.assign({}, document);
    delete unsecured.proof;
    var options = Object.assign({}, proof);
    delete options.proofValue;
    options["@context"] = document["@context"];

    return fetchJson(where)
      .then(function (didDocument) {
        var keys = (didDocument.verificationMethod || []).filter(function (vm) {
          return vm.id === method;
        });
        if (!keys.length || (didDocument.assertionMethod || []).indexOf(method) < 0) {
          throw { detail: "unknown-key" };
        }
        var key = publicKey(keys[0].publicKeyMultibase);
        return Promise.all([canonize(options, root), canonize(unsecured, root)]).then(
          function (canonical) {
            return Promise.all([sha256(canonical[0]), sha256(canonical[1])]).then(function (h) {
              var data = new Uint8Array(64);
              data.set(h[0], 0);
              data.set(h[1], 32);
              var signature = base58btc(String(proof.proofValue || "").slice(1));
              return crypto.subtle
                .importKey("raw", key, { name: "Ed25519" }, false, ["verify"])
                .then(function (cryptoKey) {
                  return crypto.subtle.verify({ name: "Ed25519" }, cryptoKey, signature, data);
                });
            });
          },
          function () { throw { detail: "canonicalization" }; }
        );
      })
      .then(
        function (valid) { return { ok: valid, detail: valid ? "valid" : "invalid" }; },
        function (error) {
          var detail = error && error.detail;
          return detail ? { ok: false, detail: detail } : { ok: null, detail: "unreadable" };
        }
      );
  }

  window.badgegenSignature = { verify: verify, base58btc: base58btc };
})();
