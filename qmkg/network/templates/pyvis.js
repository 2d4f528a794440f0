(function () {
  "use strict";
  function read(id) { return JSON.parse(document.getElementById(id).textContent); }
  var options = read("qmkg-options");
  var nodes = new vis.DataSet(read("qmkg-nodes"));
  var edges = new vis.DataSet(read("qmkg-edges"));
  var network = new vis.Network(document.getElementById("mynetwork"), {nodes: nodes, edges: edges}, options);
  var state = {stable: false};
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
  if (nodes.length === 0 || (options.physics && options.physics.enabled === false)) { freeze(); }
})();
