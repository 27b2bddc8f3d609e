/*
 * The header's search box as a combobox with suggestions (WAI-ARIA 1.2 combobox pattern, list
 * autocomplete): after two characters it asks /<lang>/search/suggest/ for a few results the user may
 * open and lists them under the box.
 *
 * Keyboard: Down/Up move through the suggestions (the focus stays in the box; aria-activedescendant
 * names the option), Enter opens the one chosen (or searches, when none is), Escape closes the list
 * (a second Escape clears the box), Tab leaves. Mouse and touch: a tap on a suggestion opens it.
 * Direction does not matter: the list opens under the box at the start edge (search.css).
 *
 * Suggestions are written with textContent only: a title can never become markup.
 */
(function () {
  "use strict";

  var MIN_LENGTH = 2;
  var DELAY_MS = 150;

  function setUp(input) {
    var listbox = document.getElementById(input.getAttribute("aria-controls"));
    var status = document.getElementById(input.dataset.statusId);
    var form = input.form;
    if (!listbox || !form) {
      return;
    }
    var options = [];
    var active = -1;
    var timer = null;
    var pending = null;
    var shownFor = "";

    function announce(text) {
      if (status) {
        status.textContent = text;
      }
    }

    function close() {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function open() {
      listbox.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function highlight(index) {
      options.forEach(function (option, position) {
        option.setAttribute("aria-selected", position === index ? "true" : "false");
      });
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function go(option) {
      window.location.assign(option.dataset.url);
    }

    function render(results, query) {
      listbox.textContent = "";
      options = [];
      active = -1;
      shownFor = query;
      if (!results.length) {
        var empty = document.createElement("li");
        empty.className = "search-suggest-empty";
        empty.setAttribute("role", "presentation");
        empty.textContent = input.dataset.noneText;
        listbox.appendChild(empty);
        open();
        announce(input.dataset.noneText);
        return;
      }
      results.forEach(function (result, index) {
        var option = document.createElement("li");
        option.id = listbox.id + "-" + index;
        option.className = "search-suggest-option";
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.dataset.url = result.url;
        var title = document.createElement("span");
        title.className = "search-suggest-title";
        title.textContent = result.title;
        var meta = document.createElement("span");
        meta.className = "search-suggest-meta";
        meta.textContent = result.subtitle ? result.group + " · " + result.subtitle : result.group;
        option.appendChild(title);
        option.appendChild(meta);
        // mousedown, not click: the box must not lose focus (and close the list) before the choice.
        option.addEventListener("mousedown", function (event) {
          event.preventDefault();
        });
        option.addEventListener("click", function () {
          go(option);
        });
        listbox.appendChild(option);
        options.push(option);
      });
      open();
      announce(input.dataset.foundText);
    }

    function fetchSuggestions() {
      var query = input.value.trim();
      if (query.length < MIN_LENGTH) {
        close();
        shownFor = "";
        return;
      }
      if (pending) {
        pending.abort();
      }
      pending = new AbortController();
      var url = input.dataset.suggestUrl + "?q=" + encodeURIComponent(query);
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin", signal: pending.signal })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(String(response.status));
          }
          return response.json();
        })
        .then(function (data) {
          if (input.value.trim() === query && document.activeElement === input) {
            render(data.results || [], query);
          }
        })
        .catch(function () {
          // Signed out, offline or aborted: the plain search still works.
        });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(fetchSuggestions, DELAY_MS);
    });

    input.addEventListener("keydown", function (event) {
      var expanded = !listbox.hidden;
      switch (event.key) {
        case "ArrowDown":
          if (!expanded) {
            if (shownFor && shownFor === input.value.trim()) {
              open();
            } else {
              fetchSuggestions();
            }
          } else if (options.length) {
            highlight(active + 1 >= options.length ? 0 : active + 1);
          }
          event.preventDefault();
          break;
        case "ArrowUp":
          if (expanded && options.length) {
            highlight(active <= 0 ? options.length - 1 : active - 1);
            event.preventDefault();
          }
          break;
        case "Enter":
          if (expanded && active >= 0) {
            event.preventDefault();
            go(options[active]);
          }
          break;
        case "Escape":
          if (expanded) {
            close();
          } else {
            input.value = "";
          }
          event.preventDefault();
          break;
        case "Tab":
          close();
          break;
        default:
          break;
      }
    });

    input.addEventListener("blur", function () {
      close();
    });

    document.addEventListener("click", function (event) {
      if (!form.contains(event.target)) {
        close();
      }
    });
  }

  document.querySelectorAll("input[data-suggest-url]").forEach(setUp);
})();
