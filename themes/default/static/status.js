/* Live status of an award page (themes/default/templates/_status.html).
   The page says what the build found. This script checks again, in the visitor's browser, with
   the visitor's clock and the lists the issuer publishes on this same site (no other request):
   - the expiry date (data-expires) against the clock;
   - the award's bit in the Bitstring Status List credential (data-status-list, data-status-index):
     `encodedList` is multibase "u" + base64url of the gzipped bitstring, bit 0 being the most
     significant bit of the first byte (W3C Bitstring Status List 1.0);
   - the Open Badges 2.0 revocation list (data-revocation-list), which names the assertion id
     (data-assertion-id).
   It then rewrites the banner and says when it checked. The checks are also offered to the
   verification page as window.badgegenStatus. Texts come from the page (translated at
   build time) in <script type="application/json" class="live-status-text">. Without JavaScript,
   or when the lists cannot be read, the build's verdict and date stay on the page. */
(function () {
  "use strict";

  var language = document.documentElement.lang || "en";

  function formatDate(date, withTime) {
    var options = withTime
      ? { dateStyle: "long", timeStyle: "short" }
      : { dateStyle: "long", timeZone: "UTC" };
    return new Intl.DateTimeFormat(language, options).format(date);
  }

  function say(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, name) {
      return values[name] === undefined ? "" : values[name];
    });
  }

  function fromBase64Url(value) {
    var base64 = value.replace(/-/g, "+").replace(/_/g, "/");
    while (base64.length % 4) base64 += "=";
    var binary = atob(base64);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }

  function gunzip(bytes) {
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).arrayBuffer().then(function (buffer) {
      return new Uint8Array(buffer);
    });
  }

  function getJson(path) {
    return fetch(path, { cache: "no-store", credentials: "omit" }).then(function (response) {
      if (!response.ok) throw new Error(path + ": HTTP " + response.status);
      return response.json();
    });
  }

  /* Resolves to {revoked: bool, listDate: Date|null}; rejects when the list cannot be read. */
  function checkStatusList(path, index) {
    return getJson(path).then(function (list) {
      var subject = list.credentialSubject || {};
      var encoded = subject.encodedList;
      if (subject.statusPurpose !== "revocation" || typeof encoded !== "string" || encoded[0] !== "u") {
        throw new Error("not a revocation status list");
      }
      return gunzip(fromBase64Url(encoded.slice(1))).then(function (bits) {
        if (index < 0 || index >= bits.length * 8) throw new Error("index out of the list");
        var revoked = (bits[index >> 3] & (0x80 >> (index & 7))) !== 0;
        return { revoked: revoked, listDate: list.validFrom ? new Date(list.validFrom) : null };
      });
    });
  }

  /* Resolves to {revoked: bool, reason: string}. */
  function checkRevocationList(path, assertionId) {
    return getJson(path).then(function (list) {
      var entries = list.revokedAssertions || [];
      for (var i = 0; i < entries.length; i += 1) {
        var entry = entries[i];
        var id = typeof entry === "string" ? entry : entry && entry.id;
        if (id === assertionId) {
          return { revoked: true, reason: (entry && entry.revocationReason) || "" };
        }
      }
      return { revoked: false, reason: "" };
    });
  }

  /* The verification page (verify.js) uses the same checks. */
  window.badgegenStatus = {
    checkStatusList: checkStatusList,
    checkRevocationList: checkRevocationList,
    formatDate: formatDate,
    say: say,
  };

  var box = document.querySelector("[data-live-status]");
  if (!box) return;
  var textNode = box.querySelector(".live-status-text");
  var text = textNode ? JSON.parse(textNode.textContent) : {};

  function settled(promise) {
    return promise.then(
      function (value) { return { ok: true, value: value }; },
      function (error) { return { ok: false, error: error }; }
    );
  }

  function show(state, lines) {
    var banner = box.querySelector(".banner");
    banner.className = "banner banner-" + state;
    var icons = { valid: "✓", expired: "!", revoked: "✕", unknown: "?" };
    var title = banner.querySelector(".banner-title");
    title.textContent = "";
    var icon = document.createElement("span");
    icon.className = "status-icon";
    icon.setAttribute("aria-hidden", "true");
    icon.textContent = icons[state];
    title.appendChild(icon);
    title.appendChild(document.createTextNode(" " + text["title_" + state]));
    var body = banner.querySelectorAll("p:not(.banner-title)");
    for (var i = 0; i < body.length; i += 1) body[i].remove();
    lines.forEach(function (line) {
      var p = document.createElement("p");
      p.textContent = line;
      banner.appendChild(p);
    });
    box.setAttribute("data-live-state", state);
  }

  var now = new Date();
  var expires = box.dataset.expires ? new Date(box.dataset.expires) : null;
  var revokedOn = box.dataset.revokedOn ? new Date(box.dataset.revokedOn) : null;
  var index = parseInt(box.dataset.statusIndex || "-1", 10);
  var checks = [
    box.dataset.statusList && index >= 0
      ? settled(checkStatusList(box.dataset.statusList, index))
      : Promise.resolve(null),
    box.dataset.revocationList
      ? settled(checkRevocationList(box.dataset.revocationList, box.dataset.assertionId))
      : Promise.resolve(null),
  ];

  Promise.all(checks).then(function (results) {
    var bitstring = results[0];
    var ob2 = results[1];
    var checkedLine = say(text.checked, { date: formatDate(now, true) });
    var read = [bitstring, ob2].filter(function (r) { return r && r.ok; });
    var revoked = read.some(function (r) { return r.value.revoked; });
    var reason = ob2 && ob2.ok ? ob2.value.reason : "";
    if (revoked) {
      var lines = [];
      if (revokedOn) {
        lines.push(say(text.revoked_on, { date: formatDate(revokedOn, false) }));
      } else if (bitstring && bitstring.ok && bitstring.value.listDate) {
        lines.push(say(text.revoked_list, { date: formatDate(bitstring.value.listDate, false) }));
      } else {
        lines.push(text.revoked);
      }
      if (reason) lines.push(say(text.reason, { reason: reason }));
      lines.push(checkedLine);
      show("revoked", lines);
    } else if (expires && expires <= now) {
      show("expired", [say(text.expired_on, { date: formatDate(expires, false) }), checkedLine]);
    } else if (read.length === 0) {
      box.setAttribute("data-live-state", "unchecked");
      var note = box.querySelector(".live-status-note");
      if (note) note.textContent = text.unreadable;
    } else {
      var validLines = [text.valid];
      if (expires) validLines.push(say(text.valid_until, { date: formatDate(expires, false) }));
      validLines.push(checkedLine);
      show("valid", validLines);
    }
  });
})();
