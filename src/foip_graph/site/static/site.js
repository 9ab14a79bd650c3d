/* foip-graph: the search box on every page and the timeline's filter.
   Everything from the data goes into the page as text (textContent), never as HTML. */
(function () {
  "use strict";
  var root = document.body.getAttribute("data-root") || "";

  /* The form names are compared in, as foip_graph.resolve.name_key: no diacritics,
     no case, no punctuation ("U.S." = "US"). */
  function key(text) {
    return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase()
      .replace(/[^\p{L}\p{N}_\s-]+/gu, "").replace(/[\s_-]+/g, " ").trim();
  }

  function entityHref(id) { return root + "entity/" + encodeURIComponent(id) + ".html"; }

  function setupSearch() {
    var box = document.getElementById("search");
    var input = document.getElementById("search-input");
    var list = document.getElementById("search-results");
    var entities = window.foipEntities;
    if (!box || !input || !list || !Array.isArray(entities)) return;
    var index = entities.map(function (e) {
      return { id: e[0], name: e[1], kind: e[2],
               labels: [e[1]].concat(e[3]).map(function (l) { return { text: l, key: key(l) }; }) };
    });

    function score(entry, q) {
      var best = null;
      entry.labels.forEach(function (l) {
        var s = l.key === q ? 0 : l.key.indexOf(q) === 0 ? 1 : (" " + l.key).indexOf(" " + q) >= 0 ? 2
          : l.key.indexOf(q) >= 0 ? 3 : null;
        if (s !== null && (best === null || s < best.score)) best = { score: s, label: l.text };
      });
      return best;
    }

    function show() {
      var q = key(input.value);
      list.replaceChildren();
      if (!q) { list.hidden = true; return; }
      var found = [];
      index.forEach(function (entry) {
        var s = score(entry, q);
        if (s) found.push({ entry: entry, score: s.score, label: s.label });
      });
      found.sort(function (a, b) {
        return a.score - b.score || a.entry.name.localeCompare(b.entry.name);
      });
      found.slice(0, 12).forEach(function (f) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = entityHref(f.entry.id);
        a.textContent = f.entry.name;
        var kind = document.createElement("span");
        kind.className = "muted";
        kind.textContent = " " + f.entry.kind + (f.label !== f.entry.name ? " · also " + f.label : "");
        a.appendChild(kind);
        li.appendChild(a);
        list.appendChild(li);
      });
      if (!found.length) {
        var none = document.createElement("li");
        none.className = "muted";
        none.textContent = "No entity has this name or alias.";
        list.appendChild(none);
      }
      list.hidden = false;
    }

    input.addEventListener("input", show);
    input.addEventListener("keydown", function (event) {
      var first = list.querySelector("a");
      if (event.key === "Enter" && first) { event.preventDefault(); first.click(); }
      if (event.key === "ArrowDown" && first) { event.preventDefault(); first.focus(); }
      if (event.key === "Escape") { list.hidden = true; }
    });
    list.addEventListener("keydown", function (event) {
      var item = document.activeElement && document.activeElement.closest("li");
      if (!item) return;
      var next = event.key === "ArrowDown" ? item.nextElementSibling
        : event.key === "ArrowUp" ? item.previousElementSibling : null;
      if (next && next.querySelector("a")) { event.preventDefault(); next.querySelector("a").focus(); }
      else if (event.key === "ArrowUp") { event.preventDefault(); input.focus(); }
    });
    box.hidden = false;
  }

  function setupTimeline() {
    var form = document.getElementById("timeline-controls");
    var select = document.getElementById("timeline-filter");
    var count = document.getElementById("timeline-count");
    if (!form || !select) return;
    var rows = Array.prototype.slice.call(document.querySelectorAll("tr[data-entities]"));
    function apply() {
      var id = select.value;
      var shown = 0;
      rows.forEach(function (row) {
        var hit = !id || row.getAttribute("data-entities").split(" ").indexOf(id) >= 0;
        row.hidden = !hit;
        if (hit) shown += 1;
      });
      count.textContent = shown + " of " + rows.length + " shown";
    }
    var wanted = new URLSearchParams(window.location.search).get("entity");
    if (wanted && select.querySelector('option[value="' + CSS.escape(wanted) + '"]')) select.value = wanted;
    select.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    apply();
    form.hidden = false;
  }

  setupSearch();
  setupTimeline();
})();
