/* foip-graph: draw a pyvis Network saved by foip_graph.save_pyvis, from the page's
   <script type="application/json" id="network-data">. Every text (menu entries, progress)
   is set with textContent; vis-network shows string titles as text. The globals are the
   ones pyvis's own page defines, so pyvis's utils.js (neighbourhood highlight, select and
   filter menus) works as it does there. window.foipReady turns true after the first draw. */
var network, nodes, edges, allNodes, allEdges, nodeColors, data, options;
var highlightActive = false, filterActive = false;
var filter = { item: "", property: "", value: [] };

(function () {
  "use strict";
  var spec = JSON.parse(document.getElementById("network-data").textContent);
  var holder = document.getElementById("mynetwork");
  holder.style.width = spec.width;
  holder.style.height = spec.height;
  holder.style.backgroundColor = spec.bgcolor;

  function element(tag, attributes, text) {
    var el = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { el.setAttribute(name, attributes[name]); });
    if (text !== undefined) el.textContent = text;
    return el;
  }
  function choice(value, text) { return element("option", { value: value }, text); }
  function button(text, action) {
    var b = element("button", { type: "button" }, text);
    b.addEventListener("click", action);
    return b;
  }

  if (spec.dot !== null) {
    var parsed = vis.network.convertDot(spec.dot);
    data = { nodes: parsed.nodes, edges: parsed.edges };
    options = parsed.options;
    options.nodes = { shape: "dot" };
  } else {
    nodes = new vis.DataSet(spec.nodes);
    edges = new vis.DataSet(spec.edges);
    nodeColors = {};
    allNodes = nodes.get({ returnType: "Object" });
    Object.keys(allNodes).forEach(function (id) { nodeColors[id] = allNodes[id].color; });
    allEdges = edges.get({ returnType: "Object" });
    data = { nodes: nodes, edges: edges };
    options = spec.options;
  }
  var config = document.getElementById("config");
  if (spec.configure) {
    options.configure = options.configure || {};
    options.configure.container = config;
  } else {
    config.remove();
  }

  var menus = document.getElementById("menus");
  if (spec.selectMenu && nodes) selectMenu();
  if (spec.filterMenu && nodes) filterMenu();

  network = new vis.Network(holder, data, options);
  network.once("afterDrawing", function () { window.foipReady = true; });
  if (spec.neighborhoodHighlight) network.on("click", neighbourhoodHighlight);
  if (spec.selectMenu) network.on("selectNode", neighbourhoodHighlight);
  if (spec.physics && spec.nodes.length > 100) progress();

  /* A node to highlight with its neighbourhood, found by label or id (pyvis's select_menu). */
  function selectMenu() {
    var bar = element("div", { id: "select-menu", "class": "menu" });
    var select = element("select", { id: "select-node", "aria-label": "Select a node" });
    var ids = {};
    select.appendChild(choice("", "Select a node"));
    spec.nodes.forEach(function (n) {
      ids[String(n.id)] = n.id;
      select.appendChild(choice(String(n.id), n.label === undefined ? String(n.id) : String(n.label)));
    });
    bar.append(select, button("Reset selection", function () {
      control.clear(true);
      neighbourhoodHighlight({ nodes: [] });
    }));
    menus.appendChild(bar);
    var control = new TomSelect(select, { create: false, sortField: { field: "text", direction: "asc" },
      onChange: function (value) { if (value !== "") selectNode([ids[value]]); } });
  }

  /* Nodes picked by the value of one of their (or their edges') properties (pyvis's filter_menu). */
  function filterMenu() {
    var bar = element("div", { id: "filter-menu", "class": "menu" });
    var item = element("select", { id: "select-item", "aria-label": "Nodes or edges" });
    var property = element("select", { id: "select-property", "aria-label": "Property" });
    var value = element("select", { id: "select-value", "aria-label": "Values", multiple: "" });
    item.append(choice("", "Select a network item"), choice("edge", "edge"), choice("node", "node"));
    property.appendChild(choice("", "Select a property"));
    bar.append(item, property, value,
               button("Filter", function () { highlightFilter(filter); }),
               button("Reset selection", function () { clearFilter(true); }));
    menus.appendChild(bar);
    var sorted = { create: false, sortField: { field: "text", direction: "asc" } };
    var picked = { valueField: "id", labelField: "title", searchField: "title" };
    var values = new TomSelect(value, Object.assign({ maxItems: null, onItemAdd: function (v) {
      filter.value.push(v);
    } }, picked, sorted));
    var properties = new TomSelect(property, Object.assign({ onItemAdd: function (name) {
      values.clear();
      values.clearOptions();
      filter.value = [];
      filter.property = name;
      var all = filter.item === "node" ? allNodes : allEdges;
      Object.keys(all).forEach(function (id) {
        var v = all[id][name];
        if (v !== undefined) values.addOption({ id: String(v), title: String(v) });
      });
    } }, picked, sorted));
    var items = new TomSelect(item, Object.assign({ onItemAdd: function (kind) {
      clearFilter(false);
      filter.item = kind;
      var all = kind === "node" ? allNodes : allEdges;
      Object.keys(all).forEach(function (id) {
        Object.keys(all[id]).forEach(function (name) {
          if (name !== "hidden" && name !== "savedLabel" && name !== "hiddenLabel") {
            properties.addOption({ id: name, title: name });
          }
        });
      });
    } }, sorted));
    function clearFilter(reset) {
      properties.clear();
      properties.clearOptions();
      values.clear();
      values.clearOptions();
      filter = { item: "", property: "", value: [] };
      if (reset) {
        items.clear(true);
        filterHighlight({ nodes: [] });
      }
    }
  }

  /* How far the physics has got, for a big graph laid out in the browser. */
  function progress() {
    var line = document.getElementById("progress");
    line.hidden = false;
    line.textContent = "Laying out the graph…";
    network.on("stabilizationProgress", function (p) {
      line.textContent = "Laying out the graph: " + Math.round(100 * p.iterations / p.total) + "%";
    });
    network.once("stabilizationIterationsDone", function () { line.hidden = true; });
  }
})();
