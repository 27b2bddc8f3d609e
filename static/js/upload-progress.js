/* Upload forms marked data-upload-progress send their file by XHR and show its progress in the
   form's <progress>; errors come back as JSON and are shown next to the form. Without JavaScript
   the form submits as usual and the server shows the same errors on a page. */
(function () {
  "use strict";

  function showErrors(form, errors) {
    var box = form.querySelector(".upload-errors");
    box.textContent = "";
    var list = document.createElement("ul");
    list.className = "alert alert-danger mb-3 ps-4";
    Object.keys(errors).forEach(function (field) {
      errors[field].forEach(function (message) {
        var item = document.createElement("li");
        item.textContent = message;
        list.appendChild(item);
      });
    });
    box.appendChild(list);
  }

  // The answer may be this very page with a #fragment (an agenda item's documents): assigning it
  // would only scroll, and the new document would not appear until the page is reloaded.
  function goTo(address) {
    var target = new URL(address, window.location.href);
    var here = new URL(window.location.href);
    target.hash = "";
    here.hash = "";
    if (target.href !== here.href) {
      window.location.assign(address);
      return;
    }
    window.location.hash = new URL(address, window.location.href).hash;
    window.location.reload();
  }

  function bind(form) {
    if (form.dataset.uploadBound) return;
    form.dataset.uploadBound = "1";
    var wrapper = form.querySelector(".upload-progress");
    var bar = wrapper.querySelector("progress");
    var text = wrapper.querySelector("[aria-live]");
    var button = form.querySelector("[type=submit]");

    form.addEventListener("submit", function (event) {
      if (!window.FormData || !window.XMLHttpRequest) return;
      event.preventDefault();
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
      xhr.setRequestHeader("Accept", "application/json");
      wrapper.hidden = false;
      bar.value = 0;
      text.textContent = "0%";
      button.disabled = true;
      form.setAttribute("aria-busy", "true");
      xhr.upload.onprogress = function (progress) {
        if (!progress.lengthComputable) return;
        var percent = Math.floor((progress.loaded / progress.total) * 100);
        bar.value = percent;
        text.textContent = percent + "%";
      };
      xhr.onload = function () {
        var answer = null;
        try { answer = JSON.parse(xhr.responseText); } catch (error) { answer = null; }
        if (answer && answer.ok) {
          bar.value = 100;
          text.textContent = "100%";
          goTo(answer.redirect);
          return;
        }
        done();
        if (answer && answer.errors) {
          showErrors(form, answer.errors);
        } else {
          form.submit();  // an unexpected answer: let the server's own page say what happened
        }
      };
      xhr.onerror = function () {
        done();
        showErrors(form, {"__all__": [form.dataset.networkError || "Network error"]});
      };
      xhr.send(new FormData(form));
    });

    function done() {
      button.disabled = false;
      form.removeAttribute("aria-busy");
      wrapper.hidden = true;
    }
  }

  function bindAll() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-upload-progress]"), bind);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", bindAll);
  } else {
    bindAll();
  }
})();
