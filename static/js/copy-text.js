/*
 * A "Copy" button next to a read-only field: <button data-copy-target="field-id" data-copied-text="Copied">.
 * Uses the Clipboard API where the page is secure; otherwise selects the text so the person can copy
 * it with the keyboard. The result is announced (role=status) in the
 * element with the id "<button id>-status".
 */
(function () {
  "use strict";

  function announce(button, text) {
    var status = document.getElementById(button.id + "-status");
    if (status) {
      status.textContent = text;
    }
  }

  function copy(button) {
    var field = document.getElementById(button.getAttribute("data-copy-target"));
    if (!field) {
      return;
    }
    field.focus();
    field.select();
    var done = function () { announce(button, button.getAttribute("data-copied-text") || ""); };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done, function () { /* selected: Ctrl+C still works */ });
    } else if (document.execCommand && document.execCommand("copy")) {
      done();
    }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy-target]");
    if (button) {
      copy(button);
    }
  });
})();
