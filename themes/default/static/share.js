/* Copy buttons of the sharing panels (themes/default/templates/_share.html).
   Progressive enhancement: without this script the buttons stay hidden and the read-only fields
   still hold the text, ready to select and copy by hand.
   Contract: button.copy-button[data-copy-target=ID] copies the value of #ID; on success its
   label becomes data-copied-label ("Copied") and it gets data-copied="true". */
(function () {
  "use strict";

  function legacyCopy(field) {
    // Older browsers, and pages not served over HTTPS (no navigator.clipboard there).
    field.focus();
    field.select();
    try {
      return document.execCommand("copy");
    } catch (error) {
      return false;
    }
  }

  function copy(field) {
    var text = field.value;
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(
        function () { return true; },
        function () { return legacyCopy(field); }
      );
    }
    return Promise.resolve(legacyCopy(field));
  }

  function announce(button, message) {
    var panel = button.closest(".share");
    var status = panel && panel.querySelector("[data-copy-status]");
    if (status) {
      status.textContent = "";
      // A new text node each time, so screen readers announce a second copy too.
      window.setTimeout(function () { status.textContent = message; }, 50);
    }
  }

  var buttons = document.querySelectorAll("button.copy-button[data-copy-target]");
  Array.prototype.forEach.call(buttons, function (button) {
    var field = document.getElementById(button.getAttribute("data-copy-target"));
    if (!field || typeof field.value !== "string") {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      copy(field).then(function (ok) {
        if (ok) {
          button.textContent = button.getAttribute("data-copied-label") || "Copied";
          button.setAttribute("data-copied", "true");
          announce(button, button.textContent);
        } else {
          // Leave the text selected, and say how to finish by hand.
          field.focus();
          field.select();
          announce(button, button.getAttribute("data-failed-label") || "");
        }
      });
    });
  });

  // A click in a field selects all of it: the whole link or snippet is what people want.
  var fields = document.querySelectorAll(".share-field input[readonly], .share-field textarea[readonly]");
  Array.prototype.forEach.call(fields, function (field) {
    field.addEventListener("focus", function () { field.select(); });
  });
})();
