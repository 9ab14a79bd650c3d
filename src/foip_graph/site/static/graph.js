/* foip-graph: draw a page's graph with vis-network from its <script type="application/json">
   data, and let it be read: a click on a line opens a side panel with every claim between
   the two entities, each quote and a link to its passage; a click on a node opens its
   profile and highlights its neighbours; a table beneath lists what the graph shows, for
   the keyboard and screen readers. Positions come from the build, so physics stays off.
   Everything from the data is put in the page as text (textContent), never as HTML.
   The network is window.foipNetwork; window.foipReady turns true once it is drawn, fitted
   and labelled; window.foipGraph exposes the panel and the labels to tests. */
(function () {
  "use strict";
  var holder = document.getElementById("graph");
  var source = document.getElementById("graph-data");
  if (!holder || !source || typeof vis === "undefined") return;
  var data = JSON.parse(source.textContent);
  var root = document.body.getAttribute("data-root") || "";
  var linked = !document.body.hasAttribute("data-unlinked");  /* a notebook view has no pages */
  var filters = window.foipFilters || null;
  var styles = data.styles;
  var focus = data.focus;
  var huge = data.edges.length > 2000;
  var FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'DejaVu Sans', sans-serif";
  var LABEL_PX = 13, FOCUS_PX = 20, SECTOR_PX = 14, MOST_LABELS = 250;

  function el(tag, props, text) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (k) {
      if (k === "className" || k === "href" || k === "type" || k === "hidden" || k === "id" || k === "tabIndex") node[k] = props[k];
      else node.setAttribute(k, props[k]);
    });
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function plural(n, word, words) { return n + " " + (n === 1 ? word : (words || word + "s")); }
  function tip(lines) {
    var div = el("div", { className: "graph-tip" });
    div.textContent = lines.filter(Boolean).join("\n");
    return div;
  }

  /* ---------------------------------------------------------------- the data, indexed */
  var byId = {}, adjacent = {}, byEdge = {};
  var sourceIds = data.sources.map(function (s) { return s.id; });
  var sourceById = {};
  data.sources.forEach(function (s) { sourceById[s.id] = s; });
  /* A pair's claims as objects; each knows its pair (a link between an entity and a
     closed group carries the claims of several pairs). */
  function readClaims(e) {
    e.claims = e.claims.map(function (c) {
      var p = data.predicates[c[1]];
      return { id: c[0], predicate: c[1], label: p.label, category: p.category, dir: c[3], derived: c[4] === 1,
               sources: c[2].map(function (i) { return sourceIds[i]; }), holds: c[5] || [], pair: e };
    });
  }
  function indexAll() {
    byId = {}; adjacent = {}; byEdge = {};
    data.nodes.forEach(function (n) { byId[n.id] = n; adjacent[n.id] = []; });
    data.edges.forEach(function (e) {
      byEdge[e.id] = e;
      adjacent[e.from].push(e);
      if (e.to !== e.from) adjacent[e.to].push(e);
    });
  }
  data.edges.forEach(readClaims);

  /* A big network (data.grouped) is drawn as groups of closely linked entities: a click
     on a group loads its members (assets/groups/<n>.js) and draws them in its place,
     with their links; everything else moves away from the group's centre by as much as
     its members need. Links between two closed groups carry only their claims' count
     per kind of relation; links with an open group carry the claims themselves. */
  var grouped = data.grouped || null;
  var groupNodes = [], memberOf = {}, loaded = {}, opened = {}, names = {}, loading = {};
  if (grouped) {
    groupNodes = grouped.groups.map(function (g, i) {
      return { id: g.id, index: i, isGroup: true, name: g.name, label: g.name, kind: "group", size: g.size,
               pooled: g.pooled, kinds: g.kinds, sources: g.sources, claims: g.claims, x: g.x, y: g.y, r: g.r, R: g.R };
    });
  }
  function isGroup(id) { return String(id).indexOf("group:") === 0; }
  function groupOf(id) { return groupNodes[memberOf[id]]; }
  function nameOf(id) { return byId[id] ? byId[id].label : names[id] || id; }
  /* Every group's members, for "find and focus": loaded when first needed. */
  var allMembers = null, wantMembers = [];
  window.foipGroupMembers = function (groups) {
    groups.forEach(function (ids, i) { ids.forEach(function (id) { memberOf[id] = i; }); });
    allMembers = true;
    wantMembers.forEach(function (done) { done(); });
    wantMembers = [];
  };
  function members(done) {
    if (allMembers) { done(); return; }
    wantMembers.push(done);
    if (wantMembers.length === 1) document.head.appendChild(el("script", { src: root + "assets/groups/members.js" }));
  }
  /* Where everything is: groups opened one after the other (in their order), each
     pushing what is outside it radially away from its centre by its disc's radius less
     its bubble's; its members sit around its centre as laid out at build time. */
  function place() {
    var at = {};
    groupNodes.forEach(function (g) { at[g.id] = [g.x, g.y]; });
    groupNodes.forEach(function (g) {
      if (!opened[g.index]) return;
      var c = at[g.id], by = g.R - g.r;
      Object.keys(at).forEach(function (id) {
        if (id === g.id) return;
        var p = at[id], dx = p[0] - c[0], dy = p[1] - c[1], d = Math.sqrt(dx * dx + dy * dy);
        if (d < 1e-6) { dx = 1; dy = 0; d = 1; }
        at[id] = [p[0] + dx / d * by, p[1] + dy / d * by];
      });
      loaded[g.index].nodes.forEach(function (n) { at[n.id] = [c[0] + n.dx, c[1] + n.dy]; });
    });
    return at;
  }
  /* data.nodes and data.edges for what is open now. */
  function assemble() {
    var at = place(), list = [], links = {}, order = [];
    groupNodes.forEach(function (g) {
      if (!opened[g.index]) { g.x = at[g.id][0]; g.y = at[g.id][1]; list.push(g); return; }
      loaded[g.index].nodes.forEach(function (n) { n.x = at[n.id][0]; n.y = at[n.id][1]; list.push(n); });
    });
    function rep(id) { return opened[memberOf[id]] ? id : groupNodes[memberOf[id]].id; }
    function add(id, make) {
      if (!links[id]) { links[id] = make(); order.push(id); }
      return links[id];
    }
    grouped.links.forEach(function (l) {
      if (opened[l[0]] || opened[l[1]]) return;
      var a = groupNodes[l[0]].id, b = groupNodes[l[1]].id;
      add(a + " " + b, function () {
        return { id: a + " " + b, from: a, to: b, between: true,
                 claims: Object.keys(l[3]).map(function (c) { return { category: c, n: l[3][c], sources: [], holds: [] }; }) };
      });
    });
    groupNodes.forEach(function (g) {
      if (!opened[g.index]) return;
      loaded[g.index].edges.forEach(function (e) {
        var a = rep(e.from), b = rep(e.to);
        if (a === e.from && b === e.to) { add(e.id, function () { return e; }); return; }
        var id = a < b ? a + " " + b : b + " " + a;
        var link = add(id, function () {
          return { id: id, from: a < b ? a : b, to: a < b ? b : a, claims: [], pairs: [] };
        });
        if (link.pairs.indexOf(e) < 0) { link.pairs.push(e); link.claims = link.claims.concat(e.claims); }
      });
    });
    data.nodes = list;
    data.edges = order.map(function (id) { return links[id]; });
    indexAll();
  }
  if (grouped) assemble(); else indexAll();
  var sectors = data.sectors || [];
  var open = {};
  sectors.forEach(function (s) { open[s.name] = !data.collapsed; });
  function sectorId(name) { return "sector:" + name; }
  var sectorById = {};
  sectors.forEach(function (s) { sectorById[sectorId(s.name)] = s; });
  function isSector(id) { return String(id).indexOf("sector:") === 0; }

  /* A claim in words, the right way round: "Japan allied with United States". */
  function sentence(c) {
    var e = c.pair;
    var subject = c.dir === -1 ? e.to : e.from, object = c.dir === -1 ? e.from : e.to;
    return nameOf(subject) + " " + c.label + " " + nameOf(object);
  }
  /* How many claims a list of them stands for (a link between closed groups lists a
     count per kind of relation). */
  function weight(list) {
    var n = 0;
    list.forEach(function (c) { n += c.n || 1; });
    return n;
  }
  function nodeKindOn(n) {
    return n.kinds ? Object.keys(n.kinds).some(function (k) { return filters.kindOn(k); }) : filters.kindOn(n.kind);
  }
  function claimOn(c) {
    if (!filters) return true;
    return c.n ? filters.categoryOn(c.category) : filters.claimPasses(c);
  }

  /* ---------------------------------------------------------------- what is shown */
  var shown = { nodes: {}, edges: {}, claims: {}, eligible: {} };
  function radius() {
    var r = document.querySelector('input[name="radius"]:checked');
    return r ? Number(r.value) : null;
  }
  function compute() {
    var r = radius();
    var narrow = filters ? filters.narrows() : false;
    var base = {}, linkedTo = {}, eligible = {}, nodeOn = {}, edgeOn = {}, claimsOn = {};
    data.nodes.forEach(function (n) {
      var on = n.id === focus || !filters || nodeKindOn(n);
      if (on && r !== null && n.dist !== undefined && n.dist > r) on = false;
      if (on && n.sources && filters && n.id !== focus
          && !filters.anySource(n.sources.map(function (i) { return sourceIds[i]; }))) on = false;
      base[n.id] = on;
    });
    data.edges.forEach(function (e) {
      var list = base[e.from] && base[e.to]
        ? e.claims.filter(claimOn) : [];
      claimsOn[e.id] = list;
      if (list.length) { linkedTo[e.from] = true; linkedTo[e.to] = true; }
    });
    data.nodes.forEach(function (n) {
      eligible[n.id] = base[n.id] && (!narrow || n.id === focus || linkedTo[n.id] === true);
      var folded = n.group !== undefined && !open[n.group] && (n.dist !== 1 || n.rank >= data.keep);
      nodeOn[n.id] = eligible[n.id] && !folded;
    });
    data.edges.forEach(function (e) {
      edgeOn[e.id] = claimsOn[e.id].length > 0 && nodeOn[e.from] && nodeOn[e.to];
    });
    shown = { nodes: nodeOn, edges: edgeOn, claims: claimsOn, eligible: eligible };
  }
  compute();

  /* ---------------------------------------------------------------- vis data */
  function nodeSize(n) {
    if (n.isGroup) return n.r;
    return n.id === focus ? 34 : Math.min(40, Math.round(9 + 3 * Math.sqrt(n.claims)));
  }
  function edgeLook(e, list) {
    var count = {}, main = null;
    list.forEach(function (c) {
      count[c.category] = (count[c.category] || 0) + (c.n || 1);
      if (main === null || count[c.category] > count[main]) main = c.category;
    });
    var color = styles.categories[main || e.claims[0].category].color;
    var dirs = {};
    list.forEach(function (c) { dirs[c.dir] = true; });
    var arrows = dirs[1] && dirs[-1] ? "to, from" : dirs[1] ? "to" : dirs[-1] ? "from" : "";
    var words = {};
    list.forEach(function (c) { words[c.n ? styles.categories[c.category].label : c.label] = true; });
    var derived = list.length > 0 && list.every(function (c) { return c.derived; });
    var n = weight(list);
    return {
      label: data.edgeLabels ? (n === 1 ? list[0].label : plural(n, "claim")) : undefined,
      title: tip([nameOf(e.from) + " – " + nameOf(e.to),
                  n === 1 && !e.between ? sentence(list[0]) : plural(n, "claim") + ": " + Object.keys(words).join(", "),
                  derived ? "Derived from other claims: no document states it." : "",
                  e.between ? "Click for the kinds of relation; open a group to read its claims." : "Click to read the evidence."]),
      color: { color: color, highlight: color, hover: color, opacity: 0.8 },
      arrows: arrows, width: 1.2 + Math.log2(Math.max(1, n)), dashes: derived
    };
  }
  /* A group's members that the kind filter keeps. */
  function kept(g) {
    var n = 0;
    Object.keys(g.kinds).forEach(function (k) { if (!filters || filters.kindOn(k)) n += g.kinds[k]; });
    return n;
  }
  function groupLabel(g) {
    var n = kept(g);
    return g.name + " · " + (n === g.size ? g.size : n + " of " + g.size);
  }
  function visNode(n) {
    if (n.isGroup) {
      var kinds = Object.keys(n.kinds).map(function (k) { return plural(n.kinds[k], styles.kinds[k].label.toLowerCase()); });
      return { id: n.id, label: groupLabel(n), group: n.pooled ? "pool" : "cluster", x: n.x, y: n.y, size: n.r,
               borderWidth: 1, font: { size: 1 },
               title: tip([groupLabel(n), (n.pooled ? "A pool of " : "A group of closely linked entities: ")
                           + plural(n.size, "entity", "entities") + (n.pooled ? "" : ", around " + n.name),
                           kinds.join(", "), plural(n.claims, "claim") + " with one end in it.",
                           "Click to open it into its entities."]) };
    }
    var kind = styles.kinds[n.kind].label;
    return { id: n.id, label: n.label, group: n.kind, x: n.x, y: n.y, size: nodeSize(n),
             borderWidth: n.id === focus ? 4 : 1, font: { size: 1 },
             title: tip([n.label, kind + " · " + plural(n.claims, "claim"), "Click to read more."]) };
  }
  var nodes = new vis.DataSet(data.nodes.map(visNode).concat(sectors.map(function (s) {
    var color = styles.categories[s.name].color;
    return { id: sectorId(s.name), label: s.label, shape: "text", x: s.at[0], y: s.at[1],
             font: { size: 1, color: color, strokeWidth: 4, strokeColor: "#ffffff" } };
  })));
  var lastCount = {};
  function visEdge(e) {
    lastCount[e.id] = e.claims.length;
    var look = edgeLook(e, e.claims);
    look.id = e.id; look.from = e.from; look.to = e.to;
    return look;
  }
  var edges = new vis.DataSet(data.edges.map(visEdge));
  var nodeView = new vis.DataView(nodes, { filter: function (n) {
    return isSector(n.id) ? sectorShown(n.id.slice(7)) : shown.nodes[n.id] === true;
  } });
  var edgeView = new vis.DataView(edges, { filter: function (e) { return shown.edges[e.id] === true; } });

  function sectorMembers(name) {
    return data.nodes.filter(function (n) { return n.group === name && n.dist === 1 && shown.eligible[n.id]; });
  }
  function sectorShown(name) { return sectorMembers(name).length > 0; }
  function restyle() {
    var changed = [];
    data.edges.forEach(function (e) {
      var list = shown.claims[e.id];
      if (shown.edges[e.id] && list.length !== lastCount[e.id]) {
        lastCount[e.id] = list.length;
        var look = edgeLook(e, list);
        look.id = e.id;
        changed.push(look);
      }
    });
    if (changed.length) edges.update(changed);
    if (grouped) {
      nodes.update(data.nodes.filter(function (n) { return n.isGroup; }).map(function (g) {
        return { id: g.id, label: groupLabel(g) };
      }));
    }
    if (sectors.length) {
      nodes.update(sectors.map(function (s) {
        var members = sectorMembers(s.name);
        var folded = members.filter(function (n) { return !shown.nodes[n.id]; }).length;
        var place = open[s.name] ? s.at : s.near;
        return { id: sectorId(s.name), x: place[0], y: place[1],
                 label: s.label + " · " + members.length + (folded ? " (+" + folded + ")" : ""),
                 title: tip([s.label + ": " + plural(members.length, "entity", "entities"),
                             folded ? "Click to show all of them." : open[s.name] && members.length > data.keep
                               ? "Click to show only the first " + data.keep + "." : ""]) };
      }));
    }
  }

  /* ---------------------------------------------------------------- the network */
  var groups = {};
  Object.keys(styles.kinds).forEach(function (k) {
    var c = styles.kinds[k].color;
    groups[k] = { shape: styles.kinds[k].shape,
                  color: { background: c, border: c, highlight: { background: c, border: "#111111" },
                           hover: { background: c, border: "#111111" } } };
  });
  if (grouped) [["cluster", "#9fb3c8", "#486581"], ["pool", "#e4e7eb", "#7b8794"]].forEach(function (g) {
    groups[g[0]] = { shape: "dot", color: { background: g[1], border: g[2], highlight: { background: g[1], border: "#111111" },
                                            hover: { background: g[1], border: "#111111" } } };
  });
  var options = {
    physics: false,
    layout: { improvedLayout: false },
    groups: groups,
    nodes: { borderWidth: 1, borderWidthSelected: 3,
             font: { face: FONT, color: "#1a1a1a", strokeWidth: 3, strokeColor: "#ffffff" },
             scaling: { label: { drawThreshold: 5, maxVisible: 60 } } },
    edges: { width: 1.2, smooth: false, arrows: { to: { scaleFactor: 0.5 }, from: { scaleFactor: 0.5 } },
             font: { face: FONT, size: 11, color: "#444444", strokeWidth: 3, strokeColor: "#ffffff", align: "middle" },
             scaling: { label: { drawThreshold: 9 } } },
    interaction: { hover: !huge, tooltipDelay: 150, hideEdgesOnDrag: huge, hideEdgesOnZoom: huge,
                   multiselect: false, selectConnectedEdges: false }
  };
  restyle();
  holder.replaceChildren();
  var network = new vis.Network(holder, { nodes: nodeView, edges: edgeView }, options);
  window.foipNetwork = network;

  /* ---------------------------------------------------------------- labels that do not pile up
     Labels are drawn for as many nodes as fit without overlapping, the focus first, then
     the selected node and its neighbours, the sectors' names, and the best-connected;
     each at a readable size on screen, beneath its node or, where that is taken, above
     it. The others have a tiny font, which vis-network does not draw (drawThreshold);
     zooming in makes room for more. */
  var measure = document.createElement("canvas").getContext("2d");
  var widths = {}, fontOf = {}, labelled = {}, selected = {};
  nodes.getIds().forEach(function (id) { fontOf[id] = "1 0"; });  // as drawn at first: no label
  function width(id, text, px) {
    var key = px + "@" + text;
    if (widths[key] === undefined) { measure.font = px + "px " + FONT; widths[key] = measure.measureText(text).width; }
    return widths[key];
  }
  /* Who gets room first: the focus, the selected node, its neighbours, each sector's
     best-connected few, the sectors' names, then the best-connected. */
  function priority(id) {
    if (id === focus) return 0;
    if (selected[id] === 2) return 1;
    if (selected[id] === 1) return 2;
    if (isSector(id)) return 4;
    var n = byId[id];
    return n.group !== undefined && n.dist === 1 && n.rank < data.keep ? 3 : 5;
  }
  function declutter() {
    var scale = network.getScale();
    var ids = nodeView.getIds();
    var at = network.getPositions(ids);
    var w = holder.clientWidth, h = holder.clientHeight;
    var centre = focus !== null && at[focus] ? network.canvasToDOM(at[focus]) : { x: w / 2, y: h / 2 };
    ids.sort(function (a, b) {
      return priority(a) - priority(b) || (byId[b] ? byId[b].claims : 0) - (byId[a] ? byId[a].claims : 0)
        || (a < b ? -1 : a > b ? 1 : 0);
    });
    var cells = {}, CELL = 60, chosen = {}, lifted = {}, count = 0, moves = [];
    function cellsOf(box) {
      var out = [];
      for (var x = Math.floor(box[0] / CELL); x <= Math.floor(box[2] / CELL); x++)
        for (var y = Math.floor(box[1] / CELL); y <= Math.floor(box[3] / CELL); y++) out.push(x + "," + y);
      return out;
    }
    function hit(box) {
      var found = null;
      cellsOf(box).some(function (k) {
        return (cells[k] || []).some(function (o) {
          if (box[0] < o[2] && o[0] < box[2] && box[1] < o[3] && o[1] < box[3]) { found = o; return true; }
          return false;
        });
      });
      return found;
    }
    function keep(box) { cellsOf(box).forEach(function (k) { (cells[k] = cells[k] || []).push(box); }); }
    if (focus !== null && at[focus]) {  // the focus itself is no place for a label
      var r = nodeSize(byId[focus]) * scale;
      keep([centre.x - r, centre.y - r, centre.x + r, centre.y + r]);
    }
    ids.forEach(function (id) {
      var sector = isSector(id);
      if (!sector && id !== focus && count >= MOST_LABELS) return;
      var q = sector ? null : network.canvasToDOM(at[id]);
      if (q && id !== focus && (q.x < -200 || q.x > w + 200 || q.y < -40 || q.y > h)) return;  // off screen
      var text = sector ? nodes.get(id).label : byId[id].isGroup ? groupLabel(byId[id]) : byId[id].label;
      var px = id === focus ? FOCUS_PX : sector ? SECTOR_PX : LABEL_PX;
      var half = width(id, text, px) / 2 + 3;
      var box;
      if (sector) {  /* always shown: moved away from the centre until it is clear */
        var s = sectorById[id], base = open[s.name] ? s.at : s.near;
        var p = network.canvasToDOM({ x: base[0], y: base[1] }), step = p.y >= centre.y ? 1 : -1;
        box = [p.x - half, p.y - px / 2 - 3, p.x + half, p.y + px / 2 + 3];
        for (var tries = 0, o = hit(box); o && tries < 30; tries++, o = hit(box)) {
          var dy = step > 0 ? o[3] - box[1] + 1 : o[1] - box[3] - 1;
          box[1] += dy; box[3] += dy;
        }
        var y = Math.round(base[1] + (box[1] + px / 2 + 3 - p.y) / scale);
        if (nodes.get(id).y !== y || nodes.get(id).x !== base[0]) moves.push({ id: id, x: base[0], y: y });
      } else {
        var r = nodeSize(byId[id]) * scale, top = q.y + r + 1;
        var outside = function (b) { return b[2] < 0 || b[0] > w || b[3] < 0 || b[1] > h; };
        box = [q.x - half, top, q.x + half, top + px + 4];
        if (id !== focus && (outside(box) || hit(box))) {
          box = [q.x - half, q.y - r - px - 5, q.x + half, q.y - r - 1];
          if (outside(box) || hit(box)) return;
          lifted[id] = true;
        }
      }
      keep(box);
      chosen[id] = px;
      count += 1;
    });
    if (moves.length) nodes.update(moves);
    var updates = [];
    labelled = {};
    ids.forEach(function (id) {
      var size = chosen[id] ? Math.round(chosen[id] / scale * 100) / 100 : 1;
      /* Above the node: vis-network draws a label 3 units beneath it, so up by the node,
         those 3 and the label's own height. */
      var lift = lifted[id] ? -Math.round((2 * nodeSize(byId[id]) + 3 + (chosen[id] + 5) / scale) * 100) / 100 : 0;
      if (chosen[id]) labelled[id] = true;
      if (fontOf[id] !== size + " " + lift) {
        fontOf[id] = size + " " + lift;
        updates.push({ id: id, font: { size: size, vadjust: lift } });
      }
    });
    if (updates.length) nodes.update(updates);
  }

  /* ---------------------------------------------------------------- view: fit, zoom, reset */
  var moved = false;
  /* Fitted to the shown nodes' positions and sizes (not their labels, which change
     with the zoom), with a margin for the labels; or to some of them (an opened group). */
  function fit(only) {
    var ids = only || nodeView.getIds(), at = network.getPositions(ids);
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    ids.forEach(function (id) {
      var r = byId[id] ? nodeSize(byId[id]) : 10;
      x0 = Math.min(x0, at[id].x - r); x1 = Math.max(x1, at[id].x + r);
      y0 = Math.min(y0, at[id].y - r); y1 = Math.max(y1, at[id].y + r + 24);
    });
    if (!ids.length) return;
    var scale = Math.min(holder.clientWidth / Math.max(x1 - x0, 1), holder.clientHeight / Math.max(y1 - y0, 1)) * 0.88;
    network.moveTo({ position: { x: (x0 + x1) / 2, y: (y0 + y1) / 2 }, scale: Math.min(scale, 1.5), animation: false });
    moved = false;
  }
  /* Fitted and labelled; twice where sectors are, since placing their names can move
     them past the first fit. */
  function settle() {
    fit();
    declutter();
    if (sectors.length) { fit(); declutter(); }
  }
  var pending = null;
  function later() {
    if (pending) clearTimeout(pending);
    pending = setTimeout(function () { pending = null; declutter(); }, 120);
  }
  network.on("zoom", function () { moved = true; later(); });
  network.on("dragEnd", function () { moved = true; later(); });
  network.on("hoverNode", function () { holder.classList.add("pointing"); });
  network.on("blurNode", function () { holder.classList.remove("pointing"); });
  network.on("hoverEdge", function () { holder.classList.add("pointing"); });
  network.on("blurEdge", function () { holder.classList.remove("pointing"); });

  var area = holder.parentNode;
  var tools = el("div", { className: "graph-tools", role: "toolbar", "aria-label": "Graph view" });
  [["+", "Zoom in", function () { network.moveTo({ scale: network.getScale() * 1.4 }); moved = true; declutter(); }],
   ["−", "Zoom out", function () { network.moveTo({ scale: network.getScale() / 1.4 }); moved = true; declutter(); }],
   ["Fit", "Fit the graph to the view", settle],
   ["Reset", "Reset: the view at load, fitted, nothing selected", reset]].forEach(function (b) {
    var button = el("button", { type: "button", title: b[1], "aria-label": b[1] }, b[0]);
    button.addEventListener("click", b[2]);
    tools.appendChild(button);
  });
  var count = el("p", { className: "graph-count muted", id: "graph-count", "aria-live": "polite" });
  var bar = el("div", { className: "graph-bar" });
  var stage = el("div", { className: "graph-stage" });
  bar.appendChild(tools);
  bar.appendChild(count);
  area.insertBefore(bar, holder);
  area.insertBefore(stage, holder);
  stage.appendChild(holder);
  function report() {
    if (grouped) { reportGroups(); return; }
    var r = radius(), claims = 0, total = 0, entities = 0, within = 0;
    function inside(id) { return r === null || byId[id].dist === undefined || byId[id].dist <= r; }
    data.edges.forEach(function (e) {
      if (inside(e.from) && inside(e.to)) total += e.claims.length;
      if (shown.edges[e.id]) claims += shown.claims[e.id].length;
    });
    data.nodes.forEach(function (n) {
      if (inside(n.id)) within += 1;
      if (shown.nodes[n.id]) entities += 1;
    });
    count.textContent = "Showing " + entities + " of " + within + " entities and " + claims + " of " + total + " claims.";
  }
  function reportGroups() {
    var groupsShown = 0, open = 0, entities = 0, claims = 0, between = false;
    groupNodes.forEach(function (g) { if (opened[g.index]) open += 1; });
    data.nodes.forEach(function (n) {
      if (!shown.nodes[n.id]) return;
      if (n.isGroup) { groupsShown += 1; entities += kept(n); } else entities += 1;
    });
    data.edges.forEach(function (e) {
      if (!shown.edges[e.id]) return;
      claims += weight(shown.claims[e.id]);
      if (e.between) between = true;
    });
    count.textContent = "Grouped view: " + plural(groupsShown + open, "group") + " shown, " + open + " open; "
      + entities + " of " + grouped.entities + " entities; the links drawn carry " + claims + " of " + grouped.claims
      + " claims." + (between && filters && filters.bySourceOrDate()
        ? " Links between closed groups count every claim of the kinds of relation checked: open a group to filter its claims by source and date." : "");
  }

  /* ---------------------------------------------------------------- the panel */
  var panel = el("aside", { className: "panel", id: "panel", hidden: true, tabIndex: -1, "aria-labelledby": "panel-title" });
  var panelHead = el("div", { className: "panel-head" });
  var panelKind = el("p", { className: "kind" });
  var panelTitle = el("h2", { id: "panel-title" });
  var close = el("button", { type: "button", className: "panel-close", "aria-label": "Close the panel", title: "Close" }, "×");
  var panelBody = el("div", { className: "panel-body" });
  panelHead.appendChild(panelKind);
  panelHead.appendChild(panelTitle);
  panel.appendChild(close);
  panel.appendChild(panelHead);
  panel.appendChild(panelBody);
  stage.appendChild(panel);
  var showing = null, returnTo = null;
  close.addEventListener("click", function () { closePanel(true); });
  panel.addEventListener("keydown", function (event) { if (event.key === "Escape") closePanel(true); });
  function closePanel(restore) {
    panel.hidden = true;
    panel.removeAttribute("data-ready");
    showing = null;
    selected = {};
    network.unselectAll();
    declutter();
    if (restore && returnTo) returnTo.focus();
    returnTo = null;
  }
  function openPanel(kind, title, what, keyboard) {
    panelKind.textContent = kind;
    panelTitle.textContent = title;
    panelBody.replaceChildren();
    panel.removeAttribute("data-ready");
    panel.hidden = false;
    showing = what;
    if (keyboard) { returnTo = document.activeElement; panel.focus(); }
    return panelBody;
  }

  /* The words behind an id (a claim's quotes, an entity's description): embedded in the
     notebook view, else in assets/evidence/<n>.js, loaded once with a script element. */
  var shards = {}, waiting = {};
  window.foipEvidence = function (n, records) {
    shards[n] = records;
    (waiting[n] || []).forEach(function (done) { done(records); });
    delete waiting[n];
  };
  function fnv1a(text) {
    var h = 0x811c9dc5;
    var bytes = unescape(encodeURIComponent(text));
    for (var i = 0; i < bytes.length; i++) { h ^= bytes.charCodeAt(i); h = Math.imul(h, 0x01000193) >>> 0; }
    return h;
  }
  function record(id, done) {
    if (data.records) { done(data.records[id] || null); return; }
    var n = fnv1a(id) % data.shards;
    if (shards[n]) { done(shards[n][id] || null); return; }
    if (!waiting[n]) {
      waiting[n] = [];
      var script = el("script", { src: root + "assets/evidence/" + n + ".js" });
      script.addEventListener("error", function () { window.foipEvidence(n, {}); });
      document.head.appendChild(script);
    }
    waiting[n].push(function (records) { done(records[id] || null); });
  }
  function records(ids, done) {
    var got = {}, left = ids.length;
    if (!left) { done(got); return; }
    ids.forEach(function (id) { record(id, function (r) { got[id] = r; left -= 1; if (!left) done(got); }); });
  }

  function citation(sourceId, href) {
    var s = sourceById[sourceId];
    var text = s.short + " · " + s.publisher + ", " + s.date;
    var cite = el("cite");
    cite.appendChild(linked && href ? el("a", { className: "passage", href: root + href, title: s.id + ": " + s.title }, text)
                                    : el("span", { title: s.id + ": " + s.title }, text));
    return cite;
  }
  function select(nodeIds, edgeIds, main) {
    selected = {};
    nodeIds.forEach(function (id) { selected[id] = 1; });
    if (main) selected[main] = 2;
    network.setSelection({ nodes: nodeIds, edges: edgeIds }, { unselectAll: true, highlightEdges: false });
    declutter();
  }

  function showNode(id, keyboard) {
    var n = byId[id];
    var around = adjacent[id].filter(function (e) { return shown.edges[e.id]; });
    var neighbours = around.map(function (e) { return e.from === id ? e.to : e.from; })
      .filter(function (v, i, all) { return v !== id && all.indexOf(v) === i; });
    select([id].concat(neighbours), around.map(function (e) { return e.id; }), id);
    var body = openPanel(styles.kinds[n.kind].label, n.label, "node " + id, keyboard);
    var about = el("p", { className: "description" }, "…");
    body.appendChild(about);
    var claims = 0;
    around.forEach(function (e) { claims += weight(shown.claims[e.id]); });
    body.appendChild(el("p", { className: "muted" }, plural(n.claims, "claim") + " in all; here "
      + plural(neighbours.length, "linked entity", "linked entities") + " and " + plural(claims, "claim") + "."));
    var actions = el("p", { className: "panel-actions" });
    if (linked) actions.appendChild(el("a", { href: root + "entity/" + encodeURIComponent(id) + ".html" }, "Open the page of " + n.label));
    body.appendChild(actions);
    if (grouped) {
      var g = groupOf(id);
      body.appendChild(el("p", { className: "panel-actions" })).appendChild(groupButton(g, "Close its group, " + g.name));
    }
    if (neighbours.length) {
      body.appendChild(el("p", { className: "panel-sub" }, "Linked here to"));
      var list = el("ul", { className: "panel-links" });
      around.slice().sort(function (a, b) { return weight(shown.claims[b.id]) - weight(shown.claims[a.id]); })
        .slice(0, 12).forEach(function (e) {
          var other = e.from === id ? e.to : e.from;
          var li = el("li");
          var button = el("button", { type: "button", className: "linklike" }, nameOf(other));
          button.addEventListener("click", function () { showEdge(e.id, true); });
          li.appendChild(button);
          li.appendChild(el("span", { className: "muted" }, " " + plural(weight(shown.claims[e.id]), "claim")));
          list.appendChild(li);
        });
      body.appendChild(list);
    }
    record(id, function (r) {
      if (showing !== "node " + id) return;
      about.textContent = r ? r.description : "";
      if (r && r.aliases) about.parentNode.insertBefore(el("p", { className: "aliases" }, "Also called: " + r.aliases.join(", ")), about);
      if (r && r.when) about.parentNode.insertBefore(el("p", { className: "when" }, r.when), about);
      panel.setAttribute("data-ready", id);
    });
  }

  function showEdge(edgeId, keyboard) {
    var e = byEdge[edgeId];
    var list = shown.claims[edgeId].length ? shown.claims[edgeId] : e.claims;
    select([e.from, e.to], [edgeId], null);
    var body = openPanel(e.between ? "Link between groups" : "Link", nameOf(e.from) + " – " + nameOf(e.to), "edge " + edgeId, keyboard);
    var head = el("p", { className: "muted" }, plural(weight(list), "claim") + " between them");
    if (weight(list) < weight(e.claims)) head.textContent += " (" + (weight(e.claims) - weight(list)) + " more hidden by the filters)";
    head.textContent += ".";
    body.appendChild(head);
    [e.from, e.to].filter(isGroup).forEach(function (id) {
      body.appendChild(el("p", { className: "panel-actions" })).appendChild(groupButton(byId[id], "Open the group " + byId[id].name));
    });
    if (e.between) {  /* closed groups: the kinds of relation; their claims are read once a group is open */
      var kinds = el("ul", { className: "panel-links" });
      list.forEach(function (c) {
        kinds.appendChild(el("li", {}, styles.categories[c.category].label + ": " + plural(c.n, "claim")));
      });
      body.appendChild(kinds);
      panel.setAttribute("data-ready", edgeId);
      return;
    }
    if (linked && e.page) {
      body.appendChild(el("p", { className: "panel-actions" }))
        .appendChild(el("a", { href: root + "relationship/" + [e.from, e.to].sort().join("--") + ".html" },
                        "Open the relationship page: every source side by side"));
    }
    var ol = el("ol", { className: "panel-claims" });
    body.appendChild(ol);
    function quotes(into, r) {
      (r.quotes || []).forEach(function (q) {
        var quote = el("blockquote", { className: "quote" });
        quote.appendChild(el("p", {}, "“" + q[0] + "”"));
        quote.appendChild(citation(q[1], q[2]));
        into.appendChild(quote);
      });
    }
    records(list.map(function (c) { return c.id; }), function (got) {
      var chains = [];
      list.forEach(function (c) { if (got[c.id] && got[c.id].derived_from) chains = chains.concat(got[c.id].derived_from); });
      records(chains, function (links) {
        if (showing !== "edge " + edgeId) return;
        list.forEach(function (c) {
          var r = got[c.id] || {};
          var li = el("li", c.derived ? { className: "derived" } : {});
          li.appendChild(el("p", { className: "claim" }, sentence(c)));
          if (r.event) li.appendChild(el("p", { className: "plover" }, r.event));
          var meta = [r.when, r.stance, r.role ? "as " + r.role : ""].filter(Boolean).join(" · ");
          if (meta) li.appendChild(el("p", { className: "muted" }, meta));
          if (r.note) li.appendChild(el("p", { className: "note" }, r.note));
          if (r.derived_from) {  /* no document states it: the claims it comes from, and theirs */
            li.appendChild(el("p", { className: "panel-sub" }, "Derived, not stated by any document. It comes from:"));
            var from = el("ul", { className: "panel-derived" });
            r.derived_from.forEach(function (id) {
              var part = el("li"), stated = links[id] || {};
              part.appendChild(el("p", {}, stated.says || id));
              quotes(part, stated);
              from.appendChild(part);
            });
            li.appendChild(from);
          }
          quotes(li, r);
          ol.appendChild(li);
        });
        panel.setAttribute("data-ready", edgeId);
      });
    });
  }

  function toggleSector(name) {
    open[name] = !open[name];
    refresh(false);
  }

  network.on("click", function (params) {
    if (params.nodes.length) {
      var id = params.nodes[0];
      if (isSector(id)) toggleSector(id.slice(7));
      else if (isGroup(id)) openGroup(byId[id].index, true);
      else showNode(id, false);
    } else if (params.edges.length) {
      showEdge(params.edges[0], false);
    } else if (showing) {
      closePanel(false);
    }
  });
  /* A double click opens the entity's page (the browser's dblclick: vis-network's own
     double tap is missed when the first click's work outlasts its interval). */
  holder.addEventListener("dblclick", function (event) {
    var box = holder.getBoundingClientRect();
    var id = network.getNodeAt({ x: event.clientX - box.left, y: event.clientY - box.top });
    if (linked && id !== undefined && !isSector(id) && !isGroup(id)) {
      window.location.href = root + "entity/" + encodeURIComponent(id) + ".html";
    }
  });

  /* ---------------------------------------------------------------- groups: open, close */
  window.foipGroup = function (i, shard) {
    shard.nodes.forEach(function (n) { n.dx = n.x; n.dy = n.y; names[n.id] = n.label; memberOf[n.id] = i; });
    shard.edges.forEach(readClaims);
    Object.keys(shard.names).forEach(function (id) { names[id] = shard.names[id][0]; memberOf[id] = shard.names[id][1]; });
    loaded[i] = shard;
    (loading[i] || []).forEach(function (done) { done(); });
    delete loading[i];
  };
  function load(i, done) {
    if (loaded[i]) { done(); return; }
    if (loading[i]) { loading[i].push(done); return; }
    loading[i] = [done];
    var script = el("script", { src: root + "assets/groups/" + i + ".js" });
    script.addEventListener("error", function () {
      delete loading[i];
      count.textContent = "The entities of " + groupNodes[i].name + " could not be loaded (assets/groups/" + i + ".js).";
    });
    document.head.appendChild(script);
  }
  /* Open group i: its members are drawn in its place and the view zooms onto them. */
  function openGroup(i, zoom, then) {
    load(i, function () {
      opened[i] = true;
      regroup();
      if (zoom) fit(loaded[i].nodes.map(function (n) { return n.id; }));
      declutter();
      if (then) then();
    });
  }
  function closeGroup(i) {
    opened[i] = false;
    regroup();
    var g = groupNodes[i];
    network.moveTo({ position: { x: g.x, y: g.y }, animation: false });
    declutter();
  }
  /* A button that opens a closed group or closes an open one (by its entity's panel). */
  function groupButton(g, label, text) {
    var b = el("button", { type: "button", className: text ? "" : "linklike", "aria-label": label }, text || label);
    b.addEventListener("click", function () {
      var was = opened[g.index];
      if (was) closeGroup(g.index); else openGroup(g.index, true);
    });
    return b;
  }
  var openList = document.getElementById("open-groups");
  function listOpen() {
    if (!openList) return;
    var ul = openList.querySelector("ul");
    ul.replaceChildren();
    groupNodes.forEach(function (g) {
      if (!opened[g.index]) return;
      var li = el("li");
      li.appendChild(el("span", {}, g.name + " · " + g.size + " "));
      var b = el("button", { type: "button", "aria-label": "Close the group " + g.name }, "Close");
      b.addEventListener("click", function () { closeGroup(g.index); });
      li.appendChild(b);
      ul.appendChild(li);
    });
    openList.hidden = !ul.children.length;
  }
  /* Draw what is open now: new nodes and links, the same filters, the panel kept when
     what it shows is still drawn. */
  function regroup() {
    assemble();
    nodes.clear();
    nodes.add(data.nodes.map(visNode));
    fontOf = {};
    data.nodes.forEach(function (n) { fontOf[n.id] = "1 0"; });
    edges.clear();
    lastCount = {};
    edges.add(data.edges.map(visEdge));
    listOpen();
    refresh(false);
  }

  /* ---------------------------------------------------------------- the graph as a table */
  var table = el("details", { className: "graph-table", id: "graph-table" });
  var summary = el("summary", {}, "The graph as a table");
  var tableBody = el("div");
  table.appendChild(summary);
  table.appendChild(tableBody);
  area.parentNode.insertBefore(table, area.nextSibling);
  function cell(row, child, label) {
    var td = el("td", label ? { "data-label": label } : {});
    if (typeof child === "string") td.textContent = child; else td.appendChild(child);
    row.appendChild(td);
  }
  function button(text, label, action) {
    var b = el("button", { type: "button", "aria-label": label }, text);
    b.addEventListener("click", function () { action(true); });
    return b;
  }
  function drawTable() {
    tableBody.replaceChildren();
    var shownNodes = data.nodes.filter(function (n) { return shown.nodes[n.id]; })
      .sort(function (a, b) { return (b.id === focus) - (a.id === focus) || b.claims - a.claims || (a.label < b.label ? -1 : 1); });
    var shownEdges = data.edges.filter(function (e) { return shown.edges[e.id]; })
      .sort(function (a, b) { return weight(shown.claims[b.id]) - weight(shown.claims[a.id]) || (a.id < b.id ? -1 : 1); });
    var t1 = el("table", { className: "cards" });
    var shownGroups = shownNodes.filter(function (n) { return n.isGroup; }).length;
    t1.appendChild(el("caption", {}, shownGroups ? plural(shownGroups, "group") + " and " + plural(shownNodes.length - shownGroups, "entity", "entities")
                                                 : plural(shownNodes.length, "entity", "entities")));
    var h1 = el("tr");
    ["Entity", "Kind", "Claims", "In the graph"].forEach(function (t) { h1.appendChild(el("th", { scope: "col" }, t)); });
    t1.appendChild(el("thead")).appendChild(h1);
    var b1 = t1.appendChild(el("tbody"));
    shownNodes.forEach(function (n) {
      var tr = el("tr");
      if (n.isGroup) {
        cell(tr, groupLabel(n), "Entity");
        cell(tr, n.pooled ? "Pool of entities" : "Group of entities", "Kind");
        cell(tr, String(n.claims), "Claims");
        cell(tr, groupButton(n, "Open the group " + n.name, "Open"));
        b1.appendChild(tr);
        return;
      }
      cell(tr, linked ? el("a", { href: root + "entity/" + encodeURIComponent(n.id) + ".html" }, n.label) : el("span", {}, n.label), "Entity");
      cell(tr, styles.kinds[n.kind].label, "Kind");
      cell(tr, String(n.claims), "Claims");
      cell(tr, button("Select", "Select " + n.label + " in the graph", function (k) { showNode(n.id, k); }));
      b1.appendChild(tr);
    });
    var t2 = el("table", { className: "cards" });
    t2.appendChild(el("caption", {}, plural(shownEdges.length, "link")));
    var h2 = el("tr");
    ["Between", "Relations", "Claims", "In the graph"].forEach(function (t) { h2.appendChild(el("th", { scope: "col" }, t)); });
    t2.appendChild(el("thead")).appendChild(h2);
    var b2 = t2.appendChild(el("tbody"));
    shownEdges.forEach(function (e) {
      var tr = el("tr");
      var words = {};
      shown.claims[e.id].forEach(function (c) { words[c.n ? styles.categories[c.category].label : c.label] = true; });
      cell(tr, nameOf(e.from) + " – " + nameOf(e.to), "Between");
      cell(tr, Object.keys(words).join(", "), "Relations");
      cell(tr, String(weight(shown.claims[e.id])), "Claims");
      cell(tr, button(e.between ? "Claims" : "Evidence", (e.between ? "The claims between " : "The evidence between ")
                      + nameOf(e.from) + " and " + nameOf(e.to), function (k) { showEdge(e.id, k); }));
      b2.appendChild(tr);
    });
    tableBody.appendChild(t1);
    tableBody.appendChild(t2);
  }
  table.addEventListener("toggle", function () { if (table.open) drawTable(); });

  /* ---------------------------------------------------------------- changes */
  function refresh(refit) {
    compute();
    nodeView.refresh();
    edgeView.refresh();
    restyle();
    report();
    if (refit) settle(); else declutter();
    if (table.open) drawTable();
    if (showing) {
      var what = showing.split(" ");
      if (what[0] === "node" && shown.nodes[what[1]]) showNode(what[1], false);
      else if (what[0] === "edge" && shown.edges[showing.slice(5)]) showEdge(showing.slice(5), false);
      else closePanel(false);
    }
  }
  function reset() {
    sectors.forEach(function (s) { open[s.name] = !data.collapsed; });
    if (grouped && Object.keys(opened).some(function (i) { return opened[i]; })) {
      opened = {};
      if (showing) closePanel(false);
      regroup();
      settle();
      return;
    }
    if (expand) expand.setAttribute("aria-pressed", "false");
    if (showing) closePanel(false);
    refresh(true);
  }
  if (filters) filters.onChange(function () { refresh(false); });
  var controls = document.getElementById("graph-controls");
  var expand = document.getElementById("expand-all");
  if (expand) {
    expand.addEventListener("click", function () {
      var all = expand.getAttribute("aria-pressed") !== "true";
      sectors.forEach(function (s) { open[s.name] = all; });
      expand.setAttribute("aria-pressed", all ? "true" : "false");
      refresh(false);
    });
  }
  if (controls) {
    controls.addEventListener("change", function (event) { if (event.target.name === "radius") refresh(true); });
    controls.hidden = false;
    setupFind(controls);
  }
  if (window.ResizeObserver) {
    var size = [holder.clientWidth, holder.clientHeight];
    new ResizeObserver(function () {
      if (size[0] === holder.clientWidth && size[1] === holder.clientHeight) return;
      size = [holder.clientWidth, holder.clientHeight];
      if (!moved) fit();
      later();
    }).observe(holder);
  }

  /* Find and focus (the overview): the best match of the site's search; the node is
     selected with its neighbours, centred, and its panel opened. */
  function setupFind(form) {
    var input = document.getElementById("find");
    var status = document.getElementById("find-status");
    if (!input) return;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = input.value.trim();
      if (grouped && !allMembers) { members(function () { form.requestSubmit(); }); return; }
      var id = window.foipSearch ? window.foipSearch.best(text) : (byId[text] || memberOf[text] !== undefined ? text : null);
      if (!id || (!byId[id] && memberOf[id] === undefined)) { status.textContent = "No entity is called “" + text + "”."; return; }
      function go() {
        if (!shown.nodes[id]) { status.textContent = "“" + byId[id].label + "” is hidden by the filters."; return; }
        showNode(id, false);
        network.focus(id, { scale: Math.max(1.2, network.getScale()), animation: false });
        declutter();
        status.textContent = "Showing " + byId[id].label + " and its links"
          + (grouped ? ", in the group " + groupOf(id).name : "") + ".";
      }
      if (byId[id]) go(); else openGroup(memberOf[id], false, go);
    });
  }

  report();
  settle();  /* before the first frame, so the graph is drawn once, fitted and labelled */
  network.once("afterDrawing", function () {
    if (window.console && window.foipDebug) console.log("scale", network.getScale());
    window.foipReady = true;
  });
  window.foipGraph = {
    labelled: function () { return Object.keys(labelled).filter(function (id) { return !isSector(id); }); },
    showNode: showNode, showEdge: showEdge, shown: function () { return shown; }
  };
})();
