// lpkg site search: matches the words typed against labels and listed names, ignoring case and
// diacritics. The index comes from search-index.js (window.LPKG_INDEX), so it works from file://.
(function () {
  "use strict";
  var MAX_RESULTS = 20;

  function fold(text) {
    return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function prepare(entries) {
    return entries.map(function (entry) {
      var names = [entry.l].concat(entry.e ? [entry.e] : [], entry.n || []);
      return { entry: entry, names: names, folded: names.map(fold) };
    });
  }

  function score(item, words) {
    // 0: a name starts with the query; 1: every word starts a word of one name; 2: contained.
    var best = null;
    var phrase = words.join(" ");
    for (var i = 0; i < item.folded.length; i++) {
      var name = item.folded[i];
      var all = words.every(function (w) { return name.indexOf(w) !== -1; });
      if (!all) { continue; }
      var s = 2;
      if (name.indexOf(phrase) === 0) {
        s = 0;
      } else if (words.every(function (w) { return (" " + name).indexOf(" " + w) !== -1; })) {
        s = 1;
      }
      if (best === null || s < best.score) { best = { score: s, name: item.names[i] }; }
    }
    return best;
  }

  function search(items, query) {
    var words = fold(query).split(/\s+/).filter(Boolean);
    if (!words.length) { return []; }
    var hits = [];
    items.forEach(function (item) {
      var found = score(item, words);
      if (found) { hits.push({ item: item, score: found.score, name: found.name }); }
    });
    hits.sort(function (a, b) {
      return a.score - b.score || a.item.entry.r - b.item.entry.r ||
        a.item.entry.l.localeCompare(b.item.entry.l, "cs");
    });
    return hits.slice(0, MAX_RESULTS);
  }

  function init() {
    var input = document.getElementById("search-input");
    var list = document.getElementById("search-results");
    if (!input || !list) { return; }
    var root = document.body.getAttribute("data-root") || "";
    var items = prepare(window.LPKG_INDEX || []);

    function render() {
      var hits = search(items, input.value);
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
          var match = document.createElement("span");
          match.className = "match";
          match.textContent = " — " + hit.name;
          a.appendChild(match);
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

    input.addEventListener("input", render);
    input.addEventListener("focus", render);
    input.addEventListener("keydown", function (event) {
      var links = list.querySelectorAll("a");
      if (event.key === "Enter" && links.length) {
        window.location.href = links[0].href;
      } else if (event.key === "Escape") {
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
