(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("qmkg-data").textContent);
  function tip(text) {
    var el = document.createElement("div");
    el.textContent = text;  // text, never HTML: labels and activity texts come from the notice
    return el;
  }
  function withTip(item) { var c = Object.assign({}, item); c.title = tip(item.title); return c; }
  var nodes = new vis.DataSet(data.nodes.map(withTip));
  var edges = new vis.DataSet(data.edges.map(withTip));
  var network = new vis.Network(document.getElementById("network"), {nodes: nodes, edges: edges}, data.options);
  var state = {stable: false, highlighted: null};
  window.qmkg = {network: network, nodes: nodes, edges: edges, state: state};

  // Let the layout settle, then stop the physics so the drawing holds still.
  function freeze() {
    if (state.stable) { return; }
    state.stable = true;
    network.setOptions({physics: false});
    network.fit();
    document.body.dataset.stable = "true";
  }
  network.on("stabilizationIterationsDone", freeze);
  network.once("stabilized", freeze);
  if (data.nodes.length === 0) { freeze(); }

  // Neighbourhood highlighting: a node and its neighbours keep their colours, the rest fade.
  var DIM = "rgba(200,200,200,0.35)", DIM_FONT = "rgba(120,120,120,0.35)";
  function highlight(id) {
    var keep = new Set(network.getConnectedNodes(id));
    keep.add(id);
    nodes.update(data.nodes.map(function (n) {
      return keep.has(n.id) ? {id: n.id, color: n.color, font: {color: "#222222"}}
                            : {id: n.id, color: DIM, font: {color: DIM_FONT}};
    }));
    edges.update(data.edges.map(function (e) {
      var on = e.from === id || e.to === id;
      return {id: e.id, color: on ? {color: "#555555"} : {color: DIM}};
    }));
    state.highlighted = id;
  }
  function reset() {
    nodes.update(data.nodes.map(function (n) { return {id: n.id, color: n.color, font: {color: "#222222"}}; }));
    edges.update(data.edges.map(function (e) { return {id: e.id, color: {color: "#a8a8a8"}}; }));
    state.highlighted = null;
  }
  network.on("click", function (p) { if (p.nodes.length) { highlight(p.nodes[0]); } else { reset(); } });

  // Search by zh or en label: exact first, then the first label containing the text.
  var box = document.getElementById("search"), status = document.getElementById("search-status");
  function find(q) {
    q = q.trim().toLowerCase();
    if (!q) { return null; }
    var exact = data.nodes.filter(function (n) { return n.label.toLowerCase() === q || n.label_en.toLowerCase() === q; });
    if (exact.length) { return exact[0]; }
    var part = data.nodes.filter(function (n) {
      return n.label.toLowerCase().indexOf(q) >= 0 || n.label_en.toLowerCase().indexOf(q) >= 0;
    });
    return part.length ? part[0] : null;
  }
  function search() {
    var n = find(box.value);
    if (!box.value.trim()) { status.textContent = ""; reset(); return; }
    if (!n) { status.textContent = {{ labels.page.no_match | both | script_json }}; return; }
    status.textContent = "";
    network.selectNodes([n.id]);
    highlight(n.id);
    network.focus(n.id, {scale: 1.2, animation: {duration: 400}});
  }
  box.addEventListener("change", search);
  box.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { search(); } });
  document.getElementById("reset").addEventListener("click", function () {
    box.value = ""; status.textContent = ""; network.unselectAll(); reset(); network.fit();
  });
})();
