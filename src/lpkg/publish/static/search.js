// lpkg site search: matches the words typed against labels, listed names and identifiers (IČO),
// ignoring case and diacritics. The index comes from search-index.js (window.LPKG_INDEX), so it
// works from file://. The ranking is a pure function, window.LPKG_SEARCH.rank, which the tests
// call with the real index.
(function () {
  "use strict";
  var MAX_RESULTS = 20;
  // How well a name matches, best first.
  var EXACT = 0;        // the name is the query
  var PREFIX = 1;       // the name starts with the query
  var WORD_STARTS = 2;  // every word typed starts a word of the name
  var CONTAINED = 3;    // every word typed is somewhere in the name

  function fold(text) {
    return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/\s+/g, " ").trim();
  }

  function prepare(entries) {
    return entries.map(function (entry) {
      var names = [entry.l].concat(entry.e ? [entry.e] : [], entry.n || []);
      return { entry: entry, names: names, folded: names.map(fold) };
    });
  }

  function match(folded, phrase, words) {
    if (folded === phrase) { return EXACT; }
    if (folded.indexOf(phrase) === 0) { return PREFIX; }
    if (!words.every(function (w) { return folded.indexOf(w) !== -1; })) { return null; }
    var spaced = " " + folded.replace(/[^a-z0-9]+/g, " ");
    if (words.every(function (w) { return spaced.indexOf(" " + w) !== -1; })) {
      return WORD_STARTS;
    }
    return CONTAINED;
  }

  // The best hits for a query: by how well a name matches, then partnerships and towns (the
  // entries marked b) before the rest, then by kind (the register's order), then by label.
  function rank(items, query) {
    var phrase = fold(query);
    var words = phrase.split(" ").filter(Boolean);
    if (!words.length) { return []; }
    var hits = [];
    items.forEach(function (item) {
      var best = null;
      item.folded.forEach(function (name, i) {
        var level = match(name, phrase, words);
        if (level !== null && (best === null || level < best.level)) {
          best = { level: level, name: item.names[i] };
        }
      });
      if (best) { hits.push({ item: item, level: best.level, name: best.name }); }
    });
    hits.sort(function (a, b) {
      var x = a.item.entry, y = b.item.entry;
      return a.level - b.level || (y.b ? 1 : 0) - (x.b ? 1 : 0) || x.r - y.r ||
        x.l.localeCompare(y.l, "cs");
    });
    return hits.slice(0, MAX_RESULTS);
  }

  window.LPKG_SEARCH = { rank: rank, prepare: prepare };

  function init() {
    var input = document.getElementById("search-input");
    var list = document.getElementById("search-results");
    if (!input || !list) { return; }
    var root = document.body.getAttribute("data-root") || "";
    var items = prepare(window.LPKG_INDEX || []);

    function render() {
      var hits = rank(items, input.value);
      list.textContent = "";
      if (!input.value.trim()) { list.hidden = true; return; }
      if (!hits.length) {
        var none = document.createElement("li");
        none.className = "none";
        none.textContent = "Nic nenalezeno · Nothing found";
        list.appendChild(none);
      }
      hits.forEach(function (hit) {
        var entry = hit.item.entry;
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = root + entry.p;
        a.textContent = entry.l;
        if (hit.name !== entry.l) {
          var found = document.createElement("span");
          found.className = "match";
          found.textContent = " — " + hit.name;
          a.appendChild(found);
        }
        var kind = document.createElement("span");
        kind.className = "result-kind";
        kind.textContent = entry.k;
        a.appendChild(kind);
        li.appendChild(a);
        list.appendChild(li);
      });
      list.hidden = false;
    }

    // Arrow keys move the focus through the results (a focused link opens with Enter, as any
    // link does); Enter in the box opens the first result; Escape closes the list.
    function move(step) {
      var links = Array.prototype.slice.call(list.querySelectorAll("a"));
      if (list.hidden || !links.length) { return; }
      var at = links.indexOf(document.activeElement);
      var next = at + step;
      if (next < 0) { input.focus(); return; }
      links[Math.min(next, links.length - 1)].focus();
    }

    input.addEventListener("input", render);
    input.addEventListener("focus", render);
    input.addEventListener("keydown", function (event) {
      var first = list.querySelector("a");
      if (event.key === "Enter" && first) {
        event.preventDefault();
        window.location.href = first.href;
      }
    });
    input.form.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        move(event.key === "ArrowDown" ? 1 : -1);
      } else if (event.key === "Escape") {
        input.focus();  // first, as focusing the box shows the list again
        list.hidden = true;
      }
    });
    document.addEventListener("click", function (event) {
      if (!list.contains(event.target) && event.target !== input) { list.hidden = true; }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
