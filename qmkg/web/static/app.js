// Autocompletion of the query forms: each parameter's <datalist> is filled from /api/labels?type=…
(function () {
  "use strict";
  var inputs = document.querySelectorAll("input[data-label-type]");
  var loaded = {};
  inputs.forEach(function (input) {
    var type = input.getAttribute("data-label-type");
    var list = document.getElementById(input.getAttribute("list"));
    var fill = function (items) {
      var frag = document.createDocumentFragment();
      items.forEach(function (item) {
        var opt = document.createElement("option");
        opt.value = item.label;  // text, never markup
        frag.appendChild(opt);
      });
      list.replaceChildren(frag);
      input.setAttribute("data-labels", String(items.length));
    };
    if (!loaded[type]) {
      loaded[type] = fetch("/api/labels?type=" + encodeURIComponent(type)).then(function (r) { return r.json(); });
    }
    loaded[type].then(fill);
  });
})();
