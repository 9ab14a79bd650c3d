/* foip-graph: what every page does besides its graph: the search box, the filters and the
   lists they narrow, the order of an entity's claims, and the passage a quote link lands on.
   Everything from the data goes into the page as text (textContent), never as HTML.
   window.foipFilters (the filters) and window.foipSearch (the search) serve graph.js. */
(function () {
  "use strict";
  var root = document.body.getAttribute("data-root") || "";

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* ---------------------------------------------------------------- search
     Names are compared as foip_graph.resolve.name_key does: no diacritics, no case, no
     punctuation ("U.S." = "US"). A label matches, best first: exactly; from its start;
     every word typed starts one of its words, in any order ("toshimitsu motegi"); inside
     it; or every word typed is a word of it with a typo or two ("austrlia"). Within a
     kind of match, the best-connected entity comes first. Two names offer their
     relationship page ("japan china"). */
  function key(text) {
    return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase()
      .replace(/[^\p{L}\p{N}_\s-]+/gu, "").replace(/[\s_-]+/g, " ").trim();
  }
  var CONNECTORS = { and: true, with: true, vs: true, versus: true };
  /* The index is read the first time a search needs it: at 100× it has 37,000 entries,
     a second's work that no page needs before its reader types. */
  var index = null, byId = {}, pages = {};
  function entries() {
    if (index !== null) return index;
    index = [];
    if (!window.foipIndex) return index;
    index = window.foipIndex.entities.map(function (e) {
      var entry = { id: e[0], name: e[1], kind: e[2], claims: e[4],
                    labels: [e[1]].concat(e[3]).map(function (l) {
                      var k = key(l);
                      return { text: l, key: k, words: k.split(" ") };
                    }) };
      byId[entry.id] = entry;
      return entry;
    });
    window.foipIndex.relationships.forEach(function (r) { pages[r[0] + " " + r[1]] = r[2]; });
    return index;
  }

  /* The optimal-string-alignment distance of a and b, or max + 1 once it exceeds max. */
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var prev2 = null, prev = [], i, j;
    for (j = 0; j <= b.length; j++) prev.push(j);
    for (i = 1; i <= a.length; i++) {
      var row = [i], low = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var d = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
        if (prev2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
        row.push(d);
        if (d < low) low = d;
      }
      if (low > max) return max + 1;
      prev2 = prev;
      prev = row;
    }
    return prev[b.length];
  }
  function allowance(word) { return word.length <= 3 ? 0 : word.length <= 6 ? 1 : 2; }

  /* How well a label matches the query: a score (lower is better) or null. */
  function labelScore(label, q, words) {
    if (label.key === q) return 0;
    if (label.key.indexOf(q) === 0) return 10;
    var starts = words.every(function (w) {
      return label.words.some(function (lw) { return lw.indexOf(w) === 0; });
    });
    if (starts) return 20;
    if (label.key.indexOf(q) >= 0) return 30;
    var cost = 0;
    for (var i = 0; i < words.length; i++) {
      var w = words[i], max = allowance(w), best = max + 1;
      for (var k = 0; k < label.words.length && best > 0; k++) {
        if (label.words[k].indexOf(w) === 0) { best = 0; break; }
        var lw = label.words[k];
        best = Math.min(best, distance(w, lw, max));
        if (i === words.length - 1 && lw.length > w.length) best = Math.min(best, distance(w, lw.slice(0, w.length), max));
      }
      if (best > max) return null;
      cost += best;
    }
    return 40 + cost;
  }
  function entityScore(entry, q, words) {
    var best = null;
    entry.labels.forEach(function (l) {
      var s = labelScore(l, q, words);
      if (s !== null && (best === null || s < best.score)) best = { score: s, label: l.text };
    });
    return best;
  }
  function ranked(q) {
    var words = q.split(" ").filter(function (w) { return w && !CONNECTORS[w]; });
    if (!words.length) return [];
    q = words.join(" ");
    var found = [];
    entries().forEach(function (entry) {
      var s = entityScore(entry, q, words);
      if (s) found.push({ entry: entry, score: s.score, label: s.label });
    });
    return found.sort(function (a, b) {
      return a.score - b.score || b.entry.claims - a.entry.claims || a.entry.name.localeCompare(b.entry.name);
    });
  }
  /* A relationship page for two names in the query, split where both halves are best. */
  function pairOf(q) {
    var words = q.split(" ").filter(function (w) { return w && !CONNECTORS[w]; });
    var best = null;
    for (var i = 1; i < words.length; i++) {
      var left = ranked(words.slice(0, i).join(" "))[0], right = ranked(words.slice(i).join(" "))[0];
      if (!left || !right || left.entry.id === right.entry.id) continue;
      var ids = [left.entry.id, right.entry.id].sort();
      var claims = pages[ids[0] + " " + ids[1]];
      var score = left.score + right.score;
      if (claims && (best === null || score < best.score)) best = { ids: ids, claims: claims, score: score };
    }
    return best;
  }
  window.foipSearch = {
    best: function (text) { var r = ranked(key(text)); return r.length ? r[0].entry.id : null; }
  };

  function setupSearch() {
    var box = document.getElementById("search");
    var input = document.getElementById("search-input");
    var list = document.getElementById("search-results");
    if (!box || !input || !list || !window.foipIndex || !window.foipIndex.entities.length) return;

    function item(href, name, note) {
      var li = el("li"), a = el("a", "", name);
      a.href = href;
      a.appendChild(el("span", "muted", " " + note));
      li.appendChild(a);
      list.appendChild(li);
    }
    function show() {
      var q = key(input.value);
      list.replaceChildren();
      if (!q) { list.hidden = true; return; }
      var pair = pairOf(q);
      var found = ranked(q);
      if (pair) {
        item(root + "relationship/" + pair.ids[0] + "--" + pair.ids[1] + ".html",
             byId[pair.ids[0]].name + " – " + byId[pair.ids[1]].name, "relationship · " + pair.claims + " claims");
      }
      found.slice(0, pair ? 11 : 12).forEach(function (f) {
        item(root + "entity/" + encodeURIComponent(f.entry.id) + ".html", f.entry.name,
             f.entry.kind + (f.label !== f.entry.name ? " · also " + f.label : ""));
      });
      if (!found.length && !pair) list.appendChild(el("li", "muted", "No entity has this name or alias."));
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
      var li = document.activeElement && document.activeElement.closest("li");
      if (!li) return;
      var next = event.key === "ArrowDown" ? li.nextElementSibling
        : event.key === "ArrowUp" ? li.previousElementSibling : null;
      if (next && next.querySelector("a")) { event.preventDefault(); next.querySelector("a").focus(); }
      else if (event.key === "ArrowUp") { event.preventDefault(); input.focus(); }
      else if (event.key === "Escape") { list.hidden = true; input.focus(); }
    });
    box.hidden = false;
  }

  /* ---------------------------------------------------------------- filters
     One form per page (#filters): dates, sources, kinds of entity, kinds of relation and
     (on the timeline) one entity. It narrows the page's lists (every element with
     data-sources) and, through window.foipFilters, its graph. A date range keeps a claim
     when the time model says it holds on some day of the range (foip_graph.timing, as
     every as_of answer): the build writes that as windows (data-holds: F T F T...), and
     a range from f to t keeps the claim when f <= F and t >= T for one of them. With a
     range set, a claim that no range keeps (no date, or only a bound) is shown only when
     asked. */
  function setupFilters() {
    var form = document.getElementById("filters");
    if (!form) return null;
    var toggle = document.querySelector(".filters-toggle");
    var listeners = [];
    var st = {};
    function boxes(name) {
      var found = form.querySelectorAll('input[data-filter="' + name + '"]');
      if (!found.length) return null;
      var on = {}, all = true;
      Array.prototype.forEach.call(found, function (b) { on[b.value] = b.checked; if (!b.checked) all = false; });
      return { on: on, all: all };
    }
    function field(name) { return form.elements[name] || null; }
    function read() {
      st = { from: field("from") ? field("from").value : "", to: field("to") ? field("to").value : "",
             undated: field("undated") ? field("undated").checked : false,
             sources: boxes("source"), kinds: boxes("kind"), categories: boxes("category"),
             entity: field("entity") ? field("entity").value : "" };
    }
    var api = {
      narrows: function () {
        return Boolean(st.from || st.to || (st.sources && !st.sources.all) || (st.categories && !st.categories.all));
      },
      kindOn: function (kind) { return !st.kinds || st.kinds.on[kind] !== false; },
      categoryOn: function (category) { return !st.categories || st.categories.on[category] !== false; },
      bySourceOrDate: function () { return Boolean(st.from || st.to || (st.sources && !st.sources.all)); },
      anySource: function (list) {
        return !st.sources || st.sources.all || list.some(function (s) { return st.sources.on[s] === true; });
      },
      claimPasses: function (c) {
        if (c.category && st.categories && st.categories.on[c.category] === false) return false;
        if (!api.anySource(c.sources)) return false;
        if (st.from || st.to) {
          if (!c.holds.length) return st.undated;
          if (st.from && st.to && st.from > st.to) return false;
          for (var i = 0; i < c.holds.length; i += 2) {
            if ((!st.from || st.from <= c.holds[i]) && (!st.to || st.to >= c.holds[i + 1])) return true;
          }
          return false;
        }
        return true;
      },
      onChange: function (fn) { listeners.push(fn); }
    };

    var rows = Array.prototype.slice.call(document.querySelectorAll("main [data-sources]"));
    var groupsOf = Array.prototype.slice.call(document.querySelectorAll("[data-group]"));
    var status = document.getElementById("filter-count");
    var total = document.getElementById("claims-count");
    function rowPasses(row) {
      var d = row.dataset;
      var claim = { sources: d.sources ? d.sources.split(" ") : [], category: d.category || null,
                    holds: d.holds ? d.holds.split(" ") : [] };
      if (!api.claimPasses(claim)) return false;
      if (!(d.kinds || "").split(" ").filter(Boolean).every(api.kindOn)) return false;
      return !st.entity || (d.entities || "").split(" ").indexOf(st.entity) >= 0;
    }
    function apply() {
      read();
      var shown = 0;
      rows.forEach(function (row) {
        var hit = rowPasses(row);
        row.hidden = !hit;
        if (hit) shown += 1;
      });
      groupsOf.forEach(function (group) {
        var mine = group.querySelectorAll("[data-sources]");
        var visible = Array.prototype.filter.call(mine, function (r) { return !r.hidden; }).length;
        var count = group.querySelector(".count[data-count]");
        if (count) count.textContent = visible === mine.length ? String(mine.length) : visible + " of " + mine.length;
        group.hidden = visible === 0;
      });
      if (status && rows.length) status.textContent = "Showing " + shown + " of " + rows.length + " " + form.getAttribute("data-what") + ".";
      if (total) total.textContent = shown === rows.length ? String(rows.length) : shown + " of " + rows.length;
      listeners.forEach(function (fn) { fn(); });
    }
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("reset", function () { setTimeout(apply, 0); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    var wanted = new URLSearchParams(window.location.search).get("entity");
    if (wanted && field("entity") && field("entity").querySelector('option[value="' + CSS.escape(wanted) + '"]')) {
      field("entity").value = wanted;
    }
    if (toggle) {
      toggle.hidden = false;
      toggle.addEventListener("click", function () {
        var opened = form.classList.toggle("open");
        toggle.setAttribute("aria-expanded", opened ? "true" : "false");
      });
    }
    form.hidden = false;
    read();
    window.foipFilters = api;
    apply();
    return api;
  }

  /* ---------------------------------------------------------------- an entity's claims, in order */
  function setupOrder() {
    var select = document.getElementById("claim-order");
    var tools = document.getElementById("claims-tools");
    if (!select || !tools) return;
    /* As the documents state them (dataset order); by date (the claims without one
       last); by source, oldest first. */
    function compare(a, b, how) {
      var x = a.dataset, y = b.dataset;
      if (how === "source" && x.sourceOrder !== y.sourceOrder) return Number(x.sourceOrder) - Number(y.sourceOrder);
      if (how === "date" || how === "-date") {
        if (!x.from !== !y.from) return x.from ? -1 : 1;
        if (x.from !== y.from) return (x.from < y.from ? -1 : 1) * (how === "-date" ? -1 : 1);
      }
      return Number(x.order) - Number(y.order);
    }
    select.addEventListener("change", function () {
      Array.prototype.forEach.call(document.querySelectorAll(".claim-group tbody"), function (body) {
        var rows = Array.prototype.slice.call(body.children);
        rows.sort(function (a, b) { return compare(a, b, select.value); });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
    tools.hidden = false;
  }

  /* ---------------------------------------------------------------- the passage a link lands on
     On a source page, #q-START-END is a quote's place in the text: the whole passage (the
     highlighted pieces from START to END) is wrapped in one element, outlined and centred
     in view; another link, or going back, moves the mark. */
  function setupPassages() {
    var text = document.querySelector(".source-text");
    if (!text) return;
    var current = null;
    function unwrap() {
      if (!current) return;
      var parent = current.parentNode;
      while (current.firstChild) parent.insertBefore(current.firstChild, current);
      parent.removeChild(current);
      current = null;
    }
    function mark() {
      unwrap();
      var m = /^#q-(\d+)-(\d+)$/.exec(window.location.hash);
      var anchor = m && document.getElementById(window.location.hash.slice(1));
      if (!anchor || anchor.parentNode !== text) return;
      var need = Number(m[2]) - Number(m[1]), got = 0, last = anchor, node = anchor.nextSibling;
      while (node && got < need) {
        if (node.nodeType === 3 || node.nodeName === "MARK") got += Array.from(node.textContent).length;
        last = node;
        node = node.nextSibling;
      }
      var range = document.createRange();
      range.setStartBefore(anchor);
      range.setEndAfter(last);
      current = el("span", "passage-current");
      current.tabIndex = -1;
      range.surroundContents(current);
      centre();
    }
    function centre() {
      if (!current) return;
      current.scrollIntoView({ block: "center" });
      current.focus({ preventScroll: true });
    }
    window.addEventListener("hashchange", mark);
    window.addEventListener("load", centre);
    mark();
  }

  setupSearch();
  setupFilters();
  setupOrder();
  setupPassages();
})();
