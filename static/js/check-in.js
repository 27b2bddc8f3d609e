/* The check-in list (templates/meetings/check_in.html): the box filters the people as one types,
   and each person's button checks them in or out without reloading the page. Without this script
   the buttons are plain forms that post and come back to the list. */
(function () {
  "use strict";
  var list = document.querySelector("[data-check-in-list]");
  if (!list) return;
  var box = document.querySelector("[data-check-in-filter]");
  var status = document.getElementById("check-in-filter-status");
  var labels = document.getElementById("check-in-labels");

  // Arabic letters typed several ways (أ إ آ ا, ى ي, ة ه) and short vowels match one another.
  function normalise(text) {
    return (text || "").toLowerCase()
      .replace(/[\u064B-\u0652\u0640]/g, "")
      .replace(/[\u0622\u0623\u0625]/g, "\u0627")
      .replace(/\u0649/g, "\u064A")
      .replace(/\u0629/g, "\u0647")
      .trim();
  }

  var people = Array.prototype.map.call(list.querySelectorAll("[data-search]"), function (row) {
    return { row: row, text: normalise(row.getAttribute("data-search")) };
  });

  function applyFilter() {
    var words = normalise(box.value).split(/\s+/).filter(Boolean);
    var shown = 0;
    people.forEach(function (person) {
      var match = words.every(function (word) { return person.text.indexOf(word) !== -1; });
      person.row.hidden = !match;
      if (match) shown += 1;
    });
    list.querySelectorAll(".check-in-group").forEach(function (group) {
      group.hidden = !group.querySelector("[data-search]:not([hidden])");
    });
    status.textContent = words.length ? box.getAttribute("data-shown-label") + " " + shown : "";
  }

  if (box) {
    box.setAttribute("data-shown-label", status.getAttribute("data-label") || "");
    box.addEventListener("input", applyFilter);
  }

  function setState(form, checkedIn) {
    var row = form.closest(".check-in-person");
    var button = form.querySelector("button");
    var name = button.querySelector(".visually-hidden").outerHTML;
    form.querySelector("input[name=action]").value = checkedIn ? "undo" : "check_in";
    row.classList.toggle("is-checked-in", checkedIn);
    button.classList.toggle("btn-success", checkedIn);
    button.classList.toggle("btn-outline-primary", !checkedIn);
    button.setAttribute("aria-pressed", checkedIn ? "true" : "false");
    button.innerHTML = '<i class="bi ' + (checkedIn ? "bi-check-circle-fill" : "bi-circle") + '" aria-hidden="true"></i> ' +
      (checkedIn ? labels.getAttribute("data-in") : labels.getAttribute("data-out")) + name;
  }

  list.addEventListener("submit", function (event) {
    var form = event.target.closest("[data-check-in-form]");
    if (!form || !window.fetch) return;
    event.preventDefault();
    var button = form.querySelector("button");
    button.disabled = true;
    var data = new FormData(form);
    fetch(form.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": data.get("csrfmiddlewaretoken") }
    }).then(function (response) {
      return response.json().then(function (body) { return { ok: response.ok, body: body }; });
    }).then(function (result) {
      if (!result.ok) throw new Error(result.body.message);
      setState(form, result.body.checked_in);
      document.querySelector("[data-count=checked-in]").textContent = result.body.attended;
    }).catch(function (error) {
      window.alert((error && error.message) || list.getAttribute("data-error"));
    }).then(function () {
      button.disabled = false;
      button.focus();
    });
  });
})();
