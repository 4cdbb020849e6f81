/* The verification page (themes/default/templates/verify.html).
   Input: a baked PNG (iTXt chunk `openbadgecredential` for 3.0, `openbadges` for 2.0), a baked
   SVG (`openbadges:credential` in https://purl.imsglobal.org/ob/v3p0, `openbadges:assertion` in
   http://openbadges.org), a credential or assertion as JSON, or an address on this site (a
   credential, an award page, a short address).
   Checks, on this site only: the copy published at the credential's `id` (identical, or which
   fields differ), the dates against the visitor's clock, and revocation (the Bitstring Status
   List for 3.0, the hosted assertion for 2.0) with window.badgegenStatus from status.js.
   The eddsa-rdfc-2022 signature of a 3.0 credential is checked by signature.js (WebCrypto
   Ed25519, jsonld.js vendored in the theme). Nothing typed or dropped is sent anywhere.
   DOM contract (browser tests rely on it): the result section gets data-verdict
   (valid | expired | revoked | different | invalid | unknown) and each check an li[data-check]. */
(function () {
  "use strict";

  var form = document.querySelector("[data-verify]");
  if (!form) return;
  var text = JSON.parse(document.querySelector(".verify-text").textContent);
  var baseUrl = form.dataset.baseUrl;
  var root = new URL(form.dataset.root, location.href).href;
  var OB3_NS = "https://purl.imsglobal.org/ob/v3p0";
  var OB2_NS = "http://openbadges.org";
  var status = window.badgegenStatus;

  function say(template, values) {
    return status.say(template, values);
  }

  /* An address on this site → the address to fetch it from here (the site may be previewed
     elsewhere than its base_url); null for any other site. */
  function local(url) {
    if (typeof url !== "string") return null;
    if (url.indexOf(baseUrl) === 0) return root + url.slice(baseUrl.length);
    if (url.indexOf(root) === 0) return url;
    return null;
  }

  function fetchJson(url) {
    return fetch(url, { cache: "no-store", credentials: "omit" }).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    });
  }

  // --- extraction ------------------------------------------------------------------------------

  var latin1 = new TextDecoder("latin1");
  var utf8 = new TextDecoder("utf-8");

  function inflate(bytes) {
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate"));
    return new Response(stream).arrayBuffer().then(function (b) { return utf8.decode(b); });
  }

  /* PNG text chunks: keyword → text (a promise each). */
  function pngTexts(bytes) {
    var view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    var found = {};
    var at = 8;
    while (at + 8 <= bytes.length) {
      var length = view.getUint32(at);
      var type = latin1.decode(bytes.subarray(at + 4, at + 8));
      var data = bytes.subarray(at + 8, at + 8 + length);
      if (type === "iTXt" || type === "tEXt") {
        var zero = data.indexOf(0);
        var keyword = latin1.decode(data.subarray(0, zero));
        if (type === "tEXt") {
          found[keyword] = Promise.resolve(latin1.decode(data.subarray(zero + 1)));
        } else {
          var compressed = data[zero + 1] === 1;
          var rest = zero + 3;
          rest = data.indexOf(0, rest) + 1; // language tag
          rest = data.indexOf(0, rest) + 1; // translated keyword
          var payload = data.subarray(rest);
          found[keyword] = compressed ? inflate(payload) : Promise.resolve(utf8.decode(payload));
        }
      }
      if (type === "IEND") break;
      at += 12 + length;
    }
    return found;
  }

  function svgTexts(source) {
    var doc = new DOMParser().parseFromString(source, "image/svg+xml");
    var found = {};
    var credential = doc.getElementsByTagNameNS(OB3_NS, "credential")[0];
    if (credential) found.openbadgecredential = Promise.resolve(credential.textContent);
    var assertion = doc.getElementsByTagNameNS(OB2_NS, "assertion")[0];
    if (assertion) {
      found.openbadges = Promise.resolve(
        assertion.textContent.trim() || assertion.getAttribute("verify") || ""
      );
    }
    return found;
  }

  /* A payload (JSON text, or a URL) → the object, fetched from this site when it is a URL. */
  function fromText(value) {
    var trimmed = value.trim();
    if (!trimmed) return Promise.reject(new Error("empty"));
    if (trimmed[0] === "{") return Promise.resolve(JSON.parse(trimmed));
    var url;
    try {
      url = new URL(trimmed, location.href).href;
    } catch (error) {
      return Promise.reject(error);
    }
    var here = local(url);
    if (!here) return Promise.resolve({ otherSite: url });
    if (/\.json$/.test(new URL(here).pathname)) return fetchJson(here);
    // An award page or a short address: its credential, else what its canonical link names.
    var folder = here.replace(/[?#].*$/, "").replace(/\/?$/, "/");
    return fetchJson(folder + "credential.json").catch(function () {
      return fetchJson(folder + "assertion.json").catch(function () {
        return fetch(here, { credentials: "omit" })
          .then(function (r) { return r.text(); })
          .then(function (html) {
            var doc = new DOMParser().parseFromString(html, "text/html");
            var link = doc.querySelector('link[rel="canonical"]');
            var target = link && local(link.href) ? link.getAttribute("href") : null;
            if (!target || target === url) throw new Error("no badge at " + url);
            return fromText(target);
          });
      });
    });
  }

  /* The file or text given → {document, kind: "3" | "2"}. */
  function extract(file, pasted) {
    var payloads;
    if (file) {
      payloads = file.arrayBuffer().then(function (buffer) {
        var bytes = new Uint8Array(buffer);
        var isPng = bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47;
        if (isPng) return pngTexts(bytes);
        var source = utf8.decode(bytes);
        if (/^\s*\{/.test(source)) return { json: Promise.resolve(source) };
        return svgTexts(source);
      });
    } else {
      payloads = Promise.resolve({ json: Promise.resolve(pasted) });
    }
    return payloads.then(function (found) {
      var chosen = found.openbadgecredential || found.openbadges || found.json;
      if (!chosen) throw new Error("no badge");
      return chosen.then(fromText);
    });
  }

  // --- comparison and checks -----------------------------------------------------------------

  function types(document) {
    var value = document.type || document["@type"] || [];
    return Array.isArray(value) ? value : [value];
  }

  /* Paths where two JSON values differ (at most `limit`). */
  function differences(given, published, path, out, limit) {
    if (out.length >= limit) return out;
    var bothObjects = given && published && typeof given === "object" && typeof published === "object";
    if (!bothObjects || Array.isArray(given) !== Array.isArray(published)) {
      if (JSON.stringify(given) !== JSON.stringify(published)) out.push(path || "(document)");
      return out;
    }
    var keys = {};
    Object.keys(given).concat(Object.keys(published)).forEach(function (k) { keys[k] = true; });
    Object.keys(keys).sort().forEach(function (key) {
      var sub = Array.isArray(given) ? path + "[" + key + "]" : path ? path + "." + key : key;
      differences(given[key], published[key], sub, out, limit);
    });
    return out;
  }

  function statusOf(document) {
    var entry = document.credentialStatus;
    if (Array.isArray(entry)) entry = entry[0];
    if (!entry || !entry.statusListCredential) return Promise.resolve(null);
    var url = local(entry.statusListCredential);
    if (!url) return Promise.resolve(null);
    return status
      .checkStatusList(url, parseInt(entry.statusListIndex, 10))
      .then(function (r) { return r.revoked; }, function () { return null; });
  }

  /* The status list is a credential signed by the issuer too: check its signature as well. */
  function listSignatureOf(document) {
    var entry = document.credentialStatus;
    if (Array.isArray(entry)) entry = entry[0];
    var url = entry && local(entry.statusListCredential);
    if (!url || !window.badgegenSignature) return Promise.resolve(null);
    return fetchJson(url).then(
      function (list) { return window.badgegenSignature.verify(list, local, root); },
      function () { return null; }
    );
  }

  function check(found) {
    var checks = [];
    var add = function (name, ok, line) { checks.push({ name: name, ok: ok, line: line }); };
    if (found.otherSite) {
      add("site", null, say(text.other_site, { url: found.otherSite }));
      return Promise.resolve({ verdict: "unknown", checks: checks });
    }
    var kind = types(found).indexOf("Assertion") >= 0 ? "2" : "3";
    var isCredential = types(found).indexOf("VerifiableCredential") >= 0;
    if (kind === "3" && !isCredential) throw new Error("no badge");
    var name = found.name || (found.credentialSubject && found.credentialSubject.achievement && found.credentialSubject.achievement.name) || "";
    add("kind", null, kind === "3" ? say(text.version3, { name: name }) : say(text.version2, { url: found.id }));
    var here = local(found.id);
    if (!here) {
      add("site", false, say(text.other_site, { url: found.id }));
      return Promise.resolve({ verdict: "unknown", checks: checks });
    }
    return fetchJson(here).then(
      function (published) {
        var diff = differences(found, published, "", [], 8);
        if (diff.length) {
          add("identical", false, say(text.different, { fields: diff.join(", ") }));
        } else {
          add("identical", true, text.identical);
        }
        var now = new Date();
        var from = published.validFrom || published.issuedOn;
        var until = published.validUntil || published.expires;
        var expired = false;
        if (from && new Date(from) > now) {
          expired = true;
          add("dates", false, say(text.not_yet, { date: status.formatDate(new Date(from)) }));
        } else if (from) {
          add("dates", true, say(text.valid_from, { date: status.formatDate(new Date(from)) }));
        }
        if (until && new Date(until) <= now) {
          expired = true;
          add("expiry", false, say(text.expired_on, { date: status.formatDate(new Date(until)) }));
        } else {
          add("expiry", true, until ? say(text.valid_until, { date: status.formatDate(new Date(until)) }) : text.no_expiry);
        }
        var revocation = kind === "2"
          ? Promise.resolve(published.revoked === true)
          : statusOf(published);
        var signature = kind === "3" && window.badgegenSignature
          ? window.badgegenSignature.verify(found, local, root)
          : Promise.resolve(kind === "3" ? { ok: null, detail: "no-library" } : null);
        var listSigned = kind === "3" ? listSignatureOf(published) : Promise.resolve(null);
        return Promise.all([revocation, signature, listSigned]).then(function (outcomes) {
          var revoked = outcomes[0];
          var signed = outcomes[1];
          var list = outcomes[2];
          if (list && list.ok === false) revoked = null; // a list whose signature fails says nothing
          if (revoked === null) add("revocation", null, text.status_unknown);
          else add("revocation", !revoked, revoked ? text.revoked : text.not_revoked);
          if (list) {
            add("list-signature", list.ok, list.ok ? text.list_signature_valid
              : list.ok === false ? text.list_signature_invalid : text.list_signature_unchecked);
          }
          if (signed) add("signature", signed.ok, text["signature_" + signed.detail] || text.signature_unreadable);
          var verdict = diff.length ? "different"
            : signed && signed.ok === false ? "invalid"
            : list && list.ok === false ? "unknown"
            : revoked ? "revoked" : expired ? "expired" : "valid";
          return { verdict: verdict, checks: checks };
        });
      },
      function () {
        add("identical", false, say(text.not_published, { url: found.id }));
        return { verdict: "different", checks: checks };
      }
    );
  }

  // --- page ------------------------------------------------------------------------------------

  var result = document.querySelector("[data-verify-result]");
  var verdictNode = result.querySelector("[data-verify-verdict]");
  var list = result.querySelector("[data-verify-checks]");

  function show(outcome) {
    result.hidden = false;
    result.setAttribute("data-verdict", outcome.verdict);
    verdictNode.textContent = text["verdict_" + outcome.verdict] || "";
    list.textContent = "";
    outcome.checks.forEach(function (item) {
      var li = document.createElement("li");
      li.setAttribute("data-check", item.name);
      if (item.ok !== null) li.setAttribute("data-ok", String(item.ok));
      var icon = document.createElement("span");
      icon.setAttribute("aria-hidden", "true");
      icon.className = "status-icon";
      icon.textContent = item.ok === true ? "✓" : item.ok === false ? "✕" : "–";
      li.appendChild(icon);
      li.appendChild(document.createTextNode(" " + item.line));
      list.appendChild(li);
    });
  }

  function run(file) {
    var pasted = form.querySelector("#verify-text").value;
    result.setAttribute("data-verdict", "");
    extract(file, pasted)
      .then(check)
      .then(show, function (error) {
        var message = /no badge|empty/.test(String(error && error.message)) ? text.no_credential : text.unreadable;
        show({ verdict: "unknown", checks: [{ name: "input", ok: false, line: message }] });
      });
  }

  var fileInput = form.querySelector("#verify-file");
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    run(fileInput.files && fileInput.files[0]);
  });
  fileInput.addEventListener("change", function () {
    if (fileInput.files && fileInput.files[0]) run(fileInput.files[0]);
  });
  var drop = form.querySelector("[data-drop]");
  drop.addEventListener("dragover", function (event) { event.preventDefault(); });
  drop.addEventListener("drop", function (event) {
    event.preventDefault();
    var file = event.dataTransfer.files && event.dataTransfer.files[0];
    if (file) run(file);
  });
})();
