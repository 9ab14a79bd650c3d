/* foip-graph: draw a page's graph with vis-network from its <script type="application/json">
   data. Positions come from the build, so physics stays off and the graph is usable as
   soon as it is drawn. Tooltips are elements filled with textContent: plain text only.
   The network is window.foipNetwork; window.foipReady turns true after the first draw. */
(function () {
  "use strict";
  var holder = document.getElementById("graph");
  var source = document.getElementById("graph-data");
  if (!holder || !source || typeof vis === "undefined") return;
  var data = JSON.parse(source.textContent);
  var root = document.body.getAttribute("data-root") || "";
  var linked = !document.body.hasAttribute("data-unlinked");  /* a notebook view has no pages */
  var huge = data.edges.length > 2000;
  var styles = data.styles;

  function tip(lines) {
    var el = document.createElement("div");
    el.className = "graph-tip";
    el.textContent = lines.filter(Boolean).join("\n");
    return el;
  }

  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }
  var names = {};
  data.nodes.forEach(function (n) { names[n.id] = n.label; });

  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    var kind = styles.kinds[n.kind].label;
    return { id: n.id, label: n.label, group: n.kind, x: n.x, y: n.y,
             size: Math.min(45, Math.round(10 + 3 * Math.sqrt(n.degree))),
             font: { size: Math.min(30, Math.round(13 + 2 * Math.sqrt(n.degree))) },
             title: tip([n.label, kind + " · " + plural(n.degree, "link")]),
             kind: n.kind, sources: n.sources, dist: n.dist };
  }));
  var edges = new vis.DataSet(data.edges.map(function (e) {
    var color = styles.categories[e.category].color;
    var when = e.date || [e.start, e.end].filter(Boolean).join(" – ");
    return { id: e.id, from: e.from, to: e.to, label: data.labels ? e.label : undefined,
             title: tip([names[e.from] + " " + e.label + " " + names[e.to],
                         [when, e.stance, e.role].filter(Boolean).join(" · "),
                         (e.sources.length > 1 ? "Sources: " : "Source: ") + e.sources.join(", ")]),
             color: { color: color, highlight: color, hover: color, opacity: 0.75 },
             arrows: e.arrow ? "to" : "",
             smooth: e.curve && !huge ? { enabled: true, type: e.curve > 0 ? "curvedCW" : "curvedCCW",
                                          roundness: Math.abs(e.curve) } : false,
             category: e.category, sources: e.sources };
  }));

  /* Filters: each set of checkboxes (data-filter="kind", "category", "source") that the
     page has narrows the graph; a radius choice narrows an ego network. */
  function checked(name) {
    var boxes = document.querySelectorAll('input[data-filter="' + name + '"]');
    if (!boxes.length) return null;
    var on = {};
    Array.prototype.forEach.call(boxes, function (b) { if (b.checked) on[b.value] = true; });
    return on;
  }
  function radius() {
    var r = document.querySelector('input[name="radius"]:checked');
    return r ? Number(r.value) : null;
  }
  var state = {};
  function read() {
    state = { kinds: checked("kind"), categories: checked("category"), sources: checked("source"),
              radius: radius() };
  }
  function anySource(list) {
    return !state.sources || list.some(function (s) { return state.sources[s]; });
  }
  read();
  var nodeView = new vis.DataView(nodes, { filter: function (n) {
    return (!state.kinds || state.kinds[n.kind]) && (!n.sources || n.sources.length === 0 || anySource(n.sources))
      && (state.radius === null || n.dist === undefined || n.dist <= state.radius);
  } });
  var edgeView = new vis.DataView(edges, { filter: function (e) {
    return (!state.categories || state.categories[e.category]) && anySource(e.sources)
      && nodeView.get(e.from) !== null && nodeView.get(e.to) !== null;
  } });

  /* In a crowded view, small labels appear only as you zoom in: vis-network skips a
     label drawn smaller than its threshold (in screen pixels). */
  function thresholds() {
    var n = nodeView.length, e = edgeView.length;
    return { nodes: { scaling: { label: { drawThreshold: n > 150 ? 12 : n > 60 ? 10 : 5 } } },
             edges: { scaling: { label: { drawThreshold: e > 60 ? 9 : 5 } } } };
  }

  var groups = {};
  Object.keys(styles.kinds).forEach(function (k) {
    var c = styles.kinds[k].color;
    groups[k] = { shape: styles.kinds[k].shape,
                  color: { background: c, border: c, highlight: { background: c, border: "#111" },
                           hover: { background: c, border: "#111" } } };
  });
  var options = {
    physics: false,
    layout: { improvedLayout: false },
    groups: groups,
    nodes: { borderWidth: 1, font: { color: "#1a1a1a", strokeWidth: 3, strokeColor: "#ffffff" },
             scaling: thresholds().nodes.scaling },
    edges: { width: 1.2, smooth: false, arrows: { to: { scaleFactor: 0.5 } },
             font: { size: 11, color: "#444444", strokeWidth: 3, strokeColor: "#ffffff", align: "middle" },
             scaling: thresholds().edges.scaling },
    interaction: { hover: !huge, tooltipDelay: 150, hideEdgesOnDrag: huge, hideEdgesOnZoom: huge,
                   multiselect: false }
  };

  holder.replaceChildren();
  var network = new vis.Network(holder, { nodes: nodeView, edges: edgeView }, options);
  window.foipNetwork = network;
  network.once("afterDrawing", function () { window.foipReady = true; });
  network.on("click", function (params) {
    if (linked && params.nodes.length === 1) {
      window.location.href = root + "entity/" + encodeURIComponent(params.nodes[0]) + ".html";
    }
  });
  network.on("hoverNode", function () { holder.classList.add("pointing"); });
  network.on("blurNode", function () { holder.classList.remove("pointing"); });

  var count = document.getElementById("graph-count");
  function report() {
    if (!count) return;
    count.textContent = "Showing " + nodeView.length + " of " + nodes.length + " entities and "
      + edgeView.length + " of " + edges.length + " claims.";
  }
  var controls = document.getElementById("graph-controls");
  if (controls) {
    controls.addEventListener("change", function (event) {
      read();
      nodeView.refresh();
      edgeView.refresh();
      network.setOptions(thresholds());
      report();
      if (event.target.name === "radius") network.fit();
    });
    controls.hidden = false;
  }
  report();
  setupFind();

  /* Find and focus: a name or alias from the list; the node is selected and centred. */
  function setupFind() {
    var input = document.getElementById("find");
    var status = document.getElementById("find-status");
    if (!input || !controls) return;
    var byLabel = {};
    Array.prototype.forEach.call(document.querySelectorAll("#find-names option"), function (o) {
      byLabel[o.value.toLowerCase()] = o.getAttribute("data-id");
    });
    controls.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = input.value.trim();
      var id = byLabel[text.toLowerCase()] || (nodes.get(text) ? text : null);
      if (!id) { status.textContent = "No entity is called “" + text + "”."; return; }
      if (nodeView.get(id) === null) { status.textContent = "“" + text + "” is hidden by the filters."; return; }
      network.selectNodes([id]);
      network.focus(id, { scale: 1.4, animation: { duration: 400, easingFunction: "easeInOutQuad" } });
      status.textContent = "Showing " + nodes.get(id).label + ". Click it to open its page.";
    });
  }
})();
